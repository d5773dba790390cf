package eval

import (
	"context"
	"os"
	"testing"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

func TestQuick(t *testing.T) {
	r, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, an := range []string{index.AnalyzerGse, index.AnalyzerCJK} {
		ix, err := index.Build(context.Background(), "", []*corpus.Report{r}, index.Options{Analyzer: an})
		if err != nil {
			t.Fatal(err)
		}
		eng := answer.New(ix)
		for _, set := range [][2]string{{"/work/shared/eval/dev.tsv", "/work/shared/eval/negatives.txt"}, {"testdata/questions.tsv", "testdata/negatives.txt"}} {
			f, err := os.Open(set[0])
			if err != nil {
				continue
			}
			cases, _ := ReadCases(f)
			g, _ := os.Open(set[1])
			negs, _ := ReadNegatives(g)
			res, err := Run(context.Background(), eng, an, cases, negs)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(res.Summary())
			if an == index.AnalyzerGse {
				res.WriteFailures(os.Stdout)
			}
		}
	}
}
