// Package index keeps a report's passages in a bleve v2 index analysed with
// gse Chinese word segmentation (or bleve's cjk bigrams, as a baseline).
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index/neardup"
	"github.com/reportbot/reportbot/index/postings"
)

// Searchable fields of a passage document.
const (
	FieldText      = "text"
	FieldParagraph = "paragraph" // the rest of the passage's paragraph
	FieldSection   = "section"
	FieldCaptions  = "captions"
	fieldReport    = "report_id"
	fieldTitle     = "report_title"
	fieldScope     = "report_scope"
	fieldAdded     = "added"
	fieldPassage   = "passage"
	// fieldGroup is the key of the newest passage saying the same thing
	// (the passage's own key when it is the newest).
	fieldGroup = "group"
)

// searchFields are the analysed fields a question is matched against.
// Document frequencies count all of them, captions too: a word only a
// photo caption uses is as rare as it looks.
var searchFields = [...]string{FieldText, FieldParagraph, FieldSection, FieldCaptions}

// Options configure a new index.
type Options struct {
	// Analyzer is AnalyzerGse (default) or AnalyzerCJK.
	Analyzer string
	// BatchSize is how many passages go into one bleve batch (default
	// defaultBatchSize).
	BatchSize int
	// Progress, if set, is called after each batch with passages done and
	// total (Source.Passages, or the passages done when that is fewer),
	// and once more with done for both when a stated total was too high.
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
	current, older part
	analyzer       analysis.Analyzer
	name           string

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
// topics, rates, compound units, amounts in characters). 6: each part has
// a postings table (index/postings) beside it, and only the text field
// keeps term vectors. 7: a short line stating an amount is passage text,
// not a caption, and a figure's words stop at the next list item's noun
// (corpus code, which the units data's fingerprint does not see). 8: a
// highlighted figure beside an icon is passage text, figures set one a
// line are kept apart, a passage's years are the most mentioned first,
// and a second 其中 is among the first one's total. 9: numbered headings
// of lower levels are parts of their section (Section.Sub), a number
// broken off its sentence is no heading. 10: a table row's negative number
// is a fall and its header's own unit comes first; the first item of an
// enumeration is of the sentence's opening clause as the later ones are.
// 11: a chart's numbered caption (图1 …) is not run into the paragraph after it.
// 12: only a short one with no clause ("表 1 显示，…" is prose). 13: a
// figure taking the subject of the one before has the words that subject
// was cut from as its topic (细颗粒物（PM2.5）of 年平均浓度). 14: ordinals
// (第三次) are figures. 15: an ordinal's words stop at the amounts beside
// it, and a topic is set only when the subject was cut from longer words.
// 16: each passage stores its report's scope (ReportScope). 17: a change
// whose own words are all a comparison ("比2025年执行数（下同）增长") takes
// the subject of the figure before it. 18: in a document that marks its
// images, a short line is a caption only as extraction decided. 19: the
// words between two amounts that a joiner (和, 与, 以及) opens and none
// closes are the next amount's only. 20: a report's subtitle (its date
// and meeting) is a passage too. 21: only a dated one. 22: a figure's
// label keeps 以上 (规模以上…), a figure after a qualifier after a Latin
// word (GDP突破1.2万美元) is one, and a line stating a change is text.
// 23: a long text is never cut for gse inside a number (1.5, 4,459.32),
// and a character whose lower case is of another length shifts no word.
// 24: nor where a run with no punctuation is cut. 25: a range is one
// figure (3%—5%, 2000至5000元), a minus sign makes a figure negative, and
// a place value after 多 or 余 multiplies (2万多亿元). 26: headings
// after 二、 or （三） may open with a measure word (（二）支出情况), a marked
// 1.1 heading is read whole, a long run is never cut inside a figure, a
// source line other than the last stays text, and text opening with its
// first heading keeps that section. 27: lines numbered on one from
// another with no text between are a list, not sections heading nothing.
// 28: a range's low end keeps its sign (-2%~3%), and a list's next item
// is told from a block by the whole block's opening, as before 26. 29: a
// run of numbered lines is a list only when its last heads no text either,
// and a report of headings only keeps each line a passage. 30: a numbered
// line ending in two numbers set apart by spaces is a table row, not a
// heading. 31: a table column headed "金额（单位：万元）" gives its numbers
// that unit, as "金额（万元）" does. 32: a PDF table drawn a cell at a time
// reads as rows under its header, its group labels whole. 33: a table's
// number with no unit is a count of what its row names. 34: a table's
// number is described by its column's header too. 35: one under a header
// that is a year is that year's count even when it reads as a year (1986).
// 36: the column's header no longer among a table number's words (34
// taken out: it raised no held-out set). 37: a subject opening with a
// one-character link word that starts a word of its own (增值税, 共青团)
// keeps it. 38: a share stated with 占 after a figure is of that figure's
// subject (its Topic). 39: only a verb of change is kept so (共惠及 loses
// its 共 again), and only a percentage takes the subject before (占地面积
// is an area of its own).
const layoutVersion = "39"

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

	// Only the passage's own text keeps term vectors: its postings table
	// copies them for highlighting; no search reads bleve's.
	text := func(vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = vectors
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
	doc.AddFieldMappingsAt(FieldText, text(true))
	doc.AddFieldMappingsAt(FieldParagraph, text(false))
	doc.AddFieldMappingsAt(FieldSection, text(false))
	doc.AddFieldMappingsAt(FieldCaptions, text(false))
	doc.AddFieldMappingsAt(fieldReport, keywordField)
	doc.AddFieldMappingsAt(fieldTitle, stored)
	doc.AddFieldMappingsAt(fieldScope, stored)
	doc.AddFieldMappingsAt(fieldPassage, stored)
	doc.AddFieldMappingsAt(fieldAdded, added)
	doc.AddFieldMappingsAt(fieldGroup, stored)
	im.DefaultMapping = doc
	return im
}

// Source is a collection for BuildFrom, read one report at a time, so
// that a build holds the report being indexed and not the collection:
// 1,000 reports' parsed passages are ~70 MB of heap, more than the rest
// of a build's.
type Source struct {
	// Passages is how many passages the reports hold, for progress; 0
	// when unknown (progress then counts against the passages so far).
	Passages int
	// Reports yields the reports newest first (by Added): a passage a
	// newer report repeats is filed as older, so the newest must come
	// first. A report out of that order stops the build with an error.
	// A build reads it once; nil is no reports.
	Reports iter.Seq2[*corpus.Report, error]
}

// Reports is the Source of reports already in memory, in any order.
func Reports(reports []*corpus.Report) Source {
	newestFirst := slices.Clone(reports)
	slices.SortStableFunc(newestFirst, func(a, b *corpus.Report) int { return b.Added.Compare(a.Added) })
	src := Source{Reports: func(yield func(*corpus.Report, error) bool) {
		for _, r := range newestFirst {
			if !yield(r, nil) {
				return
			}
		}
	}}
	for _, r := range reports {
		src.Passages += len(r.Passages)
	}
	return src
}

// Build creates a new index at path (which must not exist; "" builds in
// memory) holding every passage of reports: BuildFrom(Reports(reports)).
func Build(ctx context.Context, path string, reports []*corpus.Report, opt Options) (*Index, error) {
	return BuildFrom(ctx, path, Reports(reports), opt)
}

// BuildFrom creates a new index at path (which must not exist; "" builds
// in memory) holding every passage of src's reports. On error or
// cancellation, its own or src's, the partly built index is closed and
// returned as nil; the caller removes path.
func BuildFrom(ctx context.Context, path string, src Source, opt Options) (*Index, error) {
	if opt.Analyzer == "" {
		opt.Analyzer = AnalyzerGse
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = defaultBatchSize
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
	keys, err := ix.fill(ctx, src, opt)
	if err != nil {
		ix.Close()
		return nil, err
	}
	for _, p := range []struct {
		part *part
		dir  string
	}{{&ix.current, currentDir}, {&ix.older, olderDir}} {
		if p.part.table, err = writeTable(ctx, p.part.bi, keys[p.part.bi], path, p.dir); err != nil {
			ix.Close()
			return nil, fmt.Errorf("build index: %w", err)
		}
	}
	return ix, nil
}

// fill indexes the passages of src's reports, each into the current or
// the older part, and returns each part's passage keys in the order they
// were indexed.
func (ix *Index) fill(ctx context.Context, src Source, opt Options) (map[bleve.Index][]string, error) {
	done := 0
	current, older := ix.current.bi, ix.older.bi
	batches := map[bleve.Index]*bleve.Batch{current: current.NewBatch(), older: older.NewBatch()}
	keys := map[bleve.Index][]string{}
	// A batch is written while the next is prepared: bleve analyses a
	// batch on every core but builds its segment on one, and preparing a
	// batch (near-duplicates, JSON, mapping) takes one more.
	w := newBatchWriter(opt)
	defer w.wait()
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
		batches[bi] = bi.NewBatch()
		return w.write(bi, batch, src.Passages)
	}
	seen := neardup.New(SameAs)
	// heads are the newest passages saying each thing, by neardup id:
	// their report and key, not their text, which goes with its report.
	// Reports come newest first, so ids count from the newest: of the
	// heads a passage repeats, Match's (the lowest id) is the newest, as
	// Hit.Group says.
	type head struct{ report, key string }
	var heads []head
	var previous *corpus.Report
	reports := src.Reports
	if reports == nil {
		reports = func(func(*corpus.Report, error) bool) {}
	}
	for r, err := range reports {
		if err != nil {
			return nil, fmt.Errorf("build index: %w", err)
		}
		if previous != nil && r.Added.After(previous.Added) {
			return nil, fmt.Errorf("build index: report %s comes after the older %s", r.ID, previous.ID)
		}
		previous = r
		scope := ReportScope(r)
		for _, p := range r.Passages {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("build index: %w", err)
			}
			part, group := current, p.Key
			sig, ok := neardup.Signature{}, false
			if !opt.KeepRepeats { // else every passage is current: no need to sign it
				sig, ok = seen.Sign(p.Text)
			}
			if ok {
				// Only another (newer) report's passage supersedes this one:
				// a report may well say a thing twice.
				if id, dup := seen.Match(sig, func(id int) bool { return heads[id].report == p.ReportID }); dup {
					part, group = older, heads[id].key
				} else {
					seen.Add(sig)
					heads = append(heads, head{p.ReportID, p.Key})
				}
			}
			doc, err := document(r, scope, p, group)
			if err != nil {
				return nil, err
			}
			if err := batches[part].Index(p.Key, doc); err != nil {
				return nil, fmt.Errorf("index passage %s: %w", p.Key, err)
			}
			keys[part] = append(keys[part], p.Key)
			done++
			if batches[part].Size() >= opt.BatchSize {
				if err := flush(part); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := flush(current); err != nil {
		return nil, err
	}
	if err := flush(older); err != nil {
		return nil, err
	}
	if err := w.wait(); err != nil {
		return nil, err
	}
	if opt.Progress != nil && src.Passages > done {
		// The stated total was stale (counted when the reports were
		// added): the build is done all the same.
		opt.Progress(done, done)
	}
	return keys, nil
}

// defaultBatchSize bounds the passages held in bleve batches at once (one
// being prepared, one being written, with their analysed fields). Building
// 1,000 distinct reports one report at a time peaked at 140 MB with 500,
// 110–113 MB with 300 or 200, for 3% more CPU with 300; a reindex's peak
// sits beside a serving bot's.
const defaultBatchSize = 300

// inFlight is how many batches of one part are written at once while
// the next is prepared. Two (one analysed while another's segment is
// built) built 1,000 distinct reports 10–30% faster but peaked 40–65 MB
// higher, and the build's peak is what bounds a reindex.
const inFlight = 1

// batchWriter writes batches in the background, at most inFlight at a
// time per index, and reports progress as each is written.
type batchWriter struct {
	progress func(done, total int)
	slots    map[bleve.Index]chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	err      error
	done     int // passages written, for progress
}

func newBatchWriter(opt Options) *batchWriter {
	return &batchWriter{progress: opt.Progress, slots: map[bleve.Index]chan struct{}{}}
}

// write starts writing batch into bi once a slot is free; it returns the
// first error of any batch written so far.
func (w *batchWriter) write(bi bleve.Index, batch *bleve.Batch, total int) error {
	slot := w.slots[bi]
	if slot == nil {
		slot = make(chan struct{}, inFlight)
		w.slots[bi] = slot
	}
	slot <- struct{}{}
	if err := w.failed(); err != nil {
		<-slot
		return err
	}
	size := batch.Size()
	w.wg.Go(func() {
		defer func() { <-slot }()
		err := bi.Batch(batch)
		w.mu.Lock()
		defer w.mu.Unlock()
		if err != nil {
			if w.err == nil {
				w.err = fmt.Errorf("index batch: %w", err)
			}
			return
		}
		w.done += size
		if w.progress != nil {
			w.progress(w.done, max(total, w.done)) // a stale or unknown total never reads past 100%
		}
	})
	return nil
}

func (w *batchWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// wait waits for every batch started and returns the first error.
func (w *batchWriter) wait() error {
	w.wg.Wait()
	return w.failed()
}

func document(r *corpus.Report, scope string, p corpus.Passage, group string) (map[string]any, error) {
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
		fieldScope:     scope,
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
	for _, p := range []struct {
		part *part
		dir  string
	}{{&ix.current, currentDir}, {&ix.older, olderDir}} {
		if p.part.table, err = postings.Open(filepath.Join(path, p.dir+tableSuffix)); err != nil {
			ix.Close()
			return nil, fmt.Errorf("open index %s: %w", path, err)
		}
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
	return &Index{current: part{bi: current}, older: part{bi: older}, analyzer: a, name: im.DefaultAnalyzer}, nil
}

// Close closes the index.
func (ix *Index) Close() error { return errors.Join(ix.current.close(), ix.older.close()) }

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

// String describes the index for logs.
func (ix *Index) String() string {
	n, _ := ix.DocCount()
	return ix.name + " index, " + strconv.Itoa(n) + " passages"
}
