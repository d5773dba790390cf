package bench

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/answer/eval"
	"github.com/reportbot/reportbot/index"
)

// -bench.reports sets the collection sizes of the scale benchmarks;
// `reportbot bench` runs 1,000 in fresh processes.
var benchReports = flag.String("bench.reports", "1,10,100", "collection sizes for BenchmarkAskAtScale and BenchmarkBuildAtScale")

func builtinQuestions(t testing.TB) QuestionSet {
	t.Helper()
	set, err := BuiltinQuestions()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestQualityAtScale asks the question set of one report with the report
// among many older rewordings of itself: answers must still come from it,
// as right as when it is alone.
func TestQualityAtScale(t *testing.T) {
	n := 100
	if testing.Short() || raceEnabled {
		n = 20
	}
	ctx := context.Background()
	set := builtinQuestions(t)
	var alone eval.Result
	for _, size := range []int{1, n} {
		ix, err := index.Build(ctx, "", series(t, size, 1), index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := eval.Run(ctx, answer.New(ix), strconv.Itoa(size)+" reports", set.Cases, set.Negatives)
		ix.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Log(res.Summary())
		if size == 1 {
			alone = res
			continue
		}
		if res.PassageRight < alone.PassageRight || res.FigureRight < alone.FigureRight || res.Refused < alone.Refused {
			var b strings.Builder
			res.WriteFailures(&b)
			t.Errorf("among %d reports: %d/%d passages, %d figures, %d refused; alone: %d, %d, %d\n%s",
				size, res.PassageRight, res.Questions, res.FigureRight, res.Refused,
				alone.PassageRight, alone.FigureRight, alone.Refused, b.String())
		}
	}
}

func benchSizes(b *testing.B) []int {
	var sizes []int
	for _, f := range strings.Split(*benchReports, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("-bench.reports: bad size %q", f)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// BenchmarkAskAtScale answers the question set on collections of
// -bench.reports reports, gse beside the cjk baseline, indexes on disk.
func BenchmarkAskAtScale(b *testing.B) {
	questions := builtinQuestions(b).All()
	for _, n := range benchSizes(b) {
		reports := series(b, n, 1)
		for _, an := range []string{index.AnalyzerGse, index.AnalyzerCJK} {
			ix, err := index.Build(context.Background(), b.TempDir()+"/ix", reports, index.Options{Analyzer: an})
			if err != nil {
				b.Fatal(err)
			}
			eng := answer.New(ix)
			b.Run(fmt.Sprintf("reports=%d/%s", n, an), func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					if _, err := eng.Ask(context.Background(), questions[i%len(questions)]); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("reports=%d/%s/parallel", n, an), func(b *testing.B) {
				b.RunParallel(func(pb *testing.PB) {
					for i := 0; pb.Next(); i++ {
						if _, err := eng.Ask(context.Background(), questions[i%len(questions)]); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
			ix.Close()
		}
	}
}

// BenchmarkBuildAtScale builds the index of -bench.reports reports on
// disk, gse beside the cjk baseline.
func BenchmarkBuildAtScale(b *testing.B) {
	if _, err := index.Dictionary(); err != nil { // load once, outside the timing
		b.Fatal(err)
	}
	for _, n := range benchSizes(b) {
		reports := series(b, n, 1)
		for _, an := range []string{index.AnalyzerGse, index.AnalyzerCJK} {
			b.Run(fmt.Sprintf("reports=%d/%s", n, an), func(b *testing.B) {
				for b.Loop() {
					ix, err := index.Build(context.Background(), b.TempDir()+"/ix", reports, index.Options{Analyzer: an})
					if err != nil {
						b.Fatal(err)
					}
					ix.Close()
				}
			})
		}
	}
}

// BenchmarkSeries generates a collection of 100 reports.
func BenchmarkSeries(b *testing.B) {
	for b.Loop() {
		series(b, 100, 1)
	}
}
