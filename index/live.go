package index

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by a Live index after Close.
var ErrClosed = errors.New("index is closed")

// Live is the index that answers questions now. Swap replaces it with a
// freshly built one without a pause: searches running on the old index
// finish there, new ones go to the new index, and the old one is closed
// once no search uses it.
type Live struct {
	mu     sync.RWMutex
	cur    *Index
	closed bool // by Close: nil cur is also a Live not yet given an index

	lexiconOnce sync.Once
	lexicon     *Lexicon
}

// NewLive serves ix.
func NewLive(ix *Index) *Live { return &Live{cur: ix} }

// Swap makes ix the live index and closes the one it replaces after the
// searches in flight on it have finished. After Close it fails with
// ErrClosed and closes ix: a closed Live stays closed, and nothing else
// would close ix.
func (l *Live) Swap(ix *Index) error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		if ix == nil {
			return ErrClosed
		}
		return errors.Join(ErrClosed, ix.Close())
	}
	old := l.cur
	l.cur = ix
	l.mu.Unlock()
	if old == nil {
		return nil
	}
	return old.Close()
}

// Close closes the live index; later calls fail with ErrClosed.
func (l *Live) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.cur == nil {
		return nil
	}
	err := l.cur.Close()
	l.cur = nil
	return err
}

// with runs fn on the current index, holding it open.
func (l *Live) with(fn func(ix *Index) error) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.cur == nil {
		return ErrClosed
	}
	return fn(l.cur)
}

// Analyze runs text through the live index's analyzer.
func (l *Live) Analyze(text string) (terms []Term) {
	l.with(func(ix *Index) error { terms = ix.Analyze(text); return nil })
	return terms
}

// Search searches the live index.
func (l *Live) Search(ctx context.Context, terms []WeightedTerm, size int) (hits []Hit, err error) {
	err = l.with(func(ix *Index) error { hits, err = ix.Search(ctx, terms, size); return err })
	return hits, err
}

// TermFreqs counts the live index's passages holding term, by field.
func (l *Live) TermFreqs(term string) (f TermFreqs, err error) {
	err = l.with(func(ix *Index) error { f, err = ix.TermFreqs(term); return err })
	return f, err
}

// DocCount is the number of passages in the live index.
func (l *Live) DocCount() (n int, err error) {
	err = l.with(func(ix *Index) error { n, err = ix.DocCount(); return err })
	return n, err
}

// Lexicon is the live index's vocabulary by sound and shape. It looks
// words up in whichever index is live when it is asked: an index's own
// lexicon reads its files, which are gone once a swap has closed it.
func (l *Live) Lexicon() *Lexicon {
	l.lexiconOnce.Do(func() { l.lexicon = &Lexicon{vocab: liveVocabulary{l}} })
	return l.lexicon
}

// liveVocabulary is the vocabulary of the live index; a closed Live has
// no words.
type liveVocabulary struct{ l *Live }

func (v liveVocabulary) has(word []byte) (ok bool) {
	v.l.with(func(ix *Index) error { ok = ix.Lexicon().vocab.has(word); return nil })
	return ok
}

func (v liveVocabulary) prefixed(prefix string) (words []string) {
	v.l.with(func(ix *Index) error { words = ix.Lexicon().vocab.prefixed(prefix); return nil })
	return words
}

func (v liveVocabulary) containing(r rune) (words []string) {
	v.l.with(func(ix *Index) error { words = ix.Lexicon().vocab.containing(r); return nil })
	return words
}

// AnalyzerName is the analyzer of the index answering now ("" when it
// is closed).
func (l *Live) AnalyzerName() (name string) {
	_ = l.with(func(ix *Index) error { name = ix.AnalyzerName(); return nil })
	return name
}
