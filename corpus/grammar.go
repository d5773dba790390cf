package corpus

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/reportbot/reportbot/lang"
)

// Grammar is what ExtractFigures knows of Chinese numeric expressions:
// place values, Chinese digits, approximation words, qualifiers, units with
// the kind of figure each makes, and the verbs of change. It is read from a
// data file (lang/data/units.txt, which says where each list comes from) and
// never changes once built, so one Grammar serves every goroutine.
type Grammar struct {
	multipliers map[string]float64
	digits      map[rune]float64
	units       map[string]unitInfo
	// Word lists, longest first so "不超过" is tried before "超过".
	approximate, qualBefore, qualAfter []string
	dateQualAfter                      []string
	rise, fall, changeNouns, to, from  []string
	shareNouns, objectVerbs, rate      []string
	shareVerbs                         []string
	notShare                           []string
	link, idioms                       []string
	// Words of amounts members guess in questions (see GuessPattern).
	guessBefore, guessDigits, guessMults, guessMeasures []string
	// written is the place value each guess multiplier stands for (w →
	// 万), as a report writes it (WrittenAmounts).
	written map[string]string
	// thousands are the characters that separate groups of three digits
	// ("," of 4,459.32).
	thousands []string
	// Words of tables' unit columns (see readUnit).
	unitHeaders, unitTails, unitJoiners []string
	// multRuns are the runs of place values a number may take (万, 万亿),
	// longest first.
	multRuns []string
	// bare matches a number in digits and nothing else: a table's value
	// cell ("4,459.32"); numberRe is its pattern, unanchored.
	bare     *regexp.Regexp
	numberRe string
	// Words around a figure's noun (see label).
	labelLead, labelTail, nounEnd, nounEndFallback, notNounStart []string
	// linkLike is every word stripLinks drops, longest first.
	linkLike []string
	// unitList is every unit that makes a quantity, longest first.
	unitList []string
	re       *regexp.Regexp
	// plain is re without numbers grouped in thousands, anchored: what a
	// number whose grouping fails ("1,2345") is read with instead.
	plain *regexp.Regexp
	// Indexes of the named groups of re.
	gNum, gPct, gMult1, gMult2, gMult3, gMult4, gUnit, gQMult, gQUnit int
	// rangeJoiners stand between the ends of a range (3%—5%); minusSigns
	// make the number after them negative (-2.3%).
	rangeJoiners, minusSigns []string
	// rangeLow matches the low end of a range at the end of a text, up to
	// its joiner: the "3%—" of "3%—5%", the "10~" of "10~20万元".
	rangeLow *regexp.Regexp
	// guess is GuessPattern compiled, and spokenMeasure a guess measure
	// word before a place value (the 个 of 6个多亿), for WrittenAmounts.
	guess, spokenMeasure *regexp.Regexp
}

// unitInfo is what a unit makes of the number before it.
type unitInfo struct {
	kind FigureKind // "" for words that make the number no quantity (岁, 年代)
	// percent, when not 0, converts the unit to per cent: 成 is 10.
	percent float64
	// time: a span of time counted as a count (天, 个月), not a duration.
	time bool
	// year: a four-digit number before the unit is a calendar year
	// ("2023年"), not an amount ("30年").
	year bool
}

// defaultGrammar is built once from lang's units data file; it is never
// modified after init.
var defaultGrammar = mustParseGrammar(lang.Units())

// DefaultGrammar returns the grammar built from the embedded data file.
func DefaultGrammar() *Grammar { return defaultGrammar }

func mustParseGrammar(data string) *Grammar {
	g, err := ParseGrammar(data)
	if err != nil {
		panic(err)
	}
	return g
}

