package corpus

import "strings"

// Cell is one cell of a table row, as the table lays it out: a cell
// spanning rows stands in each row it covers, one spanning columns once.
type Cell struct {
	// Header is the header of the cell's column ("指标", "2024"; "2024
	// 男" under a header of two rows); "" when the table has none.
	Header string `json:"header,omitempty"`
	Text   string `json:"text"`
}

// TableRow is the block of a table row with its cells: the row is passed
// down as cells under their headers, never as text to be parsed back.
func TableRow(cells []Cell) Block {
	return Block{Kind: BlockTableRow, Text: rowText(cells), Cells: cells}
}

// rowText is what a row says, each cell after its column's header
// ("指标：会员人数，2023年：693.96万人。"), a header said once for cells
// side by side under it; it ends with a full stop, so that the report
// parser does not take the row for a sentence broken across lines.
func rowText(cells []Cell) string {
	var parts []string
	for i, c := range cells {
		text := cleanControl(c.Text)
		switch {
		case text == "":
			continue
		case c.Header == "" || c.Header == text || (i > 0 && cells[i-1].Header == c.Header):
			parts = append(parts, text)
		default:
			parts = append(parts, c.Header+"："+text)
		}
	}
	s := strings.Join(parts, "，")
	if s == "" || endsSentence(s) {
		return s
	}
	return s + "。"
}
