package answer

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/lang"
)

// candidate is a hit with the engine's own measure of fit.
type candidate struct {
	hit      index.Hit
	coverage float64 // share of the question's weight found (0–1)
	// answerCoverage is coverage less the years the passage is dated to
	// and need not write (datedGroups): refusal reads it; the hand rank
	// weights read coverage, which prefers a passage writing the year.
	answerCoverage float64
	// topic is the share found of the weight an answer must cover: the
	// question's weight less that of its frame words the passage does
	// not say and of the years it is dated to (datedGroups). Refusals
	// read it; the hand rank weights read coverage.
	topic     float64
	strongest float64 // idf of the rarest question word found in the passage itself
	// missing is the idf of the rarest noun of the question's own that
	// the reports use and neither the passage nor its context says, of
	// the question's last clause when it has several (query.context).
	missing float64
	score   float64
	// tieBreak is the part of score that only breaks ties between
	// passages that fit alike: BM25's share and proximity's, less what the
	// figure's label names beyond the question (labelExtra).
	tieBreak float64
	matched  []string
	// figure is the passage's best figure for a quantity question.
	figure *corpus.Figure
	// figureShare is the share of the question's weight in that
	// figure's own words.
	figureShare float64
	// standIn is the share of the question's weight whose credit comes
	// from a word standing for the member's (a synonym, an admin's
	// phrase, a homophone or joined typo, an abbreviation's full form)
	// rather than the member's own word: counted at Weights.Synonym in
	// coverage, it is no doubt of the passage.
	standIn float64
	// figures and features are the figures a quantity question chose
	// among and their features (nil for one not of the sort asked), when
	// query.keepFeatures.
	figures  []corpus.Figure
	features [][]float64
	// rankFeatures are the candidate's features as ranked, when
	// query.keepFeatures.
	rankFeatures []float64
}

// Field credit: a word found in the passage counts fully; found only in the
// surrounding paragraph or section title, it counts in part.
var fieldCredit = map[string]float64{
	index.FieldText: 1, index.FieldCaptions: 0.9, index.FieldParagraph: 0.6, index.FieldSection: 0.5,
}

