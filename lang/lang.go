// Package lang holds reportbot's knowledge of the Chinese language as data:
// stop words, question words, question frames, everyday synonyms and the
// grammar of numeric expressions (units, measure words, qualifiers), each
// an embedded file under data/ with its provenance in its header. corpus,
// index and answer read them from here, so one fact lives in one place.
package lang

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
)

var (
	//go:embed data/stopwords.txt
	stopWords []byte
	//go:embed data/question-words.txt
	questionWords []byte
	//go:embed data/synonyms.txt
	synonyms []byte
	//go:embed data/colloquial.txt
	colloquial []byte
	//go:embed data/units.txt
	units string
	//go:embed data/intent.txt
	intentCues []byte
	//go:embed data/frame.txt
	frameWords []byte
	//go:embed data/chat.txt
	chatWords []byte
	//go:embed data/scope.txt
	scopeWords []byte
	//go:embed data/places.txt
	placeNames []byte
)

// StopWords is the stop word file, in the format bleve's
// analysis.TokenMap.LoadBytes reads: words separated by spaces, # or |
// starting a comment. The index and IsStopWord both read it so.
func StopWords() []byte { return slices.Clone(stopWords) }

// stopSet reads stop words as the index does (analysis.TokenMap), so that
// IsStopWord knows the words the index drops, and only those.
func stopSet(b []byte) (map[string]bool, error) {
	m := analysis.NewTokenMap()
	if err := m.LoadBytes(b); err != nil {
		return nil, fmt.Errorf("stop words: %w", err)
	}
	return m, nil
}

// Units is the grammar of Chinese numeric expressions (place values,
// units and measure words, qualifiers, change verbs), in the sectioned
// format corpus.ParseGrammar reads.
func Units() string { return units }

// Data is the parsed language knowledge. It never changes once built and
// is safe for concurrent use.
type Data struct {
	question map[string]bool
	stop     map[string]bool
	synonyms Synonyms
	intent   map[string][]string
	// frame words by section (data/frame.txt).
	frame map[string]map[string]bool
	// chat are the greetings and forms of address (data/chat.txt).
	chat map[string][]string
	// scopes are the scope words, in the file's order (data/scope.txt).
	scopes []string
	// places are the provinces and prefectures (data/places.txt).
	places map[string]bool
}

// Default returns the embedded data, parsed once per process.
var Default = sync.OnceValue(func() *Data {
	syn, err := ParseSynonyms(bytes.NewReader(synonyms))
	if err != nil {
		// The file is compiled in and tested: a parse error is a
		// programming error found by the first test run.
		panic(fmt.Sprintf("lang: embedded synonyms: %v", err))
	}
	everyday, err := ParseSynonyms(bytes.NewReader(colloquial))
	if err != nil {
		panic(fmt.Sprintf("lang: embedded colloquial words: %v", err))
	}
	syn = syn.Merge(everyday)
	intent, err := parseSections(intentCues, intentSections)
	if err != nil {
		panic(fmt.Sprintf("lang: embedded intent cues: %v", err))
	}
	frame, err := parseSections(frameWords, frameSections)
	if err != nil {
		panic(fmt.Sprintf("lang: embedded question frames: %v", err))
	}
	frameSets := map[string]map[string]bool{}
	for section, words := range frame {
		frameSets[section] = map[string]bool{}
		for _, w := range words {
			frameSets[section][w] = true
		}
	}
	chat, err := parseSections(chatWords, chatSections)
	if err != nil {
		panic(fmt.Sprintf("lang: embedded greetings: %v", err))
	}
	stop, err := stopSet(stopWords)
	if err != nil {
		panic(fmt.Sprintf("lang: embedded %v", err))
	}
	return &Data{question: wordSet(questionWords), stop: stop, synonyms: syn, intent: intent, frame: frameSets, chat: chat,
		scopes: wordList(scopeWords), places: wordSet(placeNames)}
})

// ScopeWords are the words a report uses of the whole area it speaks for
// (全国, 全省, 全市…). See data/scope.txt.
func (d *Data) ScopeWords() []string { return slices.Clone(d.scopes) }

// IsPlaceName reports a province or prefecture of China, named with its
// administrative suffix or without (周口市, 周口). See data/places.txt.
func (d *Data) IsPlaceName(w string) bool { return d.places[w] }

// maxGreetingRunes bounds a greeting clause: an address of up to five
// characters and 好 ("各位大佬好", "王老师好"). A longer clause says
// something of its own.
const maxGreetingRunes = 6

