package extract

import (
	"fmt"
	"strings"
	"testing"
)

// mendRead lays pages out and reads them as extractPDF does: a table put
// together from its cells by its grid, another by its rows, the rest as
// paragraphs. It returns what was read, one line a paragraph or table,
// and the cells of the pages' lines whose text it does not hold.
func mendRead(pages ...[]pdfLine) (read []string, lost []string) {
	paras, _, _, _, tables, grids, _ := pdfLayout(pages)
	var all strings.Builder
	for i := range paras {
		switch {
		case grids[i] != nil:
			read = append(read, fmt.Sprint("grid ", grids[i].strings()))
			all.WriteString(strings.Join(grids[i].texts, "\n"))
		case tables[i] != nil:
			read = append(read, fmt.Sprint("table ", tables[i]))
			all.WriteString(paras[i])
		default:
			read = append(read, strings.TrimSpace(strings.ReplaceAll(paras[i], "\n", " ")))
			all.WriteString(paras[i])
		}
		all.WriteString("\n")
	}
	flat := strings.Join(strings.Fields(all.String()), "")
	for _, lines := range pages {
		for _, l := range lines {
			for _, c := range l.cells {
				if t := strings.Join(strings.Fields(cellText(c.text)), ""); !strings.Contains(flat, t) {
					lost = append(lost, t)
				}
			}
		}
	}
	return read, lost
}

// headLine is a header line of cells: a corner cell at x, then the names
// over columns 40 points apart from x+80.
func headLine(y, x float64, names ...string) pdfLine {
	cs := []pdfCell{testCell(names[0], x, x+24)}
	for k, n := range names[1:] {
		cs = append(cs, testCell(n, x+80+float64(k)*40, x+100+float64(k)*40))
	}
	return testLine(y, cs...)
}

// numbersLine is a row under headLine's columns: a label at x, numbers.
func numbersLine(y, x float64, label string, nums ...string) pdfLine {
	cs := []pdfCell{testCell(label, x, x+48)}
	for k, n := range nums {
		cs = append(cs, testCell(n, x+80+float64(k)*40, x+92+float64(k)*40))
	}
	return testLine(y, cs...)
}

// TestMendLeavesTablesDrawnInOrder keeps tables drawn row by row under
// their header as findTables reads them, though a line drawn after or
// before them stands higher on the page: in a page of two columns the
// right column's heading and table, drawn after the left column's table,
// stand above its last rows; Word draws a page's footer before its body.
// Taken for one table drawn a cell at a time, the right table's heading
// and header were lost and its rows read under the left one's header; the
// footer named the columns and the header's 产量 was lost.
func TestMendLeavesTablesDrawnInOrder(t *testing.T) {
	cases := []struct {
		name string
		page []pdfLine
		want []string
	}{{
		name: "two columns",
		page: []pdfLine{
			testLine(700, testCell("一、工业", 60, 100)),
			headLine(680, 60, "指标", "产量", "增长"),
			numbersLine(660, 60, "钢材", "12", "3.5"),
			numbersLine(640, 60, "水泥", "8", "1.2"),
			testLine(700, testCell("二、农业", 320, 360)),
			headLine(680, 320, "项目", "产量", "增长"),
			numbersLine(660, 320, "粮食", "30", "2.0"),
			numbersLine(640, 320, "油料", "5", "0.4"),
		},
		want: []string{"一、工业", "table [[指标 产量 增长] [钢材 12 3.5] [水泥 8 1.2]]",
			"二、农业", "table [[项目 产量 增长] [粮食 30 2.0] [油料 5 0.4]]"},
	}, {
		name: "footer drawn first",
		page: []pdfLine{
			testLine(40, testCell("市统计局编印", 100, 300)),
			headLine(780, 60, "指标", "产量", "增长"),
			numbersLine(760, 60, "钢材", "12", "3.5"),
			numbersLine(740, 60, "水泥", "8", "1.2"),
			numbersLine(720, 60, "玻璃", "6", "1.1"),
		},
		want: []string{"市统计局编印", "table [[指标 产量 增长] [钢材 12 3.5] [水泥 8 1.2] [玻璃 6 1.1]]"},
	}}
	for _, c := range cases {
		got, lost := mendRead(c.page)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") || len(lost) > 0 {
			t.Errorf("%s: read\n%s\nlost %q; want\n%s", c.name, strings.Join(got, "\n"), lost, strings.Join(c.want, "\n"))
		}
	}
}
