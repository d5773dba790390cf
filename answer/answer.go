// Package answer turns a member's question into the best passage of the
// indexed reports and the figure that answers it. Every front end (the
// Telegram bot, the CLI, the evaluation) calls this one path.
package answer

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/lang"
)

// MaxQuestionRunes bounds a question; longer input is refused, not searched.
const MaxQuestionRunes = 300

// Errors for questions that cannot be asked.
var (
	ErrEmptyQuestion   = errors.New("the question is empty")
	ErrQuestionTooLong = fmt.Errorf("the question is longer than %d characters", MaxQuestionRunes)
)

// Searcher is what the engine needs from an index: index.Index and
// index.Live both provide it.
type Searcher interface {
	Analyze(text string) []index.Term
	Search(ctx context.Context, terms []index.WeightedTerm, size int) ([]index.Hit, error)
	// TermFreqs count the passages holding a term, by field.
	TermFreqs(term string) (index.TermFreqs, error)
	DocCount() (int, error)
	Lexicon() *index.Lexicon
	// Synonyms are the admins' own, read beside the embedded ones.
	Synonyms() lang.Synonyms
}

// Answer is the engine's reply to one question.
type Answer struct {
	Question string `json:"question"`
	// Found is false when the reports do not answer the question.
	Found   bool     `json:"found"`
	Passage *Passage `json:"passage"`
	// Figure is the number that answers a quantity question, or nil.
	Figure *Figure `json:"figure"`
	// Illustration is the passage's photo caption (and image), if any.
	Illustration *Illustration `json:"illustration,omitempty"`
	// Matched are the question's words found in the passage.
	Matched []string `json:"matched"`
	// Score is the share of the question's weight the passage covers (0–1).
	Score        float64   `json:"score"`
	Alternatives []Passage `json:"alternatives"`
	// Suggestions name the nearest sections when nothing was found.
	Suggestions []string `json:"suggestions,omitempty"`
	// Nearest is, when nothing was found but one passage came close, that
	// passage: shown as a lead the member may follow, not as the answer.
	Nearest *Passage `json:"nearest,omitempty"`
}

// Passage is a passage as shown to a member.
type Passage struct {
	Key      string `json:"key"`
	Text     string `json:"text"`
	Section  string `json:"section"`
	Report   string `json:"report"`
	ReportID string `json:"report_id"`
	// Highlights are byte ranges of Text matching the question.
	Highlights []index.Span `json:"highlights,omitempty"`
	// Captions of photos belonging to the passage.
	Captions []corpus.Caption `json:"captions,omitempty"`
	figures  []corpus.Figure
}

// Figure is the number that answers the question and what it counts.
type Figure struct {
	Text  string `json:"text"`
	Label string `json:"label"`
	Kind  string `json:"kind"`
}

// Illustration is a photo that belongs to the passage.
type Illustration struct {
	Caption string `json:"caption"`
	Image   string `json:"image,omitempty"`
}

// Engine answers questions from a Searcher.
type Engine struct {
	ix   Searcher
	lang *lang.Data
	// Weights are the ranking's constants (DefaultWeights).
	Weights Weights
	// Evidence are the kinds of evidence read (DefaultEvidence).
	Evidence Evidence
	// Candidates is how many hits are re-ranked.
	Candidates int
	// NoRefusal answers every question with the best-ranked passage,
	// however little of it matches: the ranking's ceiling, which
	// evaluation prints beside the real answers to show what refusals cost.
	NoRefusal bool
}

// New returns an engine on ix with default settings.
func New(ix Searcher) *Engine {
	return &Engine{ix: ix, lang: lang.Default(), Weights: DefaultWeights(), Evidence: DefaultEvidence(), Candidates: 20}
}

