package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
	gojson "github.com/goccy/go-json"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index/postings"
)

// part is one of an index's two parts: its bleve index, which stores the
// passages and keeps the statistics BM25 reads, and its postings table,
// which finds and scores them.
type part struct {
	bi    bleve.Index
	table *postings.Table
	// scratch holds per-search score arrays, one slot per passage.
	scratch sync.Pool
}

func (p *part) close() error {
	var err error
	if p.table != nil {
		err = p.table.Close()
	}
	return errors.Join(p.bi.Close(), err)
}

// fieldNumber is field's place in searchFields (and in a postings
// table), or -1.
func fieldNumber(field string) int { return slices.Index(searchFields[:], field) }

// DocCount is the number of current passages: those no newer report
// repeats. Statistics leave the older ones out, or each passage a series
// of yearly reports repeats would look common however rare its words.
func (ix *Index) DocCount() (int, error) { return ix.current.table.Docs(), nil }

// TermFreqs are how many current passages hold a term, by searchable
// field.
type TermFreqs struct {
	byField [len(searchFields)]int
}

// In is how many current passages hold the term in field.
func (f TermFreqs) In(field string) int {
	if i := fieldNumber(field); i >= 0 {
		return f.byField[i]
	}
	return 0
}

// TermFreqs counts the current passages holding term in each field; a
// term only older passages use counts as found in one of each. It reads
// one entry of the term dictionary: nothing is gathered at start.
func (ix *Index) TermFreqs(term string) (TermFreqs, error) {
	var f TermFreqs
	rec, inCurrent, err := ix.current.table.Lookup([]byte(term))
	if err != nil {
		return f, fmt.Errorf("term freqs: %w", err)
	}
	if inCurrent {
		for i := range f.byField {
			f.byField[i] = rec.DocFreq(i)
		}
		return f, nil
	}
	older, err := ix.older.table.Contains([]byte(term))
	if err != nil {
		return f, fmt.Errorf("term freqs: %w", err)
	}
	if older {
		for i := range f.byField {
			f.byField[i] = 1
		}
	}
	return f, nil
}

// WeightedTerm is a query word with its importance.
type WeightedTerm struct {
	Text   string
	Weight float64
}

// fieldBoosts weigh a match in each searchable field.
var fieldBoosts = map[string]float64{FieldText: 1, FieldParagraph: 0.35, FieldSection: 0.3, FieldCaptions: 0.5}

// Hit is one passage found by Search.
type Hit struct {
	Passage     corpus.Passage
	ReportTitle string
	// ReportScope is the scope word its report speaks of its area with
	// (ReportScope: 全国, 全市), or "".
	ReportScope string
	Added       int64
	// Group is the key of the newest passage saying the same thing as
	// this one (its own key when it is the newest).
	Group string
	Score float64
	// Matched lists, per field, the query terms found in it.
	Matched map[string][]string
	// Spans are the byte ranges of matched terms in the passage text.
	Spans []Span
}

// Span is a byte range [Start, End) of a text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Search finds the passages best matching any of terms, best first:
// size from the current passages, and up to size more from the older
// ones when a term is found only there. Blank terms are ignored.
func (ix *Index) Search(ctx context.Context, terms []WeightedTerm, size int) ([]Hit, error) {
	// A blank term finds nothing, and "" is found at every place of a
	// text: matched on a candidate, it was found there again forever.
	terms = slices.DeleteFunc(slices.Clone(terms), func(t WeightedTerm) bool { return strings.TrimSpace(t.Text) == "" })
	if len(terms) == 0 {
		return nil, nil
	}
	q, only, err := ix.currentQuery(terms)
	if err != nil {
		return nil, err
	}
	hits, err := ix.current.search(ctx, q, size)
	for i := range hits {
		matchOnCandidate(&hits[i], terms)
	}
	if err != nil || len(only) == 0 {
		return hits, err
	}
	// Only older passages holding one of those words can add anything:
	// for the rest, a current passage says the same.
	more, err := ix.older.search(ctx, boolQuery{must: fieldLeaves(only), should: fieldLeaves(terms)}, size)
	if err != nil {
		return nil, err
	}
	return append(hits, more...), nil
}

