// Package index keeps a report's passages in a bleve v2 index analysed with
// gse Chinese word segmentation (or bleve's cjk bigrams, as a baseline).
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/reportbot/reportbot/corpus"
)

// Searchable fields of a passage document.
const (
	FieldText      = "text"
	FieldParagraph = "paragraph"
	FieldSection   = "section"
	FieldCaptions  = "captions"
	fieldReport    = "report_id"
	fieldTitle     = "report_title"
	fieldAdded     = "added"
	fieldPassage   = "passage"
)

// searchFields are the analysed fields a question is matched against.
var searchFields = []string{FieldText, FieldParagraph, FieldSection, FieldCaptions}

// Options configure a new index.
type Options struct {
	// Analyzer is AnalyzerGse (default) or AnalyzerCJK.
	Analyzer string
	// BatchSize is how many passages go into one bleve batch (default 500).
	BatchSize int
	// Progress, if set, is called after each batch with passages done and total.
	Progress func(done, total int)
	// Check, if set, is called before each batch is written; an error
	// stops the build. Tests use it to fail a build midway.
	Check func(done int) error
}

// Index is an open passage index. It is safe for concurrent use.
type Index struct {
	bi       bleve.Index
	analyzer analysis.Analyzer
	name     string

	// Document frequencies, read once from the term dictionaries: an index
	// never changes after Build (reindexing builds a new one), and a map
	// lookup is a hundred times cheaper than a bleve search per word.
	stats    sync.Once
	docs     int
	freqs    map[string]map[string]int // field → term → passages
	statsErr error
}

// NewMapping returns the index mapping for passages analysed with analyzer.
func NewMapping(analyzer string) *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = analyzer
	im.ScoringModel = bleveindex.BM25Scoring

	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		return f
	}
	keywordField := bleve.NewKeywordFieldMapping()
	keywordField.Analyzer = keyword.Name
	keywordField.IncludeInAll = false
	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	added := bleve.NewNumericFieldMapping()
	added.IncludeInAll = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldText, text(false))
	doc.AddFieldMappingsAt(FieldParagraph, text(false))
	doc.AddFieldMappingsAt(FieldSection, text(false))
	doc.AddFieldMappingsAt(FieldCaptions, text(false))
	doc.AddFieldMappingsAt(fieldReport, keywordField)
	doc.AddFieldMappingsAt(fieldTitle, stored)
	doc.AddFieldMappingsAt(fieldPassage, stored)
	doc.AddFieldMappingsAt(fieldAdded, added)
	im.DefaultMapping = doc
	return im
}

// Build creates a new index at path (which must not exist; "" builds in
// memory) holding every passage of reports. On error or cancellation the
// partly built index is closed and returned as nil; the caller removes path.
func Build(ctx context.Context, path string, reports []*corpus.Report, opt Options) (*Index, error) {
	if opt.Analyzer == "" {
		opt.Analyzer = AnalyzerGse
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 500
	}
	im := NewMapping(opt.Analyzer)
	var (
		bi  bleve.Index
		err error
	)
	if path == "" {
		bi, err = bleve.NewMemOnly(im)
	} else {
		bi, err = bleve.New(path, im)
	}
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	ix, err := wrap(bi)
	if err != nil {
		bi.Close()
		return nil, err
	}
	total := 0
	for _, r := range reports {
		total += len(r.Passages)
	}
	done := 0
	batch := bi.NewBatch()
	flush := func() error {
		if batch.Size() == 0 {
			return nil
		}
		if opt.Check != nil {
			if err := opt.Check(done); err != nil {
				return fmt.Errorf("index batch: %w", err)
			}
		}
		if err := bi.Batch(batch); err != nil {
			return fmt.Errorf("index batch: %w", err)
		}
		batch.Reset()
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
		return nil
	}
	for _, r := range reports {
		for _, p := range r.Passages {
			if err := ctx.Err(); err != nil {
				bi.Close()
				return nil, fmt.Errorf("build index: %w", err)
			}
			doc, err := document(r, p)
			if err != nil {
				bi.Close()
				return nil, err
			}
			if err := batch.Index(p.Key, doc); err != nil {
				bi.Close()
				return nil, fmt.Errorf("index passage %s: %w", p.Key, err)
			}
			done++
			if batch.Size() >= opt.BatchSize {
				if err := flush(); err != nil {
					bi.Close()
					return nil, err
				}
			}
		}
	}
	if err := flush(); err != nil {
		bi.Close()
		return nil, err
	}
	return ix, nil
}

