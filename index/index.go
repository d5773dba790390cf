// Package index keeps a report's passages in a bleve v2 index analysed with
// gse Chinese word segmentation (or bleve's cjk bigrams, as a baseline).
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index/neardup"
)

// Searchable fields of a passage document.
const (
	FieldText      = "text"
	FieldParagraph = "paragraph" // the rest of the passage's paragraph
	FieldSection   = "section"
	FieldCaptions  = "captions"
	fieldReport    = "report_id"
	fieldTitle     = "report_title"
	fieldAdded     = "added"
	fieldPassage   = "passage"
	// fieldGroup is the key of the newest passage saying the same thing
	// (the passage's own key when it is the newest).
	fieldGroup = "group"
)

// searchFields are the analysed fields a question is matched against.
// Document frequencies count all of them, captions too: a word only a
// photo caption uses is as rare as it looks.
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
	// KeepRepeats indexes every passage as current, even one a newer
	// report repeats: what a collection of distinct reports costs to
	// search. Benchmarks use it.
	KeepRepeats bool
}

// Index is an open passage index. It is safe for concurrent use.
//
// It is kept in two parts. Current holds every passage that no newer
// report repeats; older holds the passages a newer report says again
// (near-duplicates, found by index/neardup), so that a question is
// answered from the newest report saying it and a collection of yearly
// reports searches about as fast as its newest one. Older passages are
// searched only for words the current ones never use ("2019年", another
// province's name).
type Index struct {
	current, older bleve.Index
	analyzer       analysis.Analyzer
	name           string

	// Document frequencies, read once from the term dictionaries: an index
	// never changes after Build (reindexing builds a new one), and a map
	// lookup is a hundred times cheaper than a bleve search per word.
	stats     sync.Once
	docs      int
	freqs     map[string]map[string]int // field → term → current passages
	olderOnly map[string]bool           // terms found only in older passages
	statsErr  error

	lexiconOnce sync.Once
	lexicon     *Lexicon
}

// Subdirectories of an index on disk.
const (
	currentDir = "current"
	olderDir   = "older"
)

// layoutVersion changes when the on-disk layout or what is indexed
// changes, so that indexes built by an older binary are rebuilt. 4: the
// stored passages' figures carry qualifiers, change/measure kinds, years,
// From and Topic. 5: figures read with the later grammar (enumeration
// topics, rates, compound units, amounts in characters).
const layoutVersion = "5"

// SameAs is how alike (trigram overlap, 0–1) a passage must be to a newer
// report's passage to count as saying the same thing. Rewordings of a
// passage for another year or province overlap by 0.58 or more, distinct
// passages of one report by 0.14 at most.
const SameAs = 0.5

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
	doc.AddFieldMappingsAt(fieldGroup, stored)
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
	create := func(dir string) (bleve.Index, error) {
		if path == "" {
			return bleve.NewMemOnly(im)
		}
		return bleve.New(filepath.Join(path, dir), im)
	}
	current, err := create(currentDir)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	older, err := create(olderDir)
	if err != nil {
		current.Close()
		return nil, fmt.Errorf("create index: %w", err)
	}
	ix, err := wrap(current, older)
	if err != nil {
		current.Close()
		older.Close()
		return nil, err
	}
	if err := ix.fill(ctx, reports, opt); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// fill indexes the passages of reports, newest report first, each into
