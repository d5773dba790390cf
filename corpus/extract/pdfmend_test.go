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

// TestMendLosesNoText reads lines that put together as a table drawn a
// cell at a time would lose text, as lines: a chart, its bars' values
// drawn one by one over its axis (they named its columns, and its title
// was lost); a group's label over no row of numbers, the next group's
// label at its level right under it (it was lost). A caption and a unit
// over no column are said before the table's rows (they were lost).
func TestMendLosesNoText(t *testing.T) {
	cell, line := testCell, testLine
	cases := []struct {
		name string
		page []pdfLine
		want []string
	}{{
		name: "chart",
		page: []pdfLine{
			line(500, cell("图1 各产业增加值", 100, 200)),
			line(300, cell("12.5", 110, 130)),
			line(340, cell("15.3", 160, 180)),
			line(380, cell("18.1", 210, 230)),
			line(260, cell("一产", 110, 130), cell("二产", 160, 180), cell("三产", 210, 230)),
			line(240, cell("0", 100, 105), cell("10", 150, 160), cell("20", 200, 210)),
		},
		want: []string{"图1 各产业增加值", "12.5", "15.3", "18.1", "一产 二产 三产", "0 10 20"},
	}, {
		name: "group over no row",
		page: []pdfLine{
			line(700, cell("甲", 140, 152)), line(712, cell("乙", 180, 192)),
			numbersLine(680, 60, "钢材", "1", "2"),
			line(660, cell("一组", 60, 84)),
			line(600, cell("二组", 60, 84)),
			line(640, cell("水泥", 90, 114), cell("3", 140, 152), cell("4", 180, 192)),
		},
	}, {
		name: "caption",
		page: []pdfLine{
			line(740, cell("表1 主要产品产量", 60, 160)),
			line(720, cell("（单位：万吨）", 200, 280)),
			line(700, cell("甲", 140, 152)), line(712, cell("乙", 180, 192)),
			numbersLine(680, 60, "钢材", "1", "2"),
		},
		want: []string{"表1 主要产品产量 （单位：万吨）", "grid [[ 甲 乙] [钢材 1 2]]"},
	}}
	for _, c := range cases {
		got, lost := mendRead(c.page)
		if len(lost) > 0 || c.want != nil && strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s: read\n%s\nlost %q; want\n%s", c.name, strings.Join(got, "\n"), lost, strings.Join(c.want, "\n"))
		}
	}
}
