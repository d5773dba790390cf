package answer

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/reportbot/reportbot/index"
)

// failingSearch is a Searcher whose Search fails from its limit'th call
// on (-1: never).
type failingSearch struct {
	Searcher
	calls, limit atomic.Int64
}

func (f *failingSearch) Search(ctx context.Context, terms []index.WeightedTerm, size int) ([]index.Hit, error) {
	if n := f.calls.Add(1); f.limit.Load() >= 0 && n > f.limit.Load() {
		return nil, errIndexFailing
	}
	return f.Searcher.Search(ctx, terms, size)
}

// TestAnswerable: the questions the reports answer are kept in their
// order and the others dropped; an engine that fails keeps the question
// it failed on and those after it, unchecked, and says why.
func TestAnswerable(t *testing.T) {
	ctx := context.Background()
	base := mustEngine(t)
	const (
		members = "工会会员有多少人?"
		rain    = "明天上海会下雨吗?" // not in the report
		cards   = "会员卡发出去多少张?"
	)
	questions := []string{members, rain, cards}
	got, err := base.Answerable(ctx, questions)
	if want := []string{members, cards}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("Answerable(%q) = %q, %v; want %q", questions, got, err, want)
	}
	if got, err := base.Answerable(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no questions: %q, %v", got, err)
	}

	// How many searches asking the first question takes.
	ix := &failingSearch{Searcher: base.ix}
	ix.limit.Store(-1)
	e := *base
	e.ix = ix
	if _, err := e.Ask(ctx, members); err != nil {
		t.Fatal(err)
	}
	k := ix.calls.Load()

	// The index fails from the second question on: the first answered,
	// the rest as given, the unanswered one too.
	ix.calls.Store(0)
	ix.limit.Store(k)
	got, err = e.Answerable(ctx, questions)
	if want := []string{members, rain, cards}; !errors.Is(err, errIndexFailing) || !slices.Equal(got, want) {
		t.Errorf("failing from the second question: %q, %v; want %q and %v", got, err, want, errIndexFailing)
	}
	// It fails from the first: all as given, in a slice of their own.
	ix.calls.Store(0)
	ix.limit.Store(0)
	got, err = e.Answerable(ctx, questions)
	if !errors.Is(err, errIndexFailing) || !slices.Equal(got, questions) {
		t.Errorf("failing from the first question: %q, %v; want %q", got, err, questions)
	}
	if len(got) > 0 && &got[0] == &questions[0] {
		t.Error("Answerable returned the questions' own slice")
	}
}
