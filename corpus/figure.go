package corpus

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FigureKind says what sort of quantity a figure is.
type FigureKind string

// The kinds of figure ExtractFigures recognises.
const (
	KindCount    FigureKind = "count"    // 1947个, 693.96万人, 468万余人次, 700多万
	KindPercent  FigureKind = "percent"  // 96.82%, 0.3个百分点, 三成
	KindMoney    FigureKind = "money"    // 10.44亿元, 2100万元
	KindMeasure  FigureKind = "measure"  // 1.37万亿斤, 12亿千瓦, 960万平方公里
	KindChange   FigureKind = "change"   // the 4.9% of 比上年增长4.9%, the 0.3个百分点 of 下降0.3个百分点
	KindDate     FigureKind = "date"     // 2023年3月29日, 7月20日, 11月底
	KindDuration FigureKind = "duration" // 连续5年
	KindOrdinal  FigureKind = "ordinal"  // 第三次, 第48届: which one, not how many
)

// Figure is one quantity stated in a passage.
type Figure struct {
	// Text is the figure as written, with its qualifiers: "693.96万人",
	// "约5%", "2%左右", "1.37万亿斤".
	Text string     `json:"text"`
	Kind FigureKind `json:"kind"`
	// Value is the number with its multiplier applied (693.96万 → 6939600);
	// for a share, in per cent (三成 → 30); for a change, negative when it
	// is a fall (下降0.3个百分点 → -0.3); for an ordinal, its number (第三次
	// → 3); for dates it is 0.
	Value float64 `json:"value,omitempty"`
	// Unit is the measure word or unit after the number: "人", "个", "%",
	// "元", "斤", "个百分点".
	Unit string `json:"unit,omitempty"`
	// Label is what the figure counts, for display: "工会会员".
	Label string `json:"label"`
	// Before is the text of the figure's clause before it and After the
	// text after it, each up to the nearest clause boundary or other figure.
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Clause is the whole sentence part (between , ; 。) holding the figure.
	Clause string `json:"clause,omitempty"`
	// Parent is the context of the total a figure is part of: in
	// "创新工作室1970个,其中…省级工作室512个" the 512 are among the 1970
	// 劳模和工匠人才创新工作室.
	Parent string `json:"parent,omitempty"`
	// Topic is the opening clause of the figure's sentence when the
	// figure's own words name no subject: in "职工医疗互助实现省级统筹,截至
	// 11月底,累计1085.13万人次参与" the 1085.13万人次 are of 职工医疗互助. For
	// a figure taking the subject of the one before, it is the words that
	// subject was cut from, when the cut dropped some: in "细颗粒物（PM2.5）
	// 年平均浓度30微克/立方米，比上年下降9.1%" the 9.1% is of 细颗粒物（PM2.5）.
	Topic string `json:"topic,omitempty"`
	// Year is the year the figure is stated for, when its sentence names
	// one before it: in "从2012年的36%提高到2022年的55%" 36% is 2012's and
	// 55% is 2022's.
	Year int `json:"year,omitempty"`
	// Low is the low end of a range, whose Value is its high end: 3 for
	// "3%—5%", 100000 for "10~20万元".
	Low float64 `json:"low,omitempty"`
	// From marks a figure that is the base of another, not the answer: the
	// starting value A of "从A提高到B" or "由A增至B" (B is the level now),
	// or the 1美元 of "1美元兑6.4515元人民币".
	From bool `json:"from,omitempty"`
	// Start and End are byte offsets of Text in the passage text.
	Start int `json:"start"`
	End   int `json:"end"`
}

// clauseBreaks end the clause a figure's context is read from;
// itemBreaks additionally end an item of an enumeration.
const (
	clauseBreaks = ",，;；。!！?？:：\n"
	itemBreaks   = clauseBreaks + "、"
)

// sentenceBreaks end a sentence part that shares one subject.
const sentenceBreaks = ";；。!！?？\n"

// ExtractFigures finds every quantity in text with the default grammar.
func ExtractFigures(text string) []Figure { return defaultGrammar.ExtractFigures(text) }

// ExtractFigures finds every quantity in text: counts with their measure
// word, money, measures, shares, changes, dates and durations, each with
// its qualifiers (约, 超过, 左右, 以上), and ordinals (第三次). A bare number
// with no unit or place value (a year in brackets, a hotline "12351") is
// not a figure.
func (g *Grammar) ExtractFigures(text string) []Figure {
	var figs []Figure
	for _, m := range g.matches(text) {
		start, end := m[0], m[1]
		numStart := start
		ranged := false // a range, whose low end may be read already
		f, ok := g.classify(text, m)
		if !ok || strings.HasSuffix(text[:start], "第") || g.isIdiom(text[start:]) {
			continue
		}
		if f.Kind != KindDate && f.Kind != KindDuration {
			if f.Unit != "" {
				// The quantity a unit is of: "52.4亿吨标准煤" (tce).
				for _, t := range g.unitTails {
					if strings.HasPrefix(text[end:], t) {
						f.Unit += t
						end += len(t)
						break
					}
				}
				// A compound unit (GB 3100): "146380元/人", "30微克/立方米".
				if per := g.perUnit(text[end:]); per != "" {
					f.Unit += per
					end += len(per)
				}
			}
			if lo, low, ok := g.lowEnd(text, start, f, g.multOf(text, m)); ok {
				// The range is one figure, its low end signed as a
				// figure is ("-2%~3%").
				if sign := g.minusBefore(text, lo); sign > 0 {
					lo, low = lo-sign, -low
				}
				numStart, f.Low, ranged = lo, low, true
			} else if sign := g.minusBefore(text, start); sign > 0 {
				numStart -= sign
				f.Value = -f.Value
			}
			start, end = g.qualify(text, numStart, end)
		} else if f.Kind == KindDate {
			end = g.qualifyDate(text, end)
		}
		// The number's own start (or its range's or sign's), not the
		// qualifier's before it: "GDP突破1.2万美元" is a figure, the 突破
		// standing between it and GDP.
		if partOfLargerToken(text, numStart, end) {
			continue
		}
		// A range's low end some earlier match read as a figure of its
		// own is part of this one.
		for ranged && len(figs) > 0 && figs[len(figs)-1].End > start {
			figs = figs[:len(figs)-1]
		}
		f.Text, f.Start, f.End = text[start:end], start, end
		figs = append(figs, f)
	}
	for i := range figs {
		var prev, next *Figure
		if i > 0 {
			prev = &figs[i-1]
		}
		if i+1 < len(figs) {
			next = &figs[i+1]
		}
		g.setContext(text, &figs[i], prev, next)
	}
	g.detachNouns(figs)
	g.resolveRespectively(text, figs)
	g.resolveChange(text, figs)
	g.resolveSubjects(text, figs)
	resolveEnumerations(text, figs)
	resolveYears(text, figs)
	resolveAmong(text, figs)
	return g.withOrdinals(text, figs)
}

