// Package synfile reads and writes the admins' synonyms file of a data
// directory (synonyms.txt): Solr's synonyms format, each rule preceded
// by a comment saying who added it and when, so the file stays one that
// Solr, lang.ParseSynonyms and a person can all read.
//
//	# added 2026-11-25T10:00:00Z by telegram:777
//	劳模, 劳动模范
//	# added 2026-11-25T10:05:00Z by cli:root
//	饭卡 => 服务卡
//
// Rules written by hand, without that comment, are kept as they are, with
// any comment lines before them.
package synfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/reportbot/reportbot/lang"
)

// Rule is one line of the file.
type Rule struct {
	// From are the words of the rule; To, when not nil, what From is
	// looked up as ("a => b"), else the From words are interchangeable.
	From, To []string
	// Added and By say when and by whom ("telegram:777", "cli:root"); zero
	// and "" for a rule written by hand.
	Added time.Time
	By    string
	// Notes are other comment lines before the rule, and a comment
	// closing its line, kept (the latter written back on a line of its own
	// above the rule). A rule of notes only (From empty) holds the comment
	// lines after the last rule: it is written back and names no words.
	Notes []string
}

// Line is the rule in Solr's format: "劳模, 劳动模范" or "饭卡 => 服务卡".
func (r Rule) Line() string {
	if r.To == nil {
		return strings.Join(r.From, ", ")
	}
	return strings.Join(r.From, ", ") + " => " + strings.Join(r.To, ", ")
}

// Words are every word the rule names, From first.
func (r Rule) Words() []string { return slices.Concat(r.From, r.To) }

// Has reports whether the rule names every one of words, compared as
// the engine reads them (lang.Fold: width, simplified, lower case): a
// rule written by hand keeps its own capitals, full-width letters and
// traditional characters (GDP, ＦＫ, 國內生產總值).
func (r Rule) Has(words ...string) bool {
	all := lang.FoldAll(r.Words())
	for _, w := range words {
		if !slices.Contains(all, lang.Fold(w)) {
			return false
		}
	}
	return len(words) > 0
}

// Same reports whether r and o are one rule, compared as Has compares.
func (r Rule) Same(o Rule) bool {
	return slices.Equal(lang.FoldAll(r.From), lang.FoldAll(o.From)) && (r.To == nil) == (o.To == nil) && slices.Equal(lang.FoldAll(r.To), lang.FoldAll(o.To))
}

// provenancePrefix starts the comment naming a rule's author and time.
const provenancePrefix = "# added "

// Header opens a file written by Format.
const Header = "# reportbot: the admins' synonyms, Solr format (a, b: interchangeable; a => b: a is looked up as b).\n" +
	"# Managed with /synonym, /unsynonym and `reportbot synonyms`; in effect for the next question.\n"

// Parse reads the file. An error names the line. A byte order mark
// opening it (a file saved by Windows Notepad) is skipped, and not
// written back.
func Parse(b []byte) ([]Rule, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	var rules []Rule
	var pending Rule
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, provenancePrefix):
			when, who, _ := strings.Cut(strings.TrimPrefix(line, provenancePrefix), " by ")
			t, err := time.Parse(time.RFC3339, strings.TrimSpace(when))
			if err != nil {
				return nil, fmt.Errorf("synonyms line %d: %q is not a time (want %s)", n, when, time.RFC3339)
			}
			pending.Added, pending.By = t, strings.TrimSpace(who)
		case strings.HasPrefix(line, "#"):
			if !strings.HasPrefix(Header, line+"\n") && !strings.Contains(Header, "\n"+line+"\n") {
				pending.Notes = append(pending.Notes, line)
			}
		default:
			comment := ""
			if i := strings.Index(line, "#"); i >= 0 {
				line, comment = strings.TrimSpace(line[:i]), line[i:]
			}
			from, to, err := lang.ParseSynonymRule(line)
			if err != nil {
				return nil, fmt.Errorf("synonyms line %d: %w", n, err)
			}
			if comment != "" {
				pending.Notes = append(pending.Notes, comment)
			}
			pending.From, pending.To = from, to
			rules = append(rules, pending)
			pending = Rule{}
		}
	}
	if len(pending.Notes) > 0 {
		rules = append(rules, Rule{Notes: pending.Notes})
	}
	return rules, sc.Err()
}

// Format writes rules as the file, Header first.
func Format(rules []Rule) []byte {
	var b strings.Builder
	b.WriteString(Header)
	for _, r := range rules {
		b.WriteString("\n")
		for _, n := range r.Notes {
			b.WriteString(n + "\n")
		}
		if !r.Added.IsZero() {
			fmt.Fprintf(&b, "%s%s by %s\n", provenancePrefix, r.Added.UTC().Format(time.RFC3339), r.By)
		}
		if len(r.From) > 0 {
			b.WriteString(r.Line() + "\n")
		}
	}
	return []byte(b.String())
}

