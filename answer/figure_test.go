package answer

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

// words makes the terms of a question by hand, each as rare as the next,
// so a table can say which words the analyzer would keep.
func words(ws ...string) []term {
	terms := make([]term, len(ws))
	for i, w := range ws {
		terms[i] = term{text: w, group: i, idf: 1, factor: 1, known: true, topical: true}
	}
	return terms
}

// weighed gives terms their idf, in order.
func weighed(terms []term, idfs ...float64) []term {
	for i := range terms {
		terms[i].idf = idfs[i]
	}
	return terms
}

// focused marks terms[i] as a follow-up's own word, the rest as kept
// from the question before.
func focused(terms []term, i int) []term {
	terms[i].focus = true
	return terms
}

// Which figure of a passage answers a question: made-up sentences in the
// style of statistical communiqués and government work reports.
func TestBestFigure(t *testing.T) {
	tests := []struct {
		passage, question string
		terms             []term
		want              string
	}{
		// A level or its change, told by the question.
		{"全年地区生产总值20164.58亿元,比上年增长4.9%。", "地区生产总值是多少", words("地区", "生产总值"), "20164.58亿元"},
		{"全年地区生产总值20164.58亿元,比上年增长4.9%。", "地区生产总值增长了多少", words("地区", "生产总值", "增长"), "4.9%"},
		{"全年地区生产总值20164.58亿元,比上年增长4.9%。", "经济增速是多少", words("经济", "增速"), "4.9%"},
		{"城镇调查失业率5.5%,比上年下降0.3个百分点。", "失业率是多少", words("失业率"), "5.5%"},
		{"城镇调查失业率5.5%,比上年下降0.3个百分点。", "失业率下降了几个百分点", words("失业率", "下降"), "0.3个百分点"},
		{"年末常住人口3856万人,比上年末增加2万人。", "常住人口有多少", words("常住人口"), "3856万人"},
		{"年末常住人口3856万人,比上年末增加2万人。", "常住人口增加了多少人", words("常住人口", "增加"), "2万人"},
		// "是多少" asks an amount, not a share of it.
		{"第二产业增加值450904亿元,增长8.2%。第二产业增加值比重为39.4%。", "第二产业增加值是多少", words("第二产业", "增加值"), "450904亿元"},
		{"第二产业增加值450904亿元,增长8.2%。第二产业增加值比重为39.4%。", "第二产业增加值比重是多少", words("第二产业", "增加值", "比重"), "39.4%"},
		// What the question counts: "多少职工" is not the 120个 服务站.
		{"建成服务站120个,服务职工3万人次。", "服务了多少职工", words("服务", "职工"), "3万人次"},
		// Each item of a list answers for its own subject, and shares the
		// words before the list.
		{"推荐评选省级劳模12名、市级劳模30名。", "市级劳模推荐评选了几名", words("市级", "劳模", "推荐", "评选"), "30名"},
		{"第一产业增加值2860亿元,增长4.1%;第二产业增加值7200亿元,增长2.6%;第三产业增加值10104亿元,增长2.3%。", "第二产业增长了多少", words("第二产业", "增长"), "2.6%"},
		{"第一产业增加值2860亿元,增长4.1%;第二产业增加值7200亿元,增长2.6%;第三产业增加值10104亿元,增长2.3%。", "第三产业增加值是多少", words("第三产业", "增加值"), "10104亿元"},
		{"年末共有738万人享受城市低保,3474万人享受农村低保。", "享受城市低保的有多少人", words("享受", "城市", "低保"), "738万人"},
		{"年末共有738万人享受城市低保,3474万人享受农村低保。", "农村低保有多少人", words("农村", "低保"), "3474万人"},
		{"全国农民工6700万人、新就业形态劳动者1000多万人。", "农民工有多少人", words("农民工"), "6700万人"},
		{"全国农民工6700万人、新就业形态劳动者1000多万人。", "新就业形态劳动者有多少", words("新", "就业", "形态", "劳动者"), "1000多万人"},
		// From A to B: B, or A when the question asks where it began.
		{"城镇化率从2012年的36.4%提高到2022年的54.8%。", "城镇化率是多少", words("城镇化率"), "54.8%"},
		{"城镇化率从2012年的36.4%提高到2022年的54.8%。", "城镇化率原来是多少", words("城镇化率"), "36.4%"},
		{"城镇化率从2012年的36.4%提高到2022年的54.8%。", "2012年城镇化率是多少", words("2012", "城镇化率"), "36.4%"},
		{"高速公路里程由5.2万公里增至8.6万公里。", "高速公路有多少公里", words("高速公路", "里程"), "8.6万公里"},
		// Several years in one sentence.
		{"1952年地区生产总值仅为5.8亿元,1978年为47亿元,2022年达到20164.58亿元。", "1952年地区生产总值是多少", words("1952", "地区", "生产总值"), "5.8亿元"},
		{"1952年地区生产总值仅为5.8亿元,1978年为47亿元,2022年达到20164.58亿元。", "1978年地区生产总值是多少", words("1978", "地区", "生产总值"), "47亿元"},
		// Units of measure and qualifiers.
		{"全年粮食产量1.37万亿斤,比上年增产0.5%。", "粮食产量是多少", words("粮食", "产量"), "1.37万亿斤"},
		{"发电装机容量达到12亿千瓦,其中风电装机3.3亿千瓦。", "风电装机多少千瓦", words("风电", "装机"), "3.3亿千瓦"},
		{"预期目标是国内生产总值增长5%左右,居民消费价格涨幅3%左右。", "物价涨幅是多少", words("物价", "涨幅"), "3%左右"},
		// The analyzer lower-cases Latin words: 4g is said by 4G基站.
		{"年末移动电话基站数996万个,其中4G基站590万个,5G基站143万个。", "4G基站有多少个", words("4g", "基站"), "590万个"},
		// The noun after a measure word is its figure's; the words after
		// that noun are the next figure's.
		{"全年为12.5万人次困难职工发放救助金3.2亿元。", "给困难职工发了多少救助金", words("困难", "职工", "发放", "救助金"), "3.2亿元"},
		{"全年为12.5万人次困难职工发放救助金3.2亿元。", "救助了多少人次困难职工", words("救助", "困难", "职工"), "12.5万人次"},
		// "第几" is answered by an ordinal, and a how-many is not.
		{"加强中低产田改造。启动第三次全国土壤普查。", "今年要启动第几次全国土壤普查", words("启动", "全国", "土壤", "普查"), "第三次"},
		{"在第32届奥运会上,我国运动员共获得38枚金牌。", "奥运会上获得多少枚金牌", words("奥运会", "获得", "金牌"), "38枚"},
		{"在第32届奥运会上,我国运动员共获得38枚金牌。", "这是第几届奥运会", words("奥运会"), "第32届"},
		// Only an ordinal answers "第几", however much an amount's words
		// say; and no ordinal answers a how-many, however much its own say.
		{"在第32届奥运会上,我国运动员在奥运会上共获得38枚奥运会金牌。", "这是第几届奥运会获得金牌", weighed(words("奥运会", "获得", "金牌"), 1, 5, 5), "第32届"},
		{"启动第三次全国土壤普查,新建1亿亩高标准农田。", "全国土壤普查搞了几次", weighed(words("全国", "土壤", "普查"), 3, 5, 5), "1亿亩"},
		// A follow-up's own word in the clause before the figure's.
		{"在第32届奥运会上,我国运动员共获得38枚金牌。在第16届残奥会上,我国运动员共获得96枚金牌。", "残奥会呢", focused(words("我国", "金牌", "残奥会"), 2), "96枚"},
		// The words kept from before count half beside the follow-up's
		// kind: money asked, money answers.
		{"累计1085.13万人次参与,为35.18万人次患病职工发放医疗互助金及慰问金6.19亿元。", "发了多少钱", focused(weighed(words("职工", "医疗", "互助", "发"), 2.1, 2.5, 4.5, 3.5), 3), "6.19亿元"},
		// An amount the member checks, in chat's forms, picks the figure
		// agreeing with it over one its words describe as well.
		{"全年货物进出口总额391009亿元,比上年增长21.4%。其中,出口217348亿元。", "货物出口是不是21万亿多", words("货物"), "217348亿元"},
		{"全年货物出口217348亿元,货物进出口总额391009亿元。", "货物贸易是不是有40w亿", words("货物"), "391009亿元"},
		{"协调资金超亿元,累计投入项目资金2100万元。", "资金是不是2100w", words("资金"), "2100万元"},
		{"发放医疗互助金3500万元,慰问金6.19亿元。", "医疗互助发的钱有6个多亿吗", words("医疗"), "6.19亿元"},
		{"营业收入增长5.2%,新增企业5家。", "营业收入是不是增长了5%", words("营业", "收入"), "5.2%"},
		{"新增企业5家,营业收入增长5.2%。", "是不是新增了5家企业", words("新增", "企业"), "5家"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			figs := corpus.ExtractFigures(tt.passage)
			f, _, _ := bestFigure(tt.passage, figs, tt.terms, detectIntent(tt.question), HandFigureWeights())
			if f == nil || f.Text != tt.want {
				t.Errorf("bestFigure = %+v, want %q", f, tt.want)
			}
		})
	}
}