// rank orders hits by how much of the question's weight they cover, with
// bleve's BM25 score, a figure of the asked kind and recency as
// tie-breakers.
func rank(hits []index.Hit, qr query, in intent) []candidate {
	terms := qr.terms
	total := 0.0
	for _, w := range qr.weights {
		total += w
	}
	framed := map[int]bool{}
	for _, t := range terms {
		framed[t.group] = t.frame
	}
	// A question of frame words only ("公报指出了什么") has no topic for
	// them to give way to: they are what a passage must say.
	topical := false
	for g, w := range qr.weights {
		topical = topical || w > 0 && !framed[g]
	}
	maxScore := 0.0
	for _, h := range hits {
		maxScore = max(maxScore, h.Score)
	}
	whole := wholeWords(terms)
	rw, fc := qr.rankChoice(), qr.choice()
	// The features the hand weights leave at 0, read only when weighed or
	// kept.
	extra := qr.keepFeatures || rw.readsExtra()
	places := map[string]titlePlace{} // each report's, found once
	out := make([]candidate, 0, len(hits))
	for _, h := range hits {
		c := candidate{hit: h}
		credit := map[int]float64{}
		standIn := map[int]bool{} // groups credited through a stand-in word
		// The place the passage's report is about names the report, not
		// a thing in it: a bulletin of 周口市 says 全市. Its words ask
		// nothing of the passage, so they are left out of its coverage.
		place, ok := places[h.ReportTitle]
		if !ok {
			place = placeIn(h.ReportTitle)
			places[h.ReportTitle] = place
		}
		placed := placedGroups(h, terms, whole, place)
		total := total
		for g := range placed {
			total -= qr.weights[g]
		}
		own := terms // the terms that ask something of the passage
		if len(placed) > 0 {
			own = slices.DeleteFunc(slices.Clone(terms), func(t term) bool { return placed[t.group] })
		}
		for _, t := range terms {
			best := said(h, t.text)
			if best == 0 || placed[t.group] {
				continue
			}
			if best == 1 && !t.negated && onlyNegated(h.Passage.Text, t.text) {
				continue
			}
			if best == 1 {
				c.strongest = max(c.strongest, t.idf)
				c.matched = appendUnique(c.matched, t.text)
			}
			v := min(t.idf*t.factor*best, qr.weights[t.group])
			if v > credit[t.group] {
				credit[t.group] = v
				standIn[t.group] = t.factor < 1
			}
		}
		lower := strings.ToLower(h.Passage.Text) // as the question's terms are
		creditWrittenTogether(lower, own, qr, credit, placed)
		var f *corpus.Figure
		var fit, words float64
		if in.quantity {
			figs := h.Passage.Figures
			if qr.spentKey != "" && h.Passage.Key == qr.spentKey && len(figs) > 1 {
				// A follow-up asking past the previous answer's figure.
				figs = slices.DeleteFunc(slices.Clone(figs), func(f corpus.Figure) bool { return f.Text == qr.spentFigure })
			}
			xs, ok := figureFeatures(h.Passage.Text, figs, own, in)
			f, fit, words = chooseFigure(figs, xs, ok, fc)
			if qr.keepFeatures {
				c.figures = figs
				for i := range xs {
					var v []float64
					if ok[i] {
						v = slices.Clone(xs[i][:])
					}
					c.features = append(c.features, v)
				}
			}
			if f != nil {
				// "投了多少钱" is answered by 147602亿元: the figure says
				// the measure a passage seldom names.
				for _, t := range own {
					if t.measure && saysMeasure(f, t.text) {
						credit[t.group], standIn[t.group] = qr.weights[t.group], false
					}
				}
			}
		}
		sum := 0.0
		for _, v := range credit {
			sum += v
		}
		context := ""
		if len(qr.across) > 0 {
			context = lower + "\n" + strings.ToLower(passageContext(h))
		}
		for _, t := range own {
			// A noun of the member's context (qr.context) is no thing
			// the question asks about: it vetoes nothing.
			if t.topical && t.known && t.factor == 1 && !framed[t.group] && !qr.context[t.group] && credit[t.group] == 0 && !acrossCut(context, qr.across[t.group]) {
				c.missing = max(c.missing, t.idf)
			}
		}
		if total > 0 {
			c.coverage = sum / total
			for g, v := range credit {
				if standIn[g] {
					c.standIn += v / total
				}
			}
		}
		// A year the passage is dated to need not be written in it to
		// answer (datedGroups); ranking still prefers one writing it.
		answering, answered := placed, credit
		c.answerCoverage = c.coverage
		if dated := datedGroups(h, terms, qr.years); dated != nil {
			answering, answered = maps.Clone(dated), maps.Clone(credit)
			maps.Copy(answering, placed)
			got, need := sum, total
			for g := range dated {
				// Its weight is out of the share, so is its credit.
				got -= credit[g]
				delete(answered, g)
				if !placed[g] {
					need -= qr.weights[g]
				}
			}
			c.answerCoverage = 0
			if need > 0 {
				c.answerCoverage = got / need
			}
		}
		c.topic = topicShare(qr.weights, answered, answering, framed, topical)
		if len(qr.context) > 0 {
			// The member's context counts less, where that lets the
			// passage through: it covers what is asked.
			weights, capped := maps.Clone(qr.weights), maps.Clone(answered)
			for g := range qr.context {
				weights[g] *= qr.contextWeight
				if v, ok := capped[g]; ok {
					capped[g] = min(v, weights[g])
				}
			}
			c.topic = max(c.topic, topicShare(weights, capped, answering, framed, topical))
		}
		var x rankVector
		x[rankCoverage] = c.coverage
		if maxScore > 0 {
			x[rankBM25] = h.Score / maxScore
		}
		x[rankProximity] = proximityLower(lower, own, qr.weights, qr.pairs)
		if in.quantity {
			// A passage whose figure is described by the question's own
			// words is likelier to hold the asked number.
			c.figure = f
			switch {
			case f == nil:
				x[rankNoFigure] = 1 // nothing to count with
			case total > 0:
				c.figureShare = min(words/total, 1)
				x[rankFigureWords], x[rankFigureFit] = c.figureShare, min(max(fit-words, -1), 3)
				// A figure whose label names more than the question asks
				// (人均 of 全年人均国内生产总值 for "全年国内生产总值是多少")
				// is likelier another measure than the one asked. Like
				// BM25's share, it only breaks ties.
				x[rankLabelExtra] = float64(min(labelExtra(f.Label, own), labelExtraMax))
			}
		}
		if extra {
			x[rankTopic], x[rankStandIn] = c.topic, c.standIn
			x[rankStrongest], x[rankMissing] = min(c.strongest, 8)/8, min(c.missing, 8)/8
			x[rankLength] = math.Log(float64(utf8.RuneCountInString(h.Passage.Text))+1) / 8
		}
		c.score = rw.weigh(&x)
		c.tieBreak = rw[rankBM25]*x[rankBM25] + rw[rankProximity]*x[rankProximity] + rw[rankLabelExtra]*x[rankLabelExtra]
		if qr.keepFeatures {
			c.rankFeatures = slices.Clone(x[:])
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if d := out[i].score - out[j].score; d > 1e-9 || d < -1e-9 {
			return d > 0
		}
		return out[i].hit.Added > out[j].hit.Added
	})
	return out
}

