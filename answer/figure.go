package answer

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/lang"
)

// toFigure is a chosen figure as the answer shows it.
func toFigure(f *corpus.Figure) *Figure {
	if f == nil {
		return nil
	}
	return &Figure{Text: f.Text, Label: f.Label, Kind: string(f.Kind)}
}

// bestFigure picks the figure whose own words (its list item or clause)
// best match the question, preferring the kind and unit the question asks
// for, its year, the change or level, start or end it asks for: the
// figure whose features (figureFeatures) weigh most by choose. Words
// found only in a neighbouring figure's item count against it. It returns
// the figure, its score without the credit of its sentence's topic (which
// the passage's coverage already counts), and the part of that score
// earned by the question's words (without the fit): both weighed by
// HandFigureWeights whatever choose is, as ranking and refusal read them
// (rank, Weights.MinFigureShare) with constants set against those.
func bestFigure(text string, figs []corpus.Figure, terms []term, in intent, choose FigureWeights) (*corpus.Figure, float64, float64) {
	xs, ok := figureFeatures(text, figs, terms, in)
	return chooseFigure(figs, xs, ok, choose)
}

// chooseFigure is bestFigure of figures whose features are xs (those
// with ok false are of the wrong sort).
func chooseFigure(figs []corpus.Figure, xs []figureVector, ok []bool, choose FigureWeights) (*corpus.Figure, float64, float64) {
	var (
		best       *corpus.Figure
		bestChoice = -1e9
		bestScore  float64
		bestWords  float64
	)
	hand := HandFigureWeights()
	for i := range figs {
		if !ok[i] {
			continue
		}
		x := &xs[i]
		if choice := choose.weigh(x); choice > bestChoice {
			words := hand.weighWords(x)
			best, bestChoice, bestScore, bestWords = &figs[i], choice, words+hand.weighFit(x), words
		}
	}
	return best, bestScore, bestWords
}

// figureFeatures are the features of each of a passage's figures for a
// question, and whether it is of the sort asked (answersWhich).
func figureFeatures(text string, figs []corpus.Figure, terms []term, in intent) ([]figureVector, []bool) {
	xs := make([]figureVector, len(figs))
	ok := make([]bool, len(figs))
	owns := make([]string, len(figs))
	for i := range figs {
		f := &figs[i]
		if !answersWhich(f, in) {
			// Its words (奥运会 of 第32届) are no item of a list the
			// figures asked for compete in.
			continue
		}
		owns[i] = ownWords(f)
	}
	// The latest year a figure of the passage is stated for: a question
	// naming no year wants the figure of now, not of 1952.
	latest := 0
	for _, f := range figs {
		latest = max(latest, f.Year)
	}
	// A follow-up's reading marks its own words (focus); the rest were
	// kept from the question before.
	followup := slices.ContainsFunc(terms, func(t term) bool { return t.focus })
	for i := range figs {
		f := &figs[i]
		if !answersWhich(f, in) {
			continue
		}
		x := &xs[i]
		ok[i] = true
		own := owns[i]
		parent, opening, clause := strings.ToLower(f.Parent), strings.ToLower(f.Topic), strings.ToLower(f.Clause)
		before := strings.ToLower(sentenceBefore(text, f))
		for _, t := range terms {
			w := t.idf * t.factor
			switch {
			case t.focus:
				// Counted twice: a figure the follow-up's own words describe
				// beats one described by the words kept from before.
				w *= 2
			case followup:
				// The kept words described the figure already given (职工
				// 医疗互助 … 人次 for 1085.13万人次); the next one asked for
				// ("发了多少钱") is beside it, where they say less of it.
				w *= keptWeight
			}
			switch {
			case strings.Contains(own, t.text):
				x[featOwn] += w
			case strings.Contains(parent, t.text):
				x[featParent] += w
			case strings.Contains(opening, t.text):
				x[featOpening] += w
			case t.topical && inOther(owns, i, t.text):
				x[featOtherItem] += w
			case strings.Contains(clause, t.text):
				x[featClause] += w
			case t.focus && strings.Contains(before, t.text):
				x[featBefore] += w
			}
		}
		kindFeatures(x, f, in)
		yearFeatures(x, f, in, latest)
		choiceFeatures(x, f, in)
	}
	return xs, ok
}

