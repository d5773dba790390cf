package answer

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/lang"
)

func TestSpeaksOf(t *testing.T) {
	added := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hit := func(title, paragraph string, years ...int) index.Hit {
		return index.Hit{ReportTitle: title, Added: added, Passage: corpus.Passage{Paragraph: paragraph, Years: years}}
	}
	row := hit("ESG报告", "指标：环境管理，量化项：环保总投入，2024：3,631.76万元。", 2024, 2022)
	row.Passage.Figures = []corpus.Figure{{Text: "3,631.76万元", Year: 2024}}
	for _, tc := range []struct {
		name string
		hit  index.Hit
		year int
		want bool
	}{
		{"a table row's year is its figures'", row, 2024, true},
		{"a table row's year is no other the report mentions", row, 2022, false},
		{"named in the paragraph", hit("报告", "2021年粮食产量1.37万亿斤", 2021, 2022), 2021, true},
		{"another year named", hit("报告", "2021年粮食产量1.37万亿斤", 2021, 2022), 2020, false},
		{"去年 in a report titled 2022", hit("2022年政府工作报告", "去年国内生产总值增长8.1%", 2022), 2021, true},
		{"去年 is not the report's year", hit("2022年政府工作报告", "去年国内生产总值增长8.1%", 2022), 2022, false},
		{"全年 is the report's year", hit("2021年统计公报", "全年货物进出口总额增长21.4%", 2021, 2020), 2021, true},
		{"全年 is the year of the report, not of its writing", hit("2021年统计公报", "全年货物进出口总额增长21.4%", 2021, 2020, 2022), 2022, false},
		{"今年 is the year of its writing", hit("2021年统计公报", "今年发布", 2021, 2020, 2022), 2022, true},
		{"比上年 compares, it does not date", hit("2021年统计公报", "全年货物进出口总额比上年增长21.4%", 2021, 2020), 2020, false},
		{"nor does 比去年", hit("政府工作报告", "今年赤字率拟按2.8%左右安排、比去年有所下调", 2021, 2022), 2021, false},
		{"较去年 neither", hit("政府工作报告", "今年赤字率较去年有所下调", 2021, 2022), 2021, false},
		{"去年 said on its own too", hit("政府工作报告", "比去年下调，去年赤字率为3.2%", 2021, 2022), 2021, true},
		{"nor does 比2024年", hit("预算报告", "2025年全市一般公共预算收入8500.9亿元，比2024年增长1.5%", 2025, 2024), 2024, false},
		{"the year it gives a figure of", hit("预算报告", "2025年全市一般公共预算收入8500.9亿元，比2024年增长1.5%", 2025, 2024), 2025, true},
		{"a compared year named on its own too", hit("预算报告", "2024年收入8376亿元，2025年比2024年增长1.5%", 2025, 2024), 2024, true},
		{"比较 compares no year", hit("预算报告", "与全国平均水平比较2023年收入较高", 2023, 2024), 2023, true},
		{"undated passage, year the report mentions", hit("工作报告", "建成服务站1200个", 2018, 2023), 2018, true},
		{"undated passage, year the report never mentions", hit("工作报告", "建成服务站1200个", 2018, 2023), 2024, false},
		{"a plan's 2035 is not the report's date", hit("工作报告", "今年城镇新增就业1100万人", 2022, 2035), 2022, true},
		{"全年 of an untitled report is the year it mentions most", hit("ESG报告", "全年招聘399人", 2024, 2025), 2024, true},
		{"全年 of an untitled report is not the year it was written", hit("ESG报告", "全年招聘399人", 2024, 2025), 2025, false},
	} {
		if got := speaksOf(tc.hit, tc.year); got != tc.want {
			t.Errorf("%s: speaksOf(%d) = %v, want %v", tc.name, tc.year, got, tc.want)
		}
	}
}

// A year a question names that a passage is dated to need not be
// written in it (datedGroups): the communiqué on 2021 says 全年, its
// title the year. One the passage is not dated to, or an undated
// passage's year other than its report's, still asks to be said.
func TestDatedGroups(t *testing.T) {
	added := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
	hit := func(title, paragraph string, years ...int) index.Hit {
		h := index.Hit{ReportTitle: title, Added: added, Passage: corpus.Passage{Text: paragraph, Paragraph: paragraph, Years: years}}
		// What a search would have matched of the question's words.
		for _, w := range []string{"2021", "2020", "2019", "平均气温"} {
			if strings.Contains(paragraph, w) {
				h.Matched = map[string][]string{index.FieldText: append(h.Matched[index.FieldText], w)}
			}
		}
		return h
	}
	terms := []term{{text: "2021", group: 0}, {text: "平均气温", group: 1}}
	for _, tc := range []struct {
		name  string
		hit   index.Hit
		years []int
		want  bool
	}{
		{"全年 of the report's year", hit("2021年统计公报", "全年平均气温为10.53℃", 2021, 2022), []int{2021}, true},
		{"written: said, not dated", hit("2021年统计公报", "2021年平均气温为10.53℃", 2021, 2022), []int{2021}, false},
		{"dated to another year", hit("2021年统计公报", "2020年平均气温为10.25℃", 2020, 2021), []int{2021}, false},
		{"undated, the report's year", hit("2021年统计公报", "平均气温为10.53℃", 2021, 2019), []int{2021}, true},
		{"undated, a year the report mentions but is not of", hit("2021年统计公报", "平均气温为10.53℃", 2021, 2019), []int{2019}, false},
		{"no year named", hit("2021年统计公报", "全年平均气温为10.53℃", 2021), nil, false},
	} {
		terms := terms
		if len(tc.years) > 0 && tc.years[0] != 2021 {
			terms = []term{{text: fmt.Sprint(tc.years[0]), group: 0}, terms[1]}
		}
		got := datedGroups(tc.hit, terms, tc.years)[0]
		if got != tc.want {
			t.Errorf("%s: year credited %v, want %v", tc.name, got, tc.want)
		}
		if datedGroups(tc.hit, terms, tc.years)[1] {
			t.Errorf("%s: a word that is no year credited", tc.name)
		}
	}
}

