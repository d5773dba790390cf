package corpus

import (
	"regexp"
	"testing"
)

func TestGuessPattern(t *testing.T) {
	g := DefaultGrammar()
	re := regexp.MustCompile(g.GuessPattern())
	for _, tt := range []struct {
		q, amount, before string
		inexact           bool
	}{
		{"会员卡是不是发了两百多万张", "两百多万张", "", true},
		{"快700w了吧", "快700w", "快", true},
		{"投了几千万", "几千万", "", true},
		{"除了省总投的2100万还有谁", "2100万", "", false},
		{"差不多三个亿吗", "差不多三个亿", "差不多", false},
		{"上万人参加", "", "", false}, // 上万 is no amount stated
	} {
		m := re.FindStringSubmatch(tt.q)
		got, before := "", ""
		if m != nil {
			got, before = m[0], m[1]
		}
		if got != tt.amount || before != tt.before {
			t.Errorf("%s: amount %q before %q, want %q %q", tt.q, got, before, tt.amount, tt.before)
		}
		if amount := got[len(before):]; got != "" && g.Inexact(amount) != tt.inexact {
			t.Errorf("Inexact(%q) = %v, want %v", amount, !tt.inexact, tt.inexact)
		}
	}
}

func TestMeasuresMagnitude(t *testing.T) {
	g := DefaultGrammar()
	for _, tt := range []struct {
		measure, rest string
		want          bool
	}{
		{"个", "亿", true}, {"个", "多亿", true}, {"个", "w", true}, {"个", "万亿元", true},
		{"个", "百分点", false}, {"个", "千人", false}, {"个", "人", false}, {"名", "亿", false},
	} {
		if got := g.MeasuresMagnitude(tt.measure, tt.rest); got != tt.want {
			t.Errorf("MeasuresMagnitude(%q, %q) = %v, want %v", tt.measure, tt.rest, got, tt.want)
		}
	}
}

func TestWrittenAmounts(t *testing.T) {
	g := DefaultGrammar()
	for _, tt := range []struct {
		q, written string
		value      float64
	}{
		{"省总扶贫砸了2100w?真的假的", "省总扶贫砸了2100万?真的假的", 2.1e7},
		{"是不是有6个多亿", "是不是有6多亿", 6e8},
		{"上网的人有10个亿吗", "上网的人有10亿吗", 1e9},
		{"人均GDP是不是8W了", "人均GDP是不是8万了", 8e4},
		{"是不是21万亿多", "是不是21万亿多", 2.1e13},
		{"投了几千万", "投了几千万", 0},                   // no value: left as written
		{"10个项目", "10个项目", 10},                  // a measure word before no place value stays
		{"会员卡是不是发了两百多万张", "会员卡是不是发了两百多万张", 2e6}, // written as a report would
		{"是不是涨了3个百分点", "是不是涨了3个百分点", 3},         // 个 before 百 measures the points
		{"是不是有3个千人计划专家", "是不是有3个千人计划专家", 3},     // and before 千 the experts
	} {
		got := g.WrittenAmounts(tt.q)
		if got != tt.written {
			t.Errorf("WrittenAmounts(%q) = %q, want %q", tt.q, got, tt.written)
			continue
		}
		value := 0.0
		if figs := g.ExtractFigures(got); len(figs) > 0 {
			value = figs[0].Value
		}
		if value != tt.value {
			t.Errorf("%q: first figure's value %g, want %g", got, value, tt.value)
		}
	}
}
