package index

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/reportbot/reportbot/index/dict"
)

// TokenizerName is the name of the gse tokenizer in bleve's registry.
const TokenizerName = "gse"

//go:generate go run ./internal/dictgen -o dict/zh_s_min.txt -table dict/zh_s_min.tab

// dictionaryTable is gse's simplified-Chinese dictionary without its
// rarest long compounds (dict/zh_s_min.txt, see index/internal/dictgen):
// it segments the reports as the full one does in half the memory. It is
// embedded compiled (package index/dict) and searched where it lies: gse
// itself took 0.4 s and ~73 MB of heap to load the text at every start.
//
//go:embed dict/zh_s_min.tab
var dictionaryTable string

// dictionary opens the embedded table once per process. Opening reads
// its header only; the table is read-only and safe for concurrent use.
var dictionary = sync.OnceValues(func() (*dict.Table, error) {
	t, err := dict.Open(dictionaryTable)
	if err != nil {
		return nil, fmt.Errorf("open gse dictionary: %w", err)
	}
	return t, nil
})

// Dictionary returns the process's gse dictionary, which segments as gse
// does (dict.Table.Cut) and answers gse's word look-ups.
func Dictionary() (*dict.Table, error) { return dictionary() }

// GseTokenizer splits text into words as gse's Cut(text, true) does, on
// the compiled dictionary (dict.Table.Cut). In search mode every word
// of three or more characters also yields the dictionary words inside it
// ("非公有制" → "公有", "公有制", "非公有制"), at the same position, so a
// question that names part of a compound still finds it.
type GseTokenizer struct {
	dict   *dict.Table
	search bool
}

// NewGseTokenizer returns a tokenizer on the shared dictionary.
func NewGseTokenizer(search bool) (*GseTokenizer, error) {
	d, err := Dictionary()
	if err != nil {
		return nil, err
	}
	return &GseTokenizer{dict: d, search: search}, nil
}

// Tokenize implements analysis.Tokenizer. Tokens carry byte offsets into
// input; punctuation and spaces are dropped.
func (t *GseTokenizer) Tokenize(input []byte) analysis.TokenStream {
	text := string(input)
	stream := make(analysis.TokenStream, 0, len(text)/4)
	pos, base := 0, 0
	// gse sees bounded pieces only (see maxSegmentRunes); offsets stay
	// those of input.
	for _, piece := range segments(text) {
		cursor := 0
		input := sameLengths(piece)
		for _, w := range t.dict.Cut(input) {
			start := locate(input, w, cursor)
			if start < 0 {
				continue
			}
			end := start + len(w)
			cursor = end
			if !isWord(w) {
				continue
			}
			pos++
			stream = append(stream, &analysis.Token{
				Start: base + start, End: base + end, Term: []byte(piece[start:end]),
				Position: pos, Type: tokenType(w),
			})
			if t.search && utf8.RuneCountInString(w) >= 3 {
				stream = t.appendParts(stream, text, base+start, w, pos)
			}
		}
		base += len(piece)
	}
	return stream
}

// appendParts adds the dictionary words of two and three characters
// inside w, the way jieba's search mode does.
func (t *GseTokenizer) appendParts(stream analysis.TokenStream, text string, start int, w string, pos int) analysis.TokenStream {
	rs := []rune(w)
	offsets := make([]int, len(rs)+1)
	for i, r := range rs {
		offsets[i+1] = offsets[i] + utf8.RuneLen(r)
	}
	for n := 2; n <= 3 && n < len(rs); n++ {
		for i := 0; i+n <= len(rs); i++ {
			part := w[offsets[i]:offsets[i+n]]
			if freq, _, ok := t.dict.Find(part); !ok || freq <= 0 {
				continue
			}
			stream = append(stream, &analysis.Token{
				Start: start + offsets[i], End: start + offsets[i+n],
				Term: []byte(text[start+offsets[i] : start+offsets[i+n]]), Position: pos, Type: analysis.Ideographic,
			})
		}
	}
	return stream
}

// sameLengths is piece with each character whose lower case is written
// in another number of bytes (ẞ, İ, Ⱥ), and each byte that is no UTF-8,
// replaced by as many spaces: gse lower-cases what it cuts, and
// strings.ToLower writes an invalid byte as U+FFFD's three, yet the
// words' offsets, read back in piece, must be piece's (they ran past its
// end, and the process crashed in bleve's analysis). Such a character is
// no word; the words beside it are found as before.
func sameLengths(piece string) string {
	changes := func(r rune, size int) bool {
		return r == utf8.RuneError && size == 1 || utf8.RuneLen(unicode.ToLower(r)) != size
	}
	same := true
	for i := 0; i < len(piece) && same; {
		r, size := utf8.DecodeRuneInString(piece[i:])
		same = !changes(r, size)
		i += size
	}
	if same {
		return piece
	}
	var b strings.Builder
	for i := 0; i < len(piece); {
		r, size := utf8.DecodeRuneInString(piece[i:])
		if changes(r, size) {
			b.WriteString(strings.Repeat(" ", size))
		} else {
			b.WriteString(piece[i : i+size])
		}
		i += size
	}
	return b.String()
}

// locate finds word w in text at or after cursor. gse lower-cases Latin
// letters, so the comparison ignores case.
func locate(text, w string, cursor int) int {
	if cursor+len(w) <= len(text) && strings.EqualFold(text[cursor:cursor+len(w)], w) {
		return cursor
	}
	if i := strings.Index(strings.ToLower(text[cursor:]), w); i >= 0 {
		return cursor + i
	}
	return -1
}

// isWord reports whether a segment holds a letter or digit.
func isWord(w string) bool {
	return strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

func tokenType(w string) analysis.TokenType {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.Is(unicode.Han, r):
		return analysis.Ideographic
	case unicode.IsDigit(r):
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

func init() {
	// bleve's registry is how analyzers find tokenizers by name, the same
	// way its own analysis packages register themselves.
	must(registry.RegisterTokenizer(TokenizerName, func(config map[string]any, cache *registry.Cache) (analysis.Tokenizer, error) {
		search := true
		if v, ok := config["search"].(bool); ok {
			search = v
		}
		return NewGseTokenizer(search)
	}))
}

// everydayFrequency is the median frequency of the words of gse's
// dictionary (dict/zh_s_min.txt; TestEverydayFrequencyIsMedian): a word
// counted at least this often is commoner in the language than half the
// words gse knows. The threshold is the dictionary's, not fitted to any
// question set.
const everydayFrequency = 12

// IsEverydayWord reports whether gse's dictionary holds word and counts
// it at least as often as its median word: a word of the language (生病,
// 老板, 芯片), not a name, a typo or characters gse's HMM glued together.
func IsEverydayWord(word string) bool {
	d, err := Dictionary()
	if err != nil {
		return false
	}
	f, _, ok := d.Find(word)
	return ok && f >= everydayFrequency
}

// PartOfSpeech is gse's dictionary tag for word ("n", "v", "ns", "t"…),
// or "" when the word is not in the dictionary.
func PartOfSpeech(word string) string {
	d, err := Dictionary()
	if err != nil {
		return ""
	}
	_, pos, ok := d.Find(word)
	if !ok {
		return ""
	}
	return pos
}