// withOrdinals adds to figs the ordinals of text: 第, a numeral and a
// measure word that counts (第三次, 第48届, 第十五次代表大会), each labelled
// with what it numbers, as a date is with its event. They are read after
// the amounts, so an amount's words and subject are what they were
// without them ("第十五次代表大会的代表706名" counts 代表 of that congress);
// an ordinal's own words stop at the amounts beside it, as an amount's
// do. An ordinal with no measure word (第一产业, 第三季度) names a thing or
// a part of a year, and one whose measure word is a unit of time (第一个
// 月) a time, not an answer to "第几"; nor is a measure word that opens a
// longer word (第一部分: the grammar's idioms). (第3个季度 is still read
// as 第3个: 个季度 is no unit of the grammar.)
func (g *Grammar) withOrdinals(text string, figs []Figure) []Figure {
	var ords []Figure
	for at := 0; ; {
		i := strings.Index(text[at:], "第")
		if i < 0 {
			break
		}
		start := at + i + len("第")
		at = start
		numEnd := start
		for numEnd < len(text) {
			r, size := utf8.DecodeRuneInString(text[numEnd:])
			if !(r >= '0' && r <= '9') && !g.isNumeralRune(r) {
				break
			}
			numEnd += size
		}
		if numEnd == start {
			continue
		}
		at = numEnd
		v, ok := g.number(text[start:numEnd])
		if !ok || v <= 0 {
			continue
		}
		// The longest unit there, so 个月 is read whole and refused as a
		// time rather than read as 个.
		unit := ""
		for _, u := range g.unitList {
			if strings.HasPrefix(text[numEnd:], u) {
				unit = u
				break
			}
		}
		if info := g.units[unit]; unit == "" || info.kind != KindCount || info.time || g.isIdiom(text[numEnd:]) {
			continue
		}
		end := numEnd + len(unit)
		at = end
		f := Figure{Kind: KindOrdinal, Value: v, Unit: unit, Text: text[start-len("第") : end], Start: start - len("第"), End: end}
		// Its words stop at the amounts beside it (figs is in order).
		var prev, next *Figure
		for k := range figs {
			if figs[k].End <= f.Start {
				prev = &figs[k]
			} else if next == nil && figs[k].Start >= end {
				next = &figs[k]
			}
		}
		g.setContext(text, &f, prev, next)
		ords = append(ords, f)
	}
	if len(ords) == 0 {
		return figs
	}
	figs = append(figs, ords...)
	slices.SortStableFunc(figs, func(a, b Figure) int { return a.Start - b.Start })
	return figs
}

// isNumeralRune reports a character a number is written in with Chinese
// digits and the place values within a myriad (一, 两, 十, 百, 千).
func (g *Grammar) isNumeralRune(r rune) bool {
	if _, ok := g.digits[r]; ok {
		return true
	}
	m, ok := g.multipliers[string(r)]
	return ok && m < 1e4
}

// matches finds the figure regexp's matches in text, as
// FindAllStringSubmatchIndex does. A number whose grouping fails — a
// comma, then more than three digits ("1,2345") — is no number grouped in
// thousands: the figure is read again there without grouping ("1", then
// "2345").
func (g *Grammar) matches(text string) [][]int {
	var out [][]int
	for pos := 0; pos < len(text); {
		m := g.re.FindStringSubmatchIndex(text[pos:])
		if m == nil {
			break
		}
		shift := pos
		if n := 2 * g.gNum; m[n] >= 0 && g.badGrouping(text[pos:], m[n], m[n+1]) {
			shift = pos + m[0]
			m = g.plain.FindStringSubmatchIndex(text[shift:])
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += shift
			}
		}
		out = append(out, m)
		pos = m[1]
		if m[1] == m[0] {
			_, size := utf8.DecodeRuneInString(text[pos:])
			pos += size
		}
	}
	return out
}

// badGrouping reports a number s[i:j] grouped in thousands whose last
// group runs on into more digits: "1,2345" is no 12,345.
func (g *Grammar) badGrouping(s string, i, j int) bool {
	return strings.ContainsFunc(s[i:j], g.IsThousandsSeparator) && j < len(s) && s[j] >= '0' && s[j] <= '9'
}

// plainDigits drops the thousands separators of a number in digits:
// "4,459.32" → "4459.32".
func (g *Grammar) plainDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if g.IsThousandsSeparator(r) {
			return -1
		}
		return r
	}, s)
}

// perUnit is the "/人" of "元/人" at the start of s, or "".
func (g *Grammar) perUnit(s string) string {
	rest, ok := strings.CutPrefix(s, "/")
	if !ok {
		return ""
	}
	for _, u := range g.unitList {
		if strings.HasPrefix(rest, u) {
			return "/" + u
		}
	}
	return ""
}

// multOf is the run of place values of the figure regexp's match m in
// text: "万" of "693.96万人", "万亿" of "2万多亿元".
func (g *Grammar) multOf(text string, m []int) string {
	var mult string
	for _, i := range []int{g.gMult1, g.gMult3, g.gMult2, g.gMult4} {
		if m[2*i] >= 0 {
			mult += text[m[2*i]:m[2*i+1]]
		}
	}
	return mult
}

