package answer

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/reportbot/reportbot/index"
)

// failingTermFreqs is a Searcher whose TermFreqs fails from its limit'th
// call on (-1: never).
type failingTermFreqs struct {
	Searcher
	calls, limit atomic.Int64
}

var errIndexFailing = errors.New("index failing")

func (f *failingTermFreqs) TermFreqs(term string) (index.TermFreqs, error) {
	if n := f.calls.Add(1); f.limit.Load() >= 0 && n > f.limit.Load() {
		return index.TermFreqs{}, errIndexFailing
	}
	return f.Searcher.TermFreqs(term)
}

// An index failing while a follow-up's own words are read is an error,
// as anywhere else on that path, not a message with nothing of its own
// answered alone (which would drop the chat's context unlogged).
func TestFollowupReturnsIndexErrorReadingItsWords(t *testing.T) {
	base := mustEngine(t)
	ctx := context.Background()
	const message = "那女职工呢?"
	_, prev, err := base.Follow(ctx, nil, "全省工会会员有多少人")
	if err != nil {
		t.Fatal(err)
	}
	if a, _, err := base.Follow(ctx, prev, message); err != nil || a.Reading == nil {
		t.Fatalf("with a sound index: err %v, reading %v; want it read with the question before", err, a.Reading)
	}
	// How many TermFreqs reading the message alone takes.
	ix := &failingTermFreqs{Searcher: base.ix}
	ix.limit.Store(-1)
	e := *base
	e.ix = ix
	if _, _, err := e.read(message); err != nil {
		t.Fatal(err)
	}
	k := ix.calls.Load()
	// Now the index fails right after the message is read: on the core.
	ix.calls.Store(0)
	ix.limit.Store(k)
	a, _, err := e.Follow(ctx, prev, message)
	if err == nil {
		t.Errorf("the index failed, yet Follow returned no error (reading %v, found %v): the failure was swallowed and the follow-up answered alone", a.Reading, a.Found)
	}
}
