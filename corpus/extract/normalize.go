package extract

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

//go:generate go run ./internal/radicalgen -o radicals_table.go

// normalizeChars replaces code points that render like ordinary text but
// are not the characters a reader sees, so that search, figures and
// citations work on the text as read:
//
//   - CJK radicals (Kangxi Radicals U+2F00–U+2FD5, CJK Radicals Supplement
//     U+2E80–U+2EF3) become the unified ideograph they stand for: Chromium
//     and wkhtmltopdf write "⼯" U+2F2F for 工 into a PDF's ToUnicode map;
//   - CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) become
//     their unified ideograph (their canonical decomposition, as NFC);
//   - Latin ligatures (U+FB00–U+FB06: "ﬁ") are spelled out, as browsers'
//     PDFs keep them;
//   - full-width ASCII letters, digits and the signs of numbers (％ ＋ －
//     ． ／) and the half-width CJK punctuation (｡ ｢ ｣ ､) become their
//     ordinary forms (NFKC), so "２０２３年" is a year and "５．５１万" a figure.
//
// Full-width Chinese punctuation (，；：（）！？) stays: it is how Chinese
// is written, not a compatibility form, and the index folds widths itself.
// Other NFKC mappings (①, ㎡, …) would change what the text says and are
// not applied.
func normalizeChars(s string) string {
	if !strings.ContainsFunc(s, needsNormalizing) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0x2E80 && r <= 0x2FDF:
			sb.WriteRune(radicalIdeograph(r))
		case isCompatIdeograph(r):
			sb.WriteString(norm.NFC.String(string(r)))
		case isFoldedForm(r):
			sb.WriteString(norm.NFKC.String(string(r)))
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func needsNormalizing(r rune) bool {
	return (r >= 0x2E80 && r <= 0x2FDF) || isCompatIdeograph(r) || isFoldedForm(r)
}

func isCompatIdeograph(r rune) bool {
	return (r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F)
}

// isFoldedForm reports ligatures and the full-width and half-width forms
// that normalizeChars maps by NFKC.
func isFoldedForm(r rune) bool {
	switch {
	case r >= 0xFB00 && r <= 0xFB06: // ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
		return true
	case r >= 0xFF10 && r <= 0xFF19, r >= 0xFF21 && r <= 0xFF3A, r >= 0xFF41 && r <= 0xFF5A: // ０-９ Ａ-Ｚ ａ-ｚ
		return true
	case r == 0xFF05 || r == 0xFF0B || r == 0xFF0D || r == 0xFF0E || r == 0xFF0F: // ％ ＋ － ． ／
		return true
	case r >= 0xFF61 && r <= 0xFF64: // ｡ ｢ ｣ ､
		return true
	}
	return false
}
