package answer

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/index"
)

// framedWords are the words of q whose positions frameGroups marks.
func framedWords(e *Engine, q string) []string {
	tokens := e.ix.Analyze(q)
	framed := e.frameGroups(q, tokens)
	var out []string
	for i, t := range tokens {
		if framed[t.Position] && (i == 0 || tokens[i-1].Position != t.Position) {
			out = append(out, t.Text)
		}
	}
	return out
}

func TestFrameGroups(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct {
		question string
		want     []string
	}{
		// The report, its reporting verb and the kind asked for frame it;
		// 两岸关系 is the topic.
		{"报告对两岸关系提出了什么目标", []string{"报告", "提出", "目标"}},
		{"今年在建设全国统一大市场方面有什么部署", []string{"方面", "部署"}},
		{"西部地区包含哪些省份", []string{"省份"}},
		// 目标 after no interrogative is the topic: the target, not the result.
		{"今年国内生产总值的增长目标是多少", nil},
		{"中部地区是指哪几个省", []string{"省"}},
		// A name after 什么 is no kind, nor is a topic with a verb between.
		{"有什么新华社报道", nil},
		// The kind after 什么样 (gse: 什么样, then its part 什么): the text
		// between is read from the end of the whole word.
		{"报告提出了什么样的目标", []string{"报告", "提出", "目标"}},
		{"什么是工会", nil},
		// No interrogative asking which kind, no frame.
		{"工会会员有多少人", nil},
		// A time noun scopes the question; a year relative to the
		// report's dates it instead.
		{"年末全国人口有多少", []string{"年末"}},
		{"这五年工会会员增加了多少", []string{"五年"}},
		{"上半年工会会员增加了多少", []string{"上半年"}},
		// An age of life is who is asked about, not when.
		{"青年会员有多少人", nil},
		{"去年工会会员有多少人", nil},
		// A period of one unit a figure is reckoned over.
		{"房地产开发一年投了多少钱", []string{"一年"}},
	} {
		if got := framedWords(e, tc.question); !slices.Equal(got, tc.want) {
			t.Errorf("frame words of %q = %q, want %q", tc.question, got, tc.want)
		}
	}
}

// TestFrameDoesNotVeto: a frame word counts when the passage says it and
// is left out of what an answer must cover when it does not; ranking still
// weighs the whole question.
func TestFrameDoesNotVeto(t *testing.T) {
	qr := query{
		terms: []term{
			{text: "两岸", group: 1, idf: 6, factor: 1, known: true},
			{text: "关系", group: 2, idf: 3, factor: 1, known: true},
			{text: "目标", group: 3, idf: 3, factor: 1, known: true, frame: true},
		},
		weights: map[int]float64{1: 6, 2: 3, 3: 3},
	}
	hit := func(key string, words ...string) index.Hit {
		h := index.Hit{Matched: map[string][]string{index.FieldText: words}}
		h.Passage.Key = key
		return h
	}
	got := map[string]candidate{}
	for _, c := range rank([]index.Hit{hit("topic", "两岸", "关系"), hit("frame", "两岸", "目标"), hit("only-frame", "目标")}, qr, intent{}) {
		got[c.hit.Passage.Key] = c
	}
	for _, tc := range []struct {
		key             string
		coverage, topic float64
	}{
		{"topic", 0.75, 1},    // the topic whole, no 目标: nothing missing
		{"frame", 0.75, 0.75}, // 目标 said counts like any word
		{"only-frame", 0.25, 0.25},
	} {
		c := got[tc.key]
		if !near(c.coverage, tc.coverage) || !near(c.topic, tc.topic) {
			t.Errorf("%s: coverage %.3f, topic %.3f; want %.3f, %.3f", tc.key, c.coverage, c.topic, tc.coverage, tc.topic)
		}
	}
}