func document(r *corpus.Report, p corpus.Passage) (map[string]any, error) {
	blob, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode passage %s: %w", p.Key, err)
	}
	captions := ""
	for _, c := range p.Captions {
		captions += c.Text + "\n"
	}
	return map[string]any{
		FieldText:      p.Text,
		FieldParagraph: p.Paragraph,
		FieldSection:   p.Section,
		FieldCaptions:  captions,
		fieldReport:    r.ID,
		fieldTitle:     r.Title,
		fieldAdded:     float64(r.Added.Unix()),
		fieldPassage:   string(blob),
	}, nil
}

// Open opens an index built by Build.
func Open(path string) (*Index, error) {
	bi, err := bleve.OpenUsing(path, map[string]any{"read_only": false})
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix, err := wrap(bi)
	if err != nil {
		bi.Close()
		return nil, err
	}
	return ix, nil
}

func wrap(bi bleve.Index) (*Index, error) {
	im, ok := bi.Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		return nil, errors.New("index has an unknown mapping type")
	}
	a := im.AnalyzerNamed(im.DefaultAnalyzer)
	if a == nil {
		return nil, fmt.Errorf("index analyzer %q is not registered", im.DefaultAnalyzer)
	}
	return &Index{bi: bi, analyzer: a, name: im.DefaultAnalyzer}, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.bi.Close() }

// AnalyzerName is the name of the analyzer the index was built with.
func (ix *Index) AnalyzerName() string { return ix.name }

// Term is one analysed word of a text.
type Term struct {
	Text     string
	Start    int
	End      int
	Position int
}

// Analyze runs text through the index's analyzer, the same way passages
// were analysed when indexed.
func (ix *Index) Analyze(text string) []Term {
	stream := ix.analyzer.Analyze([]byte(text))
	terms := make([]Term, len(stream))
	for i, t := range stream {
		terms[i] = Term{Text: string(t.Term), Start: t.Start, End: t.End, Position: t.Position}
	}
	return terms
}

// DocCount is the number of passages in the index.
func (ix *Index) DocCount() (int, error) {
	ix.stats.Do(ix.loadStats)
	return ix.docs, ix.statsErr
}

// DocFreq is the number of passages whose field holds term.
func (ix *Index) DocFreq(field, term string) (int, error) {
	ix.stats.Do(ix.loadStats)
	return ix.freqs[field][term], ix.statsErr
}

func (ix *Index) loadStats() {
	n, err := ix.bi.DocCount()
	if err != nil {
		ix.statsErr = fmt.Errorf("doc count: %w", err)
		return
	}
	ix.docs = int(n)
	adv, err := ix.bi.Advanced()
	if err != nil {
		ix.statsErr = fmt.Errorf("index stats: %w", err)
		return
	}
	r, err := adv.Reader()
	if err != nil {
		ix.statsErr = fmt.Errorf("index stats: %w", err)
		return
	}
	defer r.Close()
	ix.freqs = map[string]map[string]int{}
	for _, field := range searchFields {
		d, err := r.FieldDict(field)
		if err != nil {
			ix.statsErr = fmt.Errorf("index stats %s: %w", field, err)
			return
		}
		m := map[string]int{}
		for e, err := d.Next(); e != nil && err == nil; e, err = d.Next() {
			m[e.Term] = int(e.Count)
		}
		d.Close()
		ix.freqs[field] = m
	}
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
	Added       int64
	Score       float64
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

// Search finds the passages best matching any of terms, best first.
func (ix *Index) Search(ctx context.Context, terms []WeightedTerm, size int) ([]Hit, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	var qs []query.Query
	for _, t := range terms {
		for _, field := range searchFields {
			q := bleve.NewTermQuery(t.Text)
			q.SetField(field)
			q.SetBoost(t.Weight * fieldBoosts[field])
			qs = append(qs, q)
		}
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), size, 0, false)
	req.Fields = []string{fieldPassage, fieldTitle, fieldAdded}
	req.IncludeLocations = true
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, m := range res.Hits {
		h := Hit{Score: m.Score, Matched: map[string][]string{}}
		blob, _ := m.Fields[fieldPassage].(string)
		if err := json.Unmarshal([]byte(blob), &h.Passage); err != nil {
			return nil, fmt.Errorf("decode passage %s: %w", m.ID, err)
		}
		h.ReportTitle, _ = m.Fields[fieldTitle].(string)
		if added, ok := m.Fields[fieldAdded].(float64); ok {
			h.Added = int64(added)
		}
		for field, tl := range m.Locations {
			for term, locs := range tl {
				h.Matched[field] = append(h.Matched[field], term)
				if field == FieldText {
					for _, l := range locs {
						h.Spans = append(h.Spans, Span{Start: int(l.Start), End: int(l.End)})
					}
				}
			}
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// String describes the index for logs.
func (ix *Index) String() string {
	n, _ := ix.DocCount()
	return ix.name + " index, " + strconv.Itoa(n) + " passages"
}
