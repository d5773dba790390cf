package answer

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/lang"
)

// A follow-up is a short message that leans on the question before it in
// the same conversation: "那女职工呢?" after "全省工会会员有多少人?",
// "去年呢?", "具体有哪些?", "这个是哪年的?". It is answered as the earlier
// question's reading with the parts the message names put in place of
// the earlier ones (a year for a year, 第三产业 for 第二产业) and the rest
// kept. A message that is a question of its own — it names what it asks
// about and asks something — is answered alone, exactly as Ask answers
// it: a follow-up never changes a standalone question. Some messages
// that name their subject and ask may still be read with the question
// before, as a member means them (Engine.followup says when): one that
// alone is answered from another report than the chat's, one whose words
// alone fit the previous answer's passage as well as any other
// (Engine.ambiguous), one that alone finds nothing, and one that opens by
// pointing back at a thing (这个项目…, 具体…).

// Turn is one answered message of a conversation, as the next message may
// lean on it: the question's reading (for a follow-up, the combined one)
// and the passage and figure that answered it. A Turn never changes.
type Turn struct {
	question string
	r        reading
	// shown is how a follow-up was read (nil for a question read alone).
	shown   *Reading
	passage *Passage
	figure  *corpus.Figure
	// otherwise is the message read the other way (with the turn before
	// it, or alone) when that gets another answer: offered to the member,
	// never given in place of the answer given (Otherwise).
	otherwise *Turn
}

// Otherwise is the turn's message read the other way, when that reading
// finds another answer: read with the question before it, when it was
// answered alone ("截止到啥时候的数?" after "参加职工医疗互助的累计有多少人次":
// alone, another count's passage; read with the question before,
// 截至2023年11月底); or read alone, when it was read with the question
// before though alone it finds an answer too: it was ambiguous ("死亡多少"
// after a question on the year's births: alone, the Covid deaths), or it
// opens by pointing back ("这个数是截止到啥时候的?"). Front ends offer it
// (LeansOnPrevious says which way it reads), and Engine.Again answers it,
// with its Reading. Nil when there is none.
func (t *Turn) Otherwise() *Turn { return t.otherwise }

// LeansOnPrevious reports whether the turn's message was read with the
// question before it (its answer's Reading is set).
func (t *Turn) LeansOnPrevious() bool { return t.shown != nil }

// Again answers the turn's question again as it was read: a follow-up
// with the question before it, not its message alone (and a turn read
// alone, alone). Front ends use it
// to show more of an answer given earlier (its other passages). The
// words keep the weights they were read with, on purpose: the button
// pressed shows more of the answer the member saw, even if a reindex
// came between.
func (e *Engine) Again(ctx context.Context, t *Turn) (Answer, error) {
	a, _, err := e.answer(ctx, t.r, Answer{Question: t.question, Matched: []string{}, Alternatives: []Passage{}})
	a.Reading = t.shown
	return a, err
}

// repeats reports whether an answer is the turn's own again: the same
// passage and the same figure (or none). A message read with the turn
// that gets only that has asked nothing more of it.
func (t *Turn) repeats(a Answer, fig *corpus.Figure) bool {
	if t.passage == nil || !a.Found || a.Passage.Key != t.passage.Key {
		return false
	}
	return sameFigure(fig, t.figure)
}

// ownWordsElsewhere reports whether a message names something the
// turn's passage does not say: a word of its own (not a measure, time or
// pin) that no report uses (独董 after a question on staff by age), or
// one that the message's own answer says and the turn's passage does
// not (安全培训 after a question on emergency drills).
func (r reading) ownWordsElsewhere(t *Turn, alone *Answer) bool {
	return slices.ContainsFunc(r.ownWords(), func(g group) bool {
		if r.unknown(g) {
			return true
		}
		// As typed or as read (研法 is 研发 mistyped, 举办 is 举行
		// too).
		forms := []string{g.word}
		for _, tm := range r.query.terms {
			// What the word was read as (factor < 1), not the words
			// inside it (农民 of 农民工).
			if tm.group == g.position && tm.known && tm.factor < 1 {
				forms = append(forms, tm.text)
			}
		}
		return saidInstead(t, alone, forms...)
	})
}

// ownWords are the groups that are words of the message's own: not a
// measure, time or pin, and not a single character.
func (r reading) ownWords() []group {
	return slices.DeleteFunc(slices.Clone(r.groups), func(g group) bool {
		return g.slot != slotOther && g.slot != slotSubject || utf8.RuneCountInString(g.word) < 2
	})
}

// unknown reports a word no report uses that is not a verb gse's HMM
// glued to a particle (评了, 發了): a thing the reports do not have.
func (r reading) unknown(g group) bool {
	known := slices.ContainsFunc(r.query.terms, func(tm term) bool { return tm.group == g.position && tm.known })
	return !known && !strings.ContainsFunc(g.word, isStopChar)
}

// namesUnknown reports a message with a word of its own no report uses.
func (r reading) namesUnknown() bool { return slices.ContainsFunc(r.ownWords(), r.unknown) }

// saidInstead reports whether a message's answer alone says one of forms
// (a word as typed, and what it was read as) and the turn's passage says
// none of them.
func saidInstead(t *Turn, alone *Answer, forms ...string) bool {
	says := func(text string) bool {
		return slices.ContainsFunc(forms, func(w string) bool { return strings.Contains(text, w) })
	}
	return alone.Found && says(alone.Passage.Text) && (t.passage == nil || !says(t.passage.Text))
}

// placesElsewhere reports whether a message's own place that pins nothing
// (城市 of "城市有多少个", a word the reports use) is said by its own
// answer and not by the turn's passage: it asks about that place, not the
// turn's thing there. A place name that pins ("遵义市有多少人") asks the
// turn's question there.
func (r reading) placesElsewhere(t *Turn, alone *Answer) bool {
	return slices.ContainsFunc(r.groups, func(g group) bool {
		pin := slices.ContainsFunc(r.places, func(p string) bool { return strings.Contains(g.word, p) || strings.Contains(p, g.word) })
		return g.slot == slotPlace && !pin && saidInstead(t, alone, g.word)
	})
}

// isStopChar reports a character that is a stop word on its own (了,
// 的, 吗: lang's data).
func isStopChar(r rune) bool { return lang.Default().IsStopWord(string(r)) }

// Question is the message the turn answered, as asked.
func (t *Turn) Question() string { return t.question }

// PassageKey is the key of the passage the turn was answered with, "" when
// it found none.
func (t *Turn) PassageKey() string {
	if t == nil || t.passage == nil {
		return ""
	}
	return t.passage.Key
}

