package eval

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

// Quality targets on our question set and the shared starter set.
const (
	minPassageAccuracy = 0.97
	minFigureAccuracy  = 0.92
	maxMedianPassage   = 200
)

func readSet(t *testing.T, tsv, negatives string) ([]Case, []string) {
	t.Helper()
	f, err := os.Open(tsv)
	if err != nil {
		t.Skipf("question set not here: %v", err)
	}
	defer f.Close()
	cases, err := ReadCases(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := os.Open(negatives)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	negs, err := ReadNegatives(g)
	if err != nil {
		t.Fatal(err)
	}
	return cases, negs
}

// TestQuality holds the answer engine to its targets and shows that the
// gse analyzer beats bleve's cjk baseline on the same questions.
func TestQuality(t *testing.T) {
	r, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	sets := []struct{ name, tsv, negatives string }{
		{"colloquial", "testdata/guizhou-trade-union-2023/colloquial.tsv", "testdata/guizhou-trade-union-2023/colloquial-negatives.txt"},
		{"shared", "../../../shared/eval/dev.tsv", "../../../shared/eval/negatives.txt"},
	}
	engines := map[string]*answer.Engine{}
	for _, an := range []string{index.AnalyzerGse, index.AnalyzerCJK} {
		ix, err := index.Build(context.Background(), "", []*corpus.Report{r}, index.Options{Analyzer: an})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		engines[an] = answer.New(ix)
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			cases, negs := readSet(t, set.tsv, set.negatives)
			gse, err := Run(context.Background(), engines[index.AnalyzerGse], "gse", cases, negs)
			if err != nil {
				t.Fatal(err)
			}
			cjk, err := Run(context.Background(), engines[index.AnalyzerCJK], "cjk", cases, negs)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(gse.Summary())
			t.Log(cjk.Summary())
			var failures strings.Builder
			gse.WriteFailures(&failures)
			if gse.PassageAccuracy() < minPassageAccuracy || gse.FigureAccuracy() < minFigureAccuracy ||
				gse.RefusedRate() < 1 || gse.MedianPassage > maxMedianPassage {
				t.Errorf("below target (passage ≥ %.0f%%, figure ≥ %.0f%%, all negatives refused, median ≤ %d):\n%s",
					100*minPassageAccuracy, 100*minFigureAccuracy, maxMedianPassage, failures.String())
			}
			if gse.PassageRight < cjk.PassageRight {
				t.Errorf("gse found fewer right passages (%d) than the cjk baseline (%d)", gse.PassageRight, cjk.PassageRight)
			}
		})
	}
}

func TestReadCases(t *testing.T) {
	cases, err := ReadCases(strings.NewReader("# header\n问题一?\t12个\t12个\n\n问题二\t-\t关键\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].Figure != "12个" || cases[1].Figure != "" || cases[1].Key != "关键" || cases[1].Line != 4 {
		t.Errorf("cases = %+v", cases)
	}
	if _, err := ReadCases(strings.NewReader("only\ttwo\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("malformed line error = %v", err)
	}
}

func TestBuiltin(t *testing.T) {
	cases, negatives, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 100 || len(negatives) < 10 {
		t.Fatalf("Builtin has %d questions and %d negatives, want the whole colloquial set", len(cases), len(negatives))
	}
}