// matchOnCandidate records the terms a candidate holds that the search
// did not look for: common words in its text (with their spans, for
// highlighting), and the words of its section title and of the rest of
// its paragraph. A common word is in a fifth or more of the passages, a
// section's words in a seventh and a paragraph's in all of its passages:
// walking their postings cost more than all else a search does, while a
// candidate's own stored text answers in microseconds. Common words are
// everyday Chinese words, found the same way as a substring.
func matchOnCandidate(h *Hit, terms []WeightedTerm) {
	rest := paragraphRest(h.Passage)
	for _, t := range terms {
		if !slices.Contains(h.Matched[FieldText], t.Text) {
			found := false
			for at := 0; ; {
				i := strings.Index(h.Passage.Text[at:], t.Text)
				if i < 0 {
					break
				}
				found = true
				h.Spans = append(h.Spans, Span{Start: at + i, End: at + i + len(t.Text)})
				at += i + len(t.Text)
			}
			if found {
				addMatch(h, FieldText, t.Text)
			}
		}
		if strings.Contains(rest, t.Text) {
			addMatch(h, FieldParagraph, t.Text)
		}
		if strings.Contains(h.Passage.Section, t.Text) {
			addMatch(h, FieldSection, t.Text)
		}
	}
}

// addMatch records term as found in field, once: when every question word
// is common the search itself matched the fields.
func addMatch(h *Hit, field, term string) {
	if !slices.Contains(h.Matched[field], term) {
		h.Matched[field] = append(h.Matched[field], term)
	}
}

// commonShare is the share of passages above which a word is common: it
// is matched on the passages the question's rarer words found, but does
// not find passages on its own.
const commonShare = 0.2

// leaf is one term looked for in one field, weighted by boost: bleve's
// term query.
type leaf struct {
	term  string
	field int // in searchFields
	boost float64
}

// boolQuery is the shape of every query the index runs, as bleve would
// run it: the passages holding any leaf of must, scored by the leaves
// they hold (a disjunction), plus what the leaves of should they hold
// add. With should nil it is the disjunction must alone.
type boolQuery struct {
	must, should []leaf
}

// currentQuery finds the passages whose own text holds one of the rarer
// terms and scores them by those and by all terms in their captions; the
// rest is matched on the candidates found (matchOnCandidate). Only a
// passage with a question word in its own text can be an answer, and
// common words ("工会" is in most passages of a trade union's reports)
// have the longest postings and the least to say, as in Lucene's
// common-terms query. only are the terms found only in older passages.
func (ix *Index) currentQuery(terms []WeightedTerm) (q boolQuery, only []WeightedTerm, err error) {
	text, paragraph, captions := fieldNumber(FieldText), fieldNumber(FieldParagraph), fieldNumber(FieldCaptions)
	docs := ix.current.table.Docs()
	var find, score []leaf
	for _, t := range terms {
		rec, inCurrent, err := ix.current.table.Lookup([]byte(t.Text))
		if err != nil {
			return q, nil, fmt.Errorf("search: %w", err)
		}
		if !inCurrent {
			older, err := ix.older.table.Contains([]byte(t.Text))
			if err != nil {
				return q, nil, fmt.Errorf("search: %w", err)
			}
			if older {
				only = append(only, t)
			}
		}
		common := float64(rec.DocFreq(text)+rec.DocFreq(paragraph)) > commonShare*float64(docs)
		if !common {
			find = append(find, leaf{t.Text, text, t.Weight * fieldBoosts[FieldText]})
		}
		score = append(score, leaf{t.Text, captions, t.Weight * fieldBoosts[FieldCaptions]})
	}
	if len(find) == 0 {
		return boolQuery{must: fieldLeaves(terms)}, only, nil
	}
	return boolQuery{must: find, should: score}, only, nil
}

// fieldLeaves looks for every term in every searchable field, weighted.
func fieldLeaves(terms []WeightedTerm) []leaf {
	var out []leaf
	for _, t := range terms {
		for f, field := range searchFields {
			out = append(out, leaf{t.Text, f, t.Weight * fieldBoosts[field]})
		}
	}
	return out
}

// scoredLeaf is a leaf with its postings and its share of the score.
type scoredLeaf struct {
	leaf
	list  postings.List
	norms postings.Norms
	// idf and weight (boost × idf × query norm) as bleve's term scorer
	// has them; avg is the field's average length by bleve's count, 0
	// when bleve falls back to tf-idf.
	idf, weight, avg float64
	// once is, for a leaf with more postings than its field has distinct
	// norms, the score of a single occurrence by norm: most postings are
	// one occurrence, so most cost a lookup, not a BM25 formula.
	once []float64
}

// score is what the leaf adds for a passage holding its term freq times
// in a field of the given norm: bleve's TermQueryScorer, operation for
// operation, so that scores (and the order of equal ones) are bleve's.
func (l *scoredLeaf) score(freq uint32, norm float32) float64 {
	tf := 1.0 // √1
	if freq != 1 {
		tf = math.Sqrt(float64(freq))
	}
	n := float64(norm)
	var s float64
	if l.avg > 0 {
		fieldLength := 1 / (n * n)
		s = l.idf * (tf * search.BM25_k1) /
			(tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/l.avg)))
	} else {
		s = tf * n * l.idf
	}
	if l.weight != 1.0 {
		s = s * l.weight
	}
	return s
}