// rangeWindow bounds how far back lowEnd looks for a range's low end, in
// bytes: a number grouped in thousands with decimals, two place values, a
// unit and a joiner fit in it ("1,209,600.25万千瓦时—" is 33 bytes).
const rangeWindow = 64

// lowEnd finds the low end of a range whose high end f, with place values
// mult, starts at start in text: "3%—5%", "2000至5000元", "10~20万元". It
// returns where the low end starts and its value, read with the high
// end's place values and unit when it has none of its own (10~20万元 is
// 10万 to 20万元). A low end with another unit, or opening an ordinal
// (第3-5名) or a change from it (从3%至5%), makes no range.
func (g *Grammar) lowEnd(text string, start int, f Figure, mult string) (int, float64, bool) {
	if g.rangeLow == nil {
		return 0, 0, false
	}
	from := max(0, start-rangeWindow)
	for from < start && !utf8.RuneStart(text[from]) {
		from++
	}
	m := g.rangeLow.FindStringSubmatchIndex(text[from:start])
	if m == nil {
		return 0, 0, false
	}
	group := func(name string) string {
		i := g.rangeLow.SubexpIndex(name)
		if m[2*i] < 0 {
			return ""
		}
		return text[from+m[2*i] : from+m[2*i+1]]
	}
	lo := from + m[0]
	num, lowMult, unit := group("num"), group("mult"), group("unit")
	if unit != "" && unit != f.Unit {
		return 0, 0, false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:lo])
	if (before < 0x80 && (isLatinOrDigit(before) || before == '.')) || slices.ContainsFunc(g.from, func(w string) bool { return strings.HasSuffix(text[:lo], w) }) || strings.HasSuffix(text[:lo], "第") {
		return 0, 0, false
	}
	v, ok := g.number(num)
	if !ok {
		return 0, 0, false
	}
	if lowMult == "" && unit == "" {
		lowMult = mult
	}
	v = g.scale(num, v, lowMult)
	if u := g.units[f.Unit]; u.percent != 0 {
		v *= u.percent
	}
	return lo, v, true
}

// minusBefore is the length in bytes of the minus sign written right
// before a number at start ("-2.3%"), or 0. A sign after a digit, a Latin
// letter or a point is no sign but a hyphen ("0851-12345", "GB-2").
func (g *Grammar) minusBefore(text string, start int) int {
	for _, sign := range g.minusSigns {
		if !strings.HasSuffix(text[:start], sign) {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(text[:start-len(sign)])
		if before < 0x80 && (isLatinOrDigit(before) || before == '.') {
			return 0
		}
		return len(sign)
	}
	return 0
}

// qualify widens a figure over the qualifiers around it: "超过" before,
// "左右" after.
func (g *Grammar) qualify(text string, start, end int) (int, int) {
	for _, q := range g.qualBefore {
		if strings.HasSuffix(text[:start], q) && !g.endsIdiom(text[:start], q) {
			start -= len(q)
			break
		}
	}
	for _, q := range g.qualAfter {
		if strings.HasPrefix(text[end:], q) && !g.isIdiom(text[end:]) {
			end += len(q)
			break
		}
	}
	return start, end
}

// qualifyDate widens a date over the word after it that bounds it:
// "6月底前", "7月1日起".
func (g *Grammar) qualifyDate(text string, end int) int {
	for _, q := range g.dateQualAfter {
		if strings.HasPrefix(text[end:], q) && !g.isIdiom(text[end:]) {
			return end + len(q)
		}
	}
	return end
}

// endsIdiom reports whether s ends with a fixed word longer than the
// qualifier q it ends with: the 约 of 节约 is no "about".
func (g *Grammar) endsIdiom(s, q string) bool {
	return slices.ContainsFunc(g.idioms, func(w string) bool { return len(w) > len(q) && strings.HasSuffix(s, w) })
}

func (g *Grammar) isIdiom(s string) bool {
	return slices.ContainsFunc(g.idioms, func(w string) bool { return strings.HasPrefix(s, w) })
}

// lastLabelCut is the byte offset of the last quote, bracket, 为 or 以
// in b after which a figure's noun phrase starts, or -1; a 以 that opens
// 以上, 以下, 以来, 以内 or 以外 is part of the phrase.
func lastLabelCut(b string) int {
	for i := len(b); i > 0; {
		j := strings.LastIndexAny(b[:i], "”)）为以")
		if j < 0 {
			return -1
		}
		if r, size := utf8.DecodeRuneInString(b[j:]); r == '以' {
			if next, _ := utf8.DecodeRuneInString(b[j+size:]); strings.ContainsRune("上下来内外", next) {
				i = j
				continue
			}
		}
		return j
	}
	return -1
}

// partOfLargerToken rejects numbers glued to Latin text or other digits,
// such as "1+1+N" or "国发(2022)2号".
func partOfLargerToken(text string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(text[:start])
	after, _ := utf8.DecodeRuneInString(text[end:])
	return strings.ContainsRune("+-/×*", before) || strings.ContainsRune("+-/×*", after) ||
		(before < 0x80 && (isLatinOrDigit(before) || before == '.')) ||
		(after < 0x80 && isLatinOrDigit(after))
}

var numRe = regexp.MustCompile(`\d+(?:\.\d+)?`)

// classify reads the figure regexp's match m in text.
func (g *Grammar) classify(text string, m []int) (Figure, bool) {
	s := text[m[0]:m[1]]
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return text[m[2*i]:m[2*i+1]]
	}
	var f Figure
	switch {
	case strings.HasPrefix(s, "连续"):
		f.Kind = KindDuration
		f.Value, _ = strconv.ParseFloat(numRe.FindString(s), 64)
		f.Unit = strings.TrimLeft(strings.TrimPrefix(s, "连续"), "0123456789")
		return f, true
	case group(g.gPct) != "":
		v, ok := g.number(group(g.gPct))
		if !ok && group(g.gPct) == "百" {
			v, ok = 100, true // 百分之百
		}
		return Figure{Kind: KindPercent, Unit: "%", Value: v}, ok
	case group(g.gQMult) != "":
		// "超亿元": the place value stands for one of it.
		u, known := g.units[group(g.gQUnit)]
		if known && u.kind == "" {
			return Figure{}, false
		}
		f.Value, f.Unit, f.Kind = g.multiplier(group(g.gQMult)), group(g.gQUnit), u.kind
		if f.Unit == "" {
			f.Kind = KindCount
		}
		if u.percent != 0 {
			f.Value *= u.percent
		}
		return f, true
	case group(g.gNum) == "":
		f.Kind = KindDate
		return f, true
	}
	num, mult, unit := group(g.gNum), g.multOf(text, m), group(g.gUnit)
	v, ok := g.number(num)
	if !ok {
		return Figure{}, false
	}
	u, known := g.units[unit]
	switch {
	case mult == "" && unit == "" && (isDigits(num) || !g.hasPlaceValue(num, 1e4)):
		// A bare number; but "一万亿", like "700多万", is an amount.
		return Figure{}, false
	case known && u.kind == "":
		return Figure{}, false // "60岁" bounds an age, it counts nothing
	case u.year && mult == "" && len(num) == 4 && isDigits(num) && !strings.Contains(s, "多") && !strings.Contains(s, "余"):
		return Figure{}, false // "2023年" is a year, not a span of years
	case !isDigits(num) && mult == "" && u.percent == 0 && !g.hasPlaceValue(num, 10):
		// A number in characters with no place value is too often part of
		// a word ("一个中心", "两个维护") to count as a figure.
		return Figure{}, false
	}
	v = g.scale(num, v, mult)
	f.Value, f.Unit, f.Kind = v, unit, u.kind
	if unit == "" {
		f.Kind = KindCount // "700多万"
	}
	if u.percent != 0 {
		f.Value = v * u.percent
	}
	return f, true
}

