package index

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"github.com/reportbot/reportbot/index/postings"
	"github.com/reportbot/reportbot/lang"
)

// Lexicon is the index's vocabulary looked at by sound and by shape, for
// the words of a question the index does not hold: a homophone typo
// (公会 for 工会, typed by pinyin) and an abbreviation (劳模 for 劳动模范,
// 综试区 for 综合试验区) are found here among the words reports use.
type Lexicon struct {
	vocab vocabulary
}

// vocabulary is a set of words, in byte order for an index's.
type vocabulary interface {
	has(word []byte) bool
	// prefixed lists the words starting with prefix, in order.
	prefixed(prefix string) []string
	// containing lists the words of two or more Chinese characters
	// holding r, in order.
	containing(r rune) []string
}

// Lexicon returns the index's lexicon: the words of every searchable
// field of both parts, read from the postings tables' dictionaries word
// by word as questions ask; only Containing gathers them all, once.
func (ix *Index) Lexicon() *Lexicon {
	ix.lexiconOnce.Do(func() {
		ix.lexicon = &Lexicon{vocab: &tableVocabulary{tables: []*postings.Table{ix.current.table, ix.older.table}}}
	})
	return ix.lexicon
}

// tableVocabulary is the union of the tables' terms. A table that
// cannot be read (a damaged file) holds no words: a lexicon only offers
// alternatives, and the search reports the damage.
type tableVocabulary struct {
	tables   []*postings.Table
	charOnce sync.Once
	byChar   map[rune][]string // character → words of 2+ characters holding it
}

func (v *tableVocabulary) has(word []byte) bool {
	for _, t := range v.tables {
		if ok, err := t.Contains(word); ok && err == nil {
			return true
		}
	}
	return false
}

func (v *tableVocabulary) prefixed(prefix string) []string {
	var out []string
	for _, t := range v.tables {
		t.Prefixed(prefix, func(w string) bool { out = append(out, w); return true })
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (v *tableVocabulary) containing(r rune) []string {
	v.charOnce.Do(func() { v.byChar = byCharacter(v.prefixed("")) })
	return v.byChar[r]
}

// byCharacter indexes the words of two or more Chinese characters by
// each character they hold.
func byCharacter(words []string) map[rune][]string {
	by := map[rune][]string{}
	for _, w := range words {
		if utf8.RuneCountInString(w) < 2 || !lang.AllHan(w) {
			continue
		}
		seen := map[rune]bool{}
		for _, c := range w {
			if !seen[c] {
				seen[c] = true
				by[c] = append(by[c], w)
			}
		}
	}
	return by
}

// wordList is a fixed vocabulary, in the order given.
type wordList []string

func (l wordList) has(word []byte) bool { return slices.Contains(l, string(word)) }

func (l wordList) prefixed(prefix string) []string {
	var out []string
	for _, w := range l {
		if strings.HasPrefix(w, prefix) {
			out = append(out, w)
		}
	}
	return out
}

func (l wordList) containing(r rune) []string { return byCharacter(l)[r] }

// newLexicon is a lexicon of a fixed word list.
func newLexicon(words []string) *Lexicon { return &Lexicon{vocab: wordList(words)} }

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

// Has reports whether the index holds word in a searchable field.
func (l *Lexicon) Has(word string) bool { return l != nil && l.vocab.has([]byte(word)) }

// Homophones are the index's words that sound like w but have one
// character written otherwise: what pinyin input gives when the wrong
// candidate is picked (公会 for 工会, 职公 for 职工).
func (l *Lexicon) Homophones(w string) []string {
	if l == nil || !lang.AllHan(w) || utf8.RuneCountInString(w) < 2 {
		return nil
	}
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
			if l.vocab.has(buf) && !slices.Contains(out, string(buf)) {
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
	var out []string
	for _, w := range l.vocab.prefixed(string(rs[0])) {
		n := utf8.RuneCountInString(w)
		if n < 3 || n <= len(rs) || n > 2*len(rs)+1 || !lang.AllHan(w) {
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
	return l.vocab.containing(r)
}