// amounts are the figures of each text, as a question's checked amounts
// are read (the texts written as a report writes them).
func amounts(texts ...string) []corpus.Figure {
	var out []corpus.Figure
	for _, t := range texts {
		out = append(out, corpus.ExtractFigures(t)...)
	}
	return out
}

// texts are the figures' texts.
func texts(figs []corpus.Figure) []string {
	var out []string
	for _, f := range figs {
		out = append(out, f.Text)
	}
	return out
}

func TestAskFigure(t *testing.T) {
	tests := []struct {
		q     string
		want  figureAsk
		years int
	}{
		{"地区生产总值增长了多少", figureAsk{change: true}, 0},
		{"物价涨了多少", figureAsk{change: true}, 0},
		{"增速是多少", figureAsk{change: true}, 0},
		{"城镇化率提高到多少", figureAsk{}, 0},
		{"新增就业多少人", figureAsk{grammarUnit: "人"}, 0},
		{"新增了多少人", figureAsk{grammarUnit: "人"}, 0},
		{"城镇化率原来是多少", figureAsk{start: true}, 0},
		{"1952年地区生产总值是多少", figureAsk{}, 1952},
		{"装机容量多少千瓦", figureAsk{grammarUnit: "千瓦"}, 0},
		{"失业率下降了几个百分点", figureAsk{change: true, grammarUnit: "个百分点"}, 0},
		{"肩负着全省多少职工的重托", figureAsk{counted: "职工"}, 0},
		{"有多少家企业来参加招聘", figureAsk{grammarUnit: "家", counted: "企业来参"}, 0},
		{"减税降费是不是有一万亿", figureAsk{checks: true, stated: amounts("一万亿")}, 0},
		{"是不是3月29日开的会", figureAsk{}, 0},
		// Chat's forms are read as amounts, and a yes-no question ending
		// right after one checks it as a check cue does.
		{"人均GDP是不是8w了", figureAsk{checks: true, stated: amounts("8万")}, 0},
		{"上网的人有10个亿吗", figureAsk{checks: true, stated: amounts("10亿")}, 0},
		{"五小创新成果评了1千个?", figureAsk{checks: true, stated: amounts("1千个"), checkedUnit: "个"}, 0},
		{"建会率有百分之九十五没", figureAsk{checks: true, stated: amounts("百分之九十五"), checkedUnit: "%"}, 0},
		{"是不是有6个多亿?具体多少", figureAsk{checks: true, stated: amounts("6多亿")}, 0},
		// Only the amount checked: one the question quotes is not.
		{"除了2100万,还有500万吗", figureAsk{checks: true, stated: amounts("500万")}, 0},
		{"除了省总投的2100万,扶贫还协调了多少资金", figureAsk{counted: "资金"}, 0},
		// A which, what or why question, or a particle that opens a verb
		// (没到位), checks nothing.
		{"有哪些项目投资超过1亿?", figureAsk{}, 0},
		{"为什么要花2100万?", figureAsk{}, 0},
		{"还有500万没到位的资金是哪些项目", figureAsk{}, 0},
	}
	if in := detectIntent("减税降费是不是有一万亿"); !in.quantity {
		t.Errorf("a stated amount to check does not ask for a figure: %+v", in)
	}
	for _, tt := range tests {
		a := askFigure(tt.q)
		y := 0
		if len(a.years) > 0 {
			y = a.years[0]
		}
		if a.change != tt.want.change || a.start != tt.want.start || a.checks != tt.want.checks || a.grammarUnit != tt.want.grammarUnit || a.counted != tt.want.counted || y != tt.years ||
			!slices.Equal(texts(a.stated), texts(tt.want.stated)) || a.checkedUnit != tt.want.checkedUnit {
			t.Errorf("askFigure(%q) = %+v, want %+v year %d", tt.q, a, tt.want, tt.years)
		}
	}
}

