package corpus

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestReadRow: a table row's text and its figures, each as
// "text kind value unit label [parent] year".
func TestReadRow(t *testing.T) {
	c := func(header, text string) Cell { return Cell{Header: header, Text: text} }
	group := func(header, text string, rows int) Cell { return Cell{Header: header, Text: text, Rows: rows} }
	tests := []struct {
		name  string
		cells []Cell
		text  string
		figs  []string
	}{
		{"the unit column gives the number its unit; a group is the parent",
			[]Cell{group("指标", "废水", 6), c("量化项", "总磷(TP)"), c("单位", "吨"), c("2024", "1.64")},
			"指标：废水，量化项：总磷(TP)，2024：1.64吨。",
			[]string{"1.64吨 measure 1.64 吨 总磷(TP) [废水] 2024"}},
		{"place value and money, grouped digits",
			[]Cell{c("量化项", "报告期末应付账款（含应付票据）余额"), c("单位", "万元"), c("2024", "60,337.06")},
			"量化项：报告期末应付账款（含应付票据）余额，2024：60,337.06万元。",
			[]string{"60,337.06万元 money 6.033706e+08 元 报告期末应付账款（含应付票据）余额 [] 2024"}},
		{"a share", []Cell{c("量化项", "研发人员占比"), c("单位", "%"), c("2024", "15.61")},
			"量化项：研发人员占比，2024：15.61%。", []string{"15.61% percent 15.61 % 研发人员占比 [] 2024"}},
		{"the quantity a unit is of", []Cell{c("量化项", "能源消耗总量"), c("单位", "吨标煤"), c("2024", "100,551.09")},
			"量化项：能源消耗总量，2024：100,551.09吨标煤。", []string{"100,551.09吨标煤 measure 100551.09 吨 能源消耗总量 [] 2024"}},
		{"a rate per something", []Cell{c("量化项", "用水强度"), c("单位", "吨每百万元营业收入"), c("2024", "814.90")},
			"量化项：用水强度，2024：814.90吨每百万元营业收入。", []string{"814.90吨每百万元营业收入 measure 814.9 吨 用水强度 [] 2024"}},
		{"place values before an SI unit", []Cell{c("量化项", "外购热力"), c("单位", "百万千焦"), c("2024", "342,166.11")},
			"量化项：外购热力，2024：342,166.11百万千焦。", []string{"342,166.11百万千焦 measure 3.4216611e+11 千焦 外购热力 [] 2024"}},
		{"a product of units", []Cell{c("量化项", "全年培训总学时"), c("单位", "人·小时"), c("2024", "12,445")},
			"量化项：全年培训总学时，2024：12,445人·小时。", []string{"12,445人·小时 count 12445 人 全年培训总学时 [] 2024"}},
		{"no number: the unit stays in its column",
			[]Cell{c("量化项", "年末逾期未支付款项金额"), c("单位", "万元"), c("2024", "无")},
			"量化项：年末逾期未支付款项金额，单位：万元，2024：无。", nil},
		{"an organisation in a column headed 单位 is no unit",
			[]Cell{c("单位", "台江县总工会"), c("人数", "120")}, "单位：台江县总工会，人数：120。", []string{"120 count 120  台江县总工会 [] 0"}},
		{"spaces in the unit header", []Cell{c("项目", "接受体检人数"), c("单 位", "人"), c("2024年", "1,564")},
			"项目：接受体检人数，2024年：1,564人。", []string{"1,564人 count 1564 人 接受体检人数 [] 2024"}},
		{"a cell that is a figure with its unit",
			[]Cell{c("指标", "会员人数"), c("2023年", "693.96万人")},
			"指标：会员人数，2023年：693.96万人。", []string{"693.96万人 count 6.9396e+06 人 会员人数 [] 2023"}},
		{"a header said once for cells side by side under it",
			[]Cell{group("量化项", "按性别划分的员工人数", 2), c("量化项", "男性员工"), c("单位", "人"), c("2024", "1,277")},
			"量化项：按性别划分的员工人数，男性员工，2024：1,277人。",
			[]string{"1,277人 count 1277 人 男性员工 [按性别划分的员工人数] 2024"}},
		{"two years", []Cell{c("指标", "员工总数"), c("单位", "人"), c("2023年", "1,700"), c("2024年", "1,774")},
			"指标：员工总数，2023年：1,700人，2024年：1,774人。",
			[]string{"1,700人 count 1700 人 员工总数 [] 2023", "1,774人 count 1774 人 员工总数 [] 2024"}},
		// A header is cleaned as a cell's text is (a Word table's header
		// cell may hold a zero-width space or a byte-order mark).
		{"what carries no text is dropped from a header",
			[]Cell{c("指\u200b标\x00", "营业收入"), c(" 2024\ufeff", "12万元")},
			"指标：营业收入，2024：12万元。", []string{"12万元 money 120000 元 营业收入 [] 2024"}},
		{"a byte that is no UTF-8 is dropped from a header",
			[]Cell{c("指标\xff\xfe", "营业收入"), c("2024", "12万元")},
			"指标：营业收入，2024：12万元。", []string{"12万元 money 120000 元 营业收入 [] 2024"}},
		{"no header", []Cell{c("", "工会会员"), c("", "693.96万人")}, "工会会员，693.96万人。",
			[]string{"693.96万人 count 6.9396e+06 人 工会会员 [] 0"}},
		{"a header names its column's unit in brackets",
			[]Cell{c("指标", "营业收入"), c("2023年（亿元）", "12,345.6"), c("增速(%)", "5.2")},
			"指标：营业收入，2023年：12,345.6亿元，增速：5.2%。",
			[]string{"12,345.6亿元 money 1.23456e+12 元 营业收入 [] 2023", "5.2% change 5.2 % 营业收入 增速 [] 0"}},
		{"a header's bracket saying it is the unit",
			[]Cell{c("信息内容", "行政事业性收费"), c("本年收费金额（单位：万元）", "96171.6")},
			"信息内容：行政事业性收费，本年收费金额：96171.6万元。",
			[]string{"96171.6万元 money 9.61716e+08 元 行政事业性收费 [] 0"}},
		{"a column of falls", []Cell{c("指标", "能源消耗强度"), c("单位", "%"), c("比上年下降", "3.1")},
			"指标：能源消耗强度，比上年下降：3.1%。", []string{"3.1% change -3.1 % 能源消耗强度 比上年下降 [] 0"}},
		{"a negative number under a header of change is a fall",
			[]Cell{c("产品名称", "夏粮"), c("产量（万吨）", "508.58"), c("比上年增长（%）", "-8.6")},
			"产品名称：夏粮，产量：508.58万吨，比上年增长：-8.6%。",
			[]string{"508.58万吨 measure 5.0858e+06 吨 夏粮 [] 0", "-8.6% change -8.6 % 夏粮 比上年增长 [] 0"}},
		{"a header's own unit before the unit column's",
			[]Cell{c("产品名称", "钢材"), c("单位", "吨"), c("产量", "1577693"), c("比上年增长（%）", "48.8")},
			"产品名称：钢材，产量：1577693吨，比上年增长：48.8%。",
			[]string{"1577693吨 measure 1.577693e+06 吨 钢材 [] 0", "48.8% change 48.8 % 钢材 比上年增长 [] 0"}},
		{"a per cent sign closing a header", []Cell{c("指标", "货物运输总量"), c("增长%", "6.6")},
			"指标：货物运输总量，增长：6.6%。", []string{"6.6% change 6.6 % 货物运输总量 增长 [] 0"}},
		{"a signed whole figure under a header of change",
			[]Cell{c("指标", "粮食"), c("比上年增长", "-3.2%"), c("增速", "+1.5%")},
			"指标：粮食，比上年增长：-3.2%，增速：+1.5%。",
			[]string{"-3.2% change -3.2 % 粮食 比上年增长 [] 0", "+1.5% change 1.5 % 粮食 增速 [] 0"}},
		{"a placeholder is no item", []Cell{c("指标", "粮食"), c("产量（万吨）", "902.61"), c("比上年增长（%）", "—")},
			"指标：粮食，产量：902.61万吨，比上年增长（%）：—。", []string{"902.61万吨 measure 9.0261e+06 吨 粮食 [] 0"}},
		{"a per cent sign after a number names no unit, and a number with none is no change", []Cell{c("指标", "企业"), c("增长超过10%", "12")},
			"指标：企业，增长超过10%：12。", []string{"12 count 12  企业 [] 0"}},
		{"the unit column before a header's unit of amount",
			[]Cell{c("指标", "研发占比"), c("单位", "%"), c("金额（万元）", "6.34")},
			"指标：研发占比，金额：6.34%。", []string{"6.34% percent 6.34 % 研发占比 [] 0"}},
		{"a bracketed note that is no unit", []Cell{c("项目", "外购电力"), c("数量（不含新能源）", "3")},
			"项目：外购电力，数量（不含新能源）：3。", []string{"3 count 3  外购电力 [] 0"}},
		{"a number with no unit is a count", []Cell{c("指标", "路演"), c("2024", "4")}, "指标：路演，2024：4。", []string{"4 count 4  路演 [] 2024"}},
		{"a table of counts with no unit", []Cell{group("", "（三）不予公开", 2), c("", "1.属于国家秘密"), c("申请人情况 自然人", "2"), c("申请人情况 总计", "0")},
			"（三）不予公开，1.属于国家秘密，申请人情况 自然人：2，申请人情况 总计：0。",
			[]string{"2 count 2  1.属于国家秘密 [（三）不予公开] 0", "0 count 0  1.属于国家秘密 [（三）不予公开] 0"}},
		{"a year alone is no count", []Cell{c("项目", "公司成立"), c("年份", "2019"), c("员工", "1,774")},
			"项目：公司成立，年份：2019，员工：1,774。", []string{"1,774 count 1774  公司成立 [] 0"}},
		{"under a year's header a number is that year's count, not a year", []Cell{c("指标", "接待来访群众"), c("2023年", "1986"), c("2024年", "2,050")},
			"指标：接待来访群众，2023年：1986，2024年：2,050。", []string{"1986 count 1986  接待来访群众 [] 2023", "2,050 count 2050  接待来访群众 [] 2024"}},
		{"an ordinal names the row's item", []Cell{c("届次", "第十五届"), c("参赛人数", "706名")},
			"届次：第十五届，参赛人数：706名。", []string{"第十五届 ordinal 15 届  [] 0", "706名 count 706 名 第十五届 [] 0"}},
		{"prose in a cell is read as prose",
			[]Cell{c("2024年目标", "原料采购产品合格率≥98%；辅料到货合格率100%"), group("完成情况", "报告期内各项目标均达成", 2)},
			"2024年目标：原料采购产品合格率≥98%；辅料到货合格率100%，完成情况：报告期内各项目标均达成。",
			[]string{"98% percent 98 % 原料采购产品合格率≥ [] 0", "100% percent 100 % 辅料到货合格率 [] 0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, figs := DefaultGrammar().ReadRow(tt.cells)
			if text != tt.text {
				t.Errorf("text %q, want %q", text, tt.text)
			}
			var got []string
			for _, f := range figs {
				if text[f.Start:f.End] != f.Text {
					t.Errorf("figure %q at %d:%d of %q", f.Text, f.Start, f.End, text)
				}
				got = append(got, fmt.Sprintf("%s %s %g %s %s [%s] %d", f.Text, f.Kind, f.Value, f.Unit, f.Label, f.Parent, f.Year))
			}
			if strings.Join(got, "\n") != strings.Join(tt.figs, "\n") {
				t.Errorf("figures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.figs, "\n"))
			}
		})
	}
}

// TestTableRowPassages: a table row's block becomes a passage whose
// figures are read from its cells; a row stored as text only (blocks of
// an older version) is read as text.
func TestTableRowPassages(t *testing.T) {
	row := TableRow([]Cell{{Header: "指标", Text: "废水", Rows: 2}, {Header: "量化项", Text: "总磷(TP)"}, {Header: "单位", Text: "吨"}, {Header: "2024", Text: "1.64"}})
	old := Block{Kind: BlockTableRow, Text: "指标：总磷(TP)，量化项：吨，单位：1.64。"}
	r, err := ParseBlocks("esg", []Block{{Kind: BlockTitle, Text: "ESG报告"}, row, old})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Passages) != 2 {
		t.Fatalf("passages %+v", r.Passages)
	}
	p := r.Passages[0]
	if p.Text != row.Text || len(p.Figures) != 1 || p.Figures[0].Text != "1.64吨" || p.Figures[0].Label != "总磷(TP)" || p.Figures[0].Year != 2024 {
		t.Errorf("row passage %q figures %+v", p.Text, p.Figures)
	}
	if p := r.Passages[1]; p.Text != old.Text || len(p.Figures) != 0 {
		t.Errorf("text row passage %q figures %+v", p.Text, p.Figures)
	}
}

