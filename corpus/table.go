package corpus

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Cell is one cell of a table row, as the table lays it out: a cell
// spanning rows stands in each row it covers, one spanning columns once.
type Cell struct {
	// Header is the header of the cell's column ("指标", "2024"; "2024
	// 男" under a header of two rows); "" when the table has none.
	Header string `json:"header,omitempty"`
	Text   string `json:"text"`
	// Rows is how many rows the cell stands in when it spans more than
	// one: a group of rows ("废水" over its six pollutants); 0 otherwise.
	Rows int `json:"rows,omitempty"`
}

// TableRow is the block of a table row with its cells: the row is passed
// down as cells under their headers, never as text to be parsed back.
func TableRow(cells []Cell) Block {
	text, _ := defaultGrammar.ReadRow(cells)
	return Block{Kind: BlockTableRow, Text: text, Cells: cells}
}

// cellRole is what a cell is to its row.
type cellRole int

const (
	roleItem  cellRole = iota // names what the row's values are of: "废水", "总磷(TP)"
	roleUnit                  // the row's unit, in a unit column: "吨"
	roleValue                 // a number that is a value: "1.64" (or a figure with its unit: "693.96万人")
	roleOther                 // other text in a value column: "无"
)

// maxItemRunes is the longest cell that names what a row's values are
// of: as long as a heading may be (maxHeadingRunes); the ESG report's
// longest KPI names run to 27 runes. A longer cell is prose.
const maxItemRunes = maxHeadingRunes

// yearHeaderRe is a header that is a year ("2024", "2024年", "2024年度"):
// the values under it are that year's.
var yearHeaderRe = regexp.MustCompile(`^((?:19|20)\d{2})\s*(?:年度?)?$`)

