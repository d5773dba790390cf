package extract

// Tables in a PDF: lines whose parts stand apart in columns.

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// cellGap is how wide a gap between two runs of a line, in font
	// sizes, sets them apart as cells: wider than a word space or the
	// spread of justified text (spaceBetween's), as narrow as a table's
	// column gap or a letter-spaced cell ("粮   食").
	cellGap = 1.5
	// minTableRows is the fewest lines with cells set one under another
	// that are a table: a header and two rows. Two such lines are as
	// likely a letter-spaced heading ("一、综    合") and its neighbour.
	minTableRows = 3
)

// tableCaptionRe is a table's or figure's caption ("表1  2023年末…"),
// set over a table and never one of its rows, though its number may
// stand apart from its title as a cell does.
var tableCaptionRe = regexp.MustCompile(`^附?[表图]\s*[0-9０-９一二三四五六七八九十]+`)

// numberCellRe is a cell holding only a number: a table's value.
var numberCellRe = regexp.MustCompile(`^[-−+]?\d[\d.,，]*%?$`)

// pdfTable is a run of a page's lines, [start, end), read as a table.
type pdfTable struct {
	start, end int
	rows       [][]string
}

// findTables finds the tables among a page's lines: runs of at least
// minTableRows lines, each of two or more cells, most of them stating a
// number (a statistical table; two columns of prose set side by side are
// none). A header may be set larger than the rows.
func findTables(lines []pdfLine) []pdfTable {
	var out []pdfTable
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && isRowLine(&lines[j]) {
			j++
		}
		if j-i >= minTableRows {
			if rows, ok := tableRows(lines[i:j]); ok {
				out = append(out, pdfTable{start: i, end: j, rows: rows})
			}
		}
		i = max(j, i+1)
	}
	return out
}

// isRowLine reports whether a line may be a table's row.
func isRowLine(l *pdfLine) bool {
	return len(l.cells) >= 2 && !tableCaptionRe.MatchString(l.text)
}

// tableRows lays the lines' cells out in columns. A column is a band of
// the page that some row's cell covers and no gap crosses: the union of
// the cells' spans, so a letter-spaced cell ("粮   食") falls in the
// column its neighbours' wider cells span. A first line stating no number
// is the header; its cells, centred over columns set left or right
// ("指标" over "全市常住人口"), go each to the column nearest its middle.
// ok is false when fewer than half the rows state a number, or there are
// fewer than two columns.
func tableRows(lines []pdfLine) (rows [][]string, ok bool) {
	numbered := 0
	for _, l := range lines {
		if slices.ContainsFunc(l.cells, func(c pdfCell) bool { return numberCellRe.MatchString(cleanPara(c.text)) }) {
			numbered++
		}
	}
	if 2*numbered < len(lines) {
		return nil, false
	}
	body := lines
	if !slices.ContainsFunc(lines[0].cells, func(c pdfCell) bool { return numberCellRe.MatchString(cleanPara(c.text)) }) {
		body = lines[1:]
	}
	type band struct{ x0, x1 float64 }
	var spans []band
	for _, l := range body {
		for _, c := range l.cells {
			spans = append(spans, band{c.x0, c.x1})
		}
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].x0 < spans[b].x0 })
	var bands []band
	for _, s := range spans {
		if n := len(bands); n > 0 && s.x0 <= bands[n-1].x1 {
			bands[n-1].x1 = max(bands[n-1].x1, s.x1)
			continue
		}
		bands = append(bands, s)
	}
	if len(bands) < 2 || len(bands) > maxTableColumns {
		return nil, false
	}
	// away is how far x lies outside a band.
	away := func(x float64, b band) float64 { return max(b.x0-x, x-b.x1, 0) }
	for i, l := range lines {
		row := make([]string, len(bands))
		for _, c := range l.cells {
			k := 0
			if mid := (c.x0 + c.x1) / 2; i == 0 && len(body) < len(lines) {
				for j := range bands {
					if away(mid, bands[j]) < away(mid, bands[k]) {
						k = j
					}
				}
			} else {
				k = sort.Search(len(bands), func(k int) bool { return bands[k].x1 >= c.x0 })
			}
			row[k] = joinCell(row[k], cellText(c.text))
		}
		rows = append(rows, row)
	}
	return rows, true
}

// cellText is a cell's text with the spaces of letter-spacing dropped:
// "指　标" is 指标, as the reader reads it.
func cellText(s string) string {
	rs := []rune(cleanPara(s))
	out := rs[:0]
	for i, r := range rs {
		if unicode.IsSpace(r) && len(out) > 0 && isCJK(out[len(out)-1]) {
			j := i
			for j < len(rs) && unicode.IsSpace(rs[j]) {
				j++
			}
			if j < len(rs) && isCJK(rs[j]) {
				continue
			}
		}
		out = append(out, r)
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
