package answer

import (
	"context"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/lang"
)

// Suggestion is a synonym an admin may add for a question the reports
// did not answer: the member's Word, which no report uses, looked up as
// For, a word of the passages nearest to the question.
type Suggestion struct {
	Word, For string
}

// maxSuggestions is how many synonyms are offered for one question: as
// many buttons as fit one row of a phone's screen.
const maxSuggestions = 3

// SuggestSynonyms offers synonyms that may make question answerable:
// for each noun of it that no report uses (place names aside), the
// reports' nouns that end alike (a Chinese compound's last character
// names what it is: 饭卡 and 服务卡 are both cards) or share two of its
// characters (index.Lexicon.Containing): ending alike first, then more
// characters shared, words of the passages nearest to the question,
// shorter words. A guess for an admin to accept or not, never
// applied by itself.
func (e *Engine) SuggestSynonyms(ctx context.Context, question string) ([]Suggestion, error) {
	q, err := Normalize(question)
	if err != nil {
		return nil, err
	}
	q = lang.ToSimplified(q)
	// A word the admins' synonyms already look up as another is not
	// offered again: the rule is in effect, and the question is still
	// unanswered for another reason.
	var admin lang.Synonyms
	if e.AdminSynonyms != nil {
		admin = e.AdminSynonyms.Synonyms()
	}
	var unknown []string
	for _, t := range e.ix.Analyze(q) {
		// Only a word that names a thing: not the characters gse's HMM
		// glues (发了), which the engine reads one by one anyway.
		// Nor a place name (上海, or 恩施 from lang's list): it pins the
		// answer down, and a report that never names the place does not
		// answer for it.
		if utf8.RuneCountInString(t.Text) < 2 || !lang.AllHan(t.Text) || !isTopical(t.Text) || index.PartOfSpeech(t.Text) == "ns" || e.lang.IsPlaceName(t.Text) ||
			e.lang.IsQuestionWord(t.Text) || isCountPhrase(t.Text) || askedNumberRe.MatchString(t.Text) || slices.Contains(unknown, t.Text) ||
			len(admin.Lookup(t.Text)) > 0 {
			continue
		}
		df, err := e.docFreq(t.Text)
		if err != nil {
			return nil, err
		}
		if df == 0 {
			unknown = append(unknown, t.Text)
		}
	}
	if len(unknown) == 0 {
		return nil, nil
	}
	// The words of the nearest passages (the ranking with refusals off).
	near := *e
	near.NoRefusal = true
	a, err := near.Ask(ctx, question)
	if err != nil {
		return nil, err
	}
	nearby := map[string]bool{}
	if a.Passage != nil {
		for _, p := range append([]Passage{*a.Passage}, a.Alternatives...) {
			for _, t := range e.ix.Analyze(p.Text) {
				nearby[t.Text] = true
			}
		}
	}
	lex := e.ix.Lexicon()
	type scored struct {
		Suggestion
		sameEnd, nearby bool
		shared          int
	}
	var found []scored
	for _, w := range unknown {
		last, _ := utf8.DecodeLastRuneInString(w)
		var vocab []string
		for _, r := range w {
			for _, v := range lex.Containing(r) {
				if v != w && !slices.Contains(vocab, v) {
					vocab = append(vocab, v)
				}
			}
		}
		for _, v := range vocab {
			shared := 0
			for _, r := range w {
				if strings.ContainsRune(v, r) {
					shared++
				}
			}
			if shared == 0 {
				continue
			}
			vLast, _ := utf8.DecodeLastRuneInString(v)
			// A noun for a noun, alike in what it is (the last
			// character) or in two characters: one shared first
			// character (上海, 上线) says nothing.
			if !isTopical(v) || vLast != last && shared < 2 {
				continue
			}
			found = append(found, scored{Suggestion{w, v}, vLast == last, nearby[v], shared})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int {
		switch {
		case a.sameEnd != b.sameEnd:
			if a.sameEnd {
				return -1
			}
			return 1
		case a.shared != b.shared:
			return b.shared - a.shared
		case a.nearby != b.nearby:
			if a.nearby {
				return -1
			}
			return 1
		}
		// The shorter word: 服务卡 before 会员服务卡, the general before the particular.
		return utf8.RuneCountInString(a.For) - utf8.RuneCountInString(b.For)
	})
	var out []Suggestion
	for _, f := range found {
		if len(out) == maxSuggestions {
			break
		}
		out = append(out, f.Suggestion)
	}
	return out, nil
}

// NewlyAnswered returns the questions among negatives that e does not
// answer and would answer with the admins' synonyms trial instead of its
// own: what a synonym about to be added would open up.
func (e *Engine) NewlyAnswered(ctx context.Context, trial lang.Synonyms, negatives []string) ([]string, error) {
	with := *e
	with.AdminSynonyms = fixedSource{trial}
	var out []string
	for _, q := range negatives {
		before, err := e.Ask(ctx, q)
		if errors.Is(err, ErrEmptyQuestion) || errors.Is(err, ErrQuestionTooLong) {
			continue // a question that cannot be asked opens nothing
		}
		if err != nil {
			return nil, err
		}
		if before.Found {
			continue
		}
		after, err := with.Ask(ctx, q)
		if err != nil {
			return nil, err
		}
		if after.Found {
			out = append(out, q)
		}
	}
	return out, nil
}

// fixedSource is a SynonymSource that never changes.
type fixedSource struct{ s lang.Synonyms }

func (f fixedSource) Synonyms() lang.Synonyms { return f.s }