// A made-up statistical communiqué: rank and figure choice end to end on a
// report nobody tuned the engine for.
const communique = `某省2022年国民经济和社会发展统计公报

1 综合

初步核算,全年全省地区生产总值20164.58亿元,比上年增长4.9%。其中,第一产业增加值2860.21亿元,增长4.1%;第二产业增加值7172.94亿元,增长2.6%;第三产业增加值10131.43亿元,增长2.3%。

年末全省常住人口3856万人,比上年末增加2万人。全年城镇新增就业62.4万人,城镇调查失业率5.5%,比上年下降0.3个百分点。全年居民消费价格比上年上涨2%左右。

全年全省居民人均可支配收入25508元,比上年增长6.2%。按常住地分,城镇居民人均可支配收入42772元,增长4.6%;农村居民人均可支配收入13707元,增长6.4%。

全年货物进出口总额808.89亿元,下降1.5%。其中,出口额590.33亿元,增长9.3%;进口额218.56亿元,下降19.7%。全年接待游客6.3亿人次,实现旅游收入7000亿元,分别增长10%和15%。

2 农业

全年粮食产量1.37万亿斤,比上年增产0.5%。完成造林1.2万公顷,森林覆盖率达到62.8%以上。

3 回顾

全省城镇化率从2012年的36.4%提高到2022年的54.8%。高速公路通车里程由2012年的2630公里增至2022年的8331公里。1952年全省地区生产总值仅为5.8亿元,1978年为47亿元。
`

