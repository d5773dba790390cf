package extract

// Tables in a PDF: lines whose parts stand apart in columns.

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
)

const (
	// cellGap is how wide a gap between two runs of a line, in font
	// sizes, sets them apart as cells: wider than a word space or the
	// spread of justified text (spaceBetween's), as narrow as a table's
	// column gap or a letter-spaced cell ("粮   食").
	cellGap = 1.5
	// minTableRows is the fewest lines with cells set one under another
	// that are a table: a header and two rows. Two such lines are as
	// likely a letter-spaced heading ("一、综    合") and its neighbour,
	// unless they are a header over its one row (headsRow).
	minTableRows = 3
)

// tableCaptionRe is a table's or figure's caption ("表1  2023年末…"),
// set over a table and never one of its rows, though its number may
// stand apart from its title as a cell does.
var tableCaptionRe = regexp.MustCompile(`^附?[表图]\s*[0-9０-９一二三四五六七八九十]+`)

// numberCellRe is a cell holding only a number: a table's value.
var numberCellRe = regexp.MustCompile(`^[-−+]?\d[\d.,，]*%?$`)

// yearCellRe is a cell naming a year ("2023", "2023年"): a column's
// header, not a value.
var yearCellRe = regexp.MustCompile(`^(19|20)\d{2}\s*年?度?$`)

// pdfTable is a run of a page's lines, [start, end), read as a table.
type pdfTable struct {
	start, end int
	rows       [][]string
	// header reports whether rows[0] is the table's header; a table with
	// none (continued from the page before) takes the last one's.
	header bool
	// grid is the table put together from cells drawn one by one
	// (mendTables), and note the words set over its labels; nil for a
	// table read from its lines.
	grid *tableGrid
	note string
}

// findTables finds the tables among a page's lines: runs of at least
// minTableRows lines, each of two or more cells, most of them stating a
// number (a statistical table; two columns of prose set side by side are
// none). Only the line right above the first one stating a number may be
// the header: a line with cells above it (a letter-spaced heading, a
// caption with its unit set right) is no part of the table. A header may
// be set larger than the rows.
func findTables(lines []pdfLine) []pdfTable {
	var out []pdfTable
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && (isRowLine(&lines[j]) || j > i && j+1 < len(lines) && isRowLine(&lines[j+1]) && continuesRow(&lines[j-1], &lines[j])) {
			j++
		}
		start := i
		for start+1 < j && !statesNumber(&lines[start]) && !statesNumber(&lines[start+1]) {
			start++
		}
		// Nor is a line with cells below it that states nothing: the
		// next section's letter-spaced heading ("二、农    业").
		for j-1 > start && !statesNumber(&lines[j-1]) {
			j--
		}
		if j-start >= minTableRows || j-start == 2 && headsRow(&lines[start], &lines[start+1]) {
			if t, ok := tableRows(lines[start:j]); ok {
				t.start, t.end = start, j
				out = append(out, t)
			}
		}
		i = max(j, i+1)
	}
	return out
}

// headsRow reports whether line h is the header of a table of one row,
// r: a line of labels, each of two characters or more (no letter-spaced
// heading's), over a labelled row stating a number whose cells start
// where the header's do ("信息内容 本年收费金额（单位：万元）" over
// "行政事业性收费 96171.6"). Read as text, the number lost its header
// and the unit the header names.
func headsRow(h, r *pdfLine) bool {
	if len(h.cells) != len(r.cells) || statesNumber(h) || !statesNumber(r) || isNumberCell(cellText(r.cells[0].text)) {
		return false
	}
	size := math.Max(math.Max(h.size, r.size), 1)
	for k, c := range h.cells {
		if utf8.RuneCountInString(cellText(c.text)) < 2 || math.Abs(c.x0-r.cells[k].x0) > size {
			return false
		}
	}
	return true
}

// continuesRow reports whether line l is the wrapped rest of a cell of
// row prev ("外商和港澳台" over "商投资企业"), between it and the next row:
// one cell stating no number, set under that cell and before the next,
// closer below prev than a row's pitch. Taken for text, it ended the
// table, and the rows after it were read with no header.
func continuesRow(prev, l *pdfLine) bool {
	if len(l.cells) != 1 || len(prev.cells) < 2 || !statesNumber(prev) || statesNumber(l) {
		return false
	}
	size := math.Max(math.Max(prev.size, l.size), 1)
	if gap := prev.y - l.y; gap <= 0 || gap > 1.5*size {
		return false
	}
	c := l.cells[0]
	for k, p := range prev.cells {
		if c.x0 >= p.x0-size && (k+1 == len(prev.cells) || c.x1 <= prev.cells[k+1].x0) {
			return true
		}
	}
	return false
}

// isRowLine reports whether a line may be a table's row.
func isRowLine(l *pdfLine) bool {
	return len(l.cells) >= 2 && !tableCaptionRe.MatchString(l.text)
}