// the current or the older part.
func (ix *Index) fill(ctx context.Context, reports []*corpus.Report, opt Options) error {
	total := 0
	for _, r := range reports {
		total += len(r.Passages)
	}
	newestFirst := slices.Clone(reports)
	slices.SortStableFunc(newestFirst, func(a, b *corpus.Report) int { return b.Added.Compare(a.Added) })

	done := 0
	batches := map[bleve.Index]*bleve.Batch{ix.current: ix.current.NewBatch(), ix.older: ix.older.NewBatch()}
	flush := func(bi bleve.Index) error {
		batch := batches[bi]
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
	seen := neardup.New(SameAs)
	var heads []corpus.Passage // by neardup id
	for _, r := range newestFirst {
		for _, p := range r.Passages {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("build index: %w", err)
			}
			part, group := ix.current, p.Key
			if sig, ok := seen.Sign(p.Text); ok && !opt.KeepRepeats {
				// Only another (newer) report's passage supersedes this one:
				// a report may well say a thing twice.
				if id, dup := seen.Match(sig, func(id int) bool { return heads[id].ReportID == p.ReportID }); dup {
					part, group = ix.older, heads[id].Key
				} else {
					seen.Add(sig)
					heads = append(heads, p)
				}
			}
			doc, err := document(r, p, group)
			if err != nil {
				return err
			}
			if err := batches[part].Index(p.Key, doc); err != nil {
				return fmt.Errorf("index passage %s: %w", p.Key, err)
			}
			done++
			if batches[part].Size() >= opt.BatchSize {
				if err := flush(part); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(ix.current); err != nil {
		return err
	}
	return flush(ix.older)
}

func document(r *corpus.Report, p corpus.Passage, group string) (map[string]any, error) {
	p = boundContext(p)
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
		FieldParagraph: paragraphRest(p),
		FieldSection:   p.Section,
		FieldCaptions:  captions,
		fieldReport:    r.ID,
		fieldTitle:     r.Title,
		fieldAdded:     float64(r.Added.Unix()),
		fieldPassage:   string(blob),
		fieldGroup:     group,
	}, nil
}

// paragraphRest is the passage's paragraph without the passage itself:
// the words around it. Indexing the whole paragraph would repeat the
// passage's own words, which the text field already holds, and made the
// paragraph field most of the postings a search walks.
func paragraphRest(p corpus.Passage) string {
	rest, found := strings.CutPrefix(p.Paragraph, p.Text)
	if !found {
		i := strings.Index(p.Paragraph, p.Text)
		if i < 0 {
			return p.Paragraph
		}
		rest = p.Paragraph[:i] + "\n" + p.Paragraph[i+len(p.Text):]
	}
	return strings.TrimSpace(rest)
}

// openTimeout bounds the wait for an index file another process holds
// for writing (only its builder does, briefly): a clear error instead of
// bbolt's wait without end.
const openTimeout = "10s"

// Open opens an index built by Build, read-only: an index never changes
// after Build, and read-only opens share the files, so any number of
// processes answer from one index at once.
func Open(path string) (*Index, error) {
	open := func(dir string) (bleve.Index, error) {
		bi, err := bleve.OpenUsing(filepath.Join(path, dir), map[string]any{"read_only": true, "bolt_timeout": openTimeout})
		if err != nil {
			return nil, fmt.Errorf("open index %s: %w", path, err)
		}
		return bi, nil
	}
	current, err := open(currentDir)
	if err != nil {
		return nil, err
	}
	older, err := open(olderDir)
	if err != nil {
		current.Close()
		return nil, err
	}
	ix, err := wrap(current, older)
	if err != nil {
		current.Close()
		older.Close()
		return nil, err
	}
	return ix, nil
}

func wrap(current, older bleve.Index) (*Index, error) {
	im, ok := current.Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		return nil, errors.New("index has an unknown mapping type")
	}
	a := im.AnalyzerNamed(im.DefaultAnalyzer)
	if a == nil {
		return nil, fmt.Errorf("index analyzer %q is not registered", im.DefaultAnalyzer)
	}
	return &Index{current: current, older: older, analyzer: a, name: im.DefaultAnalyzer}, nil
}

// Close closes the index.
func (ix *Index) Close() error { return errors.Join(ix.current.Close(), ix.older.Close()) }

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

// DocCount is the number of current passages: those no newer report
// repeats. Statistics leave the older ones out, or each passage a series
// of yearly reports repeats would look common however rare its words.
func (ix *Index) DocCount() (int, error) {
	ix.stats.Do(ix.loadStats)
	return ix.docs, ix.statsErr
}

// DocFreq is the number of current passages whose field holds term; a
// term only older passages use counts as found in one.
func (ix *Index) DocFreq(field, term string) (int, error) {
	ix.stats.Do(ix.loadStats)
	n := ix.freqs[field][term]
	if n == 0 && ix.olderOnly[term] {
		n = 1
	}
	return n, ix.statsErr
}

func (ix *Index) loadStats() {
	ix.freqs = map[string]map[string]int{}
	for _, field := range searchFields {
		ix.freqs[field] = map[string]int{}
	}
	ix.olderOnly = map[string]bool{}
	n, err := ix.current.DocCount()
	if err != nil {
		ix.statsErr = fmt.Errorf("doc count: %w", err)
		return
	}
	ix.docs = int(n)
	err = termCounts(ix.current, func(field, term string, count int) { ix.freqs[field][term] += count })
	if err == nil {
		err = termCounts(ix.older, func(field, term string, count int) {
			if !ix.inCurrent(term) {
				ix.olderOnly[term] = true
			}
		})
	}
	if err != nil {
		ix.statsErr = fmt.Errorf("index stats: %w", err)
	}
}

func (ix *Index) inCurrent(term string) bool {
	for _, field := range searchFields {
		if ix.freqs[field][term] > 0 {
			return true
		}
	}
	return false
}

// termCounts calls fn with every term of every searchable field of bi and
// the number of passages holding it.
func termCounts(bi bleve.Index, fn func(field, term string, count int)) error {
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	for _, field := range searchFields {
		d, err := r.FieldDict(field)
		if err != nil {
			return fmt.Errorf("%s: %w", field, err)
		}
		e, err := d.Next()
		for ; e != nil && err == nil; e, err = d.Next() {
			fn(field, e.Term, int(e.Count))
		}
		d.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", field, err)
		}
	}
	return nil
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
// ones when a term is found only there.
func (ix *Index) Search(ctx context.Context, terms []WeightedTerm, size int) ([]Hit, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	ix.stats.Do(ix.loadStats)
	if ix.statsErr != nil {
		return nil, ix.statsErr
	}
	var only []WeightedTerm
	for _, t := range terms {
		if ix.olderOnly[t.Text] {
			only = append(only, t)
		}
	}
	hits, err := search(ctx, ix.current, ix.currentQuery(terms), size)
	for i := range hits {
		matchOnCandidate(&hits[i], terms)
	}
	if err != nil || len(only) == 0 {
		return hits, err
	}
	// Only older passages holding one of those words can add anything:
	// for the rest, a current passage says the same.
	q := bleve.NewBooleanQuery()
	q.AddMust(fieldQuery(only))
	q.AddShould(fieldQuery(terms))
	more, err := search(ctx, ix.older, q, size)
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

// currentQuery finds the passages whose own text holds one of the rarer
// terms and scores them by those and by all terms in their captions; the
// rest is matched on the candidates found (matchOnCandidate). Only a
// passage with a question word in its own text can be an answer, and
// common words ("工会" is in most passages of a trade union's reports)
// have the longest postings and the least to say, as in Lucene's
// common-terms query.
func (ix *Index) currentQuery(terms []WeightedTerm) query.Query {
	var find, score []query.Query
	for _, t := range terms {
		common := float64(ix.freqs[FieldText][t.Text]+ix.freqs[FieldParagraph][t.Text]) > commonShare*float64(ix.docs)
		if !common {
			find = append(find, termQuery(t, FieldText))
		}
		score = append(score, termQuery(t, FieldCaptions))
	}
	if len(find) == 0 {
		return fieldQuery(terms)
	}
	q := bleve.NewBooleanQuery()
	q.AddMust(bleve.NewDisjunctionQuery(find...))
	q.AddShould(bleve.NewDisjunctionQuery(score...))
	return q
}

func termQuery(t WeightedTerm, field string) query.Query {
	q := bleve.NewTermQuery(t.Text)
	q.SetField(field)
	q.SetBoost(t.Weight * fieldBoosts[field])
	return q
}

// fieldQuery matches any of terms in any searchable field, weighted.
func fieldQuery(terms []WeightedTerm) query.Query {
	var qs []query.Query
	for _, t := range terms {
		for _, field := range searchFields {
			qs = append(qs, termQuery(t, field))
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func search(ctx context.Context, bi bleve.Index, q query.Query, size int) ([]Hit, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Fields = []string{fieldPassage, fieldTitle, fieldAdded, fieldGroup}
	req.IncludeLocations = true
	res, err := bi.SearchInContext(ctx, req)
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
		h.Group, _ = m.Fields[fieldGroup].(string)
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