func TestAskCommunique(t *testing.T) {
	r, err := corpus.Parse("communique", communique)
	if err != nil {
		t.Fatal(err)
	}
	e := engineFor(t, r)
	tests := []struct{ question, figure string }{
		{"全省地区生产总值是多少", "20164.58亿元"},
		{"1978年全省地区生产总值是多少", "47亿元"},
		{"地区生产总值增长了多少", "4.9%"},
		{"第二产业增加值增长多少", "2.6%"},
		{"第三产业增加值是多少", "10131.43亿元"},
		{"常住人口有多少", "3856万人"},
		{"城镇新增就业多少人", "62.4万人"},
		{"失业率下降了几个百分点", "0.3个百分点"},
		{"居民消费价格涨了多少", "2%左右"},
		{"粮食产量多少", "1.37万亿斤"},
		{"城镇化率现在是多少", "54.8%"},
		{"城镇化率原来是多少", "36.4%"},
		{"高速公路通车里程有多少公里", "8331公里"},
		{"1952年地区生产总值是多少", "5.8亿元"},
		{"森林覆盖率是多少", "62.8%以上"},
		{"农村居民人均可支配收入增长了多少", "6.4%"},
		{"城镇居民收入有多少", "42772元"},
		{"进口额下降了多少", "19.7%"},
		{"出口额是多少", "590.33亿元"},
		{"旅游收入增长了多少", "15%"},
		{"游客增长了多少", "10%"},
		{"接待了多少游客", "6.3亿人次"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			a, err := e.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Found || a.Figure == nil || a.Figure.Text != tt.figure {
				got := "<none>"
				if a.Figure != nil {
					got = a.Figure.Text + " (" + a.Figure.Label + ")"
				}
				t.Errorf("figure %s, want %q; passage %+v", got, tt.figure, a.Passage)
			}
		})
	}
}

