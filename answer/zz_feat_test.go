package answer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store"
)

func loadDbgEngine(t *testing.T) *Engine {
	ctx := context.Background()
	st, err := store.Open(ctx, "/tmp/dbgdata", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reps, err := st.Parsed()
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Build(ctx, "", reps, index.Options{Analyzer: "zh_gse"})
	if err != nil {
		t.Fatal(err)
	}
	return New(ix)
}

// prints features of messages that name a subject and ask.
func TestZZFeat(t *testing.T) {
	glob := os.Getenv("DBG_PAIRS")
	if glob == "" {
		t.Skip()
	}
	e := loadDbgEngine(t)
	ctx := context.Background()
	files, _ := filepath.Glob(glob)
	for _, f := range files {
		b, _ := os.ReadFile(f)
		var prevQ string
		for _, line := range strings.Split(string(b), "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			var first, second, kind string
			if strings.Contains(f, "followup") {
				first, second, kind = cols[0], cols[1], cols[2]
			} else {
				first, second, kind = prevQ, cols[0], "consec"
				prevQ = cols[0]
				if first == "" {
					continue
				}
			}
			_, prev, err := e.Follow(ctx, nil, first)
			if err != nil || prev == nil || prev.passage == nil {
				continue
			}
			r, a, err := e.read(second)
			if err != nil {
				continue
			}
			q := a.Question
			c := readCues(q)
			if c.core == "" {
				continue
			}
			core, _, err := e.read(c.core)
			if err != nil {
				continue
			}
			subject := false
			for _, g := range core.groups {
				subject = subject || g.slot == slotSubject && !c.refersTo(g.word)
			}
			if !(subject && c.asks) {
				continue
			}
			alone, _, _ := e.answer(ctx, r, a)
			m, _, _ := e.merge(prev, core, c, false)
			merged, _, _ := e.answer(ctx, m, a)
			sameP := func(x Answer) string {
				switch {
				case !x.Found:
					return "none"
				case x.Passage.Key == prev.passage.Key:
					return "prevP"
				case x.Passage.Section == prev.passage.Section && x.Passage.ReportID == prev.passage.ReportID:
					return "prevS"
				case x.Passage.ReportID == prev.passage.ReportID:
					return "prevR"
				}
				return "other"
			}
			fmt.Printf("%s\talone=%s %.2f\tmerged=%s %.2f\t%s → %s\n", kind, sameP(alone), alone.Score, sameP(merged), merged.Score, first, second)
		}
	}
}

func TestZZGroups(t *testing.T) {
	qs := os.Getenv("DBG_G")
	if qs == "" {
		t.Skip()
	}
	e := loadDbgEngine(t)
	for _, q := range strings.Split(qs, "|") {
		c := readCues(q)
		core, _, err := e.read(c.core)
		if err != nil {
			fmt.Println(q, err)
			continue
		}
		fmt.Printf("== %s core=%q asks=%v lead=%v tail=%v demo=%v elab=%v referents=%v\n", q, c.core, c.asks, c.lead, c.tail, c.demonstrative, c.elaboration, c.referents)
		for _, g := range core.groups {
			fmt.Printf("   %q slot=%d pos=%s\n", g.word, g.slot, index.PartOfSpeech(g.word))
		}
	}
}
