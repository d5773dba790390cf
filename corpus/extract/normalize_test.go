package extract

import (
	"testing"
	"unicode"
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
