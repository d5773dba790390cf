package answer

import (
	"github.com/reportbot/reportbot/index"
)

// frameGroups are the positions of the question's words that frame it
// rather than name its topic (lang/data/frame.txt): a framing word
// wherever it stands (对于, 方面, 报告, 提出, 意思); a time noun scoping it
// (年末, 上半年, 这五年: a report says 全年, or dates a whole section once),
// but not a year the engine reads as a year of its own (去年, 今年:
// relativeYears); and the noun right after an interrogative asking which kind
// ("提出了什么目标", "有啥态度", "哪几个省份"), which names the kind of
// answer, not what it is about.
//
// A frame word counts when a passage says it and does not veto one that
// covers the rest (rank's topic share): members frame questions with words
// a report seldom puts beside its topic ("报告对两岸关系提出了什么目标" is
// answered by "推进两岸关系和平发展").
func (e *Engine) frameGroups(q string, tokens []index.Term) map[int]bool {
	out := map[int]bool{}
	for i, t := range tokens {
		if _, relative := relativeYears[t.Text]; e.lang.IsFrameWord(t.Text) || isTimeNoun(t.Text) && !relative {
			out[t.Position] = true
		}
		if !e.lang.AsksKind(t.Text) {
			continue
		}
		// Over measure words and numerals (什么样, 哪几个: gse cuts 哪 /
		// 几个), to the word the interrogative asks about.
		j := nextPosition(tokens, i)
		for j >= 0 && (e.lang.IsKindMeasure(tokens[j].Text) || isNumeral(tokens[j].Text)) {
			j = nextPosition(tokens, j)
		}
		if j >= 0 && namesKind(tokens[j].Text) && e.adjoins(q, tokens, i, j) {
			out[tokens[j].Position] = true
		}
	}
	return out
}

// adjoins reports whether the words from tokens[i] to tokens[j] stand
// together in q, with nothing between them but a linking particle (什么样
// 的目标): in "什么是工会" 是 stands between, and 工会 is what is asked
// about, not the kind of answer. In search mode gse puts a word's parts
// right after it (什么样, 什么), each ending inside it, so the text between
// is read from the furthest end so far, not from the word before.
func (e *Engine) adjoins(q string, tokens []index.Term, i, j int) bool {
	end := tokens[i].End
	for _, t := range tokens {
		if t.Position == tokens[i].Position {
			end = max(end, t.End)
		}
	}
	for _, t := range tokens[i+1 : j+1] {
		if t.Start > end {
			for _, r := range q[end:t.Start] {
				if !e.lang.IsKindLink(string(r)) {
					return false
				}
			}
		}
		end = max(end, t.End)
	}
	return true
}

// isNumeral reports a numeral or measure word by gse's part of speech (m,
// q, mq): 几个 of 哪几个.
func isNumeral(w string) bool { return numeralTag(index.PartOfSpeech(w)) }

// numeralTag reports gse's parts of speech of numerals and measure words.
func numeralTag(pos string) bool { return pos == "m" || pos == "q" || pos == "mq" }

// namesKind reports whether a word after an interrogative can name a kind
// of thing: a common noun or a verbal noun (gse's n, nl, ng, vn) — not a
// name of a person, place, organisation or other proper noun (nr*, ns,
// nt, nz: "什么北京", "有什么新华社报道" name one thing).
func namesKind(w string) bool {
	switch index.PartOfSpeech(w) {
	case "n", "nl", "ng", "vn":
		return true
	}
	return false
}
