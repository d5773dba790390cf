package index

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// searchWithBleve is Search as it ran before the postings tables: bleve's
// own query evaluation, with term locations for the spans. Tests hold
// Search to it. It returns the hits and how many of them are current
// passages.
func (ix *Index) searchWithBleve(ctx context.Context, terms []WeightedTerm, size int) ([]Hit, int, error) {
	if len(terms) == 0 {
		return nil, 0, nil
	}
	var only []WeightedTerm
	for _, t := range terms {
		inCurrent, inOlder := 0, 0
		for _, f := range searchFields {
			n, _ := bleveDocFreq(ix.current.bi, f, t.Text)
			inCurrent += n
			n, _ = bleveDocFreq(ix.older.bi, f, t.Text)
			inOlder += n
		}
		if inOlder > 0 && inCurrent == 0 {
			only = append(only, t)
		}
	}
	hits, err := bleveSearch(ctx, ix.current.bi, ix.bleveCurrentQuery(terms), size)
	for i := range hits {
		matchOnCandidate(&hits[i], terms)
	}
	current := len(hits)
	if err != nil || len(only) == 0 {
		return hits, current, err
	}
	q := bleve.NewBooleanQuery()
	q.AddMust(bleveFieldQuery(only))
	q.AddShould(bleveFieldQuery(terms))
	more, err := bleveSearch(ctx, ix.older.bi, q, size)
	if err != nil {
		return nil, 0, err
	}
	return append(hits, more...), current, nil
}

// bleveDocFreq counts the passages of bi holding term in field.
func bleveDocFreq(bi bleve.Index, field, term string) (int, error) {
	adv, err := bi.Advanced()
	if err != nil {
		return 0, err
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return 0, err
	}
	defer tfr.Close()
	return int(tfr.Count()), nil
}

// bleveCurrentQuery is currentQuery as a bleve query.
func (ix *Index) bleveCurrentQuery(terms []WeightedTerm) query.Query {
	docs, _ := ix.current.bi.DocCount()
	var find, score []query.Query
	for _, t := range terms {
		text, _ := bleveDocFreq(ix.current.bi, FieldText, t.Text)
		paragraph, _ := bleveDocFreq(ix.current.bi, FieldParagraph, t.Text)
		if float64(text+paragraph) <= commonShare*float64(docs) {
			find = append(find, bleveTermQuery(t, FieldText))
		}
		score = append(score, bleveTermQuery(t, FieldCaptions))
	}
	if len(find) == 0 {
		return bleveFieldQuery(terms)
	}
	q := bleve.NewBooleanQuery()
	q.AddMust(bleve.NewDisjunctionQuery(find...))
	q.AddShould(bleve.NewDisjunctionQuery(score...))
	return q
}

func bleveTermQuery(t WeightedTerm, field string) query.Query {
	q := bleve.NewTermQuery(t.Text)
	q.SetField(field)
	q.SetBoost(t.Weight * fieldBoosts[field])
	return q
}

func bleveFieldQuery(terms []WeightedTerm) query.Query {
	var qs []query.Query
	for _, t := range terms {
		for _, field := range searchFields {
			qs = append(qs, bleveTermQuery(t, field))
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// bleveSearch runs q with bleve. The text field's matches and spans come
// from bleve's term locations; the other fields keep no term vectors, so
// each hit is asked whether it holds each of q's terms there.
func bleveSearch(ctx context.Context, bi bleve.Index, q query.Query, size int) ([]Hit, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Fields = []string{fieldPassage, fieldTitle, fieldAdded, fieldGroup}
	req.IncludeLocations = true
	res, err := bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	leaves := map[[2]string]bool{}
	collectLeaves(q, leaves)
	adv, err := bi.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	hits := make([]Hit, 0, len(res.Hits))
	for _, m := range res.Hits {
		h := Hit{Score: m.Score, Matched: map[string][]string{}}
		blob, _ := m.Fields[fieldPassage].(string)
		if err := json.Unmarshal([]byte(blob), &h.Passage); err != nil {
			return nil, fmt.Errorf("decode passage %s: %w", m.ID, err)
		}
		h.ReportTitle, _ = m.Fields[fieldTitle].(string)
		h.Group, _ = m.Fields[fieldGroup].(string)
		if added, ok := m.Fields[fieldAdded].(float64); ok {
			h.Added = int64(added)
		}
		for term, locs := range m.Locations[FieldText] {
			h.Matched[FieldText] = append(h.Matched[FieldText], term)
			for _, l := range locs {
				h.Spans = append(h.Spans, Span{Start: int(l.Start), End: int(l.End)})
			}
		}
		internal, err := r.InternalID(m.ID)
		if err != nil {
			return nil, err
		}
		for leaf := range leaves {
			field, term := leaf[0], leaf[1]
			if field == FieldText {
				continue
			}
			tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
			if err != nil {
				return nil, err
			}
			d, err := tfr.Advance(internal, nil)
			tfr.Close()
			if err != nil {
				return nil, err
			}
			if d != nil && d.ID.Equals(internal) {
				h.Matched[field] = append(h.Matched[field], term)
			}
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// collectLeaves gathers the field and term of every term query in q.
func collectLeaves(q query.Query, into map[[2]string]bool) {
	switch q := q.(type) {
	case *query.TermQuery:
		into[[2]string{q.FieldVal, q.Term}] = true
	case *query.DisjunctionQuery:
		for _, d := range q.Disjuncts {
			collectLeaves(d, into)
		}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			collectLeaves(c, into)
		}
	case *query.BooleanQuery:
		for _, c := range []query.Query{q.Must, q.Should, q.MustNot} {
			if c != nil {
				collectLeaves(c, into)
			}
		}
	}
}
