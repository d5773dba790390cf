package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/reportbot/reportbot/corpus"
	unicodeenc "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkLayout asserts the text contract: valid UTF-8, NFC, no control
// characters but "\n", paragraphs separated by exactly one blank line.
func checkLayout(t testing.TB, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Fatalf("text is not valid UTF-8")
	}
	if !norm.NFC.IsNormalString(text) {
		t.Errorf("text is not NFC")
	}
	for _, r := range text {
		if r != '\n' && (unicode.IsControl(r) || r == '\ufeff') {
			t.Fatalf("text has control character %U", r)
		}
	}
	for i, p := range strings.Split(text, "\n\n") {
		if p == "" || strings.Contains(p, "\n") || strings.TrimSpace(p) != p {
			t.Errorf("paragraph %d is not one trimmed line: %q", i, p)
		}
	}
}

func TestExtractFixtures(t *testing.T) {
	tests := []struct {
		file     string
		format   string
		title    string
		contains []string // whole paragraphs
		absent   []string
		captions map[string]string // image name → caption
		withData int               // images whose bytes are known
	}{
		{
			file:   "report-gb18030.txt",
			format: "text",
			title:  "聚焦职能定位 坚持改革创新",
			contains: []string{
				"聚焦职能定位 坚持改革创新",
				"1 提站位 准定位 强化创新理论武装",
				"目前全省有基层工会5.51万个、工会会员693.96万人。“县级工会加强年”等专项工作有序推进。",
				"贵阳市民吉𠮷在“夏送清凉”活动中领到了慰问品。", // a four-byte GB18030 character
			},
		},
		{
			file:   "report.md",
			format: "markdown",
			title:  "聚焦职能定位 坚持改革创新",
			contains: []string{
				"聚焦职能定位 坚持改革创新",
				"12月18日，贵州省工会第十五次代表大会在贵阳开幕，来自全省各地各行业的706名代表，肩负着全省700多万职工的重托和期望共襄盛会。",
				"贵州省第一届职工职业技能大赛决赛开幕式现场。",
				"就业岗位送到“家门口”。",
				"1 提站位 准定位 强化创新理论武装",
				"选树全国、省劳动模范（先进工作者）550名；",
				"“夏送清凉”到基层，详见工会网站的报道 & 图片。",
				"指标：工会会员，数值：693.96万人。", // a table row keeps its header
				"目前全省有基层工会5.51万个、工会会员693.96万人。",
			},
			absent: []string{"#", "![", "](", "**", "https://", "- 选树"},
			captions: map[string]string{
				"jineng-dasai.jpg": "贵州省第一届职工职业技能大赛决赛开幕式现场。",
				"jiuye.jpg":        "就业岗位送到“家门口”。",
			},
		},
		{
			file:   "report-gbk.html",
			format: "html",
			title:  "聚焦职能定位 坚持改革创新",
			contains: []string{
				"聚焦职能定位 坚持改革创新",
				"——奋力谱写新时代贵州工运事业和工会工作新篇章",
				"12月18日，贵州省工会第十五次代表大会在贵阳开幕，来自全省各地各行业的706名省工会第十五次代表大会的代表，肩负着全省700多万职工的重托和期望共襄盛会。",
				"贵州省第一届职工职业技能大赛决赛开幕式现场。",
				"就业岗位送到“家门口”。",
				"1 提站位 准定位 强化创新理论武装",
				"目前全省有基层工会5.51万个、工会会员693.96万人。",
				"“夏送清凉”到基层。",
			},
			absent: []string{"贵州日报", "首页", "导航栏", "版权所有", "脚本", "隐藏的文字", "星期二", "图片"},
			captions: map[string]string{
				"jineng.jpg":  "贵州省第一届职工职业技能大赛决赛开幕式现场。",
				"jiuye.jpg":   "就业岗位送到“家门口”。",
				"image-3.png": "“夏送清凉”到基层。",
			},
			withData: 1,
		},
		{
			file:   "report.docx",
			format: "docx",
			title:  "聚焦职能定位 坚持改革创新",
			contains: []string{
				"聚焦职能定位 坚持改革创新",
				"——奋力谱写新时代贵州工运事业和工会工作新篇章",
				"贵州省第一届职工职业技能大赛决赛开幕式现场。",
				"1 提站位 准定位 强化创新理论武装",
				"5 强组织 聚战力",
				"职工医疗互助实现省级统筹并纳入中国职工保险互助会管理，截至2023年11月底，累计1085.13万人次参与，为35.18万人次患病职工发放医疗互助金及慰问金6.19亿元。",
			},
			captions: map[string]string{"image1.png": "贵州省第一届职工职业技能大赛决赛开幕式现场。"},
			withData: 1,
		},
		{
			file:   "report.pdf",
			format: "pdf",
			title:  "聚焦职能定位 坚持改革创新",
			contains: []string{
				"聚焦职能定位 坚持改革创新",
				"——奋力谱写新时代贵州工运事业和工会工作新篇章",
				"12月18日，贵州省工会第十五次代表大会在贵阳开幕，来自全省各地各行业的706名省工会第十五次代表大会的代表，肩负着全省700多万职工的重托和期望共襄盛会。",
				"贵州省第一届职工职业技能大赛决赛开幕式现场。",
				"1 提站位 准定位 强化创新理论武装",
				"5 强组织 聚战力",
				// This paragraph runs over a page break.
				"目前全省有基层工会5.51万个、工会会员693.96万人。“县级工会加强年”等专项工作有序推进；评选表彰282个省级模范职工之家（小家），96个获评全国模范职工之家（小家）；建成“工会组织信息实名数据库”和“工会会员实名信息数据库”，分别采集组织信息4.04万条、会员信息638.9万条，发放会员服务卡281.59万张。",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := Extract(context.Background(), tt.file, readFixture(t, tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkLayout(t, doc.Text)
			if doc.Format != tt.format {
				t.Errorf("Format = %q, want %q", doc.Format, tt.format)
			}
			if doc.Title != tt.title {
				t.Errorf("Title = %q, want %q", doc.Title, tt.title)
			}
			if !strings.HasPrefix(doc.Text, tt.title+"\n\n") {
				t.Errorf("text does not start with the title: %.60q", doc.Text)
			}
			paras := map[string]bool{}
			for _, p := range strings.Split(doc.Text, "\n\n") {
				paras[p] = true
			}
			for _, want := range tt.contains {
				if !paras[want] {
					t.Errorf("no paragraph %q in\n%s", want, doc.Text)
				}
			}
			for _, bad := range tt.absent {
				if strings.Contains(doc.Text, bad) {
					t.Errorf("text contains %q:\n%s", bad, doc.Text)
				}
			}
			if len(doc.Images) != len(tt.captions) {
				t.Errorf("got %d images, want %d: %+v", len(doc.Images), len(tt.captions), doc.Images)
			}
			withData := 0
			for _, img := range doc.Images {
				if want, ok := tt.captions[img.Name]; !ok || img.Caption != want {
					t.Errorf("image %q caption %q, want %q", img.Name, img.Caption, want)
				}
				if !paras[img.Caption] {
					t.Errorf("caption %q is not a paragraph of its own", img.Caption)
				}
				if img.Data != nil {
					withData++
					if !bytes.HasPrefix(img.Data, []byte("\x89PNG")) {
						t.Errorf("image %q data is not the PNG", img.Name)
					}
				}
			}
			if withData != tt.withData {
				t.Errorf("%d images with data, want %d", withData, tt.withData)
			}
		})
	}
}

// TestReferenceLayout extracts the layout the parser reads and gets it
// back unchanged.
func TestReferenceLayout(t *testing.T) {
	data, err := os.ReadFile("../reports/guizhou-trade-union-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Extract(context.Background(), "guizhou.txt", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkLayout(t, doc.Text)
	var want []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			want = append(want, line)
		}
	}
	if got := strings.Join(want, "\n\n"); doc.Text != got {
		t.Errorf("reference layout changed by extraction")
	}
	if doc.Title != "聚焦职能定位 坚持改革创新" {
		t.Errorf("Title = %q", doc.Title)
	}
}

func TestTextEncodingsAndLayouts(t *testing.T) {
	utf16le, err := unicodeenc.UTF16(unicodeenc.LittleEndian, unicodeenc.UseBOM).NewEncoder().String("工会会员693.96万人。\r\n\r\n第二段。\r\n")
	if err != nil {
		t.Fatal(err)
	}
	utf16be, err := unicodeenc.UTF16(unicodeenc.BigEndian, unicodeenc.UseBOM).NewEncoder().String("工会会员693.96万人。\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, data, want string
	}{
		{"utf16le.txt", utf16le, "工会会员693.96万人。\n\n第二段。"},
		{"utf16be.txt", utf16be, "工会会员693.96万人。"},
		{"bom.txt", "\ufeff标题\n正文第一段。\n", "标题\n\n正文第一段。"},
		{"crlf.txt", "一段。\r\n\r\n\r\n两段。\r三段。", "一段。\n\n两段。\n\n三段。"},
		{"controls.txt", "控制\x01字符\x7f被去掉。\t制表符变空格。", "控制字符被去掉。 制表符变空格。"},
		{"nfc.txt", "Cafe\u0301 au lait.", "Café au lait."},
		{"cut.txt", strings.Repeat("工会会员693.96万人。", 30) + "\xe5\xb7", strings.Repeat("工会会员693.96万人。", 30)},
		{
			// Hard-wrapped text: the lines of a paragraph are joined, CJK
			// without a space, and an indented line starts a paragraph.
			"wrapped.txt",
			"　　全省各级工会紧扣发展大局，聚焦主责主业，团结动员广大职工投身\n" +
				"推动贵州高质量发展的火热实践，多项工作得到全国总工会和省领导的\n" +
				"批示肯定，谱写了新时代贵州工运事业和工会工作的崭新篇章，为推进\n" +
				"我省经济社会高质量发展和现代化建设作出了积极贡献。\n" +
				"　　这是砥砺奋进、开拓创新的五年，全省各级工会始终保持和增强政治\n" +
				"性、先进性、群众性，推动各项工作取得了新进展新成效。\n",
			"全省各级工会紧扣发展大局，聚焦主责主业，团结动员广大职工投身推动贵州高质量发展的火热实践，多项工作得到全国总工会和省领导的批示肯定，谱写了新时代贵州工运事业和工会工作的崭新篇章，为推进我省经济社会高质量发展和现代化建设作出了积极贡献。\n\n" +
				"这是砥砺奋进、开拓创新的五年，全省各级工会始终保持和增强政治性、先进性、群众性，推动各项工作取得了新进展新成效。",
		},
		{"notes", "Plain notes without an extension.\nSecond line.", "Plain notes without an extension.\n\nSecond line."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Extract(context.Background(), tt.name, []byte(tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkLayout(t, doc.Text)
			if doc.Format != "text" || doc.Text != tt.want {
				t.Errorf("got %s %q, want %q", doc.Format, doc.Text, tt.want)
			}
		})
	}
}

func TestHTMLVariants(t *testing.T) {
	tests := []struct {
		name, data    string
		title         string
		contains      []string
		absent        []string
		imageCaptions []string
	}{
		{
			// Re-saved as UTF-8 with the old meta tag left in.
			name: "resaved.htm",
			data: `<html><head><meta charset="gbk"><title>职工之家 - 工人日报</title></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/news">新闻</a></div>
<article><h1>职工之家</h1><p>评选表彰282个省级模范职工之家（小家）。</p>
<p>96个获评全国模范职工之家（小家），一体推进会员实名制管理与“互联网+”普惠性服务工作。</p>
<img src="/img/a%E5%9B%BE.jpg" alt="模范职工之家授牌仪式。"><p>正文继续，全省工会累计筹资5.24亿元开展“两节”送温暖活动。</p></article>
<footer>版权所有</footer></body></html>`,
			title:         "职工之家",
			contains:      []string{"职工之家", "评选表彰282个省级模范职工之家（小家）。", "模范职工之家授牌仪式。", "正文继续，全省工会累计筹资5.24亿元开展“两节”送温暖活动。"},
			absent:        []string{"首页", "版权所有", "工人日报"},
			imageCaptions: []string{"模范职工之家授牌仪式。"},
		},
		{
			// No article element and no <h1>: the title comes from <title>
			// and leads the text.
			name:     "plain.html",
			data:     "<!DOCTYPE html><html><head><title>全省工会工作综述｜贵州工会网</title></head><body><p>第一段文字。</p><p>第二段文字。</p><ul><li>列表一</li><li>列表二</li></ul></body></html>",
			title:    "全省工会工作综述",
			contains: []string{"全省工会工作综述", "第一段文字。", "第二段文字。", "列表一", "列表二"},
		},
		{
			// An ASP.NET page wraps its body in one <form>: the article is
			// inside it. A search box's input and button stay out.
			name: "default.aspx",
			data: `<html><head><title>全省工会工作综述</title></head><body><form id="form1" method="post" action="./default.aspx">
<input type="hidden" name="__VIEWSTATE" value="abc"><div class="search"><input type="text" name="q"><button>搜索</button></div>
<h1>全省工会工作综述</h1><div class="content"><p>全省工会累计筹资5.24亿元开展“两节”送温暖活动，慰问困难职工。</p>
<p>目前全省有基层工会5.51万个、工会会员693.96万人，会员实名制管理不断推进。</p></div></form></body></html>`,
			title:    "全省工会工作综述",
			contains: []string{"全省工会累计筹资5.24亿元开展“两节”送温暖活动，慰问困难职工。", "目前全省有基层工会5.51万个、工会会员693.96万人，会员实名制管理不断推进。"},
			absent:   []string{"搜索"},
		},
		{
			// A form inside the page, not wrapping it (a comment form), is
			// no article text.
			name: "comments.html",
			data: `<html><head><title>全省工会工作综述</title></head><body><div class="main"><h1>全省工会工作综述</h1>
<p>全省工会累计筹资5.24亿元开展“两节”送温暖活动，慰问困难职工。</p>
<p>目前全省有基层工会5.51万个、工会会员693.96万人，会员实名制管理不断推进。</p>
<form action="/comment"><p>发表评论（请文明上网，理性发言，文明评论从我做起）</p><label>您的昵称：</label><input name="nick"></form></div></body></html>`,
			title:    "全省工会工作综述",
			contains: []string{"全省工会累计筹资5.24亿元开展“两节”送温暖活动，慰问困难职工。"},
			absent:   []string{"发表评论", "您的昵称"},
		},
		{
			// The headline laid out in a table with its date and source:
			// the paragraphs after it are the article.
			name: "headline-table.html",
			data: `<html><head><title>全省工会工作综述</title></head><body><div class="main">
<table><tr><td><h1>全省工会工作综述</h1></td><td>2024-01-05</td></tr><tr><td>来源</td><td>办公室</td></tr></table>
<p>全省工会累计筹资5.24亿元开展“两节”送温暖活动，慰问困难职工。</p>
<p>目前全省有基层工会5.51万个、工会会员693.96万人，会员实名制管理不断推进。</p></div></body></html>`,
			title:    "全省工会工作综述",
			contains: []string{"全省工会累计筹资5.24亿元开展“两节”送温暖活动，慰问困难职工。", "目前全省有基层工会5.51万个、工会会员693.96万人，会员实名制管理不断推进。"},
		},
		{
			// A data table's caption, with its unit, comes before its rows.
			name: "caption.html",
			data: `<html><head><title>主要经济指标</title></head><body><article><h1>主要经济指标</h1>
<p>2023年全省经济运行总体平稳，主要指标如下表所示，供各单位参考使用。</p>
<table><caption>表1 2023年主要经济指标（单位：亿元）</caption><tr><th>指标</th><th>2023</th></tr>
<tr><td>地区生产总值</td><td>20913.25</td></tr><tr><td>一般公共预算收入</td><td>1986.40</td></tr></table></article></body></html>`,
			title:    "主要经济指标",
			contains: []string{"表1 2023年主要经济指标（单位：亿元）"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Extract(context.Background(), tt.name, []byte(tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkLayout(t, doc.Text)
			if doc.Title != tt.title || !strings.HasPrefix(doc.Text, tt.title+"\n\n") {
				t.Errorf("title %q, text %.40q; want title %q first", doc.Title, doc.Text, tt.title)
			}
			paras := strings.Split(doc.Text, "\n\n")
			for _, want := range tt.contains {
				if !contains(paras, want) {
					t.Errorf("no paragraph %q in %q", want, paras)
				}
			}
			for _, bad := range tt.absent {
				if strings.Contains(doc.Text, bad) {
					t.Errorf("text contains %q", bad)
				}
			}
			var captions []string
			for _, img := range doc.Images {
				captions = append(captions, img.Caption)
				if strings.ContainsAny(img.Name, `/\`) {
					t.Errorf("image name %q is a path", img.Name)
				}
			}
			if strings.Join(captions, "|") != strings.Join(tt.imageCaptions, "|") {
				t.Errorf("captions %q, want %q", captions, tt.imageCaptions)
			}
		})
	}
}

func TestMarkdownFrontMatter(t *testing.T) {
	const page = "---\ntitle: \"全省工会工作综述\"\ndate: 2023-12-19\n---\n\n正文第一段。\n\n## 一、主要成绩\n\n正文第二段。\n"
	// A saved page may start with a blank line before its front matter.
	for _, md := range []string{page, "\n" + page, "\n \n" + page} {
		doc, err := Extract(context.Background(), "summary.md", []byte(md), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := "全省工会工作综述\n\n正文第一段。\n\n一、主要成绩\n\n正文第二段。"
		if doc.Title != "全省工会工作综述" || doc.Text != want {
			t.Errorf("%q: got %q %q, want %q", md[:3], doc.Title, doc.Text, want)
		}
	}
}

// zipFiles builds a zip archive in memory.
func zipFiles(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// [Content_Types].xml first, as Office writes it.
	names := []string{"[Content_Types].xml"}
	for name := range files {
		if name != names[0] {
			names = append(names, name)
		}
	}
	for _, name := range names {
		content, ok := files[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	wordNS       = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"`
	contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`
)

func drawing(rel, descr string) string {
	return `<w:r><w:drawing><wp:inline><wp:docPr id="1" name="图片 1" descr="` + descr + `"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="` + rel + `"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
}

// chineseWordDOCX is laid out like a file saved by a Chinese Word: style
// ids "1" and "a3" named "heading 1" and "caption", an automatic alt text,
// a tracked deletion, a text box with its VML fallback, a table.
func chineseWordDOCX(t testing.TB) []byte {
	body := `<w:p><w:pPr><w:pStyle w:val="a5"/></w:pPr><w:r><w:t>聚焦职能定位 坚持改革创新</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>12月18日，贵州省工会第十五次代表大会在贵阳开幕。</w:t></w:r><w:del><w:r><w:delText>删除的文字</w:delText></w:r></w:del></w:p>` +
		`<w:p>` + drawing("rId9", "图片包含 人物, 室内 描述已自动生成") + `</w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="a3"/></w:pPr><w:r><w:t xml:space="preserve">图1 </w:t></w:r><w:r><w:t>就业岗位送到“家门口”。</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>1</w:t></w:r><w:r><w:tab/><w:t>提站位 准定位</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>第一行</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>第二行。</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>工会会员</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>693.96万人</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
		`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框里的文字。</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框里的文字。</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文继续。</w:t></w:r></w:p>` +
		`<w:p>` + drawing("rId10", "“夏送清凉”到基层。") + `</w:p>` +
		`<w:p><w:r><w:t>目前全省有基层工会5.51万个、工会会员693.96万人，各级工会开展了大量卓有成效的工作。</w:t></w:r></w:p>`
	return zipFiles(t, map[string]string{
		"[Content_Types].xml": contentTypes,
		"_rels/.rels":         `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/_rels/document.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.jpeg"/>` +
			`<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://example.org/pics/photo.jpg?x=1" TargetMode="External"/></Relationships>`,
		"word/styles.xml": `<?xml version="1.0"?><w:styles ` + wordNS + `>` +
			`<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>` +
			`<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>` +
			`<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="caption"/><w:basedOn w:val="a"/></w:style>` +
			`<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="Title"/><w:basedOn w:val="a"/></w:style></w:styles>`,
		"word/document.xml":      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`,
		"word/media/image1.jpeg": "\xff\xd8\xff\xe0fake jpeg",
		"docProps/core.xml":      `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>新建 Microsoft Word 文档</dc:title></cp:coreProperties>`,
	})
}

func TestDOCXWordLayout(t *testing.T) {
	doc, err := Extract(context.Background(), "上传.docx", chineseWordDOCX(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkLayout(t, doc.Text)
	want := strings.Join([]string{
		"聚焦职能定位 坚持改革创新",
		"12月18日，贵州省工会第十五次代表大会在贵阳开幕。",
		"图1 就业岗位送到“家门口”。",
		"1 提站位 准定位",
		"第一行",
		"第二行。",
		"工会会员",
		"693.96万人",
		"文本框里的文字。",
		"正文继续。",
		"“夏送清凉”到基层。",
		"目前全省有基层工会5.51万个、工会会员693.96万人，各级工会开展了大量卓有成效的工作。",
	}, "\n\n")
	if doc.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", doc.Text, want)
	}
	if doc.Title != "聚焦职能定位 坚持改革创新" {
		t.Errorf("Title = %q", doc.Title)
	}
	if len(doc.Images) != 2 {
		t.Fatalf("images: %+v", doc.Images)
	}
	if img := doc.Images[0]; img.Name != "image1.jpeg" || img.Caption != "图1 就业岗位送到“家门口”。" || string(img.Data) != "\xff\xd8\xff\xe0fake jpeg" {
		t.Errorf("first image: %+v", img)
	}
	if img := doc.Images[1]; img.Name != "photo.jpg" || img.Caption != "“夏送清凉”到基层。" || img.Data != nil {
		t.Errorf("second image: %+v", img)
	}
}

func TestImageNames(t *testing.T) {
	tests := []struct{ ref, want string }{
		{"../../etc/passwd", "passwd"},
		{`C:\Users\me\照片\现场.jpg`, "现场.jpg"},
		{"http://example.org/a/b%20c.png?w=1#x", "b c.png"},
		{"..", "image-3.png"},
		{"data:image/png;base64,AAAA", "image-3.png"},
		{"dir/\x00evil\n.jpg", "evil.jpg"},
		{"/a/" + strings.Repeat("长", 60) + ".jpg", strings.Repeat("长", 32) + ".jpg"},
	}
	for _, tt := range tests {
		if got := imageName(tt.ref, 3, ".png"); got != tt.want {
			t.Errorf("imageName(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}

func TestRefusals(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	docx := readFixture(t, "report.docx")
	pdfData := readFixture(t, "report.pdf")
	big5, err := traditionalchinese.Big5.NewEncoder().String("貴州省工會第十五次代表大會在貴陽開幕，來自全省各地各行業的代表共襄盛會。")
	if err != nil {
		t.Fatal(err)
	}
	xlsx := zipFiles(t, map[string]string{"[Content_Types].xml": contentTypes, "xl/workbook.xml": "<workbook/>"})
	tests := []struct {
		name string
		data []byte
		opt  Options
		want error
		msg  string
	}{
		{"empty.txt", nil, Options{}, ErrEmpty, "empty file"},
		{"blank.md", []byte(" \r\n\n\t　\n"), Options{}, ErrEmpty, "no text"},
		{"blank.html", []byte("<html><body><script>x()</script></body></html>"), Options{}, ErrEmpty, "no text"},
		{"x.bin", random, Options{}, ErrBinary, "not a document: binary content"},
		{"notes.txt", random, Options{}, ErrBinary, "binary content"},
		{"photo.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Options{}, ErrBinary, "PNG image"},
		{"scan.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), Options{}, ErrBinary, "JPEG image"},
		{"program", []byte("\x7fELF\x02\x01\x01\x00\x00\x00"), Options{}, ErrBinary, "ELF executable"},
		{"report.docx", docx[:len(docx)/2], Options{}, ErrUndecodable, "broken docx"},
		{"upload", docx[:len(docx)/2], Options{}, ErrUndecodable, "broken docx"},
		{"report.docx", []byte("just some text"), Options{}, ErrUndecodable, "broken docx"},
		{"budget.xlsx", xlsx, Options{}, ErrUnsupported, "spreadsheet (.xlsx)"},
		{"budget.xlsx", []byte("name,amount\n"), Options{}, ErrUnsupported, "spreadsheet (.xlsx)"},
		{"files.zip", zipFiles(t, map[string]string{"a.txt": "hello"}), Options{}, ErrUnsupported, "zip archive"},
		{"old.doc", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"), Options{}, ErrUnsupported, "save it as .docx"},
		{"latin1.txt", []byte("Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve r\xe9sum\xe9.\n"), Options{}, ErrUndecodable, "neither UTF-8"},
		{"big5.txt", []byte(big5), Options{}, ErrUndecodable, "GB18030"},
		{"bad-utf16.txt", []byte("\xff\xfe\x00\xd8"), Options{}, ErrUndecodable, "invalid UTF-16"},
		{"big.txt", []byte("工会会员693.96万人。"), Options{MaxBytes: 10}, ErrTooLarge, "over the 10 bytes limit"},
		{"scanned.pdf", readFixture(t, "scanned.pdf"), Options{}, ErrEmpty, "PDF has no text layer (scanned?)"},
		{"encrypted.pdf", readFixture(t, "encrypted.pdf"), Options{}, ErrUndecodable, "encrypted PDF"},
		{"cut.pdf", pdfData[:len(pdfData)/2], Options{}, ErrUndecodable, "broken PDF"},
		{"fake.pdf", []byte("not really a pdf"), Options{}, ErrUndecodable, "broken PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Extract(context.Background(), tt.name, tt.data, tt.opt)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v (doc %.60q)", err, tt.want, doc.Text)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, `extract "`+tt.name+`": `) || !strings.Contains(msg, tt.msg) || strings.Contains(msg, "\n") {
				t.Errorf("message %q: want one line with %q", msg, tt.msg)
			}
			if doc.Text != "" || doc.Images != nil {
				t.Errorf("a refusal returned content")
			}
		})
	}
}

// TestPDFLeniency reads PDFs the library alone would refuse: a PDF 2.0
// header, NUL padding after %%EOF.
func TestPDFLeniency(t *testing.T) {
	orig := readFixture(t, "report.pdf")
	v2 := bytes.Clone(orig)
	copy(v2, "%PDF-2.0")
	padded := append(bytes.Clone(orig), make([]byte, 300)...)
	for name, data := range map[string][]byte{"v2.pdf": v2, "padded.pdf": padded} {
		before := bytes.Clone(data)
		doc, err := Extract(context.Background(), name, data, Options{})
		if err != nil || !strings.Contains(doc.Text, "工会会员693.96万人") {
			t.Errorf("%s: %v %.40q", name, err, doc.Text)
		}
		if !bytes.Equal(before, data) {
			t.Errorf("%s: input modified", name)
		}
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Extract(ctx, "report.pdf", readFixture(t, "report.pdf"), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func FuzzExtract(f *testing.F) {
	for _, name := range []string{"report-gb18030.txt", "report.md", "report-gbk.html", "report.docx", "report.pdf", "scanned.pdf"} {
		f.Add(name, readFixture(f, name))
	}
	f.Add("word.docx", chineseWordDOCX(f))
	f.Add("wps.odt", wpsODT(f))
	f.Add("report.fodt", readFixture(f, "report.fodt"))
	f.Add("school.html", readFixture(f, "school-page.html"))
	f.Add("a.txt", []byte("标题\n\n正文。"))
	f.Add("a.html", []byte("<figure><img src=x.jpg alt=a><figcaption>图</figcaption></figure>"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		orig := bytes.Clone(data)
		doc, err := Extract(context.Background(), name, data, Options{MaxBytes: 1 << 20})
		if !bytes.Equal(orig, data) {
			t.Fatalf("Extract modified its input")
		}
		if err != nil {
			if doc.Text != "" {
				t.Errorf("error with text")
			}
			for _, sentinel := range []error{ErrEmpty, ErrBinary, ErrUnsupported, ErrUndecodable, ErrTooLarge} {
				if errors.Is(err, sentinel) {
					return
				}
			}
			t.Fatalf("error wraps no sentinel: %v", err)
		}
		if !utf8.ValidString(doc.Text) || !utf8.ValidString(doc.Title) || doc.Text == "" {
			t.Fatalf("invalid output %q", doc.Text)
		}
		for _, r := range doc.Text {
			if r != '\n' && corpus.Textless(r) {
				t.Fatalf("%U in text: it carries no text", r)
			}
		}
		for _, img := range doc.Images {
			if strings.ContainsAny(img.Name, "/\\") || img.Name == "" || img.Name == ".." {
				t.Fatalf("unsafe image name %q", img.Name)
			}
		}
		if corpus.TextBlocks(doc.Blocks) != doc.Text {
			t.Fatalf("text is not the blocks' text")
		}
		// What an upload goes through next: the report parser, on the
		// blocks as the store keeps them.
		r, err := corpus.ParseBlocks("fuzz", doc.Blocks)
		if err != nil {
			if !errors.Is(err, corpus.ErrNoText) {
				t.Fatalf("Parse of extracted text: %v", err)
			}
			return
		}
		for _, p := range r.Passages {
			if !utf8.ValidString(p.Text) || strings.TrimSpace(p.Text) == "" || !strings.Contains(p.Paragraph, p.Text) {
				t.Fatalf("bad passage %q of paragraph %q", p.Text, p.Paragraph)
			}
		}
	})
}

func TestCaptionRules(t *testing.T) {
	b := newBuilder()
	b.caption("图1 caption above its image")
	b.image(Image{Name: "1.jpg"}, "")
	b.para("正文。")
	b.caption("表1 a table caption, no image follows")
	b.para("正文，比较长的一段文字，不是图片说明，因为它足够长足够长足够长足够长足够长足够长足够长足够长足够长足够长。")
	b.image(Image{Name: "2.jpg"}, "")
	b.para("短段落是图片说明。")
	b.image(Image{Name: "3.jpg"}, "alt 描述")
	b.para("后面的短段落不是说明。")
	b.image(Image{Name: "4.jpg"}, "")
	b.heading("1 标题不是说明")
	b.image(Image{Name: "5.jpg"}, "")
	b.para("断开的句子，")
	b.image(Image{Name: "6.jpg"}, "")
	b.para("富祥药业员工总数1,774人") // a highlighted figure beside an icon
	b.image(Image{Name: "7.jpg"}, "")
	b.para("向困难职工发放慰问金200万元。") // a photo's caption ending in an amount
	want := map[string]string{
		"1.jpg": "图1 caption above its image",
		"2.jpg": "短段落是图片说明。",
		"3.jpg": "alt 描述",
		"4.jpg": "",
		"5.jpg": "",
		"6.jpg": "",
		"7.jpg": "向困难职工发放慰问金200万元。",
	}
	for _, img := range b.images {
		if img.Caption != want[img.Name] {
			t.Errorf("%s: caption %q, want %q", img.Name, img.Caption, want[img.Name])
		}
	}
	text := b.document("", false).Text
	if strings.Count(text, "图1 caption above its image") != 1 || !strings.Contains(text, "短段落是图片说明。\n\nalt 描述\n\n后面的短段落不是说明。") {
		t.Errorf("text:\n%s", text)
	}
}

// TestPDFTitleIsNotAPartHeading: a larger line after the body text began
// is a part's heading, not the title: taken for it, the real title and
// the paragraphs before it were dropped.
func TestPDFTitleIsNotAPartHeading(t *testing.T) {
	type line = struct {
		size, y float64
		text    string
	}
	body := "This paragraph is body text long enough to be no title, set in the body size of the report itself."
	data := pdfOf(false, pdfText(
		line{16, 780, "Annual Report 2023"},
		line{10, 740, body},
		line{10, 720, body + " Second."},
		line{10, 700, body + " Third."},
		line{22, 660, "Part One"},
		line{10, 630, body + " Fourth."},
	))
	doc, err := Extract(context.Background(), "report.pdf", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Annual Report 2023" || !strings.Contains(doc.Text, body+" Second.") {
		t.Errorf("title %q, text:\n%s", doc.Title, doc.Text)
	}
}

// TestPDFShortColumns: two columns of a few lines each (a balanced last
// page, a browser's 1em gutter) are read column by column: the right
// column's lines, drawn after the left's, did not join their baselines'
// left-column lines.
func TestPDFShortColumns(t *testing.T) {
	var content strings.Builder
	for col, words := range [][]string{{"alpha", "bravo", "charlie"}, {"delta", "echo", "foxtrot"}} {
		for i, w := range words {
			// 20 letters of half an em: 100pt wide, the next column 1em on.
			text := strings.Repeat(w[:1], 4) + " " + w + strings.Repeat(".", 15-len(w))
			fmt.Fprintf(&content, "BT /F1 10 Tf %d %d Td (%s) Tj ET\n", 50+110*col, 700-14*i, text)
		}
	}
	doc, err := Extract(context.Background(), "columns.pdf", pdfOf(false, content.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(doc.Text, "charlie"), strings.Index(doc.Text, "delta"); i < 0 || j < i {
		t.Errorf("left column's last line after the right column's first:\n%s", doc.Text)
	}
}

// TestPDFContentsArrayIsCharged: every part of a page's /Contents counts
// against the decompression budget, not only its first 1024.
func TestPDFContentsArrayIsCharged(t *testing.T) {
	parts := make([]string, 1100)
	big := strings.Repeat(" ", 1<<20)
	for i := range parts {
		if i >= 1024 {
			parts[i] = big
		}
	}
	data := pdfOf(true, parts...)
	_, err := Extract(context.Background(), "bomb.pdf", data, Options{MaxBytes: 2 << 20})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("76 MB past the 1024th part, over a 20 MB budget: %v, want ErrTooLarge", err)
	}
}

// extractsWithin runs Extract on data and fails the test if it does not
// return within a few seconds: a loop in the file read forever.
func extractsWithin(t *testing.T, data []byte) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Extract(context.Background(), "loop.pdf", data, Options{})
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("still reading after 10s")
		return nil
	}
}

// TestPDFXrefPrevLoop: a cross-reference section whose /Prev points back
// to itself is refused in one line, not read forever.
func TestPDFXrefPrevLoop(t *testing.T) {
	data := pdfOf(false, "BT /F1 10 Tf 50 700 Td (hello) Tj ET")
	i := bytes.LastIndex(data, []byte("startxref\n"))
	xref := strings.Fields(string(data[i:]))[1]
	data = bytes.Replace(data, []byte("trailer\n<< "), []byte("trailer\n<< /Prev "+xref+" "), 1)
	if err := extractsWithin(t, data); !errors.Is(err, ErrUndecodable) || strings.Contains(err.Error(), "\n") {
		t.Errorf("got %v, want a one-line ErrUndecodable", err)
	}
}

// objStmPDF writes a PDF whose page's contents (object 4) its xref
// stream places in object stream 5, which has the given dictionary and
// holds only an object 9.
func objStmPDF(dict string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	offsets := map[int]int{}
	obj := func(n int, s string) { offsets[n] = b.Len(); fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, s) }
	obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>")
	obj(5, "<< "+dict+" /Length 7 >>\nstream\n9 0 (x)\nendstream")
	// A cross-reference stream: 4 is object 0 of stream 5, 6 is itself.
	var x bytes.Buffer
	entry := func(typ byte, a uint32, c uint16) {
		x.WriteByte(typ)
		x.Write(binary.BigEndian.AppendUint32(nil, a))
		x.Write(binary.BigEndian.AppendUint16(nil, c))
	}
	entry(0, 0, 65535)
	for _, n := range []int{1, 2, 3} {
		entry(1, uint32(offsets[n]), 0)
	}
	entry(2, 5, 0)
	entry(1, uint32(offsets[5]), 0)
	start := b.Len()
	entry(1, uint32(start), 0)
	fmt.Fprintf(&b, "6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n", x.Len())
	b.Write(x.Bytes())
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", start)
	return b.Bytes()
}

// TestPDFObjStmExtendsLoop: an object the cross-reference places in an
// object stream that lacks it, the stream extending itself, is refused in
// one line, not looked for forever.
func TestPDFObjStmExtendsLoop(t *testing.T) {
	b := bytes.NewBuffer(objStmPDF("/Type /ObjStm /N 1 /First 4 /Extends 5 0 R"))
	if err := extractsWithin(t, b.Bytes()); !errors.Is(err, ErrUndecodable) || strings.Contains(err.Error(), "\n") {
		t.Errorf("got %v, want a one-line ErrUndecodable", err)
	}
	chain := "5 0 obj << /Type /ObjStm /Extends 7 0 R >>\n7 0 obj << /Type /ObjStm /Extends 8 0 R >>\n8 0 obj << /Type /ObjStm >>\n"
	if extendsLoop([]byte(chain)) || !extendsLoop([]byte(chain+"9 0 obj << /Extends 9 0 R >>")) ||
		!extendsLoop([]byte(strings.Replace(chain, "8 0 R", "5 0 R", 1))) {
		t.Error("a chain of object streams taken for a loop, or a loop missed")
	}
}

// TestPDFObjectNumbersBounded: a cross-reference numbering objects in the
// billions (a subsection "1000000000 1", an xref stream's /Size or
// /Index), or entries gigabytes wide (/W), is refused before the library
// makes a table or buffer that long: a file of a few hundred bytes took
// gigabytes. 5,000,000 took 150 MB.
func TestPDFObjectNumbersBounded(t *testing.T) {
	data := pdfOf(false, "BT /F1 10 Tf 50 700 Td (hello) Tj ET")
	i := bytes.Index(data, []byte("trailer"))
	data = slices.Concat(data[:i], []byte("5000000 1\n0000000009 00000 n \n"), data[i:])
	if _, err := Extract(context.Background(), "objects.pdf", data, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("subsection from object 5,000,000: %v, want ErrTooLarge", err)
	}
	for _, xref := range []string{
		"6 0 obj << /Type /XRef /Size 1000000000 /W [1 4 2] >>",
		"6 0 obj << /Type /XRef /Size 7 /Index [0 6 1000000000 1] /W [1 4 2] >>",
		"6 0 obj << /Type /XRef /Size 7 /W [1 4000000000 2] >>",
	} {
		if !tooManyObjects([]byte(xref)) {
			t.Errorf("not refused: %s", xref)
		}
	}
	if tooManyObjects([]byte("<< /Type /Font /Subtype /CIDFontType2 /W [0 65535 1000] >> << /Type /XRef /Size 7 /Index [0 7] /W [1 4 2] >>")) {
		t.Error("a CID font's widths or a small xref stream refused")
	}
	for _, name := range []string{"report.pdf", "pdf-table.pdf", "realtools/chromium.pdf"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if tooManyObjects(data) {
			t.Errorf("%s refused", name)
		}
	}
}

// TestPDFObjStmTooMany: an object stream claiming a hundred billion
// objects is refused in one line; the library looked for a missing one
// through all of them, past the stream's end.
func TestPDFObjStmTooMany(t *testing.T) {
	if err := extractsWithin(t, objStmPDF("/Type /ObjStm /N 100000000000 /First 4")); !errors.Is(err, ErrTooLarge) || strings.Contains(err.Error(), "\n") {
		t.Errorf("got %v, want a one-line ErrTooLarge", err)
	}
	if tooManyObjects([]byte("<< /N 3 /Alternate /DeviceRGB >> << /Type /ObjStm /N 200 /First 1500 >>")) {
		t.Error("an ICC profile's /N or an object stream of 200 refused")
	}
}

// TestGBKSigns: a GBK text or page whose lists are numbered ①②③ or
// bulleted ■ is Chinese, not refused as undecodable or read as Latin-1.
func TestGBKSigns(t *testing.T) {
	for _, s := range []string{
		"■ 收入增长\n■ 支出下降\n■ 结余持平\n",
		"①收入增长；②支出下降；③结余持平。\n",
		"Ⅰ. 气温≥30℃\n★★★\n√ 完成\n",
	} {
		gbk, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"notice.txt", "notice.html"} {
			data := gbk
			if name == "notice.html" {
				data = "<html><body><p>" + strings.ReplaceAll(gbk, "\n", "</p><p>") + "</p></body></html>"
			}
			doc, err := Extract(context.Background(), name, []byte(data), Options{})
			if err != nil {
				t.Errorf("%s %q: %v", name, s, err)
				continue
			}
			if want := strings.Fields(s)[0]; !strings.Contains(doc.Text, want) {
				t.Errorf("%s %q: text %q, want %q in it", name, s, doc.Text, want)
			}
		}
	}
}

// TestMarkdownBreakInCell: GFM tables break a cell's lines with <br>;
// they are read apart, not glued into one word or figure.
func TestMarkdownBreakInCell(t *testing.T) {
	md := "# 预算表\n\n| 项目 | Budget<br>Amount | 本年<br/>累计 |\n| --- | --- | --- |\n| 收入 | 12.5<br>13.0 | 25.5 |\n| 支出 | 10 | 20 |\n"
	doc, err := Extract(context.Background(), "表.md", []byte(md), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, string(b.Kind)+":"+b.Text)
	}
	want := []string{"title:预算表", "table_row:项目：收入，Budget Amount：12.5 13.0，本年累计：25.5。", "table_row:项目：支出，Budget Amount：10，本年累计：20。"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
}

// TestJunkTitle: a metadata title that names no document (a program's
// default, a file name, a template's bracketed blank) is not the title.
func TestJunkTitle(t *testing.T) {
	for _, tc := range []struct {
		title string
		junk  bool
	}{
		{"", true},
		{"Microsoft Word - 报告.docx", true},
		{"2023年工作总结.docx", true},
		{"（填写标准名称）", true},
		{"[请输入标题]", true},
		{"【标题】", true},
		{"《政府工作报告》", false},
		{"关于2025年预算执行情况的报告", false},
		{"（二〇二三年）工作报告", false},
		{"(一)(二)", false},
	} {
		if got := junkTitle(tc.title); got != tc.junk {
			t.Errorf("junkTitle(%q) = %v, want %v", tc.title, got, tc.junk)
		}
	}
}

// TestCoverTitle: an office document with no title in its metadata or
// styles takes the first title-like line of its cover page, before any
// heading; codes, bracketed notes and sentences are not one.
func TestCoverTitle(t *testing.T) {
	for _, tc := range []struct {
		line  string
		cover bool
	}{
		{"核电厂定期安全评价 第12部分：设计", true},
		{"聚焦职能定位 坚持改革创新", true},
		{"NB/T XXXX-20YY", false},
		{"编制说明", false},
		{"（征求意见稿）", false},
		{"（2023年3月）", false},
		{"本标准来源于国家能源局2021年下达的能源行业核电标准制修订计划。", false},
		{"任务来源及计划要求如下：", false},
	} {
		if got := coverLine(tc.line); got != tc.cover {
			t.Errorf("coverLine(%q) = %v, want %v", tc.line, got, tc.cover)
		}
	}
	// LibreOffice's DOCX of the embedded report's text: no title style,
	// no metadata title, its headline first.
	data, err := os.ReadFile("testdata/realtools/lo-txt.docx")
	if err != nil {
		t.Skip(err)
	}
	doc, err := Extract(context.Background(), "lo-txt.docx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "聚焦职能定位 坚持改革创新" {
		t.Errorf("title %q, want the cover's 聚焦职能定位 坚持改革创新", doc.Title)
	}
}
