package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store/dirlock"
	"github.com/reportbot/reportbot/store/journal"
)

func ask(t *testing.T, st *Store, q string) answer.Answer {
	t.Helper()
	eng := answer.New(st.Searcher())
	eng.AdminSynonyms = st
	a, err := eng.Ask(context.Background(), q)
	if err != nil {
		t.Fatalf("ask %q: %v", q, err)
	}
	return a
}

func generations(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, indexDir))
	if err != nil {
		t.Fatal(err)
	}
	var gens []string
	for _, e := range entries {
		if e.IsDir() {
			gens = append(gens, e.Name())
		}
	}
	return gens
}

func TestFirstStartIndexesTheEmbeddedReport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	metas, err := st.Reports()
	if err != nil || len(metas) != 1 || metas[0].ID != corpus.DefaultReportID || metas[0].Passages == 0 || metas[0].Figures == 0 {
		t.Fatalf("reports = %+v, %v", metas, err)
	}
	if a := ask(t, st, "会员卡发出去多少张?"); !a.Found || a.Figure == nil || a.Figure.Text != "281.59万张" {
		t.Errorf("answer %+v", a)
	}
	gen := generations(t, dir)
	st.Close()

	// A restart opens the same generation instead of rebuilding, and
	// removes what an interrupted build left behind.
	if err := os.MkdirAll(filepath.Join(dir, indexDir, genPrefix+"999-half-built"), 0o755); err != nil {
		t.Fatal(err)
	}
	st, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got := generations(t, dir); len(got) != 1 || got[0] != gen[0] {
		t.Errorf("generations after restart = %v, want %v", got, gen)
	}
	if a := ask(t, st, "会员卡发出去多少张?"); !a.Found {
		t.Error("no answer after restart")
	}
}

func TestFailedBuildKeepsTheOldIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := generations(t, dir)
	boom := errors.New("disk full")
	st.failBuild = func(done int) error {
		if done >= 20 {
			return boom
		}
		return nil
	}
	if _, err := st.Reindex(ctx, nil); !errors.Is(err, boom) {
		t.Fatalf("reindex error = %v, want %v", err, boom)
	}
	if a := ask(t, st, "工会会员有多少人"); !a.Found || a.Figure == nil || a.Figure.Text != "693.96万人" {
		t.Errorf("old index stopped answering: %+v", a)
	}
	if got := generations(t, dir); len(got) != 1 || got[0] != before[0] {
		t.Errorf("generations after a failed build = %v, want %v", got, before)
	}
	st.Close()
	st, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if a := ask(t, st, "工会会员有多少人"); !a.Found {
		t.Error("no answer after restart")
	}
}

