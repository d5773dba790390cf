package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An admin's synonym in the data directory takes effect at the next
// reindex, without a restart; a broken synonyms file fails the reindex
// with its line and the old index keeps answering.
func TestAdminSynonymsTakeEffectOnReindex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	const q = "饭卡发了多少张" // the report says 会员服务卡, never 饭卡
	if a := ask(t, st, q); a.Found && strings.Contains(a.Passage.Text, "281.59万张") {
		t.Fatalf("answered before any synonym: %q", a.Passage.Text)
	}
	if err := os.WriteFile(filepath.Join(dir, synonymsFile), []byte("# admin\n饭卡 => 服务卡\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if a := ask(t, st, q); a.Found && strings.Contains(a.Passage.Text, "281.59万张") {
		t.Fatal("the synonym took effect before a reindex")
	}
	if _, err := st.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if a := ask(t, st, q); !a.Found || !strings.Contains(a.Passage.Text, "281.59万张") {
		t.Fatalf("after reindex: found=%v passage=%v, want the 281.59万张 passage", a.Found, a.Passage)
	}

	// A broken file: the reindex fails naming the line, the synonym stays.
	if err := os.WriteFile(filepath.Join(dir, synonymsFile), []byte("饭卡 => 服务卡\n只有一个词\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Reindex(ctx, nil); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("reindex with a broken synonyms file: %v, want an error naming line 2", err)
	}
	if a := ask(t, st, q); !a.Found || !strings.Contains(a.Passage.Text, "281.59万张") {
		t.Fatal("a failed reindex dropped the synonyms in effect")
	}

	// And after a restart, read back from the live index.
	os.Remove(filepath.Join(dir, synonymsFile))
	st.Close()
	st, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a := ask(t, st, q); !a.Found || !strings.Contains(a.Passage.Text, "281.59万张") {
		t.Fatal("the live index's synonyms were not read back at start")
	}
}
