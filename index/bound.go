package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
)

// Bounds on the text one passage costs to index. Without them a single
// paragraph of n characters cut into n/120 passages indexed the whole
// paragraph with each of them: n² work and memory (a 60,000-character
// paragraph took 4.4 GB).
const (
	// wholeParagraphRunes is the longest paragraph kept whole as a
	// passage's context. The embedded report's longest is 237 characters
	// and a long paragraph of a written report about 600, so every real
	// paragraph stays whole and answers are unchanged.
	wholeParagraphRunes = 1000
	// contextRunes is how much of a longer paragraph on each side of the
	// passage is kept: two or three passages' worth, what a reader would
	// take in around the passage.
	contextRunes = 300
	// maxSegmentRunes is the longest piece of text handed to gse at once.
	// gse's HMM (for words not in the dictionary) slows down sharply on
	// long runs of unknown characters: 2,000 numbers in a row took 42 s.
	// Sentences and clauses are shorter than this, so cutting at
	// punctuation or spaces first changes no segmentation of real text.
	maxSegmentRunes = 100
)

// boundContext returns p with its Paragraph cut to the passage and at
// most contextRunes on each side when the paragraph is longer than
// wholeParagraphRunes, so indexing is linear in the report's length.
func boundContext(p corpus.Passage) corpus.Passage {
	if len(p.Paragraph) <= wholeParagraphRunes || utf8.RuneCountInString(p.Paragraph) <= wholeParagraphRunes {
		return p
	}
	i := strings.Index(p.Paragraph, p.Text)
	if i < 0 {
		// Not inside its paragraph (never from corpus.Parse): keep the
		// start of the paragraph as context.
		p.Paragraph = headRunes(p.Paragraph, 2*contextRunes)
		return p
	}
	start := i
	for n := 0; n < contextRunes && start > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(p.Paragraph[:start])
		start -= size
	}
	end := i + len(p.Text)
	end += len(headRunes(p.Paragraph[end:], contextRunes))
	p.Paragraph = p.Paragraph[start:end]
	return p
}

// headRunes is the first n runes of s.
func headRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// inNumber reports punctuation between two digits, the point or the
// thousands separator of a number (1.5, 4,459.32): cut there, the number
// would be indexed as two.
func inNumber(prev rune, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsDigit(prev) && unicode.IsDigit(next)
}

// segments cuts text into pieces of at most maxSegmentRunes runes for gse,
// preferring to cut after punctuation and then after a space, and only
// inside a run with neither when it is that long. The pieces, joined,
// are text.
func segments(text string) []string {
	if len(text) <= maxSegmentRunes {
		return []string{text}
	}
	var out []string
	for len(text) > 0 {
		cut, punct, space, n := len(text), -1, -1, 0
		prev := rune(0)
		for i, r := range text {
			if n == maxSegmentRunes {
				cut = i
				break
			}
			n++
			switch {
			case unicode.IsPunct(r) && !inNumber(prev, text[i+utf8.RuneLen(r):]):
				punct = i + utf8.RuneLen(r)
			case unicode.IsSpace(r):
				space = i + utf8.RuneLen(r)
			}
			prev = r
		}
		if cut < len(text) {
			switch {
			case punct > 0:
				cut = punct
			case space > 0:
				cut = space
			default:
				// A cut inside a run: not inside a number either (its
				// digits, points and separators), when the number does
				// not fill the piece.
				back := cut
				for back > 0 {
					r, size := utf8.DecodeLastRuneInString(text[:back])
					if !unicode.IsDigit(r) && r != '.' && r != ',' {
						break
					}
					back -= size
				}
				if back > 0 {
					cut = back
				}
			}
		}
		out = append(out, text[:cut])
		text = text[cut:]
	}
	return out
}
