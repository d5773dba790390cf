package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
)

// The table model every format shares. HTML (rowspan, colspan), DOCX
// (w:vMerge, w:gridSpan, w:gridBefore) and ODT (number-rows-spanned,
// number-columns-spanned) write a merged cell once, where it starts; a
// reader sees it in every row and column it covers. layoutTable places
// the cells the file writes on the grid the reader sees, the way the
// HTML standard's table processing model does (§4.9.12), and
// tableGrid.rows reads the grid row by row, each cell with its column's
// header.

// tableCell is one cell as a file writes it.
type tableCell struct {
	text string
	// rows and cols are how many rows and columns the cell spans; 0 or 1
	// for none. rows < 0 spans to the end of the table (HTML rowspan=0).
	rows, cols int
	// merged marks a cell that continues the one above it in its column
	// (DOCX w:vMerge without "restart"): it has no text of its own.
	merged bool
}

// Limits of the table model.
const (
	// maxTableColumns is the widest table read as data: HTML allows a
	// colspan of up to 1000, but no table a member reads in a chat has
	// more than a few dozen columns. A wider table is read as layout.
	maxTableColumns = 64
	// maxHeaderRows is how many rows a header may take when its cells
	// span down (a year over two sub-columns); statistical tables use
	// two, rarely three.
	maxHeaderRows = 3
)

// tableGrid is a table laid out as the reader sees it.
type tableGrid struct {
	// texts are the cells' texts in the file's order.
	texts []string
	// slots[r][c] is the index in texts of the cell covering row r,
	// column c, or -1 where no cell is (a short row). Every row is as
	// wide as the widest.
	slots [][]int
}

// layoutTable places rows of cells on a grid: each cell takes the first
// column its row leaves free (cells spanning down from rows above take
// theirs first) and the rows and columns it spans. A rowspan past the
// last row ends there. ok is false for a table wider than
// maxTableColumns.
func layoutTable(rows [][]tableCell) (g tableGrid, ok bool) {
	g.slots = make([][]int, len(rows))
	width := 0
	for r, row := range rows {
		col := 0
		for _, cell := range row {
			for col < len(g.slots[r]) && g.slots[r][col] >= 0 {
				col++
			}
			cols := max(cell.cols, 1)
			// Written so that no sum overflows: spans come from the file.
			if cols > maxTableColumns-col {
				if cell.text == "" && !cell.merged {
					continue // empty columns past the last that counts
				}
				return tableGrid{}, false
			}
			id := -1
			if cell.merged && r > 0 && col < len(g.slots[r-1]) {
				id = g.slots[r-1][col]
			}
			if id < 0 {
				id = len(g.texts)
				g.texts = append(g.texts, cell.text)
			}
			down := max(cell.rows, 1)
			if cell.rows < 0 || down > len(rows)-r {
				down = len(rows) - r
			}
			if cell.merged {
				down = 1
			}
			for dr := range down {
				line := &g.slots[r+dr]
				for len(*line) < col+cols {
					*line = append(*line, -1)
				}
				for dc := range cols {
					// Overlapping spans are an error in the file: the
					// cell placed first keeps the slot.
					if (*line)[col+dc] < 0 {
						(*line)[col+dc] = id
					}
				}
			}
			col += cols
		}
	}
	for _, line := range g.slots {
		width = max(width, len(line))
	}
	for r := range g.slots {
		for len(g.slots[r]) < width {
			g.slots[r] = append(g.slots[r], -1)
		}
	}
	return g, true
}

// plainTable lays out rows with no spans (a Markdown table).
func plainTable(rows [][]string) (tableGrid, bool) {
	cells := make([][]tableCell, len(rows))
	for r, row := range rows {
		for _, text := range row {
			cells[r] = append(cells[r], tableCell{text: text})
		}
	}
	return layoutTable(cells)
}

// maxHeaderRunes is the longest cell of a table's first row taken as a
// column header: headers name a column ("项目", "2023年"); a longer first
// row is data.
const maxHeaderRunes = 20

// rowCells returns the cells of row r, a cell spanning columns once, in
// column order; own reports whether a cell starts in this row (a cell
// spanning down from above is repeated in every row it covers).
func (g tableGrid) rowCells(r int) (ids []int, own []bool) {
	for c, id := range g.slots[r] {
		if id < 0 || (c > 0 && g.slots[r][c-1] == id) {
			continue
		}
		ids = append(ids, id)
		own = append(own, r == 0 || g.slots[r-1][c] != id)
	}
	return ids, own
}

// filled counts the cells of row r with text.
func (g tableGrid) filled(r int) int {
	n := 0
	ids, _ := g.rowCells(r)
	for _, id := range ids {
		if g.texts[id] != "" {
			n++
		}
	}
	return n
}