// answersWhich reports whether f is of the sort of figure the question
// asks for: an ordinal says which one (第三次), not how many, so it
// answers "第几" and nothing else does.
func answersWhich(f *corpus.Figure, in intent) bool {
	return (f.Kind == corpus.KindOrdinal) == (in.kind == "ordinal")
}

// amountKind is what a figure is an amount of (corpus.Grammar.AmountKind).
func amountKind(f *corpus.Figure) corpus.FigureKind { return grammar.AmountKind(f) }

// kindFeatures mark a figure of the kind and unit the question asks for.
func kindFeatures(x *figureVector, f *corpus.Figure, in intent) {
	kind := f.Kind
	switch kind {
	case corpus.KindChange:
		// A change of 4.9% answers a question about a share as well.
		kind = amountKind(f)
	case corpus.KindMeasure, corpus.KindMoney:
		// "粮食产量多少", "生产总值是多少" ask "how much" with the words of
		// "how many": any amount answers them, a share does not.
		if in.kind == "count" {
			kind = corpus.KindCount
		}
	}
	switch {
	case in.kind == "count" && kind == corpus.KindCount:
		x[featCount] = 1
	case string(kind) == in.kind:
		x[featKind] = 1
	case in.kind == "date" || in.kind == "percent" || kind == corpus.KindDate:
		x[featWrongKind] = 1
	}
	if unit := askedUnit(in); unit != "" {
		switch {
		case hasUnit(f, unit):
			x[featUnit] = 1
		case unitFamily(f.Unit) == unitFamily(unit):
			x[featUnitFamily] = 1
		}
	}
}

// instead is the figure to give instead of one the question's kind rules
// out, or nil when the chosen one stands:
//   - a date chosen for a question that counts in a unit it names ("多少名
//     代表", "多少支代表队"): a date's words are the event it dates, which
//     say as much of the question as the count beside it, but a date counts
//     nothing. The passage's best figure in that unit is given instead.
//   - a change chosen for a question asking a share and no change ("占社零
//     多大比例"): the passage's best percentage that is no change is given
//     instead.
//
// Either only when some of the question's own words describe it: a
// percentage of another thing (5.1% of 失业率 beside 服务业增加值's 8.2%
// growth) is worse than the change chosen.
func instead(p corpus.Passage, chosen *corpus.Figure, terms []term, in intent, choose FigureWeights) *corpus.Figure {
	if chosen == nil {
		return nil
	}
	var keep func(f *corpus.Figure) bool
	switch unit := askedUnit(in); {
	case chosen.Kind == corpus.KindDate && unit != "" && in.kind != "date" && in.kind != "duration":
		keep = func(f *corpus.Figure) bool { return f.Kind != corpus.KindDate && hasUnit(f, unit) }
	case chosen.Kind == corpus.KindChange && in.share && !in.change:
		keep = func(f *corpus.Figure) bool { return f.Kind == corpus.KindPercent }
	default:
		return nil
	}
	var kept []corpus.Figure
	for i := range p.Figures {
		if keep(&p.Figures[i]) {
			kept = append(kept, p.Figures[i])
		}
	}
	if len(kept) == 0 {
		return nil
	}
	f, _, words := bestFigure(p.Text, kept, terms, in, choose)
	if words <= 0 {
		return nil
	}
	return f
}

// askedUnit is the unit or measure word a question asks its figure in
// ("多少名", "几个百分点"), or "".
func askedUnit(in intent) string { return in.figureAsk.grammarUnit }

// hasUnit reports a figure in unit (亿元 is in 元).
func hasUnit(f *corpus.Figure, unit string) bool {
	return f.Unit == unit || strings.HasSuffix(f.Unit, unit)
}

