package answer

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

// engine builds one in-memory gse index of the embedded report per test binary.
var engine = sync.OnceValues(func() (*Engine, error) {
	r, err := corpus.Default()
	if err != nil {
		return nil, err
	}
	ix, err := index.Build(context.Background(), "", []*corpus.Report{r}, index.Options{})
	if err != nil {
		return nil, err
	}
	return New(ix), nil
})

func mustEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// engineFor builds an in-memory gse index of the reports and its engine.
func engineFor(t testing.TB, reports ...*corpus.Report) *Engine {
	t.Helper()
	ix, err := index.Build(context.Background(), "", reports, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return New(ix)
}

// mustParse parses a report's text, failing the test if it cannot.
func mustParse(t testing.TB, id, text string) *corpus.Report {
	t.Helper()
	r, err := corpus.Parse(id, text)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// figureOf asks e question and returns the figure answered, or "" when
// it answers with none or is refused.
func figureOf(t testing.TB, e *Engine, question string) string {
	t.Helper()
	a, err := e.Ask(context.Background(), question)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || a.Figure == nil {
		return ""
	}
	return a.Figure.Text
}

func TestAnswersRealQuestions(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		question, figure, passage string
	}{
		{"会员卡发出去多少张?", "281.59万张", "会员服务卡"},
		{"疫情的时候帮小企业退了多少钱?", "10.44亿元", "返还小微企业工会经费"},
		{"咱们省工会会员现在有多少人", "693.96万人", "工会会员693.96万人"},
		{"省工会第十五次代表大会哪天开幕的?", "12月18日", "第十五次代表大会在贵阳开幕"},
		{"国企厂务公开建会率是多少", "95.69%", "95.69%"},
		{"非公有制企业职代会建会率多少", "95.56%", "95.56%"},
		{"省级劳模和工匠人才创新工作室有多少个?", "512个", "省级工作室512个"},
		{"遵义市总工会通过什么渠道发布培训报名信息?", "", "微信公众号"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			a, err := e.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Found || !strings.Contains(a.Passage.Text, tt.passage) {
				t.Fatalf("found=%v passage %+v, want one containing %q", a.Found, a.Passage, tt.passage)
			}
			switch {
			case tt.figure == "" && a.Figure != nil:
				t.Errorf("figure %+v for a non-quantity question", a.Figure)
			case tt.figure != "" && (a.Figure == nil || a.Figure.Text != tt.figure):
				t.Errorf("figure %+v, want %s", a.Figure, tt.figure)
			}
			if a.Figure != nil && a.Figure.Label == "" {
				t.Errorf("figure %s has no label", a.Figure.Text)
			}
			if a.Passage.Report != "聚焦职能定位 坚持改革创新" || a.Passage.ReportID != corpus.DefaultReportID {
				t.Errorf("citation %q", a.Passage.Citation())
			}
			if len(a.Matched) == 0 || a.Score <= 0 || a.Score > 1 {
				t.Errorf("matched %v score %v", a.Matched, a.Score)
			}
			if len(a.Alternatives) > 3 {
				t.Errorf("%d alternatives", len(a.Alternatives))
			}
			for _, alt := range a.Alternatives {
				if alt.Key == a.Passage.Key {
					t.Error("the answer is among its own alternatives")
				}
			}
			for _, h := range a.Passage.Highlights {
				if h.Start < 0 || h.End > len(a.Passage.Text) || h.Start >= h.End {
					t.Errorf("highlight %v outside passage", h)
				}
			}
		})
	}
}

func TestIllustration(t *testing.T) {
	a, err := mustEngine(t).Ask(context.Background(), "职工职业技能大赛在哪里闭幕的")
	if err != nil {
		t.Fatal(err)
	}
	if a.Illustration == nil || !strings.Contains(a.Illustration.Caption, "职业技能大赛决赛开幕式现场") {
		t.Errorf("illustration %+v for passage %q", a.Illustration, a.Passage.Text)
	}
}

