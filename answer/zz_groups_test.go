package answer

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/index"
)

func TestZZGroups2(t *testing.T) {
	qs := os.Getenv("DBG_G")
	if qs == "" {
		t.Skip()
	}
	e := loadDbgEngine(t)
	for _, q := range strings.Split(qs, "|") {
		r, _, err := e.read(q)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("== %s\n", q)
		for _, g := range r.groups {
			fmt.Printf("   %s slot=%d pos=%s topical=%v thing=%v action=%v\n", g.word, g.slot, index.PartOfSpeech(g.word), isTopical(g.word), namesThing(g.word), namesAction(g.word))
		}
	}
}
