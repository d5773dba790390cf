package corpus

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FigureKind says what sort of quantity a figure is.
type FigureKind string

// The kinds of figure ExtractFigures recognises.
const (
	KindCount    FigureKind = "count"    // 1947个, 693.96万人, 468万余人次, 700多万
	KindPercent  FigureKind = "percent"  // 96.82%
	KindMoney    FigureKind = "money"    // 10.44亿元, 2100万元
	KindDate     FigureKind = "date"     // 2023年3月29日, 7月20日, 11月底
	KindDuration FigureKind = "duration" // 连续5年
)

// Figure is one quantity stated in a passage.
type Figure struct {
	// Text is the figure as written: "693.96万人".
	Text string     `json:"text"`
	Kind FigureKind `json:"kind"`
	// Value is the number with its multiplier applied (693.96万 → 6939600);
	// for dates it is 0.
	Value float64 `json:"value,omitempty"`
	// Unit is the measure word or unit after the number: "人", "个", "%", "元".
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
	// Start and End are byte offsets of Text in the passage text.
	Start int `json:"start"`
	End   int `json:"end"`
}

// Units after a number, longest first so "人次" wins over "人".
var figureRe = regexp.MustCompile(
	`(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日` + // dates
		`|(?:\d{4}年)?\d{1,2}月(?:底|初|中旬|上旬|下旬)?` +
		`|连续\d+(?:个)?(?:年|届|次|月)` + // durations
		`|\d+(?:\.\d+)?%` + // percentages
		`|\d+(?:\.\d+)?(?:余|多)?(?:万|亿|千|百)?(?:余|多)?` +
		`(?:个百分点|人次|万元|亿元|元|人|名|位|个|家|所|支|场|项|条|张|件|次|户|届|期|批|座|处|间|台|套|篇|本|吨|公里|小时|天|年|岁|倍)?`)

// clauseBreaks end the clause a figure's context is read from;
// itemBreaks additionally end an item of an enumeration.
const (
	clauseBreaks = ",，;；。!！?？:：\n"
	itemBreaks   = clauseBreaks + "、"
)

