package answer

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/lang"
)

// term is one query word, or a word standing for one, with its inverse
// document frequency; terms of one position form a group.
type term struct {
	text   string
	group  int
	idf    float64
	factor float64 // 1, or Weights.Synonym
	known  bool    // occurs in the index
	// topical words name things (nouns); verbs and adverbs are phrasing.
	topical bool
	// focus marks a follow-up's own words (女职工 of "那女职工呢"): the
	// figure asked for is described by them, not only by the earlier
	// question's words kept beside them.
	focus bool
	// frame marks a word that frames the question rather than names its
	// topic (frame.go): it counts when the passage says it and is left
	// out of the weight an answer must cover when it does not.
	frame bool
	// everyday marks the whole word at its position when it is a word of
	// everyday language (index.IsEverydayWord) standing apart from the
	// report's nouns (compounded): absent from the reports, it counts as
	// Weights.EverydayNoun.
	everyday bool
	// measure marks a word naming a measure of something (钱, 占比, 规模:
	// lang's followup [measure]), which a figure may say by its kind
	// (saysMeasure).
	measure bool
	// negated marks a word the question says after 非 itself (执行 of
	// 非执行董事): a passage saying it only so says what is asked.
	negated bool
}

// query is a question analysed for searching and ranking.
type query struct {
	terms []term
	// spentKey and spentFigure are the previous answer's passage and
	// figure, which a follow-up read with it asks past (readWith): that
	// passage is ranked by its other figures.
	spentKey, spentFigure string
	// weights are what each group (position) counts for in coverage.
	weights map[int]float64
	// pins are words the question pins the answer down with (a place, an
	// ordinal, a name) that the answer's passage must say: its ordinals,
	// parts of a year, places and quoted names, in that order.
	pins []string
	// ordinals, periods, places and names are the pins by kind.
	ordinals, periods, places, names []string
	// regions are place names the reports use that pin nothing (上海,
	// 贵州): a passage need not say them, unless a report is about the
	// place (aboutRegions).
	regions []string
	// context are the groups the question says only in clauses before its
	// last (contextGroups), and contextWeight the share of their weight
	// they count in deciding whether to refuse (Weights.Context).
	context       map[int]bool
	contextWeight float64
	// pairs are the groups the member wrote one after the other, with
	// nothing between them but words the analyzer drops (的) — no clause
	// break (neighbourPairs) — and proximityWeight is Weights.Proximity:
	// rank's proximity reads them.
	pairs           [][2]int
	proximityWeight float64
	// figureChoice weighs the features of a passage's figures in choosing
	// the one that answers (Weights.Figure; choice).
	figureChoice FigureWeights
	// rankWeights weigh a candidate's features in ranking it
	// (Weights.Rank; rankChoice).
	rankWeights RankWeights
	// keepFeatures: rank keeps each candidate's features and its
	// figures' (Engine.FiguresWeighed, Engine.Ranked).
	keepFeatures bool
	// years are the years the question names that the year filter
	// checks (onlyYears), set for a message's own reading when
	// Evidence.Years is on: a passage dated to one need not write it to
	// answer (datedGroups).
	years []int
	// across are, by group, the words the question writes across the
	// edges of the group's word, with one character of it and
	// the whole word beside it (供应商 of 供应 + 商会 in "供应商会被清退":
	// acrossWords): a passage writing one shows the word was cut there by
	// the segmenter, not asked (acrossCut).
	across map[int][]string
	// scope is the one scope word the question says (全国 of "去年全国财政
	// 收入增长多少": index.ScopeWordsIn), or "" (inScope, outOfScope).
	scope string
}

// acrossWords are the words q writes across the edges of the word at
// position pos of tokens (its first token, as groupText): the whole word
// ending where it starts with its first character, and its last
// character with the whole word starting where it ends (query.across).
// Both words are of Han characters, two or more, and the word across
// of maxAcross at most: a segmenter's choice between two cuts of a
// short run (供应商 + 会 or 供应 + 商会), not a long name's edge (工会会
// of 总工会 + 会员, 中华全国总工会会) nor a particle's (会有 of 商会 + 有).
func acrossWords(q string, tokens []index.Term, pos int) []string {
	whole := func(j int) bool { return j == 0 || tokens[j-1].Position != tokens[j].Position }
	hanWord := func(t index.Term) bool {
		return t.End <= len(q) && utf8.RuneCountInString(t.Text) >= 2 && lang.AllHan(q[t.Start:t.End])
	}
	i := slices.IndexFunc(tokens, func(t index.Term) bool { return t.Position == pos })
	if i < 0 || !hanWord(tokens[i]) {
		return nil
	}
	self := tokens[i]
	_, first := utf8.DecodeRuneInString(q[self.Start:])
	_, last := utf8.DecodeLastRuneInString(q[:self.End])
	var out []string
	for j, o := range tokens {
		if o.Position == pos || !whole(j) || !hanWord(o) {
			continue
		}
		var w string
		switch {
		case o.End == self.Start:
			w = q[o.Start : self.Start+first]
		case o.Start == self.End:
			w = q[self.End-last : o.End]
		default:
			continue
		}
		if utf8.RuneCountInString(w) <= maxAcross {
			out = append(out, w)
		}
	}
	return out
}

// maxAcross is the longest word across two of a question's words, in
// characters: a two- or three-character word and one character of the
// next (供应商, 互助金, 慰问金额), the runs gse cuts either way.
const maxAcross = 4

