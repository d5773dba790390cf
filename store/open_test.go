package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
)

func ask(t *testing.T, st *Store, q string) answer.Answer {
	t.Helper()
	a, err := answer.New(st.Searcher()).Ask(context.Background(), q)
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

func TestIndexOfAnotherAnalyzerIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	before := generations(t, dir)
	// As if an older binary, with another dictionary, had built the index.
	if err := os.WriteFile(filepath.Join(dir, indexDir, currentFile), []byte(before[0]+" zh_gse-olddictionary\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err = Open(ctx, dir, Options{})
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
