// Package answer turns a member's question into the best passage of the
// indexed reports and the figure that answers it. Every front end (the
// Telegram bot, the CLI, the evaluation) calls this one path.
package answer

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
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
}

// SynonymSource gives the admins' own synonyms in effect now (the data
// directory's synonyms.txt, store.Store). The engine asks for them on
// every question, so a synonym an admin adds answers the next question,
// without a restart or a reindex; an implementation must be safe for
// concurrent use.
type SynonymSource interface {
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
	// Unsaid are, with Nearest, the things the question names that passage
	// does not say (会员 of "…联合会有多少会员"): the heaviest three nouns
	// and names, as read (simplified, lower-cased; for a follow-up, with
	// the words kept from the question before), in the question's order.
	Unsaid []string `json:"unsaid,omitempty"`
	// Reading, for a follow-up read with the question before it, says
	// how it was read; nil for a question answered alone.
	Reading *Reading `json:"reading,omitempty"`
	// Refusal, when nothing was found, names the rule that refused the
	// best passage there was (RefusedBy…), or is RefusedNoMatch.
	Refusal string `json:"refusal,omitempty"`
	// top is the key of the best-ranked passage, answered or refused: a
	// follow-up's reading compares the passage before with it.
	top string
}

// The rules by which an answer is refused (Answer.Refusal), in the order
// they are tried: a passage is taken out by the year or pins the question
// names, or by its own words (a follow-up's); the best left is refused for
// a rare noun it does not say, for covering too little of the question, for
// saying none of its words itself, for holding no number a quantity
// question needs, or for a figure the question's words do not describe.
const (
	RefusedNoMatch     = "no-match"     // no passage says any of its words
	RefusedByYear      = "year"         // every passage speaks of another year
	RefusedByPin       = "pin"          // or another place, ordinal, period, name
	RefusedByOwnWords  = "own-words"    // or does not say a follow-up's own words
	RefusedByNoun      = "missing-noun" // Weights.MissingNoun
	RefusedByCoverage  = "coverage"     // Weights.MinCoverage
	RefusedByNoOwnWord = "no-own-word"  // only its context says the words
	RefusedByNoNumber  = "no-number"    // a quantity question, a passage of no number
	RefusedByFigure    = "figure"       // Weights.MinFigureShare, words not describing it, or a count for money (ruledOut)
	RefusedByModel     = "fitted"       // Weights.Refusal, sure the passage does not answer though the rules let it
)

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
	// paragraph is the passage's whole paragraph, where a follow-up looks
	// for the siblings of the words that found it.
	paragraph string
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
	// AdminSynonyms, if set, are looked up beside the embedded synonyms
	// (lang), word by word and as phrases the analyzer cuts apart.
	AdminSynonyms SynonymSource
	// NoRefusal answers every question with the best-ranked passage,
	// however little of it matches: the ranking's ceiling, which
	// evaluation prints beside the real answers to show what refusals cost.
	NoRefusal bool
	// Judged, when set, is called with the best-ranked passage of each
	// reading answered, and what decided it: once for a question asked
	// (Ask), and for each reading a follow-up tries (Follow). Evaluation
	// fits RefusalModel from them (eval.Fit). It is called from the
	// goroutine asking.
	Judged func(Judgement)
	// FiguresWeighed, when set, is called for each quantity reading with
	// the best-ranked passage's figures and their features: evaluation
	// fits FigureWeights from them (eval.FitFigures). It is called from
	// the goroutine asking.
	FiguresWeighed func(FigureChoice)
	// Ranked, when set, is called with each reading's candidate passages
	// as ranked and their features: evaluation fits RankWeights from
	// them (eval.FitRank). It is called from the goroutine asking.
	Ranked func(RankChoice)
}

// New returns an engine on ix with default settings; its refusal model
// is the one fitted on the signals of ix's analyzer when ix says which it
// is (index.Index, index.Live: FittedRefusal), gse's otherwise.
func New(ix Searcher) *Engine {
	w := DefaultWeights()
	if n, ok := ix.(interface{ AnalyzerName() string }); ok {
		w.Refusal = FittedRefusal(n.AnalyzerName())
	}
	return &Engine{ix: ix, lang: lang.Default(), Weights: w, Evidence: DefaultEvidence(), Candidates: 20}
}