// A place a report is about (its title names it) asks the passages of
// other reports to say it; a place no report among the hits is about
// asks nothing.
func TestAboutRegions(t *testing.T) {
	hit := func(title, paragraph string) index.Hit {
		return index.Hit{ReportTitle: title, Passage: corpus.Passage{Paragraph: paragraph}}
	}
	shanghai := hit("关于上海市2025年预算执行情况和2026年预算草案的报告", "全市一般公共预算收入8500.9亿元")
	nation := hit("政府工作报告", "今年拟安排地方政府专项债券3.65万亿元")
	saysIt := hit("政府工作报告", "上海、北京等地率先试点")
	texts := func(hits []index.Hit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.ReportTitle+"/"+h.Passage.Paragraph)
		}
		return out
	}
	all := []index.Hit{shanghai, nation, saysIt}
	titles := []string{shanghai.ReportTitle, nation.ReportTitle}
	for _, tc := range []struct {
		name    string
		hits    []index.Hit
		regions []string
		want    []index.Hit
	}{
		{"a report about 上海", all, []string{"上海"}, []index.Hit{shanghai, saysIt}},
		{"its passages taken out by a year", []index.Hit{nation, saysIt}, []string{"上海"}, []index.Hit{saysIt}},
		{"no report about 北京", all, []string{"北京"}, all},
		{"no place", all, nil, all},
	} {
		before := texts(tc.hits)
		got := aboutRegions(tc.hits, titles, tc.regions)
		if !slices.Equal(texts(got), texts(tc.want)) {
			t.Errorf("%s: aboutRegions = %q, want %q", tc.name, texts(got), texts(tc.want))
		}
		if !slices.Equal(texts(tc.hits), before) {
			t.Errorf("%s: aboutRegions changed its input to %q", tc.name, texts(tc.hits))
		}
	}
}

// Regions are place names the reports use, which pin nothing alone.
func TestRegions(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct {
		question string
		regions  []string
	}{
		{"贵州工会会员有多少人", []string{"贵州"}},
		{"云南省有多少工会会员", nil}, // a pin: no report names it
		{"城市户外劳动者服务站有多少个", []string{"城市"}},
		{"工会会员有多少人", nil},
	} {
		q := lang.ToSimplified(tc.question)
		qr, err := e.queryTerms(q, e.ix.Analyze(q))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(qr.regions, tc.regions) {
			t.Errorf("regions(%q) = %q, want %q", tc.question, qr.regions, tc.regions)
		}
	}
}

func TestPins(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct {
		question string
		want     []string
	}{
		{"省工会第十六次代表大会什么时候开", []string{"第十六次"}}, // with its measure word
		{"云南省有多少工会会员", []string{"云南"}},
		{"毕节市工会给了多少扶贫资金", []string{"毕节"}},
		{"咱们省工会会员现在有多少人", nil},     // a pronoun before 省 names no place
		{"和哪两个省总工会签了协议", nil},      // nor a count
		{"在外省看病直接结算的比例达到多少", nil},  // nor 在 + 外省
		{"除了省总投的2100万还有多少资金", nil}, // nor a preposition
		{"疫情期间省职工医院培训了多少人", nil},   // nor a word of direction
		{"审查方面，省总工会做了什么", nil},     // nor a word before a comma
		// City names gse tags as verbs or adverbs from their other senses.
		{"监利市总工会会员有多少", []string{"监利"}},
		{"遵义市总工会会员有多少", []string{"遵义"}}, // the shortest: 遵义 says it too
		// A city no report names, said without 市, which gse tags as no
		// place (周口 n): lang's list of prefectures names it.
		{"周口GDP涨了多少", []string{"周口"}},
		{"恩施职工有多少", []string{"恩施"}},
		{"在六安打工的农民工多少人", []string{"六安"}},
		// Inside another word a listed name is none: 长治 in 长治久安, 三明
		// in 三明治 (gse tags them no place).
		{"如何保障职工队伍长治久安", nil},
		{"工会食堂的三明治多少钱", nil},
		{"长治市总工会会员有多少", []string{"长治"}},
		{"工会会员有多少人", nil},
		// A Latin word the reports never use pins as a name; an English
		// greeting or courtesy typed before the question is none.
		{"ESG评级是多少", []string{"esg"}},
		{"Hi, 工会会员有多少人", nil},
		{"ok 工会会员有多少人", nil},
		{"hello 工会会员有多少人 thx", nil},
		// Quoted names pin; a quoted slogan (with a comma) or a single
		// quoted character does not, nor the name of a report.
		{"“十五五”期间工会会员有多少人", []string{"十五五"}},
		{"《工会法》是哪年修订的", []string{"工会法"}},
		{"“货比三家，择优采购”是什么意思", nil},
		{"“会”字怎么写", nil},
		{"《“十四五”规划》的目标是什么", []string{"十四五"}},
		{"＂十五五＂规划的目标", []string{"十五五"}}, // NFKC: ASCII quotes
		{`"春风行动、金秋招聘月"以及"民营企业招聘月"一共举办了多少场`, []string{"民营企业招聘月"}},
		{`十五五"规划和"十四五"`, nil}, // unpaired: none read
		{"“十五五」规划", nil},      // marks of two kinds pair nothing
		{"《工会工作报告》里会员有多少人", nil},
	} {
		q, err := Normalize(tc.question)
		if err != nil {
			t.Fatal(err)
		}
		qr, err := e.queryTerms(q, e.ix.Analyze(q))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(qr.pins, tc.want) {
			t.Errorf("pins(%q) = %q, want %q", tc.question, qr.pins, tc.want)
		}
	}
}

// A quoted name is one thing: a passage that does not name it speaks of
// another, however much of the rest it covers. The passage on job fairs
// (4520场) names 春风行动 and not 工匠基金, a fund named elsewhere in the
// report.
func TestQuotedNamePins(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct {
		question string
		found    bool
	}{
		{"“春风行动”举办了多少场招聘活动", true},
		{"工匠基金举办了多少场招聘活动", true}, // unquoted: no pin (the refusal model may still doubt it)
		{"“工匠基金”举办了多少场招聘活动", false},
		{"“春风行动招聘月”举办了多少场招聘活动", false},
		// Said with the quotation marks elsewhere: “十四五”时期.
		{"“十四五时期”东西部协作框架协议是和谁签的", true},
		{"《工会工作报告》里会员有多少人", true}, // the report's name pins nothing
	} {
		a, err := e.Ask(context.Background(), tc.question)
		if err != nil {
			t.Fatal(err)
		}
		// Found, or doubted by the model alone: no rule refuses it.
		if found := a.Found || a.Refusal == RefusedByModel; found != tc.found {
			t.Errorf("%s: found=%v (refused by %q), want %v", tc.question, a.Found, a.Refusal, tc.found)
		}
	}
}

func TestUnknownWordsResolved(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct {
		question, word string
	}{
		{"公会会员有多少人", "工会"},     // homophone typed by pinyin
		{"职代会建会绿是多少", "建会率"},   // a homophone gse reads as a word and a character
		{"職工會員有多少", "职工"},      // traditional characters (Ask simplifies first)
		{"劳模创新工作室有几个", "劳动模范"}, // abbreviation, and the embedded synonym
	} {
		q := lang.ToSimplified(tc.question)
		qr, err := e.queryTerms(q, e.ix.Analyze(q))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, term := range qr.terms {
			found = found || term.text == tc.word && term.known
		}
		if !found {
			t.Errorf("%q: no known term %q among %+v", tc.question, tc.word, qr.terms)
		}
	}
}