// wide reports a table of data: two rows or more with two cells or more.
func (g tableGrid) wide() bool {
	n := 0
	for r := range g.slots {
		if ids, _ := g.rowCells(r); len(ids) >= 2 {
			n++
		}
	}
	return n >= 2
}

// longest is the length in runes of the table's longest cell.
func (g tableGrid) longest() int {
	n := 0
	for _, t := range g.texts {
		n = max(n, utf8.RuneCountInString(t))
	}
	return n
}

// header finds the header rows: the first row with text, when its cells
// are short and rows with text follow, and the rows its cells span
// down into (a year over two sub-columns), up to maxHeaderRows. It
// returns the first row after the header (0 with none) and each
// column's header.
func (g tableGrid) header() (body int, names []string) {
	top := 0
	for top < len(g.slots) && g.filled(top) == 0 {
		top++
	}
	if top+1 >= len(g.slots) || !g.isHeaderRow(top) {
		return 0, nil
	}
	end := top + 1
	for end < len(g.slots) && end-top < maxHeaderRows && g.spansInto(end) && g.isHeaderRow(end) {
		end++
	}
	rest := end
	for rest < len(g.slots) && g.filled(rest) == 0 {
		rest++
	}
	if rest == len(g.slots) {
		return 0, nil // nothing under it: the row is data
	}
	names = make([]string, len(g.slots[top]))
	for c := range names {
		var parts []string
		last := -1
		for r := top; r < end; r++ {
			if id := g.slots[r][c]; id >= 0 && id != last {
				last = id
				if t := g.texts[id]; t != "" && (len(parts) == 0 || parts[len(parts)-1] != t) {
					parts = append(parts, t)
				}
			}
		}
		names[c] = strings.Join(parts, " ")
	}
	return end, names
}

// spansInto reports a row that a cell of the row above spans down into.
func (g tableGrid) spansInto(r int) bool {
	for c, id := range g.slots[r] {
		if id >= 0 && g.slots[r-1][c] == id {
			return true
		}
	}
	return false
}

// isHeaderRow reports a row of two or more short cells with text.
func (g tableGrid) isHeaderRow(r int) bool {
	ids, _ := g.rowCells(r)
	filled := 0
	for _, id := range ids {
		if utf8.RuneCountInString(g.texts[id]) > maxHeaderRunes {
			return false
		}
		if g.texts[id] != "" {
			filled++
		}
	}
	return filled >= 2
}

// rows reads the table's rows below its header as cells, each with the
// header of the column(s) it stands in, in column order. Empty cells are
// left out, and so are rows with no text of their own: a spacer row
// (<td colspan="4"></td>), or one whose only text is a cell spanning
// down from above.
func (g tableGrid) rows() [][]corpus.Cell {
	body, names := g.header()
	// How many rows of the body each cell stands in.
	rowsOf := make([]int, len(g.texts))
	for r := body; r < len(g.slots); r++ {
		ids, _ := g.rowCells(r)
		for _, id := range ids {
			rowsOf[id]++
		}
	}
	var out [][]corpus.Cell
	for r := body; r < len(g.slots); r++ {
		ids, own := g.rowCells(r)
		var cells []corpus.Cell
		mine := false
		for i, id := range ids {
			text := g.texts[id]
			if text == "" {
				continue
			}
			mine = mine || own[i]
			cell := corpus.Cell{Header: g.headerOf(r, id, names), Text: text}
			if rowsOf[id] > 1 {
				cell.Rows = rowsOf[id]
			}
			cells = append(cells, cell)
		}
		if mine {
			out = append(out, cells)
		}
	}
	return out
}

// headerOf is the header of the columns cell id covers in row r, each
// name once.
func (g tableGrid) headerOf(r, id int, names []string) string {
	if names == nil {
		return ""
	}
	var parts []string
	for c, slot := range g.slots[r] {
		if slot == id && names[c] != "" && !slices.Contains(parts, names[c]) {
			parts = append(parts, names[c])
		}
	}
	return strings.Join(parts, " ")
}

// addRows adds a data table's rows to the builder.
func addRows(b *builder, g tableGrid) {
	for _, cells := range g.rows() {
		b.row(cells)
	}
}

// strings is the grid's text row by row, a cell in every slot it covers.
func (g tableGrid) strings() [][]string {
	out := make([][]string, len(g.slots))
	for r, line := range g.slots {
		for _, id := range line {
			text := ""
			if id >= 0 {
				text = g.texts[id]
			}
			out[r] = append(out[r], text)
		}
	}
	return out
}