// Ask answers one question. It returns an error only for a question that
// cannot be asked (empty, too long) or a failing index; "not in the
// report" is an Answer with Found false.
func (e *Engine) Ask(ctx context.Context, question string) (Answer, error) {
	r, a, err := e.read(question)
	if err != nil {
		return a, err
	}
	a, _, err = e.answer(ctx, r, a)
	return a, err
}

// reading is a question as the engine reads it: its words with their
// weights, the words and years that pin the answer down and the kind of
// answer wanted. Searching and ranking work from it, and so does reading a
// follow-up, which builds one from two questions' readings.
type reading struct {
	query
	years  []int
	intent intent
	// groups are the question's own words, one a position, with the part
	// each plays (a follow-up keeps or replaces them by that part).
	groups []group
	// ask is how the question asks ("有多少人", "是哪年的"), shown when a
	// follow-up is read with it.
	ask string
	// required are the groups the answer's passage must say a word of: a
	// follow-up's own words ("女职工" of "那女职工呢?"), without which
	// the answer would be the earlier question's again.
	required []group
	// relative are years counted from the year each report was written
	// (-1 for 去年) the answer's passage must speak of: "去年呢".
	relative []int
	// ofReport: the answer's passage must speak of the year its report is
	// of (a follow-up's "全年呢").
	ofReport bool
	// otherThan are years a relative year must not resolve to: the years
	// of the question a follow-up's "今年呢" asks another year than.
	otherThan []int
	// own: the message's own reading (read), not one built from two
	// questions' (a follow-up's); only these does Weights.Refusal judge.
	own bool
}

// read normalizes and analyses a question. The Answer returned carries
// the normalized question, for the caller to fill or return with an error.
func (e *Engine) read(question string) (reading, Answer, error) {
	q, err := Normalize(question)
	if err != nil {
		return reading{}, Answer{Question: shown(question)}, err
	}
	a := Answer{Question: q, Matched: []string{}, Alternatives: []Passage{}}
	if e.Evidence.Simplified {
		q = lang.ToSimplified(q)
	}
	r := reading{own: true, intent: detectIntent(q), years: corpus.Years(withoutBaseYears(q)), ask: askPhrase(q)}
	tokens := withoutAsked(e.ix.Analyze(q), append(askedSpans(q, r.intent.quantity, r.intent.checks), asideSpans(q)...))
	if r.query, err = e.queryTerms(q, tokens); err != nil {
		return r, a, err
	}
	r.groups = e.groups(q, tokens, r.query)
	r.query.context, r.query.pairs = contextGroups(q, tokens), neighbourPairs(q, tokens)
	e.weighWith(&r.query)
	e.dateByTimeWords(&r)
	return r, a, nil
}

// dateByTimeWords reads the question's 去年, 今年… as the year it asks
// about, counted from the year each report was written (onlyRelative):
// "去年GDP涨了多少" is answered by a 2022 report's review of 2021, which
// need not say 去年, and not by its targets for 2022. A past year's word
// is no longer searched; 今年 and 明年 still are, as reports say them
// of their plans ("今年高校毕业生超过1000万人"). (Measured: searching
// 去年 too refused the reviews; not searching 今年 answered questions on
// another report's year.)
func (e *Engine) dateByTimeWords(r *reading) {
	past := map[int]bool{}
	for _, g := range r.groups {
		if d, ok := relativeYears[g.word]; ok && g.slot == slotTime {
			r.relative = append(r.relative, d)
			if d < 0 {
				past[g.position] = true
			}
		}
	}
	if len(past) == 0 {
		return
	}
	r.terms = slices.DeleteFunc(r.terms, func(t term) bool { return past[t.group] })
	r.weights = e.termWeights(r.terms)
}