// ParseGrammar reads a grammar in the format of lang/data/units.txt: "[section]"
// lines, then one entry a line with its fields; "#" starts a comment.
func ParseGrammar(data string) (*Grammar, error) {
	g := &Grammar{multipliers: map[string]float64{}, digits: map[rune]float64{}, units: map[string]unitInfo{}, written: map[string]string{}}
	lists := map[string]*[]string{
		"approximate": &g.approximate, "qualifier-before": &g.qualBefore, "qualifier-after": &g.qualAfter, "date-qualifier-after": &g.dateQualAfter,
		"share-noun": &g.shareNouns, "share-verb": &g.shareVerbs, "object-verb": &g.objectVerbs, "rate": &g.rate, "rate-not-share": &g.notShare, "rise": &g.rise, "fall": &g.fall, "change-noun": &g.changeNouns, "to": &g.to, "from": &g.from,
		"link": &g.link, "idiom": &g.idioms, "thousands-separator": &g.thousands,
		"guess-before": &g.guessBefore, "guess-digit": &g.guessDigits, "guess-measure": &g.guessMeasures,
		"unit-header": &g.unitHeaders, "unit-tail": &g.unitTails, "unit-joiner": &g.unitJoiners,
		"range-joiner": &g.rangeJoiners, "minus-sign": &g.minusSigns,
		"label-lead": &g.labelLead, "label-tail": &g.labelTail, "noun-end": &g.nounEnd,
		"noun-end-fallback": &g.nounEndFallback, "not-noun-start": &g.notNounStart,
	}
	err := lang.EachSectionLine(data, func(n int, section string, f []string) error {
		if f == nil {
			return nil // a "[section]" line
		}
		bad := func(why string) error { return fmt.Errorf("units data line %d %q: %s", n, strings.Join(f, " "), why) }
		switch section {
		case "multiplier", "digit":
			if len(f) != 2 {
				return bad("want a word and its value")
			}
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return bad(err.Error())
			}
			if section == "multiplier" {
				g.multipliers[f[0]] = v
			} else if r, size := utf8.DecodeRuneInString(f[0]); size == len(f[0]) {
				g.digits[r] = v
			} else {
				return bad("a digit is one character")
			}
		case "guess-multiplier":
			if len(f) != 2 {
				return bad("want a word and the place value it stands for")
			}
			g.guessMults = append(g.guessMults, f[0])
			g.written[f[0]] = f[1]
		case "unit":
			if len(f) < 2 || len(f) > 3 {
				return bad("want a unit, its kind and an optional percent factor")
			}
			u := unitInfo{kind: FigureKind(f[1])}
			switch u.kind {
			case KindCount, KindMoney, KindPercent, KindMeasure, KindDuration:
			case "none":
				u.kind = ""
			default:
				return bad("unknown kind")
			}
			switch {
			case len(f) < 3:
			case f[2] == "year":
				u.year = true
			case f[2] == "time":
				u.time = true
			default:
				v, err := strconv.ParseFloat(f[2], 64)
				if err != nil || u.kind != KindPercent {
					return bad("only a percent unit has a factor")
				}
				u.percent = v
			}
			g.units[f[0]] = u
		default:
			l, ok := lists[section]
			if !ok {
				return bad("entry outside a known section")
			}
			if len(f) != 1 {
				return bad("one word a line")
			}
			*l = append(*l, f[0])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(g.multipliers) == 0 || len(g.units) == 0 || len(g.digits) == 0 {
		return nil, fmt.Errorf("units data: multipliers, digits and units are required")
	}
	for w, m := range g.written {
		if _, ok := g.multipliers[m]; !ok {
			return nil, fmt.Errorf("units data: guess multiplier %q stands for %q, no multiplier", w, m)
		}
	}
	sortLongestFirst(g.guessMults)
	for _, sep := range g.thousands {
		if utf8.RuneCountInString(sep) != 1 || strings.ContainsAny(sep, "0123456789.") {
			return nil, fmt.Errorf("units data: thousands separator %q is not one character other than a digit or point", sep)
		}
	}
	for _, l := range lists {
		sortLongestFirst(*l)
	}
	g.linkLike = slices.Concat(g.link, g.rise, g.fall, g.changeNouns, g.to, g.from)
	sortLongestFirst(g.linkLike)
	for u, info := range g.units {
		if info.kind != "" {
			g.unitList = append(g.unitList, u)
		}
	}
	sortLongestFirst(g.unitList)
	g.build()
	return g, nil
}

func sortLongestFirst(words []string) {
	slices.SortStableFunc(words, func(a, b string) int {
		if d := utf8.RuneCountInString(b) - utf8.RuneCountInString(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
}

// alternation is a regexp matching any of words, longest first.
func alternation(words []string) string {
	words = slices.Clone(words)
	sortLongestFirst(words)
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(quoted, "|")
}

// build compiles the figure regexp from the grammar's lists.
func (g *Grammar) build() {
	// Place values, alone or two in a row where the smaller comes first
	// (万亿, 千万): each multiplies.
	var mults []string
	for a, va := range g.multipliers {
		mults = append(mults, a)
		for b, vb := range g.multipliers {
			if va < vb {
				mults = append(mults, a+b)
			}
		}
	}
	var cn strings.Builder
	for r := range g.digits {
		cn.WriteRune(r)
	}
	for m := range g.multipliers {
		if utf8.RuneCountInString(m) == 1 {
			cn.WriteString(m)
		}
	}
	// A number: digits, grouped in thousands or not ("4,459.32",
	// "60，337.06", "1,209,600"), or characters. A separator stands between
	// a group of one to three digits and exactly three more; a list
	// "1,2,3" has none. That the group of three ends there is checked
	// after the match (badGrouping): the regexp cannot look ahead.
	digits := `\d+(?:\.\d+)?`
	grouped := ""
	if len(g.thousands) > 0 {
		grouped = `\d{1,3}(?:[` + regexp.QuoteMeta(strings.Join(g.thousands, "")) + `]\d{3})+(?:\.\d+)?|`
	}
	chars := `|[` + regexp.QuoteMeta(cn.String()) + `]+`
	g.re = regexp.MustCompile(g.figurePattern(grouped+digits+chars, mults))
	g.bare = regexp.MustCompile(`^(?:` + grouped + digits + `)$`)
	g.numberRe = grouped + digits
	g.multRuns = slices.Clone(mults)
	sortLongestFirst(g.multRuns)
	// The same figures with no grouped number, read where a grouping
	// failed; its groups are numbered as re's, as a number has none.
	g.plain = regexp.MustCompile(`^(?:` + g.figurePattern(digits+chars, mults) + `)`)
	if len(g.rangeJoiners) > 0 {
		g.rangeLow = regexp.MustCompile(`(?P<num>` + grouped + digits + `)(?P<mult>` + alternation(mults) + `)?(?P<unit>` + alternation(g.unitList) + `)?(?:` + alternation(g.rangeJoiners) + `)$`)
	}
	g.guess = regexp.MustCompile(g.GuessPattern())
	if len(g.guessMeasures) > 0 {
		g.spokenMeasure = regexp.MustCompile(`^(?:` + alternation(g.guessMeasures) + `)((?:` + alternation(g.approximate) + `)?(?:` + alternation(g.myriads()) + `))`)
	}
	g.gNum = g.re.SubexpIndex("num")
	g.gQMult = g.re.SubexpIndex("qmult")
	g.gQUnit = g.re.SubexpIndex("qunit")
	g.gPct = g.re.SubexpIndex("pct")
	g.gMult1 = g.re.SubexpIndex("mult1")
	g.gMult2 = g.re.SubexpIndex("mult2")
	g.gMult3 = g.re.SubexpIndex("mult3")
	g.gMult4 = g.re.SubexpIndex("mult4")
	g.gUnit = g.re.SubexpIndex("unit")
}

// figurePattern is the figure regexp with num for a number and mults for
// the runs of place values.
func (g *Grammar) figurePattern(num string, mults []string) string {
	var units []string
	for u := range g.units {
		units = append(units, u)
	}
	approxOne := `(?:` + alternation(g.approximate) + `)`
	approx := approxOne + `?`
	mult := alternation(mults)
	return `(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日` + // dates
		`|(?:\d{4}年)?\d{1,2}月(?:底|初|中旬|上旬|下旬)?` +
		`|连续\d+(?:个)?(?:年|届|次|月)` + // durations
		`|百分之(?P<pct>` + num + `)` +
		// A qualified place value with no number: 超亿元, 近万人, 逾千家.
		`|(?:` + alternation(g.qualBefore) + `)(?P<qmult>` + mult + `)(?P<qunit>` + alternation(units) + `)?` +
		// A number, then either a unit (with a place value only when
		// the unit alone does not follow: "3千瓦" is 3 千瓦, "12亿千瓦" 12亿 千瓦)
		// or a place value alone ("700多万").
		// A place value after an approximation word multiplies as well:
		// "2万多亿元" is 2万多 亿元, "3千多万" 3千多 万.
		`|(?P<num>` + num + `)` + approx +
		`(?:(?P<mult1>` + mult + `)??` + `(?:` + approxOne + `(?P<mult3>` + mult + `))?` + approx + `(?P<unit>` + alternation(units) + `)` +
		`|(?P<mult2>` + mult + `)` + `(?:` + approxOne + `(?P<mult4>` + mult + `))?` + approx + `)?`
}

// IsThousandsSeparator reports whether r separates groups of three digits
// in a number ("," of 4,459.32) where it stands between them.
func (g *Grammar) IsThousandsSeparator(r rune) bool {
	return slices.Contains(g.thousands, string(r))
}

// RiseWords, FallWords and ChangeNouns return the grammar's words of
// change (增长, 下降, 增速…), longest first, for reading questions about a
// change; the slices are copies.
func (g *Grammar) RiseWords() []string   { return slices.Clone(g.rise) }
func (g *Grammar) FallWords() []string   { return slices.Clone(g.fall) }
func (g *Grammar) ChangeNouns() []string { return slices.Clone(g.changeNouns) }

// ShareNouns returns the nouns naming a share (比重, 占比…), and NotShares
// the "…率" that are no share (汇率), longest first; the slices are copies.
func (g *Grammar) ShareNouns() []string { return slices.Clone(g.shareNouns) }

// IsFallWord, IsChangeNoun and IsShareNoun report w among FallWords,
// ChangeNouns and ShareNouns, without copying them.
func (g *Grammar) IsFallWord(w string) bool   { return slices.Contains(g.fall, w) }
func (g *Grammar) IsChangeNoun(w string) bool { return slices.Contains(g.changeNouns, w) }
func (g *Grammar) IsShareNoun(w string) bool  { return slices.Contains(g.shareNouns, w) }

// AmountKind is what a figure is an amount of: a change counts as what
// it changes (增长4.9% a share, 增加336亿美元 money).
func (g *Grammar) AmountKind(f *Figure) FigureKind {
	if f.Kind == KindChange {
		return g.UnitKind(f.Unit)
	}
	return f.Kind
}

// IsShareVerb reports w a verb stating a share of a whole (占: the
// share-verb section).
func (g *Grammar) IsShareVerb(w string) bool { return slices.Contains(g.shareVerbs, w) }

// ObjectVerbs are the verbs that take an amount as object ("惠及", "带动").
func (g *Grammar) ObjectVerbs() []string { return slices.Clone(g.objectVerbs) }
func (g *Grammar) NotShares() []string   { return slices.Clone(g.notShare) }

// GuessPattern is a regular expression of an amount as a member states
// it in a question: a number in digits or characters, 概数 (多, 余, 来),
// a measure word before the place value (三个亿, 两个多亿), place values, and a
// unit after ("两百多万张", "快700w"). Group 1 is a word of guessing
// before it (快, 差不多).
func (g *Grammar) GuessPattern() string {
	// A number in characters is digits and the place values within a
	// myriad (两百, 三千); 万 and 亿 follow it, as in 两千万.
	chars := slices.Collect(maps.Keys(g.digits))
	for m, v := range g.multipliers {
		if v < 1e4 {
			chars = append(chars, []rune(m)...)
		}
	}
	for _, d := range g.guessDigits {
		chars = append(chars, []rune(d)...)
	}
	slices.Sort(chars)
	mults := append(slices.Sorted(maps.Keys(g.multipliers)), g.guessMults...)
	approxOne := `(?:` + alternation(g.approximate) + `)`
	approx := approxOne + `?`
	return `(` + alternation(g.guessBefore) + `)?` +
		`(?:` + g.numberRe + `|[` + regexp.QuoteMeta(string(slices.Compact(chars))) + `]+)` +
		approx + `(?:(?:` + alternation(g.guessMeasures) + `)` + approx + `)?` +
		`(?:` + alternation(mults) + `)+` + approx +
		`(?:` + alternation(g.unitList) + `)?`
}

// myriads are the place values of a myriad or more (万, 亿, 万亿), which
// a guess measure word may stand before (三个亿), with the guess
// multipliers standing for one (6个w).
func (g *Grammar) myriads() []string {
	var out []string
	for _, m := range g.multRuns {
		if g.multiplier(m) >= 1e4 {
			out = append(out, m)
		}
	}
	for w, m := range g.written {
		if g.multiplier(m) >= 1e4 {
			out = append(out, w)
		}
	}
	return out
}

// MeasuresMagnitude reports a guess measure word (个) written right before
// a place value of a myriad or more (rest opening with it, after an
// approximation word: 6个亿, 两个多亿): the amount is in that place value,
// and the measure word counts no thing.
func (g *Grammar) MeasuresMagnitude(measure, rest string) bool {
	return slices.Contains(g.guessMeasures, measure) && g.spokenMeasure != nil && g.spokenMeasure.MatchString(measure+rest)
}

// WrittenAmounts is q with the amounts a member states in it written as
// a report writes them, so that ExtractFigures reads their values: a
// place value members write only in chat as 万, which is what it stands
// for (2100w → 2100万: the guess-multiplier section), and no measure word
// before a place value (6个多亿 → 6多亿, 10个亿 → 10亿). An amount with a
// digit not known (几千万) is left as written: it has no value.
func (g *Grammar) WrittenAmounts(q string) string {
	return g.guess.ReplaceAllStringFunc(q, func(m string) string {
		for _, d := range g.guessDigits {
			if strings.Contains(m, d) {
				return m
			}
		}
		for _, w := range g.guessMults {
			m = strings.ReplaceAll(m, w, g.written[w])
		}
		// 个 between the number and a myriad's place value, wherever the
		// number ends (6个多亿).
		if g.spokenMeasure == nil {
			return m
		}
		for i := range m {
			if loc := g.spokenMeasure.FindStringSubmatchIndex(m[i:]); loc != nil {
				return m[:i] + m[i+loc[2]:i+loc[3]] + m[i+loc[1]:]
			}
		}
		return m
	})
}

// Inexact says whether an amount a member states is not exact: it has
// 概数 (多, 余, 来), a digit not known (几) or a place value only rounded
// amounts are written with (700w).
func (g *Grammar) Inexact(amount string) bool {
	for _, list := range [][]string{g.approximate, g.guessDigits, g.guessMults} {
		for _, w := range list {
			if strings.Contains(amount, w) {
				return true
			}
		}
	}
	return false
}

// multiplier is the value of a run of place values: "万亿" is 1e12.
func (g *Grammar) multiplier(s string) float64 {
	v := 1.0
	for _, r := range s {
		v *= g.multipliers[string(r)]
	}
	return v
}

// chineseNumber reads a number written in characters ("两千", "三十五",
// "一百零八", "一亿三千万"); ok is false for a run that is not one
// ("十三五", "二〇二三") or holds neither a digit nor 十 ("万", "千").
func (g *Grammar) chineseNumber(s string) (v float64, ok bool) {
	var (
		yi, wan, section, digit float64 // the 亿, 万 and units parts, and a digit not yet placed
		pending, seen           bool
	)
	for _, r := range s {
		if d, isDigit := g.digits[r]; isDigit {
			if d == 0 && !pending && section > 0 {
				continue // 零 only marks a skipped place: "一百零八"
			}
			if pending {
				return 0, false // two digits in a row: "十三五", "二〇二三"
			}
			digit, pending, seen = d, true, true
			continue
		}
		switch m := g.multipliers[string(r)]; {
		case m >= 1e8:
			yi = (yi + wan + section + digit) * m
			wan, section, digit = 0, 0, 0
		case m >= 1e4:
			wan = (wan + section + digit) * m
			section, digit = 0, 0
		case pending || m == 10 && section == 0:
			// A leading 十 stands for 一十: "十五".
			if !pending {
				digit = 1
			}
			section += digit * m
			digit, seen = 0, true
		default:
			return 0, false // a place value with no digit: "百千"
		}
		pending = false
	}
	return yi + wan + section + digit, seen
}

// Units returns the grammar's units and measure words, longest first
// (a copy), for reading the unit a question asks for ("多少千瓦").
func (g *Grammar) Units() []string { return slices.Clone(g.unitList) }

// IsUnit reports whether w is one of the grammar's units or measure
// words (one of Units).
func (g *Grammar) IsUnit(w string) bool {
	info, ok := g.units[w]
	return ok && info.kind != ""
}

// IsTimeUnit reports whether w is a unit of a span of time (年, 天, 个月).
func (g *Grammar) IsTimeUnit(w string) bool {
	info, ok := g.units[w]
	return ok && (info.time || info.year || info.kind == KindDuration)
}

// UnitKind is the kind of figure a unit makes on its own: KindPercent for
// "%" and "个百分点", KindMoney for "元"; KindCount for a number with no
// unit or an unknown one. It tells what a change (KindChange) is a change of.
func (g *Grammar) UnitKind(unit string) FigureKind {
	if info, ok := g.units[unit]; ok && info.kind != "" {
		return info.kind
	}
	return KindCount
}