// IsAside reports whether clause (one clause of a message) is a greeting:
// an address and 好 ("老师好", "各位大佬好", "您好") or an opener alone or
// after an address ("在吗", "老师在吗"), at most maxGreetingRunes
// characters. A clause whose words before 好 are not all address says
// something ("服务站建得好", "工会对你们好"). See data/chat.txt.
func (d *Data) IsAside(clause string) bool {
	clause = strings.TrimSpace(clause)
	if clause == "" || utf8.RuneCountInString(clause) > maxGreetingRunes {
		return false
	}
	for _, w := range d.chat["greeting"] {
		if rest, ok := strings.CutSuffix(clause, w); ok && (rest == "" || d.isAddress(rest)) {
			return true
		}
	}
	rest, ok := strings.CutSuffix(clause, "好")
	return ok && d.isAddress(rest)
}

// IsThanks reports whether clause, said alone, only thanks ("谢谢您",
// "辛苦了", "thx"; data/chat.txt's [thanks]).
func (d *Data) IsThanks(clause string) bool { return slices.Contains(d.chat["thanks"], clause) }

// IsSalutation reports whether clause, said alone, only greets by the
// time of day or in English ("早上好", "hi"; data/chat.txt's
// [salutation]): small talk the engine does not read, as it reads
// IsAside's greetings before a question.
func (d *Data) IsSalutation(clause string) bool { return slices.Contains(d.chat["salutation"], clause) }

// IsParticle reports whether r is a modal particle that closes a clause
// of small talk or stands alone in it ("你好呀", "哈哈"; data/chat.txt's
// [particle]).
func (d *Data) IsParticle(r rune) bool { return slices.Contains(d.chat["particle"], string(r)) }

// OneLine is s on one line: each run of white space or control
// characters (a newline, a tab) one space, none at its ends. A question
// and a report's title are each read so.
func OneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// maxNameRunes is how long a name before a title may be: a surname, or a
// surname and one more character ("王老师", "小李师傅").
const maxNameRunes = 2

// isAddress reports whether s is made of forms of address only ("各位大
// 佬", "大家"), or is a short name and a title ("王老师").
func (d *Data) isAddress(s string) bool {
	if s == "" {
		return false
	}
	for _, t := range d.chat["title"] {
		if name, ok := strings.CutSuffix(s, t); ok && name != "" && utf8.RuneCountInString(name) <= maxNameRunes && AllHan(name) {
			return true
		}
	}
	for s != "" {
		longest := ""
		for _, w := range d.chat["address"] {
			if strings.HasPrefix(s, w) && len(w) > len(longest) {
				longest = w
			}
		}
		if longest == "" {
			return false
		}
		s = s[len(longest):]
	}
	return true
}

// IsQuestionWord reports whether w asks rather than names a topic
// ("多少", "怎么", "吗").
func (d *Data) IsQuestionWord(w string) bool { return d.question[w] }

// QuestionWords lists the question words, longest first: the order in
// which to strip them from a question.
func (d *Data) QuestionWords() []string {
	words := slices.Collect(maps.Keys(d.question))
	slices.SortFunc(words, func(a, b string) int {
		if n := utf8.RuneCountInString(b) - utf8.RuneCountInString(a); n != 0 {
			return n
		}
		return strings.Compare(a, b)
	})
	return words
}

// IsStopWord reports whether w is one of the stop words (StopWords): a
// function word that names nothing (的, 了, 吗).
func (d *Data) IsStopWord(w string) bool { return d.stop[w] }

// Synonyms are the embedded everyday ↔ official word pairs.
func (d *Data) Synonyms() Synonyms { return d.synonyms }

// IntentCues are the cues of one section of the intent file ("date",
// "amount", "which", "percent", "money", "duration", "check", "check-after",
// "check-link", "wh", "start",
// "procedure"): words a question uses to say what kind of answer it
// wants. The slice is the caller's own.
func (d *Data) IntentCues(section string) []string { return slices.Clone(d.intent[section]) }

// IsIntentCue reports whether w is one of a section's cues (the A-not-A
// negations and verbs are looked up one at a time, not matched).
func (d *Data) IsIntentCue(section, w string) bool { return slices.Contains(d.intent[section], w) }

// IsFrameWord reports whether w frames a question rather than names its
// topic wherever it stands: a framing preposition or postposition (对于,
// 方面), the report or a reporting verb (报告, 提出), a word about wording
// (意思, 定义), a period of one unit that a figure is reckoned over (一年,
// 每月). See data/frame.txt.
func (d *Data) IsFrameWord(w string) bool {
	return d.frame["circumposition"][w] || d.frame["report"][w] || d.frame["metalanguage"][w] || d.frame["period"][w]
}