// number reads digits ("693.96", "4,459.32") or characters ("两千").
func (g *Grammar) number(s string) (float64, bool) {
	if isDigits(s) {
		v, err := strconv.ParseFloat(g.plainDigits(s), 64)
		return v, err == nil
	}
	return g.chineseNumber(s)
}

// scale applies the place values mult to v, the value of num. A number
// in digits is scaled in decimal ("20164.58" and "亿" read as
// "20164.58e8"), so 20164.58亿 is the float nearest 2016458000000 rather
// than 20164.58×1e8 with its rounding error.
func (g *Grammar) scale(num string, v float64, mult string) float64 {
	m := g.multiplier(mult)
	if exp := math.Log10(m); isDigits(num) && exp == math.Trunc(exp) {
		if d, err := strconv.ParseFloat(g.plainDigits(num)+"e"+strconv.Itoa(int(exp)), 64); err == nil {
			return d
		}
	}
	return v * m
}

// hasPlaceValue reports whether a number in characters holds a place
// value of at least least (十 and up, or 万 and up).
func (g *Grammar) hasPlaceValue(s string, least float64) bool {
	for _, r := range s {
		if v, ok := g.multipliers[string(r)]; ok && v >= least {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// setContext fills Before, After, Clause and Label of f, whose words stop
// at the figures beside it, prev and next (nil when there is none).
func (g *Grammar) setContext(text string, f, prev, next *Figure) {
	lo := lastBreak(text[:f.Start], itemBreaks)
	if prev != nil && prev.End > lo {
		lo = prev.End
	}
	hi := f.End + firstBreak(text[f.End:], itemBreaks)
	if f.Kind == KindDate || f.Kind == KindDuration {
		// "12月18日,贵州省工会第十五次代表大会在贵阳开幕": a date's context is
		// the event after it, up to the end of its sentence or the next figure.
		hi = f.End + firstBreak(text[f.End:], "。!！?？;；")
	}
	if next != nil && next.Start < hi {
		hi = next.Start
	}
	f.Before = strings.TrimSpace(text[lo:f.Start])
	f.After = strings.TrimSpace(text[f.End:hi])
	cl := lastBreak(text[:f.Start], clauseBreaks)
	ch := f.End + firstBreak(text[f.End:], clauseBreaks)
	f.Clause = strings.TrimSpace(text[cl:ch])
	f.Label = g.label(f.Before, f.After, f.Kind)
}

// maxContext bounds, in bytes, how far before or after a figure its
// context is looked for: a clause is far shorter, and without the bound a
// long text with no punctuation would cost time quadratic in its length.
const maxContext = 450

// lastBreak is the offset just after the last of breaks in s, looking at
// most maxContext bytes back; 0, or the start of that window, if none.
func lastBreak(s, breaks string) int {
	from := 0
	if len(s) > maxContext {
		from = len(s) - maxContext
		for from < len(s) && !utf8.RuneStart(s[from]) {
			from++
		}
	}
	if i := strings.LastIndexAny(s[from:], breaks); i >= 0 {
		_, size := utf8.DecodeRuneInString(s[from+i:])
		return from + i + size
	}
	return from
}

// firstBreak is the offset of the first of breaks in s, looking at most
// maxContext bytes ahead; len(s), or the end of that window, if none.
func firstBreak(s, breaks string) int {
	to := len(s)
	if to > maxContext {
		to = maxContext
		for to > 0 && !utf8.RuneStart(s[to]) {
			to--
		}
	}
	if i := strings.IndexAny(s[:to], breaks); i >= 0 {
		return i
	}
	return to
}

// label says what a figure counts. A measure word is usually followed by
// its noun ("1947个先进集体…"); otherwise the noun stands before the
// number ("工会会员693.96万人", "返还小微企业工会经费10.44亿元"). A date
// or duration is labelled with the event it dates, an ordinal with what it
// numbers.
func (g *Grammar) label(before, after string, kind FigureKind) string {
	after = strings.Trim(after, labelPunct)
	if kind == KindDate || kind == KindDuration || kind == KindOrdinal {
		if t := g.trimLabel(cutAt(after, "。", ";", ",")); t != "" {
			return Shorten(t, 24)
		}
		return g.trimLabel(before)
	}
	// A measure word is followed by its noun; a share names what it
	// measures before it ("赤字率拟按2.8%左右安排" is no share of 安排).
	nounAfter := kind != KindPercent || g.trimLabel(before) == ""
	if nounAfter && after != "" && !startsWithAny(after, g.notNounStart...) {
		if t := g.trimLabel(cutAt(after, g.nounEnd...)); t != "" {
			for _, j := range nounJoiners[:4] {
				// "5个示范企业及30个…": the joiner leads to the next item.
				if strings.HasSuffix(after, j) && strings.HasSuffix(t, j) && t != j {
					t = strings.TrimSuffix(t, j)
					break
				}
			}
			return Shorten(t, 20)
		}
	}
	b := g.trimLabel(before)
	if rs := []rune(b); len(rs) > 12 {
		// Keep the noun phrase after the last quote, bracket or "为/以" —
		// not the 以 of 以上 (规模以上工业增加值), 以下, 以来, 以内, 以外.
		if i := lastLabelCut(b); i > 0 && utf8.RuneCountInString(b[i:]) > 3 {
			_, size := utf8.DecodeRuneInString(b[i:])
			b = b[i+size:]
		}
		if rs = []rune(b); len(rs) > 16 {
			b = string(rs[len(rs)-16:])
			if rs[len(rs)-17] >= '0' && rs[len(rs)-17] <= '9' {
				// Cut inside a number ("2022年…" → "2年…"): start after it.
				b = strings.TrimLeft(b, "0123456789.")
				b = strings.TrimPrefix(b, "年")
			}
		}
	}
	if b == "" {
		return Shorten(strings.Trim(cutAt(after, g.nounEndFallback...), labelPunct), 20)
	}
	return b
}

const labelPunct = " \u3000,，、“”\"'"

// trimLabel drops punctuation, footnote marks and the words that only lead
// to or link a figure's noun ("累计", "达") from the ends of s.
func (g *Grammar) trimLabel(s string) string {
	// A closing bracket left from a cut ("细颗粒物（PM2.5）平均浓度") opens
	// nothing; a footnote mark ("增长[27]") says nothing.
	s = strings.TrimLeft(strings.Trim(footnoteRe.ReplaceAllString(s, ""), labelPunct), ")）")
	if i := strings.LastIndexByte(s, '>'); i >= 0 {
		// Markup left in a saved web page ("</p><p>　　全年粮食产量").
		s = strings.Trim(s[i+1:], labelPunct)
	}
	for changed := true; changed; {
		changed = false
		for _, w := range g.labelLead {
			if t := strings.TrimPrefix(s, w); t != s {
				s, changed = t, true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, w := range g.labelTail {
			if g.endsIdiom(s, w) {
				continue // the 约 of 节约 is the verb's, not a qualifier
			}
			if t := strings.TrimSuffix(s, w); t != s && t != "" {
				s, changed = t, true
				break
			}
		}
	}
	return strings.Trim(s, labelPunct)
}

func startsWithAny(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// cutAt keeps s up to the first of seps that is not at its start.
func cutAt(s string, seps ...string) string {
	end := len(s)
	for _, sep := range seps {
		if i := strings.Index(s, sep); i > 0 && i < end {
			end = i
		}
	}
	return s[:end]
}

// nounJoiners join the items of an enumeration.
var nounJoiners = []string{"以及", "及", "和", "与", "、", ",", "，"}

// itemOpeners are the nounJoiners that, right after an amount, open the
// next item ("1531亿元和再融资债券882.1亿元"). Not a bare 及: after an
// amount it is mostly a qualifier's (6个月及以上); nor punctuation.
var itemOpeners = []string{"以及", "和", "与"}

// detachNouns leaves the noun a measure word introduces to its own figure:
// in "推荐命名5个全国示范企业及279个省级企业" the words between the two
// figures are the 5个's, so the 279个's own words start after them and
// "及"; in "为35.18万人次患病职工发放医疗互助金及慰问金6.19亿元" the
// 6.19亿元's are "发放医疗互助金及慰问金".
func (g *Grammar) detachNouns(figs []Figure) {
	for i := 1; i < len(figs); i++ {
		prev, f := &figs[i-1], &figs[i]
		if prev.After != "" && f.Before == prev.After && startsWithAny(prev.After, itemOpeners...) &&
			!endsWithAny(prev.After, nounJoiners) {
			// "新增债券1531亿元和再融资债券882.1亿元": words between two
			// amounts that a joiner opens and none closes are the next
			// item's only, and the first amount's noun stands before it.
			// Words a joiner closes ("300余名与会代表和200名…") are the
			// first's own: 与会 only starts with a joiner's character.
			prev.After = ""
			prev.Label = g.label(prev.Before, "", prev.Kind)
			continue
		}
		noun := strings.TrimSuffix(prev.Label, "…")
		gap := strings.Trim(f.Before, labelPunct)
		if noun == "" || prev.After == "" || f.Before != prev.After || !strings.HasPrefix(gap, noun) ||
			g.startsWithChange(noun) {
			// A verb of change after a figure ("36.4%提高到54.8%") is no
			// noun of it.
			continue
		}
		rest := strings.TrimPrefix(gap, noun)
		for changed := true; changed; {
			changed = false
			for _, j := range nounJoiners {
				if t, ok := strings.CutPrefix(rest, j); ok {
					rest, changed = t, true
				}
			}
		}
		f.Before = strings.TrimSpace(rest)
		f.Label = g.label(f.Before, f.After, f.Kind)
		// The words after the noun are the next figure's only: "35.18万
		// 人次患病职工" do not count 发放医疗互助金.
		prev.After = noun
	}
}

// resolveRespectively maps "A、B…分别达X和Y" onto A→X and B→Y: each figure
// of a 分别 construction gets its own list item as context instead of the
// neighbouring number.
func (g *Grammar) resolveRespectively(text string, figs []Figure) {
	for i := 0; i < len(figs); {
		// A run of figures joined only by 和/、/及/与 right after "分别…".
		j := i + 1
		for j < len(figs) && isJoiner(text[figs[j-1].End:figs[j].Start]) {
			j++
		}
		if j-i < 2 {
			i++
			continue
		}
		head := text[lastBreak(text[:figs[i].Start], clauseBreaks):figs[i].Start]
		k := strings.LastIndex(head, "分别")
		if k < 0 {
			i = j
			continue
		}
		n := j - i
		if strings.Trim(head[:k], labelPunct) == "" && i >= n &&
			!strings.ContainsAny(text[figs[i-n].End:figs[i].Start], sentenceBreaks) {
			// "接待游客6.3亿人次,实现旅游收入7000亿元,分别增长10%和15%": the
			// items are the figures just before, each with its own label.
			verb := strings.TrimPrefix(head[k:], "分别")
			for m := range n {
				f, item := &figs[i+m], figs[i-n+m].Label
				f.Before = strings.TrimSpace(item + head[k:])
				f.After = ""
				f.Label = g.trimLabel(item) + verb
			}
			i = j
			continue
		}
		items := strings.Split(head[:k], "、")
		if len(items) != n {
			// "居民医保和基本公共卫生服务经费…分别再提高30元和5元": items
			// joined by 和/及/与 too.
			items = strings.FieldsFunc(strings.NewReplacer("以及", "、", "及", "、", "和", "、", "与", "、").Replace(head[:k]),
				func(r rune) bool { return r == '、' })
		}
		if len(items) != n {
			i = j
			continue
		}
		verb := head[k:]
		// The first item carries the shared head ("全省公有制建会企业职代会"
		// → head "全省公有制建会企业" + own "职代会"); later items are only their own
		// words. The own part of the first item is as long as the last item.
		first := []rune(items[0])
		own := min(len([]rune(items[len(items)-1])), len(first))
		shared := string(first[:len(first)-own])
		for n := range items {
			f := &figs[i+n]
			item := items[n]
			if n > 0 {
				item = shared + item
			}
			f.Before = strings.TrimSpace(item + verb)
			f.After = ""
			f.Label = g.trimLabel(item)
		}
		i = j
	}
}

func isJoiner(s string) bool {
	s = strings.TrimSpace(s)
	return s == "和" || s == "、" || s == "及" || s == "与"
}

// resolveAmong links figures introduced by "其中" (among them) to the total
// stated just before, so they inherit what the total counts.
func resolveAmong(text string, figs []Figure) {
	among := make([]bool, len(figs)) // introduced by a 其中 of its own
	for i := range figs {
		start := lastBreak(text[:figs[i].Start], clauseBreaks)
		k := strings.Index(text[start:figs[i].Start], "其中")
		if k < 0 {
			continue
		}
		among[i] = true
		// The total is the last figure before "其中", unless that figure is
		// itself introduced by a 其中: "其中男性员工294人；其中女性员工105人"
		// are both among the 399 recruited.
		for j := i - 1; j >= 0; j-- {
			if figs[j].End <= start+k {
				figs[i].Parent = figs[j].Before + "\n" + figs[j].After
				if among[j] {
					figs[i].Parent = figs[j].Parent
				}
				break
			}
		}
		// Later items of the same sentence part ("7个、省级工作室512个",
		// "460个获…,700个被…") are among it too.
		for j := i + 1; j < len(figs) && figs[j].Start-figs[i].End < maxContext && !strings.ContainsAny(text[figs[j-1].End:figs[j].Start], ";；。"); j++ {
			figs[j].Parent = figs[i].Parent
		}
	}
}

// isQuantity reports whether a figure is an amount (not a date, an ordinal or a span
// of years).
func isQuantity(k FigureKind) bool { return k != KindDate && k != KindDuration && k != KindOrdinal }

// footnoteRe is a footnote mark: "增长[27]34.3%".
var footnoteRe = regexp.MustCompile(`\[\d+\]`)

// yearTailRe is a year with "的" closing the words before a figure: the
// "2022年的" of "提高到2022年的55%".
var yearTailRe = regexp.MustCompile(`(?:(?:19|20)\d{2}\s*年(?:末|底|初)?)?的?$`)

// resolveChange reads what the verbs of change make of a figure: after
// "增长"/"下降" it is the change (a fall negative); after "提高到"/"增至" it is
// the new level, and a figure opened by "从"/"由" just before it is where
// the change started (From), as is the base of a rate ("1美元兑").
func (g *Grammar) resolveChange(text string, figs []Figure) {
	for i := range figs {
		f := &figs[i]
		if !isQuantity(f.Kind) {
			continue
		}
		lead := yearTailRe.ReplaceAllString(footnoteRe.ReplaceAllString(strings.TrimSpace(f.Before), ""), "")
		if verb, ok := g.toVerb(lead); ok && verb != "" {
			if i > 0 && isQuantity(figs[i-1].Kind) && !strings.ContainsAny(text[figs[i-1].End:f.Start], sentenceBreaks) {
				if _, ok := g.fromWord(figs[i-1].Before); ok {
					figs[i-1].From = true
				}
			}
			continue
		}
		if i+1 < len(figs) && slices.Contains(g.rate, strings.TrimSpace(text[f.End:figs[i+1].Start])) {
			// "1美元兑6.4515元": the base of a rate, named by the words
			// before it (the word after it is the 兑).
			f.From = true
			f.Label = g.label(f.Before, "", f.Kind)
			// The value is of the same thing: "全年人民币平均汇率".
			figs[i+1].Label = f.Label
		}
		core := g.trimLinksRight(lead)
		sign := 0.0
		switch {
		case g.endsWithChange(core, g.rise) || endsWithAny(core, g.changeNouns):
			sign = 1
		case g.endsWithChange(core, g.fall):
			sign = -1
		}
		if sign != 0 {
			f.Kind = KindChange
			f.Value *= sign
		}
	}
}

// toVerb reads "提高到", "增至", "降为" at the end of lead: a verb of change
// joined to the new level. It returns the verb and whether lead ends with
// one of the words that join (到, 至, 为).
func (g *Grammar) toVerb(lead string) (string, bool) {
	for _, t := range g.to {
		if rest, ok := strings.CutSuffix(lead, t); ok {
			for _, v := range slices.Concat(g.rise, g.fall) {
				if strings.HasSuffix(rest, v) {
					return v, true
				}
			}
			return "", true
		}
	}
	return "", false
}

// startsWithChange reports whether s opens with a verb of change.
func (g *Grammar) startsWithChange(s string) bool {
	return slices.ContainsFunc(slices.Concat(g.rise, g.fall), func(v string) bool { return strings.HasPrefix(s, v) })
}

// endsWithChange reports whether s ends with one of verbs of at least two
// characters, or of one after a comparison ("比上年少"): a one-character
// verb alone is too often part of a word ("新增").
func (g *Grammar) endsWithChange(s string, verbs []string) bool {
	for _, v := range verbs {
		rest, ok := strings.CutSuffix(s, v)
		if ok && (utf8.RuneCountInString(v) >= 2 || strings.ContainsAny(rest, "比较")) {
			return true
		}
	}
	return false
}

func endsWithAny(s string, words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.HasSuffix(s, w) })
}

// fromWord finds the "从"/"由" that opens a starting value in before, the
// words before a figure: only a year, "的" and the like may stand between
// it and the figure ("从2012年的", "由"). It returns the subject before it.
func (g *Grammar) fromWord(before string) (string, bool) {
	for _, w := range g.from {
		k := strings.LastIndex(before, w)
		if k >= 0 && g.stripLinks(before[k+len(w):]) == "" {
			return before[:k], true
		}
	}
	return "", false
}

// trimLinksRight drops linking words ("为", "了", "达") from the end of s.
func (g *Grammar) trimLinksRight(s string) string {
	for changed := true; changed; {
		changed = false
		for _, w := range g.link {
			if t, ok := strings.CutSuffix(s, w); ok && t != "" {
				s, changed = t, true
			}
		}
	}
	return s
}

// yearRunRe is a year at either end of a figure's words.
var (
	yearHeadRe = regexp.MustCompile(`^(?:19|20)\d{2}\s*年(?:末|底|初)?`)
	yearEndRe  = regexp.MustCompile(`(?:19|20)\d{2}\s*年(?:末|底|初)?$`)
)

// stripLinks drops from both ends of s the words that only link, compare,
// place in time or name a change, leaving the subject: "比上年增长" and
// "1978年为" leave nothing, "全省常住人口" stays.
func (g *Grammar) stripLinks(s string) string {
	if g.comparisonOnly(strings.Trim(s, labelPunct+"\n")) {
		return ""
	}
	words := g.linkLike
	for changed := true; changed; {
		changed = false
		s = strings.Trim(s, labelPunct+"\n")
		if loc := yearHeadRe.FindStringIndex(s); loc != nil {
			s, changed = s[loc[1]:], true
		}
		if loc := yearEndRe.FindStringIndex(s); loc != nil {
			s, changed = s[:loc[0]], true
		}
		// After every cut the longest words are tried again: "比上年增长"
		// loses "增长", then "上年", not the "年" of "上年".
		for _, w := range words {
			t, ok := strings.CutPrefix(s, w)
			if ok && utf8.RuneCountInString(w) == 1 && startsWithHan(t) && (slices.Contains(g.rise, w) || slices.Contains(g.fall, w)) {
				// A one-character verb of change opening the words is
				// the first character of a noun (增值税, 降水量): a
				// change is written after its subject ("比上年增").
				ok = false
			}
			if !ok {
				t, ok = strings.CutSuffix(s, w)
			}
			if ok {
				s, changed = t, true
				break
			}
		}
	}
	return s
}

// startsWithHan reports s opening with a Chinese character.
func startsWithHan(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isHan(r)
}

// comparisonOnly reports words that are all a comparison: 比 or 较, the
// base compared with — a year or a word stripLinks drops (上年, 上年同期,
// 年初) first — then a verb of change ("比2025年执行数（下同）增长",
// "较上年同期执行数下降"). The base says what the figure is measured
// against, not what it is of, so it names no subject: 2% of "全市一般公共
// 预算收入8670亿元，比2025年执行数（下同）增长2%" is the revenue's growth.
// A name that opens with 比 (比亚迪, 比利时) or a word (比重, 比赛) is no
// comparison: neither a year nor a link word follows its 比.
func (g *Grammar) comparisonOnly(s string) bool {
	base, ok := strings.CutPrefix(s, "比")
	if !ok {
		base, ok = strings.CutPrefix(s, "较")
	}
	if !ok || !yearHeadRe.MatchString(base) && !slices.ContainsFunc(g.linkLike, func(w string) bool { return strings.HasPrefix(base, w) }) {
		return false
	}
	for _, w := range slices.Concat(g.rise, g.fall) {
		if b, ok := strings.CutSuffix(base, w); ok && b != "" && !strings.ContainsAny(b, clauseBreaks) {
			return true
		}
	}
	return false
}

// resolveSubjects gives a figure whose own words are only a comparison, a
// verb of change or a year ("比上年增长4.9%", "1978年为47亿元", "提高到2022年
// 的55%") the subject of the figure before it in the same sentence part,
// with the words that subject was cut from as its Topic, and labels a
// starting value ("城镇化率从2012年的36%") with the words before 从.
func (g *Grammar) resolveSubjects(text string, figs []Figure) {
	subjects := make([]string, len(figs))
	// leads are the words a figure's subject was cut from, when the cut
	// dropped some (细颗粒物（PM2.5）年平均浓度 of 年平均浓度), else "".
	leads := make([]string, len(figs))
	for i := range figs {
		f := &figs[i]
		if !isQuantity(f.Kind) {
			continue
		}
		if f.From {
			if subj, ok := g.fromWord(f.Before); ok && g.trimLabel(subj) != "" {
				f.Label = g.trimLabel(subj)
			}
		}
		own := strings.Trim(f.Before, labelPunct)
		if g.stripLinks(f.Label) != "" || f.From {
			subjects[i] = g.stripLinks(f.Label)
			if t := g.trimLabel(own); t != f.Label && strings.HasSuffix(t, f.Label) {
				leads[i] = t
			}
			if (g.stripLinks(own) == "" || slices.Contains(g.objectVerbs, g.stripLinks(own))) && !f.From {
				// Labelled by the words after it ("累计X人次参与",
				// "举办招聘活动4520场,4.37万余家企业参与"): the sentence's
				// opening clause says what it is about.
				g.setTopic(text, figs, i, true)
			}
			if j := i - 1; f.Topic == "" && j >= 0 && subjects[j] != "" && g.AmountKind(f) == KindPercent &&
				startsWithAny(own, g.shareVerbs...) && !strings.ContainsAny(text[figs[j].End:f.Start], sentenceBreaks) {
				// "余额60337.06万元，占总资产的比重为13.30%": a share of the
				// subject before, whose words are its topic (a percentage
				// only: 占地面积30000平方米 is an area of its own).
				f.Topic = subjects[j]
			}
			continue
		}
		j := i - 1
		if j < 0 || subjects[j] == "" || strings.ContainsAny(text[figs[j].End:f.Start], sentenceBreaks) {
			g.setTopic(text, figs, i, false)
			continue
		}
		subjects[i] = subjects[j]
		f.Label = subjects[j]
		if f.Kind == KindChange {
			// "地区生产总值" + "比上年增长": the change and what changed.
			f.Label += g.trimLabel(own)
		}
		leads[i] = leads[j]
		if f.Topic == "" && leads[j] != "" {
			// The words the subject was cut from are the figure's topic
			// too: "细颗粒物（PM2.5）年平均浓度30微克/立方米，比上年下降9.1%"
			// is a fall of PM2.5, though its label keeps only 年平均浓度.
			f.Topic = leads[j]
		}
	}
}

// setTopic gives figs[i] the opening clause of its sentence as Topic when
// the figure stands in a later clause and that clause states no amount
// itself (else the figure before it gives the subject); if evenWithAmount,
// a clause stating amounts gives the words before the first of them.
func (g *Grammar) setTopic(text string, figs []Figure, i int, evenWithAmount bool) {
	f := &figs[i]
	start := lastBreak(text[:f.Start], sentenceBreaks)
	end := start + firstBreak(text[start:], clauseBreaks)
	if end >= f.Start {
		return
	}
	for _, o := range figs[:i] {
		if o.Start >= start && o.Start < end && isQuantity(o.Kind) {
			if !evenWithAmount {
				return
			}
			// Only the words before that amount: what follows it is its
			// own ("共有738万人享受城市低保,3474万人享受农村低保": 城市 is
			// not the 3474万人's).
			end = o.Start
			break
		}
	}
	f.Topic = strings.TrimSpace(text[start:end])
}

// resolveEnumerations gives the later items of an enumeration the words
// before its first item that all items share, as Topic: in
// "推荐选树命名大国工匠1名、中国质量工匠2名" the 2名 are 推荐选树 too. As in
// resolveRespectively, the first item's own words are taken to be as long
// as the last item's; what precedes them is shared.
func resolveEnumerations(text string, figs []Figure) {
	for i := 0; i < len(figs); {
		j := i + 1
		for j < len(figs) && isQuantity(figs[j].Kind) && isQuantity(figs[j-1].Kind) {
			gap := text[figs[j-1].End:figs[j].Start]
			if !strings.Contains(gap, "、") || strings.ContainsAny(gap, clauseBreaks) {
				break
			}
			j++
		}
		if j-i >= 2 {
			// The items are of one sentence: the opening clause that
			// says what the later ones are about (setTopic) is the
			// first's too ("第十四届河南省运动会，…共夺得31枚金牌、31枚银牌").
			for k := i + 1; k < j && figs[i].Topic == ""; k++ {
				figs[i].Topic = figs[k].Topic
			}
			first := []rune(strings.Trim(figs[i].Before, labelPunct))
			own := min(utf8.RuneCountInString(strings.Trim(figs[j-1].Before, labelPunct)), len(first))
			if shared := strings.Trim(string(first[:len(first)-own]), labelPunct); shared != "" {
				for k := i + 1; k < j; k++ {
					if figs[k].Topic == "" {
						figs[k].Topic = shared
					}
				}
			}
		}
		i = j
	}
}

// yearMentionRe is a year in the text; a year right after 比/较/与 is the
// base of a comparison ("比2012年增长"), not the year a figure is for.
var yearMentionRe = regexp.MustCompile(`(比|较|与|同)?((?:19|20)\d{2})\s*年(以来|来|至今|起)?`)

// resolveYears ties each figure to the last year the text names before it
// (a date to its own year): "1978年,全省生产总值47亿元。人均175元。" are
// both 1978's, the 36.4% of "从2012年的36.4%提高到2022年的54.8%" is 2012's.
// A year that is a base of comparison (比2012年) or a start (2012年以来)
// is no figure's year.
func resolveYears(text string, figs []Figure) {
	if len(figs) == 0 {
		return
	}
	type mention struct{ at, year int }
	var years []mention
	for _, m := range yearMentionRe.FindAllStringSubmatchIndex(text, -1) {
		if m[2] >= 0 || m[6] >= 0 {
			continue
		}
		y, _ := strconv.Atoi(text[m[4]:m[5]])
		years = append(years, mention{m[4], y})
	}
	for i := range figs {
		f := &figs[i]
		end := f.Start
		if f.Kind == KindDate {
			end = f.End
		}
		for _, y := range years {
			if y.at >= end {
				break
			}
			f.Year = y.year
		}
	}
}