// scratch is one search's sums by passage and the passages touched.
type scratch struct {
	acc     []accumulator
	touched []uint32
}

// accumulator is what a passage's postings add up to, for the must (0)
// and should (1) clauses, kept together: one memory access a posting.
type accumulator struct {
	sum   [2]float64
	count [2]uint16
}

// ranked is a passage and its score.
type ranked struct {
	doc   uint32
	score float64
}

// better orders passages best first: by score, then in the order they
// were indexed (newest report first), as bleve breaks ties by its own
// order of documents.
func better(a, b ranked) bool {
	return a.score > b.score || a.score == b.score && a.doc < b.doc
}

// search runs q on the part and returns its best size passages. Every
// posting of every leaf is read (no pruning) from the flat lists of the
// postings table; bleve is read for its BM25 statistics and the stored
// passages of the hits.
func (p *part) search(ctx context.Context, q boolQuery, size int) ([]Hit, error) {
	docs := p.table.Docs()
	if docs == 0 || size <= 0 || len(q.must) == 0 {
		return nil, nil
	}
	adv, err := p.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer r.Close()
	clauses, err := p.prepare(r, q)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}

	sc, _ := p.scratch.Get().(*scratch)
	if sc == nil || len(sc.acc) != docs {
		sc = &scratch{acc: make([]accumulator, docs)}
	}
	defer func() {
		for _, d := range sc.touched {
			sc.acc[d] = accumulator{}
		}
		sc.touched = sc.touched[:0]
		p.scratch.Put(sc)
	}()
	acc := sc.acc
	for c, leaves := range clauses {
		for i := range leaves {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			l := &leaves[i]
			values := l.norms.Values
			it := l.list.Iter()
			for d, freq, ok := it.Next(); ok; d, freq, ok = it.Next() {
				if int(d) >= docs {
					return nil, fmt.Errorf("search: %w", postings.ErrCorrupt)
				}
				n := l.norms.Place(d)
				if int(n) >= len(values) {
					return nil, fmt.Errorf("search: %w", postings.ErrCorrupt)
				}
				a := &acc[d]
				if a.count == [2]uint16{} {
					sc.touched = append(sc.touched, d)
				}
				if freq == 1 && l.once != nil {
					a.sum[c] += l.once[n]
				} else {
					a.sum[c] += l.score(freq, values[n])
				}
				a.count[c]++
			}
		}
	}

	// The best size passages, worst first in a heap.
	top := make([]ranked, 0, size)
	must, should := float64(len(clauses[0])), float64(len(clauses[1]))
	for _, d := range sc.touched {
		a := &acc[d]
		if a.count[0] == 0 {
			continue // holds only words of should
		}
		// bleve's disjunction: the sum times the share of leaves held.
		s := a.sum[0] * (float64(a.count[0]) / must)
		if m := a.count[1]; m > 0 {
			s = s + a.sum[1]*(float64(m)/should)
		}
		c := ranked{d, s}
		switch {
		case len(top) < size:
			top = append(top, c)
			siftUp(top, len(top)-1)
		case better(c, top[0]):
			top[0] = c
			siftDown(top, 0)
		}
	}
	slices.SortFunc(top, func(a, b ranked) int {
		if better(a, b) {
			return -1
		}
		return 1
	})

	hits := make([]Hit, 0, len(top))
	for _, c := range top {
		h, err := p.hit(r, c, clauses)
		if err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// prepare looks up the leaves' postings and weighs them as bleve would:
// idf from the part's passages, the field's average length from bleve's
// own count (for its BM25), and the query norm over every leaf. Each
// clause comes back in the order bleve sums it.
func (p *part) prepare(r bleveindex.IndexReader, q boolQuery) ([2][]scoredLeaf, error) {
	var out [2][]scoredLeaf
	n, err := r.DocCount()
	if err != nil {
		return out, err
	}
	if int(n) != p.table.Docs() {
		return out, fmt.Errorf("postings table has %d passages, the index %d", p.table.Docs(), n)
	}
	avgs := map[int]float64{}
	records := map[string]postings.Record{}
	sumOfSquaredWeights := 0.0
	for c, leaves := range [2][]leaf{q.must, q.should} {
		clauseWeight := 0.0
		for _, l := range leaves {
			rec, seen := records[l.term]
			if !seen {
				if rec, _, err = p.table.Lookup([]byte(l.term)); err != nil {
					return out, err
				}
				records[l.term] = rec
			}
			avg, seen := avgs[l.field]
			if !seen {
				if avg, err = averageLength(r, searchFields[l.field], n); err != nil {
					return out, err
				}
				avgs[l.field] = avg
			}
			sl := scoredLeaf{leaf: l, list: rec.List(l.field), norms: p.table.Norms(l.field), avg: avg}
			df := float64(sl.list.Len())
			if avg > 0 {
				sl.idf = math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
			} else {
				sl.idf = 1.0 + math.Log(float64(n)/(df+1.0))
			}
			out[c] = append(out[c], sl)
		}
		// bleve sums a disjunction of few clauses in the order of their
		// postings' length (a stable sort: insertion sort below 12),
		// and a longer one in the query's order.
		if len(out[c]) <= searcher.DisjunctionHeapTakeover {
			slices.SortStableFunc(out[c], func(a, b scoredLeaf) int { return a.list.Len() - b.list.Len() })
		}
		for _, sl := range out[c] {
			w := sl.boost * sl.idf
			clauseWeight += w * w
		}
		sumOfSquaredWeights += clauseWeight
	}
	norm := 1.0 / math.Sqrt(sumOfSquaredWeights)
	for c := range out {
		for i := range out[c] {
			l := &out[c][i]
			l.weight = l.boost * l.idf * norm
			if values := l.norms.Values; l.list.Len() > len(values) {
				l.once = make([]float64, len(values))
				for n, v := range values {
					l.once[n] = l.score(1, v)
				}
			}
		}
	}
	return out, nil
}

// averageLength is bleve's average field length for BM25: the field's
// distinct terms summed over the index's segments, per passage, rounded
// up. It is 0, and bleve scores tf-idf instead, when the field is empty
// or the index keeps no such count (bleve's in-memory index).
func averageLength(r bleveindex.IndexReader, field string, docs uint64) (float64, error) {
	card := 0
	if br, ok := r.(bleveindex.BM25Reader); ok {
		var err error
		if card, err = br.FieldCardinality(field); err != nil {
			return 0, err
		}
	}
	if docs == 0 && card == 0 {
		return 0, nil
	}
	return math.Ceil(float64(card) / float64(docs)), nil
}

// hit loads passage c's stored fields and records which leaves it holds
// and where, in its text, their terms are.
func (p *part) hit(r bleveindex.IndexReader, c ranked, clauses [2][]scoredLeaf) (Hit, error) {
	id := p.table.ID(c.doc)
	doc, err := r.Document(id)
	if err != nil {
		return Hit{}, fmt.Errorf("search: load passage %s: %w", id, err)
	}
	if doc == nil {
		return Hit{}, fmt.Errorf("search: passage %s is in the postings but not stored", id)
	}
	h := Hit{Score: c.score, Matched: map[string][]string{}}
	var blob []byte
	doc.VisitFields(func(f bleveindex.Field) {
		switch f.Name() {
		case fieldPassage:
			blob = f.Value()
		case fieldTitle:
			h.ReportTitle = string(f.Value())
		case fieldScope:
			h.ReportScope = string(f.Value())
		case fieldGroup:
			h.Group = string(f.Value())
		case fieldAdded:
			if nf, ok := f.(bleveindex.NumericField); ok {
				if added, err := nf.Number(); err == nil {
					h.Added = int64(added)
				}
			}
		}
	})
	if err := decodePassage(blob, &h.Passage); err != nil {
		return Hit{}, fmt.Errorf("decode passage %s: %w", id, err)
	}
	for _, leaves := range clauses {
		for _, l := range leaves {
			field := searchFields[l.field]
			if slices.Contains(h.Matched[field], l.term) {
				continue // looked for by both clauses
			}
			i, found := l.list.Find(c.doc)
			if !found {
				continue
			}
			h.Matched[field] = append(h.Matched[field], l.term)
			locs, err := l.list.Locations(i)
			if err != nil {
				return Hit{}, fmt.Errorf("search: passage %s: %w", id, err)
			}
			for _, loc := range locs {
				h.Spans = append(h.Spans, Span{Start: int(loc.Start), End: int(loc.End)})
			}
		}
	}
	return h, nil
}

// decodePassage decodes a stored passage (json.Marshal's encoding) with
// goccy/go-json, which reads it four times as fast as encoding/json: the
// passages of a search's hits were a third of its time.
func decodePassage(blob []byte, p *corpus.Passage) error {
	return gojson.Unmarshal(blob, p)
}

// siftUp and siftDown keep top a heap with its worst passage first.
func siftUp(top []ranked, i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !better(top[parent], top[i]) {
			return
		}
		top[parent], top[i] = top[i], top[parent]
		i = parent
	}
}

func siftDown(top []ranked, i int) {
	for {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(top) && better(top[worst], top[l]) {
			worst = l
		}
		if r < len(top) && better(top[worst], top[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		top[i], top[worst] = top[worst], top[i]
		i = worst
	}
}
