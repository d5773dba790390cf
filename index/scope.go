package index

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/lang"
)

// minScopeMentions is how often a report must say a scope word for it to
// be the report's own: a report speaks for its area throughout (the
// suite's national, provincial and city reports say theirs 18 to 53
// times), while a word said a few times is said of something in it (a
// company's report says 全国 of a national conference, twice). The scope
// is stored with every passage: a change here needs a new layoutVersion.
const minScopeMentions = 10

// ReportScope is the scope word (lang.Data.ScopeWords: 全国, 全省, 全市…)
// r's passages say most, when they say it at least minScopeMentions times
// and more often than any other; "" otherwise. A provincial report says
// 全国 too, of national honours, but less often than 全省.
func ReportScope(r *corpus.Report) string {
	words := lang.Default().ScopeWords()
	count := map[string]int{}
	for _, p := range r.Passages {
		for _, w := range words {
			count[w] += scopeMentions(p.Text, w)
		}
	}
	best, most, tied := "", 0, false
	for _, w := range words {
		switch n := count[w]; {
		case n > most:
			best, most, tied = w, n, false
		case n == most:
			tied = true
		}
	}
	if most < minScopeMentions || tied {
		return ""
	}
	return best
}

// ScopeWordsIn are the scope words text says, in lang's order.
func ScopeWordsIn(text string) []string {
	var out []string
	for _, w := range lang.Default().ScopeWords() {
		if SaysScope(text, w) {
			out = append(out, w)
		}
	}
	return slices.Clip(out)
}

// SaysScope reports whether text says the scope word w (scopeMentions).
func SaysScope(text, w string) bool { return scopeMentions(text, w) > 0 }

// scopeMentions counts where text says the scope word w (全市): not where
// its 全 closes a word with the character before it, a word of gse's
// dictionary (健全市场 is 健全 and 市场, 安全区 安全 and 区, 完全国产化
// 完全 and 国产化).
func scopeMentions(text, w string) int {
	first, _ := utf8.DecodeRuneInString(w)
	n := 0
	for at := 0; ; {
		i := strings.Index(text[at:], w)
		if i < 0 {
			return n
		}
		i += at
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		if i == 0 || before == utf8.RuneError || PartOfSpeech(string(before)+string(first)) == "" {
			n++
		}
		at = i + len(w)
	}
}