// choiceFeatures mark a change asked for or not, and the start of a
// change (从A提高到B) asked for or not.
func choiceFeatures(x *figureVector, f *corpus.Figure, in intent) {
	switch {
	case in.change && f.Kind == corpus.KindChange:
		x[featChange] = 1
		if in.rate && grammar.UnitKind(f.Unit) == corpus.KindPercent {
			// "降幅多少": a rate, not the 1336万吨 beside it.
			x[featRate] = 1
		}
	case in.change:
		x[featNoChange] = 1
	case f.Kind == corpus.KindChange:
		x[featChangeUnasked] = 1
	}
	// "多少职工": a figure counting 职工, not the 706名 代表 beside it.
	if in.counted != "" && countsWhatIsAsked(f, in.counted) {
		x[featCounted] = 1
	}
	// "是不是有6个多亿": the figure agreeing with the amount checked.
	if len(in.stated) > 0 && agreesWithStated(f, in.stated) {
		x[featStated] = 1
	}
	if f.From {
		if in.start {
			x[featStart] = 1
		} else {
			x[featStartUnasked] = 1
		}
	}
}

// yearFeatures mark a figure of the year the question names, of another
// year than named, and, when it names none, of an earlier year than
// latest, the latest its passage states. They tell passages apart too: a
// passage whose matching figure is 1952's does not answer "1978年生产总值是
// 多少".
func yearFeatures(x *figureVector, f *corpus.Figure, in intent, latest int) {
	switch {
	case f.Year == 0:
	case len(in.years) > 0 && slices.Contains(in.years, f.Year):
		x[featYear] = 1
	case len(in.years) > 0:
		x[featOtherYear] = 1
	case f.Year < latest:
		x[featEarlier] = 1
	}
}

// keptWeight is what a word kept from the question before counts in
// choosing a follow-up's figure: half, so that the kind and unit the
// follow-up asks for (kindFit's +3 for 钱 → 6.19亿元) outweigh words that
// described the previous figure. On the follow-up tuning sets 0.3 and 0.7
// choose one figure fewer than 0.5; 0 (ignoring them) loses passages.
const keptWeight = 0.5

// grammar is the corpus's grammar of numeric expressions (immutable).
var grammar = corpus.DefaultGrammar()

// figureAsk is what a quantity question says about its figure beyond the
// kind: a change or a level, the start of a change, a year, a unit.
type figureAsk struct {
	change bool // "增长了多少", "增速是多少"
	rate   bool // a change noun (增速, 降幅): the change as a rate
	share  bool // "比重是多少", "占比多少"
	// notShare: a "…率" that is no percentage ("汇率是多少").
	notShare bool
	start    bool // "原来是多少", "从多少提高到"
	checks   bool // "是不是有一万个亿": states an amount to check
	// stated are the amounts it checks (checks: checkedAmounts), written
	// as a report writes them (2100w → 2100万).
	stated []corpus.Figure
	years  []int // "1952年…"
	// grammarUnit is the grammar's unit after 多少/几 ("张", "千瓦", "个
	// 百分点"; 人 of "几个人", where 个 is only its classifier).
	grammarUnit string
	// counted is what the question counts, the words right after 多少/几
	// and its unit: "职工" in "肩负着全省多少职工的重托".
	counted string
	// checkedUnit is the unit of the amount it checks (checks), the first
	// stated after its check word: 人 of "帮扶资金是不是惠及3000人".
	checkedUnit string
}

// shareRe finds a question about a share, notShareRe one about a "…率"
// that is no share, with the grammar's words.
var (
	shareRe    = regexp.MustCompile(strings.Join(quoteAll(grammar.ShareNouns()), "|"))
	notShareRe = regexp.MustCompile(strings.Join(quoteAll(grammar.NotShares()), "|"))
)

// checkRe finds a question checking what it states: "是不是有一万个亿".
// A question ending in 吧 asks for confirmation too: a position, not a
// word, so it is added here.
var checkRe = regexp.MustCompile(cueAlternation("check") + `|吧[?？]?$`)

// startRe finds a question about where a change began.
var startRe = cueRegexp("start")