// Reading says how a follow-up was read: with which earlier question, and
// as which words. Front ends show it ("按「女职工 + 全省 工会会员 + 有多少人」理解").
type Reading struct {
	// Previous is the question the message was read with.
	Previous string `json:"previous"`
	// Words are what the message was read as: its own words and those
	// kept from the previous question, each part one element.
	Words []string `json:"words"`
	// Because is what showed the message leans on the previous question:
	// "ellipsis" (it names something and asks nothing: "那女职工呢"),
	// "reference" (it points back or asks for more and names no subject:
	// "这个是哪年的", "具体有哪些"; or it names one but opens by pointing
	// back at a thing, and read with the previous question that
	// question's report answers it anew: "这个项目技术水平咋样"), "incomplete" (it names no subject,
	// and read with the previous question it finds an answer: "增长了多少"),
	// "ambiguous" (it names its subject, but alone its words fit the
	// previous answer's passage as well as any other: "死亡多少" after a
	// question on the year's births), "unanswered" (it names its subject,
	// but alone the reports do not answer it, and read with the previous
	// question they do: "这些钱主要投哪些项目" after one on special bonds;
	// or, for a short message, the previous answer's passage does without
	// its own words: "最后多少人找到工作了" after the union's job fairs)
	// or "chosen" (answered alone, it was read so
	// because the member chose that reading: Turn.Otherwise).
	Because string `json:"because"`
}

// Phrase joins the reading's words with " + ".
func (r Reading) Phrase() string { return strings.Join(r.Words, " + ") }

// slot is the part a word plays in a question. A follow-up's word takes
// the place of the earlier question's words of the same slot.
type slot int

const (
	slotOther    slot = iota // a verb or adjective: how the question is put
	slotSubject              // a thing the question is about
	slotMeasure              // a measure of it: 比重, 人数
	slotTime                 // a year or time word: 2021年, 去年, 目前
	slotPeriod               // a part of a year: 上半年, 三季度
	slotOrdinal              // 第十五次
	slotPlace                // 遵义市
	slotReferent             // a noun after a demonstrative: 政策 in 这项政策
)

// group is one position of a question that holds a word of the member's
// own (not a question word), with the part it plays.
type group struct {
	position int
	word     string // the word as typed (the longest at its position)
	slot     slot
}

// groups finds the part each of the question's own words plays.
func (e *Engine) groups(q string, tokens []index.Term, qr query) []group {
	asked := map[int]bool{}
	for _, t := range qr.terms {
		if t.factor == 1 {
			asked[t.group] = true
		}
	}
	spans := func(re interface{ FindAllStringIndex(string, int) [][]int }) [][]int {
		return re.FindAllStringIndex(q, -1)
	}
	ordinals, periods := ordinalSpans(q), spans(periodRe)
	var out []group
	for _, t := range headWords(tokens) {
		if !asked[t.Position] {
			continue
		}
		g := group{position: t.Position, word: t.Text}
		at := []int{t.Start, t.End}
		// A word gse tags as a place plays a place's part even when it
		// pins nothing (贵州 and 城市, which the reports use): "贵州的呢"
		// after a national figure asks the same of another place; it
		// names no new thing to answer about.
		placed := index.PartOfSpeech(t.Text) == "ns" || slices.ContainsFunc(tokens, func(o index.Term) bool {
			return o.Position == t.Position && slices.Contains(qr.places, o.Text)
		})
		switch {
		case overlaps(at, ordinals):
			g.slot = slotOrdinal
		case overlaps(at, periods):
			g.slot = slotPeriod
		case placed:
			g.slot = slotPlace
		case comparesWith(q[:t.Start]):
			// "比去年", "较上年": what it is compared with, not when.
		case isTimeWord(t.Text) || isYear(t.Text, q, t.End):
			g.slot = slotTime
		case lang.Followup().IsMeasure(t.Text):
			g.slot = slotMeasure
		case namesThing(t.Text) || namesAction(t.Text):
			g.slot = slotSubject
		}
		out = append(out, g)
	}
	return out
}

// namesThing reports a word naming what a message is about: a topical
// word (isTopical: a noun, a name) or an adjective used as a noun (gse's
// an, 名形词: 安全, 困难). Only the reading of follow-ups uses the wider
// test: ranking's topical words were weighed and measured without it.
func namesThing(w string) bool {
	return isTopical(w) || index.PartOfSpeech(w) == "an"
}

// namesAction reports a verb that may be what a question is about (减税,
// 就业): two characters or more, and neither a verb of change (增长,
// lang/data/units.txt), one taking an amount as its object (惠及) nor one
// saying what happened to a thing (召开, lang/data/followup.txt).
func namesAction(w string) bool {
	if !strings.HasPrefix(index.PartOfSpeech(w), "v") || utf8.RuneCountInString(w) < 2 || lang.Followup().IsPredicate(w) {
		return false
	}
	return !slices.Contains(changeWords(), w)
}

// changeWords are the grammar's verbs and nouns of change and its verbs
// taking an amount as object.
var changeWords = sync.OnceValue(func() []string {
	return slices.Concat(grammar.RiseWords(), grammar.FallWords(), grammar.ChangeNouns(), grammar.ObjectVerbs())
})

func overlaps(span []int, spans [][]int) bool {
	return slices.ContainsFunc(spans, func(s []int) bool { return span[0] < s[1] && s[0] < span[1] })
}

// isTimeWord reports a word that dates what is asked: a year relative to
// the report's (去年) or a time noun of years or months (近年来, 上年,
// 年末). Other time nouns (原来, 目前) ask which figure, not when.
func isTimeWord(w string) bool {
	_, relative := relativeYears[w]
	return relative || slices.Contains(yearOfReport, w) || isTimeNoun(w)
}

// isTimeNoun reports a time noun of years or months by gse's part of
// speech (年末, 上半年, 近年来, 五年), not an age of life it tags so (青年).
func isTimeNoun(w string) bool {
	return index.PartOfSpeech(w) == "t" && strings.ContainsAny(w, "年月") && !lang.Default().IsAgeNoun(w)
}

// comparesWith reports text ending in a comparison's preposition: the
// time word after it is the base compared with.
func comparesWith(before string) bool {
	before = strings.TrimRightFunc(before, unicode.IsSpace)
	return strings.HasSuffix(before, "比") || strings.HasSuffix(before, "较") || strings.HasSuffix(before, "相比")
}

// isYear reports a number written as a year, followed by 年 in q.
func isYear(w, q string, end int) bool {
	return len(w) == 4 && strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' }) < 0 &&
		strings.HasPrefix(strings.TrimLeft(q[end:], " "), "年")
}

// askPhrase is how a question asks: from its first interrogative to its
// end, with the verb right before it ("有多少人", "是哪年的").
func askPhrase(q string) string {
	start := -1
	for _, w := range lang.Followup().Interrogatives {
		if i := strings.Index(q, w); i >= 0 && (start < 0 || i < start) {
			start = i
		}
	}
	if start < 0 {
		return ""
	}
	if r, size := utf8.DecodeLastRuneInString(q[:start]); strings.ContainsRune("有是为要", r) {
		start -= size
	}
	return trimEnd(q[start:])
}

// trimEnd drops trailing punctuation, spaces and modal particles.
func trimEnd(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) || strings.ContainsRune("呢啊呀吧嘛", r)
	})
}