// A typo gse reads as a word and a character (建会 + 绿) is read as the
// report word the two sound like together; a character that is a stop
// word, or two characters alone, are not joined.
func TestJoinedTypos(t *testing.T) {
	r, err := corpus.Parse("t", "市政府工作报告\n\n全省建会率达到95%，市政府安排资金3亿元。")
	if err != nil {
		t.Fatal(err)
	}
	e := engineFor(t, r)
	for _, tc := range []struct {
		question string
		want     []string
	}{
		{"职代会建会绿是多少", []string{"建会率"}},
		{"全省建会律是多少", nil},   // one word gse does not know: Homophones reads it
		{"这件事政府怎么说", nil},   // a character before a word: 事 + 政府 is no 市政府
		{"2023年新建了多少", nil}, // a character and a character (年, 新) are not joined
	} {
		tokens := e.ix.Analyze(tc.question)
		asked := map[int]bool{}
		for _, tk := range tokens {
			asked[tk.Position] = asked[tk.Position] || !e.lang.IsQuestionWord(tk.Text)
		}
		var got []string
		for _, j := range joinedTypos(tokens, asked, e.ix.Lexicon()) {
			got = append(got, j.words...)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("joinedTypos(%q) = %q, want %q (tokens %v)", tc.question, got, tc.want, tokens)
		}
	}
}

func TestNearestWhenClose(t *testing.T) {
	// An engine that asks for more than any passage covers refuses a
	// question the report answers; its best passage is offered instead.
	strict := *mustEngine(t)
	strict.Weights.MinCoverage = 1.01
	strict.Evidence.Fitted = false // the rule alone: the model would answer it
	a, err := strict.Ask(t.Context(), "工会会员有多少人")
	if err != nil {
		t.Fatal(err)
	}
	if a.Found || a.Nearest == nil || !strings.Contains(a.Nearest.Text, "693.96万人") {
		t.Errorf("refused but close: found=%v nearest=%+v, want not found with the 693.96万人 passage as nearest", a.Found, a.Nearest)
	}
	if len(a.Unsaid) != 0 {
		t.Errorf("the nearest passage says every word of the question, but unsaid = %q", a.Unsaid)
	}
	for _, q := range []string{"明天上海会下雨吗", "What is the capital of France?"} {
		a, err := mustEngine(t).Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Found || a.Nearest != nil {
			t.Errorf("%q: found=%v nearest=%+v, want neither", q, a.Found, a.Nearest)
		}
	}
}

// A quantity question whose best passage names its topic but counts other
// things is refused: no figure's own words describe what is asked; with
// MinFigureShare at 0 the same passage is answered.
func TestFigureMustDescribeWhatIsAsked(t *testing.T) {
	const q = "单身职工联谊活动办了多少场"
	a, err := mustEngine(t).Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if a.Found {
		t.Errorf("%q answered with %q (figure %+v)", q, a.Passage.Text, a.Figure)
	}
	lax := *mustEngine(t)
	lax.Weights.MinFigureShare = 0
	b, err := lax.Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Found || !strings.Contains(b.Passage.Text, "单身职工联谊") {
		t.Errorf("without the figure check: found=%v passage=%v, want the passage naming 单身职工联谊", b.Found, b.Passage)
	}
}

// An ordinal pin is said only whole: 第三 is not said by 第三十条, another
// ordinal, nor 第1 by 第15届.
func TestOrdinalPinsWhole(t *testing.T) {
	hit := func(paragraph string) index.Hit {
		return index.Hit{Passage: corpus.Passage{Paragraph: paragraph}}
	}
	for _, tc := range []struct {
		paragraph        string
		ordinals, places []string
		kept             bool
	}{
		{"污染物管理，第三十条、第三十一条", []string{"第三"}, nil, false},
		{"第三供应商须整改", []string{"第三"}, nil, true},
		{"第三十条第三款", []string{"第三"}, nil, true}, // said whole after a longer one
		{"第15届全运会", []string{"第1"}, nil, false},
		{"第十五次代表大会", []string{"第十五"}, nil, true},
		{"云南省第十五次代表大会", []string{"第十五"}, []string{"云南"}, true},
		// With its measure word, said only with it: the 第十六届 people's
		// congress is not a 第十六次 congress.
		{"第十五次代表大会", []string{"第十五次"}, nil, true},
		{"第十六届人民代表大会第四次会议", []string{"第十六次"}, nil, false},
		// ...but by one of the same family, or by the number alone.
		{"蝉联金牌榜和奖牌榜第一位", []string{"第一名"}, nil, true},
		{"在第十六届残奥会上", []string{"第十六"}, nil, true},
		{"第三批试点", []string{"第三次"}, nil, false},
		{"名列第三", []string{"第三名"}, nil, true},
		{"第三十条", nil, []string{"第三"}, true}, // not an ordinal: said anywhere
	} {
		qr := query{ordinals: tc.ordinals, places: tc.places, pins: slices.Concat(tc.ordinals, tc.places)}
		got := saying([]index.Hit{hit(tc.paragraph)}, qr)
		if kept := len(got) == 1; kept != tc.kept {
			t.Errorf("%q pinned by %q and %q: kept=%v, want %v", tc.paragraph, tc.ordinals, tc.places, kept, tc.kept)
		}
	}
}

// TestMissingNoun: a passage's missing is the rarity of the rarest noun of
// the question's own, known to the reports, that neither it nor its
// context says; a word it says in its paragraph, a synonym it says, a
// verb, an unknown word or a frame word is not missing.
func TestMissingNoun(t *testing.T) {
	qr := query{
		terms: []term{
			{text: "会员", group: 1, idf: 5.2, factor: 1, known: true, topical: true},
			{text: "工会", group: 2, idf: 2.6, factor: 1, known: true, topical: true},
			{text: "钢材", group: 3, idf: 6, factor: 1, known: true, topical: true},
			{text: "钢铁", group: 3, idf: 5.5, factor: 0.8, known: true, topical: true}, // a synonym of 钢材
			{text: "发放", group: 4, idf: 6, factor: 1, known: true},                    // a verb
			{text: "会费", group: 5, idf: 7, factor: 1, topical: true},                  // no report uses it
			{text: "目标", group: 6, idf: 6, factor: 1, known: true, topical: true, frame: true},
			// Cut out of "供应商会被清退": 供应 + 商会.
			{text: "商会", group: 7, idf: 6.5, factor: 1, known: true, topical: true},
		},
		weights: map[int]float64{1: 5.2, 2: 2.6, 3: 6, 4: 6, 5: 2, 6: 6, 7: 6.5},
		across:  map[int][]string{7: {"供应商"}},
	}
	hit := func(key string, text, paragraph []string, passage string) index.Hit {
		h := index.Hit{Matched: map[string][]string{index.FieldText: text, index.FieldParagraph: paragraph}}
		h.Passage.Key, h.Passage.Text = key, passage
		return h
	}
	got := map[string]float64{}
	for _, c := range rank([]index.Hit{
		hit("all", []string{"会员", "工会", "钢材"}, nil, "供应商"),
		hit("in-paragraph", []string{"工会", "钢铁"}, []string{"会员"}, "供应商"),
		hit("no-member", []string{"工会", "钢材"}, nil, "供应商"),
		hit("no-steel", []string{"会员", "工会"}, nil, "供应商"),
		hit("no-supplier", []string{"会员", "工会", "钢材"}, nil, "行业商会"),
	}, qr, intent{}) {
		got[c.hit.Passage.Key] = c.missing
	}
	for key, want := range map[string]float64{"all": 0, "in-paragraph": 0, "no-member": 5.2, "no-steel": 6, "no-supplier": 6.5} {
		if !near(got[key], want) {
			t.Errorf("%s: missing %.2f, want %.2f", key, got[key], want)
		}
	}
}