func TestOneReindexAtATime(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	started := make(chan struct{})
	release := make(chan struct{})
	st.failBuild = func(done int) error {
		if done == 10 {
			close(started)
			<-release
		}
		return nil
	}
	done := make(chan error)
	go func() {
		_, err := st.Reindex(ctx, nil)
		done <- err
	}()
	<-started
	if _, err := st.Reindex(ctx, nil); !errors.Is(err, ErrBusy) {
		t.Errorf("second reindex error = %v, want ErrBusy", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// openedOnce is a data directory a store was opened on and closed: the
// embedded report and its index, as a first start leaves them.
func openedOnce(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	st, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	return dir
}

func TestIndexOfAnotherAnalyzerIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := openedOnce(t)
	before := generations(t, dir)
	// As if an older binary, with another dictionary, had built the index.
	if err := os.WriteFile(filepath.Join(dir, indexDir, currentFile), []byte(before[0]+" zh_gse-olddictionary\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if after := generations(t, dir); len(after) != 1 || after[0] == before[0] {
		t.Errorf("generations %v → %v: the index was not rebuilt", before, after)
	}
	if a := ask(t, st, "会员卡发出去多少张?"); !a.Found {
		t.Error("no answer after the rebuild")
	}
}

// TestReaderKeepsAnotherAnalyzersIndex: the analyzer an index is built
// with is the deployment's choice (REPORTBOT_ANALYZER=cjk), not damage: a
// reader opened with another one fails with an *AnalyzerError naming both
// and leaves the live index as it is, where before it took the free lock
// and rebuilt it with its own. A writer still rebuilds it.
func TestReaderKeepsAnotherAnalyzersIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{Analyzer: index.AnalyzerCJK})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	before := generations(t, dir)
	_, err = Open(ctx, dir, Options{Analyzer: index.AnalyzerGse, ReadOnly: true})
	var ae *AnalyzerError
	if !errors.As(err, &ae) || ae.Built != index.AnalyzerCJK || ae.Want != index.AnalyzerGse {
		t.Errorf("reader with zh_gse on a cjk index: %v", err)
	}
	if after := generations(t, dir); !slices.Equal(after, before) {
		t.Errorf("generations %v → %v: the reader rebuilt the index", before, after)
	}
	st, err = Open(ctx, dir, Options{Analyzer: index.AnalyzerGse})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if after := generations(t, dir); len(after) != 1 || after[0] == before[0] {
		t.Errorf("generations %v → %v: the writer did not rebuild the index", before, after)
	}
}

// TestKeepAnalyzer: a store opened with KeepAnalyzer on a directory
// whose index another analyzer built opens that index, and its changes
// rebuild with that analyzer, not with Options.Analyzer; a new directory
// gets Options.Analyzer.
func TestKeepAnalyzer(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{Analyzer: index.AnalyzerCJK})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	before := generations(t, dir)
	builtWith := func() string {
		t.Helper()
		_, fp := (&Store{dir: dir}).current()
		return index.FingerprintAnalyzer(fp)
	}
	st, err = Open(ctx, dir, Options{Analyzer: index.AnalyzerGse, KeepAnalyzer: true})
	if err != nil {
		t.Fatal(err)
	}
	if after := generations(t, dir); !slices.Equal(after, before) {
		t.Errorf("generations %v → %v: opening rebuilt the index", before, after)
	}
	if _, err := st.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Add(ctx, "mine.txt", []byte("我的报告\n\n一、总体\n\n今年职工人数达到12万人。\n"), AddOptions{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if got := builtWith(); got != index.AnalyzerCJK {
		t.Errorf("after a reindex and an add, the index is built with %q, want %q", got, index.AnalyzerCJK)
	}
	r, err := Open(ctx, dir, Options{Analyzer: index.AnalyzerGse, KeepAnalyzer: true, ReadOnly: true})
	if err != nil {
		t.Fatalf("reader keeping the analyzer: %v", err)
	}
	r.Close()

	fresh := t.TempDir()
	st, err = Open(ctx, fresh, Options{Analyzer: index.AnalyzerCJK, KeepAnalyzer: true})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, fp := (&Store{dir: fresh}).current(); index.FingerprintAnalyzer(fp) != index.AnalyzerCJK {
		t.Errorf("a new directory's index: fingerprint %q, want the cjk analyzer's", fp)
	}
}

// TestUnreadableReportIsAnError: a report folder this user cannot read
// (another user wrote it) fails Reports, where it was skipped as a folder
// being written, and left out of the list and the next index.
func TestUnreadableReportIsAnError(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file (cmd/reportbot's TestRootCLIOnServiceUsersDir runs this as another user)")
	}
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	folder := filepath.Join(dir, reportsDir, corpus.DefaultReportID)
	if err := os.Chmod(folder, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(folder, 0o755)
	if _, err := st.Reports(); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Reports with an unreadable report: %v, want a permission error", err)
	}
}

// TestIndexNotMatchingTheReportsIsRebuilt changes a stored report behind
// the index's back: the next writer rebuilds the index, a reader on a
// directory it cannot lock answers and reports the mismatch.
func TestIndexNotMatchingTheReportsIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Add(ctx, "plan-2024.txt", []byte(planText), AddOptions{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	before := generations(t, dir)
	text := filepath.Join(dir, reportsDir, "plan-2024", textFile)
	b, _ := os.ReadFile(text)
	if err := os.WriteFile(text, []byte(strings.Replace(string(b), "320个", "450个", 1)), 0o644); err != nil {
		t.Fatal(err)
	}

	// While another process holds the lock, a reader answers from the
	// index as it is and repairs nothing.
	other, err := dirlock.Acquire(ctx, dir, "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(ctx, dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if a := ask(t, r, "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "320个" {
		t.Errorf("reader beside a writer: %+v", a.Figure)
	}
	if _, err := r.Reindex(ctx, nil); !errors.Is(err, ErrReadOnly) {
		t.Errorf("reindex of a read-only store: %v, want ErrReadOnly", err)
	}
	r.Close()
	other.Release()

	st, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if after := generations(t, dir); len(after) != 1 || after[0] == before[0] {
		t.Errorf("generations %v → %v: the index was not rebuilt", before, after)
	}
	if a := ask(t, st, "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "450个" {
		t.Errorf("after the rebuild: %+v", a.Figure)
	}
}

// A copy an earlier change set aside and never deleted (its deletion
// failed, say) is no version to roll back to: a later replace that fails
// puts back the live version, not that copy, and one that succeeds goes
// live. Removing the only report is refused with ErrLastReport.
func TestStaleAsideCopyIsNotRestored(t *testing.T) {
	ctx := context.Background()
	st, stale, report := replacedPlan(t)
	// The old version left aside, as a failed deletion left it.
	if err := os.CopyFS(report+asideSuffix, os.DirFS(stale)); err != nil {
		t.Fatal(err)
	}
	failReplace(t, st)
	if a := ask(t, st, "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "450个" {
		t.Errorf("after a failed replace: %+v, want the live 450个", a.Figure)
	}
	if _, err := st.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if a := ask(t, st, "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "450个" {
		t.Errorf("stored version after a failed replace: %+v, want 450个", a.Figure)
	}
	if _, _, err := st.Add(ctx, "plan-2024.txt", []byte(strings.Replace(planText, "320个", "510个", 1)), AddOptions{Replace: true}); err != nil {
		t.Fatalf("replace: %v", err)
	}
	if a := ask(t, st, "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "510个" {
		t.Errorf("after the replace: %+v, want 510个", a.Figure)
	}
	if _, err := st.Remove(ctx, "plan-2024"); err != nil {
		t.Fatal(err)
	}
	metas, _ := st.Reports()
	if len(metas) != 1 {
		t.Fatalf("reports: %+v", metas)
	}
	if _, err := st.Remove(ctx, metas[0].ID); !errors.Is(err, ErrLastReport) {
		t.Errorf("removing the only report: %v, want ErrLastReport", err)
	}
}

// unfinishedRollback leaves the state a failed rollback of a replace of
// plan-2024 leaves: the live version (report) set aside, the version that
// never went live (v1) in its place, and the journal at intent.
func unfinishedRollback(t *testing.T, st *Store, v1, report string) {
	t.Helper()
	if err := os.Rename(report, report+asideSuffix); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(report, os.DirFS(v1)); err != nil {
		t.Fatal(err)
	}
	gen, _ := st.current()
	if err := journal.Write(st.dir, journal.Record{Op: journal.OpAdd, State: journal.StateIntent, ID: "plan-2024", Aside: "plan-2024" + asideSuffix, PrevGen: gen}); err != nil {
		t.Fatal(err)
	}
}

// A change whose rollback failed is still in the journal, with the live
// version set aside and a version that never went live in its place. A
// next change finishes it first, as a start after a crash would: the live
// version is put back, and a failure of the next change keeps it.
func TestUnfinishedRollbackIsFinishedFirst(t *testing.T) {
	st, v1, report := replacedPlan(t)
	// The live version (450个) aside, the one that never went live
	// (320个) in its place, the journal at intent.
	unfinishedRollback(t, st, v1, report)
	failReplace(t, st)
	if _, err := st.Reindex(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if a := ask(t, st, "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "450个" {
		t.Errorf("stored version: %+v, want the live 450个", a.Figure)
	}
	if l := st.leftover(); l != "" {
		t.Errorf("left over: %s", l)
	}
}

// TestReindexFinishesAnUnfinishedRollback: a plain reindex, and a
// re-extraction with nothing to extract, over a change whose rollback
// failed (the live version aside, the journal at intent) finish that
// change first: moving CURRENT on over it made the next start roll it
// forward and delete the only copy of the live version.
func TestReindexFinishesAnUnfinishedRollback(t *testing.T) {
	for _, tc := range []struct {
		name    string
		reindex func(*Store) error
	}{
		{"reindex", func(st *Store) error { _, err := st.Reindex(context.Background(), nil); return err }},
		{"reextract", func(st *Store) error { _, err := st.ReextractAll(context.Background(), nil); return err }},
		// The version in place, never live, due for extraction anew: it
		// was extracted and installed over the live one.
		{"reextract due", func(st *Store) error { _, err := st.ReextractAll(context.Background(), nil); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, v1, report := replacedPlan(t)
			if err := os.Rename(report, report+asideSuffix); err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(report, os.DirFS(v1)); err != nil {
				t.Fatal(err)
			}
			if tc.name == "reextract due" {
				markExtractedBy(t, report, "an older version")
			}
			gen, _ := st.current()
			if err := journal.Write(st.dir, journal.Record{Op: journal.OpAdd, State: journal.StateIntent, ID: "plan-2024", Aside: "plan-2024" + asideSuffix, PrevGen: gen}); err != nil {
				t.Fatal(err)
			}
			if err := tc.reindex(st); err != nil {
				t.Fatal(err)
			}
			again := restarted(t, st)
			if a := ask(t, again, "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "450个" {
				t.Errorf("after a restart: %+v, want the live 450个", a.Figure)
			}
			if metas, _ := again.Reports(); len(metas) != 2 {
				t.Errorf("reports after a restart: %+v", metas)
			}
		})
	}
}

// TestCurrentUnsyncedStaysLive: when CURRENT is renamed into place and
// only the sync of its folder fails, the index it names is live: the
// reindex keeps it (it deleted it, leaving CURRENT naming nothing), and
// a replace goes through.
func TestCurrentUnsyncedStaysLive(t *testing.T) {
	st, _ := withPlan(t)
	st.writeCurrent = func(path string, data []byte) error {
		if err := journal.WriteFileAtomic(path, data); err != nil {
			return err
		}
		return fmt.Errorf("%w: %w", journal.ErrUnsynced, errors.New("sync data/index: input/output error"))
	}
	v2 := strings.Replace(planText, "320个", "450个", 1)
	if _, _, err := st.Add(context.Background(), "plan-2024.txt", []byte(v2), AddOptions{Replace: true}); err != nil {
		t.Fatalf("replace: %v", err)
	}
	st.writeCurrent = nil
	gen, _ := st.current()
	if _, err := os.Stat(filepath.Join(st.dir, indexDir, gen)); err != nil {
		t.Fatalf("the index CURRENT names: %v", err)
	}
	if a := ask(t, restarted(t, st), "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "450个" {
		t.Errorf("after a restart: %+v, want the new 450个", a.Figure)
	}
}

// TestUnreadableJournalIsKept: a journal that cannot be read (here a
// folder in its place) may record a change to finish: Open fails and
// keeps it, where it used to clear it as it clears a corrupt one.
func TestUnreadableJournalIsKept(t *testing.T) {
	st, _ := withPlan(t)
	dir := st.dir
	st.Close()
	if err := os.Mkdir(filepath.Join(dir, journal.FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	if again, err := Open(context.Background(), dir, Options{}); err == nil {
		again.Close()
		t.Fatal("opened over an unreadable journal")
	}
	if fi, err := os.Stat(filepath.Join(dir, journal.FileName)); err != nil || !fi.IsDir() {
		t.Errorf("the unreadable journal was not kept: %v", err)
	}
}

// TestUnreadableCurrentDeletesNoIndex: a start that cannot read CURRENT
// (here a folder in its place) does not know which generation is live; it
// deleted them all, the live one too, before rebuilding. It fails and
// keeps them.
func TestUnreadableCurrentDeletesNoIndex(t *testing.T) {
	ctx := context.Background()
	dir := openedOnce(t)
	before := generations(t, dir)
	current := filepath.Join(dir, indexDir, currentFile)
	if err := os.Remove(current); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(current, 0o755); err != nil {
		t.Fatal(err)
	}
	if st, err := Open(ctx, dir, Options{}); err == nil {
		st.Close()
		t.Fatal("Open with an unreadable CURRENT: no error")
	}
	after := slices.DeleteFunc(generations(t, dir), func(g string) bool { return g == currentFile })
	if !slices.Equal(after, before) {
		t.Errorf("generations %v → %v: an index was deleted", before, after)
	}
}

// TestUnreadableCurrentRollsNothing: a change whose rollback failed (the
// live version aside, one that never went live in its place) is not
// finished while CURRENT cannot be read (here a folder in its place): an
// unread CURRENT named no index, unlike the change's, so the change was
// rolled forward and the only copy of the live version deleted.
func TestUnreadableCurrentRollsNothing(t *testing.T) {
	st, v1, report := replacedPlan(t)
	unfinishedRollback(t, st, v1, report)
	current := filepath.Join(st.dir, indexDir, currentFile)
	b, err := os.ReadFile(current)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(current); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(current, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Reindex(context.Background(), nil); err == nil {
		t.Error("reindexed over an unreadable CURRENT")
	}
	if _, err := st.Remove(context.Background(), corpus.DefaultReportID); err == nil {
		t.Error("removed a report over an unreadable CURRENT")
	}
	if _, err := os.Stat(report + asideSuffix); err != nil {
		t.Fatalf("the live version set aside: %v", err)
	}
	// CURRENT readable again, the next start rolls the change back.
	if err := os.Remove(current); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(current, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if a := ask(t, restarted(t, st), "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "450个" {
		t.Errorf("after a restart: %+v, want the live 450个", a.Figure)
	}
}

// TestRemovalSyncedBeforeTheJournalGoes: a removed report's folder,
// set aside, is deleted on disk (its folder synced) before the journal
// is cleared. Cleared first, a power loss could bring the folder back
// with no journal, and the next start put the removed report back.
func TestRemovalSyncedBeforeTheJournalGoes(t *testing.T) {
	st, m := withPlan(t)
	aside := filepath.Join(st.dir, reportsDir, m.ID+asideSuffix)
	synced := false // the aside copy gone and the journal still there
	st.syncDir = func(dir string) error {
		_, asideErr := os.Stat(aside)
		_, journalErr := os.Stat(filepath.Join(st.dir, journal.FileName))
		synced = synced || errors.Is(asideErr, fs.ErrNotExist) && journalErr == nil
		return journal.SyncDir(dir)
	}
	if _, err := st.Remove(context.Background(), m.ID); err != nil {
		t.Fatal(err)
	}
	if !synced {
		t.Error("the journal was cleared before the removal of the copy set aside was synced")
	}
}

// TestJournalWithoutIDIsIgnored: a journal naming no report (not one
// the store writes) is ignored as one naming a path outside reports/ is:
// its "" named reports/ itself, which its rollback deleted whole.
func TestJournalWithoutIDIsIgnored(t *testing.T) {
	st, m := withPlan(t)
	gen, _ := st.current()
	if err := journal.Write(st.dir, journal.Record{Op: journal.OpRemove, State: journal.StateIntent, Aside: m.ID, PrevGen: gen}); err != nil {
		t.Fatal(err)
	}
	again := restarted(t, st)
	if metas, err := again.Reports(); err != nil || len(metas) != 2 {
		t.Errorf("reports after the start: %+v, %v; want both", metas, err)
	}
	if len(again.Problems()) == 0 {
		t.Error("the journal was ignored silently")
	}
}

// replacedPlan is a store with the plan report (withPlan) replaced by a
// version counting 450个 驿站: it returns a copy of the replaced
// version's folder (320个) and the path of the report's folder.
func replacedPlan(t *testing.T) (st *Store, replaced, report string) {
	t.Helper()
	st, _ = withPlan(t)
	report = filepath.Join(st.dir, reportsDir, "plan-2024")
	replaced = filepath.Join(t.TempDir(), "v1")
	if err := os.CopyFS(replaced, os.DirFS(report)); err != nil {
		t.Fatal(err)
	}
	v2 := strings.Replace(planText, "320个", "450个", 1)
	if _, _, err := st.Add(context.Background(), "plan-2024.txt", []byte(v2), AddOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	return st, replaced, report
}

// failReplace replaces the plan report by a version counting 510个 驿站
// whose index build fails: the replace must fail with its build's error.
func failReplace(t *testing.T, st *Store) {
	t.Helper()
	boom := errors.New("disk full")
	st.failBuild = func(done int) error { return boom }
	defer func() { st.failBuild = nil }()
	v3 := strings.Replace(planText, "320个", "510个", 1)
	if _, _, err := st.Add(context.Background(), "plan-2024.txt", []byte(v3), AddOptions{Replace: true}); !errors.Is(err, boom) {
		t.Errorf("failed replace: %v", err)
	}
}

// TestFailedChangeRollsBack fails the build of an add, a replace and a
// remove: the reports, the journal and the answers are as before.
func TestFailedChangeRollsBack(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := st.Add(ctx, "plan-2024.txt", []byte(planText), AddOptions{}); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Reports()
	boom := errors.New("disk full")
	st.failBuild = func(done int) error { return boom }
	v2 := strings.Replace(planText, "320个", "450个", 1)
	if _, _, err := st.Add(ctx, "plan-2024.txt", []byte(v2), AddOptions{Replace: true}); !errors.Is(err, boom) {
		t.Errorf("replace: %v", err)
	}
	if _, _, err := st.Add(ctx, "other.txt", []byte("另一份报告\n\n全年新建职工书屋88个,配送图书两万册。\n"), AddOptions{}); !errors.Is(err, boom) {
		t.Errorf("add: %v", err)
	}
	if _, err := st.Remove(ctx, "plan-2024"); !errors.Is(err, boom) {
		t.Errorf("remove: %v", err)
	}
	st.failBuild = nil
	if after, _ := st.Reports(); !reflect.DeepEqual(before, after) {
		t.Errorf("reports %+v, want %+v", after, before)
	}
	if l := st.leftover(); l != "" {
		t.Errorf("left over: %s", l)
	}
	if a := ask(t, st, "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "320个" {
		t.Errorf("answer after the failures: %+v", a.Figure)
	}
	if m := st.checkManifest(generations(t, dir)[0]); m != "" {
		t.Errorf("store and index disagree: %s", m)
	}
}

// TestFailedRollbackIsNotUndone: a change whose build fails and whose
// rollback fails too says so (ErrNotUndone), and the next start rolls it
// back; a change rolled back whole, or cut short by its context, does
// not say it.
func TestFailedRollbackIsNotUndone(t *testing.T) {
	st, _ := withPlan(t)
	before, _ := st.Reports()
	ctx, cancel := context.WithCancel(context.Background())
	st.failBuild = func(int) error { cancel(); return ctx.Err() }
	other := []byte("另一份报告\n\n全年新建职工书屋88个,配送图书两万册。\n")
	if _, _, err := st.Add(ctx, "other.txt", other, AddOptions{}); !errors.Is(err, context.Canceled) || errors.Is(err, ErrNotUndone) {
		t.Errorf("add cut short, rolled back: %v", err)
	}
	syncs := 0
	st.syncDir = func(dir string) error {
		if syncs++; syncs > 1 { // the move's sync passes, the rollback's fails
			return errors.New("I/O error")
		}
		return journal.SyncDir(dir)
	}
	if _, _, err := st.Add(context.Background(), "other.txt", other, AddOptions{}); !errors.Is(err, ErrNotUndone) || !errors.Is(err, context.Canceled) {
		t.Errorf("add whose rollback failed: %v, want ErrNotUndone", err)
	}
	st.syncDir, st.failBuild = nil, nil
	if after, _ := restarted(t, st).Reports(); !reflect.DeepEqual(after, before) {
		t.Errorf("after the next start: %d reports, want the %d before", len(after), len(before))
	}
}

// restarted closes st and opens its data directory again, as a new
// process would; the store opened is closed when the test ends.
func restarted(t *testing.T, st *Store) *Store {
	t.Helper()
	dir := st.dir
	st.Close()
	again, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	return again
}

// markExtractedBy records in the report folder's meta.json that version
// extracted it, as an older build would have.
func markExtractedBy(t *testing.T, folder, version string) {
	t.Helper()
	name := filepath.Join(folder, metaFile)
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var meta Meta
	if err := json.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}
	meta.Extracted = version
	if b, err = json.Marshal(meta); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReaderAsksBeforeItWrites: a reader's MayRepair is asked before it
// writes the directory (the CLI refuses another user's there). Refused,
// it writes nothing: with no index it fails with the refusal, and with
// a live index beside a leftover it answers from it, the repair listed
// in Problems. While a writer holds the lock it is not asked at all:
// the writer repairs.
func TestReaderAsksBeforeItWrites(t *testing.T) {
	ctx := context.Background()
	refusal := errors.New("not yours")
	asked := 0
	refuse := Options{ReadOnly: true, MayRepair: func() error { asked++; return refusal }}

	dir := t.TempDir()
	if _, err := Open(ctx, dir, refuse); !errors.Is(err, refusal) || asked != 1 {
		t.Errorf("reader on an empty directory: %v, asked %d times", err, asked)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the refused reader wrote %d entries", len(entries))
	}

	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	leftover := filepath.Join(dir, indexDir, "gen-leftover")
	if err := os.Mkdir(leftover, 0o755); err != nil {
		t.Fatal(err)
	}
	asked = 0
	st, err = Open(ctx, dir, refuse)
	if err != nil || asked != 1 {
		t.Fatalf("reader beside a leftover: %v, asked %d times", err, asked)
	}
	if p := st.Problems(); len(p) != 1 || !strings.Contains(p[0], "not repaired: not yours") {
		t.Errorf("problems = %q", p)
	}
	if a := ask(t, st, "会员卡发出去多少张?"); !a.Found {
		t.Errorf("the refused reader does not answer from the live index: %+v", a)
	}
	st.Close()
	if _, err := os.Stat(leftover); err != nil {
		t.Errorf("the refused reader removed the leftover: %v", err)
	}

	lock, err := dirlock.Acquire(ctx, dir, "a writer", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	asked = 0
	st, err = Open(ctx, dir, refuse)
	if err != nil || asked != 0 || len(st.Problems()) != 0 {
		t.Errorf("reader beside a writer holding the lock: %v, asked %d times, problems %q", err, asked, st.Problems())
	}
	if err == nil {
		st.Close()
	}
}

// TestCloseDuringReindex: a store closed while a reindex runs (serve
// shutting down during an admin's reindex) stays closed: the swap does
// not bring its live index back to life. The new index went live on
// disk, and the next start answers from it.
func TestCloseDuringReindex(t *testing.T) {
	st, _ := withPlan(t)
	var gen string
	st.opt.Pause = func(point string) {
		if point == "after-current" {
			gen, _ = st.current()
			st.Close()
		}
	}
	if _, err := st.Reindex(context.Background(), nil); err != nil {
		t.Fatalf("reindex that went live on disk: %v", err)
	}
	if _, err := st.Searcher().DocCount(); !errors.Is(err, index.ErrClosed) {
		t.Errorf("the closed store's index after the reindex: %v, want ErrClosed", err)
	}
	again, err := Open(context.Background(), st.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if now, _ := again.current(); now != gen {
		t.Errorf("the next start's index is %s, want %s, the reindex's", now, gen)
	}
}

// TestReportWithUnreadableMetaIsAnError: a report whose meta.json is
// there and cannot be read (a disk error; here a folder in its place)
// fails the list, a reindex, an add and a remove, each changing nothing.
// It was skipped: a reindex dropped it from the index, and an add of a
// file of the same name took its ID as free and replaced it. A folder
// with no meta.json at all (half written or half removed) is still
// skipped.
func TestReportWithUnreadableMetaIsAnError(t *testing.T) {
	ctx := context.Background()
	st, m := withPlan(t)
	meta := filepath.Join(st.dir, reportsDir, m.ID, metaFile)
	if err := os.Rename(meta, meta+".bak"); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(meta, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(st.dir, reportsDir, "half-written"), 0o755); err != nil {
		t.Fatal(err)
	}
	gens := generations(t, st.dir)

	if _, err := st.Reports(); err == nil || !strings.Contains(err.Error(), meta) {
		t.Errorf("Reports: %v, want an error naming %s", err, meta)
	}
	if _, err := st.Reindex(ctx, nil); err == nil {
		t.Error("reindex left the report out")
	}
	v2 := strings.Replace(planText, "320个", "450个", 1)
	if _, _, err := st.Add(ctx, "plan-2024.txt", []byte(v2), AddOptions{}); err == nil {
		t.Error("add of a file of the same name went through")
	}
	if _, err := st.Remove(ctx, corpus.DefaultReportID); err == nil {
		t.Error("remove went through")
	}
	if now := generations(t, st.dir); !slices.Equal(now, gens) {
		t.Errorf("index generations %v → %v", gens, now)
	}
	if a := ask(t, st, "新建职工驿站多少个"); a.Figure == nil || a.Figure.Text != "320个" {
		t.Errorf("the live index answers %+v, want 320个", a.Figure)
	}

	// The disk error gone, the report is as it was.
	if err := os.Remove(meta); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(meta+".bak", meta); err != nil {
		t.Fatal(err)
	}
	metas, err := st.Reports()
	if err != nil || len(metas) != 2 || !reflect.DeepEqual(metas[1], m) {
		t.Errorf("reports after: %+v, %v; want the default report and %+v", metas, err, m)
	}
}