// Passages the question's words match equally are ranked by their figure:
// the one stating what is asked (the change, the share, the year named)
// comes first, with that figure. (With no year named, nothing yet tells a
// passage about 1978 from one about 2022: "latest" is per passage.)
func TestRankByFigure(t *testing.T) {
	passages := map[string]string{
		"history": "1952年地区生产总值仅为5.8亿元,1978年为47亿元。",
		"now":     "2022年地区生产总值20164.58亿元,比上年增长4.9%。",
		"share":   "地区生产总值中服务业比重为53.3%。",
	}
	tests := []struct {
		question  string
		want, fig string
	}{
		{"地区生产总值增长了多少", "now", "4.9%"},
		{"服务业占地区生产总值的比重是多少", "share", "53.3%"},
		{"1952年地区生产总值是多少", "history", "5.8亿元"},
		{"1978年地区生产总值是多少", "history", "47亿元"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			qr := query{terms: words("地区", "生产总值"), weights: map[int]float64{0: 1, 1: 1}}
			var hits []index.Hit
			for _, key := range []string{"history", "now", "share"} {
				p := corpus.Passage{Key: key, Text: passages[key], Figures: corpus.ExtractFigures(passages[key])}
				hits = append(hits, index.Hit{Passage: p, Score: 1, Matched: map[string][]string{index.FieldText: {"地区", "生产总值"}}})
			}
			ranked := rank(hits, qr, detectIntent(tt.question))
			if got := ranked[0]; got.hit.Passage.Key != tt.want || got.figure == nil || got.figure.Text != tt.fig {
				t.Errorf("first %s with %+v, want %s with %s", got.hit.Passage.Key, got.figure, tt.want, tt.fig)
			}
		})
	}
}

// TestInsteadNeedsTheQuestionsWords: a figure the question's kind rules out
// gives way only to one its own words describe: 失业率's 5.1% does not
// replace the growth of 服务业增加值 for a question on that value's share.
func TestInsteadNeedsTheQuestionsWords(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct{ question, text, chosen, want string }{
		{"服务业增加值占比多少", "服务业增加值609680亿元,增长8.2%。全年城镇调查失业率平均为5.1%。", "8.2%", ""},
		{"网上零售额占比多少", "网上零售额108042亿元,比上年增长12.0%,占社会消费品零售总额的比重为24.5%。", "12.0%", "24.5%"},
	} {
		r, _, err := e.read(tc.question)
		if err != nil {
			t.Fatal(err)
		}
		p := corpus.Passage{Text: tc.text, Figures: corpus.ExtractFigures(tc.text)}
		var chosen *corpus.Figure
		for i := range p.Figures {
			if p.Figures[i].Text == tc.chosen {
				chosen = &p.Figures[i]
			}
		}
		if chosen == nil || chosen.Kind != corpus.KindChange {
			t.Fatalf("%s: premise: %q should be a change among %+v", tc.question, tc.chosen, p.Figures)
		}
		got := ""
		if f := instead(p, chosen, r.query.terms, r.intent, HandFigureWeights()); f != nil {
			got = f.Text
		}
		if got != tc.want {
			t.Errorf("%s: instead of %s, %q; want %q", tc.question, tc.chosen, got, tc.want)
		}
	}
}