// IsAgeNoun reports whether w names an age of life or an anniversary
// (青年, 老年, 周年): a noun gse's dictionary tags as one of time that is
// no time. See data/frame.txt.
func (d *Data) IsAgeNoun(w string) bool { return d.frame["age"][w] }

// NamesReport reports whether a name ends in a word for a report (报告,
// 公报 of data/frame.txt's [report] section, two characters or more):
// "《2022年政府工作报告》" names the document asked about, not a topic.
func (d *Data) NamesReport(name string) bool {
	for w := range d.frame["report"] {
		if utf8.RuneCountInString(w) >= 2 && strings.HasSuffix(name, w) {
			return true
		}
	}
	return false
}

// AsksKind reports whether w is an interrogative asking which kind of
// thing (什么, 哪些): the noun after it names the kind of answer.
func (d *Data) AsksKind(w string) bool { return d.frame["kind"][w] }

// The sections of data/frame.txt, data/intent.txt and data/chat.txt: a
// misspelt section would switch its words off without an error.
var (
	frameSections  = []string{"kind", "measure", "link", "circumposition", "report", "metalanguage", "period", "age"}
	intentSections = []string{"date", "amount", "which", "percent", "money", "duration", "check", "check-after", "check-link", "wh", "start", "procedure", "a-not-a-negation", "a-not-a-verb"}
	chatSections   = []string{"greeting", "address", "title", "thanks", "salutation", "particle"}
)

// IsKindLink reports whether w may join an interrogative asking which kind
// to its noun (的 of 什么样的目标).
func (d *Data) IsKindLink(w string) bool { return d.frame["link"][w] }

// IsKindMeasure reports whether w is a measure word that may stand between
// a kind-asking interrogative and its noun (个 of 哪几个省).
func (d *Data) IsKindMeasure(w string) bool { return d.frame["measure"][w] }

// parseSections reads a file of "[section]" lines, each followed by lines
// of words separated by spaces, with # comments; a section not in known
// is an error.
func parseSections(b []byte, known []string) (map[string][]string, error) {
	out := map[string][]string{}
	err := EachSectionLine(string(b), func(n int, section string, words []string) error {
		switch {
		case words == nil:
			if !slices.Contains(known, section) {
				return fmt.Errorf("line %d: unknown section [%s] (want one of %s)", n, section, strings.Join(known, ", "))
			}
		case section == "":
			return fmt.Errorf("line %d: words before the first [section]", n)
		default:
			out[section] = append(out[section], words...)
		}
		return nil
	})
	return out, err
}

// EachSectionLine calls line for every line of a sectioned data file
// that is not blank or a # comment, with its number (from 1) and the
// section it stands in: for a "[section]" line itself words is nil and
// section is the new one; before the first, section is "". A line
// opening with "[" that is not a whole "[name]" line ("[amount] 多少",
// "[amount", "[]") is an error naming it, not words of the section
// before.
func EachSectionLine(text string, line func(n int, section string, words []string) error) error {
	section := ""
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(stripComment(l))
		var words []string
		switch {
		case l == "":
			continue
		case strings.HasPrefix(l, "["):
			name, ok := strings.CutSuffix(l[1:], "]")
			if !ok || name == "" || strings.ContainsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == '[' || r == ']' }) {
				return fmt.Errorf("line %d: %q is not a section line (want [name] alone)", i+1, l)
			}
			section = name
		default:
			words = strings.Fields(l)
		}
		if err := line(i+1, section, words); err != nil {
			return err
		}
	}
	return nil
}