// queryTerms analyses the question with the index's own analyzer, drops
// question words, finds words standing for the member's own (synonyms,
// homophones, abbreviations), weighs every word by its rarity and picks
// out the words that pin the answer down.
func (e *Engine) queryTerms(q string, tokens []index.Term) (query, error) {
	var out query
	n, err := e.ix.DocCount()
	if err != nil {
		return out, err
	}
	lex := e.ix.Lexicon()
	var admin lang.Synonyms
	if e.AdminSynonyms != nil && e.Evidence.Synonyms {
		admin = e.AdminSynonyms.Synonyms()
	}
	type key struct {
		text  string
		group int
	}
	at := map[key]int{} // where in out.terms each word was added
	add := func(text string, group int, factor float64) (bool, error) {
		if i, ok := at[key{text, group}]; ok {
			if factor > out.terms[i].factor {
				// The member's own word, already added as part of a word
				// standing for another of theirs (液化 of 液化石油气, for
				// 液化气): it counts as their own.
				out.terms[i].factor = factor
			}
			return false, nil
		}
		if e.lang.IsQuestionWord(text) || isCountPhrase(text) {
			return false, nil
		}
		at[key{text, group}] = len(out.terms)
		t := term{text: text, group: group, factor: factor, topical: isTopical(text)}
		if err := e.weigh(&t, n); err != nil {
			return false, err
		}
		out.terms = append(out.terms, t)
		return t.known, nil
	}
	phrases, inPhrase := adminPhrases(admin, q, tokens)
	known := map[int]bool{}       // a position with a word the index holds
	asked := map[int]bool{}       // a position with a word that is not a question word
	unknownWord := map[int]bool{} // the whole word at a position is unknown
	for i, t := range tokens {
		if inPhrase[t.Position] {
			continue // spelled by an admin's phrase at an earlier position
		}
		k, err := add(t.Text, t.Position, 1)
		if err != nil {
			return out, err
		}
		if _, ok := at[key{t.Text, t.Position}]; ok {
			asked[t.Position] = true
		}
		if i == 0 || tokens[i-1].Position != t.Position {
			unknownWord[t.Position] = !k
		}
		known[t.Position] = known[t.Position] || k
		var syns []string
		if e.Evidence.Synonyms {
			// A new slice: Lookup's are the tables' own, shared by every question.
			syns = slices.Concat(e.lang.Synonyms().Lookup(t.Text), admin.Lookup(t.Text))
			if i == 0 || tokens[i-1].Position != t.Position {
				syns = append(syns, phrases[t.Position]...)
			}
		}
		for _, s := range syns {
			for _, st := range e.ix.Analyze(s) {
				k, err := add(st.Text, t.Position, e.Weights.Synonym)
				if err != nil {
					return out, err
				}
				known[t.Position] = known[t.Position] || k
			}
		}
	}
	// Words no passage uses may be typed otherwise than the reports write
	// them: a homophone picked by pinyin input, an abbreviation (会员卡
	// for 会员服务卡, though 会员 alone is known), or characters gse's HMM
	// glued into a word no dictionary knows ("奖有" in "示范奖有几项").
	for i, t := range tokens {
		head := i == 0 || tokens[i-1].Position != t.Position
		if !asked[t.Position] || known[t.Position] && !(head && unknownWord[t.Position]) {
			continue
		}
		var alts []string
		if e.Evidence.Homophones {
			alts = lex.Homophones(t.Text)
		}
		if len(alts) == 0 && e.Evidence.Abbreviations {
			alts = lex.Expansions(t.Text)
		}
		if len(alts) > maxAlternatives {
			alts = nil // ambiguous: it could stand for anything
		}
		for _, a := range alts {
			k, err := add(a, t.Position, e.Weights.Synonym)
			if err != nil {
				return out, err
			}
			known[t.Position] = known[t.Position] || k
		}
		if !known[t.Position] && utf8.RuneCountInString(t.Text) > 1 && index.PartOfSpeech(t.Text) == "" {
			for _, r := range t.Text {
				k, err := add(string(r), t.Position, 1)
				if err != nil {
					return out, err
				}
				known[t.Position] = known[t.Position] || k
			}
		}
	}
	if e.Evidence.Homophones {
		for _, j := range joinedTypos(tokens, asked, lex) {
			for _, a := range j.words {
				for _, p := range []int{j.first, j.second} {
					k, err := add(a, p, e.Weights.Synonym)
					if err != nil {
						return out, err
					}
					known[p] = known[p] || k
				}
			}
		}
	}
	for _, at := range ordinalSpans(q) {
		// With its measure word: the 第十六次 congress is not the 第十六届
		// one, another body's term.
		end := at[1] + len(unitStartRe.FindString(q[at[1]:]))
		out.ordinals = append(out.ordinals, q[at[0]:end])
	}
	out.periods, out.places = periodRe.FindAllString(q, -1), e.places(tokens, known)
	out.regions = regions(tokens, known, out.places)
	out.names = e.quotedNames(q)
	out.pins = slices.Concat(out.ordinals, out.periods, out.places, out.names)
	if scopes := index.ScopeWordsIn(q); len(scopes) == 1 {
		// One area; "全国和全省各有多少" asks of both.
		out.scope = scopes[0]
	}
	compound := compounded(q, tokens, known)
	for i, t := range out.terms {
		// The whole word at its position, not a part of it (城里人, not
		// 里人) nor a synonym.
		whole := t.factor == 1 && t.text == groupText(tokens, t.group)
		out.terms[i].everyday = whole && !compound[t.group] && index.IsEverydayWord(t.text)
		out.terms[i].measure = whole && lang.Followup().IsMeasure(t.text)
		out.terms[i].negated = strings.Contains(q, "非"+t.text)
		if whole {
			if w := acrossWords(q, tokens, t.group); len(w) > 0 {
				if out.across == nil {
					out.across = map[int][]string{}
				}
				out.across[t.group] = w
			}
		}
	}
	out.weights = e.groupWeights(out.terms, known)
	framing := e.frameGroups(q, tokens)
	for i := range out.terms {
		out.terms[i].frame = framing[out.terms[i].group]
	}
	return out, nil
}

