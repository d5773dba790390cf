package index_test

import (
	"context"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/answer/bench"
	"github.com/reportbot/reportbot/answer/eval"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

// comparing is an answer.Searcher that, for every search the engine
// makes, checks that the postings tables find what bleve's own query
// evaluation finds (index.SearchWithBleve).
type comparing struct {
	*index.Index
	t        *testing.T
	name     string
	searches int
	older    int // searches that found older passages too
	inexact  int // scores equal only to within floating-point rounding
	reorder  int // searches whose passages of equal score came otherwise
}

func (c *comparing) Search(ctx context.Context, terms []index.WeightedTerm, size int) ([]index.Hit, error) {
	got, err := c.Index.Search(ctx, terms, size)
	if err != nil {
		return nil, err
	}
	want, current, err := index.SearchWithBleve(ctx, c.Index, terms, size)
	if err != nil {
		return nil, err
	}
	c.searches++
	if current < len(want) {
		c.older++
	}
	if err := c.compare(got, want, current, size); err != nil {
		c.t.Errorf("%s, search %d: %v", c.name, c.searches, err)
	}
	for i := range got {
		if got[i].Passage.Key != want[i].Passage.Key {
			c.reorder++
			break
		}
	}
	return got, nil
}

// sameScore reports whether two scores are equal to within rounding:
// bleve sums a disjunction of more than ten leaves in the order of its
// heap, which can differ from the query's in the last bit.
func sameScore(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

// compare holds got to want: the same passages in the same order with the
// same scores, matched words and highlights. Passages of equal score may
// come in another order (bleve breaks ties by its own document order, the
// tables by the order of indexing), and the last group of equal scores
// of a part that was cut at size may hold other passages of that score.
func (c *comparing) compare(got, want []index.Hit, current, size int) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d hits, bleve %d", len(got), len(want))
	}
	for _, part := range [][2]int{{0, current}, {current, len(want)}} {
		g, w := got[part[0]:part[1]], want[part[0]:part[1]]
		for i := 0; i < len(w); {
			j := i + 1
			for j < len(w) && sameScore(w[j].Score, w[i].Score) {
				j++
			}
			byKey := map[string]index.Hit{}
			for k := i; k < j; k++ {
				if !sameScore(g[k].Score, w[k].Score) {
					return fmt.Errorf("hit %d (%s) scores %v, bleve's hit (%s) %v", part[0]+k, g[k].Passage.Key, g[k].Score, w[k].Passage.Key, w[k].Score)
				}
				if g[k].Score != w[k].Score {
					c.inexact++
				}
				byKey[w[k].Passage.Key] = w[k]
			}
			cut := j == len(w) && len(w) == size
			for k := i; k < j; k++ {
				wk, ok := byKey[g[k].Passage.Key]
				if !ok {
					if cut {
						continue // another passage of the same score
					}
					return fmt.Errorf("hit %d is %s, which bleve did not find among its hits of score %v", part[0]+k, g[k].Passage.Key, w[i].Score)
				}
				if err := sameHit(g[k], wk); err != nil {
					return fmt.Errorf("hit %d (%s): %v", part[0]+k, wk.Passage.Key, err)
				}
			}
			i = j
		}
	}
	return nil
}

func sameHit(got, want index.Hit) error {
	if !reflect.DeepEqual(got.Passage, want.Passage) || got.ReportTitle != want.ReportTitle || got.Added != want.Added || got.Group != want.Group {
		return fmt.Errorf("stored fields differ")
	}
	for _, f := range slices.Sorted(maps.Keys(want.Matched)) {
		if g, w := slices.Sorted(slices.Values(got.Matched[f])), slices.Sorted(slices.Values(want.Matched[f])); !slices.Equal(g, w) {
			return fmt.Errorf("matched in %s: %q, bleve %q", f, g, w)
		}
	}
	if len(got.Matched) != len(want.Matched) {
		return fmt.Errorf("matched fields %v, bleve %v", slices.Sorted(maps.Keys(got.Matched)), slices.Sorted(maps.Keys(want.Matched)))
	}
	spans := func(ss []index.Span) []index.Span {
		ss = slices.Clone(ss)
		slices.SortFunc(ss, func(a, b index.Span) int { return a.Start - b.Start + (a.End-b.End)*(1<<20) })
		return slices.Compact(ss)
	}
	if g, w := spans(got.Spans), spans(want.Spans); !slices.Equal(g, w) {
		return fmt.Errorf("spans %v, bleve %v", g, w)
	}
	return nil
}

