package index

import (
	"maps"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"github.com/reportbot/reportbot/lang"
)

// Lexicon is the index's vocabulary looked at by sound and by shape, for
// the words of a question the index does not hold: a homophone typo
// (公会 for 工会, typed by pinyin) and an abbreviation (劳模 for 劳动模范,
// 综试区 for 综合试验区) are found here among the words reports use.
type Lexicon struct {
	// words lists the vocabulary; it is read once, into vocab on the
	// first homophone looked up and into byFirst on the first
	// abbreviation.
	words     func() []string
	vocabOnce sync.Once
	vocab     map[string]struct{}
	firstOnce sync.Once
	byFirst   map[rune][]string // first character → words of 3+ characters
	charOnce  sync.Once
	byChar    map[rune][]string // character → words of 2+ characters holding it
}

// Lexicon returns the index's lexicon. It costs nothing to make: sounds
// are looked up character by character in a table shared by the
// process, and the vocabulary is gathered on first use.
func (ix *Index) Lexicon() *Lexicon {
	ix.lexiconOnce.Do(func() {
		ix.stats.Do(ix.loadStats)
		ix.lexicon = &Lexicon{
			words: func() []string {
				words := map[string]bool{}
				for _, terms := range ix.freqs {
					for t := range terms {
						words[t] = true
					}
				}
				for t := range ix.olderOnly {
					words[t] = true
				}
				return slices.Sorted(maps.Keys(words))
			},
		}
	})
	return ix.lexicon
}

// newLexicon is a lexicon of a fixed word list.
func newLexicon(words []string) *Lexicon {
	return &Lexicon{words: func() []string { return words }}
}

// sounds are every character go-pinyin reads, by toneless syllable, and
// each character's syllable (its first reading).
type sounds struct {
	of    map[rune]string
	chars map[string][]rune
}

// soundTable is built once per process from go-pinyin's dictionary and
// never changes after. Only the basic block of CJK ideographs is read
// (U+4E00–U+9FA5, the characters pinyin input offers first): half the
// dictionary, 50 ms instead of 100 on first use.
var soundTable = sync.OnceValue(func() *sounds {
	s := &sounds{of: map[rune]string{}, chars: map[string][]rune{}}
	args := pinyin.NewArgs()
	for _, code := range slices.Sorted(maps.Keys(pinyin.PinyinDict)) {
		r := rune(code)
		if r < 0x4E00 || r > 0x9FA5 {
			continue
		}
		if syl := pinyin.SinglePinyin(r, args); len(syl) > 0 && syl[0] != "" {
			s.of[r] = syl[0]
			s.chars[syl[0]] = append(s.chars[syl[0]], r)
		}
	}
	return s
})

// Homophones are the index's words that sound like w but have one
// character written otherwise: what pinyin input gives when the wrong
// candidate is picked (公会 for 工会, 职公 for 职工).
func (l *Lexicon) Homophones(w string) []string {
	if l == nil || !lang.AllHan(w) || utf8.RuneCountInString(w) < 2 {
		return nil
	}
	l.vocabOnce.Do(func() {
		l.vocab = map[string]struct{}{}
		for _, v := range l.words() {
			l.vocab[v] = struct{}{}
		}
	})
	s := soundTable()
	var out []string
	var buf []byte
	for i, r := range w {
		syl, ok := s.of[r]
		if !ok {
			continue
		}
		before, after := w[:i], w[i+utf8.RuneLen(r):]
		for _, c := range s.chars[syl] {
			if c == r {
				continue
			}
			buf = append(utf8.AppendRune(append(buf[:0], before...), c), after...)
			// The lookup converts buf without allocating; only a
			// word found becomes a string.
			if _, ok := l.vocab[string(buf)]; ok && !slices.Contains(out, string(buf)) {
				out = append(out, string(buf))
			}
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
	l.firstOnce.Do(func() {
		l.byFirst = map[rune][]string{}
		for _, w := range l.words() {
			if utf8.RuneCountInString(w) >= 3 && lang.AllHan(w) {
				first, _ := utf8.DecodeRuneInString(w)
				l.byFirst[first] = append(l.byFirst[first], w)
			}
		}
	})
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

// Containing are the index's words of two or more Chinese characters
// that hold the character r (卡 → 服务卡, 会员服务卡), in the order of the
// vocabulary. Admins are offered them as what a member's word no report
// uses may stand for; the table is built on first use.
func (l *Lexicon) Containing(r rune) []string {
	if l == nil {
		return nil
	}
	l.charOnce.Do(func() {
		l.byChar = map[rune][]string{}
		for _, w := range l.words() {
			if utf8.RuneCountInString(w) < 2 || !lang.AllHan(w) {
				continue
			}
			seen := map[rune]bool{}
			for _, c := range w {
				if !seen[c] {
					seen[c] = true
					l.byChar[c] = append(l.byChar[c], w)
				}
			}
		}
	})
	return l.byChar[r]
}