// answer searches and ranks for a reading and fills a. It also returns the
// figure chosen, which a follow-up reads beside the passage.
func (e *Engine) answer(ctx context.Context, r reading, a Answer) (Answer, *corpus.Figure, error) {
	qr, intent := r.query, r.intent
	if e.Evidence.Years && r.own {
		// Only a message's own reading (with the fitted model on, the
		// rules deciding whether a message leans on the one before read
		// it otherwise, as not its own: Follow): with readings read with
		// prev crediting a kept year, a standalone question of the city
		// suite was read with the one before it.
		qr.years = r.years
	}
	a.Refusal, a.top = "", ""
	if len(qr.terms) == 0 {
		a.Refusal = RefusedNoMatch
		return a, nil, nil
	}
	hits, err := e.ix.Search(ctx, expand(qr.terms), e.Candidates)
	if err != nil {
		return a, nil, err
	}
	if len(hits) == 0 {
		a.Refusal = RefusedNoMatch
		return a, nil, nil
	}
	if !e.NoRefusal {
		// refuse names the filter that takes the last hits out.
		refuse := func(by string, kept []index.Hit) []index.Hit {
			if len(hits) > 0 && len(kept) == 0 {
				a.Refusal = by
			}
			return kept
		}
		// The reports searched, before the filters take passages out: a
		// report about a place the question names (aboutRegions). Titles,
		// not the hits: a filter may delete from hits in place. Only a
		// question naming a place needs them.
		var titles []string
		if len(qr.regions) > 0 {
			if titles, err = e.titlesSearched(ctx, hits, qr.regions); err != nil {
				return a, nil, err
			}
		}
		if e.Evidence.Years {
			hits = refuse(RefusedByYear, onlyYears(hits, r.years))
			hits = refuse(RefusedByYear, onlyRelative(hits, r.relative, r.otherThan))
			if r.ofReport {
				hits = refuse(RefusedByYear, slices.DeleteFunc(hits, func(h index.Hit) bool {
					y := reportYear(h)
					return !speaksOf(h, y) || slices.Contains(r.otherThan, y)
				}))
			}
		}
		if e.Evidence.Pins {
			hits = refuse(RefusedByPin, saying(hits, qr))
			hits = refuse(RefusedByPin, aboutRegions(hits, titles, qr.regions))
			hits = refuse(RefusedByPin, inScope(hits, qr.scope))
		}
		hits = refuse(RefusedByOwnWords, matching(hits, qr.terms, r.required))
	}
	ranked := rank(hits, qr, intent)
	if len(ranked) == 0 {
		return a, nil, nil // a filter took every hit out (refuse)
	}
	if !e.NoRefusal && intent.quantity && len(r.required) > 0 {
		// A follow-up's number is of its own thing: a passage that names
		// it but counts another (468万余人次 of 职业技能竞赛 beside
		// 引领性劳动竞赛) gives way to the next whose figure it describes.
		if i := slices.IndexFunc(ranked, func(c candidate) bool {
			return describes(c.hit.Passage.Text, c.figure, qr.terms, r.required)
		}); i > 0 {
			ranked = slices.Concat(ranked[i:i+1], ranked[:i], ranked[i+1:])
		}
	}
	best := ranked[0]
	a.top = best.hit.Passage.Key
	if e.Ranked != nil {
		rc := RankChoice{}
		for _, c := range ranked {
			rc.Passages, rc.Features = append(rc.Passages, toPassage(c.hit)), append(rc.Features, c.rankFeatures)
		}
		e.Ranked(rc)
	}
	if e.FiguresWeighed != nil && intent.quantity {
		e.FiguresWeighed(FigureChoice{Passage: toPassage(best.hit), Figures: best.figures, Features: best.features})
	}
	var ruled string
	a.Refusal, ruled = e.refusal(best, qr, intent, r.required)
	if fitted := r.own && e.Evidence.Fitted; !e.NoRefusal && (fitted || e.Judged != nil) {
		// The signals only when read: most questions need the rules alone.
		var next *candidate
		if len(ranked) > 1 {
			next = &ranked[1]
		}
		j := Judgement{Passage: toPassage(best.hit), Own: r.own, Rules: a.Refusal, Ruled: ruled, Signals: signalsOf(best, next, qr, intent)}
		if e.Judged != nil {
			e.Judged(j)
		}
		if fitted {
			a.Refusal = e.Weights.Refusal.Decide(j.Signals, j.Rules, j.Ruled)
		}
	}
	if a.Refusal != "" {
		a.Suggestions = suggestions(ranked)
		if best.topic >= e.Weights.Nearest*e.Weights.MinCoverage && best.strongest > 0 {
			p := toPassage(best.hit)
			a.Nearest, a.Unsaid = &p, unsaid(best.hit, qr)
		}
		return a, nil, nil
	}
	a.Found = true
	a.Score = math.Round(best.coverage*1000) / 1000
	p := toPassage(best.hit)
	a.Passage = &p
	a.Matched = best.matched
	var fig *corpus.Figure
	if intent.quantity && (intent.kind != "date" || best.figure != nil && best.figure.Kind == corpus.KindDate) {
		// A question asking when is answered by a date or by the passage:
		// the 5.6万个 of the passage does not say which year it was.
		fig = best.figure // chosen while ranking
		if f := instead(best.hit.Passage, fig, qr.terms, intent, qr.choice()); f != nil {
			fig = f
		}
		a.Figure = toFigure(fig)
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
	return a, fig, nil
}

// NearestLead is the line that introduces Nearest to a member: it says
// the passage may not answer the question and, when known, which of the
// question's words it does not say ("最接近的一段(没有提到「会员」,不一定
// 回答了你的问题):"). The bot and the CLI both show it.
func (a Answer) NearestLead() string {
	if len(a.Unsaid) == 0 {
		return "最接近的一段(不一定回答了你的问题):"
	}
	return "最接近的一段(没有提到「" + strings.Join(a.Unsaid, "」「") + "」,不一定回答了你的问题):"
}

// shown is a question refused by Normalize as it can be shown back: valid
// UTF-8, trimmed, cut to MaxQuestionRunes with an ellipsis.
func shown(question string) string {
	q := strings.TrimSpace(strings.ToValidUTF8(question, ""))
	if utf8.RuneCountInString(q) <= MaxQuestionRunes {
		return q
	}
	return string([]rune(q)[:MaxQuestionRunes]) + "…"
}

// Normalize cleans a question: valid UTF-8, width-folded (NFKC), single
// spaces, trimmed. It refuses empty and overlong questions.
func Normalize(question string) (string, error) {
	q := norm.NFKC.String(strings.ToValidUTF8(question, ""))
	q = lang.OneLine(q)
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
		figures: h.Passage.Figures, paragraph: h.Passage.Paragraph,
	}
	spans := slices.Clone(h.Spans)
	sort.Slice(spans, func(i, j int) bool {
		return spans[i].Start < spans[j].Start || spans[i].Start == spans[j].Start && spans[i].End > spans[j].End
	})
	for _, s := range spans {
		if insideNumber(p.Text, s) {
			// A number asked ("超过1亿") matched a digit of a longer one
			// (5.41亿元): marking it would cut that number in two.
			continue
		}
		if n := len(p.Highlights); n > 0 && s.Start < p.Highlights[n-1].End {
			p.Highlights[n-1].End = max(p.Highlights[n-1].End, s.End)
			continue
		}
		p.Highlights = append(p.Highlights, s)
	}
	return p
}