// statesNumber reports whether a line has a cell holding only a number
// that is no year, or a placeholder for one ("—", "…").
func statesNumber(l *pdfLine) bool {
	return slices.ContainsFunc(l.cells, func(c pdfCell) bool { return isNumberCell(cellText(c.text)) })
}

// isNumberCell reports a table's value: a number that is no year, or a
// placeholder for one.
func isNumberCell(t string) bool {
	return corpus.IsPlaceholder(t) || numberCellRe.MatchString(t) && !yearCellRe.MatchString(t)
}

// tableRows lays the lines' cells out in columns. The columns are the
// bands of the page that the body's cells cover and no gap crosses: a
// letter-spaced cell ("粮   食") falls in the column its neighbours' wider
// cells span (so a body cell spanning two columns joins them). Every
// cell goes to the column nearest its middle: a header centred over a
// column set left or right ("指标" over "全市常住人口") goes to that
// column. A first line stating no number is the header. ok is false when fewer than half the rows state
// a number, there are fewer than two columns, or the header's cells fall
// in one column.
func tableRows(lines []pdfLine) (t pdfTable, ok bool) {
	numbered, rows := 0, 0
	for i := range lines {
		if len(lines[i].cells) >= 2 {
			rows++ // not the wrapped rest of a cell
		}
		if statesNumber(&lines[i]) {
			numbered++
		}
	}
	if 2*numbered < rows {
		return t, false
	}
	t.header = !statesNumber(&lines[0])
	body := lines
	if t.header {
		body = lines[1:]
	}
	// span is a cell's extent, nil for coordinates no page has.
	span := func(c pdfCell) *band {
		if math.IsNaN(c.x0) || math.IsNaN(c.x1) || math.IsInf(c.x0, 0) || math.IsInf(c.x1, 0) {
			return nil
		}
		return &band{min(c.x0, c.x1), max(c.x0, c.x1)}
	}
	var spans []band
	for _, l := range body {
		for _, c := range l.cells {
			if b := span(c); b != nil {
				spans = append(spans, *b)
			}
		}
	}
	bands := bandsOf(spans)
	if len(bands) < 2 || len(bands) > maxTableColumns {
		return t, false
	}
	for _, l := range lines {
		row := make([]string, len(bands))
		if len(l.cells) == 1 && len(t.rows) > 0 {
			row = t.rows[len(t.rows)-1] // the wrapped rest of a cell
		}
		for _, c := range l.cells {
			b := span(c)
			if b == nil {
				continue
			}
			k := nearestBand((b.x0+b.x1)/2, bands)
			row[k] = joinCell(row[k], cellText(c.text))
		}
		if len(l.cells) == 1 && len(t.rows) > 0 {
			continue
		}
		t.rows = append(t.rows, row)
	}
	if t.header && len(slices.DeleteFunc(slices.Clone(t.rows[0]), func(s string) bool { return s == "" })) < 2 {
		return t, false
	}
	return t, true
}

// band is a column's extent on the page.
type band struct{ x0, x1 float64 }

// bandsOf is the columns the cells' extents (spans) cover: the spans
// sorted by their left edge, those that overlap merged.
func bandsOf(spans []band) []band {
	sort.Slice(spans, func(a, b int) bool { return spans[a].x0 < spans[b].x0 })
	var bands []band
	for _, s := range spans {
		if n := len(bands); n > 0 && s.x0 <= bands[n-1].x1 {
			bands[n-1].x1 = max(bands[n-1].x1, s.x1)
			continue
		}
		bands = append(bands, s)
	}
	return bands
}

// bandAway is how far x lies outside a band.
func bandAway(x float64, b band) float64 { return max(b.x0-x, x-b.x1, 0) }

// nearestBand is the band x lies in or nearest to, the first of a tie;
// bands is not empty.
func nearestBand(x float64, bands []band) int {
	k := 0
	for j := range bands {
		if bandAway(x, bands[j]) < bandAway(x, bands[k]) {
			k = j
		}
	}
	return k
}

// cellText is a cell's (or a heading's) text with the spaces of
// letter-spacing dropped: "指　标" is 指标, "一、综    合" 一、综合, as the
// reader reads them. A space between words of several characters each
// ("提站位 准定位") is the text's own and stays.
func cellText(s string) string {
	rs := []rune(cleanPara(s))
	han := func(i int) bool { return i >= 0 && i < len(rs) && isCJK(rs[i]) }
	var out []rune
	for i := 0; i < len(rs); i++ {
		if !unicode.IsSpace(rs[i]) || !han(i-1) {
			out = append(out, rs[i])
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		// Letter-spaced: the character before the space or the one
		// after it stands alone.
		if han(j) && (!han(i-2) || !han(j+1)) {
			i = j - 1
			continue
		}
		out = append(out, rs[i])
	}
	return string(out)
}

// joinCell joins two parts of one cell: with no space between Chinese
// characters (a letter-spaced "粮" and "食"), with one else.
func joinCell(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	if isCJK(last) && isCJK(first) {
		return a + b
	}
	return strings.TrimSpace(a) + " " + strings.TrimSpace(b)
}
