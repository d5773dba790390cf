package main

import (
	"io"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
)

// maxCellWidth bounds a cell in terminal columns: a 40-column title
// keeps a list of reports within a 120-column terminal.
const maxCellWidth = 40

// widths bounds a table's columns, named by their header, in terminal
// columns: a column not named is cut at maxCellWidth, and one given
// whole never is.
type widths map[string]int

// whole is the width of a column never cut: an ID or a command, which is
// pasted from the table and would not work cut.
const whole = -1

// writeTable prints rows, the first the header, as columns aligned by
// their width on a terminal, where a Chinese character takes two columns
// (text/tabwriter counts it as one and misaligns every row with a Chinese
// title). Cells over their column's width (limits) are cut with "…".
func writeTable(w io.Writer, rows [][]string, limits widths) error {
	var bound []int // each column's most width, or whole
	var cols []int  // each column's width
	for _, row := range rows {
		for i, cell := range row {
			if i == len(cols) {
				limit := maxCellWidth
				if l, ok := limits[header(rows, i)]; ok {
					limit = l
				}
				bound, cols = append(bound, limit), append(cols, 0)
			}
			cw := runewidth.StringWidth(cell)
			if bound[i] != whole {
				cw = min(cw, bound[i])
			}
			cols[i] = max(cols[i], cw)
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for i, cell := range row {
			if bound[i] != whole {
				cell = runewidth.Truncate(cell, bound[i], "…")
			}
			if i == len(row)-1 {
				b.WriteString(cell)
				break
			}
			b.WriteString(runewidth.FillRight(cell, cols[i]+2))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// header is column i's header, "" past the header row's end.
func header(rows [][]string, i int) string {
	if i < len(rows[0]) {
		return rows[0][i]
	}
	return ""
}

// plural is n and its noun, which is singular for one: "1 report",
// "2 reports". Every noun counted here takes an s.
func plural(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return strconv.Itoa(n) + " " + noun
}
