package extract

import (
	"fmt"
	"runtime"
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

// mendLevelsPage is a table drawn a cell at a time whose n rows each set
// their label at an x of its own: as many columns of labels as rows.
func mendLevelsPage(n int) []pdfLine {
	page := []pdfLine{
		testLine(100000, testCell("甲", 1e6, 1e6+10), testCell("乙", 1e6+40, 1e6+50)),
		testLine(100010, testCell("丙", 1e6+80, 1e6+90), testCell("丁", 1e6+120, 1e6+130)),
	}
	for k := range n {
		x := float64(k * 20)
		page = append(page, testLine(float64(99000-k*20), testCell("项", x, x+10), testCell("1", 1e6, 1e6+10), testCell("2", 1e6+40, 1e6+50)))
	}
	return page
}

// mendHeaderPage is n short lines of two cells each over 60 columns of
// numbers, one drawn above the last: a header of 2n cells.
func mendHeaderPage(n int) []pdfLine {
	var page []pdfLine
	var nums []pdfCell
	for c := range 60 {
		nums = append(nums, testCell("1", float64(100+c*40), float64(110+c*40)))
	}
	for k := range n {
		a, b := float64(100+k%60*40), float64(100+(k+7)%60*40)
		page = append(page, testLine(float64(100000-k*20), testCell("名", a, a+12), testCell("称", b, b+12)))
	}
	return append(page, testLine(100, nums...), testLine(200, nums...))
}

// TestMendWideTableCostsLittle refuses, before laying out its rows, a
// table with more columns of labels and numbers than maxTableColumns,
// and a header of more cells than maxMendHeaderBlocks: a row took a cell
// for every column of labels, so 4,000 rows with their labels each at an
// x of its own took 1.4 GB.
func TestMendWideTableCostsLittle(t *testing.T) {
	page := mendLevelsPage(4000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := mendTables([][]pdfLine{page})
	runtime.ReadMemStats(&after)
	if len(got[0]) != 0 {
		t.Errorf("a table of 4000 columns of labels put together")
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
		t.Errorf("putting it together took %d MB", n>>20)
	}
	if got := mendTables([][]pdfLine{mendHeaderPage(4 * maxMendHeaderBlocks)}); len(got[0]) != 0 {
		t.Errorf("a header of %d cells put together", 8*maxMendHeaderBlocks)
	}
}

// BenchmarkMendTables puts together pages of many lines: a table whose
// rows' labels each stand at an x of their own, and one under a header
// of many cells.
func BenchmarkMendTables(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		for _, c := range []struct {
			name string
			page []pdfLine
		}{{"levels", mendLevelsPage(n)}, {"header", mendHeaderPage(n)}} {
			b.Run(fmt.Sprintf("%s-%d", c.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					mendTables([][]pdfLine{c.page})
				}
			})
		}
	}
}
