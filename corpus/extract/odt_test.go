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