// The words a question writes across a word's edges, with the analyzer's
// own cuts: 供应 + 商会 of "供应商会被清退" is written across 供应商,
// 金和 of "互助金和慰问金" across 互助金 and 和慰问金. Not across a one-character
// word (会有 of 商会 + 有), a long name (中华全国总工会会) or a part of
// one (工会会 of 工会 inside 总工会), nor Latin (iphone商).
func TestAcrossWords(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct {
		q, word string
		want    []string
	}{
		{"出现哪些情形的供应商会被执行强制清退", "商会", []string{"供应商"}},
		{"职工领到了医疗互助金和慰问金", "金和", []string{"互助金", "和慰问金"}},
		{"全省商会有多少会员", "商会", []string{"全省商"}},
		{"中华全国总工会会员有多少", "会员", nil},
		{"iPhone商会有多少会员", "商会", nil},
	} {
		tokens := e.ix.Analyze(tc.q)
		i := slices.IndexFunc(tokens, func(tm index.Term) bool { return tm.Text == tc.word })
		if i < 0 {
			t.Fatalf("premise: %q is not cut with %q: %v", tc.q, tc.word, tokens)
		}
		if got := acrossWords(tc.q, tokens, tokens[i].Position); !slices.Equal(got, tc.want) {
			t.Errorf("acrossWords(%q, %s) = %q, want %q", tc.q, tc.word, got, tc.want)
		}
	}
}

// TestNearestLead: the line before the nearest passage names what it does
// not say.
func TestNearestLead(t *testing.T) {
	for _, tc := range []struct {
		unsaid []string
		want   string
	}{
		{nil, "最接近的一段(不一定回答了你的问题):"},
		{[]string{"会员"}, "最接近的一段(没有提到「会员」,不一定回答了你的问题):"},
		{[]string{"六盘水", "会员"}, "最接近的一段(没有提到「六盘水」「会员」,不一定回答了你的问题):"},
	} {
		if got := (Answer{Unsaid: tc.unsaid}).NearestLead(); got != tc.want {
			t.Errorf("unsaid %q: %q, want %q", tc.unsaid, got, tc.want)
		}
	}
}

// TestUnsaid: the things a question names that a passage does not say are
// its heaviest nouns and names, three at most, in the question's order;
// verbs, words of chat, frames and words said in the context are not.
func TestUnsaid(t *testing.T) {
	qr := query{
		terms: []term{
			{text: "你好", group: 1, idf: 7, factor: 1, topical: false}, // chat
			{text: "六盘水", group: 2, idf: 6, factor: 1, topical: true},
			{text: "快递", group: 3, idf: 4, factor: 1, topical: true},
			{text: "行业", group: 4, idf: 2, factor: 1, topical: true},
			{text: "工会", group: 5, idf: 2.6, factor: 1, topical: true},
			{text: "情况", group: 6, idf: 5, factor: 1, topical: true, frame: true},
			{text: "会员", group: 7, idf: 5.2, factor: 1, topical: true},
			{text: "成员", group: 7, idf: 6, factor: 0.8, topical: true}, // a synonym
		},
		weights: map[int]float64{1: 0.5, 2: 6, 3: 4, 4: 2, 5: 2.6, 6: 5, 7: 5.2},
	}
	h := index.Hit{Matched: map[string][]string{index.FieldParagraph: {"工会"}}}
	if got, want := unsaid(h, qr), []string{"六盘水", "快递", "会员"}; !slices.Equal(got, want) {
		t.Errorf("unsaid = %q, want %q", got, want)
	}
	h.Matched[index.FieldText] = []string{"成员", "六盘水"}
	if got, want := unsaid(h, qr), []string{"快递", "行业"}; !slices.Equal(got, want) {
		t.Errorf("with 成员 and 六盘水 said: unsaid = %q, want %q", got, want)
	}
}

// TestTimeWordsDateTheQuestion: a member's 去年 asks about the year
// before the report was written, answered by a passage that dates itself
// so, though it does not say 去年; 今年 asks about the year written, and
// a year the report does not speak of is refused.
func TestTimeWordsDateTheQuestion(t *testing.T) {
	const text = `政府工作报告

——2022年3月5日在全国人民代表大会上

一、2021年工作回顾

经济保持恢复发展。国内生产总值达到114万亿元，增长8.1%。粮食产量1.37万亿斤，创历史新高。

二、2022年发展目标

今年发展主要预期目标是：国内生产总值增长5.5%左右；粮食产量保持在1.3万亿斤以上。

三、深化改革

去年以来，各地区各部门积极推进简政放权，市场主体活力持续增强。
`
	r, err := corpus.Parse("work-report", text)
	if err != nil {
		t.Fatal(err)
	}
	e := engineFor(t, r)
	for _, tc := range []struct{ question, figure string }{
		{"去年国内生产总值增长了多少", "8.1%"},
		{"去年粮食产量多少", "1.37万亿斤"},
		{"今年国内生产总值预期增长多少", "5.5%左右"},
		{"前年粮食产量多少", ""},
	} {
		if got := figureOf(t, e, tc.question); got != tc.figure {
			t.Errorf("%s: figure %q, want %q", tc.question, got, tc.figure)
		}
	}
}