func TestNotFound(t *testing.T) {
	e := mustEngine(t)
	for _, q := range []string{"明天上海会下雨吗?", "What is the capital of France?", "帮我写一首关于春天的诗", "省总工会主席叫什么名字"} {
		t.Run(q, func(t *testing.T) {
			a, err := e.Ask(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if a.Found || a.Passage != nil || a.Figure != nil {
				t.Errorf("answered an off-report question with %+v", a.Passage)
			}
		})
	}
}

func TestBadQuestions(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		name, q string
		err     error
	}{
		{"empty", "", ErrEmptyQuestion},
		{"spaces", " \t\n ", ErrEmptyQuestion},
		{"punctuation", "???!!", ErrEmptyQuestion},
		{"too long", strings.Repeat("工会", MaxQuestionRunes), ErrQuestionTooLong},
		{"broken utf-8", "\xff\xfe", ErrEmptyQuestion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.Ask(context.Background(), tt.q); !errors.Is(err, tt.err) {
				t.Errorf("error %v, want %v", err, tt.err)
			}
		})
	}
}

func TestJSONShape(t *testing.T) {
	e := mustEngine(t)
	for _, q := range []string{"会员卡发出去多少张?", "明天上海会下雨吗?"} {
		a, err := e.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(a)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"found", "passage", "figure", "alternatives"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%q: JSON lacks %q: %s", q, k, b)
			}
		}
		if a.Found {
			p := m["passage"].(map[string]any)
			for _, k := range []string{"text", "section", "report"} {
				if _, ok := p[k]; !ok {
					t.Errorf("passage lacks %q", k)
				}
			}
		}
	}
}

func TestDetectIntent(t *testing.T) {
	tests := []struct {
		q          string
		kind, unit string // unit: askedUnit's
	}{
		{"会员卡发出去多少张?", "count", "张"},
		{"第十五次代表大会什么时候开幕", "date", ""},
		// 第几 asks which one: an ordinal, though 几届 would ask how long.
		{"今年要启动第几次全国土壤普查", "ordinal", "次"},
		{"2026年支持办好第几届世界技能大赛", "ordinal", "届"},
		// An ordinal checked asks no amount.
		{"今年是不是启动第三次全国土壤普查", "", ""},
		{"是不是在贵阳召开了第十五次代表大会", "", ""},
		{"厂务公开建会率是多少", "percent", ""},
		{"帮扶资金投了多少钱", "money", ""},
		{"连续几年获得特等奖", "duration", "年"},
		{"遵义市总工会通过什么渠道发布信息", "", ""},
		// 哪几 asks which, not how many; a how-many beside it still counts.
		{"中部地区是指哪几个省?", "", ""},
		{"哪几个省的人口超过了多少万人", "count", "人"},
		{"GDP比上年增长多高", "percent", ""},
		// 个 before 人 is only its classifier: people are counted.
		{"给几个人发了", "count", "人"},
		{"多少个人次参与", "count", "人次"},
		{"建了几个服务站", "count", "个"},
		// An amount to check asks how much: its kind by the same cues.
		{"给生病职工发的钱是不是有6个亿?", "money", ""},
		{"农村上网的人是不是才百分之五十多", "percent", ""},
		{"减税降费是不是有一万亿", "count", ""},
		// A measure word counts things, whatever money or share they have.
		{"获得资金补助的创新工作室项目有多少个", "count", "个"},
		{"普惠金融贷款发放了多少笔", "count", "笔"},
		{"有多少个城市的空气质量优良率达到100%", "count", "个"},
		{"帮扶资金投了多少元", "money", "元"},
		// 个 before 亿 is no measure of things; 人 starting a word is no
		// count of people; an amount checked is in its own unit.
		{"帮扶资金一共几个亿", "money", ""},
		{"全国有几个人口大省", "count", "个"},
		{"有几个人参加培训", "count", "人"},
		{"帮扶资金是不是惠及3000人", "count", ""},
		{"帮扶资金是不是支持了30家企业", "count", ""},
		{"是不是有5亿元资金,惠及3000人", "money", ""},
		{"慰问金每人发多少块钱", "money", "块"},
		{"普惠贷款发放了多少万笔", "count", "笔"},
		// The last how-many with a unit is the one asked: 这几年 says when.
		{"热线这几年接了多少个电话", "count", "个"},
		{"这几年发了多少张会员卡", "count", "张"},
		// A how-many that says when (这几年, 近几个月) is not the one asked.
		{"多少名职工在这几年获得表彰", "count", "名"},
		{"全市有多少家企业在近几个月内复工", "count", "家"},
		{"投入多少亿元建了几个项目", "money", "元"},
		// 个点 is spoken for 个百分点, a share asked in its unit; 个 of
		// 个点位 counts the sites.
		{"消费对GDP增长拉了几个点呀", "percent", "个百分点"},
		{"去年猪肉比前年多产了几成", "percent", "成"},
		// A share named asks a percentage, whatever money it names.
		{"应付账款余额占总资产的比重是多少", "percent", ""},
		{"全市设置了多少个点位", "count", "个"},
	}
	for _, tt := range tests {
		in := detectIntent(tt.q)
		if in.kind != tt.kind || askedUnit(in) != tt.unit || in.quantity != (tt.kind != "") {
			t.Errorf("detectIntent(%q) = %+v, want kind %q unit %q", tt.q, in, tt.kind, tt.unit)
		}
	}
}