// Ask answers one question. It returns an error only for a question that
// cannot be asked (empty, too long) or a failing index; "not in the
// report" is an Answer with Found false.
func (e *Engine) Ask(ctx context.Context, question string) (Answer, error) {
	q, err := Normalize(question)
	if err != nil {
		return Answer{Question: strings.TrimSpace(question)}, err
	}
	a := Answer{Question: q, Matched: []string{}, Alternatives: []Passage{}}
	if e.Evidence.Simplified {
		q = lang.ToSimplified(q)
	}
	intent := detectIntent(q)
	qr, err := e.queryTerms(q)
	if err != nil {
		return a, err
	}
	if len(qr.terms) == 0 {
		return a, nil
	}
	hits, err := e.ix.Search(ctx, expand(qr.terms), e.Candidates)
	if err != nil {
		return a, err
	}
	if !e.NoRefusal {
		if e.Evidence.Years {
			hits = onlyYears(hits, corpus.Years(q))
		}
		if e.Evidence.Pins {
			hits = saying(hits, qr.pins)
		}
	}
	ranked := rank(hits, qr, intent)
	if len(ranked) == 0 {
		return a, nil
	}
	best := ranked[0]
	if !e.NoRefusal && (best.coverage < e.Weights.MinCoverage || best.strongest == 0 || !answers(best.hit, intent) ||
		intent.quantity && best.figureShare < e.Weights.MinFigureShare) {
		a.Suggestions = suggestions(ranked)
		if best.coverage >= e.Weights.Nearest*e.Weights.MinCoverage && best.strongest > 0 {
			p := toPassage(best.hit)
			a.Nearest = &p
		}
		return a, nil
	}
	a.Found = true
	a.Score = math.Round(best.coverage*1000) / 1000
	p := toPassage(best.hit)
	a.Passage = &p
	a.Matched = best.matched
	if intent.quantity {
		a.Figure = toFigure(best.figure) // chosen while ranking
	}
	if len(p.Captions) > 0 {
		a.Illustration = &Illustration{Caption: p.Captions[0].Text, Image: p.Captions[0].Image}
	}
	// Alternatives say something else: not the best passage again as an
	// older report put it.
	shown := map[string]bool{best.hit.Group: true}
	for _, r := range ranked[1:] {
		if len(a.Alternatives) == 3 {
			break
		}
		if r.coverage >= e.Weights.MinCoverage/2 && (r.hit.Group == "" || !shown[r.hit.Group]) {
			shown[r.hit.Group] = true
			a.Alternatives = append(a.Alternatives, toPassage(r.hit))
		}
	}
	return a, nil
}