// headerYear is the year a column's header names, or 0: the header or,
// under a header of two rows ("2024 男"), its first part.
func headerYear(header string) int {
	first, _, _ := strings.Cut(header, " ")
	if m := yearHeaderRe.FindStringSubmatch(first); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

// ReadRow reads a table row: its text as a passage says it and its
// figures, each with offsets into that text. The text says each cell
// after its column's header ("指标：废水，量化项：总磷(TP)，2024：1.64吨。"), a
// header once for cells side by side under it, and ends with a full
// stop so that the report parser does not take the row for a sentence
// broken across lines.
//
// The row's structure says what its numbers are, so they are read from
// it, not from the text: a number alone in a cell ("1.64") takes the
// unit of the row's unit column (a column headed 单位, lang's
// unit-header, whose cell reads as a unit: "吨", "万元", "吨标煤"), or
// else the unit its header names in brackets ("营业收入（万元）"), and is
// then said with it; a cell holding a whole figure ("693.96万人") is
// that figure. Either is labelled by the row's item — its other cells:
// those of this row alone ("总磷(TP)") are its label, one over a group
// of rows ("废水") what it is part of (Parent) — and dated by a header
// that is a year; under a header of change ("增速（%）") it is a change.
// A number with no unit is a count of what its row and header name
// ("申请人情况 自然人：2" in a yearly report on open government
// information, whose tables count requests and state no unit), not a
// change whatever its header says ("增长超过10%：12" counts enterprises);
// unlike a bare number in prose, which may be anything, a table's value
// column holds values. A year written alone (2023) is none.
// Longer text in a cell is read as prose, cell by cell.
func (g *Grammar) ReadRow(cells []Cell) (string, []Figure) {
	texts := make([]string, len(cells))
	roles := make([]cellRole, len(cells))
	whole := make([]*Figure, len(cells))
	// A header may name its column's unit: under "营业收入（万元）" a
	// number is said "营业收入：12,345万元".
	headers := make([]string, len(cells))
	units := make([]string, len(cells))
	// A header is cleaned as a cell's text is: it is said in the row's
	// text too, and a zero-width space or byte-order mark left in "2024"
	// would keep it from dating its column.
	said := make([]string, len(cells))
	unitAt := -1
	for i, c := range cells {
		texts[i] = strings.TrimSpace(cleanControl(c.Text))
		said[i] = strings.TrimSpace(cleanControl(c.Header))
		headers[i], units[i] = g.headerUnit(said[i])
		if unitAt < 0 && g.isUnitHeader(said[i]) {
			if _, _, ok := g.readUnit(texts[i]); ok {
				roles[i], unitAt = roleUnit, i
				continue
			}
		}
		negative, digits := splitSign(texts[i])
		switch {
		case texts[i] == "" || IsPlaceholder(texts[i]):
			// Empty, or a placeholder ("-", "—"): no name of anything.
			roles[i] = roleOther
		case g.bare.MatchString(digits):
			// A signed number is one too: under "比上年增长（%）", -3.2
			// is a fall.
			roles[i] = roleValue
		case headerYear(headers[i]) > 0, utf8.RuneCountInString(texts[i]) > maxItemRunes, endsSentence(texts[i]):
			// Text in a value column ("无"), or prose: no name of the
			// row's values.
			roles[i] = roleOther
		}
		if roles[i] == roleValue || texts[i] == "" {
			continue
		}
		// A cell of one whole figure is a value; an ordinal (第十五届) names
		// the row's item.
		if figs := g.ExtractFigures(digits); len(figs) == 1 && figs[0].Start == 0 && figs[0].End == len(digits) && figs[0].Kind != KindOrdinal {
			roles[i], whole[i] = roleValue, &figs[0]
			if negative {
				whole[i].Value = -whole[i].Value
			}
		}
	}
	// The item cells that stand in this row only name what its values
	// are of (label); those over a group of rows name the group they are
	// part of (parent).
	var own, group []string
	unitSaid := false // the unit column's unit is said with the numbers
	for i, r := range roles {
		switch {
		case r == roleItem && cells[i].Rows > 1:
			group = append(group, texts[i])
		case r == roleItem:
			own = append(own, texts[i])
		case r == roleValue && whole[i] == nil && unitAt >= 0 && (units[i] == "" || units[i] != "%" && g.changeSign(headers[i]) == 0):
			// A column of shares or changes naming its unit ("比上年增长
			// （%）") keeps it, whatever the row's unit column says (吨).
			units[i], unitSaid = texts[unitAt], true
		}
	}
	if len(own) == 0 {
		own, group = group, nil
	}
	label, parent := strings.Join(own, " "), strings.Join(group, " ")

	var (
		sb     strings.Builder
		figs   []Figure
		values []int  // indexes in figs of the row's values
		before string // the header said last
	)
	for i := range cells {
		if texts[i] == "" || (i == unitAt && unitSaid) {
			continue // the unit is said with the numbers
		}
		if sb.Len() > 0 {
			sb.WriteString("，")
		}
		header := said[i]
		number := roles[i] == roleValue && whole[i] == nil && units[i] != ""
		if number {
			header = headers[i] // its unit is said with the number
		}
		if header != "" && header != texts[i] && header != before {
			sb.WriteString(header + "：")
		}
		before = header
		start := sb.Len()
		sb.WriteString(texts[i])
		switch {
		case number:
			sb.WriteString(units[i])
			figs = append(figs, g.unitFigure(texts[i], units[i], start, sb.Len()))
		case roles[i] == roleValue && whole[i] == nil:
			f, ok := g.bareFigure(texts[i], headerYear(headers[i]) > 0, start, sb.Len())
			if !ok {
				continue
			}
			figs = append(figs, f)
		case roles[i] == roleValue:
			f := *whole[i]
			f.Start, f.End = start, start+len(texts[i])
			figs = append(figs, f)
		default:
			// Prose in a cell: its figures as the grammar reads them there.
			for _, f := range g.ExtractFigures(texts[i]) {
				f.Start, f.End = start+f.Start, start+f.End
				figs = append(figs, f)
			}
			continue
		}
		// A value is what its row says it is, of the year its column names.
		f := &figs[len(figs)-1]
		f.Label, f.Before, f.After, f.Parent, f.Topic = label, label, "", parent, ""
		f.Year, f.From = headerYear(headers[i]), false
		if sign := g.changeSign(headers[i]); sign != 0 && isQuantity(f.Kind) && f.Unit != "" {
			// A column of changes ("增速", "比上年增长"): what changed
			// is the row's item.
			f.Kind, f.Value = KindChange, sign*f.Value
			f.Label = strings.TrimSpace(label + " " + headers[i])
		}
		values = append(values, len(figs)-1)
	}
	text := sb.String()
	if text != "" && !endsSentence(text) {
		text += "。"
	}
	for i := range figs {
		figs[i].Text = text[figs[i].Start:figs[i].End]
	}
	for _, i := range values {
		figs[i].Clause = strings.TrimSuffix(text, "。")
	}
	return text, figs
}

// changeSign is 1 for a header naming a rise or a change ("增速",
// "比上年增长"), -1 for a fall ("下降"), 0 for any other, as the grammar's
// words of change read them in prose (resolveChange).
func (g *Grammar) changeSign(header string) float64 {
	switch {
	case g.endsWithChange(header, g.rise) || endsWithAny(header, g.changeNouns):
		return 1
	case g.endsWithChange(header, g.fall):
		return -1
	}
	return 0
}

// unitFigure is the figure of a number num said with the unit of its
// row's unit column, at start:end of the row's text.
func (g *Grammar) unitFigure(num, unit string, start, end int) Figure {
	mult, u, _ := g.readUnit(unit)
	negative, digits := splitSign(num)
	v, _ := g.number(digits)
	if negative {
		v = -v
	}
	info := g.units[u]
	f := Figure{Kind: info.kind, Unit: u, Value: v * mult, Start: start, End: end}
	if f.Kind == "" {
		f.Kind = KindCount // a place value alone: "万"
	}
	if info.percent != 0 {
		f.Value *= info.percent
	}
	return f
}

// bareFigure is a table cell's number with no unit (num, at start to end
// of the row's text) as a count: no figure when it does not read as a
// number, or when it is a year written alone (1900 to 2100, no decimals),
// which dates rather than counts. Under a header that is a year (dated)
// a number is that year's value, never a year: 1986 visitors under
// "2023年" count as 2,050 under "2024年" do.
func (g *Grammar) bareFigure(num string, dated bool, start, end int) (Figure, bool) {
	negative, digits := splitSign(num)
	v, ok := g.number(digits)
	if !ok || !dated && !negative && v >= 1900 && v <= 2100 && v == math.Trunc(v) && !strings.ContainsAny(digits, ".,，") {
		return Figure{}, false
	}
	if negative {
		v = -v
	}
	return Figure{Kind: KindCount, Value: v, Start: start, End: end}, true
}

// IsPlaceholder reports a table cell standing for a value it does not
// give ("-", "—", "…"): text with no letter or digit in it.
func IsPlaceholder(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// splitSign splits a number's sign off: "-3.2" is negative 3.2 ("−" and
// "－" are minus signs too, "+" a plus).
func splitSign(s string) (negative bool, digits string) {
	for _, m := range []string{"-", "−", "－"} {
		if rest, ok := strings.CutPrefix(s, m); ok {
			return true, rest
		}
	}
	return false, strings.TrimPrefix(s, "+")
}

// headerUnitRe is a header ending in a bracketed note: "营业收入（万元）".
var headerUnitRe = regexp.MustCompile(`^(.*?)\s*[（(]([^（）()]+)[）)]$`)

// headerUnit splits a header that names its column's unit in brackets
// ("营业收入（万元）", "2023年(亿元)", "收费金额（单位：万元）") or ends with a per cent sign ("增长%")
// into the header and the unit; any other header is returned whole, with
// no unit.
func (g *Grammar) headerUnit(h string) (header, unit string) {
	if m := headerUnitRe.FindStringSubmatch(h); m != nil && m[1] != "" {
		// The note may say it is the unit: "本年收费金额（单位：万元）".
		unit := strings.TrimSpace(m[2])
		if label, rest, ok := strings.Cut(strings.Replace(unit, ":", "：", 1), "："); ok && g.isUnitHeader(label) {
			unit = strings.TrimSpace(rest)
		}
		if _, _, ok := g.readUnit(unit); ok {
			return m[1], unit
		}
	}
	// A per cent sign closing a header ("增长%") names it too, unless it
	// closes a number ("增长超过10%").
	if before, ok := strings.CutSuffix(strings.TrimSpace(h), "%"); ok {
		before = strings.TrimSpace(before)
		if last, _ := utf8.DecodeLastRuneInString(before); before != "" && !unicode.IsDigit(last) {
			return before, "%"
		}
	}
	return h, ""
}

// isUnitHeader reports a column header that says the column holds the
// unit (lang's unit-header: 单位, 计量单位), spaces aside ("单 位").
func (g *Grammar) isUnitHeader(h string) bool {
	return slices.Contains(g.unitHeaders, strings.Join(strings.Fields(h), ""))
}

// readUnit reads the text of a unit cell: place values and a unit of the
// grammar ("万元", "百万千焦"), or place values alone ("万"), then nothing
// or what lang says may follow a unit — the quantity it is of ("吨标煤",
// "吨二氧化碳当量") or a joiner to a second unit ("吨每百万元营业收入",
// "人·小时"). An organisation's name in a column headed 单位 does not
// read as one ("台江县总工会" is no 台).
func (g *Grammar) readUnit(s string) (mult float64, unit string, ok bool) {
	s = strings.Join(strings.Fields(s), "")
	if s == "" {
		return 0, "", false
	}
	for _, m := range append([]string{""}, g.multRuns...) {
		rest, found := strings.CutPrefix(s, m)
		if !found {
			continue
		}
		for _, u := range g.unitList {
			if r, found := strings.CutPrefix(rest, u); found && g.unitRest(r) {
				return g.multiplier(m), u, true
			}
		}
		if m != "" && rest == "" {
			return g.multiplier(m), "", true
		}
	}
	return 0, "", false
}

// unitRest reports what may follow a unit in a unit cell: nothing, a
// joiner and whatever it joins, a bracketed note, or a tail and then
// any of these.
func (g *Grammar) unitRest(s string) bool {
	switch {
	case s == "":
		return true
	case strings.HasPrefix(s, "(") || strings.HasPrefix(s, "（"):
		return true
	}
	for _, j := range g.unitJoiners {
		if r, ok := strings.CutPrefix(s, j); ok && r != "" {
			return true
		}
	}
	for _, t := range g.unitTails {
		if r, ok := strings.CutPrefix(s, t); ok && g.unitRest(r) {
			return true
		}
	}
	return false
}
