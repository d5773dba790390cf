package answer

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZExplain(t *testing.T) {
	qs := os.Getenv("DBG_Q")
	if qs == "" {
		t.Skip()
	}
	e := loadDbgEngine(t)
	ctx := context.Background()
	for _, q := range strings.Split(qs, "|") {
		r, a, err := e.read(q)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("== %s  intent=%+v years=%v rel=%v pins=%v\n", q, r.intent, r.years, r.relative, r.query.pins)
		for _, tm := range r.query.terms {
			fmt.Printf("   term %-8s g=%d idf=%.2f f=%.1f known=%v top=%v frame=%v every=%v w=%.2f\n", tm.text, tm.group, tm.idf, tm.factor, tm.known, tm.topical, tm.frame, tm.everyday, r.query.weights[tm.group])
		}
		hits, _ := e.ix.Search(ctx, expand(r.query.terms), e.Candidates)
		ranked := rank(hits, r.query, r.intent)
		want := os.Getenv("DBG_WANT")
		for i, c := range ranked {
			if i < 3 || want != "" && strings.Contains(c.hit.Passage.Text, want) {
				fs := ""
				if c.figure != nil {
					fs = c.figure.Text
				}
				fmt.Printf("   #%d cov=%.2f topic=%.2f str=%.2f fshare=%.2f score=%.2f fig=%s m=%v | %.60s\n", i, c.coverage, c.topic, c.strongest, c.figureShare, c.score, fs, c.matched, c.hit.Passage.Text)
			}
		}
		ans, _, _ := e.answer(ctx, r, a)
		fmt.Printf("   -> found=%v\n", ans.Found)
	}
}