// ask puts every question to an engine on ix, comparing every search.
func ask(t *testing.T, name string, ix *index.Index, questions []string) *comparing {
	c := &comparing{Index: ix, t: t, name: name}
	eng := answer.New(c)
	for _, q := range questions {
		if _, err := eng.Ask(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if c.searches == 0 {
		t.Fatalf("%s: no searches", name)
	}
	t.Logf("%s: %d searches the same as bleve's (%d found older passages; %d with passages of equal score in another order; %d scores equal to within rounding)",
		name, c.searches, c.older, c.reorder, c.inexact)
	return c
}

// build indexes reports in memory, or on disk and reopened read-only as
// the store does: bleve scores the one tf-idf, the other BM25.
func build(t *testing.T, reports []*corpus.Report, opt index.Options, onDisk bool) *index.Index {
	t.Helper()
	dir := ""
	if onDisk {
		dir = filepath.Join(t.TempDir(), "index")
	}
	ix, err := index.Build(context.Background(), dir, reports, opt)
	if err != nil {
		t.Fatal(err)
	}
	if onDisk {
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		if ix, err = index.Open(dir); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestSearchMatchesBleve asks the suite's questions (its three reports in
// one index, each analyzer, in memory and on disk) and the built-in ones
// on a synthetic series whose older reports repeat the newest (so the
// older part is searched too), and holds every search the answer engine
// makes to bleve's own evaluation of the same query.
func TestSearchMatchesBleve(t *testing.T) {
	if testing.Short() {
		t.Skip("asks the suite's questions on four indexes")
	}
	ctx := context.Background()
	suite, err := eval.LoadSuite("../answer/eval/testdata")
	if err != nil {
		t.Fatal(err)
	}
	reports, err := suite.Reports(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var questions []string
	for _, s := range suite.Sets {
		for _, c := range s.Cases {
			questions = append(questions, c.Question)
		}
		questions = append(questions, s.Negatives...)
	}
	for _, an := range []string{index.AnalyzerGse, index.AnalyzerCJK} {
		for _, onDisk := range []bool{false, true} {
			if raceEnabled && (an != index.AnalyzerGse || !onDisk) {
				continue // the race detector makes bleve's side slow: the store's index only
			}
			name := fmt.Sprintf("suite, %s, on disk %v", an, onDisk)
			ask(t, name, build(t, reports, index.Options{Analyzer: an}, onDisk), questions)
		}
	}

	series, err := bench.DefaultSeries(12, 1)
	if err != nil {
		t.Fatal(err)
	}
	set, err := bench.BuiltinQuestions()
	if err != nil {
		t.Fatal(err)
	}
	ix := build(t, series, index.Options{Analyzer: index.AnalyzerGse}, true)
	// Words only the older reports use: another province, another year.
	c := ask(t, "series of 12 reports", ix, append(set.All(), "云南省总工会会员有多少", "2019年工会会员多少人"))
	if c.older == 0 {
		t.Error("no search found older passages: the older part went untested")
	}
}

// TestSearchIgnoresEmptyTerms: an empty or blank term beside words that
// find passages is ignored. Matched on a candidate, "" was found again
// at the same place forever, adding spans until memory ran out.
func TestSearchIgnoresEmptyTerms(t *testing.T) {
	// 驿站 in one passage of six: a rare word, which finds passages.
	var reports []*corpus.Report
	for i, text := range []string{"全省工会会员增加。", "新建职工驿站320个。", "劳动模范评选结束。", "职工运动会举办。", "技能竞赛参赛人数增加。", "困难职工帮扶到位。"} {
		r, err := corpus.Parse(fmt.Sprint("r", i), "报告\n\n"+text+"\n")
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	ix, err := index.Build(context.Background(), "", reports, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want, err := ix.Search(context.Background(), []index.WeightedTerm{{Text: "驿站", Weight: 1}}, 10)
	if err != nil || len(want) == 0 {
		t.Fatalf("search 驿站: %v, %v", want, err)
	}
	got, err := ix.Search(context.Background(), []index.WeightedTerm{{Text: "", Weight: 1}, {Text: " \t", Weight: 1}, {Text: "驿站", Weight: 1}}, 10)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("search with empty terms beside 驿站: %+v, %v; want %+v", got, err, want)
	}
	if got, err := ix.Search(context.Background(), []index.WeightedTerm{{Text: "", Weight: 1}}, 10); err != nil || len(got) != 0 {
		t.Errorf("search for \"\" alone: %+v, %v; want nothing", got, err)
	}
}