// minProximityPairs is how many pairs of neighbouring words a question
// needs for proximity to count: with one pair, a two-word question is
// decided whole by whether a passage happens to write its two words
// together; counted from one pair, ESG lost two held-out questions, one a
// KPI row answered by a sentence instead (fifteenth stop).
const minProximityPairs = 2

// proximity is the share of the question's pairs of neighbouring words
// (query.pairs: written one after the other, as each question of a
// follow-up's reading wrote them) whose words text writes one right after
// the other, in the question's order: "预算收入" for 预算 + 收入. Any of a
// group's words counts (社会保险 or 保险 for the group of 社会保险); a pair
// with a word not asked of the passage (terms) is not counted. Nothing
// between them, not even a character: allowing two measured lower (ESG).
// Only case is folded, as the analyzer folds the question's terms (GDP →
// gdp); not NFKC's other foldings, so a pair around ㎡ or ① in a passage
// is not found together.
func proximity(text string, terms []term, weights map[int]float64, pairs [][2]int) float64 {
	return proximityLower(strings.ToLower(text), terms, weights, pairs)
}

// proximityLower is proximity of text already lower-cased: rank lowers a
// passage's text once for it and creditWrittenTogether.
func proximityLower(text string, terms []term, weights map[int]float64, pairs [][2]int) float64 {
	words := map[int][]string{}
	for _, t := range terms {
		if t.text != "" && weights[t.group] > 0 {
			words[t.group] = append(words[t.group], t.text)
		}
	}
	counted, together := 0, 0
	for _, pr := range pairs {
		first, second := words[pr[0]], words[pr[1]]
		if len(first) == 0 || len(second) == 0 {
			continue
		}
		counted++
		if writtenTogether(text, first, second) {
			together++
		}
	}
	if counted < minProximityPairs {
		return 0
	}
	return float64(together) / float64(counted)
}

// writtenTogether reports whether text holds one of firsts immediately
// followed by one of seconds.
func writtenTogether(text string, firsts, seconds []string) bool {
	for _, a := range firsts {
		for _, b := range seconds {
			if strings.Contains(text, a+b) {
				return true
			}
		}
	}
	return false
}

