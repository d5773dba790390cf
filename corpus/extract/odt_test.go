package extract

import (
	"context"
	"errors"
	"strings"
	"testing"
)

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"`

// wpsODT is laid out like a WPS or LibreOffice file: a Chinese caption
// style ("题注") reached through an automatic style, a page header in
// styles.xml, a note, spaces as text:s, a picture with a description, a
// table with a header row.
func wpsODT(t testing.TB) []byte {
	styles := `<office:document-styles ` + odfNS + `><office:styles>` +
		`<style:style style:name="Caption" style:display-name="题注" style:family="paragraph"/>` +
		`<style:style style:name="Title" style:family="paragraph"/>` +
		`</office:styles><office:master-styles><style:master-page><style:header><text:p>页眉文字</text:p></style:header></style:master-page></office:master-styles></office:document-styles>`
	content := `<office:document-content ` + odfNS + `><office:automatic-styles>` +
		`<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Caption"/>` +
		`</office:automatic-styles><office:body><office:text>` +
		`<text:p text:style-name="Title">聚焦职能定位 坚持改革创新</text:p>` +
		`<text:h text:outline-level="1">1<text:s/>提站位<text:s text:c="1"/>准定位</text:h>` +
		`<text:p>全省工会选树全国劳动模范550名<text:note><text:note-body><text:p>脚注。</text:p></text:note-body></text:note>。</text:p>` +
		`<text:p><draw:frame><draw:image xlink:href="Pictures/a.png"/><svg:desc>自动生成的描述</svg:desc></draw:frame></text:p>` +
		`<text:p text:style-name="P1">就业岗位送到“家门口”。</text:p>` +
		`<table:table><table:table-row><table:table-cell><text:p>指标</text:p></table:table-cell><table:table-cell><text:p>2023年</text:p></table:table-cell></table:table-row>` +
		`<table:table-row><table:table-cell><text:p>会员人数</text:p></table:table-cell><table:table-cell><text:p>693.96万人</text:p></table:table-cell></table:table-row></table:table>` +
		`</office:text></office:body></office:document-content>`
	return zipFiles(t, map[string]string{
		"mimetype":              "application/vnd.oasis.opendocument.text",
		"styles.xml":            styles,
		"content.xml":           content,
		"meta.xml":              `<office:document-meta ` + odfNS + `><office:meta><dc:title></dc:title></office:meta></office:document-meta>`,
		"Pictures/a.png":        "\x89PNG\r\n\x1a\nfake",
		"META-INF/manifest.xml": `<manifest/>`,
	})
}

func TestODT(t *testing.T) {
	doc, err := Extract(context.Background(), "报告.odt", wpsODT(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkLayout(t, doc.Text)
	want := []string{
		"聚焦职能定位 坚持改革创新",
		"1 提站位 准定位",
		"全省工会选树全国劳动模范550名。",
		"就业岗位送到“家门口”。",
		"指标：会员人数，2023年：693.96万人。",
	}
	if got := strings.Split(doc.Text, "\n\n"); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
	}
	if doc.Format != "odt" || doc.Title != "聚焦职能定位 坚持改革创新" {
		t.Errorf("format %q title %q", doc.Format, doc.Title)
	}
	if len(doc.Images) != 1 || doc.Images[0].Name != "a.png" || doc.Images[0].Caption != "就业岗位送到“家门口”。" || len(doc.Images[0].Data) == 0 {
		t.Errorf("images %+v", doc.Images)
	}
}

func TestODFOthersRefused(t *testing.T) {
	data := zipFiles(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})
	_, err := Extract(context.Background(), "表.ods", data, Options{})
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "spreadsheet") {
		t.Errorf("err = %v, want unsupported spreadsheet", err)
	}
}