// TestWholeYearFollowUp: a follow-up's 全年 asks about the year its
// report is of, not the year it was written: the communiqué on 2021,
// dated 2022, answers "全年呢" with 2021's figure.
func TestWholeYearFollowUp(t *testing.T) {
	const text = `2021年国民经济和社会发展统计公报

2022年2月28日

一、农业

全年粮食收购量68285万吨，比上年增加1336万吨。

2021年12月，粮食收购量2000万吨。

二、目标

2022年粮食收购量保持在1.3万亿斤以上。
`
	r, err := corpus.Parse("communique", text)
	if err != nil {
		t.Fatal(err)
	}
	e := engineFor(t, r)
	ctx := context.Background()
	// After a question on 2022, on December 2021 or on December alone,
	// "全年呢" asks for the whole of the year the communiqué is of.
	for _, first := range []string{"2022年粮食收购量是多少", "2021年12月粮食收购量是多少", "12月粮食收购量是多少"} {
		_, turn, err := e.Follow(ctx, nil, first)
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := e.Follow(ctx, turn, "全年呢")
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || a.Figure == nil || a.Figure.Text != "68285万吨" {
			t.Errorf("%s → 全年呢: found=%v figure %+v, want 68285万吨", first, a.Found, a.Figure)
		}
	}
}

// TestYearlessReportDatesByItsAdding: a report that names no year was
// written about when it was added, so it answers a member's 今年; a year
// the member names is not taken from the day it was added.
func TestYearlessReportDatesByItsAdding(t *testing.T) {
	r, err := corpus.Parse("city", "某市总工会工作报告\n\n新发展会员3.2万人，新建基层工会120个。\n")
	if err != nil {
		t.Fatal(err)
	}
	r.Added = time.Now()
	e := engineFor(t, r)
	for _, tc := range []struct{ question, figure string }{
		{"今年新发展会员多少人", "3.2万人"},
		{"去年新发展会员多少人", ""},
		{fmt.Sprintf("%d年新发展会员多少人", time.Now().Year()-1), ""},
	} {
		if got := figureOf(t, e, tc.question); got != tc.figure {
			t.Errorf("%s: figure %q, want %q", tc.question, got, tc.figure)
		}
	}
}

// A year the question compares with is not a year it asks about.
func TestQuestionYears(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct {
		question string
		want     []int
	}{
		{"2025年全市一般公共预算收入比2024年增长多少", []int{2025}},
		{"2021年城镇新增就业较2020年多了多少", []int{2021}},
		{"2024年和2025年收入各是多少", []int{2024, 2025}},
	} {
		r, _, err := e.read(tc.question)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.years, tc.want) {
			t.Errorf("years(%q) = %v, want %v", tc.question, r.years, tc.want)
		}
	}
}

// A report about a place the question names is found by the place alone
// when none of its passages is among the hits.
func TestTitlesSearched(t *testing.T) {
	nation := mustParse(t, "nation", "2021年国民经济和社会发展统计公报\n\n全年粮食产量13657亿斤，比上年增加267亿斤。")
	shanghai := mustParse(t, "shanghai", "关于上海市2025年预算执行情况的报告\n\n上海全市一般公共预算收入8500.9亿元，增长1.5%。")
	e := engineFor(t, nation, shanghai)
	hits, err := e.ix.Search(t.Context(), []index.WeightedTerm{{Text: "粮食", Weight: 1}}, e.Candidates)
	if err != nil || len(hits) != 1 {
		t.Fatalf("premise: one hit for 粮食, got %d (%v)", len(hits), err)
	}
	for _, tc := range []struct {
		regions []string
		want    []string
	}{
		{nil, []string{nation.Title}},
		{[]string{"上海"}, []string{nation.Title, shanghai.Title}},
	} {
		got, err := e.titlesSearched(t.Context(), hits, tc.regions)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("titlesSearched(%q) = %q, want %q", tc.regions, got, tc.want)
		}
	}
}

// The place a report is about names the report, not a thing in it: a
// bulletin of 周口市 says 全市, so "周口" asks nothing of its passages.
func TestReportPlaceNamesTheReport(t *testing.T) {
	city, err := corpus.Parse("city", "2023年周口市国民经济和社会发展统计公报\n\n"+
		"初步核算，全年全市地区生产总值同比增长4.8%。\n\n"+
		"沙颍河周口中心港达到四级内河航道标准，全年全市港口货物吞吐量4081万吨。\n\n"+
		"年末全市常住人口866.60万人，出生人口7.40万人。\n")
	if err != nil {
		t.Fatal(err)
	}
	// Beside a long report that never says 周口, the place is rare: it
	// still asks nothing of the city's passages, not even as a noun they
	// are missing (Weights.MissingNoun).
	var filler strings.Builder
	filler.WriteString("某单位年度工作报告\n\n")
	for i := range 1500 {
		fmt.Fprintf(&filler, "第%d项工作按期完成，参与单位%d家。\n\n", i+1, i+2)
	}
	for _, e := range []*Engine{engineFor(t, city), engineFor(t, city, mustParse(t, "other", filler.String()))} {
		for q, want := range map[string]string{
			"周口GDP涨了多少": "4.8%",
			"周口市常住人口多少": "866.60万人",
		} {
			if got := figureOf(t, e, q); got != want {
				t.Errorf("%s: figure %q, want %q", q, got, want)
			}
		}
	}
	// Nor is it among the words the nearest passage is shown without.
	grain, err := corpus.Parse("grain", "2023年周口市国民经济和社会发展统计公报\n\n初步核算，全年全市地区生产总值同比增长4.8%。\n\n"+
		"沙颍河周口中心港达到四级内河航道标准，全年全市港口货物吞吐量4081万吨。\n\n全年全市粮食总产量902.61万吨，减产3.2%。\n")
	if err != nil {
		t.Fatal(err)
	}
	if a, err := engineFor(t, grain).Ask(t.Context(), "周口粮食播种面积多少"); err != nil || a.Nearest == nil || slices.Contains(a.Unsaid, "周口") {
		t.Errorf("nearest %v, unsaid %q (err %v): want the grain passage, without 周口", a.Nearest != nil, a.Unsaid, err)
	}
	for _, tc := range []struct {
		title, word string
		want        bool
	}{
		{"2023年周口市国民经济和社会发展统计公报", "周口", true},
		{"2023年周口市国民经济和社会发展统计公报", "周口市", true},
		{"关于上海市2025年预算执行情况的报告", "上海", true},
		{"2023年周口市国民经济和社会发展统计公报", "统计", false}, // no place
		{"2023年周口市国民经济和社会发展统计公报", "口", false},
		{"政府工作报告", "上海", false},
		// A suffix character starting a word, or after a verb, makes no
		// place; a title naming several is about none alone.
		{"关于2023年金融市场运行情况的报告", "金融", false},
		{"关于全面推进乡村振兴情况的报告", "推进", false},
		{"关于重点区域大气污染防治情况的报告", "重点", false},
		{"关于更好服务市民群众的工作报告", "服务", false},
		{"XX高新技术产业开发区2023年工作报告", "开发", false},
		{"关于北京市、天津市、河北省2023年协同发展情况的报告", "天津", false},
	} {
		if got := placeIn(tc.title).names(tc.word); got != tc.want {
			t.Errorf("placeIn(%q).names(%q) = %v, want %v", tc.title, tc.word, got, tc.want)
		}
	}
}