// Normalize cleans a question: valid UTF-8, width-folded (NFKC), single
// spaces, trimmed. It refuses empty and overlong questions.
func Normalize(question string) (string, error) {
	q := norm.NFKC.String(strings.ToValidUTF8(question, ""))
	q = strings.Join(strings.FieldsFunc(q, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if !strings.ContainsFunc(q, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return "", ErrEmptyQuestion
	}
	if utf8.RuneCountInString(q) > MaxQuestionRunes {
		return "", ErrQuestionTooLong
	}
	return q, nil
}

func toPassage(h index.Hit) Passage {
	p := Passage{
		Key: h.Passage.Key, Text: h.Passage.Text, Section: h.Passage.Section,
		Report: h.ReportTitle, ReportID: h.Passage.ReportID, Captions: h.Passage.Captions,
		figures: h.Passage.Figures,
	}
	spans := slices.Clone(h.Spans)
	sort.Slice(spans, func(i, j int) bool {
		return spans[i].Start < spans[j].Start || spans[i].Start == spans[j].Start && spans[i].End > spans[j].End
	})
	for _, s := range spans {
		if n := len(p.Highlights); n > 0 && s.Start < p.Highlights[n-1].End {
			p.Highlights[n-1].End = max(p.Highlights[n-1].End, s.End)
			continue
		}
		p.Highlights = append(p.Highlights, s)
	}
	return p
}

// suggestions are the distinct sections of the nearest passages.
func suggestions(ranked []candidate) []string {
	var out []string
	for _, r := range ranked {
		s := r.hit.Passage.Section
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
		if len(out) == 3 {
			break
		}
	}
	return out
}

// Citation names where a passage comes from: "report · section".
func (p Passage) Citation() string {
	if p.Section == "" {
		return p.Report
	}
	return p.Report + " · " + p.Section
}

// onlyYears keeps the hits that speak of every year the question names:
// "2024年建了多少个服务站" is not answered by a passage about 2023.
func onlyYears(hits []index.Hit, years []int) []index.Hit {
	if len(years) == 0 {
		return hits
	}
	kept := hits[:0:0]
	for _, h := range hits {
		ok := true
		for _, y := range years {
			ok = ok && speaksOf(h, y)
		}
		if ok {
			kept = append(kept, h)
		}
	}
	return kept
}

// Time words a passage dates itself with, as years after its report's own.
// (比上年, "than the year before", compares; it does not date.)
var relativeYears = map[string]int{"前年": -2, "去年": -1, "过去一年": -1, "今年": 0, "全年": 0, "本年": 0, "明年": 1}

// speaksOf reports whether a passage speaks of year y: its paragraph or
// section names it, or dates itself relative to its report's own year
// (去年 in a 2022 report is 2021). A passage with no date of its own
// speaks of any year its report mentions.
func speaksOf(h index.Hit, y int) bool {
	context := h.Passage.Paragraph + "\n" + h.Passage.Section
	named := corpus.Years(context)
	if slices.Contains(named, y) {
		return true
	}
	own := reportYear(h)
	dated := len(named) > 0
	for word, delta := range relativeYears {
		if strings.Contains(context, word) {
			dated = true
			if own != 0 && own+delta == y {
				return true
			}
		}
	}
	return !dated && slices.Contains(h.Passage.Years, y)
}

// reportYear is the year a report is of: the first its title names
// ("2021年国民经济和社会发展统计公报"), else the latest it mentions up to
// the year it was added (a plan's 2035 is not its date).
func reportYear(h index.Hit) int {
	if ys := corpus.Years(h.ReportTitle); len(ys) > 0 {
		return ys[0]
	}
	added := time.Unix(h.Added, 0).Year()
	latest := 0
	for _, y := range h.Passage.Years {
		if h.Added <= 0 || y <= added {
			latest = max(latest, y)
		}
	}
	return latest
}

// saying keeps the hits whose passage, paragraph, section, captions or
// report title say every pinned word: a question about 云南省 or the
// 第十六次 congress is not answered by a passage about another.
func saying(hits []index.Hit, pins []string) []index.Hit {
	if len(pins) == 0 {
		return hits
	}
	kept := hits[:0:0]
	for _, h := range hits {
		p := h.Passage
		context := p.Paragraph + "\n" + p.Section + "\n" + h.ReportTitle
		for _, c := range p.Captions {
			context += "\n" + c.Text
		}
		// Pins come from the analyzer, lower-cased: so is the context.
		context = strings.ToLower(context)
		ok := true
		for _, pin := range pins {
			ok = ok && strings.Contains(context, pin)
		}
		if ok {
			kept = append(kept, h)
		}
	}
	return kept
}

// answers reports whether a passage can answer the kind of question
// asked: a "how many" needs a number in the passage, a "how to" needs the
// passage to use the question's verb.
func answers(h index.Hit, in intent) bool {
	if in.quantity && len(h.Passage.Figures) == 0 && !strings.ContainsFunc(h.Passage.Text, unicode.IsDigit) {
		return false
	}
	if in.procedure != "" && !strings.Contains(h.Passage.Text, in.procedure) {
		return false
	}
	return true
}

// Marked returns the passage text with each highlight wrapped in open and
// close; escape, if not nil, is applied to the text (not the marks), as
// HTML output needs.
func (p Passage) Marked(open, close string, escape func(string) string) string {
	if escape == nil {
		escape = func(s string) string { return s }
	}
	var b strings.Builder
	last := 0
	for _, s := range p.Highlights {
		if s.Start < last || s.End > len(p.Text) || s.Start >= s.End {
			continue
		}
		b.WriteString(escape(p.Text[last:s.Start]))
		b.WriteString(open + escape(p.Text[s.Start:s.End]) + close)
		last = s.End
	}
	b.WriteString(escape(p.Text[last:]))
	return b.String()
}
