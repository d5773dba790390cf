package extract

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/reportbot/reportbot/corpus"
)

func TestNormalizeChars(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Kangxi radicals from a Chromium PDF", "全省各级⼯会⽇常", "全省各级工会日常"},
		{"radicals supplement", "⺠⻔⻓", "民门长"},
		{"compatibility ideograph", "\uF900\uFA0C", "豈兀"},
		{"ligatures", "ﬁle ﬂow oﬀ", "file flow off"},
		{"full-width digits and letters", "２０２３年ＧＤＰ增长５．５％", "2023年GDP增长5.5%"},
		{"half-width CJK punctuation", "好｡", "好。"},
		{"Chinese punctuation stays", "会员，（小家）；是！", "会员，（小家）；是！"},
		{"circled and squared stay", "①㎡…", "①㎡…"},
		{"plain text unchanged", "693.96万人", "693.96万人"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalizeChars(tt.in); got != tt.want {
				t.Errorf("normalizeChars(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNoRadicalsLeft checks every radical code point maps to a unified
// ideograph, as the generated table promises.
func TestNoRadicalsLeft(t *testing.T) {
	mapped := 0
	for r := rune(0x2E80); r <= 0x2FDF; r++ {
		if !unicode.Is(unicode.Radical, r) {
			continue
		}
		got := []rune(normalizeChars(string(r)))[0]
		if got != r {
			mapped++
			if !unicode.Is(unicode.Unified_Ideograph, got) {
				t.Errorf("%U maps to %U, not a unified ideograph", r, got)
			}
		}
	}
	// Unicode 15 gives 328 of the 329 radicals an equivalent; only U+2E80
	// CJK RADICAL REPEAT has none. Fewer mapped means a broken table.
	if mapped != 328 {
		t.Errorf("only %d radicals mapped", mapped)
	}
}

// TestTextlessReferences extracts an HTML page whose numeric character
// references name code points that carry no text: none of them is left in
// the text or in a passage, and no U+FFFD takes their place.
func TestTextlessReferences(t *testing.T) {
	tests := []struct{ name, ref string }{
		{"last code point, a noncharacter", "&#1114111;"},
		{"last code point in hex", "&#x10FFFF;"},
		{"plane 1 noncharacter", "&#x1FFFE;"},
		{"BMP noncharacter U+FFFF", "&#65535;"},
		{"noncharacter block U+FDD0", "&#xFDD0;"},
		{"past the last code point", "&#1114112;"},
		{"surrogate", "&#xD800;"},
		{"NUL", "&#0;"},
		{"private use", "&#xE000;"},
		{"plane 16 private use", "&#x10FFFD;"},
		{"zero-width space", "&#x200B;"},
		{"replacement character", "&#xFFFD;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := "<html><head><title>职工之家</title></head><body><article><h1>职工之家</h1>" +
				"<p>全省评选表彰282个省级模范职工之家" + tt.ref + "（小家），96个获评全国模范职工之家。</p></article></body></html>"
			doc, err := Extract(context.Background(), "page.html", []byte(page), Options{})
			if err != nil {
				t.Fatal(err)
			}
			const want = "全省评选表彰282个省级模范职工之家（小家），96个获评全国模范职工之家。"
			if !strings.Contains(doc.Text, want) {
				t.Errorf("text %q lacks %q", doc.Text, want)
			}
			r, err := corpus.ParseBlocks("page", doc.Blocks)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range r.Passages {
				for _, r := range p.Text + p.Paragraph {
					if corpus.Textless(r) {
						t.Errorf("passage %q holds %U", p.Text, r)
					}
				}
			}
		})
	}
	// The plain-text path drops them too.
	r, err := corpus.Parse("text", "职工之家\n\n全省评选表彰282个省级模范职工之家\U0010FFFF（小家）。\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Passages {
		if strings.ContainsRune(p.Text, 0x10FFFF) {
			t.Errorf("plain-text passage %q holds U+10FFFF", p.Text)
		}
	}
}