func FuzzAsk(f *testing.F) {
	for _, q := range []string{"会员卡发出去多少张?", "", "\xff", "多少多少几几", "1+1+N", strings.Repeat("工", 400)} {
		f.Add(q)
	}
	e := mustEngine(f)
	f.Fuzz(func(t *testing.T, q string) {
		a, err := e.Ask(context.Background(), q)
		if err != nil {
			if !errors.Is(err, ErrEmptyQuestion) && !errors.Is(err, ErrQuestionTooLong) {
				t.Fatalf("Ask(%q): %v", q, err)
			}
			return
		}
		if a.Found && (a.Passage == nil || a.Passage.Text == "") {
			t.Fatalf("found without passage for %q", q)
		}
		if !utf8.ValidString(a.Question) {
			t.Fatalf("question kept invalid UTF-8: %q", a.Question)
		}
		if a.Passage != nil {
			if !utf8.ValidString(a.Passage.Text) {
				t.Fatalf("invalid passage %q", a.Passage.Text)
			}
			if a.Figure != nil && !strings.Contains(a.Passage.Text, a.Figure.Text) {
				t.Fatalf("figure %q is not in the passage %q", a.Figure.Text, a.Passage.Text)
			}
			for _, h := range a.Passage.Highlights {
				if h.Start < 0 || h.End > len(a.Passage.Text) || h.Start >= h.End {
					t.Fatalf("highlight %v outside the passage", h)
				}
			}
		}
		if !a.Found && (a.Passage != nil || a.Figure != nil) {
			t.Fatalf("not found but answered %+v", a)
		}
	})
}

func TestPassageMarked(t *testing.T) {
	p := Passage{Text: "工会<会员>693.96万人", Highlights: []index.Span{{Start: 0, End: 6}, {Start: 7, End: 13}, {Start: 100, End: 120}}}
	if got := p.Marked("【", "】", nil); got != "【工会】<【会员】>693.96万人" {
		t.Errorf("plain: %q", got)
	}
	if got := p.Marked("<u>", "</u>", html.EscapeString); got != "<u>工会</u>&lt;<u>会员</u>&gt;693.96万人" {
		t.Errorf("html: %q", got)
	}
}

// TestRefusalNamesItsRule: a question the reports do not answer says by
// which rule; one they answer says none.
func TestRefusalNamesItsRule(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct{ question, want string }{
		{"会员卡发出去多少张?", ""},
		{"云南省有多少工会会员", RefusedByPin},
		{"1990年全省工会会员有多少人", RefusedByYear},
		{"量子计算机的比特数", RefusedNoMatch},
		{"全省职工子女夏令营办了几期", RefusedByCoverage},
	} {
		a, err := e.Ask(context.Background(), tc.question)
		if err != nil {
			t.Fatal(err)
		}
		if a.Refusal != tc.want || a.Found != (tc.want == "") {
			t.Errorf("%s: found %v, refusal %q; want %q", tc.question, a.Found, a.Refusal, tc.want)
		}
	}
	// Follow-ups: no passage says the message's own thing, or the one that
	// does counts something else.
	for _, tc := range []struct{ first, second, want string }{
		{"会员卡发出去多少张", "外卖员呢", RefusedByOwnWords},
		{"全省工会会员有多少人", "那女职工呢", RefusedByFigure},
	} {
		_, turn, err := e.Follow(context.Background(), nil, tc.first)
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := e.Follow(context.Background(), turn, tc.second)
		if err != nil {
			t.Fatal(err)
		}
		if a.Found || a.Reading == nil || a.Refusal != tc.want {
			t.Errorf("%s → %s: found %v, read %+v, refusal %q; want %q", tc.first, tc.second, a.Found, a.Reading, a.Refusal, tc.want)
		}
	}
}