// TestContextCountsLess: a word the question says only in a clause before
// its last counts Weights.Context of its weight in the topic an answer
// must cover, when that is more; its coverage, which ranks, keeps full
// weights; and a context noun the passage lacks vetoes nothing (missing).
func TestContextCountsLess(t *testing.T) {
	qr := query{
		terms: []term{
			{text: "小生意", group: 1, idf: 6, factor: 1, known: true, topical: true},
			{text: "进出口", group: 2, idf: 4, factor: 1, known: true, topical: true},
			{text: "总额", group: 3, idf: 2, factor: 1, known: true, topical: true},
		},
		weights:       map[int]float64{1: 6, 2: 4, 3: 2},
		context:       map[int]bool{1: true},
		contextWeight: 0.5,
	}
	hit := func(key string, words ...string) index.Hit {
		h := index.Hit{Matched: map[string][]string{index.FieldText: words}}
		h.Passage.Key = key
		return h
	}
	got := map[string]candidate{}
	for _, c := range rank([]index.Hit{hit("asked", "进出口", "总额"), hit("context", "小生意"), hit("all", "小生意", "进出口", "总额")}, qr, intent{}) {
		got[c.hit.Passage.Key] = c
	}
	for _, tc := range []struct {
		key                      string
		coverage, topic, missing float64
	}{
		{"asked", 0.5, 6.0 / 9, 0}, // 6 of 12 covered; of 3+4+2 with the context at half
		{"context", 0.5, 0.5, 4},   // the context alone: no better at half (3/9), and 进出口 is missing
		{"all", 1, 1, 0},
	} {
		c := got[tc.key]
		if !near(c.coverage, tc.coverage) || !near(c.topic, tc.topic) || !near(c.missing, tc.missing) {
			t.Errorf("%s: coverage %.3f, topic %.3f, missing %.1f; want %.3f, %.3f, %.1f", tc.key, c.coverage, c.topic, c.missing, tc.coverage, tc.topic, tc.missing)
		}
	}
}