// creditWrittenTogether credits a group of the question that the
// passage's indexed words do not say, when its text writes a word of the
// group right beside a neighbour the question wrote it with (query.pairs),
// in the question's order, and that neighbour is credited: the analyzer
// cut the passage's "医疗互助金及慰问金" otherwise than the question's 互助 +
// 金, and the text still says 互助金. It is credited as a match on the
// text. Only the member's own words count (a synonym stands for a word
// the member did not write), a group naming the passage's report place
// asks nothing (placed), and a word said only negated is not said
// (onlyNegated: 非执行董事 writes 执行董事 but says its complement).
// Measured (twenty-first stop, one eval run against the same code):
// tuning passages, figures, negatives and follow-ups unchanged; held-out
// +6 passages and +6 figures over four reports, none lower, negatives
// unchanged, one more follow-up.
//
// text is the passage's text lower-cased, as the question's terms are.
func creditWrittenTogether(text string, terms []term, qr query, credit map[int]float64, placed map[int]bool) {
	// Most passages say both words of every pair or neither: nothing to
	// do, and nothing to allocate (rank calls this for every candidate).
	if !slices.ContainsFunc(qr.pairs, func(pr [2]int) bool { return (credit[pr[0]] > 0) != (credit[pr[1]] > 0) }) {
		return
	}
	words := map[int][]string{}
	rarest := map[int]term{}
	for _, t := range terms {
		if t.text == "" || t.factor != 1 || qr.weights[t.group] <= 0 {
			continue
		}
		words[t.group] = append(words[t.group], t.text)
		if r, ok := rarest[t.group]; !ok || t.idf > r.idf {
			rarest[t.group] = t
		}
	}
	// Again while a pass credits a group: a credit goes on to the next
	// neighbour backwards as well as forwards (金 to 互助 to 医疗 in
	// "医疗互助金"), which one pass in the question's order does not.
	for again := true; again; {
		again = false
		for _, pr := range qr.pairs {
			a, b := pr[0], pr[1]
			if placed[a] || placed[b] || len(words[a]) == 0 || len(words[b]) == 0 ||
				(credit[a] > 0) == (credit[b] > 0) || !writtenTogether(text, words[a], words[b]) {
				continue
			}
			g := a
			if credit[a] > 0 {
				g = b
			}
			if t := rarest[g]; t.negated || !onlyNegated(text, t.text) {
				credit[g] = min(t.idf, qr.weights[g])
				again = again || credit[g] > 0
			}
		}
	}
}

// topicShare is the share of the weight an answer must cover that a
// passage's credits cover: the question's weight less that of the groups
// naming its report's place (placed) and, when the question has a topic,
// less the weight of its frame words the passage does not say.
func topicShare(weights, credit map[int]float64, placed, framed map[int]bool, topical bool) float64 {
	need, sum := 0.0, 0.0
	for g, w := range weights {
		if !placed[g] {
			need += w
		}
	}
	for _, v := range credit {
		sum += v
	}
	if topical {
		for g, framing := range framed {
			if framing && !placed[g] {
				need -= weights[g] - credit[g]
			}
		}
	}
	if need <= 0 {
		return 0
	}
	return sum / need
}

// wholeWords is each group's word as the member wrote it, the longest of
// its terms: a place is that word, not a word inside it (金融 of 金融机构).
func wholeWords(terms []term) map[int]string {
	whole := map[int]string{}
	for _, t := range terms {
		if utf8.RuneCountInString(t.text) > utf8.RuneCountInString(whole[t.group]) {
			whole[t.group] = t.text
		}
	}
	return whole
}

// placedGroups are the groups of terms whose whole word is the place h's
// report is about (place) and h does not say itself: they name the
// report, not a thing in it. nil when there are none.
func placedGroups(h index.Hit, terms []term, whole map[int]string, place titlePlace) map[int]bool {
	if !place.ok {
		return nil
	}
	var placed map[int]bool
	for _, t := range terms {
		if t.text == whole[t.group] && place.names(t.text) && said(h, t.text) < 1 {
			if placed == nil {
				placed = map[int]bool{}
			}
			placed[t.group] = true
		}
	}
	return placed
}

// datedGroups are the groups of the years a question names (qr.years)
// that neither h nor its context writes but h is dated to: by its own dates (datesOf: 全年
// in a communiqué on 2021, whose title names the year), or, with none,
// by its report's year. As the report's own place (placedGroups), such
// a year is checked by the year filter (onlyYears), not asked of the
// passage's words. A passage with no date of its own is not dated to
// every year its report mentions, as the filter lets it speak of them:
// "2019年…多少" is no question about the 2021 communiqué's undated lines.
func datedGroups(h index.Hit, terms []term, years []int) map[int]bool {
	var dated map[int]bool
	var own []int
	hasOwn, read := false, false
	for _, y := range years {
		text := strconv.Itoa(y)
		for _, t := range terms {
			if t.text != text || said(h, text) > 0 {
				continue
			}
			if !read {
				own, hasOwn = datesOf(h)
				read = true
			}
			if hasOwn && slices.Contains(own, y) || !hasOwn && y == reportYear(h) {
				if dated == nil {
					dated = map[int]bool{}
				}
				dated[t.group] = true
			}
		}
	}
	return dated
}

// titlePlace is where the one place a report's title names ends: the
// title before its administrative suffix, and the suffix.
type titlePlace struct {
	before, suffix string
	ok             bool
}