// TestLongTableRow: a row too long for one passage is cut like any
// paragraph, and each piece keeps the figures read from the cells in it.
func TestLongTableRow(t *testing.T) {
	long := strings.Repeat("公司持续完善安全生产责任体系，组织开展隐患排查治理。", 8)
	row := TableRow([]Cell{{Header: "说明", Text: long}, {Header: "量化项", Text: "年度内整改数量"}, {Header: "单位", Text: "处"}, {Header: "2024", Text: "5,319"}})
	r, err := ParseBlocks("esg", []Block{{Kind: BlockTitle, Text: "ESG报告"}, row})
	if err != nil {
		t.Fatal(err)
	}
	var joined strings.Builder
	var figs []string
	for _, p := range r.Passages {
		joined.WriteString(p.Text)
		for _, f := range p.Figures {
			if p.Text[f.Start:f.End] != f.Text {
				t.Errorf("figure %q at %d:%d of %q", f.Text, f.Start, f.End, p.Text)
			}
			figs = append(figs, f.Text+" "+f.Label)
		}
	}
	if len(r.Passages) < 2 || joined.String() != row.Text {
		t.Fatalf("passages %d, joined %q", len(r.Passages), joined.String())
	}
	if strings.Join(figs, "|") != "5,319处 年度内整改数量" {
		t.Errorf("figures %q", figs)
	}
}