// ExtractFigures finds every quantity in text: counts with their measure
// word, money, percentages, dates and durations. A bare number with no unit
// or multiplier (a year in brackets, a hotline "12351") is not a figure.
func ExtractFigures(text string) []Figure {
	var figs []Figure
	for _, loc := range figureRe.FindAllStringIndex(text, -1) {
		s := text[loc[0]:loc[1]]
		f, ok := classifyFigure(s)
		if !ok || partOfLargerToken(text, loc[0], loc[1]) {
			continue
		}
		f.Start, f.End = loc[0], loc[1]
		figs = append(figs, f)
	}
	for i := range figs {
		setContext(text, figs, i)
	}
	resolveRespectively(text, figs)
	resolveAmong(text, figs)
	return figs
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

func classifyFigure(s string) (Figure, bool) {
	f := Figure{Text: s}
	switch {
	case strings.HasPrefix(s, "连续"):
		f.Kind = KindDuration
		f.Value, _ = strconv.ParseFloat(numRe.FindString(s), 64)
		f.Unit = strings.TrimLeft(strings.TrimPrefix(s, "连续"), "0123456789")
		return f, true
	case strings.Contains(s, "月"):
		f.Kind = KindDate
		return f, true
	case strings.HasSuffix(s, "%"):
		f.Kind = KindPercent
		f.Unit = "%"
		f.Value, _ = strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		return f, true
	}
	num := numRe.FindString(s)
	rest := strings.NewReplacer("余", "", "多", "").Replace(s[len(num):])
	v, _ := strconv.ParseFloat(num, 64)
	for _, m := range []struct {
		prefix string
		mult   float64
	}{{"万", 1e4}, {"亿", 1e8}, {"千", 1e3}, {"百", 1e2}} {
		if strings.HasPrefix(rest, m.prefix) && rest != "万元" && rest != "亿元" {
			v *= m.mult
			rest = strings.TrimPrefix(rest, m.prefix)
		}
	}
	switch rest {
	case "万元":
		v *= 1e4
		rest = "元"
	case "亿元":
		v *= 1e8
		rest = "元"
	}
	if rest == "" && v == mustFloat(num) {
		// A bare number: not a figure.
		return Figure{}, false
	}
	if rest == "年" || rest == "岁" {
		// "2023年" is a year, not a quantity; durations come as "连续5年".
		return Figure{}, false
	}
	f.Value, f.Unit = v, rest
	f.Kind = KindCount
	if rest == "元" {
		f.Kind = KindMoney
	}
	return f, true
}

func mustFloat(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }

// setContext fills Before, After, Clause and Label of figs[i].
func setContext(text string, figs []Figure, i int) {
	f := &figs[i]
	lo := lastBreak(text[:f.Start], itemBreaks)
	if i > 0 && figs[i-1].End > lo {
		lo = figs[i-1].End
	}
	hi := f.End + firstBreak(text[f.End:], itemBreaks)
	if i+1 < len(figs) && figs[i+1].Start < hi {
		hi = figs[i+1].Start
	}
	if f.Kind == KindDate || f.Kind == KindDuration {
		// "12月18日,贵州省工会第十五次代表大会在贵阳开幕": a date's context is
		// the event after it, up to the end of its sentence or the next figure.
		hi = f.End + firstBreak(text[f.End:], "。!！?？;；")
		if i+1 < len(figs) && figs[i+1].Start < hi {
			hi = figs[i+1].Start
		}
	}
	f.Before = strings.TrimSpace(text[lo:f.Start])
	f.After = strings.TrimSpace(text[f.End:hi])
	cl := lastBreak(text[:f.Start], clauseBreaks)
	ch := f.End + firstBreak(text[f.End:], clauseBreaks)
	f.Clause = strings.TrimSpace(text[cl:ch])
	f.Label = label(f.Before, f.After, f.Kind)
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

// Leading verbs and connectives that are not part of what a figure counts.
var labelTrim = []string{
	"目前", "累计", "共计", "共", "仅", "分别", "达到", "达", "为", "有", "超过", "超", "逾", "约", "近",
	"其中", "获评", "获", "被", "和", "及", "与", "并", "截至", "今年",
}

// Words after a counted noun that end it: "1947个先进集体和先进个人分获…".
var labelEnds = []string{"分获", "分别", "获", "被", "参与", "参加", "参赛", "为", "的", "助力", "到", "开展"}

// label says what a figure counts. A measure word is usually followed by
// its noun ("1947个先进集体…"); otherwise the noun stands before the
// number ("工会会员693.96万人", "返还小微企业工会经费10.44亿元"). A date
// or duration is labelled with the event it dates.
func label(before, after string, kind FigureKind) string {
	after = strings.Trim(after, labelPunct)
	if kind == KindDate || kind == KindDuration {
		if t := trimLabel(cutAt(after, "。", ";", ",")); t != "" {
			return Shorten(t, 24)
		}
		return trimLabel(before)
	}
	if after != "" && !startsWithAny(after, "的", "被", "获", "为", "分", "参", "到", "在", "以", "是", "就", "开展", "达") {
		if t := trimLabel(cutAt(after, labelEnds...)); t != "" {
			return Shorten(t, 20)
		}
	}
	b := trimLabel(before)
	if rs := []rune(b); len(rs) > 12 {
		// Keep the noun phrase after the last quote, bracket or "为/以".
		if i := strings.LastIndexAny(b, "”)为以"); i > 0 && utf8.RuneCountInString(b[i:]) > 3 {
			_, size := utf8.DecodeRuneInString(b[i:])
			b = b[i+size:]
		}
		if rs = []rune(b); len(rs) > 16 {
			b = string(rs[len(rs)-16:])
		}
	}
	if b == "" {
		return Shorten(strings.Trim(cutAt(after, labelEnds[:4]...), labelPunct), 20)
	}
	return b
}

const labelPunct = " ,，、“”\"'"

func trimLabel(s string) string {
	s = strings.Trim(s, labelPunct)
	for changed := true; changed; {
		changed = false
		for _, w := range labelTrim {
			if t := strings.TrimPrefix(s, w); t != s {
				s, changed = t, true
			}
		}
	}
	for _, w := range labelTrailing {
		if t := strings.TrimSuffix(s, w); t != s && t != "" {
			s = t
			break
		}
	}
	return strings.Trim(s, labelPunct)
}

// Verbs that link a label to its number: "职代会建会率达96.82%".
var labelTrailing = []string{"分别达", "达到", "达", "超过", "为", "约", "共"}

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

// resolveRespectively maps "A、B…分别达X和Y" onto A→X and B→Y: each figure
// of a 分别 construction gets its own list item as context instead of the
// neighbouring number.
func resolveRespectively(text string, figs []Figure) {
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
		items := strings.Split(head[:k], "、")
		if len(items) != j-i {
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
			f.Label = trimLabel(item)
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
	for i := 1; i < len(figs); i++ {
		start := lastBreak(text[:figs[i].Start], clauseBreaks)
		k := strings.Index(text[start:figs[i].Start], "其中")
		if k < 0 {
			continue
		}
		// The total is the last figure before "其中".
		for j := i - 1; j >= 0; j-- {
			if figs[j].End <= start+k {
				figs[i].Parent = figs[j].Before + "\n" + figs[j].After
				break
			}
		}
		// Later items of the same sentence part ("7个、省级工作室512个",
		// "460个获…,700个被…") are among it too.
		for j := i + 1; j < len(figs) && figs[j].Start-figs[i].End < maxContext && strings.IndexAny(text[figs[j-1].End:figs[j].Start], ";；。") < 0; j++ {
			figs[j].Parent = figs[i].Parent
		}
	}
}