// wordList is the words of a one-word-a-line file with # comments, in
// its order.
func wordList(b []byte) []string {
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if w := strings.TrimSpace(stripComment(line)); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// wordSet reads a one-word-a-line file with # comments.
func wordSet(b []byte) map[string]bool {
	set := map[string]bool{}
	for _, w := range wordList(b) {
		set[w] = true
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
	m     map[string][]string
	words []string // the keys of m, sorted: Find's order
}

// byteOrderMark is U+FEFF, which some editors write at the start of a
// UTF-8 file.
const byteOrderMark = "\ufeff"

// ParseSynonyms reads Solr's synonyms format: "a, b, c" makes the words
// interchangeable, "a => b, c" looks a up as b and c; # starts a comment.
// A byte order mark opening the text is skipped.
func ParseSynonyms(r io.Reader) (Synonyms, error) {
	s := Synonyms{m: map[string][]string{}}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if n == 1 {
			// A file saved by Windows Notepad opens with a byte order
			// mark, which TrimSpace keeps.
			line = strings.TrimPrefix(line, byteOrderMark)
		}
		line = strings.TrimSpace(stripComment(line))
		if line == "" {
			continue
		}
		from, to, err := ParseSynonymRule(line)
		if err != nil {
			return Synonyms{}, fmt.Errorf("synonyms line %d: %w", n, err)
		}
		from = FoldAll(from)
		if to == nil {
			to = from
		} else {
			to = FoldAll(to)
		}
		for _, a := range from {
			s.add(a, to...)
		}
	}
	s.words = slices.Sorted(maps.Keys(s.m))
	return s, sc.Err()
}

// ParseSynonymRule reads one rule of Solr's synonyms format, without
// comments: "a, b, c" gives the words in from and a nil to (they are
// interchangeable); "a => b, c" gives a in from and b, c in to.
func ParseSynonymRule(line string) (from, to []string, err error) {
	if lhs, rhs, ok := strings.Cut(line, "=>"); ok {
		from, to = splitList(lhs), splitList(rhs)
		if len(from) == 0 || len(to) == 0 || strings.Contains(rhs, "=>") {
			return nil, nil, errors.New(`want "a => b, c"`)
		}
		return from, to, nil
	}
	from = splitList(line)
	if len(from) < 2 {
		return nil, nil, errors.New("want two or more words separated by commas")
	}
	return from, nil, nil
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

// add maps word to others, all of them folded already (Fold): a word
// is never its own synonym.
func (s Synonyms) add(word string, others ...string) {
	for _, o := range others {
		if o != word && !slices.Contains(s.m[word], o) {
			s.m[word] = append(s.m[word], o)
		}
	}
}

// Fold is a word as a question's words are looked up: width-folded
// (NFKC, as answer.Normalize does), simplified (ToSimplified) and
// lower-cased (as the analyzer does). A synonym table keeps its words
// folded, so a rule written "飯卡 => 服务卡" or "ＦＫ => 服务卡" fires on
// the question's 饭卡 and fk.
func Fold(w string) string { return strings.ToLower(ToSimplified(norm.NFKC.String(w))) }

// FoldAll is words, each folded (Fold).
func FoldAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = Fold(w)
	}
	return out
}

// Lookup returns the words w may also be found as, or nil. w is a word of
// a question as the engine reads it, folded but for case (Fold).
func (s Synonyms) Lookup(w string) []string { return s.m[strings.ToLower(w)] }

// Match is a word of a synonym table found in a text.
type Match struct {
	// Start and End are its byte offsets in the text.
	Start, End int
	// Others are the words it may also be found as.
	Others []string
}

// Find returns every word of s that text (lower-cased, as Lookup reads
// words) contains, wherever it starts: a word the analyzer cuts in two
// (打工人 → 打, 工人) is found whole. The cost is one substring search
// per word of the table, which is why it serves the admins' own table
// (tens of words) and not the embedded one, looked up word by word.
func (s Synonyms) Find(text string) []Match {
	if len(s.words) == 0 {
		return nil
	}
	lower, at := lowerWithOffsets(text)
	var out []Match
	for _, w := range s.words {
		for off := 0; ; {
			i := strings.Index(lower[off:], w)
			if i < 0 {
				break
			}
			out = append(out, Match{Start: at[off+i], End: at[off+i+len(w)], Others: s.m[w]})
			off += i + len(w)
		}
	}
	return out
}

// lowerWithOffsets lower-cases text rune by rune, as strings.ToLower does
// (invalid bytes are kept), and maps each byte offset of the result, and
// its end, to the offset in text of the rune it was written for: a
// letter's lower case may be longer or shorter (Ⱥ is 2 bytes, ⱥ 3; İ 2,
// i 1), so offsets in the result are not offsets in text.
func lowerWithOffsets(text string) (string, []int) {
	var b strings.Builder
	b.Grow(len(text))
	at := make([]int, 0, len(text)+1)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		n := b.Len()
		if r == utf8.RuneError && size == 1 {
			b.WriteByte(text[i])
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		for range b.Len() - n {
			at = append(at, i)
		}
		i += size
	}
	return b.String(), append(at, len(text))
}

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
	out.words = slices.Sorted(maps.Keys(out.m))
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