// placeIn finds the one place a title names, with its administrative
// suffix (周口市 of "2023年周口市国民经济和社会发展统计公报"). A title naming
// several places ("北京市、天津市、河北省…") is about none of them alone,
// and a suffix character that starts a word (市场, 区域, 乡村) makes no
// place.
func placeIn(title string) titlePlace {
	var p titlePlace
	places := 0
	for i, r := range title {
		if i == 0 || !slices.Contains(adminSuffixes, string(r)) {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(title[:i])
		after, _ := utf8.DecodeRuneInString(title[i+utf8.RuneLen(r):])
		if !unicode.Is(unicode.Han, before) || unicode.Is(unicode.Han, after) && index.PartOfSpeech(string(r)+string(after)) != "" {
			continue
		}
		p, places = titlePlace{before: title[:i], suffix: string(r), ok: true}, places+1
	}
	if places != 1 {
		return titlePlace{}
	}
	return p
}

// names reports whether word is the place, with its suffix or without
// it (周口 and 周口市), and names a place: a verb before the suffix
// (开发区, 试验区) names what is done there.
func (p titlePlace) names(word string) bool {
	if !p.ok || utf8.RuneCountInString(word) < 2 || !lang.AllHan(word) {
		return false
	}
	stem := strings.TrimSuffix(word, p.suffix)
	if utf8.RuneCountInString(stem) < 2 || !strings.HasSuffix(p.before, stem) {
		return false
	}
	switch index.PartOfSpeech(stem) {
	case "v", "vn", "vd", "d", "ad":
		return false
	}
	return true
}

// said is the credit of the field of h that says word best (fieldCredit),
// 0 when none does.
func said(h index.Hit, word string) float64 {
	best := 0.0
	for field, fc := range fieldCredit {
		if containsTerm(h.Matched[field], word) {
			best = max(best, fc)
		}
	}
	return best
}

// maxUnsaid is how many unsaid words are named: more reads as a list of
// everything, not as what is missing.
const maxUnsaid = 3

// unsaid are the things the reading names that neither h's passage nor
// its context says: the word as read (simplified, lower-cased) of each
// group of a noun or name, not a frame, that nothing said — the heaviest
// maxUnsaid, in the reading's order. Verbs and words of chat (去, 你好)
// are left out: a passage says things otherwise, and naming them says
// nothing of why it was refused.
func unsaid(h index.Hit, qr query) []string {
	// The report's own place is said by its title (rank),
	credited := placedGroups(h, qr.terms, wholeWords(qr.terms), placeIn(h.ReportTitle))
	if credited == nil {
		credited = map[int]bool{}
	}
	// and a year it is dated to, by its dates (datedGroups); a word cut
	// across one it writes is no thing it lacks (acrossCut).
	maps.Copy(credited, datedGroups(h, qr.terms, qr.years))
	if len(qr.across) > 0 {
		context := strings.ToLower(h.Passage.Text + "\n" + passageContext(h))
		for g, across := range qr.across {
			if acrossCut(context, across) {
				credited[g] = true
			}
		}
	}
	credit := map[int]float64{}
	for _, t := range qr.terms {
		if said(h, t.text) > 0 {
			credit[t.group] = 1
		}
	}
	creditWrittenTogether(strings.ToLower(h.Passage.Text), qr.terms, qr, credit, credited)
	for g, v := range credit {
		credited[g] = credited[g] || v > 0
	}
	type word struct {
		text   string
		weight float64
		at     int
	}
	var words []word
	listed := map[int]bool{}
	for _, t := range qr.terms {
		if t.factor == 1 && t.topical && !t.frame && qr.weights[t.group] > 0 && !credited[t.group] && !listed[t.group] {
			listed[t.group] = true
			words = append(words, word{t.text, qr.weights[t.group], len(words)})
		}
	}
	slices.SortStableFunc(words, func(a, b word) int { return cmp.Compare(b.weight, a.weight) })
	words = words[:min(len(words), maxUnsaid)]
	slices.SortFunc(words, func(a, b word) int { return cmp.Compare(a.at, b.at) })
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w.text
	}
	return out
}

func appendUnique(list []string, s string) []string {
	if containsTerm(list, s) {
		return list
	}
	return append(list, s)
}