// insideNumber reports a span of digits only that continues a number
// of text on either side: a digit or a decimal point next to it.
func insideNumber(text string, s index.Span) bool {
	if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
		return false
	}
	for _, r := range text[s.Start:s.End] {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	numeric := func(r rune) bool { return unicode.IsDigit(r) || r == '.' }
	before, _ := utf8.DecodeLastRuneInString(text[:s.Start])
	after, _ := utf8.DecodeRuneInString(text[s.End:])
	return numeric(before) || numeric(after)
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

// onlyRelative keeps the hits that speak of each year relative to their
// report's own: a follow-up's "去年呢" after a question on a 2022 report
// is answered by its passages on 2021. A relative year that resolves to
// one of otherThan is not the year asked for.
func onlyRelative(hits []index.Hit, deltas, otherThan []int) []index.Hit {
	if len(deltas) == 0 {
		return hits
	}
	return slices.DeleteFunc(slices.Clone(hits), func(h index.Hit) bool {
		own := writtenYear(h)
		if own == 0 {
			return true
		}
		years, dated := datesOf(h)
		for _, d := range deltas {
			y := own + d
			// As speaksOf; and an undated passage of a report naming no
			// year at all speaks of the year it was written, its own time
			// ("新发展会员3.2万人" answers 今年). A year the member names is
			// not asked of it (onlyYears): the year it was added is no
			// evidence of what it covers.
			speaks := slices.Contains(years, y) || !dated && (slices.Contains(h.Passage.Years, y) || len(h.Passage.Years) == 0 && d == 0)
			if !speaks || slices.Contains(otherThan, y) {
				return true
			}
		}
		return false
	})
}

// Time words that date by the year a text was written, as years after
// it: 去年 in a report written in 2022, or in a member's question about
// it, is 2021. (比上年, "than the year before", compares; it does not
// date.)
var relativeYears = map[string]int{"前年": -2, "去年": -1, "过去一年": -1, "今年": 0, "明年": 1}

// yearOfReport are the time words a passage dates itself with by the year
// its report is of: 全年 in the communiqué on 2021, written in 2022, is
// 2021.
var yearOfReport = []string{"全年", "本年"}

// baseYearRe is a year a figure is compared with ("比2024年增长1.5%",
// "较2019年"): a passage gives that year's change, not its figure, so it
// does not speak of the year; a question naming it ("2025年…比2024年增长
// 多少") asks the change, not about 2024. 比较 is no comparison of a
// year (matched first, and kept). withoutBaseYears drops such years.
var baseYearRe = regexp.MustCompile(`比较(?:19|20)\d{2}\s*年|(?:比|较)(?:19|20)\d{2}\s*年`)

// withoutBaseYears is text without the years it compares with.
func withoutBaseYears(text string) string {
	return baseYearRe.ReplaceAllStringFunc(text, func(m string) string {
		if strings.HasPrefix(m, "比较") {
			return m
		}
		return m[:len("比")] // 比 and 较 are both three bytes
	})
}

// speaksOf reports whether a passage speaks of year y: its paragraph or
// section names it, or dates itself relative to the year its report was
// written (去年 in a 2022 report is 2021) or is of (全年). A passage with
// no date of its own speaks of any year its report mentions.
func speaksOf(h index.Hit, y int) bool {
	years, dated := datesOf(h)
	return slices.Contains(years, y) || !dated && slices.Contains(h.Passage.Years, y)
}

// datesBy reports whether text dates itself with the time word w: says
// it other than right after 比 or 较, the base of a comparison ("比去年有
// 所下调" compares with last year; it gives this year's deficit, as
// baseYearRe's years do). Only those two: 与去年相比 still dates a
// passage, as it did.
func datesBy(text, w string) bool {
	for at := 0; ; {
		i := strings.Index(text[at:], w)
		if i < 0 {
			return false
		}
		i += at
		if !strings.HasSuffix(text[:i], "比") && !strings.HasSuffix(text[:i], "较") {
			return true
		}
		at = i + len(w)
	}
}

// datesOf is the years a passage speaks of by its own dates: those its
// paragraph, section or figures name, and those its time words date it
// to; dated reports whether it has any date of its own.
func datesOf(h index.Hit) (years []int, dated bool) {
	context := h.Passage.Paragraph + "\n" + h.Passage.Section
	years = corpus.Years(withoutBaseYears(context))
	for _, f := range h.Passage.Figures {
		// A table row names its year in its column's header ("2024：
		// 3,631.76万元"), not as 2024年: its figures carry it.
		if f.Year != 0 && !slices.Contains(years, f.Year) {
			years = append(years, f.Year)
		}
	}
	dated = len(years) > 0
	written, of := writtenYear(h), reportYear(h)
	for word, delta := range relativeYears {
		if datesBy(context, word) {
			dated = true
			if written != 0 {
				years = append(years, written+delta)
			}
		}
	}
	for _, word := range yearOfReport {
		if strings.Contains(context, word) {
			dated = true
			if of != 0 {
				years = append(years, of)
			}
		}
	}
	return years, dated
}

// reportYear is the year a report is of: the first its title names
// ("2021年国民经济和社会发展统计公报"), else the one it mentions most up
// to the year it was written (an ESG report on 2024 written in 2025).
func reportYear(h index.Hit) int {
	if ys := corpus.Years(h.ReportTitle); len(ys) > 0 {
		return ys[0]
	}
	written := writtenYear(h)
	for _, y := range h.Passage.Years {
		if y <= written {
			return y
		}
	}
	return written
}

// writtenYear is the year a report was written, which its 今年 and a
// member's 去年 count from: the latest year it mentions up to the year it
// was added (a plan's 2035 is not its date; the communiqué on 2021 is
// dated 2022年2月28日), or, when it mentions none, the year it was added.
func writtenYear(h index.Hit) int {
	// In China Standard Time (UTC+8), where the reports are written and
	// read, not the server's zone: a report added at 04:00 on New Year's
	// Day in Beijing was added in the new year on a UTC server too.
	added := time.Unix(h.Added, 0).In(time.FixedZone("CST", 8*60*60)).Year()
	latest := 0
	for _, y := range h.Passage.Years {
		if h.Added <= 0 || y <= added {
			latest = max(latest, y)
		}
	}
	if latest == 0 && h.Added > 0 {
		return added
	}
	return latest
}

// saying keeps the hits whose passage, paragraph, section, captions or
// report title say every word qr pins: a question about 云南省 or the
// 第十六次 congress is not answered by a passage about another. An ordinal
// is said only whole; a quoted name also with punctuation inside it.
func saying(hits []index.Hit, qr query) []index.Hit {
	pins, names := qr.pins, qr.names
	if len(pins) == 0 {
		return hits
	}
	kept := hits[:0:0]
	for _, h := range hits {
		// Pins come from the analyzer, lower-cased: so is the context.
		context := strings.ToLower(passageContext(h) + "\n" + h.ReportTitle)
		bare := "" // the context without punctuation, made when needed
		ok := true
		for _, pin := range pins {
			if !ok {
				break
			}
			if slices.Contains(qr.ordinals, pin) {
				ok = saysOrdinal(context, pin)
				continue
			}
			if strings.Contains(context, pin) {
				continue
			}
			if !slices.Contains(names, pin) {
				ok = false
				continue
			}
			// Said with punctuation inside: a name quoted whole
			// (“十四五时期”) is said by “十四五”时期.
			if bare == "" {
				bare = unpunctuated(context)
			}
			ok = strings.Contains(bare, pin)
		}
		if ok {
			kept = append(kept, h)
		}
	}
	return kept
}

// aboutRegions keeps, for each place the question names that a report is
// about (its title names it: 上海 of 关于上海市2025年预算执行情况…的报告),
// only that report's passages and those saying the place: another
// report's figure is of the country or of another place ("上海去年城镇新增
// 就业多少人" is not answered with the nation's 1269万人). Whether a report
// is about the place is read from the titles of the reports searched
// (titlesSearched), before a year or pin took their passages out; a place
// no report among them is about asks nothing.
func aboutRegions(hits []index.Hit, titles, regions []string) []index.Hit {
	for _, place := range regions {
		if !slices.ContainsFunc(titles, func(title string) bool { return strings.Contains(title, place) }) {
			continue
		}
		hits = slices.DeleteFunc(slices.Clone(hits), func(h index.Hit) bool {
			return !strings.Contains(h.ReportTitle, place) && !strings.Contains(passageContext(h), place)
		})
	}
	return hits
}

// inScope keeps, for a question naming the whole of an area (全国, 全省,
// 全市: query.scope), the passages of reports speaking for that area or
// for none known (index.Hit.ReportScope), and those saying the scope word
// in their paragraph or section: a city's budget report's 全市 revenue
// does not answer "去年全国财政收入增长多少". A figure must say it in its
// own sentence (outOfScope).
func inScope(hits []index.Hit, scope string) []index.Hit {
	if scope == "" {
		return hits
	}
	return slices.DeleteFunc(slices.Clone(hits), func(h index.Hit) bool {
		return otherScope(h, scope) && !index.SaysScope(passageContext(h), scope)
	})
}

// otherScope reports whether h's report speaks for another area than the
// scope word a question names.
func otherScope(h index.Hit, scope string) bool {
	return scope != "" && h.ReportScope != "" && h.ReportScope != scope
}

// outOfScope reports a figure of a report speaking for another area than
// the question names whose own sentence does not say the question's
// scope word: a provincial union's "全省有…工会会员693.96万人" does not
// answer "全国工会会员有多少人", though its paragraph names a 全国 honour.
func outOfScope(h index.Hit, f *corpus.Figure, scope string) bool {
	return f != nil && otherScope(h, scope) && !index.SaysScope(sentenceOf(h.Passage.Text, f), scope)
}

// titlesSearched are the titles of the reports hits come from and, for a
// place the question names that none of them is about, of the reports
// whose passages say the place most: a report about the place may have
// no passage among the hits, its passages saying other words than the
// question's ("上海今年粮食产量是多少" finds the nation's grain, not the
// Shanghai budget report, which a place is enough to find).
func (e *Engine) titlesSearched(ctx context.Context, hits []index.Hit, regions []string) ([]string, error) {
	var titles []string
	add := func(hits []index.Hit) {
		for _, h := range hits {
			if !slices.Contains(titles, h.ReportTitle) {
				titles = append(titles, h.ReportTitle)
			}
		}
	}
	add(hits)
	for _, place := range regions {
		if slices.ContainsFunc(titles, func(t string) bool { return strings.Contains(t, place) }) {
			continue
		}
		more, err := e.ix.Search(ctx, []index.WeightedTerm{{Text: place, Weight: 1}}, e.Candidates)
		if err != nil {
			return nil, err
		}
		add(more)
	}
	return titles, nil
}

// passageContext is what a passage says with its context: its
// paragraph, section and captions.
func passageContext(h index.Hit) string {
	p := h.Passage
	context := p.Paragraph + "\n" + p.Section
	for _, c := range p.Captions {
		context += "\n" + c.Text
	}
	return context
}

// saysOrdinal reports whether text holds the ordinal whole: 第三 is not
// said by 第三十条, which is another ordinal. An ordinal asked with its
// measure word (第十六次) is not said by the same number with a measure
// word of another family (第十六届: the people's congress's term, not a
// congress's session); one of the same family (第一名 for 第一位, both
// ranks: unitFamily) or none says it.
func saysOrdinal(text, ordinal string) bool {
	bare := ordinalRe.FindString(ordinal)
	if bare == "" || !strings.HasPrefix(ordinal, bare) {
		bare = ordinal
	}
	measure := ordinal[len(bare):]
	for rest := text; ; {
		i := strings.Index(rest, bare)
		if i < 0 {
			return false
		}
		rest = rest[i+len(bare):]
		if r, _ := utf8.DecodeRuneInString(rest); isNumeralRune(r) {
			continue
		}
		said := unitStartRe.FindString(rest)
		if measure == "" || said == "" || unitFamily(said) == unitFamily(measure) {
			return true
		}
	}
}

// isNumeralRune reports a digit or a Chinese numeral character, as
// ordinalRe reads them.
func isNumeralRune(r rune) bool {
	return r >= '0' && r <= '9' || strings.ContainsRune(chineseNumerals, r)
}

// unpunctuated is s without punctuation and spaces (isSeparator).
func unpunctuated(s string) string {
	return strings.Map(func(r rune) rune {
		if isSeparator(r) {
			return -1
		}
		return r
	}, s)
}

// refusal is the rule refusing the best-ranked passage as the answer,
// or "" when it answers (always "" with NoRefusal).
//
// It also returns the rule of ruled that refuses it (ruled, or ""): the
// rules the fitted model may not overrule.
func (e *Engine) refusal(best candidate, qr query, in intent, required []group) (rules, ruled string) {
	if e.NoRefusal {
		return "", ""
	}
	ruled = e.ruled(best, qr, in, required)
	if ruled != RefusedByNoun && best.topic < e.Weights.MinCoverage {
		// A missing rare noun names the refusal first, as it always has.
		return RefusedByCoverage, ruled
	}
	return ruled, ruled
}

// ruled is the rule refusing the best-ranked passage that the fitted
// model never overrules: the passage lacks a rare noun of the question's
// (Weights.MissingNoun), says no word of the question's own, holds no
// number for a quantity question, or its figure is of another place or
// kind, or not described by the question's words (too little of the
// question's weight in them: Weights.MinFigureShare); "" when none does.
func (e *Engine) ruled(best candidate, qr query, in intent, required []group) string {
	switch {
	case e.Weights.MissingNoun > 0 && best.missing >= e.Weights.MissingNoun:
		return RefusedByNoun
	case best.strongest == 0:
		return RefusedByNoOwnWord
	case !answers(best.hit, in):
		return RefusedByNoNumber
	case in.quantity && e.Evidence.Pins && (e.figureOfAnotherPlace(best, qr) || outOfScope(best.hit, best.figure, qr.scope)):
		return RefusedByPin
	case in.quantity && (best.figureShare < e.Weights.MinFigureShare || !describes(best.hit.Passage.Text, best.figure, qr.terms, required) ||
		ruledOut(best.figure, in)):
		return RefusedByFigure
	}
	return ""
}

// ruledOut reports a figure of another kind than the question asks for:
// a share or a growth in % for an amount asked in its unit and no change
// ("利润总额是多少亿元" is not answered by 利润总额增长23.7%), or a count for
// a sum of money or a share ("工匠基金有多少钱" is not answered by the 1名
// of 大国工匠 beside the fund).
func ruledOut(f *corpus.Figure, in intent) bool {
	if unit := askedUnit(in); f != nil && unit != "" && !in.change && !in.share && !grammar.IsTimeUnit(unit) && grammar.UnitKind(unit) != corpus.KindPercent {
		// An amount in its unit (多少亿元, 多少万平方米, 多少个); not a
		// time that says when ("这几年…达到了多少").
		if amountKind(f) == corpus.KindPercent {
			return true
		}
	}
	if f == nil || in.change || f.Kind != corpus.KindCount || f.Unit == "" {
		// A change asked for may be of money or a share; only a count
		// in a measure word (人, 名, 个, 笔, 套…) is surely no sum or
		// share. (A question asking a count in one is read as a count:
		// detectIntent.)
		return false
	}
	return in.kind == "money" || in.kind == "percent"
}

// answers reports whether a passage can answer the kind of question
// asked: a "how many" needs a number in the passage, a "第几" an ordinal
// (answersWhich).
//
// A "how to" once also needed the passage to use the question's verb
// (申请 of 怎么申请). Members ask 怎么安排, 怎么处理, 怎么利用 of
// measures the reports state in other verbs; on the tuning sets of all
// three reports the rule refused four right answers for one near miss
// it caught, so the verb counts as any other word of the question.
func answers(h index.Hit, in intent) bool {
	return !in.quantity || slices.ContainsFunc(h.Passage.Figures, func(f corpus.Figure) bool { return answersWhich(&f, in) }) ||
		strings.ContainsFunc(h.Passage.Text, unicode.IsDigit)
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

// figureOfAnotherPlace reports a quantity question's figure that is
// another place's: the question names a place its passage says only
// outside the figure's own words (its clause, label, subject, what it is
// part of, its sentence before it), and the figure's label opens with
// another place's name. "粤港澳大湾区地区生产总值是多少" is not answered by
// "长江三角洲地区生产总值276054亿元，增长8.4%。粤港澳大湾区建设…深入实施",
// whose pin the passage says. A place the report's title names is the
// whole report's. A place's name is a word gse tags as one (ns) of three
// characters or more, or of two with an administrative suffix (贵阳市):
// gse tags common nouns so too (城镇, 城市, 中国). Places the question
// names itself, or inside them, are no other place.
func (e *Engine) figureOfAnotherPlace(best candidate, qr query) bool {
	f := best.figure
	if f == nil || len(qr.places) == 0 {
		return false
	}
	text := strings.ToLower(best.hit.Passage.Text)
	own := figureWords(best.hit.Passage.Text, f)
	title := strings.ToLower(best.hit.ReportTitle)
	asked := slices.Concat(qr.places, qr.regions)
	pinned := false
	for _, p := range qr.places {
		pinned = pinned || strings.Contains(text, p) && !strings.Contains(own, p) && !strings.Contains(title, p)
	}
	if !pinned {
		return false
	}
	tokens := e.ix.Analyze(strings.ToLower(f.Label))
	if len(tokens) == 0 || tokens[0].Start != 0 {
		return false
	}
	for _, t := range tokens {
		if t.Start != 0 {
			break
		}
		n := utf8.RuneCountInString(t.Text)
		if index.PartOfSpeech(t.Text) != "ns" || n < 2 || n == 2 && !endsWithAny(t.Text, adminSuffixes) {
			continue
		}
		if !slices.ContainsFunc(asked, func(p string) bool { return strings.Contains(p, t.Text) || strings.Contains(t.Text, p) }) {
			return true
		}
	}
	return false
}