// The year a report is of is said by its dates: a question naming it is
// answered as the same question without it, where the passages say 全年
// and the title the year. Another year is still refused.
func TestReportYearNamesTheReport(t *testing.T) {
	e := engineFor(t, mustParse(t, "nation", "2021年国民经济和社会发展统计公报\n\n"+
		"全年货物进出口总额391009亿元，比上年增长21.4%。\n\n"+
		"货物进出口顺差43687亿元，比上年增加7344亿元。\n\n"+
		"年末移动电话基站数996万个，其中4G基站590万个，5G基站143万个。\n\n"+
		"2019年平均气温为10.34℃。\n"))
	for _, tc := range []struct{ question, want string }{
		{"货物贸易顺差是多少", "43687亿元"},
		// An undated passage of the report on 2021.
		{"2021年货物贸易顺差是多少", "43687亿元"},
		{"到2021年底5G基站一共建了多少个", "143万个"},
		// Another year the report mentions is still refused (by the year
		// filter here; TestDatedGroups shows an undated passage is not
		// dated to it either).
		{"2019年货物贸易顺差是多少", ""},
	} {
		if got := figureOf(t, e, tc.question); got != tc.want {
			t.Errorf("%s: figure %q, want %q", tc.question, got, tc.want)
		}
	}
}

// A question asking a sum of money or a share is not answered by a count
// in a measure word beside its topic: the passage names the fund but
// counts craftsmen. A change, or a count asked in the same passage, is.
func TestFigureOfAnotherKindRefuses(t *testing.T) {
	r, err := corpus.Parse("t", "省总工会工作报告\n\n"+
		"实施“工匠工程”，设立省“工匠基金”，推荐选树命名大国工匠1名、中国质量工匠2名，选树命名贵州工匠42名。\n\n"+
		"全省工会筹资援企稳岗资金3.2亿元，比上年增长12%。\n\n"+
		"全年全市规模以上工业企业营业收入同比增长9.4%，利润总额同比增长23.7%。\n")
	if err != nil {
		t.Fatal(err)
	}
	checkFigures(t, engineFor(t, r), []wantFigure{
		// An amount asked in its unit is no share or growth in %; a
		// rate asked with a time that says when is answered.
		{"规模以上工业企业利润总额是多少亿元?", "", RefusedByFigure},
		{"这几年营业收入同比增长了多少?", "9.4%", ""},
		{"省工匠基金一共有多少钱?", "", RefusedByFigure},
		{"省工匠基金占比多少?", "", RefusedByFigure},
		{"省工匠基金命名了多少名贵州工匠?", "42名", ""},
		{"援企稳岗资金有多少钱?", "3.2亿元", ""},
		{"援企稳岗资金增长了多少?", "12%", ""},
	})
}

// wantFigure is a question and the figure it is answered with, or, when
// figure is "", the rule that refuses it.
type wantFigure struct{ question, figure, refusal string }

// checkFigures asks e each question and checks its answer.
func checkFigures(t *testing.T, e *Engine, cases []wantFigure) {
	t.Helper()
	for _, tc := range cases {
		a, err := e.Ask(context.Background(), tc.question)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tc.figure == "" && (a.Found || a.Refusal != tc.refusal):
			t.Errorf("%s: found %v (%+v), refusal %q; want refused by %s", tc.question, a.Found, a.Figure, a.Refusal, tc.refusal)
		case tc.figure != "" && (!a.Found || a.Figure == nil || a.Figure.Text != tc.figure):
			t.Errorf("%s: found %v, figure %+v, refusal %q; want %s", tc.question, a.Found, a.Figure, a.Refusal, tc.figure)
		}
	}
}

// A measure word of the question (钱, 占比, 增速) is said by a figure of
// its kind: "房地产投资多少钱" is covered whole by a passage giving
// 147602亿元, which never says 钱, and not by one whose figure is a count.
func TestFigureSaysTheMeasure(t *testing.T) {
	qr := query{
		terms: []term{
			{text: "房地产", group: 1, idf: 6, factor: 1, known: true, topical: true},
			{text: "投资", group: 2, idf: 3, factor: 1, known: true, topical: true},
			{text: "钱", group: 3, idf: 3, factor: 1, known: true, topical: true, measure: true},
		},
		weights: map[int]float64{1: 6, 2: 3, 3: 3},
	}
	hit := func(key, text string) index.Hit {
		h := index.Hit{Matched: map[string][]string{index.FieldText: {"房地产", "投资"}}}
		h.Passage.Key, h.Passage.Text, h.Passage.Figures = key, text, corpus.ExtractFigures(text)
		return h
	}
	got := map[string]float64{}
	for _, c := range rank([]index.Hit{hit("money", "全年房地产开发投资147602亿元。"), hit("count", "房地产开发投资项目1200个。")}, qr, intent{quantity: true, kind: "money"}) {
		got[c.hit.Passage.Key] = c.coverage
	}
	if !near(got["money"], 1) || !near(got["count"], 0.75) {
		t.Errorf("coverage: money %.3f, count %.3f; want 1, 0.75", got["money"], got["count"])
	}
	for _, tc := range []struct {
		figure, word string
		want         bool
	}{
		{"147602亿元", "钱", true},
		{"5.56万个", "钱", false},
		{"增长4.4%", "增速", true},
		{"占比62.7%", "占比", true},
		{"147602亿元", "占比", false},
		{"5.56万个", "规模", false}, // a measure of any kind: no figure says it
		{"下降2.7%", "降幅", true},
		{"增长4.4%", "降幅", false},   // a rise is no fall
		{"降幅为3.2%", "降幅", true},   // said in its noun, its value positive
		{"下降2.5%", "增速", true},    // 增速 may be negative
		{"增加1336万吨", "增速", false}, // no rate
		{"增长4.4%", "占比", false},   // a growth is no share
	} {
		figs := corpus.ExtractFigures(tc.figure)
		if len(figs) != 1 {
			t.Fatalf("%s: figures %+v", tc.figure, figs)
		}
		if got := saysMeasure(&figs[0], tc.word); got != tc.want {
			t.Errorf("saysMeasure(%s, %s) = %v, want %v", tc.figure, tc.word, got, tc.want)
		}
	}
}