// howManyRe is 多少/几 with the place values and the grammar's unit after
// it ("几个百分点", "多少家", "多少千瓦": the unit is its group 1), and
// countedRe the words after that, up to a particle or a verb of being:
// "多少家企业来参加" → "企业来参加" (cut to four characters, about a noun
// and a half, when used).
var (
	howManyRe = regexp.MustCompile(`(?:多少|几)(?:(?:万|千|百|亿)*?(?:余|多)?(` + strings.Join(quoteAll(grammar.Units()), "|") + `)|)`)
	countedRe = regexp.MustCompile(`^[^\P{Han}的了呢吗啊呀是有]{2,}`)
)

// quoteAll quotes words for a regexp, in place.
func quoteAll(words []string) []string {
	for i := range words {
		words[i] = regexp.QuoteMeta(words[i])
	}
	return words
}

// rateRe finds the grammar's nouns of a change (增速, 降幅): they name it
// as a rate.
var rateRe = regexp.MustCompile(strings.Join(quoteAll(grammar.ChangeNouns()), "|"))

// changeRe is built from the grammar's words of change: "增长了多少",
// "涨了几个百分点", "增速".
var changeRe = changeRegexp()

func changeRegexp() *regexp.Regexp {
	var long, short []string
	for _, w := range slices.Concat(grammar.RiseWords(), grammar.FallWords()) {
		if utf8.RuneCountInString(w) >= 2 {
			long = append(long, regexp.QuoteMeta(w))
		} else {
			short = append(short, regexp.QuoteMeta(w))
		}
	}
	// A verb then how much, not 到/至 ("提高到多少" asks for the new level);
	// a one-character verb only with 了 ("涨了多少"), since alone it is
	// often part of a word ("新增就业多少人").
	how := `(?:多少|几|百分之几|多大)`
	return regexp.MustCompile(`(?:` + strings.Join(long, "|") + `)了?` + how +
		`|(?:` + strings.Join(short, "|") + `)了` + how + `|` + strings.Join(quoteAll(grammar.ChangeNouns()), "|"))
}

// askFigure reads what a question says about the figure it wants.
func askFigure(q string) figureAsk {
	a := figureAsk{start: startRe.MatchString(q), share: shareRe.MatchString(q), notShare: notShareRe.MatchString(q), years: corpus.Years(q),
		rate: rateRe.MatchString(q)}
	for _, loc := range changeRe.FindAllStringIndex(q, -1) {
		if !strings.HasSuffix(q[:loc[0]], "新") { // "新增了多少" asks a level
			a.change = true
		}
	}
	a.stated, a.checkedUnit, a.checks = checkedAmounts(q)
	// "哪几个省" asks which provinces: the 几 of a which-cue asks no amount.
	asked := whichRe.ReplaceAllString(q, "")
	if ms := howManyRe.FindAllStringSubmatchIndex(asked, -1); ms != nil {
		// The amount asked is the first how-many with a unit that does
		// not say when: 这几年 of "热线这几年接了多少个电话" is a time,
		// and 几 of 几乎 no how-many.
		m := ms[0]
		if i := slices.IndexFunc(ms, func(c []int) bool { return c[2] >= 0 && !timeFrame(asked, c) }); i >= 0 {
			m = ms[i]
		} else if i := slices.IndexFunc(ms, func(c []int) bool { return c[2] >= 0 }); i >= 0 {
			m = ms[i]
		}
		end := m[1]
		if m[2] >= 0 && !grammar.MeasuresMagnitude(asked[m[2]:m[3]], asked[m[3]:]) {
			a.grammarUnit = asked[m[2]:m[3]]
			if person := personAfter(asked, m[3]); a.grammarUnit == "个" && person != "" {
				a.grammarUnit, end = person, m[3]+len(person)
			}
			if a.grammarUnit == "个" && spokenPoints(asked[m[3]:]) {
				// "拉了几个点": 个点 is spoken for 个百分点.
				a.grammarUnit, end = "个百分点", m[3]+len("点")
			}
		}
		if c := countedRe.FindString(asked[end:]); c != "" {
			a.counted = string([]rune(c)[:min(4, utf8.RuneCountInString(c))])
		}
	}
	return a
}

