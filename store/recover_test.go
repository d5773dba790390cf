package store

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/reportbot/reportbot/store/journal"
)

// TestRollBackTwice runs the rollback of a replace and of a remove at
// every stage of their folder moves, twice (as after a crash during the
// first): the old version is back each time.
func TestRollBackTwice(t *testing.T) {
	folder := func(t *testing.T, dir, name, version string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, reportsDir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, reportsDir, name, "version"), []byte(version), 0o644)
	}
	version := func(dir, name string) string {
		b, _ := os.ReadFile(filepath.Join(dir, reportsDir, name, "version"))
		return string(b)
	}
	replace := journal.Record{Op: journal.OpAdd, State: journal.StateIntent, ID: "r", Staged: ".new-r-1", Aside: "r.old"}
	add := journal.Record{Op: journal.OpAdd, State: journal.StateIntent, ID: "r", Staged: ".new-r-1"}
	remove := journal.Record{Op: journal.OpRemove, State: journal.StateIntent, ID: "r", Aside: "r.old"}
	for _, tc := range []struct {
		name    string
		rec     journal.Record
		folders map[string]string // name → version before the rollback
		want    string            // version of r after it ("" : none)
	}{
		{"replace staged", replace, map[string]string{"r": "old", ".new-r-1": "new"}, "old"},
		{"replace set aside", replace, map[string]string{"r.old": "old", ".new-r-1": "new"}, "old"},
		{"replace in place", replace, map[string]string{"r.old": "old", "r": "new"}, "old"},
		{"add staged", add, map[string]string{".new-r-1": "new"}, ""},
		{"add in place", add, map[string]string{"r": "new"}, ""},
		{"remove not yet aside", remove, map[string]string{"r": "old"}, "old"},
		{"remove aside", remove, map[string]string{"r.old": "old"}, "old"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := &Store{dir: dir}
			for name, v := range tc.folders {
				folder(t, dir, name, v)
			}
			for run := range 2 {
				if err := journal.Write(dir, tc.rec); err != nil {
					t.Fatal(err)
				}
				if err := s.rollBack(tc.rec); err != nil {
					t.Fatal(err)
				}
				if got := version(dir, "r"); got != tc.want {
					t.Errorf("run %d: r is %q, want %q", run+1, got, tc.want)
				}
				if l := s.leftover(); l != "" {
					t.Errorf("run %d: left over: %s", run+1, l)
				}
			}
		})
	}
}