// A word a passage says only after 非 is its complement, not it: 非执行董事
// says nothing of 执行董事, and a question about those is not covered by it.
func TestOnlyNegated(t *testing.T) {
	for _, tc := range []struct {
		text, word string
		want       bool
	}{
		{"非执行董事人数4人", "执行董事", true},
		{"执行董事2人，非执行董事4人", "执行董事", false},
		{"非公有制建会企业", "公有制", true},
		{"全省公有制建会企业", "公有制", false},
		{"全省工会", "执行董事", false},
	} {
		if got := onlyNegated(tc.text, tc.word); got != tc.want {
			t.Errorf("onlyNegated(%q, %q) = %v, want %v", tc.text, tc.word, got, tc.want)
		}
	}
	qr := query{
		terms:   []term{{text: "执行董事", group: 1, idf: 5, factor: 1, known: true, topical: true}, {text: "人数", group: 2, idf: 2, factor: 1, known: true, topical: true}},
		weights: map[int]float64{1: 5, 2: 2},
	}
	h := index.Hit{Matched: map[string][]string{index.FieldText: {"执行董事", "人数"}}}
	h.Passage.Text = "非执行董事人数4人。"
	if c := rank([]index.Hit{h}, qr, intent{}); !near(c[0].coverage, 2.0/7) {
		t.Errorf("coverage of 非执行董事 for 执行董事: %.3f, want %.3f", c[0].coverage, 2.0/7)
	}
	// A question asking about 非执行董事 itself is covered by it.
	qr.terms[0].negated = true
	if c := rank([]index.Hit{h}, qr, intent{}); !near(c[0].coverage, 1) {
		t.Errorf("coverage of 非执行董事 for a question saying 非执行董事: %.3f, want 1", c[0].coverage)
	}
}

// A rate asked with a time that says when (这几年) is answered with the
// rate, and a change noun (降幅) asks the change as a rate, not the amount
// beside it.
func TestRateAsked(t *testing.T) {
	r, err := corpus.Parse("t", "省国民经济和社会发展统计公报\n\n"+
		"年末全省常住人口城镇化率达到66.2%，比上年末提高0.9个百分点。\n\n"+
		"全年粮食产量68653万吨，比上年减少1336万吨，下降2.0%。\n")
	if err != nil {
		t.Fatal(err)
	}
	e := engineFor(t, r)
	for _, tc := range []struct{ question, figure string }{
		{"这几年全省城镇化率达到了多少?", "66.2%"},
		{"粮食产量降幅多少", "2.0%"},
	} {
		a, err := e.Ask(context.Background(), tc.question)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || a.Figure == nil || a.Figure.Text != tc.figure {
			t.Errorf("%s: found %v, figure %+v, refusal %q; want %s", tc.question, a.Found, a.Figure, a.Refusal, tc.figure)
		}
	}
}

// A quantity question naming a place its passage says only outside the
// figure's words, whose label opens with another place's name, is
// refused: the figure is that other place's. The place in the figure's
// own sentence, or in a sentence before with no other place opening the
// label, is asked for.
func TestFigureOfAnotherPlaceRefuses(t *testing.T) {
	r, err := corpus.Parse("t", "国民经济和社会发展统计公报\n\n"+
		"长江三角洲地区生产总值276054亿元，增长8.4%。粤港澳大湾区建设、黄河流域生态保护和高质量发展等区域重大战略深入实施。\n\n"+
		"六盘水市在全省率先成立首家市级快递行业工会联合会。该联合会当年发展会员1200人。\n\n"+
		"贵州省大力推进新型城镇化建设。常住人口城镇化率达到55.9%，比上年提高1.1个百分点。\n\n"+
		"贵州省经济稳中向好。贵阳市地区生产总值5000亿元，增长6%。\n")
	if err != nil {
		t.Fatal(err)
	}
	e := engineFor(t, r)
	checkFigures(t, e, []wantFigure{
		{"粤港澳大湾区地区生产总值是多少?", "", RefusedByPin},
		{"长江三角洲地区生产总值是多少?", "276054亿元", ""},
		{"六盘水市快递行业工会联合会发展了多少会员?", "1200人", ""},
		// gse tags common nouns as places too (城镇); a place the question
		// names is no other place.
		{"贵州省常住人口城镇化率是多少?", "55.9%", ""},
		{"贵州省贵阳市地区生产总值是多少?", "5000亿元", ""},
	})
	// A pin, switched off with the others.
	e.Evidence.Pins = false
	if a, err := e.Ask(context.Background(), "粤港澳大湾区地区生产总值是多少?"); err != nil || a.Refusal == RefusedByPin {
		t.Errorf("pins off: refusal %q (%v), want none by pin", a.Refusal, err)
	}
}

// Proximity counts the question's pairs of neighbouring words a passage
// writes one right after the other, in the question's order, from two
// pairs on; a pair with a word not asked of the passage is not counted.
func TestProximity(t *testing.T) {
	budget := []term{
		{text: "一般", group: 1}, {text: "公共", group: 2}, {text: "预算", group: 3}, {text: "收入", group: 4},
	}
	chain := [][2]int{{1, 2}, {2, 3}, {3, 4}}
	for _, tc := range []struct {
		name  string
		text  string
		terms []term
		pairs [][2]int
		want  float64
	}{
		{"all written together", "全市一般公共预算收入8670亿元", budget, chain, 1},
		{"the last word apart", "全市一般公共预算支出10300亿元，加上上年结转收入", budget, chain, 2.0 / 3},
		{"in another order", "收入预算公共一般", budget, chain, 0},
		{"a character between", "一般的公共的预算的收入", budget, chain, 0},
		{"one pair only", "一般公共", budget, chain[:1], 0},
		{"a pair of a word not asked", "一般公共预算收入", budget[:3], chain, 1},
		{"only the pairs given", "一般公共预算收入", budget, [][2]int{{1, 3}, {2, 4}}, 0},
		{"any word of a group", "医疗保险基金收入", []term{{text: "全市", group: 1}, {text: "社会保险", group: 2}, {text: "保险", group: 2}, {text: "基金", group: 3}}, chain[:2], 0.5},
		{"upper case folded", "GDP增长8.1%", []term{{text: "gdp", group: 1}, {text: "增长", group: 2}, {text: "8.1", group: 3}}, chain[:2], 1},
	} {
		weights := map[int]float64{}
		for _, t := range tc.terms {
			weights[t.group] = 1
		}
		if got := proximity(tc.text, tc.terms, weights, tc.pairs); !near(got, tc.want) {
			t.Errorf("%s: proximity(%q) = %.3f, want %.3f", tc.name, tc.text, got, tc.want)
		}
	}
}

// The pairs of neighbouring words are the question's words written one
// after the other with nothing between them but what the analyzer drops;
// a clause break parts them.
func TestNeighbourPairs(t *testing.T) {
	q := "一般公共预算的收入里，税收占多少"
	word := func(w string, pos int) index.Term {
		i := strings.Index(q, w)
		return index.Term{Text: w, Position: pos, Start: i, End: i + len(w)}
	}
	tokens := []index.Term{word("一般", 1), word("公共", 2), word("预算", 3), word("收入", 5), word("税收", 8), word("占", 9)}
	if got, want := neighbourPairs(q, tokens), [][2]int{{1, 2}, {2, 3}, {3, 5}, {8, 9}}; !slices.Equal(got, want) {
		t.Errorf("neighbourPairs = %v, want %v", got, want)
	}
}

