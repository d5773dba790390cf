package main

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// maxCellWidth bounds a cell in terminal columns: a 40-column title
// keeps a list of reports within a 120-column terminal.
const maxCellWidth = 40

// writeTable prints rows as columns aligned by their width on a terminal,
// where a Chinese character takes two columns (text/tabwriter counts it
// as one and misaligns every row with a Chinese title). Over-long cells
// are cut with "…".
func writeTable(w io.Writer, rows [][]string) error {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			cw := min(runewidth.StringWidth(cell), maxCellWidth)
			if i == len(widths) {
				widths = append(widths, cw)
			}
			widths[i] = max(widths[i], cw)
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for i, cell := range row {
			cell = runewidth.Truncate(cell, maxCellWidth, "…")
			if i == len(row)-1 {
				b.WriteString(cell)
				break
			}
			b.WriteString(runewidth.FillRight(cell, widths[i]+2))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
