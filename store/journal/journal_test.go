package journal

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if _, ok, err := Read(dir); ok || err != nil {
		t.Fatalf("empty dir: ok %v, err %v", ok, err)
	}
	rec := Record{Op: OpAdd, State: StateIntent, ID: "r", Staged: ".new-r-1", Aside: "r.old", PrevGen: "gen-1"}
	if err := Write(dir, rec); err != nil {
		t.Fatal(err)
	}
	rec.State = StateCommit
	if err := Write(dir, rec); err != nil {
		t.Fatal(err)
	}
	got, ok, err := Read(dir)
	if err != nil || !ok || got != rec {
		t.Fatalf("Read = %+v %v %v, want %+v", got, ok, err, rec)
	}
	if err := Clear(dir); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := Read(dir); ok {
		t.Error("record left after Clear")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("leftovers: %v", entries)
	}
}

func TestReadCorrupt(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, FileName), []byte("{half"), 0o644)
	if _, _, err := Read(dir); !errors.Is(err, ErrNotARecord) {
		t.Errorf("corrupt journal read: %v, want ErrNotARecord", err)
	}
	// A journal that cannot be read is no corrupt one: it may hold a
	// change to finish.
	unreadable := t.TempDir()
	if err := os.Mkdir(filepath.Join(unreadable, FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Read(unreadable); err == nil || errors.Is(err, ErrNotARecord) {
		t.Errorf("unreadable journal read: %v, want an error other than ErrNotARecord", err)
	}
}
