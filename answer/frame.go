package answer

import (
	"strings"

	"github.com/reportbot/reportbot/index"
)

// frameGroups are the positions of the question's words that frame it
// rather than name its topic (lang/data/frame.txt): a framing word
// wherever it stands (对于, 方面, 报告, 提出, 意思), and the noun right after
// an interrogative asking which kind ("提出了什么目标", "有啥态度", "哪几个
// 省份"), which names the kind of answer, not what it is about.
//
// A frame word counts when a passage says it and does not veto one that
// covers the rest (rank's topic share): members frame questions with words
// a report seldom puts beside its topic ("报告对两岸关系提出了什么目标" is
// answered by "推进两岸关系和平发展").
func (e *Engine) frameGroups(tokens []index.Term) map[int]bool {
	out := map[int]bool{}
	for i, t := range tokens {
		if e.lang.IsFrameWord(t.Text) {
			out[t.Position] = true
		}
		if !e.lang.AsksKind(t.Text) {
			continue
		}
		j := nextPosition(tokens, i)
		for j >= 0 && e.lang.IsKindMeasure(tokens[j].Text) {
			j = nextPosition(tokens, j)
		}
		if j >= 0 && namesKind(tokens[j].Text) {
			out[tokens[j].Position] = true
		}
	}
	return out
}

// namesKind reports whether a word after an interrogative can name a kind
// of thing: a common noun or a verbal noun (gse's n*, vn) — not a person's
// or place's name ("哪些省份" asks for provinces, "什么北京" names Beijing).
func namesKind(w string) bool {
	pos := index.PartOfSpeech(w)
	return strings.HasPrefix(pos, "n") && pos != "nr" && pos != "ns" || pos == "vn"
}