// saysMeasure reports whether a figure says a measure word of the
// question by its kind: 增速 by a change in a rate (%, 个百分点: the
// grammar's change nouns), and a noun of a fall (降幅: a fall word of the
// grammar its first character) by a fall or by its own words; 占比 by a
// share that is no change (its share nouns); 钱 and 金额 by a sum of money
// (lang's money cues).
func saysMeasure(f *corpus.Figure, w string) bool {
	switch {
	case grammar.IsChangeNoun(w):
		if f.Kind != corpus.KindChange || grammar.UnitKind(f.Unit) != corpus.KindPercent {
			return false
		}
		first, _ := utf8.DecodeRuneInString(w)
		if grammar.IsFallWord(string(first)) && !strings.Contains(f.Before+f.Label, w) {
			// "降幅为3.2%" is a fall said in its noun, its value positive.
			return f.Value < 0
		}
		return true
	case grammar.IsShareNoun(w):
		return f.Kind == corpus.KindPercent
	case lang.Default().IsIntentCue("money", w):
		return amountKind(f) == corpus.KindMoney
	}
	return false
}

// acrossCut reports whether text (a passage and its context, lower-cased)
// writes one of a question word's across words (query.across): 商会 of
// "供应商会被清退" in a passage saying 供应商 is no noun it lacks, but a
// word the segmenter cut there.
func acrossCut(text string, across []string) bool {
	return slices.ContainsFunc(across, func(w string) bool { return strings.Contains(text, w) })
}

// onlyNegated reports a word the text says only after 非, which makes it
// its complement: 非执行董事 says nothing of 执行董事.
func onlyNegated(text, w string) bool {
	n := strings.Count(text, w)
	return n > 0 && strings.Count(text, "非"+w) == n
}

// labelExtraWeight is what each character of a figure's label the
// question does not say takes from its passage's score, up to
// labelExtraMax characters: 0.01 a character, so a two-character modifier
// (人均) weighs 0.02, and at most 0.04, under the 0.05 spread of BM25's
// tie-break. It is counted as part of the tie-break (candidate.tieBreak),
// but it is not bounded by the share a passage earned: on its own it can
// overturn a lead of up to 0.04 in coverage or in the figure's share of
// the question's words, and up to 0.09 with BM25's share (0.14 with
// proximity's, since the fifteenth stop). The cap keeps
// it at that: a label is often a clause, and 遵义市已累计 must not sink a
// passage covering half the question under one covering a third.
// Measured on the tuning sets (2026-11-27; passage / figure / negatives
// refused, follow-ups): off 80.8 / 78.5 / 91.4, 187 follow-ups; at most 4
// characters 80.8 / 78.5 / 91.4, 190; 5 characters 81.1 / 78.7 / 91.4,
// 190, but a message alone lost its nearest passage
// (TestFollowupOffersTheReadingWithPrevious); no cap 81.4 / 78.9 / 91.9,
// but a label of ten characters outweighs a word of coverage. 0.005 and
// 0.02 a character did no better; counted as a share of the label, or
// only up to the tie-break a passage earned, lower. Counted in choosing a
// passage's own figure as well, it lowered tuning figures (78.2% at 0.1
// an idf unit a character). A stop word of the label (的, 和), which no
// question's term covers, counts as well: left out, a tuning follow-up
// was lost.
const labelExtraWeight, labelExtraMax = 0.01, 4

// labelExtra counts the Han characters of a figure's label that none of
// the question's words covers: what the label names beyond the question
// (人均 of 全年人均国内生产总值 for 全年, 国内, 生产总值).
func labelExtra(label string, terms []term) int {
	label = strings.ToLower(label)
	covered := make([]bool, len(label))
	for _, t := range terms {
		if t.text == "" {
			continue
		}
		for i := 0; ; {
			j := strings.Index(label[i:], t.text)
			if j < 0 {
				break
			}
			for k := i + j; k < i+j+len(t.text); k++ {
				covered[k] = true
			}
			// On by one character, so overlapping matches (哈哈 in 哈哈哈)
			// cover their whole run.
			_, size := utf8.DecodeRuneInString(label[i+j:])
			i += j + size
		}
	}
	n := 0
	for i, r := range label {
		if unicode.Is(unicode.Han, r) && !covered[i] {
			n++
		}
	}
	return n
}
