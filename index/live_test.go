package index

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/reportbot/reportbot/corpus"
)

// TestLiveLexiconOutlivesSwap holds on to a live index's lexicon across a
// swap, as a question being analysed does: the lexicon must read the new
// index (the old one's files are closed), and nothing once the live
// index is closed.
func TestLiveLexiconOutlivesSwap(t *testing.T) {
	build := func(id, text string) *Index {
		r, err := corpus.Parse(id, text)
		if err != nil {
			t.Fatal(err)
		}
		path := t.TempDir() + "/ix"
		ix, err := Build(context.Background(), path, []*corpus.Report{r}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
		if ix, err = Open(path); err != nil {
			t.Fatal(err)
		}
		return ix
	}
	live := NewLive(build("a", "报告\n\n全省工会会员增加。\n"))
	lex := live.Lexicon()
	if got := lex.Homophones("公会"); !slices.Equal(got, []string{"工会"}) {
		t.Errorf("before the swap, Homophones(公会) = %q", got)
	}
	if err := live.Swap(build("b", "报告\n\n劳动模范评选结束。\n")); err != nil {
		t.Fatal(err)
	}
	if got := lex.Homophones("公会"); got != nil {
		t.Errorf("after the swap, Homophones(公会) = %q, from the closed index", got)
	}
	if got := lex.Expansions("劳模"); !slices.Equal(got, []string{"劳动模范"}) {
		t.Errorf("after the swap, Expansions(劳模) = %q", got)
	}
	live.Close()
	if got := lex.Expansions("劳模"); got != nil {
		t.Errorf("after Close, Expansions(劳模) = %q", got)
	}
	if _, err := live.DocCount(); !errors.Is(err, ErrClosed) {
		t.Errorf("DocCount after Close: %v", err)
	}
}

// TestLiveSwapAfterClose: a swap after Close (a reindex finishing as
// the store closes) is refused, the Live stays closed, and the index it
// was handed is closed rather than left open with no owner.
func TestLiveSwapAfterClose(t *testing.T) {
	r, err := corpus.Parse("a", "报告\n\n全省工会会员增加。\n")
	if err != nil {
		t.Fatal(err)
	}
	build := func() *Index {
		ix, err := Build(context.Background(), t.TempDir()+"/ix", []*corpus.Report{r}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	live := NewLive(build())
	if err := live.Close(); err != nil {
		t.Fatal(err)
	}
	ix := build()
	if err := live.Swap(ix); !errors.Is(err, ErrClosed) {
		t.Errorf("Swap after Close: %v, want ErrClosed", err)
	}
	if _, err := live.DocCount(); !errors.Is(err, ErrClosed) {
		t.Errorf("DocCount after Close and Swap: %v, want ErrClosed", err)
	}
	if _, err := ix.current.bi.DocCount(); err == nil {
		t.Error("the index handed to Swap after Close is still open")
	}
}