// Of two passages saying the same words, the one writing them as the
// question does ranks first; the coverage refusals read is untouched.
func TestProximityBreaksTies(t *testing.T) {
	terms := []term{
		{text: "一般", group: 1, idf: 3, factor: 1, known: true, topical: true},
		{text: "公共", group: 2, idf: 2, factor: 1, known: true, topical: true},
		{text: "预算", group: 3, idf: 2, factor: 1, known: true, topical: true},
		{text: "收入", group: 4, idf: 4, factor: 1, known: true, topical: true},
	}
	qr := query{terms: terms, weights: map[int]float64{1: 3, 2: 2, 3: 2, 4: 4}, pairs: [][2]int{{1, 2}, {2, 3}, {3, 4}}, proximityWeight: 0.05}
	hit := func(key, text string) index.Hit {
		h := index.Hit{Matched: map[string][]string{index.FieldText: {"一般", "公共", "预算", "收入"}}, Score: 1}
		h.Passage.Key, h.Passage.Text = key, text
		return h
	}
	apart := hit("apart", "全市一般公共预算支出10300亿元，加上中央财政税收返还和补助收入。")
	together := hit("together", "全市一般公共预算收入8670亿元，比上年增长2%。")
	ranked := rank([]index.Hit{apart, together}, qr, intent{})
	if ranked[0].hit.Passage.Key != "together" {
		t.Errorf("first: %s, want the passage writing 一般公共预算收入", ranked[0].hit.Passage.Key)
	}
	if !near(ranked[0].coverage, ranked[1].coverage) {
		t.Errorf("coverage %.3f and %.3f: proximity must not change it", ranked[0].coverage, ranked[1].coverage)
	}
	qr.proximityWeight = 0
	if ranked := rank([]index.Hit{apart, together}, qr, intent{}); ranked[0].hit.Passage.Key != "apart" {
		t.Errorf("without proximity first: %s, want the first hit (a tie kept in order)", ranked[0].hit.Passage.Key)
	}
}

// A word the analyzer cut otherwise in the passage than in the question
// is said when the passage writes it beside a neighbour the question wrote
// it with: "互助金" holds 互助 + 金 however the passage was cut.
func TestCreditWrittenTogether(t *testing.T) {
	mutual := []term{
		{text: "互助", group: 1, idf: 4, factor: 1},
		{text: "金", group: 2, idf: 3, factor: 1},
	}
	for _, tc := range []struct {
		name   string
		text   string
		terms  []term
		credit map[int]float64 // before
		placed map[int]bool
		want   map[int]float64 // after
	}{
		{"written together", "发放医疗互助金及慰问金", mutual, map[int]float64{1: 4}, nil, map[int]float64{1: 4, 2: 3}},
		{"the other word credited", "发放医疗互助金", mutual, map[int]float64{2: 3}, nil, map[int]float64{1: 4, 2: 3}},
		{"apart", "互助基金", mutual, map[int]float64{1: 4}, nil, map[int]float64{1: 4}},
		{"in another order", "金融互助", mutual, map[int]float64{1: 4}, nil, map[int]float64{1: 4}},
		{"neither credited", "互助金", mutual, map[int]float64{}, nil, map[int]float64{}},
		{"a place asks nothing", "互助金", mutual, map[int]float64{1: 4}, map[int]bool{2: true}, map[int]float64{1: 4}},
		{"a synonym is no word of the member's", "互助金", []term{mutual[0], {text: "金", group: 2, idf: 3, factor: 0.8}}, map[int]float64{1: 4}, nil, map[int]float64{1: 4}},
		{"said only negated", "非执行董事人数4人", []term{{text: "执行", group: 1, idf: 5, factor: 1}, {text: "董事", group: 2, idf: 3, factor: 1}}, map[int]float64{2: 3}, nil, map[int]float64{2: 3}},
		{"capped at the group's weight", "互助金", []term{mutual[0], {text: "金", group: 2, idf: 9, factor: 1}}, map[int]float64{1: 4}, nil, map[int]float64{1: 4, 2: 3}},
	} {
		qr := query{terms: tc.terms, weights: map[int]float64{1: 4, 2: 3}, pairs: [][2]int{{1, 2}}}
		credit := maps.Clone(tc.credit)
		creditWrittenTogether(tc.text, tc.terms, qr, credit, tc.placed)
		if !maps.EqualFunc(credit, tc.want, near) {
			t.Errorf("%s: credit %v, want %v", tc.name, credit, tc.want)
		}
	}
	// Through rank, a question saying 互助 + 金 is covered whole by a
	// passage indexed as 互助金, and nothing is named as unsaid.
	qr := query{terms: []term{
		{text: "互助", group: 1, idf: 4, factor: 1, known: true, topical: true},
		{text: "金", group: 2, idf: 3, factor: 1, known: true, topical: true},
	}, weights: map[int]float64{1: 4, 2: 3}, pairs: [][2]int{{1, 2}}}
	h := index.Hit{Matched: map[string][]string{index.FieldText: {"互助"}}}
	h.Passage.Text = "为35.18万人次患病职工发放医疗互助金及慰问金6.19亿元。"
	if c := rank([]index.Hit{h}, qr, intent{}); !near(c[0].coverage, 1) {
		t.Errorf("coverage %.3f, want 1", c[0].coverage)
	}
	if got := unsaid(h, qr); len(got) != 0 {
		t.Errorf("unsaid %v, want none", got)
	}
}

// TestCreditWrittenTogetherEitherWay: three words the passage writes
// together are credited whichever of them its indexed words say, the
// first or the last: 医疗 + 互助 + 金 in "医疗互助金", the analyzer having
// cut the passage to say only 金, is said whole as it is when it says
// only 医疗. Credited in one pass over the pairs in the question's order,
// a credit went on only forwards: from 金 back to 互助, not on to 医疗.
func TestCreditWrittenTogetherEitherWay(t *testing.T) {
	terms := []term{
		{text: "医疗", group: 1, idf: 5, factor: 1},
		{text: "互助", group: 2, idf: 4, factor: 1},
		{text: "金", group: 3, idf: 3, factor: 1},
	}
	qr := query{terms: terms, weights: map[int]float64{1: 5, 2: 4, 3: 3}, pairs: [][2]int{{1, 2}, {2, 3}}}
	want := map[int]float64{1: 5, 2: 4, 3: 3}
	for _, credit := range []map[int]float64{{1: 5}, {3: 3}, {2: 4}} {
		got := maps.Clone(credit)
		creditWrittenTogether("为患病职工发放医疗互助金", terms, qr, got, nil)
		if !maps.EqualFunc(got, want, near) {
			t.Errorf("from %v: credit %v, want %v", credit, got, want)
		}
	}
}