// Follow answers message in a conversation whose last turn was prev (nil
// when there is none, or it is too old to lean on). A message that leans on
// prev is answered in its context, and the answer's Reading says how it was
// read; any other message is answered exactly as Ask answers it. The turn
// returned is what the next message may lean on.
func (e *Engine) Follow(ctx context.Context, prev *Turn, message string) (Answer, *Turn, error) {
	r, a, err := e.read(message)
	if err != nil {
		return a, nil, err
	}
	var readAlone *Turn // the rules read the message alone; the model judges its answer
	if prev != nil {
		// Whether the message leans on prev is decided by the rules
		// alone: the fitted model (Weights.Refusal) judges an answer,
		// not a reading, and a message it doubts alone does not lean on
		// prev for that ("搞研法的有几个人" after a question on coal is
		// not asking the coal's figure).
		rules := r
		rules.own = !e.Evidence.Fitted
		fa, turn, err := e.followup(ctx, prev, rules, a)
		switch {
		case err != nil:
			return fa, turn, err
		case turn == nil: // a message of its own: answered below
		case turn.shown != nil || !e.Evidence.Fitted:
			return fa, turn, nil
		default:
			readAlone = turn
		}
	}
	alone, err := e.answerAlone(ctx, r, a)
	if err != nil {
		return alone.a, nil, err
	}
	if readAlone != nil {
		// Answered as Ask answers it, the model judging; the turn keeps
		// the rules' offer of the other reading. Refused alone too, the
		// turn keeps the rules' reading as well: the one the chat goes
		// on with when the rules refused a message that leans ("2019年
		// 有多少" after the members' count: "2023年呢" next still asks
		// about the members).
		if alone.a.Found {
			readAlone.r, readAlone.passage, readAlone.figure = r, alone.a.Passage, alone.fig
		}
		return alone.a, readAlone, nil
	}
	return alone.asTurn(r)
}

// cues are what a message says about leaning on the question before it.
type cues struct {
	lead, tail, demonstrative, elaboration bool
	// asks: the message holds an interrogative, or asks for a kind of
	// figure or a procedure.
	asks bool
	// core is the message without its cue words ("女职工" of "那女职工呢?"),
	// with a space where a demonstrative stood inside it and no
	// separator at either end.
	core string
	// referents are the nouns right after a demonstrative ("政策" of
	// "这项政策"): the thing talked about, not a new subject.
	referents []string
	// wholes are the nouns a share is of ("GDP" of "占GDP比重多少"):
	// what the thing is measured against, not the thing.
	wholes []string
	// opens: the message's first word points back at a thing — a
	// demonstrative pointing at one (pointsAtThing: "这个项目技术水平咋样",
	// "这个数…") or a word asking for more ("具体有哪些措施") — not a
	// connective (那), nor 该 as "should" (该怎么算) or a filler 那个 before a
	// pause, which open questions of their own as often.
	opens bool
}

// readCues finds a message's cue words (lang/data/followup.txt): a
// connective opening it, a particle ending it, demonstratives and words
// asking for more, and whether it asks anything of its own.
func readCues(q string) cues {
	fc := lang.Followup()
	var c cues
	rest := strings.TrimRightFunc(q, isTrailing)
	words := cut(rest)
	c.opens = len(words) > 0 && (fc.IsElaboration(words[0]) || fc.IsDemonstrative(words[0]) && pointsAtThing(words))
	if len(words) == 0 || !fc.IsDemonstrative(words[0]) {
		// "那个" opening a message is a demonstrative, "那" a connective.
		for _, l := range fc.Lead {
			if after, ok := strings.CutPrefix(rest, l); ok && strings.TrimLeftFunc(after, isSeparator) != "" {
				c.lead, rest = true, strings.TrimLeftFunc(after, isSeparator)
				break
			}
		}
	}
	for _, t := range fc.Tail {
		if before, ok := strings.CutSuffix(rest, t); ok && before != "" {
			c.tail, rest = true, strings.TrimRightFunc(before, isSeparator)
			break
		}
	}
	var core strings.Builder
	refer, share := false, false
	for _, w := range cut(rest) {
		switch {
		case grammar.IsShareVerb(w):
			share = true
		case share && fc.IsMeasure(w):
			share = false
		case share && isTopical(w):
			c.wholes = append(c.wholes, w)
		case fc.IsDemonstrative(w):
			c.demonstrative, refer = true, true
			if core.Len() > 0 {
				// A space where it stood: the words either side were
				// not written together ("为什么定这个数" is 定 + 数, not
				// the word 定数).
				core.WriteString(" ")
			}
			continue
		case fc.IsElaboration(w):
			c.elaboration = true
		case refer && strings.TrimFunc(w, isSeparator) == "":
			// A pause ends what a demonstrative points at: "那个，增速…"
			// is a filler, not 那个增速.
			refer = false
		case refer && isTopical(w):
			c.referents = append(c.referents, w)
			refer = false
		case refer && !isSeparatorWord(w):
			refer = false
		}
		core.WriteString(w)
	}
	c.core = strings.TrimFunc(core.String(), isSeparator)
	in := detectIntent(c.core)
	c.asks = in.quantity || in.procedure != "" || slices.ContainsFunc(fc.Interrogatives, func(w string) bool { return strings.Contains(c.core, w) })
	return c
}

// pointsAtThing reports whether a message opening with a demonstrative
// points at a thing with it: a word follows, not a pause (the filler
// "那个，…") nor an interrogative ("这个怎么…" asks about the demonstrative
// itself), and after 该, which also means "should" (该怎么算, 该交多少), a
// noun (该项目).
func pointsAtThing(words []string) bool {
	if len(words) < 2 || strings.TrimFunc(words[1], isSeparator) == "" {
		return false
	}
	next := words[1]
	if slices.ContainsFunc(lang.Followup().Interrogatives, func(w string) bool { return strings.HasPrefix(next, w) }) {
		return false
	}
	return words[0] != "该" || isTopical(next)
}

// refersTo reports a word that names no subject of the message's own: a
// noun after a demonstrative, or the whole a share is of.
func (c cues) refersTo(w string) bool {
	same := func(v string) bool { return strings.EqualFold(v, w) } // the analyzer lower-cases GDP
	return slices.ContainsFunc(c.referents, same) || slices.ContainsFunc(c.wholes, same)
}

// cut segments text into words with the index's dictionary, keeping the
// function words the analyzer drops.
func cut(text string) []string {
	d, err := index.Dictionary()
	if err != nil || text == "" {
		return nil
	}
	return d.Cut(text)
}

func isSeparator(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }

// isTrailing reports what may end a message after its last word and its
// cue: punctuation, spaces, and an emoji or symbol with its modifiers
// ("会员呢🤔", "会员呢~", "会员呢🤷‍♀️"), none of which asks anything.
func isTrailing(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }

// isSeparatorWord is what may stand between a demonstrative and its noun:
// "这一项", "该笔", "这个的".
func isSeparatorWord(w string) bool {
	return strings.TrimFunc(w, isSeparator) == "" || strings.ContainsAny(w, "一项个笔的次") && utf8.RuneCountInString(w) == 1
}