// weigh sets a term's rarity among the index's n passages, and whether
// the index holds it at all.
func (e *Engine) weigh(t *term, n int) error {
	df, err := e.docFreq(t.text)
	if err != nil {
		return err
	}
	t.known, t.idf = df > 0, idf(n, df)
	if utf8.RuneCountInString(t.text) == 1 {
		// A single character says little on its own.
		t.idf *= 0.5
	}
	return nil
}

// adminPhrases finds the admins' synonyms that the analyzer cut into
// several words of the question (打工人 → 打, 工人): each one's synonyms
// go to the position of its first word, and the positions of its other
// words are left out, so a member's phrase is read as the admin taught it.
func adminPhrases(admin lang.Synonyms, q string, tokens []index.Term) (syns map[int][]string, inPhrase map[int]bool) {
	if admin.Len() == 0 {
		return nil, nil
	}
	syns, inPhrase = map[int][]string{}, map[int]bool{}
	for _, m := range admin.Find(q) {
		first, covered := -1, map[int]bool{}
		for _, t := range tokens {
			if t.Start >= m.Start && t.End <= m.End {
				if first < 0 {
					first = t.Position
				}
				covered[t.Position] = true
			}
		}
		if len(covered) < 2 {
			continue // one word: Lookup finds it
		}
		syns[first] = append(syns[first], m.Others...)
		for p := range covered {
			if p != first {
				inPhrase[p] = true
			}
		}
	}
	return syns, inPhrase
}

// maxAlternatives is how many index words a typo or abbreviation may
// stand for: more, and the word is too short or common to say which.
const maxAlternatives = 3

// docFreq is the number of passages holding a word in their own text, the
// rest of their paragraph or a caption, or failing those in their section
// title.
func (e *Engine) docFreq(text string) (int, error) {
	f, err := e.ix.TermFreqs(text)
	if err != nil {
		return 0, err
	}
	df := 0
	for _, field := range []string{index.FieldText, index.FieldParagraph, index.FieldCaptions} {
		df += f.In(field)
	}
	if df > 0 {
		return df, nil
	}
	return f.In(index.FieldSection), nil
}

// termWeights is groupWeights for terms already weighed, each position
// known when one of its terms is: a reading rebuilt from another's
// terms (a follow-up's, one with its dated words taken out).
func (e *Engine) termWeights(terms []term) map[int]float64 {
	known := map[int]bool{}
	for _, t := range terms {
		known[t.group] = known[t.group] || t.known
	}
	return e.groupWeights(terms, known)
}

// groupWeights is what each position of the question counts for: its
// rarest known word, or for a position whose words no passage uses a
// share of the known positions' mean (Weights.UnknownNoun, EverydayNoun,
// UnknownOther).
func (e *Engine) groupWeights(terms []term, known map[int]bool) map[int]float64 {
	w := map[int]float64{}
	for _, t := range terms {
		if t.known {
			w[t.group] = max(w[t.group], t.idf)
		}
	}
	mean := 0.0
	for _, v := range w {
		mean += v
	}
	if len(w) > 0 {
		mean /= float64(len(w))
	}
	// An everyday word speaks for the dictionary words inside it (城里人,
	// not 里人, a rare name).
	everyday := map[int]bool{}
	for _, t := range terms {
		everyday[t.group] = everyday[t.group] || t.everyday
	}
	for _, t := range terms {
		if known[t.group] || t.factor != 1 || everyday[t.group] && !t.everyday {
			continue
		}
		share := e.Weights.UnknownOther
		if t.topical && utf8.RuneCountInString(t.text) > 1 {
			// A lone character outside any word ("金" of 互助金
			// cut apart) is a fragment, not a topic.
			share = e.Weights.UnknownNoun
			if t.everyday {
				share = e.Weights.EverydayNoun
			}
		}
		w[t.group] = max(w[t.group], share*mean)
	}
	return w
}

// compounded are the positions of words no passage uses written against
// a noun the reports do use, with nothing between (工会主席, 原煤产量):
// such a word and the noun name one thing together, a kind or part of it
// the reports do not give, where a word standing apart (生病的职工, 网校)
// is more often the member's own phrasing.
func compounded(q string, tokens []index.Term, known map[int]bool) map[int]bool {
	out := map[int]bool{}
	heads := headWords(tokens)
	for i := 1; i < len(heads); i++ {
		a, b := heads[i-1], heads[i]
		if a.End != b.Start || known[a.Position] == known[b.Position] {
			continue
		}
		absent, present := a, b
		if known[a.Position] {
			absent, present = b, a
		}
		if strings.HasPrefix(index.PartOfSpeech(present.Text), "n") && !endsCount(q[:present.Start], present) {
			out[absent.Position] = true
		}
	}
	return out
}