// TestRankByLabel: of passages the question's words match alike, the one
// whose figure's label names nothing more than the question asks comes
// first, though the other is BM25's better match: 人均 makes
// 全年人均国内生产总值 another measure than 全年国内生产总值.
func TestRankByLabel(t *testing.T) {
	passages := []struct {
		key, text string
		score     float64
	}{
		{"per head", "全年人均国内生产总值80976元,比上年增长8.0%。", 1.2},
		{"whole", "全年国内生产总值1143670亿元,比上年增长8.1%。", 1},
	}
	terms := words("全年", "国内", "生产总值")
	qr := query{terms: terms, weights: map[int]float64{0: 1, 1: 1, 2: 1}}
	var hits []index.Hit
	for _, p := range passages {
		hits = append(hits, index.Hit{Passage: corpus.Passage{Key: p.key, Text: p.text, Figures: corpus.ExtractFigures(p.text)},
			Score: p.score, Matched: map[string][]string{index.FieldText: {"全年", "国内", "生产总值"}}})
	}
	if got := rank(hits, qr, detectIntent("全年国内生产总值是多少"))[0]; got.hit.Passage.Key != "whole" || got.figure == nil || got.figure.Text != "1143670亿元" {
		t.Errorf("first %s with %+v, want whole with 1143670亿元", got.hit.Passage.Key, got.figure)
	}
}

func TestLabelExtra(t *testing.T) {
	tests := []struct {
		label string
		terms []term
		want  int
	}{
		{"全年国内生产总值", words("全年", "国内", "生产总值"), 0},
		{"全年人均国内生产总值", words("全年", "国内", "生产总值"), 2},
		{"万元国内生产总值用水量", words("国内", "生产总值"), 5},
		// Only Han characters count: a unit or a letter is no measure.
		{"PM2.5年平均浓度", words("平均", "浓度"), 1},
		// Overlapping words cover once; upper case is read as lower.
		{"GDP增速", words("gdp", "增速", "速"), 0},
		{"5G网络", words("5g网络"), 0},
		{"哈哈哈", words("哈哈"), 0},
		{"", words("全年"), 0},
	}
	for _, tt := range tests {
		if got := labelExtra(tt.label, tt.terms); got != tt.want {
			t.Errorf("labelExtra(%q) = %d, want %d", tt.label, got, tt.want)
		}
	}
}

// TestFigureWeightsParts: a figure's weight is its words' part, its
// sentence's opening subject and its fit, and the hand weights choose as
// the engine's default does.
func TestFigureWeightsParts(t *testing.T) {
	var x figureVector
	for i := range x {
		x[i] = float64(i + 1)
	}
	w := HandFigureWeights()
	if got, want := w.weigh(&x), w.weighWords(&x)+w[featOpening]*x[featOpening]+w.weighFit(&x); math.Abs(got-want) > 1e-9 {
		t.Errorf("weigh %v, words + opening + fit %v", got, want)
	}
	if DefaultWeights().Figure != w {
		t.Error("the default figure weights are not the hand weights")
	}
	if (query{}).choice() != w {
		t.Error("an unset figureChoice does not choose by the hand weights")
	}
	if len(FigureFeatureNames()) != numFigureFeatures || len(RankFeatureNames()) != numRankFeatures {
		t.Errorf("%d figure feature names for %d features, %d rank feature names for %d", len(FigureFeatureNames()), numFigureFeatures, len(RankFeatureNames()), numRankFeatures)
	}
	if HandRankWeights(0.05).readsExtra() {
		t.Error("the hand rank weights read a feature they leave at 0")
	}
}

// TestRankWeightsHand: a candidate's score is its features weighed, and
// unset rank weights are the hand weights with the query's proximity.
func TestRankWeightsHand(t *testing.T) {
	qr := query{proximityWeight: 0.07}
	if got, want := qr.rankChoice(), HandRankWeights(0.07); got != want {
		t.Errorf("rankChoice %v, want %v", got, want)
	}
	var x rankVector
	x[rankCoverage], x[rankBM25], x[rankNoFigure] = 0.8, 1, 1
	if got, want := HandRankWeights(0.05).weigh(&x), 0.8+0.05-0.1; math.Abs(got-want) > 1e-12 {
		t.Errorf("weigh %v, want %v", got, want)
	}
}
