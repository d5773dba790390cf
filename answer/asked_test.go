package answer

import (
	"slices"
	"testing"
)

func TestAskedSpans(t *testing.T) {
	for _, tc := range []struct {
		question string
		quantity bool
		want     []string
	}{
		{"公会管不管", false, []string{"管不管"}},
		{"这个可不可以报销", false, []string{"可不可以"}},
		{"有没有补助", false, []string{"有没有"}},
		{"会员卡是不是发了两百多万张", true, []string{"是不是", "两百多万张"}},
		{"全省工会会员是不是快700w了", true, []string{"是不是", "快700w"}},
		{"农民工是不是快三个亿了", true, []string{"是不是", "快三个亿"}},
		{"研发砸了多少钱 几千万", true, []string{"几千万"}},
		// A quoted amount names what the passage says; a question that
		// asks no amount has no guess.
		{"除了省总投的2100万,扶贫还协调了多少资金", true, nil},
		{"大学毕业的有一千多万", false, nil},
		{"不不不", false, nil},
		// Only a verb of lang's list is asked by its first character: the
		// word after any other is the topic.
		{"工会有没有钱", false, []string{"有没有"}},
		{"要不要钱", false, []string{"要不要"}},
		{"需不需要登记", false, []string{"需不需要"}},
		// A guessing word glued into a word (最近, 节约) guesses nothing.
		{"最近两万人参加了什么活动,有多少", true, nil},
		{"节约两万吨标准煤是多少", true, nil},
		{"将近两万人参加,具体多少", true, []string{"将近两万人"}},
		// 多 + adjective asks a degree however the segmenter cuts it
		// (规模有多大 → 有 / 多 / 大); 大学 and 多数 ask nothing.
		{"规模有多大", true, []string{"多大"}},
		{"楼有多高，要多久", false, []string{"多高", "多久"}},
		{"大学生多数在哪", false, nil},
	} {
		var got []string
		for _, s := range askedSpans(tc.question, tc.quantity, askFigure(tc.question).checks) {
			got = append(got, tc.question[s[0]:s[1]])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("askedSpans(%q) = %q, want %q", tc.question, got, tc.want)
		}
	}
}

// TestAskedWordsAreNoTerms: the words of an asked span (a guess, an
// A-not-A, 多 + adjective, 百分之几) are not searched; the question's
// topic is.
func TestAskedWordsAreNoTerms(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct {
		question    string
		notSearched []string
		topic       string
	}{
		{"会员卡是不是发了两百多万张", []string{"不是", "万张", "两百多"}, "会员"},
		{"服务站的规模有多大", []string{"多", "大", "多大"}, "规模"},
		// A fraction or an ordinal asked for, nor the words inside it.
		{"工会会费按工资的百分之几缴纳", []string{"百分之几", "百分之", "百分"}, "会费"},
		{"工会会费按工资的千分之几缴纳", []string{"千分之几"}, "会费"},
		{"今年要启动第几次土壤普查", []string{"第几次", "第几"}, "土壤"},
		// A greeting before the question is not searched; who asks is.
		{"你好，我是开小饭馆的个体户，想问下退税一共退多少钱", []string{"你好"}, "个体户"},
		{"老师好!本人在厂里上班,工会会员有多少人", []string{"老师"}, "会员"},
		{"各位大佬好 会员卡发了多少张", []string{"各位", "大佬"}, "会员卡"},
		// A clause ending in 好 that is no greeting, and a greeting that
		// is the whole message, are searched.
		{"服务站建得好，有多少个", nil, "建得"},
		{"会员有多少，老师好", nil, "老师"},
		// A fraction or ordinal asked for as gse cuts it.
		{"百分之多少的职工入了会", []string{"百分之", "百分", "多少"}, "职工"},
		{"三分之几的企业建了工会", []string{"三分"}, "企业"},
	} {
		r, _, err := e.read(tc.question)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range r.terms {
			if slices.Contains(tc.notSearched, tt.text) {
				t.Errorf("%s: term %q of an asked span is searched", tc.question, tt.text)
			}
		}
		if !slices.ContainsFunc(r.terms, func(tt term) bool { return tt.text == tc.topic }) {
			t.Errorf("%s: the topic %s is not searched: %v", tc.question, tc.topic, r.terms)
		}
	}
}
