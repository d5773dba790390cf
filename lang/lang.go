// Package lang holds reportbot's knowledge of the Chinese language as data:
// stop words, question words, everyday synonyms and the grammar of numeric
// expressions (units, measure words, qualifiers), each an embedded file
// under data/ with its provenance in its header. corpus, index and answer
// read them from here, so one fact lives in one place.
package lang

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/longbridgeapp/opencc"
)

var (
	//go:embed data/stopwords.txt
	stopWords []byte
	//go:embed data/question-words.txt
	questionWords []byte
	//go:embed data/synonyms.txt
	synonyms []byte
	//go:embed data/units.txt
	units string
	//go:embed data/intent.txt
	intentCues []byte
)

// StopWords is the stop word file, in the format bleve's
// analysis.TokenMap.LoadBytes reads: one word a line, # comments.
func StopWords() []byte { return slices.Clone(stopWords) }

// Units is the grammar of Chinese numeric expressions (place values,
// units and measure words, qualifiers, change verbs), in the sectioned
// format corpus.ParseGrammar reads.
func Units() string { return units }

// Data is the parsed language knowledge. It never changes once built and
// is safe for concurrent use.
type Data struct {
	question map[string]bool
	synonyms Synonyms
	intent   map[string][]string
}

// Default returns the embedded data, parsed once per process.
var Default = sync.OnceValue(func() *Data {
	syn, err := ParseSynonyms(bytes.NewReader(synonyms))
	if err != nil {
		// The file is compiled in and tested: a parse error is a
		// programming error found by the first test run.
		panic(fmt.Sprintf("lang: embedded synonyms: %v", err))
	}
	intent, err := parseSections(intentCues)
	if err != nil {
		panic(fmt.Sprintf("lang: embedded intent cues: %v", err))
	}
	return &Data{question: wordSet(questionWords), synonyms: syn, intent: intent}
})

// IsQuestionWord reports whether w asks rather than names a topic
// ("多少", "怎么", "吗").
func (d *Data) IsQuestionWord(w string) bool { return d.question[w] }

// Synonyms are the embedded everyday ↔ official word pairs.
func (d *Data) Synonyms() Synonyms { return d.synonyms }

// IntentCues are the cues of one section of the intent file ("date",
// "amount", "which", "percent", "money", "duration", "check", "start",
// "procedure"): words a question uses to say what kind of answer it
// wants. The slice is the caller's own.
func (d *Data) IntentCues(section string) []string { return slices.Clone(d.intent[section]) }

// parseSections reads a file of "[section]" lines, each followed by lines
// of words separated by spaces, with # comments.
func parseSections(b []byte) (map[string][]string, error) {
	out := map[string][]string{}
	section := ""
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(stripComment(line))
		switch {
		case line == "":
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
		case section == "":
			return nil, fmt.Errorf("line %d: words before the first [section]", n+1)
		default:
			out[section] = append(out[section], strings.Fields(line)...)
		}
	}
	return out, nil
}

// wordSet reads a one-word-a-line file with # comments.
func wordSet(b []byte) map[string]bool {
	set := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if w := strings.TrimSpace(stripComment(line)); w != "" {
			set[w] = true
		}
	}
	return set
}

func stripComment(line string) string {
	if i := strings.Index(line, "#"); i >= 0 {
		return line[:i]
	}
	return line
}

// Synonyms maps a word to the words it may be looked up as. The zero
// value has none.
type Synonyms struct {
	m map[string][]string
}

// ParseSynonyms reads Solr's synonyms format: "a, b, c" makes the words
// interchangeable, "a => b, c" looks a up as b and c; # starts a comment.
func ParseSynonyms(r io.Reader) (Synonyms, error) {
	s := Synonyms{m: map[string][]string{}}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(stripComment(sc.Text()))
		if line == "" {
			continue
		}
		if from, to, ok := strings.Cut(line, "=>"); ok {
			lhs, rhs := splitList(from), splitList(to)
			if len(lhs) == 0 || len(rhs) == 0 {
				return Synonyms{}, fmt.Errorf("synonyms line %d: want \"a => b, c\"", n)
			}
			for _, a := range lhs {
				s.add(a, rhs...)
			}
			continue
		}
		words := splitList(line)
		if len(words) < 2 {
			return Synonyms{}, fmt.Errorf("synonyms line %d: want two or more words separated by commas", n)
		}
		for _, a := range words {
			s.add(a, words...)
		}
	}
	return s, sc.Err()
}

func splitList(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func (s Synonyms) add(word string, others ...string) {
	// Questions are lower-cased by the analyzer: "gdp" finds GDP's entry.
	word = strings.ToLower(word)
	for _, o := range others {
		if o != word && !slices.Contains(s.m[word], o) {
			s.m[word] = append(s.m[word], o)
		}
	}
}

// Lookup returns the words w may also be found as, or nil.
func (s Synonyms) Lookup(w string) []string { return s.m[strings.ToLower(w)] }

// Len is the number of words that have synonyms.
func (s Synonyms) Len() int { return len(s.m) }

// Merge returns the synonyms of s and t together; neither is changed.
func (s Synonyms) Merge(t Synonyms) Synonyms {
	out := Synonyms{m: map[string][]string{}}
	for _, src := range []Synonyms{s, t} {
		for w, others := range src.m {
			out.add(w, others...)
		}
	}
	return out
}

// simplifier converts traditional characters to simplified ones with
// OpenCC's t2s tables, loaded once per process (a few milliseconds).
var simplifier = sync.OnceValues(func() (*opencc.OpenCC, error) { return opencc.New("t2s") })

// ToSimplified writes traditional characters as simplified ones
// (職工會員 → 职工会员), as reports in mainland China are written; text
// already simplified is returned as it is.
func ToSimplified(s string) string {
	cc, err := simplifier()
	if err != nil {
		return s
	}
	out, err := cc.Convert(s)
	if err != nil {
		return s
	}
	return out
}

// AllHan reports whether every character of w is a Chinese character.
func AllHan(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return w != ""
}