// endsCount reports whether t, written right after before, is the
// measure word of a count ("多少人次", "3个", "100多人"): it ends the
// count and names no thing with the word after it (多少人次生病的职工).
func endsCount(before string, t index.Term) bool {
	if !grammar.IsUnit(t.Text) {
		return false
	}
	if strings.HasSuffix(before, "多少") || strings.HasSuffix(before, "几") {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return unicode.IsDigit(r) || strings.ContainsRune(chineseNumerals+"万亿多余来", r)
}

// idf is BM25's inverse document frequency.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// isCountPhrase reports a numeral with its measure word as the question
// asks it: "几项", "几个", "多少个".
func isCountPhrase(w string) bool {
	rest, ok := strings.CutPrefix(w, "几")
	if !ok {
		rest, ok = strings.CutPrefix(w, "多少")
	}
	return ok && utf8.RuneCountInString(rest) <= 2
}

// isTopical reports whether a word names a thing: a noun (of any kind),
// a Latin word or a word gse does not know, such as a name.
func isTopical(word string) bool {
	pos := index.PartOfSpeech(word)
	if pos == "" {
		// Not in the dictionary: a name (祝融号, 黔酒茶绣) or a Latin
		// word, or two characters gse's HMM glued ("发了", "建了"), which
		// name nothing.
		return utf8.RuneCountInString(word) >= 3 || !lang.AllHan(word)
	}
	return strings.HasPrefix(pos, "n") || pos == "eng" || pos == "j" || pos == "l" || pos == "i"
}

// chineseNumerals are the characters of numerals written in Chinese.
const chineseNumerals = "〇零一二两三四五六七八九十百千"

// ordinalRe is an ordinal's 第 and numeral: "第十五(次)", "第33(届)";
// periodRe a part of a year: "上半年", "第三季度", "前三季度". Either pins
// the answer: the 32nd Olympics or the whole year is another question.
var (
	ordinalRe = regexp.MustCompile(`第[0-9` + chineseNumerals + `]+`)
	periodRe  = regexp.MustCompile(`[上下]半年|(?:第|前)?[一二三四1-4]季度`)
)

// quotedRe finds text in a pair of quotation or title marks: “…”, ‘…’,
// 「…」, 『…』, 《…》, 〈…〉 or ASCII "…" (what NFKC makes of ＂…＂). Each
// pair closes with its own mark, so the text between two quoted runs is
// never taken for one.
var quotedRe = regexp.MustCompile(`“([^“”]*)”|‘([^‘’]*)’|「([^「」]*)」|『([^『』]*)』|《([^《》]*)》|〈([^〈〉]*)〉|"([^"]*)"`)

// quoteMarks are the opening marks quotedRe pairs.
const quoteMarks = `“‘「『《〈"`

// quotedNames are the names a question quotes, lower-cased as pins are
// compared: a programme, plan, campaign or law named in quotation or
// title marks is one thing, and a passage that does not name it speaks
// of another ("十五五" is not "十四五"). A name is two to twenty
// characters with no punctuation or space inside: shorter is a quoted
// character, and a quote with a comma, or longer, is a slogan or sentence
// the member may well recall in other words; a quote holding quotes
// (《“十四五”规划》) gives the names inside it. The name of a report
// (《政府工作报告》) says which document, which every passage of it
// answers, and pins nothing. ASCII quotes are read only when they pair up.
func (e *Engine) quotedNames(q string) []string {
	if !strings.ContainsAny(q, quoteMarks) {
		return nil // most questions: no regexp run
	}
	if strings.Count(q, `"`)%2 != 0 {
		q = strings.ReplaceAll(q, `"`, " ")
	}
	var out []string
	for _, m := range quotedRe.FindAllStringSubmatch(q, -1) {
		text := strings.Join(m[1:], "") // one group matched
		n := utf8.RuneCountInString(text)
		switch {
		case strings.IndexFunc(text, isSeparator) >= 0:
			out = append(out, e.quotedNames(text)...)
		case n >= 2 && n <= 20 && !e.lang.NamesReport(text):
			out = append(out, strings.ToLower(text))
		}
	}
	return out
}

// adminSuffixes follow a place name: "毕节市", "云南省".
var adminSuffixes = []string{"省", "市", "县", "区", "州", "镇", "乡"}

// places are the words of a question that name a place (gse tags ns; or a
// word followed by 市/省/县…), and Latin names the reports never use:
// with ordinals and parts of a year they pin the answer down.
// Person and organisation tags are not used: gse gives them to common
// characters (后, 周).
// A passage that does not say them answers another question.
func (e *Engine) places(tokens []index.Term, known map[int]bool) []string {
	// Per position (a word and the dictionary words inside it): the
	// shortest place name (云南, which 云南省 and 云南 both say).
	place := map[int]string{}
	var order []int
	for i, t := range tokens {
		if i == 0 || tokens[i-1].Position != t.Position {
			order = append(order, t.Position)
		}
		pos := index.PartOfSpeech(t.Text)
		if e.lang.IsQuestionWord(t.Text) || strings.HasPrefix(pos, "r") || numeralTag(pos) {
			continue // 咱们省, 这个市: a pronoun, not a place; 两个省: a count
		}
		// gse tags generic words ns too (城市, 地方), and many a city as
		// no place (周口 n, 遵义 v), which lang's list of provinces and
		// prefectures names: a place pins only as a name — followed by or
		// ending in 省/市/县…, or unknown to the reports — and a Latin
		// word only when the reports never use it.
		nextAdmin := false
		if next := nextPosition(tokens, i); next >= 0 && slices.Contains(adminSuffixes, tokens[next].Text) && tokens[next].Start == t.End {
			nextAdmin = utf8.RuneCountInString(t.Text) >= 2 && lang.AllHan(t.Text) && !namesNoPlace(t.Text, pos, tokens[next].Text)
		}
		// A listed name only as the whole word, or inside one ending in
		// 省/市… (遵义 in 遵义市): inside another word it is no place (长治
		// in 长治久安, 三明 in 三明治).
		group := groupText(tokens, t.Position)
		listed := e.lang.IsPlaceName(t.Text) && (t.Text == group || endsWithAny(group, adminSuffixes))
		isPlace := nextAdmin || !known[t.Position] && isLatin(t.Text) ||
			(pos == "ns" || listed) && (!known[t.Position] || endsWithAny(t.Text, adminSuffixes) || endsWithAny(group, adminSuffixes))
		if isPlace && (place[t.Position] == "" || len(t.Text) < len(place[t.Position])) {
			place[t.Position] = t.Text
		}
	}
	var out []string
	for _, p := range order {
		if place[p] != "" {
			out = append(out, place[p])
		}
	}
	return slices.Compact(out)
}

// regions are the question's place names that the reports use and that
// pin nothing (places): whole words at their position (not 京市 inside
// 北京市) that gse tags ns, of two Chinese characters or more.
func regions(tokens []index.Term, known map[int]bool, places []string) []string {
	var out []string
	for _, t := range headWords(tokens) {
		if known[t.Position] && index.PartOfSpeech(t.Text) == "ns" && utf8.RuneCountInString(t.Text) >= 2 && lang.AllHan(t.Text) &&
			!slices.ContainsFunc(places, func(p string) bool { return strings.Contains(t.Text, p) || strings.Contains(p, t.Text) }) {
			out = append(out, t.Text)
		}
	}
	return slices.Compact(out)
}

// namesNoPlace reports a word that, before the administrative suffix
// after it, is no place name: a preposition, conjunction, particle or
// word of direction (除了省总投的, 疫情期间省职工医院: gse's p, c, u, f),
// or a preposition glued to a character that makes a word with the
// suffix (在外省看病: 在 + 外省). gse tags many city names as verbs or
// adverbs from their other senses (遵义, 大连, 监利), so a tag alone
// says nothing of those.
func namesNoPlace(w, pos, suffix string) bool {
	if pos == "" {
		return false
	}
	switch pos[0] {
	case 'p', 'c', 'u', 'f':
		return true
	}
	_, first := utf8.DecodeRuneInString(w)
	_, last := utf8.DecodeLastRuneInString(w)
	return strings.HasPrefix(index.PartOfSpeech(w[:first]), "p") && index.PartOfSpeech(w[len(w)-last:]+suffix) != ""
}

func endsWithAny(w string, suffixes []string) bool {
	for _, s := range suffixes {
		// The name before the suffix has two characters or more: 云南省,
		// not 城市.
		if stem, ok := strings.CutSuffix(w, s); ok && utf8.RuneCountInString(stem) >= 2 {
			return true
		}
	}
	return false
}

// groupText is the first (longest) word at a position: the compound its
// dictionary parts came from.
func groupText(tokens []index.Term, position int) string {
	for _, t := range tokens {
		if t.Position == position {
			return t.Text
		}
	}
	return ""
}

// nextPosition is the index of the first token after tokens[i] at a later
// position, or -1.
func nextPosition(tokens []index.Term, i int) int {
	for j := i + 1; j < len(tokens); j++ {
		if tokens[j].Position != tokens[i].Position {
			return j
		}
	}
	return -1
}

// ordinalSpans are where q names an ordinal: 第 and a numeral followed by
// a measure word (第十五次, 第33届, 第三批) or standing alone (排名第一).
// Followed by a noun it is a word of its own, not a count — 第三方 (a
// third party), 第一线 (the front line), 第三产业 (the tertiary sector) —
// and pins nothing: the word itself is searched.
func ordinalSpans(q string) [][]int {
	var out [][]int
	for _, at := range ordinalRe.FindAllStringIndex(q, -1) {
		rest := q[at[1]:]
		r, _ := utf8.DecodeRuneInString(rest)
		if rest == "" || !unicode.Is(unicode.Han, r) || unitStartRe.MatchString(rest) {
			out = append(out, at)
		}
	}
	return out
}

// unitStartRe finds a measure word or unit of the grammar at the start of
// a text ("次代表大会" after 第十五).
var unitStartRe = regexp.MustCompile(`^(?:` + strings.Join(quoteAll(grammar.Units()), "|") + `)`)

func isLatin(w string) bool {
	for _, r := range w {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return len(w) > 1
}

// expand turns terms into the weighted search query, one clause a word.
func expand(terms []term) []index.WeightedTerm {
	var out []index.WeightedTerm
	at := map[string]int{}
	for _, t := range terms {
		if !t.known {
			continue
		}
		w := t.idf * t.factor
		if i, ok := at[t.text]; ok {
			out[i].Weight = max(out[i].Weight, w)
			continue
		}
		at[t.text] = len(out)
		out = append(out, index.WeightedTerm{Text: t.text, Weight: w})
	}
	return out
}

// intent is what kind of answer a question wants.
type intent struct {
	quantity bool
	kind     string // "date", "percent", "money", "duration", "count", "ordinal" or ""
	// procedure is the verb of a how-to question ("申请" in "怎么申请"):
	// the question asks something (a follow-up reads it so).
	procedure string
	// figureAsk: a change or a level, a start, a year (answer/figure.go).
	figureAsk
}

// The intent cues, from lang's data (lang/data/intent.txt): each a
// regexp of its section's words. howToRe adds structure around them: a
// verb after "how" (howManyRe, the unit after "how many", is askFigure's).
var (
	dateRe     = cueRegexp("date")
	percentRe  = cueRegexp("percent")
	moneyRe    = cueRegexp("money")
	durationRe = cueRegexp("duration")
	countRe    = cueRegexp("amount")
	whichRe    = cueRegexp("which")
)

// howToRe finds a question about a procedure: "怎么申请", "如何加入".
var howToRe = regexp.MustCompile(`(?:` + cueAlternation("procedure") + `)(?:样)?(?:才能|去|来)?(\p{Han}{2})`)

// cueRegexp matches any cue of one section of lang's intent cues.
func cueRegexp(section string) *regexp.Regexp {
	return regexp.MustCompile(cueAlternation(section))
}

func cueAlternation(section string) string {
	cues := lang.Default().IntentCues(section)
	if len(cues) == 0 {
		// The file is embedded and tested: a missing section is a
		// programming error.
		panic("answer: no intent cues for " + section)
	}
	return strings.Join(quoteAll(cues), "|")
}

func detectIntent(q string) intent {
	var in intent
	if m := howToRe.FindStringSubmatch(q); m != nil {
		in.procedure = m[1]
	}
	in.figureAsk = askFigure(q)
	// A share, a sum of money or a span of time is asked for only when
	// the question asks how much: "经费收支管理出台了什么细则" names funds
	// but asks for a rule, "覆盖率" in a question about measures is a topic.
	// "哪几个省" asks which provinces: the 几 of a which-cue asks no amount.
	asked := whichRe.ReplaceAllString(q, "")
	// An amount to check ("是不是有6个亿") asks how much as 多少 does:
	// its kind is read by the same cues ("发的钱是不是有6个亿": money).
	amount := countRe.MatchString(asked) || in.figureAsk.checks
	switch {
	case ordinalAskRe.MatchString(q):
		// "第几次", "第多少届": which one, answered by an ordinal.
		in.kind = "ordinal"
	case dateRe.MatchString(q):
		in.kind = "date"
	case amount && durationRe.MatchString(q):
		in.kind = "duration"
	case amount && percentRe.MatchString(q) && !in.notShare:
		// A "…率" that is no share ("汇率") asks an amount.
		in.kind = "percent"
	case amount && moneyRe.MatchString(q):
		in.kind = "money"
	case amount:
		in.kind = "count"
	}
	in.kind = shareKind(in)
	in.quantity = in.kind != ""
	unit := askedUnit(in)
	if unit == "" {
		// "帮扶资金是不是惠及3000人": the amount checked is in its unit.
		unit = in.figureAsk.checkedUnit
	}
	switch kind := grammar.UnitKind(unit); {
	case unit == "":
	case kind == corpus.KindMoney:
		in.kind = "money"
	case kind == corpus.KindPercent:
		// "多产了几成", "增长了几个百分点": a share asked in its unit.
		in.kind = "percent"
	case in.kind == "money" && (strings.Contains(asked, unit+"钱") || strings.Contains(asked, unit+"的钱")):
		// "多少块钱": 块 measures money.
	case kind == corpus.KindCount && (in.kind == "money" || in.kind == "percent" || in.kind == "duration"):
		// "资金补助的创新工作室项目有多少个" counts the projects, "多少个
		// 城市的优良率达到100%" the cities, "这几年接了多少个电话" the
		// calls: the money, share or years named are what they have or
		// when, not what is asked.
		in.kind = "count"
	}
	return in
}

// shareKind is the kind of answer a quantity question asks once it names
// a share (比重, 占比): a percentage, whatever money or count words it
// holds ("应付账款余额占总资产的比重是多少"); a date, an ordinal or no
// quantity stays as asked. A follow-up asking prev's question of a share
// ("占比呢") reads it again.
func shareKind(in intent) string {
	if in.share && (in.kind == "count" || in.kind == "money") {
		return "percent"
	}
	return in.kind
}

// wordAt is the word the dictionary cuts q into that starts at byte i,
// or "" when a word runs across i.
func wordAt(q string, i int) string {
	at := 0
	for _, w := range cut(q) {
		if at == i {
			return w
		}
		if at > i {
			break
		}
		at += len(w)
	}
	return ""
}

// unitFamily groups measure words that answer the same "how many".
func unitFamily(u string) string {
	switch u {
	case "人", "人次", "名", "位":
		return "people"
	case "个", "家", "所", "座", "处":
		return "things"
	}
	return u
}

func containsTerm(list []string, t string) bool { return slices.Contains(list, t) }

// askedSpans are the byte ranges of q that ask rather than name, beyond
// the question words: an A-not-A question (管不管, 是不是, 可不可以, 有没有)
// and, in a question asking how much, an amount the member guesses
// ("是不是有一千多万", "快700w了", "几千万"), or one it checks (checks:
// "上网的人有10个亿吗"). Their words are not the
// topic: a passage need not say them, and gse cuts them into pieces
// (管 + 不管, 两百多 + 万张) that would each count as a word asked.
func askedSpans(q string, quantity, checks bool) [][2]int {
	out := append(aNotASpans(q), degreeSpans(q)...)
	for _, at := range askedNumberRe.FindAllStringIndex(q, -1) {
		out = append(out, [2]int{at[0], at[1]})
	}
	if quantity {
		for _, at := range guessRe.FindAllStringSubmatchIndex(q, -1) {
			// A guess: approximate (多, 余, 几, 快, 近, w) or put to be
			// checked (是不是); an exact amount the member quotes
			// ("除了省总投的2100万") names what the passage says.
			guessed := at[2] >= 0
			if guessed {
				// A guessing word glued to the character before it into
				// a word (the 近 of 最近, the 约 of 节约) is none.
				if prev, size := utf8.DecodeLastRuneInString(q[:at[2]]); size > 0 && index.PartOfSpeech(string(prev)+q[at[2]:at[3]]) != "" {
					guessed, at[0] = false, at[3]
				}
			}
			span := q[at[0]:at[1]]
			if grammar.Inexact(span) || guessed || checks {
				out = append(out, [2]int{at[0], at[1]})
			}
		}
	}
	return out
}

// degreeSpans finds the question's 多 + adjective interrogatives (多大,
// 多高, 多长, 多久: lang's question words of that form), which the
// segmenter cuts into 多 and the adjective when the dictionary lacks the
// pair ("规模有多大" → 有 / 多 / 大).
func degreeSpans(q string) [][2]int {
	if !strings.Contains(q, "多") {
		return nil
	}
	var out [][2]int
	for _, w := range degreeWords() {
		for i := 0; ; {
			j := strings.Index(q[i:], w)
			if j < 0 {
				break
			}
			out = append(out, [2]int{i + j, i + j + len(w)})
			i += j + len(w)
		}
	}
	slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	return out
}

// degreeWords are lang's question words of the form 多 + one character.
var degreeWords = sync.OnceValue(func() []string {
	var out []string
	for _, w := range lang.Default().QuestionWords() {
		if rs := []rune(w); len(rs) == 2 && rs[0] == '多' && w != "多少" {
			out = append(out, w)
		}
	}
	return out
})

// guessRe is an amount as a member states one (the grammar's
// GuessPattern); group 1 is a word of guessing before it (快, 近, 约).
var guessRe = regexp.MustCompile(grammar.GuessPattern())

// aNotASpans finds the A-not-A questions of q: a verb, a negation (不,
// 没) and the verb again (管不管, 会不会, 有没有), or a two-character verb
// of lang's list asked by its first character (可不可以, 需不需要); the
// word after any other (有没有钱) is what is asked about.
func aNotASpans(q string) [][2]int {
	d := lang.Default()
	var out [][2]int
	rs := []rune(q)
	at := 0 // byte offset of rs[i]
	for i := 0; i+2 < len(rs); i++ {
		if d.IsIntentCue("a-not-a-negation", string(rs[i+1])) && rs[i] == rs[i+2] && unicode.Is(unicode.Han, rs[i]) && !d.IsIntentCue("a-not-a-negation", string(rs[i])) {
			end := i + 3
			if end < len(rs) && d.IsIntentCue("a-not-a-verb", string(rs[i+2:end+1])) {
				end++ // 可不可以: the two-character verb whole
			}
			out = append(out, [2]int{at, at + len(string(rs[i:end]))})
		}
		at += utf8.RuneLen(rs[i])
	}
	return out
}

// askedNumberRe is a fraction or an ordinal asked for: 百分之几, 三分之几,
// 百分之多少, 第几次, 第多少届 (with its measure word). What it asks (a share, which one) is read from
// the question's intent cues; its words (百分, 百分之, 三分 as gse cuts
// them) name no topic a passage must say.
var askedNumberRe = regexp.MustCompile(`[百千万两一二三四五六七八九十]分之(?:几|多少)|第(?:几|多少)\p{Han}?`)

// ordinalAskRe asks which one by its ordinal: 第几次, 第多少届.
var ordinalAskRe = regexp.MustCompile(`第(?:几|多少)`)

// clauseMarks end a clause of a message; in a chat a space does too.
const clauseMarks = "，,。.？?！!；;、：: 　\n"

// asideSpans are the byte spans of a message's asides: clauses before its
// last that greet and ask nothing ("老师好" of "老师好，…能多补几块钱？").
// A greeting's words (老师, 大家) weighed as much as the question's topic
// and kept passages that answer it under the coverage an answer needs.
func asideSpans(q string) [][2]int {
	var out [][2]int
	start := 0
	for i, r := range q {
		if !strings.ContainsRune(clauseMarks, r) {
			continue
		}
		clause := q[start:i]
		if rest := strings.TrimFunc(q[i:], func(r rune) bool { return strings.ContainsRune(clauseMarks, r) || unicode.IsSpace(r) }); rest != "" &&
			lang.Default().IsAside(clause) {
			out = append(out, [2]int{start, i})
		}
		start = i + utf8.RuneLen(r)
	}
	return out
}

// isWordRune reports a letter or digit: what says something, where marks,
// symbols and emoji do not (contextGroups).
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// withoutAsked drops the tokens that lie wholly inside an asked span.
func withoutAsked(tokens []index.Term, spans [][2]int) []index.Term {
	if len(spans) == 0 {
		return tokens
	}
	return slices.DeleteFunc(slices.Clone(tokens), func(t index.Term) bool {
		for _, s := range spans {
			if t.Start >= s[0] && t.End <= s[1] {
				return true
			}
		}
		return false
	})
}

// joinedTypo is a report word that two adjacent words of a question,
// joined, may be a typo of.
type joinedTypo struct {
	first, second int // the two words' positions
	words         []string
}

// joinedTypos finds the typos a homophone split in two: pinyin input
// picks a character of the same sound (普及绿 for 普及率, 失业律 for
// 失业率), and gse, which knows the wrong character as a word of its own,
// reads a word and a character (普及 + 绿) where the member wrote one
// word, so neither is a word no report uses and Homophones never sees
// the typo. A word and the single character written after it, both
// asked, are read as the index's words of the same pinyin as the two
// joined, when there are few enough to say which (maxAlternatives). The
// character before a word is left alone: it is more often a word of the
// sentence ("这件事政府怎么说": 事 + 政府 sounds like 市政府), and a typo
// there leaves the word it starts unknown, which Homophones reads (总公会);
// so are two single characters (年新 → 年薪 of "2024年新招聘").
func joinedTypos(tokens []index.Term, asked map[int]bool, lex *index.Lexicon) []joinedTypo {
	heads := headWords(tokens)
	var out []joinedTypo
	for i := 1; i < len(heads); i++ {
		a, b := heads[i-1], heads[i]
		na, nb := utf8.RuneCountInString(a.Text), utf8.RuneCountInString(b.Text)
		if a.End != b.Start || !asked[a.Position] || !asked[b.Position] || na < 2 || nb != 1 {
			continue
		}
		joined := a.Text + b.Text
		if lex.Has(joined) {
			continue // a word the reports use: no typo
		}
		if words := lex.Homophones(joined); len(words) > 0 && len(words) <= maxAlternatives {
			out = append(out, joinedTypo{first: a.Position, second: b.Position, words: words})
		}
	}
	return out
}

// headWords are the whole words of a question, one a position: the
// analyzer's first token at each (search mode adds the dictionary words
// inside a compound at its position after it: 社会保险基金, 社会, 保险…).
func headWords(tokens []index.Term) []index.Term {
	var heads []index.Term
	for i, t := range tokens {
		if i == 0 || tokens[i-1].Position != t.Position {
			heads = append(heads, t)
		}
	}
	return heads
}

// clauseSeparators end a clause of a member's question: commas, stops
// and the marks of a question or exclamation. Not 、, which joins the
// items of one list ("工资、社保各涨了多少"), nor a space or a full stop
// written as ".", which may stand inside one clause ("GDP 增长多少",
// 3.5%); asideSpans reads greetings by a wider set (clauseMarks).
const clauseSeparators = "，,。；;！!？?"

// neighbourPairs are the positions of the question's words written one
// right after the other (its head words, in order), with nothing between
// them but what the analyzer drops (的, spaces) — not a clause separator:
// "一般公共预算的收入" pairs 一般, 公共, 预算 and 收入; "收入里，税收" pairs
// nothing across the comma.
func neighbourPairs(q string, tokens []index.Term) [][2]int {
	heads := headWords(tokens)
	var out [][2]int
	for i := 1; i < len(heads); i++ {
		a, b := heads[i-1], heads[i]
		if b.Start > a.End && strings.ContainsAny(q[a.End:b.Start], clauseSeparators) {
			continue
		}
		out = append(out, [2]int{a.Position, b.Position})
	}
	return out
}

// contextGroups are the groups of tokens that q says only before its last
// clause, or nil when it has one clause or its last clause holds none of
// tokens ("…，是多少？", "…？谢谢" ask nothing of their own): a
// long-winded question puts its context first and asks last. Trailing
// marks, symbols and emoji end no clause, and a comma between digits
// (1,000) is a thousands separator.
func contextGroups(q string, tokens []index.Term) map[int]bool {
	trimmed := strings.TrimRightFunc(q, func(r rune) bool { return !isWordRune(r) })
	last := -1
	for i, r := range trimmed {
		if !strings.ContainsRune(clauseSeparators, r) {
			continue
		}
		if r == ',' || r == '，' {
			before, _ := utf8.DecodeLastRuneInString(trimmed[:i])
			after, _ := utf8.DecodeRuneInString(trimmed[i+utf8.RuneLen(r):])
			if unicode.IsDigit(before) && unicode.IsDigit(after) {
				continue
			}
		}
		last = i
	}
	if last < 0 {
		return nil
	}
	before, after := map[int]bool{}, map[int]bool{}
	for _, t := range tokens {
		if t.End <= last {
			before[t.Position] = true
		} else {
			after[t.Position] = true
		}
	}
	if len(after) == 0 {
		return nil
	}
	for g := range after {
		delete(before, g)
	}
	if len(before) == 0 {
		return nil
	}
	return before
}

// weighWith gives qr the engine's weights that ranking and refusal read
// from a query (context, proximity, the figure's choice, ranking) and
// whether rank keeps features for the engine's hooks: one place for a
// question's reading and a follow-up's merged one alike.
func (e *Engine) weighWith(qr *query) {
	qr.contextWeight, qr.proximityWeight = e.Weights.Context, e.Weights.Proximity
	qr.figureChoice, qr.rankWeights = e.Weights.Figure, e.Weights.Rank
	qr.keepFeatures = e.FiguresWeighed != nil || e.Ranked != nil
}

// choice is the weights choosing a passage's figure: figureChoice, or
// HandFigureWeights when it is unset (all zero, which would choose no
// figure over another).
func (qr query) choice() FigureWeights {
	if qr.figureChoice == (FigureWeights{}) {
		return HandFigureWeights()
	}
	return qr.figureChoice
}

// rankChoice is the weights ranking candidates: rankWeights, or
// HandRankWeights with the query's proximity weight when it is unset.
func (qr query) rankChoice() RankWeights {
	if qr.rankWeights == (RankWeights{}) {
		return HandRankWeights(qr.proximityWeight)
	}
	return qr.rankWeights
}
