package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/corpus"
)

// TestScopeWordsIn: a scope word is said where it starts a word, not
// where its 全 closes one with the character before it.
func TestScopeWordsIn(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"全市一般公共预算收入", []string{"全市"}},
		{"去年全国工会会员有多少", []string{"全国"}},
		{"如何健全市场体系", nil},
		{"安全区建了几个", nil},
		{"芯片完全国产化了吗", nil},
		{"全国和全省各有多少", []string{"全国", "全省"}},
		{"", nil},
	} {
		if got := ScopeWordsIn(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("ScopeWordsIn(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestReportScope: a report's scope is the scope word its passages say
// most, ten times at least; none when none is said that often, or two as
// often.
func TestReportScope(t *testing.T) {
	report := func(texts ...string) *corpus.Report {
		r := &corpus.Report{ID: "r"}
		for _, s := range texts {
			r.Passages = append(r.Passages, corpus.Passage{Text: s})
		}
		return r
	}
	for _, tc := range []struct {
		name string
		r    *corpus.Report
		want string
	}{
		{"a city's", report(strings.Repeat("全市收入增长。", 6), strings.Repeat("全市支出。", 6), "全国。全国。"), "全市"},
		{"a province's, with national honours", report(strings.Repeat("全省工会。", 11), strings.Repeat("全国劳模。", 10)), "全省"},
		{"too few", report(strings.Repeat("承办全国会议。", 9)), ""},
		{"tied", report(strings.Repeat("全省。全国。", 10)), ""},
		{"健全 is no 全市", report(strings.Repeat("健全市场体系。", 12)), ""},
	} {
		if got := ReportScope(tc.r); got != tc.want {
			t.Errorf("%s: ReportScope = %q, want %q", tc.name, got, tc.want)
		}
	}
	r, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := ReportScope(r); got != "全省" {
		t.Errorf("the embedded report's scope is %q, want 全省 (a province's union)", got)
	}
}