// Named are the rules that name words: rules less the notes-only one.
func Named(rules []Rule) []Rule {
	return slices.DeleteFunc(slices.Clone(rules), func(r Rule) bool { return len(r.From) == 0 })
}

// Synonyms are the rules as the answer engine reads them.
func Synonyms(rules []Rule) lang.Synonyms {
	var b strings.Builder
	for _, r := range Named(rules) {
		b.WriteString(r.Line() + "\n")
	}
	s, err := lang.ParseSynonyms(strings.NewReader(b.String()))
	if err != nil {
		// Every rule was checked when read or made: a failure here is a
		// programming error.
		panic(fmt.Sprintf("synfile: rules do not parse back: %v", err))
	}
	return s
}

// MaxWordRunes bounds a word of a rule: the longest official terms
// (全国模范职工之家, 会员服务卡) are under ten characters; a sentence is not
// a synonym.
const MaxWordRunes = 20

// ErrBadRule is wrapped by ParseInput's errors.
var ErrBadRule = errors.New("bad synonym")

// Fault is the rule of a synonym that an input breaks (RuleError).
type Fault int

const (
	OneWord     Fault = iota + 1 // interchangeable words, fewer than two
	EmptySide                    // a side of => without words
	BothSides                    // a word on both sides of =>
	Punctuation                  // a word holding punctuation, # or =
	TooLong                      // a word longer than MaxWordRunes
	ManyArrows                   // more than one =>
)

// RuleError is an input ParseInput refused: it is ErrBadRule, and says
// which rule the input breaks, so a caller may say so in its own words.
type RuleError struct {
	Fault Fault
	Word  string // the word at fault: BothSides, Punctuation, TooLong
}

func (e *RuleError) Error() string {
	var why string
	switch e.Fault {
	case OneWord:
		why = "want two or more words, e.g. 劳模 劳动模范"
	case EmptySide:
		why = "want words on both sides of =>, e.g. 饭卡 => 服务卡"
	case BothSides:
		why = e.Word + " is on both sides"
	case Punctuation:
		why = strconv.Quote(e.Word) + " holds punctuation"
	case TooLong:
		why = fmt.Sprintf("%q is longer than %d characters", e.Word, MaxWordRunes)
	case ManyArrows:
		why = "one => at most"
	default:
		return ErrBadRule.Error()
	}
	return ErrBadRule.Error() + ": " + why
}

// Is makes a RuleError ErrBadRule.
func (e *RuleError) Is(target error) bool { return target == ErrBadRule }

// ParseInput reads a rule as an admin types it: words separated by
// spaces or commas (劳模 劳动模范; 劳模,劳动模范; 劳模、劳动模范) are
// interchangeable; "饭卡 => 服务卡" (or →) looks the first up as the rest.
// Words are width-folded, simplified and lower-cased, as questions are.
func ParseInput(s string) (Rule, error) {
	s = norm.NFKC.String(s)
	s = strings.NewReplacer("→", "=>", "->", "=>").Replace(s)
	lhs, rhs, oneWay := strings.Cut(s, "=>")
	from, err := inputWords(lhs)
	if err != nil {
		return Rule{}, err
	}
	if !oneWay {
		if len(from) < 2 {
			return Rule{}, &RuleError{Fault: OneWord}
		}
		return Rule{From: from}, nil
	}
	to, err := inputWords(rhs)
	if err != nil {
		return Rule{}, err
	}
	if len(from) == 0 || len(to) == 0 {
		return Rule{}, &RuleError{Fault: EmptySide}
	}
	for _, w := range to {
		if slices.Contains(from, w) {
			return Rule{}, &RuleError{Fault: BothSides, Word: w}
		}
	}
	return Rule{From: from, To: to}, nil
}

// Words reads words as an admin types them (separated by spaces or
// commas), normalised as ParseInput does.
func Words(s string) ([]string, error) { return inputWords(s) }

func inputWords(s string) ([]string, error) {
	if strings.Contains(s, "=>") {
		return nil, &RuleError{Fault: ManyArrows}
	}
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '、' || r == ';' }) {
		w = lang.Fold(w) // as the engine reads a rule's words
		if strings.ContainsAny(w, "#=") || strings.ContainsFunc(w, func(r rune) bool { return unicode.IsControl(r) || unicode.IsPunct(r) }) {
			return nil, &RuleError{Fault: Punctuation, Word: w}
		}
		if utf8.RuneCountInString(w) > MaxWordRunes {
			return nil, &RuleError{Fault: TooLong, Word: w}
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out, nil
}