// A report's subtitle is a passage: its date and meeting answer when it
// was given, and a question on another meeting's ordinal is refused.
func TestSubtitleAnswers(t *testing.T) {
	e := engineFor(t, mustParse(t, "budget", "关于某市2025年预算执行情况的报告\n"+
		"——2026年2月7日某市第十六届人民代表大会第四次会议通过\n\n"+
		"一、2025年预算执行情况\n\n全市一般公共预算收入8500亿元，增长3.8%。\n\n"+
		"二、2026年预算草案\n\n全市一般公共预算收入8670亿元，增长2%。"))
	a, err := e.Ask(context.Background(), "预算报告是哪天在人民代表大会上通过的")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Passage.Text, "2026年2月7日") {
		t.Errorf("found=%v passage=%q, want the subtitle's date", a.Found, a.Passage.Text)
	}
	a, err = e.Ask(context.Background(), "第十六次代表大会是哪天开的")
	if err != nil {
		t.Fatal(err)
	}
	if a.Found {
		t.Errorf("第十六次代表大会 answered with %q, want refused (the subtitle's is the 第十六届 congress)", a.Passage.Text)
	}
}

// The question a refused Answer carries is shown back to the member: valid
// UTF-8, and no longer than a question may be.
func TestRefusedQuestionIsShownClean(t *testing.T) {
	e := mustEngine(t)
	a, err := e.Ask(context.Background(), "\xff"+strings.Repeat("工会", MaxQuestionRunes))
	if !errors.Is(err, ErrQuestionTooLong) {
		t.Fatalf("err %v, want ErrQuestionTooLong", err)
	}
	if !utf8.ValidString(a.Question) || utf8.RuneCountInString(a.Question) != MaxQuestionRunes+1 || !strings.HasSuffix(a.Question, "…") {
		t.Errorf("question shown %q…: want valid UTF-8, %d characters and an ellipsis", a.Question[:9], MaxQuestionRunes)
	}
}

// The year a report with no year of its own was written is the year it
// was added in China Standard Time, whatever the server's zone.
func TestWrittenYearInChinaStandardTime(t *testing.T) {
	h := index.Hit{Added: time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC).Unix()} // 2026-01-01 04:00 in Beijing
	saved := time.Local
	t.Cleanup(func() { time.Local = saved })
	for _, zone := range []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("PST", -8*3600)} {
		time.Local = zone
		if got := writtenYear(h); got != 2026 {
			t.Errorf("in %s: written %d, want 2026", zone, got)
		}
	}
}

// A number asked marks a number of the passage whole or not at all: the
// 1 of "超过1亿" is no part of 5.41亿元, and the 2023 asked marks 2023年.
func TestHighlightsKeepNumbersWhole(t *testing.T) {
	text := "共投入帮扶资金5.41亿元,2023年惠及1万人。"
	span := func(sub string, nth int) index.Span {
		at := -1
		for range nth + 1 {
			at += 1 + strings.Index(text[at+1:], sub)
		}
		return index.Span{Start: at, End: at + len(sub)}
	}
	h := index.Hit{Passage: corpus.Passage{Text: text}, Spans: []index.Span{span("1", 0), span("帮扶", 0), span("2023", 0), span("1", 1)}}
	got := toPassage(h).Marked("[", "]", nil)
	want := "共投入[帮扶]资金5.41亿元,[2023]年惠及[1]万人。"
	if got != want {
		t.Errorf("Marked = %q, want %q", got, want)
	}
}