// timeFrame reports a how-many match m of q that says when, not how
// much: a span of time after 这, 近, 前 or 过去 ("这几年", "近几个月"), or
// before 来, 内, 里 or 间 ("几年来").
func timeFrame(q string, m []int) bool {
	if !grammar.IsTimeUnit(q[m[2]:m[3]]) {
		return false
	}
	before, after := q[:m[0]], q[m[1]:]
	return strings.HasSuffix(before, "这") || strings.HasSuffix(before, "近") || strings.HasSuffix(before, "前") ||
		strings.HasSuffix(before, "过去") || strings.HasPrefix(after, "来") || strings.HasPrefix(after, "内") ||
		strings.HasPrefix(after, "里") || strings.HasPrefix(after, "间")
}

// spokenPoints reports 点 opening rest and ending a word (几个点, not
// 几个点位): with the 个 before it, percentage points.
func spokenPoints(rest string) bool {
	after, ok := strings.CutPrefix(rest, "点")
	if !ok {
		return false
	}
	next, _ := utf8.DecodeRuneInString(after)
	return !unicode.Is(unicode.Han, next) || lang.Default().IsStopWord(string(next))
}

// personAfter is 人 or 人次 at byte i of q, after a 个 that is only their
// classifier ("几个人", "多少个人次"), or "". The dictionary decides: 人
// starting a word of its own ("几个人口大省", "几个人才") counts no people;
// where it reads 个人 as one word ("多少个人次") or glues 人 to a verb it
// does not know (人发), people are counted.
func personAfter(q string, i int) string {
	var person string
	switch rest := q[i:]; {
	case strings.HasPrefix(rest, "人次"):
		person = "人次"
	case strings.HasPrefix(rest, "人"):
		person = "人"
	default:
		return ""
	}
	if w := wordAt(q, i); w != "" && w != person && index.PartOfSpeech(w) != "" {
		return ""
	}
	return person
}

// checkedAmounts reads the amounts q puts to be checked, written as a
// report writes them (2100w → 2100万, 6个多亿 → 6多亿:
// corpus.Grammar.WrittenAmounts): those after a check cue ("是不是有6个多
// 亿", "2100w?真的假的" checks the 2100w before it when none follows), or
// the one a yes-no question ends on ("有10个亿吗", "评了1千个?"; not a
// question asking what, which or why: "有哪些项目投资超过1亿?"). The unit
// is the first checked amount's. An amount the question only quotes
// ("除了2100万,还有500万吗" quotes the 2100万) is not checked; nor is a
// date or an ordinal ("是不是第三次"), which asks no amount.
func checkedAmounts(q string) (checked []corpus.Figure, unit string, checks bool) {
	written := grammar.WrittenAmounts(q)
	var stated []corpus.Figure
	for _, f := range corpus.ExtractFigures(written) {
		if f.Kind != corpus.KindDate && f.Kind != corpus.KindOrdinal {
			stated = append(stated, f)
		}
	}
	if len(stated) == 0 {
		return nil, "", false
	}
	if at := checkRe.FindStringIndex(written); at != nil {
		for i, f := range stated {
			if f.Start >= at[1] {
				return stated[i:], f.Unit, true
			}
		}
		last := stated[len(stated)-1]
		return []corpus.Figure{last}, "", true
	}
	if last := stated[len(stated)-1]; checkEndRe.MatchString(written[last.End:]) && !whRe.MatchString(written) {
		return []corpus.Figure{last}, last.Unit, true
	}
	return nil, "", false
}

// checkEndRe matches the end of a yes-no question right after the amount
// it checks: lang's check-link particles (了), then a check-after particle
// (吗, 没) or a question mark alone (the amount itself asked, "评了1千个?").
// whRe finds an interrogative that makes a question ask what, which or
// why (lang's wh cues): its amounts are not put to be checked.
var (
	checkEndRe = regexp.MustCompile(`^\s*(?:` + cueAlternation("check-link") + `)?\s*(?:(?:` + cueAlternation("check-after") + `)[?？!！。\s]*|[?？]+\s*)$`)
	whRe       = cueRegexp("wh")
)

