package index

import (
	"slices"
	"strings"
	"testing"
)

func TestLexicon(t *testing.T) {
	l := newLexicon([]string{"工会", "劳动模范", "综合试验区", "劳动", "会员", "hello"})
	for _, tc := range []struct {
		word       string
		homophones []string
		expansions []string
	}{
		{"公会", []string{"工会"}, nil},     // pinyin input picked the wrong 工
		{"工会", nil, nil},                // itself is no homophone
		{"劳模", nil, []string{"劳动模范"}},   // abbreviation
		{"综试区", nil, []string{"综合试验区"}}, // abbreviation of three
		{"劳会", nil, nil},                // 劳…会 in no word of ≤ 5 characters
		{"模范", nil, nil},                // must share the first character
		{"hello", nil, nil},             // Latin words have no sound here
	} {
		if got := l.Homophones(tc.word); !slices.Equal(got, tc.homophones) {
			t.Errorf("Homophones(%q) = %q, want %q", tc.word, got, tc.homophones)
		}
		if got := l.Expansions(tc.word); !slices.Equal(got, tc.expansions) {
			t.Errorf("Expansions(%q) = %q, want %q", tc.word, got, tc.expansions)
		}
	}
	var nilLex *Lexicon
	if nilLex.Homophones("公会") != nil || nilLex.Expansions("劳模") != nil {
		t.Error("a nil lexicon found words")
	}
}

func TestLexiconContaining(t *testing.T) {
	l := newLexicon([]string{"服务卡", "会员服务卡", "卡", "立卡", "card卡", "工会"})
	if got := l.Containing('卡'); strings.Join(got, " ") != "服务卡 会员服务卡 立卡" {
		t.Errorf("Containing(卡) = %v", got)
	}
	if got := l.Containing('鱼'); got != nil {
		t.Errorf("Containing(鱼) = %v", got)
	}
}
