package answer

import (
	"context"
	"slices"
	"strings"
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
// about and asks something — is always answered alone, exactly as Ask
// answers it: a follow-up never changes a standalone question.

// Turn is one answered message of a conversation, as the next message may
// lean on it: the question's reading (for a follow-up, the combined one)
// and the passage and figure that answered it. A Turn never changes.
type Turn struct {
	question string
	r        reading
	passage  *Passage
	figure   *corpus.Figure
}

// Question is the message the turn answered, as asked.
func (t *Turn) Question() string { return t.question }

// Reading says how a follow-up was read: with which earlier question, and
// as which words. Front ends show it ("按「女职工 + 全省 工会会员 + 有多少人」理解").
type Reading struct {
	// Previous is the question the message was read with.
	Previous string `json:"previous"`
	// Words are what the message was read as: its own words and those
	// kept from the previous question, each part one element.
	Words []string `json:"words"`
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
	ordinals, periods := spans(ordinalRe), spans(periodRe)
	var out []group
	for i, t := range tokens {
		if !asked[t.Position] || i > 0 && tokens[i-1].Position == t.Position {
			continue
		}
		g := group{position: t.Position, word: t.Text}
		at := []int{t.Start, t.End}
		placed := slices.ContainsFunc(tokens, func(o index.Term) bool {
			return o.Position == t.Position && slices.Contains(qr.places, o.Text)
		})
		switch {
		case overlaps(at, ordinals):
			g.slot = slotOrdinal
		case overlaps(at, periods):
			g.slot = slotPeriod
		case placed:
			g.slot = slotPlace
		case isTimeWord(t.Text) || isYear(t.Text, q, t.End):
			g.slot = slotTime
		case lang.Followup().IsMeasure(t.Text):
			g.slot = slotMeasure
		case isTopical(t.Text):
			g.slot = slotSubject
		}
		out = append(out, g)
	}
	return out
}

func overlaps(span []int, spans [][]int) bool {
	return slices.ContainsFunc(spans, func(s []int) bool { return span[0] < s[1] && s[0] < span[1] })
}

// isTimeWord reports a word that dates what is asked: a year relative to
// the report's (去年) or a time noun (目前, 近年来, 上年).
func isTimeWord(w string) bool {
	_, relative := relativeYears[w]
	return relative || index.PartOfSpeech(w) == "t"
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
	if prev != nil {
		fa, turn, err := e.followup(ctx, prev, r, a)
		if err != nil || turn != nil {
			return fa, turn, err
		}
	}
	a, fig, err := e.answer(ctx, r, a)
	if err != nil {
		return a, nil, err
	}
	return a, &Turn{question: a.Question, r: r, passage: a.Passage, figure: fig}, nil
}

// cues are what a message says about leaning on the question before it.
type cues struct {
	lead, tail, demonstrative, elaboration bool
	// asks: the message holds an interrogative, or asks for a kind of
	// figure or a procedure.
	asks bool
	// core is the message without its cue words ("女职工" of "那女职工呢?").
	core string
	// referents are the nouns right after a demonstrative ("政策" of
	// "这项政策"): the thing talked about, not a new subject.
	referents []string
}

// readCues finds a message's cue words (lang/data/followup.txt): a
// connective opening it, a particle ending it, demonstratives and words
// asking for more, and whether it asks anything of its own.
func readCues(q string) cues {
	fc := lang.Followup()
	var c cues
	rest := strings.TrimRightFunc(q, isSeparator)
	words := cut(rest)
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
	refer := false
	for _, w := range cut(rest) {
		switch {
		case fc.IsDemonstrative(w):
			c.demonstrative, refer = true, true
			continue
		case fc.IsElaboration(w):
			c.elaboration = true
		case refer && isTopical(w):
			c.referents = append(c.referents, w)
			refer = false
		case refer && !isSeparatorWord(w):
			refer = false
		}
		core.WriteString(w)
	}
	c.core = strings.TrimSpace(core.String())
	in := detectIntent(c.core)
	c.asks = in.quantity || in.procedure != "" || slices.ContainsFunc(fc.Interrogatives, func(w string) bool { return strings.Contains(c.core, w) })
	return c
}

// cut segments text into words with the index's dictionary, keeping the
// function words the analyzer drops.
func cut(text string) []string {
	seg, err := index.Segmenter()
	if err != nil || text == "" {
		return nil
	}
	return seg.Cut(text, true)
}

func isSeparator(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }

// isSeparatorWord is what may stand between a demonstrative and its noun:
// "这一项", "该笔", "这个的".
func isSeparatorWord(w string) bool {
	return strings.TrimFunc(w, isSeparator) == "" || strings.ContainsAny(w, "一项个笔的次") && utf8.RuneCountInString(w) == 1
}

// followup answers a message that leans on prev, and returns a nil turn
// for one that does not (the caller answers it alone).
//
// A message leans when it is not a question of its own and says so:
//   - it names something and asks nothing, after a connective or before
//     呢 ("那女职工呢", "去年呢");
//   - it names no subject of its own (only a year, a place, a measure, a
//     verb) and points back with a demonstrative, asks for more, or opens
//     with a connective ("这个是哪年的", "具体有哪些", "那增长了多少");
//   - it names no subject and says nothing of leaning, but read with prev
//     it finds an answer ("增长了多少", "哪年提出的"): a message that names
//     nothing it asks about cannot be asked alone.
//
// A message that names a subject and asks something is never read with
// prev, nor is one with a subject and no cue (a keyword search).
func (e *Engine) followup(ctx context.Context, prev *Turn, r reading, a Answer) (Answer, *Turn, error) {
	c := readCues(a.Question)
	if e.Evidence.Simplified {
		c = readCues(lang.ToSimplified(a.Question))
	}
	if c.core == "" {
		return a, nil, nil
	}
	core, _, err := e.read(c.core)
	if err != nil {
		return a, nil, nil // nothing of its own left: not read with prev
	}
	subject := slices.ContainsFunc(core.groups, func(g group) bool {
		return g.slot == slotSubject && !slices.Contains(c.referents, g.word)
	})
	if subject && c.asks {
		return a, nil, nil // a question of its own
	}
	ellipsis := !c.asks && (c.lead || c.tail)
	pointsBack := !subject && (c.demonstrative || c.elaboration || c.lead)
	cued := ellipsis || pointsBack
	if !cued && subject {
		return a, nil, nil // names its subject: a search of its own
	}
	merged, words, err := e.merge(prev, core, c)
	if err != nil {
		return a, nil, err
	}
	fa, fig, err := e.answer(ctx, merged, a)
	if err != nil {
		return a, nil, err
	}
	if !cued && !fa.Found {
		// Nothing says it leans, and read with prev it finds nothing
		// either: it stays what it said.
		return a, nil, nil
	}
	fa.Reading = &Reading{Previous: prev.question, Words: words}
	return fa, &Turn{question: fa.Question, r: merged, passage: fa.Passage, figure: fig}, nil
}

// merge reads the message's core with prev: each of the core's words
// takes the place of prev's words of the same slot (a subject only that
// of a sibling: 第三产业 for 第二产业, 女职工 for 职工), the rest of prev
// is kept, and the core's way of asking replaces prev's when it has one.
// It returns the combined reading and the words it is shown as.
func (e *Engine) merge(prev *Turn, core reading, c cues) (reading, []string, error) {
	p := prev.r
	has := map[slot]bool{}
	for _, g := range core.groups {
		if g.slot == slotSubject && slices.Contains(c.referents, g.word) {
			g.slot = slotReferent
		}
		has[g.slot] = true
	}
	var kept []group
	for _, g := range p.groups {
		drop := false
		switch g.slot {
		case slotPlace:
			// A place (城镇, tagged as one) or a thing, a sibling takes its place.
			drop = has[slotPlace] || slices.ContainsFunc(core.groups, func(n group) bool {
				return n.slot == slotSubject && !slices.Contains(c.referents, n.word) && e.siblings(n.word, g.word, prev)
			})
		case slotSubject:
			drop = slices.ContainsFunc(core.groups, func(n group) bool {
				return n.slot == slotSubject && !slices.Contains(c.referents, n.word) && e.siblings(n.word, g.word, prev)
			})
		case slotReferent:
			drop = false
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
		m.terms = append(m.terms, t)
	}
	m.groups = slices.Clone(kept)
	keptWords := map[string]bool{}
	for _, g := range kept {
		keptWords[g.word] = true
	}
	dup := map[int]bool{} // core positions whose word prev already has
	for _, g := range core.groups {
		if keptWords[g.word] {
			dup[g.position] = true
			continue
		}
		g.position += offset + 1
		m.groups = append(m.groups, g)
		if g.slot != slotReferent && !slices.Contains(c.referents, g.word) {
			m.required = append(m.required, g.position)
		}
	}
	for _, t := range core.terms {
		if dup[t.group] {
			continue
		}
		t.group += offset + 1
		m.terms = append(m.terms, t)
	}
	known := map[int]bool{}
	for _, t := range m.terms {
		known[t.group] = known[t.group] || t.known
	}
	m.weights = e.groupWeights(m.terms, known)
	keep := func(s slot, prevPins, corePins []string) []string {
		if has[s] {
			return corePins
		}
		return prevPins
	}
	m.ordinals = keep(slotOrdinal, p.ordinals, core.ordinals)
	m.periods = keep(slotPeriod, p.periods, core.periods)
	m.places = keep(slotPlace, p.places, core.places)
	m.pins = slices.Concat(m.ordinals, m.periods, m.places)
	m.years = p.years
	if has[slotTime] || len(core.years) > 0 {
		m.years = core.years
	}
	m.intent, m.ask = p.intent, p.ask
	if c.asks {
		m.intent, m.ask = core.intent, core.ask
	}
	m.intent.years = m.years
	// Shown: the message's own words, then what was kept of prev, then how
	// prev asked when the message asks nothing of its own.
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
		// Only asking anew ("具体有哪些", "增长了多少"): about prev's thing.
		words = append([]string{strings.Join(keptShown, " ")}, own)
	} else {
		words = []string{own, strings.Join(keptShown, " ")}
		if !c.asks {
			words = append(words, p.ask)
		}
	}
	words = slices.DeleteFunc(words, func(w string) bool { return w == "" })
	return m, words, nil
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
		if w, ok := window(field, o); ok && strings.Contains(prev.passage.Text, strings.Replace(w, o, n, 1)) {
			return true
		}
	}
	return false
}

// window is o in text with up to two characters on each side, when there
// are at least two: enough of its surroundings that the same words around
// another noun say the same thing of it ("第二产业增加值" → "第二产业增加").
func window(text, o string) (string, bool) {
	i := strings.Index(text, o)
	if i < 0 {
		return "", false
	}
	before, after := []rune(text[:i]), []rune(text[i+len(o):])
	b, a := min(len(before), 2), min(len(after), 2)
	if a+b < 2 {
		return "", false
	}
	return string(before[len(before)-b:]) + o + string(after[:a]), true
}

// matching keeps the hits that say a word of every required group, in
// their text, paragraph, captions or section.
func matching(hits []index.Hit, terms []term, required []int) []index.Hit {
	if len(required) == 0 {
		return hits
	}
	return slices.DeleteFunc(slices.Clone(hits), func(h index.Hit) bool {
		for _, g := range required {
			said := false
			for _, t := range terms {
				if t.group != g {
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