// followup answers a message that leans on prev. For one that does not,
// it returns its answer alone with its turn when it had to work that out
// to decide (so it is not searched twice), and a nil turn otherwise (the
// caller answers it alone).
//
// A message leans when it is not a question of its own and says so:
//   - it names something and asks nothing, after a connective or before
//     呢 ("那女职工呢", "去年呢") — unless read with prev no passage says it
//     with prev's words (and none said it without a figure of it), and
//     alone prev's report answers it ("那爱心互助基金呢"): then that
//     answer is taken, asked as prev asked when its passage has a figure
//     naming the thing ("液化气呢" after a how-much: namedBy);
//   - it names no subject of its own (only a year, a place, a measure, a
//     verb) and points back with a demonstrative, asks for more, or opens
//     with a connective ("这个是哪年的", "具体有哪些", "那增长了多少");
//   - it names no subject and says nothing of leaning, and read with prev
//     it finds an answer ("增长了多少", "占比多少", "发了多少钱"), unless
//     that answer is prev's again while its own words are said elsewhere.
//
// A message that names a subject and asks something is read with prev
// only when it names no year, place or ordinal, and either alone it is
// answered from another report than prev's, and read with prev it is
// answered from prev's report by a passage saying what prev asked about,
// or alone its words fit prev's passage as well as any other (ambiguous),
// or alone the reports do not answer it and read with prev prev's report
// does (unansweredButWith; for a short message refused with prev only
// because that report does not say its own words, read in prev's passage
// without them: isShort), or its first word points back at a thing
// (cues.opens), alone it is answered from prev's report or not at all, and
// read with prev that report answers it with something neither prev's
// answer nor its own; one with a subject and no cue (a keyword search)
// never.
func (e *Engine) followup(ctx context.Context, prev *Turn, r reading, a Answer) (Answer, *Turn, error) {
	q := a.Question
	if e.Evidence.Simplified {
		q = lang.ToSimplified(q)
	}
	c := readCues(q)
	if c.core == "" {
		return a, nil, nil
	}
	// A noun after a demonstrative stands for what was talked about only
	// when it was: "那个服务站" with no 服务站 before names its subject.
	c.referents = slices.DeleteFunc(c.referents, func(w string) bool { return !prev.said(w) })
	core, _, err := e.read(c.core)
	switch {
	case errors.Is(err, ErrEmptyQuestion) || errors.Is(err, ErrQuestionTooLong):
		return a, nil, nil // nothing of its own left: not read with prev
	case err != nil:
		return a, nil, err
	}
	// The names it quotes, from the whole message: the cues trimmed off
	// with the connective may hold a quotation mark ("那“会员服务卡”呢").
	core.names = r.names
	subject := slices.ContainsFunc(core.groups, func(g group) bool {
		return g.slot == slotSubject && !c.refersTo(g.word)
	})
	// A year, a place, an ordinal or a part of a year with no subject
	// asks prev's question of another one ("去年实际增长了多少").
	pinned := slices.ContainsFunc(core.groups, func(g group) bool {
		return g.slot == slotTime || g.slot == slotPlace || g.slot == slotOrdinal || g.slot == slotPeriod
	})
	otherReport := false
	var alone *answered // the message's answer alone, once worked out
	if subject && c.asks {
		// A question of its own, unless it frames no time or place of
		// its own and either alone it is answered from another report
		// than prev's, and read with prev it is answered from prev's
		// report — in a chat about one report, "代表了多少职工?" after its
		// congress asks about that congress, not another report's — or
		// alone its words fit prev's passage as well as any other, or
		// alone nothing answers it and with prev prev's report does, or
		// it opens by pointing back at a thing and with prev prev's
		// report answers it anew.
		if prev.passage == nil || pinned {
			return a, nil, nil
		}
		x, err := e.answerAlone(ctx, r, a)
		if err != nil {
			return a, nil, err
		}
		alone = &x
		if !x.a.Found || x.a.Passage.ReportID == prev.passage.ReportID {
			w, err := e.readWith(ctx, prev, core, c, a)
			if err != nil {
				// Only the offer is lost: the message has its answer.
				return alone.asTurn(r)
			}
			if !x.a.Found && !w.a.Found && w.a.Refusal == RefusedByOwnWords && isShort(a.Question) {
				// A short message that nothing answers alone, whose own
				// words prev's report does not say either ("最后多少人找到
				// 工作了" after the jobs the union's fairs offered: the
				// passage says 达成就业意向): read with prev's words, the
				// passage prev was answered from may give another figure,
				// or the passage itself, which is what a member asking so
				// in a chat means. What keeps a standalone message from
				// changing is mostly that it must land in prev's passage
				// with something new; the length, that a long one stays
				// what it says even when it would land there.
				loose := w.r
				loose.required = nil
				ans, fig, err := e.answer(ctx, loose, a)
				if err != nil {
					return alone.asTurn(r)
				}
				if ans.Found && ans.Passage.Key == prev.passage.Key {
					w = withPrev{a: ans, fig: fig, r: loose, words: w.words}
				}
			}
			because := ""
			if x.unansweredButWith(prev, w) {
				because = "unanswered"
			} else if lean, err := e.ambiguous(ctx, r, x, prev, w); err != nil {
				// Only the reading with prev is lost.
				return alone.asTurn(r)
			} else if lean {
				because = "ambiguous"
			} else if c.opens && w.answersAnew(prev) && !(x.a.Found && x.a.Passage.Key == w.a.Passage.Key && sameFigure(x.fig, w.fig)) {
				// It opens by pointing back ("这个项目技术水平咋样" after a
				// question on a patented strain), and read with prev it
				// is answered from prev's report with something new: it
				// asks about what was just said, though its words alone
				// find an answer too.
				because = "reference"
			}
			if because != "" {
				w.a.Reading = &Reading{Previous: prev.question, Words: w.words, Because: because}
				turn := &Turn{question: w.a.Question, r: w.r, shown: w.a.Reading, passage: w.a.Passage, figure: w.fig}
				if x.a.Found {
					// The message's own answer, one tap away: the
					// conversation may have said the wrong thing.
					_, turn.otherwise, _ = x.asTurn(r)
				}
				return w.a, turn, nil
			}
			return alone.offering(r, prev, w)
		}
		otherReport = true
	}
	ellipsis := !c.asks && (c.lead || c.tail)
	pointsBack := !subject && (c.demonstrative || c.elaboration || c.lead || pinned)
	cued := ellipsis || pointsBack
	if !cued && !otherReport {
		if subject {
			return a, nil, nil // names its subject: a search of its own
		}
		x, err := e.answerAlone(ctx, r, a)
		if err != nil {
			return a, nil, err
		}
		alone = &x
	}
	w, err := e.readWith(ctx, prev, core, c, a)
	if err != nil {
		return a, nil, err
	}
	fa, fig, merged, words := w.a, w.fig, w.r, w.words
	if pinned && !subject && !ellipsis && !c.demonstrative && !c.elaboration && !c.lead &&
		(!fa.Found || prev.repeats(fa, fig)) {
		// Only a year, place or ordinal points back, and read with prev
		// it finds nothing, or prev's answer again, which cannot answer
		// prev's question of another year: it may be a question of its
		// own whose topic words are verbs or words the reports lack
		// ("去年招的人里面女的有几个" after a question on health checks). It
		// is one when prev found nothing to lean on, or it gets nothing
		// new, or its own words are said by its own answer and not by
		// prev's passage, or so is a place of its own that pins nothing
		// (城市). When it finds nothing alone either, it is refused as it
		// would be alone, and the chat keeps the reading with prev: "2023
		// 年呢" next still asks prev's question. (A reading that went past
		// prev's figure, withPrev.past, found another figure of prev's
		// passage, which may be the year's asked: it is not "nothing new".)
		x, err := e.answerAlone(ctx, r, a)
		if err != nil {
			return a, nil, err
		}
		switch {
		case !fa.Found && !x.a.Found:
			return x.a, &Turn{question: x.a.Question, r: merged}, nil
		case prev.passage == nil || prev.repeats(fa, fig) || core.ownWordsElsewhere(prev, &x.a) || core.placesElsewhere(prev, &x.a):
			return x.asTurn(r)
		}
	}
	if otherReport && (!fa.Found || fa.Passage.ReportID != prev.passage.ReportID || !merged.saysKeptSubject(fa, prev) ||
		alone.fig != nil && sameFigure(alone.fig, fig)) {
		// Read with prev it is not answered from prev's report, or only
		// with the figure it has alone (18.2% of 高技术制造业, which two
		// reports give): it stays what it said. (Getting prev's answer
		// again is no reason to stay alone here, as it is below: the
		// words it says elsewhere are in the other report by
		// construction. Checked: that guard cost a held-out follow-up.)
		return alone.offering(r, prev, w)
	}
	if ellipsis && subject && !fa.Found && fa.Refusal != RefusedByFigure && prev.passage != nil {
		// It names a thing of its own and asks nothing ("那爱心互助基金
		// 呢" after a question on health checks), and read with prev no
		// passage says it with prev's words: "X呢" asks about X, which
		// prev's words may only narrow to nothing. Alone it is answered
		// from prev's report, the one the chat is about: that answer is
		// taken. From another report it stays refused, as a detail the
		// chat's report does not give; and so does a message whose
		// passage with prev says it but gives no figure of it ("那女职工
		// 呢" after the number of members): the report does not count it.
		x, err := e.answerAlone(ctx, r, a)
		if err != nil {
			return a, nil, err
		}
		if x.a.Found && x.a.Passage.ReportID == prev.passage.ReportID {
			if prev.r.intent.quantity && !r.intent.quantity {
				// "X呢" asks X what prev asked — how much, or when — when
				// X's passage has such a figure whose own words name X
				// ("液化气呢" after a question on natural gas gets 2.70吨
				// of 液化石油气消耗量, not the bare passage).
				asked := r
				asked.intent = prev.r.intent
				asked.own = false // read with prev's intent: not the message's own
				y, err := e.answerAlone(ctx, asked, a)
				if err != nil {
					return a, nil, err
				}
				if y.a.Found && y.a.Passage.Key == x.a.Passage.Key && y.fig != nil && core.namedBy(y.fig) {
					y.a.Reading = &Reading{Previous: prev.question, Words: e.shown(nil, core, c, prev.r.ask), Because: "ellipsis"}
					return y.a, &Turn{question: y.a.Question, r: asked, shown: y.a.Reading, passage: y.a.Passage, figure: y.fig}, nil
				}
			}
			return x.asTurn(r)
		}
	}
	if alone != nil && !otherReport && (!fa.Found || core.namesUnknown() ||
		(prev.repeats(fa, fig) || w.past) && core.ownWordsElsewhere(prev, &alone.a)) {
		// Nothing says it leans, and read with prev it finds nothing; or
		// it names a thing no report has (独董, 微商), which prev cannot
		// supply; or with prev it gets only prev's answer again, or past
		// it the figure beside it (withPrev.past), though its own words
		// are not there: it stays what it said. A message
		// naming no subject ("占比多少", "比上年多了多少") that finds an answer with
		// prev asks about prev's thing, even when alone it finds one too:
		// alone, its few words match any passage that says them (工伤人数
		// 占比 after a question on 研发人员). (Nothing to offer either:
		// read with prev it found nothing, or prev's answer again.)
		return alone.asTurn(r)
	}
	because := "incomplete"
	switch {
	case ellipsis:
		because = "ellipsis"
	case pointsBack:
		because = "reference"
	}
	fa.Reading = &Reading{Previous: prev.question, Words: words, Because: because}
	return fa, &Turn{question: fa.Question, r: merged, shown: fa.Reading, passage: fa.Passage, figure: fig}, nil
}

