package extract

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/corpus"
)

// TestSavedSchoolPage reads a real saved page of a school site carrying
// a provincial party congress report (testdata/school-page.html, see the
// README there): a main menu, a "推荐阅读" sidebar of other articles dated
// 2026, a breadcrumb, a hit counter, a print button, previous/next links
// and bold paragraph headings inside the article's container.
func TestSavedSchoolPage(t *testing.T) {
	doc, err := Extract(context.Background(), "school-page.html", readFixture(t, "school-page.html"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkLayout(t, doc.Text)
	if want := "每周一学（2022年6月27日——7月3日）"; doc.Title != want || doc.Blocks[0].Kind != corpus.BlockTitle || doc.Blocks[0].Text != want {
		t.Errorf("title %q, first block %+v; want %q", doc.Title, doc.Blocks[0], want)
	}
	for _, bad := range []string{"推荐阅读", "2026", "当前位置", "首页", "点击数", "打印正文", "上一篇", "下一篇", "学习专栏", "绍兴市第一中学", "版权所有", "智慧校园", "组织架构"} {
		if strings.Contains(doc.Text, bad) {
			t.Errorf("text keeps %q", bad)
		}
	}
	r, err := corpus.ParseBlocks("page", doc.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	var sections []string
	for _, s := range r.Sections {
		sections = append(sections, s.Name())
	}
	want := []string{"1 过去五年的主要工作", "3 今后五年的总体要求、奋斗目标和主要任务"}
	if !slices.Equal(sections, want) {
		t.Errorf("sections %q, want %q", sections, want)
	}
	if slices.Contains(r.Passages[0].Years, 2026) {
		t.Errorf("years %v: the sidebar's years count", r.Passages[0].Years)
	}
	for _, p := range r.Passages {
		if strings.Contains(p.Text, "今后五年的总体要求") {
			t.Errorf("the heading is glued to a passage: %q", p.Text)
		}
	}
}

func TestHTMLFurnitureTablesCaptions(t *testing.T) {
	page := `<html><head><title>全省工会工作综述_新闻中心_某某网</title></head><body>
<div class="main"><div class="crumb">您现在的位置：<a href="/">首页</a> &gt; <a href="/news">新闻</a></div>
<h1>全省工会工作综述</h1>
<p>全省各级工会紧扣发展大局，聚焦主责主业，团结动员广大职工投身推动高质量发展的火热实践，多项工作得到肯定。</p>
<figure><img src="a.jpg"><figcaption>贵州省第一届职工职业技能大赛决赛开幕式现场，来自全省各地的选手同台竞技。</figcaption></figure>
<p><b>一、主要成绩</b></p>
<table><tr><th>指标</th><th>2023年</th></tr><tr><td>工会会员</td><td>693.96万人</td></tr><tr><td>基层工会</td><td>5.51万个</td></tr></table>
<table><tr><td><p>布局表格里的一段正文，足够长，足够长，足够长，足够长，足够长，足够长，足够长，足够长，足够长，足够长。</p></td></tr></table>
<ul><li>送温暖</li><li>送清凉</li></ul>
<p>责任编辑：张三</p><p>（编审：李四）</p><p>【关闭窗口】</p>
<div class="share">分享到：<a>微信</a><a>微博</a></div>
</div></body></html>`
	doc, err := Extract(context.Background(), "page.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, string(b.Kind)+":"+b.Text+imageSuffix(b))
	}
	want := []string{
		"title:全省工会工作综述",
		"paragraph:全省各级工会紧扣发展大局，聚焦主责主业，团结动员广大职工投身推动高质量发展的火热实践，多项工作得到肯定。",
		"caption:贵州省第一届职工职业技能大赛决赛开幕式现场，来自全省各地的选手同台竞技。@a.jpg",
		"heading:一、主要成绩",
		"table_row:指标：工会会员，2023年：693.96万人。",
		"table_row:指标：基层工会，2023年：5.51万个。",
		"paragraph:布局表格里的一段正文，足够长，足够长，足够长，足够长，足够长，足够长，足够长，足够长，足够长，足够长。",
		"list_item:送温暖",
		"list_item:送清凉",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	r, err := corpus.ParseBlocks("page", doc.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	// A 37-character caption is kept whole and names its image.
	if len(r.Captions) != 1 || r.Captions[0].Image != "a.jpg" {
		t.Errorf("captions %+v", r.Captions)
	}
	if len(r.Sections) != 1 || r.Sections[0].Name() != "1 主要成绩" {
		t.Errorf("sections %+v", r.Sections)
	}
}

// A headline that runs on with the article's date line (government
// portals put the date, source and font-size buttons in the <h2>) is the
// title, not a paragraph; a bare "分享：" is furniture; a dash line set as
// a heading under the title is the subtitle, and a passage.
func TestHeadlineWithDateLine(t *testing.T) {
	page := `<html><head><title>关于上海市2025年预算执行情况的报告</title></head><body>
<div class="Article"><h2 class="Article-title">关于上海市2025年预算执行情况的报告
<small class="Article-time">2026-05-15 <span>来源：上海市财政局</span></small>
<div class="zihao"><span>字号：</span><a>大</a><a>中</a><a>小</a></div></h2>
<div class="Article_content">
<p style="text-align: center;"><strong>关于上海市2025年预算执行情况的报告</strong></p>
<p style="text-align: center;"><strong>——2026年2月7日上海市第十六届人民代表大会第四次会议通过</strong></p>
<p>全市一般公共预算收入8500.9亿元，为预算的99.5%，比2024年增长1.5%。加上中央财政税收返还和补助收入，收入总量为9813.6亿元。</p>
</div>
<div class="Article-fixed"><span>分享：</span></div>
</div></body></html>`
	doc, err := Extract(context.Background(), "page.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := corpus.ParseBlocks("sh", doc.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "关于上海市2025年预算执行情况的报告" || r.Subtitle != "2026年2月7日上海市第十六届人民代表大会第四次会议通过" {
		t.Errorf("title %q subtitle %q", r.Title, r.Subtitle)
	}
	var texts []string
	for _, p := range r.Passages {
		texts = append(texts, p.Text)
	}
	// The subtitle is a passage too (its date answers "哪天通过的"); the
	// headline's date line and the share button are not.
	if len(texts) != 2 || texts[0] != r.Subtitle || !strings.HasPrefix(texts[1], "全市一般公共预算收入8500.9亿元") {
		t.Errorf("passages %q, want the subtitle and the report's paragraph", texts)
	}
}

// A headline element left unclosed holds the article after it: the
// article is still text.
func TestUnclosedHeadline(t *testing.T) {
	page := `<html><head><title>关于本市2025年预算执行情况的报告</title></head><body>
<h2>关于本市2025年预算执行情况的报告 <small>2026-05-15 来源：市财政局</small>
<div class="content"><p>全市一般公共预算收入8500.9亿元，为预算的99.5%，比2024年增长1.5%。加上中央财政税收返还和补助收入，收入总量为9813.6亿元。</p>
<p>市级一般公共预算收入3839.5亿元，为预算的98.6%，下降0.4%。加上中央财政税收返还和补助收入，收入总量为5000亿元。</p></div>
</body></html>`
	doc, err := Extract(context.Background(), "page.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := corpus.ParseBlocks("p", doc.Blocks)
	if err != nil {
		t.Fatalf("the article was dropped with its headline: %v", err)
	}
	if !strings.Contains(r.Passages[0].Text+r.Passages[len(r.Passages)-1].Text, "8500.9亿元") {
		t.Errorf("passages %+v", r.Passages)
	}
}

func imageSuffix(b corpus.Block) string {
	if b.Image == "" {
		return ""
	}
	return "@" + b.Image
}

// TestHTMLDeepNesting: a page nested 500 elements deep with 5,000
// paragraphs took 95 s when every ancestor recounted its text; counted
// once it takes well under a second (20 s leaves room for -race).
func TestHTMLDeepNesting(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<div>", 500) + strings.Repeat("<p><b>一、标题</b></p><p>正文内容。</p>", 5000) + "</body></html>"
	start := time.Now()
	if _, err := Extract(context.Background(), "deep.html", []byte(page), Options{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestPDFBoldHeadings: in LibreOffice's print of the school page the
// headings are bold at body size; the font's weight makes them headings,
// and so sections.
func TestPDFBoldHeadings(t *testing.T) {
	doc, err := Extract(context.Background(), "school-page-lo.pdf", readFixture(t, "school-page-lo.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := corpus.ParseBlocks("lo", doc.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	var sections []string
	for _, s := range r.Sections {
		sections = append(sections, s.Name())
	}
	if want := []string{"1 过去五年的主要工作", "3 今后五年的总体要求、奋斗目标和主要任务"}; !slices.Equal(sections, want) {
		t.Errorf("sections %q, want %q", sections, want)
	}
	// The headline, not the search box and menu above it.
	if want := "每周一学（2022年6月27日——7月3日）"; doc.Title != want || r.Title != want {
		t.Errorf("title %q / %q, want %q", doc.Title, r.Title, want)
	}
	for _, bad := range []string{"地址", "版权所有", "上一篇", "点击数"} {
		if strings.Contains(doc.Text, bad) {
			t.Errorf("text keeps %q", bad)
		}
	}
}

func TestFurniture(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"当前位置：首页 > 党建引领 > 学习专栏", true},
		{"【打印正文】", true},
		{"上一篇：每周一学（2022年6月20日——6月26日）[ 06-20 ]", true},
		{"文章来源： 作者： 发布时间：2022年06月27日 点击数： 次", true},
		{"责任编辑：张三", true},
		{"（编审：李四）", true},
		{"绍兴市第一中学 版权所有 Copyright © SXYZ.NET All Rights Reserved.", true},
		{"浙公网安备 33060202000394号 ICP证：浙ICP备14042003号-1", true},
		{"位置：贵阳市观山湖区", false},
		{"全年阅读量：1.2亿次。", false},
		{"编辑部全年完成稿件审核3000篇。", false},
		{"1 提站位 准定位 强化创新理论武装", false},
		{"分享：", true},
		{"分享：这一年的收获", false},
	}
	for _, tt := range tests {
		if got := isFurniture(tt.line); got != tt.want {
			t.Errorf("isFurniture(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// htmlBlocks extracts a page and lists its blocks as kind:text.
func htmlBlocks(t *testing.T, page string) []string {
	t.Helper()
	doc, err := Extract(context.Background(), "page.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, string(b.Kind)+":"+b.Text)
	}
	return got
}

// TestBreakInHeading: a headline or heading set over two lines with <br>,
// and a list item with one, is one block; before, the first line was a
// paragraph of its own and the headline showed twice.
func TestBreakInHeading(t *testing.T) {
	got := htmlBlocks(t, `<html><head><title>关于2025年预算执行情况的报告</title></head><body>`+
		`<h1>关于2025年预算执行情况<br>的报告</h1><p>全市一般公共预算收入完成预算的102.3%，比上年增长5.1%，实现了年初确定的目标。</p>`+
		`<h2>一、一般公共预算<br/>收支情况</h2><p>收入完成情况良好。</p><ul><li>税收收入<br>增长5%</li></ul></body></html>`)
	want := []string{"title:关于2025年预算执行情况的报告", "paragraph:全市一般公共预算收入完成预算的102.3%，比上年增长5.1%，实现了年初确定的目标。",
		"heading:一、一般公共预算收支情况", "paragraph:收入完成情况良好。", "list_item:税收收入增长5%"}
	if !slices.Equal(got, want) {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
}

// TestBreakInCell: a table cell, caption or headline with a <br> reads as
// its lines, not glued: "12.5<br>13.0" was "12.513.0", one wrong figure.
func TestBreakInCell(t *testing.T) {
	got := htmlBlocks(t, `<html><body><table><tr><th>项目</th><th>Budget<br>Amount</th><th>本年<br>累计</th></tr>`+
		`<tr><td>收入</td><td>12.5<br>13.0</td><td>25.5</td></tr><tr><td>支出</td><td>10</td><td>20</td></tr></table>`+
		`<figure><img src="a.jpg"><figcaption>职工代表<br>参观学习</figcaption></figure></body></html>`)
	want := []string{"table_row:项目：收入，Budget Amount：12.5 13.0，本年累计：25.5。", "table_row:项目：支出，Budget Amount：10，本年累计：20。",
		"caption:职工代表参观学习"}
	if !slices.Equal(got, want) {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
}
