package extract

import (
	"strings"
	"unicode/utf8"
)

// maxHeaderRunes is the longest cell of a table's first row taken as a
// column header: headers name a column ("项目", "2023年"); a longer first
// row is data.
const maxHeaderRunes = 20

// tableRows turns a table into paragraphs, one a row, so that each row
// is a passage that still says what its numbers are: when the first row
// reads as a header, every later cell follows its column's header
// ("指标：会员人数，2023年：693.96万人。"). Rows end with a full stop, so the
// report parser does not take one for a sentence broken across lines.
func tableRows(rows [][]string) []string {
	var out []string
	var header []string
	if len(rows) > 1 && isHeaderRow(rows[0]) {
		// The header is not a row of its own: every row repeats it.
		header = rows[0]
		rows = rows[1:]
	}
	for _, row := range rows {
		var cells []string
		for i, c := range row {
			switch {
			case c == "":
			case i < len(header) && header[i] != "" && header[i] != c:
				cells = append(cells, header[i]+"："+c)
			default:
				cells = append(cells, c)
			}
		}
		if len(cells) > 0 {
			out = append(out, finishRow(strings.Join(cells, "，")))
		}
	}
	return out
}

// isHeaderRow reports a row of two or more short cells, not all empty.
func isHeaderRow(row []string) bool {
	filled := 0
	for _, c := range row {
		if utf8.RuneCountInString(c) > maxHeaderRunes {
			return false
		}
		if c != "" {
			filled++
		}
	}
	return filled >= 2
}

func finishRow(s string) string {
	if s == "" || endsSentence(s) {
		return s
	}
	return s + "。"
}
