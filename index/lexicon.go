package index

import (
	"slices"
	"strings"

	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"github.com/reportbot/reportbot/lang"
)

// Lexicon is the index's vocabulary looked at by sound and by shape, for
// the words of a question the index does not hold: a homophone typo
// (公会 for 工会, typed by pinyin) and an abbreviation (劳模 for 劳动模范,
// 综试区 for 综合试验区) are found here among the words reports use.
type Lexicon struct {
	bySound map[string][]string // toneless pinyin of a word → words
	byFirst map[rune][]string   // first character → words of 3+ characters
}

// Lexicon returns the index's lexicon, built from its term dictionaries on
// first use: an index never changes after Build.
func (ix *Index) Lexicon() *Lexicon {
	ix.lexiconOnce.Do(func() {
		ix.stats.Do(ix.loadStats)
		words := map[string]bool{}
		for _, terms := range ix.freqs {
			for t := range terms {
				words[t] = true
			}
		}
		ix.lexicon = newLexicon(slices.Sorted(func(yield func(string) bool) {
			for w := range words {
				if !yield(w) {
					return
				}
			}
		}))
	})
	return ix.lexicon
}

func newLexicon(words []string) *Lexicon {
	l := &Lexicon{bySound: map[string][]string{}, byFirst: map[rune][]string{}}
	args := pinyin.NewArgs()
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		if n < 2 || !lang.AllHan(w) {
			continue
		}
		if s := sound(w, args); s != "" {
			l.bySound[s] = append(l.bySound[s], w)
		}
		if n >= 3 {
			first, _ := utf8.DecodeRuneInString(w)
			l.byFirst[first] = append(l.byFirst[first], w)
		}
	}
	return l
}

// sound is a word's pinyin without tones, syllables joined by spaces;
// "" when a character has no reading.
func sound(w string, args pinyin.Args) string {
	syllables := pinyin.LazyPinyin(w, args)
	if len(syllables) != utf8.RuneCountInString(w) {
		return ""
	}
	return strings.Join(syllables, " ")
}

// Homophones are the index's words that sound like w but are written
// otherwise: what pinyin input gives when the wrong candidate is picked.
func (l *Lexicon) Homophones(w string) []string {
	if l == nil || !lang.AllHan(w) || utf8.RuneCountInString(w) < 2 {
		return nil
	}
	var out []string
	for _, c := range l.bySound[sound(w, pinyin.NewArgs())] {
		if c != w {
			out = append(out, c)
		}
	}
	return out
}

// Expansions are the index's words that abbr abbreviates the way Chinese
// abbreviations are made: the same first character and abbr's characters
// in order inside a word at most twice as long plus one (劳模 → 劳动模范,
// 综试区 → 综合试验区). Longer words would match almost any pair.
func (l *Lexicon) Expansions(abbr string) []string {
	if l == nil || !lang.AllHan(abbr) {
		return nil
	}
	rs := []rune(abbr)
	if len(rs) < 2 || len(rs) > 4 {
		return nil
	}
	var out []string
	for _, w := range l.byFirst[rs[0]] {
		n := utf8.RuneCountInString(w)
		if n <= len(rs) || n > 2*len(rs)+1 {
			continue
		}
		if inOrder(rs, w) {
			out = append(out, w)
		}
	}
	return out
}

// inOrder reports whether the runes rs appear in w in order.
func inOrder(rs []rune, w string) bool {
	i := 0
	for _, r := range w {
		if i < len(rs) && r == rs[i] {
			i++
		}
	}
	return i == len(rs)
}