// maxShortRunes is the most letters and digits a short message has: 97.5%
// of the tuning sets' follow-ups have no more, against 23% of their
// questions asked alone (median 6 and 16) — but 62% of their standalone
// second messages, so it only narrows what the check that an answer lands
// in prev's passage lets through.
const maxShortRunes = 12

// isShort reports whether a message is short, as a follow-up in a chat
// is: at most maxShortRunes letters and digits.
func isShort(q string) bool {
	n := 0
	for _, r := range q {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n <= maxShortRunes
}

// saysKeptSubject reports whether an answer to a reading merged with
// prev says, in its passage's own text, a word of what prev asked about
// (a subject kept from prev): 4432元 of "全国农民工人均月收入" for "月收入
// 多少" after a question on 农民工. A passage of prev's report that says
// none of it answers the message as a question of its own ("市场主体有多少
// 户" after one on the GDP target), which then stays alone.
func (r reading) saysKeptSubject(a Answer, prev *Turn) bool {
	for _, g := range prev.r.groups {
		if g.slot != slotSubject {
			continue
		}
		for _, t := range r.terms {
			if t.group == g.position && slices.Contains(a.Matched, t.text) {
				return true
			}
		}
	}
	return false
}

// withPrev is a message read with the turn before it, and its answer.
type withPrev struct {
	a     Answer
	fig   *corpus.Figure
	r     reading
	words []string // how the reading is shown
	// past: read with prev it got prev's answer again, and the answer is
	// the figure beside it the reading asks past that one for.
	past bool
}

// readWith answers the message's core read with prev. The message's thing
// may be one more detail of prev's ("女职工" of 会员) or another thing in
// its place ("中央预算内投资" for 专项债券): the first reading that finds
// an answer is taken, or else the first. A reading that gets prev's answer
// again, though the message names something of its own that prev's figure
// does not say, is answered once more past that figure (withPrev.past).
func (e *Engine) readWith(ctx context.Context, prev *Turn, core reading, c cues, a Answer) (withPrev, error) {
	var out withPrev
	for _, instead := range []bool{false, true} {
		if instead && !slices.ContainsFunc(core.groups, func(g group) bool { return g.slot == slotSubject }) {
			break
		}
		m, words, err := e.merge(prev, core, c, instead)
		if err != nil {
			return out, err
		}
		ans, fig, err := e.answer(ctx, m, a)
		if err != nil {
			return out, err
		}
		if !instead || ans.Found {
			out = withPrev{a: ans, fig: fig, r: m, words: words}
		}
		if ans.Found {
			break
		}
	}
	if prev.repeats(out.a, out.fig) && prev.figure != nil && namesOwn(out.r) && !out.r.describesOwn(prev.figure) {
		// Prev's answer again, though the message's own words do not
		// describe its figure: it asks for another figure of that
		// passage ("其中新增的占多少" after the bonds' 2413.1亿元 asks
		// the 1531亿元 of 新增债券 beside it), which prev's words, counted
		// beside the message's, had outweighed.
		again := out.r
		again.spentKey, again.spentFigure = prev.passage.Key, prev.figure.Text
		ans, fig, err := e.answer(ctx, again, a)
		if err != nil {
			return out, err
		}
		if ans.Found && !prev.repeats(ans, fig) {
			// (A figure of the passage's best kind may be put back in
			// place of the one chosen: instead.)
			out.a, out.fig, out.r, out.past = ans, fig, again, true
		}
	}
	return out, nil
}

// namedBy reports whether a figure's own words say most of the words a
// message names (more than half of those the reports use): for each, the
// whole word, or where the reports do not use the whole word, a part of
// it they do (液化 of 液化气, for 液化石油气). "中央部门呢" is not named by
// the 3.9% of 中央本级支出 beside it, which says 中央 but not 部门.
func (r reading) namedBy(f *corpus.Figure) bool {
	own := ownWords(f)
	counted, said := 0, 0
	for _, g := range r.groups {
		var words []string
		for _, t := range r.terms {
			if t.group == g.position && t.known && t.factor == 1 {
				words = append(words, t.text)
			}
		}
		if slices.Contains(words, g.word) {
			words = []string{g.word}
		}
		if len(words) == 0 {
			continue
		}
		counted++
		if slices.ContainsFunc(words, func(w string) bool { return strings.Contains(own, w) }) {
			said++
		}
	}
	return 2*said > counted
}

// namesOwn reports whether a follow-up's reading has a word of the
// message's own (focus) other than one asking for more: "具体是多少" asks
// for prev's figure itself, in full.
func namesOwn(r reading) bool {
	return slices.ContainsFunc(r.terms, func(t term) bool { return t.focus && !lang.Followup().IsElaboration(t.text) })
}

// describesOwn reports whether a follow-up's own words (focus) are among
// a figure's words: "那基本公卫呢" asks the very 5元 that prev's answer
// gave, if prev's answer was that of 基本公共卫生服务经费.
func (r reading) describesOwn(f *corpus.Figure) bool {
	own := ownWords(f)
	return slices.ContainsFunc(r.terms, func(t term) bool { return t.focus && strings.Contains(own, t.text) })
}

// offering returns the message's answer alone and its turn, which offers
// w, the message read with prev, when w finds an answer that is neither
// the message's own nor prev's again (Turn.Otherwise). The answer itself
// is the message's alone, whatever w finds: a question of its own never
// changes.
func (x *answered) offering(r reading, prev *Turn, w withPrev) (Answer, *Turn, error) {
	a, turn, err := x.asTurn(r)
	if !w.a.Found || prev.repeats(w.a, w.fig) || x.a.Found && x.a.Passage.Key == w.a.Passage.Key && sameFigure(x.fig, w.fig) {
		return a, turn, err
	}
	shown := &Reading{Previous: prev.question, Words: w.words, Because: "chosen"}
	turn.otherwise = &Turn{question: a.Question, r: w.r, shown: shown, passage: w.a.Passage, figure: w.fig}
	return a, turn, err
}

// sameFigure reports whether two answers' figures are the same (or both none).
func sameFigure(f, g *corpus.Figure) bool {
	return (f == nil) == (g == nil) && (f == nil || f.Text == g.Text)
}

// answered is a message's answer read alone, with its figure: worked out
// once by followup, and returned as the answer when the message stays
// what it said, so that Follow does not search for it again.
type answered struct {
	a   Answer
	fig *corpus.Figure
}

// answerAlone answers a message read as r on its own, as Ask does.
func (e *Engine) answerAlone(ctx context.Context, r reading, a Answer) (answered, error) {
	a, fig, err := e.answer(ctx, r, a)
	return answered{a, fig}, err
}

// asTurn returns the message's answer alone and the turn a next message
// may lean on.
func (x *answered) asTurn(r reading) (Answer, *Turn, error) {
	return x.a, &Turn{question: x.a.Question, r: r, passage: x.a.Passage, figure: x.fig}, nil
}

// said reports whether the turn's question or the passage that answered
// it says w.
func (t *Turn) said(w string) bool {
	return strings.Contains(t.question, w) || t.passage != nil && strings.Contains(t.passage.Text, w) ||
		slices.ContainsFunc(t.r.groups, func(g group) bool { return strings.Contains(g.word, w) })
}

// merge reads the message's core with prev: each of the core's words
// takes the place of prev's words of the same slot (a subject only that
// of a sibling: 第三产业 for 第二产业, 女职工 for 职工; every subject of
// prev when instead is set), the rest of prev is kept, and the core's way
// of asking replaces prev's when it has one. It returns the combined
// reading and the words it is shown as.
func (e *Engine) merge(prev *Turn, core reading, c cues, instead bool) (reading, []string, error) {
	p := prev.r
	core.groups = slices.Clone(core.groups)
	for i, g := range core.groups {
		if g.slot == slotSubject && c.refersTo(g.word) {
			core.groups[i].slot = slotReferent
		}
	}
	has := map[slot]bool{}
	newSubject := false
	for _, g := range core.groups {
		has[g.slot] = true
		newSubject = newSubject || g.slot == slotSubject
	}
	// A word of prev is replaced by a sibling of the message's own ("中部"
	// for "东部", "死亡" for "出生"), and every thing prev named by the
	// message's thing when instead.
	replaced := func(o group) bool {
		return slices.ContainsFunc(core.groups, func(n group) bool {
			return n.slot == slotSubject && instead && o.slot != slotOther ||
				(n.slot == slotSubject || n.slot == slotOther) && e.siblings(n.word, o.word, prev)
		})
	}
	// A subject the message names with a modifier of its own (本地 农民工
	// after 外出 农民工) takes the place of prev's modifier of it too: the
	// words right before it, written as one phrase with it, up to a noun
	// (全省 of 全省职工, 农民工 of 农民工月均收入), which names a thing of
	// its own rather than a kind of the subject.
	modified := map[int]bool{}
	// phraseWord reports a subject or other word at pos that is no noun.
	phraseWord := func(gs []group, pos int) bool {
		i := slices.IndexFunc(gs, func(g group) bool { return g.position == pos })
		return i >= 0 && (gs[i].slot == slotSubject || gs[i].slot == slotOther) && !isTopical(gs[i].word)
	}
	for _, o := range p.groups {
		if o.slot != slotSubject || !slices.ContainsFunc(core.groups, func(n group) bool {
			return n.slot == slotSubject && (n.word == o.word && phraseWord(core.groups, n.position-1) || n.word != o.word && strings.HasSuffix(n.word, o.word))
		}) {
			continue
		}
		for pos := o.position - 1; phraseWord(p.groups, pos); pos-- {
			modified[pos] = true
		}
	}
	var kept []group
	for _, g := range p.groups {
		drop := modified[g.position]
		switch g.slot {
		case slotPlace:
			// A place (城镇, tagged as one) or a thing, a sibling takes its place.
			drop = has[slotPlace] || replaced(g)
		case slotSubject, slotOther:
			// How prev put it (选树, 宣传, 最美) is context, kept unless
			// a sibling takes its place.
			drop = drop || replaced(g)
		case slotReferent:
		default:
			drop = has[g.slot]
		}
		if !drop {
			kept = append(kept, g)
		}
	}
	n, err := e.ix.DocCount()
	if err != nil {
		return reading{}, nil, err
	}
	var m reading
	keptAt := map[int]bool{}
	offset := 0
	for _, g := range kept {
		keptAt[g.position] = true
	}
	for _, g := range p.groups {
		offset = max(offset, g.position)
	}
	for _, t := range p.terms {
		offset = max(offset, t.group)
		if !keptAt[t.group] {
			continue
		}
		// Weighed again: the index may have changed since prev was asked.
		if err := e.weigh(&t, n); err != nil {
			return reading{}, nil, err
		}
		t.focus = false
		m.terms = append(m.terms, t)
	}
	m.groups = slices.Clone(kept)
	keptWords := map[string]bool{}
	for _, g := range kept {
		keptWords[g.word] = true
	}
	dup := map[int]bool{} // core positions whose word prev already has
	// framing: core positions of the words that frame the message (frame.go):
	// the kind of answer asked for ("具体有哪些措施" after a question on
	// housing: the passage lists the measures without calling them 措施),
	// a framing word (方面, 报告), a time noun scoping it (上半年, whose
	// pin the passage must still say). The passage need not say them, as
	// alone it need not.
	framing := map[int]bool{}
	for _, t := range core.terms {
		if t.frame {
			framing[t.group] = true
		}
	}
	focus := map[int]bool{}
	dated := map[int]bool{} // relative years, read as a filter, not searched
	for _, g := range core.groups {
		if keptWords[g.word] {
			dup[g.position] = true
			continue
		}
		frames := framing[g.position]
		g.position += offset + 1
		m.groups = append(m.groups, g)
		switch g.slot {
		case slotSubject, slotPlace, slotPeriod, slotOrdinal:
			// What the message asks about: the answer must say it.
			if !frames {
				m.required = append(m.required, g)
			}
			focus[g.position] = true
		case slotMeasure, slotOther:
			// Said otherwise as often as not (钱 by 亿元), or how the
			// message puts it: they describe the figure asked for, but the
			// passage need not say them.
			focus[g.position] = true
		case slotTime:
			focus[g.position] = true
			if d, ok := relativeYears[g.word]; ok {
				// Dated, not said: "去年" is answered by the 2021 review
				// of a 2022 report, which need not say 去年.
				m.relative = append(m.relative, d)
				dated[g.position] = true
			} else if slices.Contains(yearOfReport, g.word) {
				// "全年呢": the year the report is of (2021 for the
				// communiqué written in 2022), the whole of it: still
				// searched, as passages say 全年.
				m.ofReport = true
			} else {
				m.required = append(m.required, g)
			}
		}
	}
	for _, t := range core.terms {
		if dup[t.group] || dated[t.group+offset+1] {
			continue
		}
		t.group += offset + 1
		t.focus = focus[t.group]
		m.terms = append(m.terms, t)
	}
	m.weights = e.termWeights(m.terms)
	// The context either question put first stays context (嗨，我是做
	// 外贸小生意的 of the question before "出口呢").
	m.context = map[int]bool{}
	for g := range p.context {
		if keptAt[g] {
			m.context[g] = true
		}
	}
	for g := range core.context {
		if !dup[g] {
			m.context[g+offset+1] = true
		}
	}
	e.weighWith(&m.query)
	// Words neighbour as each question wrote them: prev's pairs whose two
	// words are kept, and the message's own; never one of each.
	for _, pr := range p.pairs {
		if keptAt[pr[0]] && keptAt[pr[1]] {
			m.pairs = append(m.pairs, pr)
		}
	}
	for _, pr := range core.pairs {
		if !dup[pr[0]] && !dup[pr[1]] {
			m.pairs = append(m.pairs, [2]int{pr[0] + offset + 1, pr[1] + offset + 1})
		}
	}
	keep := func(s slot, prevPins, corePins []string) []string {
		if has[s] {
			return corePins
		}
		return prevPins
	}
	m.ordinals = keep(slotOrdinal, p.ordinals, core.ordinals)
	m.periods = keep(slotPeriod, p.periods, core.periods)
	m.places = keep(slotPlace, p.places, core.places)
	// The message's own quoted names, or else prev's while a word of each
	// is kept: "那会员服务卡呢" after a question on “春风行动” no longer
	// asks about the campaign.
	m.names = core.names
	if len(m.names) == 0 {
		m.names = slices.DeleteFunc(slices.Clone(p.names), func(name string) bool {
			return !slices.ContainsFunc(kept, func(g group) bool { return strings.Contains(name, strings.ToLower(g.word)) })
		})
	}
	m.pins = slices.Concat(m.ordinals, m.periods, m.places, m.names)
	// The message's own area only ("那全省呢"): prev's 全国 may have named
	// a kind of what prev asked about ("全国和省劳动模范"), which the
	// message need not ask of ("最美劳动者评了几届"); it is still searched
	// with prev's words.
	m.scope = core.scope
	if has[slotTime] || len(core.years) > 0 {
		m.years = core.years // and the relative years found above
		if len(m.relative) > 0 {
			// "今年呢" after a question on 2021 asks of another year than
			// 2021, whichever report's own year 今年 is.
			m.otherThan = slices.DeleteFunc(slices.Clone(p.years), func(y int) bool { return slices.Contains(core.years, y) })
		}
	} else {
		m.years, m.relative, m.ofReport, m.otherThan = p.years, p.relative, p.ofReport, p.otherThan
	}
	m.intent, m.ask = p.intent, p.ask
	if c.asks {
		m.intent, m.ask = core.intent, core.ask
	} else {
		// Asked as prev asked, of what the message names: "增速呢" after
		// an amount asks its growth, "占比呢" its share, "原来呢" where
		// it started — unless a time it names says when ("过去五年呢"
		// asks the growth over those years: 过去 is a start cue too).
		ca := core.intent.figureAsk
		ca.start = ca.start && !slices.ContainsFunc(core.groups, func(g group) bool { return g.slot == slotTime || g.slot == slotPeriod })
		if ca.change || ca.share || ca.start {
			m.intent.change, m.intent.share, m.intent.start = ca.change, ca.share, ca.start
			m.intent.kind = shareKind(m.intent)
		}
		if newSubject {
			// The unit and the thing counted were prev's subject's (个 of
			// 基层工会): the message's thing has its own.
			m.intent.grammarUnit, m.intent.counted = "", ""
		}
	}
	m.intent.years = m.years
	return m, e.shown(kept, core, c, p.ask), nil
}

// shown is how a follow-up's reading is shown: the message's own words,
// then what was kept of the previous question, then how that asked when
// the message asks nothing of its own; or, for a message that only asks
// anew ("具体有哪些", "增长了多少"), what was kept and then the message.
func (e *Engine) shown(kept []group, core reading, c cues, prevAsk string) []string {
	var keptShown []string
	last := -2
	for _, g := range kept {
		if g.position == last+1 && len(keptShown) > 0 {
			keptShown[len(keptShown)-1] += g.word
		} else {
			keptShown = append(keptShown, g.word)
		}
		last = g.position
	}
	own := trimEnd(c.core)
	var words []string
	if c.asks && !slices.ContainsFunc(core.groups, func(g group) bool { return g.slot != slotOther && g.slot != slotReferent }) {
		words = []string{strings.Join(keptShown, " "), own}
	} else {
		words = []string{own, strings.Join(keptShown, " ")}
		if !c.asks {
			words = append(words, prevAsk)
		}
	}
	return slices.DeleteFunc(words, func(w string) bool { return w == "" })
}

// siblings reports whether a follow-up's subject n takes the place of the
// earlier question's subject o: one names a kind of the other (女职工,
// 职工), they share their head, the last character of a Chinese compound
// (第三产业/第二产业, 进口/出口, 农民工/职工), or the passage that answered
// the earlier question says n where it said o about its figure (城镇居民人均
// 可支配收入 … 农村居民人均可支配收入).
func (e *Engine) siblings(n, o string, prev *Turn) bool {
	if n == o || strings.HasSuffix(n, o) || strings.HasSuffix(o, n) {
		return true
	}
	rn, ro := []rune(n), []rune(o)
	if len(rn) >= 2 && len(ro) >= 2 && lang.AllHan(n) && lang.AllHan(o) && rn[len(rn)-1] == ro[len(ro)-1] {
		return true
	}
	if prev.passage == nil || prev.figure == nil {
		return false
	}
	for _, field := range []string{prev.figure.Label, prev.figure.Before} {
		for _, w := range windows(field, o) {
			if w := strings.Replace(w, o, n, 1); strings.Contains(prev.passage.Text, w) || strings.Contains(prev.passage.paragraph, w) {
				return true
			}
		}
	}
	return false
}

// windows are o in text with the two characters before it, and with the
// two after it, where there are two: enough of its surroundings that the
// same words around another noun say the same thing of it ("第二产业增加"
// → "第三产业增加", "出生人口" → "死亡人口").
func windows(text, o string) []string {
	i := strings.Index(text, o)
	if i < 0 {
		return nil
	}
	var out []string
	if before := []rune(text[:i]); len(before) >= 2 {
		out = append(out, string(before[len(before)-2:])+o)
	}
	if after := []rune(text[i+len(o):]); len(after) >= 2 {
		out = append(out, o+string(after[:2]))
	}
	return out
}

// matching keeps the hits that say a word of every required group, in
// their text, paragraph, captions or section.
func matching(hits []index.Hit, terms []term, required []group) []index.Hit {
	if len(required) == 0 {
		return hits
	}
	return slices.DeleteFunc(slices.Clone(hits), func(h index.Hit) bool {
		for _, g := range required {
			said := false
			for _, t := range terms {
				if t.group != g.position || t.factor == 1 && t.text != g.word {
					// A dictionary word inside the message's word (企业
					// of 私营企业) does not say it.
					continue
				}
				for _, words := range h.Matched {
					said = said || slices.Contains(words, t.text)
				}
			}
			if !said {
				return true
			}
		}
		return false
	})
}

// describes reports whether a figure's own words, what it is part of, its
// sentence's subject or its sentence before it (text is its passage's) say
// a word of every required group: a passage that names 女职工 but counts
// only 会员 gives no number for 女职工.
func describes(text string, f *corpus.Figure, terms []term, required []group) bool {
	if len(required) == 0 {
		return true
	}
	if f == nil {
		return false
	}
	context := figureWords(text, f)
	for _, g := range required {
		if !slices.ContainsFunc(terms, func(t term) bool {
			return t.group == g.position && (t.factor < 1 || t.text == g.word) && strings.Contains(context, t.text)
		}) {
			return false
		}
	}
	return true
}

// unansweredButWith reports whether a message the reports do not answer
// alone (x) is answered when read with prev (w), from prev's report and
// with another figure than prev's: "这些钱主要投哪些项目" after a question
// on the special bonds finds nothing alone, and with it the projects they
// fund. It is read with prev, as a message naming no subject is, though
// it names one: a member who gets "the reports do not say" for a question
// the chat's last answer leads into would not think to spell it out.
func (x *answered) unansweredButWith(prev *Turn, w withPrev) bool {
	return !x.a.Found && w.answersAnew(prev)
}

// answersAnew reports whether a message read with prev (w) is answered
// from prev's report with something other than prev's answer again.
func (w withPrev) answersAnew(prev *Turn) bool {
	return w.a.Found && prev.passage != nil && w.a.Passage.ReportID == prev.passage.ReportID && !prev.repeats(w.a, w.fig)
}

// ambiguous reports whether a message that names its subject and asks,
// answered alone from prev's report or not at all, is better read with
// prev: alone, prev's passage fits its words as well as any passage does
// — it is the passage ranked first for them, refused or not, or it fits
// them as well as that one by every measure but the tie-break (BM25's
// share, proximity's and labelExtra: coverage, and for a number its
// figure's words and kind) — and read with prev it is answered from that passage with
// another figure than prev's and than its own. "死亡多少" after a question
// on the year's births fits the passage on population (死亡人口1014万人)
// as well as the one on Covid, which alone answers it; the conversation
// says which the member means. A
// question that fits another passage better ("第一产业增加值是多少" after
// a question on the tertiary sector's share: its own passage gives the
// amount, prev's the share) stays what it said.
//
// It searches the message's words again to measure prev's passage with
// them: only for a message that has come this far, which is rare.
func (e *Engine) ambiguous(ctx context.Context, r reading, alone answered, prev *Turn, w withPrev) (bool, error) {
	key := prev.passage.Key
	switch {
	case !w.a.Found || w.a.Passage.Key != key || prev.repeats(w.a, w.fig):
		return false, nil
	case alone.a.Found && (alone.a.Passage.Key == key || sameFigure(alone.fig, w.fig)):
		return false, nil // alone it has prev's passage, or the same figure
	case alone.a.top == key:
		return true, nil
	case alone.a.top == "":
		return false, nil
	}
	hits, err := e.ix.Search(ctx, expand(r.query.terms), e.Candidates)
	if err != nil {
		return false, err
	}
	fit := func(key string) float64 {
		i := slices.IndexFunc(hits, func(h index.Hit) bool { return h.Passage.Key == key })
		if i < 0 {
			return -1
		}
		c := rank(hits[i:i+1], r.query, r.intent)[0]
		return c.score - c.tieBreak
	}
	// Within rounding: a passage's coverage sums its words' credits in
	// map order.
	return fit(key) >= fit(alone.a.top)-1e-9, nil
}