// TestLongTableRowHeaderNotUTF8: a row longer than a passage whose header
// holds bytes that are no UTF-8 is cut into valid passages (it panicked).
func TestLongTableRowHeaderNotUTF8(t *testing.T) {
	row := TableRow([]Cell{{Header: "指标\xff\xff\xff\xff\xff\xff", Text: strings.Repeat("职工之家建设", 40) + "。完成"}})
	r, err := ParseBlocks("esg", []Block{row})
	if err != nil {
		t.Fatal(err)
	}
	var joined strings.Builder
	for _, p := range r.Passages {
		if !utf8.ValidString(p.Text) {
			t.Errorf("passage %q is not UTF-8", p.Text)
		}
		joined.WriteString(p.Text)
	}
	if len(r.Passages) < 2 || joined.String() != row.Text {
		t.Errorf("passages %d, joined %q, want %q", len(r.Passages), joined.String(), row.Text)
	}
}

// TestLongTableRowKeepsFigureWhole: a row with no punctuation, longer
// than a passage, is not cut inside a figure: its figure, kept only by
// the piece holding all of it, would be in no passage.
func TestLongTableRowKeepsFigureWhole(t *testing.T) {
	// The row's text opens with "内容：", so 元 is its 171st rune.
	row := TableRow([]Cell{{Header: "内容", Text: strings.Repeat("职", 159) + "投入1234.5万元" + strings.Repeat("用于职工之家建设", 5)}})
	r, err := ParseBlocks("esg", []Block{row})
	if err != nil {
		t.Fatal(err)
	}
	var figs []string
	for _, p := range r.Passages {
		for _, f := range p.Figures {
			figs = append(figs, f.Text)
		}
	}
	if len(r.Passages) < 2 || strings.Join(figs, "|") != "1234.5万元" {
		t.Errorf("%d passages, figures %q, want 1234.5万元", len(r.Passages), figs)
	}
}