// statedTolerance is how far a figure may lie from an amount a member
// states to check and still agree with it: by a factor of 1.25 either way
// (a fifth below to a quarter above). Members round to a digit or two
// (6个多亿 for 6.19亿, 快700w for 693.96万, 21万亿多 for 217348亿), within
// that factor for a leading digit of 4 or more; a wider band takes in the
// figures beside the one meant (391009亿 of trade beside the 217348亿
// exported is 1.8 times it).
const statedTolerance = 1.25

// agreesWithStated reports a figure whose value agrees with an amount
// the question checks, each read as what it is an amount of (a change
// as what it changes: amountKind): a share with a share ("是不是增长了5%"
// with 增长5.2%), an amount with an amount (statedTolerance).
func agreesWithStated(f *corpus.Figure, stated []corpus.Figure) bool {
	v := math.Abs(f.Value)
	if v == 0 {
		return false
	}
	share := amountKind(f) == corpus.KindPercent
	for i := range stated {
		s := &stated[i]
		if (amountKind(s) == corpus.KindPercent) != share || s.Value == 0 {
			continue
		}
		if r := v / math.Abs(s.Value); r >= 1/statedTolerance && r <= statedTolerance {
			return true
		}
	}
	return false
}

// countsWhatIsAsked reports whether the figure counts what the question
// counts: its label or the words right after it hold the longest start (of
// at least two characters) of the counted words.
func countsWhatIsAsked(f *corpus.Figure, counted string) bool {
	rs := []rune(counted)
	for k := len(rs); k >= 2; k-- {
		w := string(rs[:k])
		if strings.Contains(f.Label, w) || strings.HasPrefix(strings.TrimLeft(f.After, "的 "), w) {
			return true
		}
	}
	return false
}

// inOther reports whether s occurs in a figure context other than owns[i].
func inOther(owns []string, i int, s string) bool {
	for j, o := range owns {
		if j != i && strings.Contains(o, s) {
			return true
		}
	}
	return false
}

// sentenceEnds end a sentence of a passage.
const sentenceEnds = "。！？；!?;\n"

// ownWords are a figure's own words (before, after, label), joined with a
// break so that no word is found across two parts ("工会会员"+"工会会员"
// holds "员工") and lower-cased as the analyzer's terms are (4g of 4G基站).
func ownWords(f *corpus.Figure) string {
	return strings.ToLower(f.Before + "\n" + f.After + "\n" + f.Label)
}

// figureWords is what describes a figure of text: its clause before and
// after it, label, subject, what it is part of, its topic and its
// sentence before it, lower-cased as the analyzer's terms are (4g of 4G).
func figureWords(text string, f *corpus.Figure) string {
	return strings.ToLower(strings.Join([]string{f.Before, f.After, f.Label, f.Parent, f.Topic, sentenceBefore(text, f)}, "\n"))
}

// sentenceOf is the text of f's sentence: from the end of the sentence
// before (sentenceBefore) to the end of its own (sentenceEnds).
func sentenceOf(text string, f *corpus.Figure) string {
	if f == nil || f.End > len(text) {
		return ""
	}
	tail := text[f.End:]
	if i := strings.IndexAny(tail, sentenceEnds); i >= 0 {
		tail = tail[:i]
	}
	return sentenceBefore(text, f) + text[f.Start:f.End] + tail
}

// sentenceBefore is the text of f's sentence before it: from the end of
// the sentence before (sentenceEnds) up to the figure.
func sentenceBefore(text string, f *corpus.Figure) string {
	if f == nil || f.Start > len(text) {
		return ""
	}
	head := text[:f.Start]
	if i := strings.LastIndexAny(head, sentenceEnds); i >= 0 {
		_, size := utf8.DecodeRuneInString(head[i:])
		head = head[i+size:]
	}
	return head
}