// TestFramesOnlyAreTheTopic: a question of frame words only ("公报指出了
// 什么") has no topic for them to give way to; a passage saying one of
// them covers only its share.
func TestFramesOnlyAreTheTopic(t *testing.T) {
	qr := query{
		terms: []term{
			{text: "公报", group: 1, idf: 4, factor: 1, known: true, frame: true},
			{text: "指出", group: 2, idf: 4, factor: 1, known: true, frame: true},
		},
		weights: map[int]float64{1: 4, 2: 4},
	}
	h := index.Hit{Matched: map[string][]string{index.FieldText: {"指出"}}}
	for _, c := range rank([]index.Hit{h}, qr, intent{}) {
		if !near(c.coverage, 0.5) || !near(c.topic, 0.5) {
			t.Errorf("coverage %.3f, topic %.3f; want 0.5 and 0.5", c.coverage, c.topic)
		}
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestFramedQuestionAnswered(t *testing.T) {
	e := mustEngine(t)
	a, err := e.Ask(context.Background(), "遵义市总工会的公益培训叫什么名字")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Passage.Text, "新时代职工大学堂") {
		t.Errorf("found %v, passage %+v; want the passage naming 新时代职工大学堂", a.Found, a.Passage)
	}
	// A frame does not make an answer of a passage about something else:
	// the report names no 工会主席 election procedure.
	a, err = e.Ask(context.Background(), "工会主席选举程序是什么")
	if err != nil {
		t.Fatal(err)
	}
	if a.Found {
		t.Errorf("工会主席选举程序是什么: answered by %q", a.Passage.Text)
	}
}

// TestContextGroups: the groups a question says only in clauses before
// its last are its context; a question of one clause, or whose earlier
// words recur in the last, has none there.
func TestContextGroups(t *testing.T) {
	// tokens are the words at positions 0, 1, …, each found in q after
	// the one before.
	tokens := func(q string, words ...string) []index.Term {
		var out []index.Term
		at := 0
		for pos, w := range words {
			i := at + strings.Index(q[at:], w)
			out = append(out, index.Term{Text: w, Start: i, End: i + len(w), Position: pos})
			at = i + len(w)
		}
		return out
	}
	for _, tc := range []struct {
		q     string
		words []string
		want  []int
	}{
		{"我在做外贸，想问货物进出口多少？", []string{"外贸", "货物", "进出口"}, []int{0}},
		{"家里老人七十多了，腿脚不好，失能老人有啥补贴", []string{"老人", "腿脚", "失能", "老人", "补贴"}, []int{0, 1}},
		{"做外贸的，进出口多少", []string{"外贸", "进出口"}, []int{0}},
		{"货物进出口总额是多少？", []string{"货物", "进出口", "总额"}, nil},
		{"货物进出口总额是多少？？", []string{"货物", "进出口", "总额"}, nil},
		{"，货物进出口", []string{"货物", "进出口"}, nil},
		// A last clause with nothing of its own asks nothing of its own.
		{"货物进出口总额，是多少？", []string{"货物", "进出口", "总额"}, nil},
		// Trailing symbols end no clause.
		{"做外贸的，进出口多少？~😊", []string{"外贸", "进出口"}, []int{0}},
		// A comma between digits is a thousands separator.
		{"会员是不是有1,000万人", []string{"会员", "1", "000", "万人"}, nil},
		{"会员是不是有1，000万人", []string{"会员", "1", "000", "万人"}, nil},
	} {
		got := slices.Sorted(maps.Keys(contextGroups(tc.q, tokens(tc.q, tc.words...))))
		if !slices.Equal(got, tc.want) {
			t.Errorf("contextGroups(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

// TestAsideSpans: greetings before the clause that asks are asides; a
// greeting that is the whole message, and a last clause, are searched.
func TestAsideSpans(t *testing.T) {
	for _, tc := range []struct {
		q      string
		asides []string
	}{
		{"老师好，能多补几块钱？", []string{"老师好"}},
		{"你好，各位大佬好，有多少会员", []string{"你好", "各位大佬好"}},
		{"老师好", nil},
		{"有多少会员？谢谢", nil},
	} {
		var got []string
		for _, sp := range asideSpans(tc.q) {
			got = append(got, tc.q[sp[0]:sp[1]])
		}
		if !slices.Equal(got, tc.asides) {
			t.Errorf("asideSpans(%q) = %q, want %q", tc.q, got, tc.asides)
		}
	}
}

// A word gse's search mode cuts into parts stands before its parts, which
// start inside it: adjoins steps over them instead of reading the text
// between a word and a part that starts before the word ends.
func TestAdjoinsOverSearchModeParts(t *testing.T) {
	e := mustEngine(t)
	q := "有什么劳动模范"
	tokens := []index.Term{
		{Text: "有", Start: 0, End: 3, Position: 1},
		{Text: "什么", Start: 3, End: 9, Position: 2},
		{Text: "劳动模范", Start: 9, End: 21, Position: 3},
		{Text: "劳动", Start: 9, End: 15, Position: 3},
		{Text: "模范", Start: 15, End: 21, Position: 3},
	}
	if !e.adjoins(q, tokens, 1, 4) {
		t.Errorf("劳动模范's parts do not adjoin 什么 in %q", q)
	}
	apart := []index.Term{{Text: "什么", Start: 0, End: 6, Position: 1}, {Text: "工会", Start: 9, End: 15, Position: 3}}
	if e.adjoins("什么是工会", apart, 0, 1) {
		t.Errorf("工会 adjoins 什么 over 是")
	}
}

// A numeral gse cuts into parts between the interrogative and its noun
// (二十多个: 二十, 十多, 多个…) is read over, not sliced backwards.
func TestKindAfterNumeralParts(t *testing.T) {
	e := mustEngine(t)
	for _, q := range []string{"哪二十多个国家参加了", "哪两百个省", "什么一百多个项目获得资助"} {
		if _, err := e.Ask(context.Background(), q); err != nil {
			t.Errorf("Ask(%q): %v", q, err)
		}
	}
}
