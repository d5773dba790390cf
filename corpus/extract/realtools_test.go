package extract

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/reportbot/reportbot/corpus"
)

// TestRealToolOutputs reads the embedded report as LibreOffice, pandoc,
// Chromium, wkhtmltopdf and WeasyPrint wrote it (testdata/realtools, made
// by make.sh there) and checks the text is the report's: at least 0.98 of
// it the same (edit distance, whitespace removed), no radical code points,
// nothing of the site or the browser, its 7 sections and 3 photo captions.
func TestRealToolOutputs(t *testing.T) {
	orig := noSpace(corpus.DefaultText())
	files := []string{
		"report.md", "pandoc.html", "pandoc-2col.html", "pandoc.docx", "lo-txt.docx",
		"pandoc.odt", "lo.odt", "lo-txt.pdf", "lo-word.pdf", "chromium.pdf", "chromium-2col.pdf",
		"wkhtmltopdf.pdf", "weasyprint-2col.pdf", "savedpage.html", "chromium-savedpage.pdf", "wkhtmltopdf-savedpage.pdf",
	}
	// What a site or a browser adds around the report.
	furniture := []string{"推荐阅读", "当前位置", "点击数", "打印正文", "上一篇", "下一篇", "版权所有", "2026", "file://", "PM", "学习专栏", "搜索"}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			doc, err := Extract(context.Background(), name, readFixture(t, filepath.Join("realtools", name)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := noSpace(doc.Text)
			sim := similarity(orig, got)
			radicals := 0
			for _, r := range got {
				if unicode.Is(unicode.Radical, r) {
					radicals++
				}
			}
			r, err := corpus.ParseBlocks("x", doc.Blocks)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%-22s similarity %.3f radicals %d sections %d captions %d title %q", name, sim, radicals, len(r.Sections), len(r.Captions), r.Title)
			if sim < 0.98 {
				t.Errorf("similarity %.3f < 0.98", sim)
			}
			for _, f := range furniture {
				if strings.Contains(doc.Text, f) {
					t.Errorf("text keeps %q", f)
				}
			}
			if radicals > 0 {
				t.Errorf("%d radical code points", radicals)
			}
			if len(r.Sections) != 7 {
				t.Errorf("%d sections, want 7", len(r.Sections))
			}
			if len(r.Captions) != 3 {
				t.Errorf("%d captions, want 3", len(r.Captions))
			}
		})
	}
}

func noSpace(s string) []rune {
	return []rune(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// similarity is 1 - Levenshtein distance / length of the longer text.
func similarity(a, b []rune) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[len(b)])/float64(max(len(a), len(b)))
}
