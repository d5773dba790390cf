package extract

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
)

// c is a cell with no span, span one with rows and cols.
func c(text string) tableCell { return tableCell{text: text} }
func span(text string, rows, cols int) tableCell {
	return tableCell{text: text, rows: rows, cols: cols}
}

// gridRows reads a table as the table model does, a row as
// "header=text|…" ("text" alone for a cell with no header, "^n" after a
// cell standing in n rows), or "not data" when the table is too wide to
// be laid out.
func gridRows(rows [][]tableCell) []string {
	g, ok := layoutTable(rows)
	if !ok {
		return []string{"not data"}
	}
	var out []string
	for _, cells := range g.rows() {
		var parts []string
		for _, c := range cells {
			parts = append(parts, cellString(c))
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

func cellString(c corpus.Cell) string {
	s := c.Text
	if c.Header != "" {
		s = c.Header + "=" + s
	}
	if c.Rows > 0 {
		s += "^" + strconv.Itoa(c.Rows)
	}
	return s
}

func TestTableModel(t *testing.T) {
	long := "这是一个很长的单元格，里面写的是一整句话，不是表头，超过二十个字。"
	head := []tableCell{c("指标"), c("量化项"), c("单位"), c("2024")}
	tests := []struct {
		name string
		rows [][]tableCell
		want []string
	}{
		{"header row names every cell",
			[][]tableCell{{c("指标"), c("2022年"), c("2023年")}, {c("会员"), c("680万人"), c("693.96万人")}, {c("工会"), c(""), c("5.51万个")}},
			[]string{"指标=会员|2022年=680万人|2023年=693.96万人", "指标=工会|2023年=5.51万个"}},
		{"long first row is data", [][]tableCell{{c(long), c("1")}, {c("二"), c("2")}}, []string{long + "|1", "二|2"}},
		{"one row has no header", [][]tableCell{{c("指标"), c("数量")}}, []string{"指标|数量"}},
		{"header with nothing under it is data", [][]tableCell{{c("指标"), c("数量")}, {span("", 1, 2)}}, []string{"指标|数量"}},
		{"rowspan repeats a group in each row it covers; spacer rows dropped",
			// The ESG report's 废水 table (fushine-esg-report-2024-final).
			[][]tableCell{head, {span("", 1, 4)},
				{span("废水", 3, 1), c("废水排放量"), c("吨"), c("926,152.70")},
				{c("化学需氧量（COD)"), c("吨"), c("45.75")},
				{c("总磷(TP)"), c("吨"), c("1.64")},
				{span("废弃物", 2, 1), c("其他危险废弃物"), c("吨"), c("4,459.32")},
				{c("无害废弃物密度"), c("吨每百万元营业收入"), c("0.14")}},
			[]string{
				"指标=废水^3|量化项=废水排放量|单位=吨|2024=926,152.70",
				"指标=废水^3|量化项=化学需氧量（COD)|单位=吨|2024=45.75",
				"指标=废水^3|量化项=总磷(TP)|单位=吨|2024=1.64",
				"指标=废弃物^2|量化项=其他危险废弃物|单位=吨|2024=4,459.32",
				"指标=废弃物^2|量化项=无害废弃物密度|单位=吨每百万元营业收入|2024=0.14"}},
		{"colspan: a header over two columns, a cell over two said once",
			[][]tableCell{{span("量化项", 1, 2), c("单位"), c("2024")}, {span("", 1, 4)},
				{span("员工总数", 1, 2), c("人"), c("1,774")},
				{span("按性别划分的员工人数", 2, 1), c("男性员工"), c("人"), c("1,277")},
				{c("女性员工"), c("人"), c("497")}},
			[]string{"量化项=员工总数|单位=人|2024=1,774",
				"量化项=按性别划分的员工人数^2|量化项=男性员工|单位=人|2024=1,277",
				"量化项=按性别划分的员工人数^2|量化项=女性员工|单位=人|2024=497"}},
		{"an empty column spanning down shifts the cells beside it, as the file lays them",
			// OCR left column 0 empty over the rows: the rows' cells are
			// then in columns 1-3, under 量化项, 单位 and 2024.
			[][]tableCell{head, {span("", 3, 1), c(""), c(""), c("")},
				{c("安全生产"), c("安全生产投入总金额"), c("万元")},
				{c("员工工伤保险投入金额"), c("万元"), c("87.45")}},
			[]string{"量化项=安全生产|单位=安全生产投入总金额|2024=万元",
				"量化项=员工工伤保险投入金额|单位=万元|2024=87.45"}},
		{"rowspan 0 spans to the end; past the last row it stops there",
			[][]tableCell{{c("类别"), c("项目"), c("数量")}, {span("甲", -1, 1), c("一"), c("1个")}, {c("二"), c("2个")},
				{span("三", 9, 1), c("3个")}},
			[]string{"类别=甲^3|项目=一|数量=1个", "类别=甲^3|项目=二|数量=2个", "类别=甲^3|项目=三|数量=3个"}},
		{"a header of two rows: the year over its sub-columns",
			[][]tableCell{{span("指标", 2, 1), span("2024年", 1, 2)}, {c("男"), c("女")}, {c("员工"), c("1,277人"), c("497人")}},
			[]string{"指标=员工|2024年 男=1,277人|2024年 女=497人"}},
		{"a row whose only text spans down from above is no row",
			[][]tableCell{{c("类别"), c("项目")}, {span("甲", 2, 1), c("一")}, {c("")}},
			[]string{"类别=甲^2|项目=一"}},
		{"a merged cell continues the one above (DOCX vMerge)",
			[][]tableCell{{c("类别"), c("项目")}, {c("甲"), c("一")}, {{merged: true}, c("二")}},
			[]string{"类别=甲^2|项目=一", "类别=甲^2|项目=二"}},
		{"overlapping spans: the cell placed first keeps its slot",
			[][]tableCell{{c("甲"), c("乙"), c("丙")}, {c("1"), span("2", 2, 1), c("3")}, {span("4", 1, 2), c("5")}},
			[]string{"甲=1|乙=2^2|丙=3", "甲=4|乙=2^2|丙=5"}},
		{"short rows are padded", [][]tableCell{{c("甲"), c("乙"), c("丙")}, {c("1")}}, []string{"甲=1"}},
		{"empty columns past the widest that counts are dropped",
			[][]tableCell{{c("甲"), c("乙"), span("", 1, 1000)}, {c("1"), c("2")}}, []string{"甲=1|乙=2"}},
		{"too wide to be data", [][]tableCell{{c("甲"), span("乙", 1, 1000)}, {c("1"), c("2")}}, []string{"not data"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := gridRows(tt.rows); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestSpanAttributes(t *testing.T) {
	tests := []struct {
		v          string
		cols, rows int
	}{
		{"", 1, 1}, {"2", 2, 2}, {" 3 ", 3, 3}, {"4px", 4, 4}, {"+2", 2, 2},
		{"0", 1, -1}, {"-1", 1, 1}, {"x", 1, 1}, {"99999999", maxSpan, maxSpan},
	}
	for _, tt := range tests {
		if got := colSpan(tt.v); got != tt.cols {
			t.Errorf("colSpan(%q) = %d, want %d", tt.v, got, tt.cols)
		}
		if got := rowSpan(tt.v); got != tt.rows {
			t.Errorf("rowSpan(%q) = %d, want %d", tt.v, got, tt.rows)
		}
	}
}

// spannedRows are the rows every format's spanned table below must read
// as, each with its header.
var spannedRows = []string{
	"指标=废水^2|量化项=废水排放量|单位=吨|2024=926,152.70",
	"指标=废水^2|量化项=总磷(TP)|单位=吨|2024=1.64",
	"指标 量化项=合计|单位=吨|2024=926,154.34", // a cell over two columns is under both headers
}

// tableRowsOf returns a document's table rows as gridRows does.
func tableRowsOf(t *testing.T, name string, data []byte) []string {
	t.Helper()
	doc, err := Extract(context.Background(), name, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range doc.Blocks {
		if b.Kind != corpus.BlockTableRow {
			continue
		}
		var parts []string
		for _, c := range b.Cells {
			parts = append(parts, cellString(c))
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

// TestSpannedTables reads one table with a rowspan, a colspan and an
// empty spacer row in each format that writes spans, the same way.
func TestSpannedTables(t *testing.T) {
	htmlTable := `<table border="1"><tbody><tr><td>指标</td><td>量化项</td><td>单位</td><td>2024</td></tr><tr><td colspan="4"></td></tr>` +
		`<tr><td rowspan="2">废水</td><td>废水排放量</td><td>吨</td><td>926,152.70</td></tr><tr><td>总磷(TP)</td><td>吨</td><td>1.64</td></tr>` +
		`<tr><th colspan="2">合计</th><td>吨</td><td>926,154.34</td></tr></tbody></table>`

	w := func(s, props string) string {
		return `<w:tc>` + props + `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:tc>`
	}
	wtc := func(s string) string { return w(s, "") }
	docxBody := `<w:tbl><w:tr>` + wtc("指标") + wtc("量化项") + wtc("单位") + wtc("2024") + `</w:tr>` +
		`<w:tr>` + w("", `<w:tcPr><w:gridSpan w:val="4"/></w:tcPr>`) + `</w:tr>` +
		`<w:tr>` + w("废水", `<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>`) + wtc("废水排放量") + wtc("吨") + wtc("926,152.70") + `</w:tr>` +
		`<w:tr>` + `<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>` + wtc("总磷(TP)") + wtc("吨") + wtc("1.64") + `</w:tr>` +
		`<w:tr>` + w("合计", `<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>`) + wtc("吨") + wtc("926,154.34") + `</w:tr></w:tbl>`
	docx := zipFiles(t, map[string]string{
		"[Content_Types].xml": contentTypes,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>` + docxBody + `</w:body></w:document>`,
	})

	o := func(s, attrs string) string {
		return `<table:table-cell` + attrs + `><text:p>` + s + `</text:p></table:table-cell>`
	}
	otc := func(s string) string { return o(s, "") }
	covered := `<table:covered-table-cell/>`
	odtBody := `<table:table><table:table-row>` + otc("指标") + otc("量化项") + otc("单位") + otc("2024") + `</table:table-row>` +
		`<table:table-row>` + o("", ` table:number-columns-spanned="4"`) + covered + covered + covered + `</table:table-row>` +
		`<table:table-row>` + o("废水", ` table:number-rows-spanned="2"`) + otc("废水排放量") + otc("吨") + otc("926,152.70") + `</table:table-row>` +
		`<table:table-row>` + covered + otc("总磷(TP)") + otc("吨") + otc("1.64") + `</table:table-row>` +
		`<table:table-row>` + o("合计", ` table:number-columns-spanned="2"`) + covered + otc("吨") + otc("926,154.34") + `</table:table-row></table:table>`
	odt := zipFiles(t, map[string]string{
		"mimetype":    "application/vnd.oasis.opendocument.text",
		"content.xml": `<office:document-content ` + odfNS + `><office:body><office:text><text:p>正文。</text:p>` + odtBody + `</office:text></office:body></office:document-content>`,
	})

	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"page.html", []byte(`<html><body><h1>报告</h1><p>正文。</p>` + htmlTable + `</body></html>`)},
		// OCR'd Markdown carries its tables as HTML blocks.
		{"report.md", []byte("# 报告\n\n正文。\n\n<div style=\"text-align: center;\"><html><body>" + htmlTable + "</body></html></div>\n")},
		{"report.docx", docx},
		{"report.odt", odt},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tableRowsOf(t, tt.name, tt.data); strings.Join(got, "\n") != strings.Join(spannedRows, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(spannedRows, "\n"))
			}
		})
	}
}

// TestRealToolTables reads a table with merged cells as LibreOffice and
// pandoc write it to DOCX and ODT (testdata/realtools, made by make.sh
// there) the same as the HTML it was made from.
func TestRealToolTables(t *testing.T) {
	want := []string{
		"指标=废水^3|量化项=废水排放量|单位=吨|2024=926,152.70",
		"指标=废水^3|量化项=化学需氧量（COD)|单位=吨|2024=45.75",
		"指标=废水^3|量化项=总磷(TP)|单位=吨|2024=1.64",
		"指标=废弃物^2|量化项=其他危险废弃物|单位=吨|2024=4,459.32",
		"指标=废弃物^2|量化项=无害废弃物密度|单位=吨每百万元营业收入|2024=0.14",
		"指标 量化项=合计|单位=吨|2024=926,154.34",
	}
	for _, name := range []string{"table.html", "lo-table.docx", "lo-table.odt", "pandoc-table.docx", "pandoc-table.odt"} {
		t.Run(name, func(t *testing.T) {
			got := tableRowsOf(t, name, readFixture(t, filepath.Join("realtools", name)))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// Spans read from a file are not trusted: the largest int as a column or
// row span after another cell is a table too wide, or a span cut at the
// last row, never a panic (a crafted DOCX's gridSpan once overflowed).
func TestTableModelHugeSpans(t *testing.T) {
	const huge = int(^uint(0) >> 1)
	for _, rows := range [][][]tableCell{
		{{c("a"), span("b", 1, huge)}},
		{{c("指标"), c("值")}, {c("a"), span("b", huge, 1)}},
		{{c("指标"), c("值")}, {span("a", huge, huge), c("b")}},
	} {
		_ = gridRows(rows) // must not panic
	}
	if got := gridRows([][]tableCell{{c("指标"), c("值")}, {c("会员"), span("680万人", huge, 1)}}); len(got) != 1 || got[0] != "指标=会员|值=680万人" {
		t.Errorf("a row span past the last row: %q", got)
	}
}

// TestPDFTable reads a statistical table printed to PDF (testdata/
// pdf-table.pdf, LibreOffice's print of pdf-table.html): its rows as the
// table model reads the HTML's, each under its column's header, with the
// caption over it and the prose after it paragraphs of their own. Laid out
// as lines, the header ran into the caption and a row into the next.
func TestPDFTable(t *testing.T) {
	data := readFixture(t, "pdf-table.pdf")
	want := []string{
		"指标=全市常住人口|年末数（万人）=866.60",
		"指标=其中：城镇|年末数（万人）=392.66|比重（%）=45.31",
		"指标=乡村|年末数（万人）=473.94|比重（%）=54.69",
		"指标=其中：男性|年末数（万人）=428.20|比重（%）=49.41",
		"指标=女性|年末数（万人）=438.40|比重（%）=50.59",
		"产品名称=粮食|产量（万吨）=902.61|比上年增长（%）=-3.2",
		"产品名称=其中：夏粮|产量（万吨）=508.58|比上年增长（%）=-8.6",
		"产品名称=秋粮|产量（万吨）=394.03|比上年增长（%）=4.8",
	}
	if got := tableRowsOf(t, "pdf-table.pdf", data); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	doc, err := Extract(context.Background(), "pdf-table.pdf", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	for _, b := range doc.Blocks {
		if b.Kind == corpus.BlockParagraph || b.Kind == corpus.BlockCaption {
			paras = append(paras, string(b.Kind)+": "+b.Text)
		}
	}
	wantParas := []string{
		"paragraph: 年末全市常住人口866.60万人。其中，城镇人口392.66万人，乡村人口473.94万人。",
		"paragraph: 表1 2023年末常住人口数及其构成",
		"paragraph: 表2 主要农产品产量及增速",
		"paragraph: 全年全市粮食播种面积2066.70万亩，总产量902.61万吨，减产3.2%。",
	}
	if strings.Join(paras, "\n") != strings.Join(wantParas, "\n") {
		t.Errorf("paragraphs:\n%s\nwant:\n%s", strings.Join(paras, "\n"), strings.Join(wantParas, "\n"))
	}
}

// TestPDFTableColumns lays out lines as tableRows does: a header centred
// over a column set left ("指标" right of "全市常住人口") goes to that
// column, a letter-spaced cell ("粮   食") to the column a wider cell
// spans, and lines mostly without numbers are no table.
func TestPDFTableColumns(t *testing.T) {
	line := func(cells ...pdfCell) pdfLine { return pdfLine{cells: cells} }
	cell := func(text string, x0, x1 float64) pdfCell { return pdfCell{text: text, x0: x0, x1: x1} }
	tab, ok := tableRows([]pdfLine{
		line(cell("指", 166, 178), cell("标", 190, 202), cell("年末数（万人）", 292, 376), cell("比重（%）", 418, 478)),
		line(cell("全市常住人口", 105, 165), cell("866.60", 321, 348)),
		line(cell("粮", 115, 127), cell("食", 150, 162), cell("392.66", 321, 348), cell("45.31", 437, 459)),
	})
	got := fmt.Sprint(tab.rows)
	if want := "[[指标 年末数（万人） 比重（%）] [全市常住人口 866.60 ] [粮食 392.66 45.31]]"; !ok || !tab.header || got != want {
		t.Errorf("tableRows = %s, header %v, %v; want %s, with a header", got, tab.header, ok, want)
	}
	// Years head their columns: they are no row's numbers.
	tab, ok = tableRows([]pdfLine{
		line(cell("指标", 100, 124), cell("2022", 210, 234), cell("2023", 300, 324)),
		line(cell("粮食（万吨）", 100, 172), cell("902.61", 200, 236), cell("933.20", 290, 326)),
		line(cell("油料（万吨）", 100, 172), cell("52.80", 206, 236), cell("56.43", 296, 326)),
	})
	if want := "[[指标 2022 2023] [粮食（万吨） 902.61 933.20] [油料（万吨） 52.80 56.43]]"; !ok || !tab.header || fmt.Sprint(tab.rows) != want {
		t.Errorf("year header: tableRows = %v, header %v, %v; want %s, with a header", tab.rows, tab.header, ok, want)
	}
	// Coordinates no page has are skipped, never a panic.
	if _, ok := tableRows([]pdfLine{
		line(cell("指标", 100, 124), cell("绝对数", 200, 236)),
		line(cell("粮食", 100, 124), cell("902.61", 200, 236), cell("4.8", math.NaN(), 300)),
		line(cell("油料", 100, 124), cell("56.43", 236, 200)),
	}); !ok {
		t.Error("a table with a cell at NaN was refused")
	}
	if _, ok := tableRows([]pdfLine{
		line(cell("一、综", 100, 136), cell("合", 200, 212)),
		line(cell("二、农", 100, 136), cell("业", 200, 212)),
		line(cell("人口", 100, 124), cell("866.60", 200, 236)),
	}); ok {
		t.Error("lines mostly without numbers read as a table")
	}
}

// testLine is a PDF line of body size at y holding cells.
func testLine(y float64, cells ...pdfCell) pdfLine {
	l := pdfLine{cells: cells, y: y, size: 10, x0: cells[0].x0, x1: cells[len(cells)-1].x1}
	for _, c := range cells {
		l.text += c.text + " "
	}
	return l
}

// testCell is a cell of text from x0 to x1.
func testCell(text string, x0, x1 float64) pdfCell { return pdfCell{text: text, x0: x0, x1: x1} }

// TestPDFTableRuns finds tables among a page's lines: a letter-spaced
// heading with cells above the header is no part of the table, and a
// table that ends its page and goes on at the top of the next, with no
// header there, is read by its header; with none to take, lines stay
// lines.
func TestPDFTableRuns(t *testing.T) {
	line, cell := testLine, testCell
	header := line(700, cell("指标", 100, 124), cell("绝对数（亿元）", 200, 284))
	row := func(y float64, item, value string) pdfLine {
		return line(y, cell(item, 100, 148), cell(value, 236, 284))
	}
	page1 := []pdfLine{
		line(720, cell("综", 100, 110), cell("合", 140, 150)),
		header, row(680, "生产总值", "3512.6"), row(660, "工业", "1120.4"),
	}
	tabs := findTables(page1)
	if len(tabs) != 1 || tabs[0].start != 1 || !tabs[0].header {
		t.Fatalf("findTables = %+v, want one table with its header from line 1", tabs)
	}
	page2 := []pdfLine{row(700, "建筑业", "388.1"), row(680, "服务业", "1870.2"), row(660, "农业", "310.0")}
	_, _, _, _, tables, _ := pdfParagraphs([][]pdfLine{page1, page2})
	var got []string
	for _, rows := range tables {
		if rows != nil {
			got = append(got, fmt.Sprint(rows))
		}
	}
	want := []string{
		"[[指标 绝对数（亿元）] [生产总值 3512.6] [工业 1120.4]]",
		"[[指标 绝对数（亿元）] [建筑业 388.1] [服务业 1870.2] [农业 310.0]]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tables:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, _, _, _, tables, _ := pdfParagraphs([][]pdfLine{page2}); slices.ContainsFunc(tables, func(r [][]string) bool { return r != nil }) {
		t.Error("rows with no header to read them by were read as a table")
	}
	// A letter-spaced heading right under a table, or a placeholder in
	// its first row, changes neither the table nor its header.
	heading := line(600, cell("二、农", 100, 136), cell("业", 200, 212))
	placeholder := row(680, "建筑业", "—")
	tabs = findTables([]pdfLine{header, placeholder, row(660, "服务业", "1870.2"), row(640, "农业", "310.0"), heading})
	if len(tabs) != 1 || tabs[0].start != 0 || tabs[0].end != 4 || !tabs[0].header || fmt.Sprint(tabs[0].rows[0]) != "[指标 绝对数（亿元）]" {
		t.Errorf("findTables = %+v, want lines 0–3 under their header, the heading left out", tabs)
	}
	// Text after the table on its page ends it: the next page's rows are
	// another table's, not to be read by this header.
	prose := pdfLine{text: "三、农业", y: 640, size: 10, x0: 100, x1: 140, cells: []pdfCell{cell("三、农业", 100, 140)}}
	if _, _, _, _, tables, _ := pdfParagraphs([][]pdfLine{append(slices.Clone(page1), prose), page2}); len(slices.DeleteFunc(tables, func(r [][]string) bool { return r == nil })) != 1 {
		t.Error("a header was carried past the text after its table")
	}
}

// TestCellText drops the spaces of letter-spacing, in a PDF's table
// cells and headings, and keeps those between words.
func TestCellText(t *testing.T) {
	for in, want := range map[string]string{
		"一、综    合": "一、综合",
		"水 产 品":    "水产品",
		"指　标":      "指标",
		"1 提站位 准定位 强化创新理论武装": "1 提站位 准定位 强化创新理论武装",
		"居民消费价格指数 100.0":     "居民消费价格指数 100.0",
	} {
		if got := cellText(in); got != want {
			t.Errorf("cellText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPDFCellWords keeps the word spaces within a cell: "Gross domestic
// product" is one cell, apart from its number.
func TestPDFCellWords(t *testing.T) {
	run := func(text string, x, endX float64) pdfRun {
		return pdfRun{text: text, x: x, endX: endX, y: 700, size: 10}
	}
	lines := pageLines([]pdfRun{run("Gross", 100, 126), run("domestic", 129, 170), run("product", 173, 208), run("3512.6", 300, 330)})
	if len(lines) != 1 || len(lines[0].cells) != 2 || lines[0].cells[0].text != "Gross domestic product" {
		t.Errorf("cells = %+v, want \"Gross domestic product\" and \"3512.6\"", lines)
	}
}

// TestPDFRunningHeadIsNotTheTitle: a running head in the words of the
// report's title drops the head on every page, not the title set larger
// on page one.
func TestPDFRunningHeadIsNotTheTitle(t *testing.T) {
	const title = "2023年度社会责任报告"
	line := func(y, size float64, text string) pdfLine {
		return pdfLine{text: text, x0: 90, x1: 90 + size*float64(utf8.RuneCountInString(text)), y: y, size: size}
	}
	var pages [][]pdfLine
	for p := range 3 {
		lines := []pdfLine{line(800, 9, title)}
		if p == 0 {
			lines = append(lines, line(740, 22, title))
		}
		for i := range 5 {
			lines = append(lines, line(700-float64(20*i), 12, fmt.Sprintf("第%d页的第%d行正文，说明本年度的工作情况和主要成效。", p+1, i+1)))
		}
		pages = append(pages, lines)
	}
	dropRunningLines(pages)
	for p, lines := range pages {
		titles := 0
		for _, l := range lines {
			if l.text == title {
				titles++
			}
		}
		if want := map[bool]int{true: 1, false: 0}[p == 0]; titles != want {
			t.Errorf("page %d keeps %d lines of the title's words, want %d: %+v", p+1, titles, want, lines)
		}
	}
}

// TestPDFTableWrappedCell: a row whose label wraps onto a second line
// ("外商和港澳台" over "商投资企业") is one row, and the rows after it stay
// in the table under its header: the wrapped line ended the table, and
// the rest was read as lines of text.
func TestPDFTableWrappedCell(t *testing.T) {
	line, cell := testLine, testCell
	row := func(y float64, item, value string) pdfLine {
		return line(y, cell(item, 100, 160), cell(value, 236, 284))
	}
	page := []pdfLine{
		line(700, cell("指标", 100, 124), cell("绝对数（亿元）", 200, 284)),
		row(680, "生产总值", "3512.6"), row(660, "外商和港澳台", "120.4"), line(648, cell("商投资企业", 100, 150)),
		row(630, "建筑业", "388.1"), row(610, "服务业", "1870.2"),
		line(598, cell("资料来源", 100, 140)), // under the last row: a note, not its rest
	}
	_, _, _, _, tables, _ := pdfParagraphs([][]pdfLine{page})
	var got []string
	for _, rows := range tables {
		if rows != nil {
			got = append(got, fmt.Sprint(rows))
		}
	}
	want := "[[指标 绝对数（亿元）] [生产总值 3512.6] [外商和港澳台商投资企业 120.4] [建筑业 388.1] [服务业 1870.2]]"
	if len(got) != 1 || got[0] != want {
		t.Errorf("tables:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestPDFTableOfOneRow: a header over one row whose cells start where
// the header's do is a table (a government information disclosure
// report's "第二十条第（八）项": 信息内容 | 本年收费金额（单位：万元） over
// 行政事业性收费 | 96171.6); read as two lines of text, the number lost
// its header and unit. A letter-spaced heading over a row is none.
func TestPDFTableOfOneRow(t *testing.T) {
	line, cell := testLine, testCell
	page := []pdfLine{
		line(700, cell("信息内容", 79, 119), cell("本年收费金额（单位：万元）", 249, 379)),
		line(664, cell("行政事业性收费", 79, 149), cell("96171.6", 249, 285)),
	}
	_, _, _, _, tables, _ := pdfParagraphs([][]pdfLine{page})
	var got []string
	for _, rows := range tables {
		if rows != nil {
			got = append(got, fmt.Sprint(rows))
		}
	}
	if want := "[[信息内容 本年收费金额（单位：万元）] [行政事业性收费 96171.6]]"; len(got) != 1 || got[0] != want {
		t.Errorf("tables = %q, want %q", got, want)
	}
	for _, lines := range [][]pdfLine{
		{line(700, cell("一、综", 100, 136), cell("合", 200, 212)), line(680, cell("人口", 100, 124), cell("866.60", 200, 236))},
		{line(700, cell("指标", 100, 124), cell("年末数", 200, 236)), line(680, cell("人口", 100, 124), cell("866.60", 260, 296))},
	} {
		if tabs := findTables(lines); len(tabs) != 0 {
			t.Errorf("findTables(%q, %q) = %+v, want no table", lines[0].text, lines[1].text, tabs)
		}
	}
}

// TestPDFRowLinesStayApart: rows of cells that are no table (none has a
// header over it: the header was set cell by cell over several lines)
// are each a paragraph: run together, one row's last number ran into the
// next row's label ("…61 4 3119二、上年结转…").
func TestPDFRowLinesStayApart(t *testing.T) {
	line, cell := testLine, testCell
	row := func(y float64, item, a, b string) pdfLine {
		return line(y, cell(item, 77, 197), cell(a, 260, 275), cell(b, 496, 511))
	}
	page := []pdfLine{
		line(720, cell("其他", 454, 469)),
		row(700, "一、本年新收政府信息公开申请数量", "3001", "3119"),
		row(676, "二、上年结转政府信息公开申请数量", "34", "34"),
		line(652, cell("（二）部分公开（区分处理的，只计这一情", 101, 246)),
	}
	paras, _, _, _, _, _ := pdfParagraphs([][]pdfLine{page})
	var got []string
	for _, p := range paras {
		got = append(got, cleanPara(p))
	}
	want := []string{"其他", "一、本年新收政府信息公开申请数量 3001 3119", "二、上年结转政府信息公开申请数量 34 34", "（二）部分公开（区分处理的，只计这一情"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPDFTableDrawnByCells reads a government body's yearly report on
// open government information (testdata/openinfo-report-p4.pdf, a page
// of the real one, printed by WPS): the table is drawn a cell at a time,
// its header words broken over lines ("商业企" over "业") and the label
// over a group of rows set one character a line ("三、" "本" "年" …).
// Each row reads with its groups' labels and each number under the
// header cells over its column.
func TestPDFTableDrawnByCells(t *testing.T) {
	got := tableRowsOf(t, "openinfo-report-p4.pdf", readFixture(t, "openinfo-report-p4.pdf"))
	head := func(n ...string) string {
		names := []string{"申请人情况 自然人", "申请人情况 法人或其他组织 商业企业", "申请人情况 法人或其他组织 科研机构",
			"申请人情况 法人或其他组织 社会公益组织", "申请人情况 法人或其他组织 法律服务机构", "申请人情况 法人或其他组织 其他", "申请人情况 总计"}
		var parts []string
		for k, v := range n {
			parts = append(parts, names[k]+"="+v)
		}
		return strings.Join(parts, "|")
	}
	want := []string{
		"一、本年新收政府信息公开申请数量|" + head("3001", "53", "0", "0", "61", "4", "3119"),
		"二、上年结转政府信息公开申请数量|" + head("34", "0", "0", "0", "0", "0", "34"),
		"三、本年度办理结果^11|（一）予以公开|" + head("1288", "21", "0", "0", "50", "3", "1362"),
		"三、本年度办理结果^11|（二）部分公开（区分处理的，只计这一情形，不计其他情形）|" + head("447", "7", "0", "0", "0", "0", "454"),
		"三、本年度办理结果^11|（三）不予公开^8|1.属于国家秘密|" + head("2", "0", "0", "0", "0", "0", "2"),
	}
	if len(got) != 13 || strings.Join(got[:5], "\n") != strings.Join(want, "\n") {
		t.Errorf("rows (%d):\n%s\nwant the first 5 of 13:\n%s", len(got), strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if last := got[len(got)-1]; !strings.HasPrefix(last, "三、本年度办理结果^11|（四）无|1.本机关不掌握相关政府信息|") {
		t.Errorf("last row %q, want it under （四）无", last)
	}
}

// TestPDFTableDrawnByCellsLines puts together a table drawn a cell at a
// time from its lines: the report's table of reviews and suits, whose
// header has three levels (行政诉讼 over 未经复议直接起诉 over 结果维持),
// its numbers set closer than a cell's gap ("72 64"); and a table going
// on over a page break, its group's label split by it ("（四）无" at the
// foot of one page, "法提供" beside the first row of the next).
func TestPDFTableDrawnByCellsLines(t *testing.T) {
	cell, line := testCell, testLine
	words := func(x0 float64, nums ...string) pdfCell {
		c := pdfCell{x0: x0}
		x := x0
		for _, n := range nums {
			c.words = append(c.words, pdfCell{text: n, x0: x, x1: x + 12})
			c.text += n + " "
			x += 28
		}
		c.x1 = x - 16
		return c
	}
	page := []pdfLine{
		line(340, cell("四、行政复议、行政诉讼情况", 100, 300)),
		line(317, cell("行政复议", 74, 104), cell("行政诉讼", 130, 160)),
		line(258, cell("结果", 74, 90)), line(232, cell("维持", 74, 89)),
		line(258, cell("其他", 102, 118)), line(232, cell("结果", 102, 118)),
		line(282, cell("未经复议直接起诉", 130, 190), cell("复议后起诉", 186, 220)),
		line(240, cell("结果", 130, 146)), line(214, cell("维持", 130, 146)),
		line(227, cell("总计", 158, 173)),
		line(240, cell("结果", 186, 202)), line(214, cell("纠正", 186, 202)),
		line(168, words(74, "72", "178", "13", "26"), cell("12", 186, 198)),
		line(100, cell("五、存在的主要问题及改进情况", 100, 300)),
	}
	page[0].size, page[len(page)-1].size = 16, 16
	_, _, _, _, tables, _ := pdfParagraphs([][]pdfLine{page})
	var got []string
	for _, rows := range tables {
		if rows != nil {
			got = append(got, fmt.Sprint(rows))
		}
	}
	want := "[[行政复议 结果维持 行政复议 其他结果 行政诉讼 未经复议直接起诉 结果维持 行政诉讼 未经复议直接起诉 总计 行政诉讼 复议后起诉 结果纠正] [72 178 13 26 12]]"
	if strings.Join(got, "\n") != want {
		t.Errorf("tables:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}

	nums := func(y float64, label pdfCell, a, b string) pdfLine {
		return line(y, label, cell(a, 200, 212), cell(b, 240, 252))
	}
	page1 := []pdfLine{
		line(500, cell("表", 100, 160)),
		line(470, cell("自然", 200, 216)), line(455, cell("人", 200, 208)),
		line(462, cell("总计", 240, 256)),
		nums(430, cell("（一）予以公开", 77, 150), "5", "5"),
		nums(410, cell("（二）部分公开", 77, 150), "1", "1"),
		line(395, cell("（四）无", 77, 101)),
		nums(390, cell("1.不掌握", 110, 150), "2", "2"),
	}
	page2 := []pdfLine{
		line(700, cell("法提供", 77, 101), cell("2.没有现成信息", 110, 160), cell("3", 200, 212), cell("3", 240, 252)),
		nums(680, cell("（七）总计", 77, 150), "8", "8"),
		line(600, cell("五、存在的主要问题及改进情况", 100, 300)),
	}
	page1[0].size, page2[2].size = 16, 16
	_, _, _, _, tables, _ = pdfParagraphs([][]pdfLine{page1, page2})
	got = nil
	for _, rows := range tables {
		if rows != nil {
			got = append(got, fmt.Sprint(rows))
		}
	}
	want = "[[  自然人 总计] [（一）予以公开 （一）予以公开 5 5] [（二）部分公开 （二）部分公开 1 1] [（四）无法提供 1.不掌握 2 2]]\n" +
		"[[  自然人 总计] [（四）无法提供 2.没有现成信息 3 3] [（七）总计 （七）总计 8 8]]"
	if strings.Join(got, "\n") != want {
		t.Errorf("tables over a page break:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