func TestDOCXTables(t *testing.T) {
	cell := func(s string) string { return `<w:tc><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:tc>` }
	long := strings.Repeat("版式表格里的长段落，", 12)
	body := `<w:p><w:r><w:t>正文。</w:t></w:r></w:p>` +
		`<w:tbl><w:tr>` + cell("指标") + cell("2023年") + `</w:tr><w:tr>` + cell("工会会员") + cell("693.96万人") + `</w:tr></w:tbl>` +
		`<w:tbl><w:tr>` + cell(long) + cell("旁注") + `</w:tr><w:tr>` + cell("甲") + cell("乙") + `</w:tr></w:tbl>`
	data := zipFiles(t, map[string]string{
		"[Content_Types].xml": contentTypes,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`,
	})
	doc, err := Extract(context.Background(), "表.docx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, string(b.Kind)+":"+b.Text)
	}
	want := []string{"paragraph:正文。", "table_row:指标：工会会员，2023年：693.96万人。",
		"paragraph:" + strings.TrimSpace(long), "paragraph:旁注", "paragraph:甲", "paragraph:乙"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
}

func TestODTLimits(t *testing.T) {
	para := `<text:p>` + strings.Repeat("工会", 500) + `</text:p>`
	content := `<office:document-content ` + odfNS + `><office:body><office:text>` + strings.Repeat(para, 100) + `</office:text></office:body></office:document-content>`
	data := zipFiles(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content})
	_, err := Extract(context.Background(), "长.odt", data, Options{MaxChars: 50_000})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "characters") {
		t.Errorf("MaxChars: err = %v, want too large (characters)", err)
	}
	_, err = Extract(context.Background(), "大.odt", data, Options{MaxBytes: 20_000})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxBytes: err = %v, want too large", err)
	}
	if _, err := Extract(context.Background(), "好.odt", data, Options{}); err != nil {
		t.Errorf("within limits: %v", err)
	}
}

// TestODTLayoutTable: WPS puts a photo and its caption in a table; that
// table is layout, and the caption stays the photo's.
func TestODTLayoutTable(t *testing.T) {
	content := `<office:document-content ` + odfNS + `><office:automatic-styles>` +
		`<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Caption"/></office:automatic-styles>` +
		`<office:body><office:text><text:p>正文第一段。</text:p>` +
		`<table:table><table:table-row><table:table-cell><text:p><draw:frame><draw:image xlink:href="Pictures/a.png"/></draw:frame></text:p>` +
		`<text:p text:style-name="P1">就业岗位送到“家门口”。</text:p></table:table-cell>` +
		`<table:table-cell><text:p>夏送清凉到基层。</text:p></table:table-cell></table:table-row></table:table>` +
		`<text:p>正文第二段。</text:p></office:text></office:body></office:document-content>`
	data := zipFiles(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content, "Pictures/a.png": "\x89PNG\r\n\x1a\nx"})
	doc, err := Extract(context.Background(), "版式.odt", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, string(b.Kind)+":"+b.Text+imageSuffix(b))
	}
	want := []string{"paragraph:正文第一段。", "caption:就业岗位送到“家门口”。@a.png", "paragraph:夏送清凉到基层。", "paragraph:正文第二段。"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
}

func TestBrokenODT(t *testing.T) {
	data := wpsODT(t)
	_, err := Extract(context.Background(), "报告.odt", data[:len(data)/2], Options{})
	if !errors.Is(err, ErrUndecodable) || !strings.Contains(err.Error(), "broken odt") {
		t.Errorf("truncated odt: %v, want broken odt", err)
	}
}

// TestDOCXTrackedFormatting: with Track Changes on, Word keeps a changed
// paragraph's or cell's old properties inside it (w:pPrChange,
// w:tcPrChange); the document reads by the new ones.
func TestDOCXTrackedFormatting(t *testing.T) {
	cell := func(props, s string) string {
		return `<w:tc>` + props + `<w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:tc>`
	}
	oldSpan := `<w:tcPr><w:tcW w:w="2000"/><w:tcPrChange w:id="3" w:author="审校"><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tcPrChange></w:tcPr>`
	body := `<w:p><w:pPr><w:pStyle w:val="1"/><w:pPrChange w:id="1" w:author="审校"><w:pPr><w:pStyle w:val="a"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>一、总体情况</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>正文。</w:t></w:r></w:p>` +
		`<w:tbl><w:tr>` + cell("", "指标") + cell(oldSpan, "2023年") + cell("", "2024年") + `</w:tr>` +
		`<w:tr>` + cell("", "工会会员") + cell("", "680万人") + cell("", "693.96万人") + `</w:tr></w:tbl>`
	data := zipFiles(t, map[string]string{
		"[Content_Types].xml": contentTypes,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`,
		"word/styles.xml": `<?xml version="1.0"?><w:styles ` + wordNS + `>` +
			`<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>` +
			`<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style></w:styles>`,
	})
	doc, err := Extract(context.Background(), "修订.docx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, string(b.Kind)+":"+b.Text)
	}
	want := []string{"title:一、总体情况", "paragraph:正文。", "table_row:指标：工会会员，2023年：680万人，2024年：693.96万人。"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks\n%q\nwant\n%q", got, want)
	}
}
