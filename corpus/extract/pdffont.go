package extract

import (
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// maxCMapEntries bounds a ToUnicode CMap, and a CID font's width table.
const maxCMapEntries = 1 << 16

// pdfFont decodes a font's codes to text and knows their widths. Text
// comes from the font's ToUnicode CMap when it has one; else from a
// predefined Chinese CMap whose codes are GBK or UTF-16 already; else, for
// a simple font, from its encoding (the library's tables).
type pdfFont struct {
	toUnicode *cmap
	enc       pdf.TextEncoding
	gb, ucs2  bool // codes are GBK/EUC-CN or UTF-16 (predefined CMaps)
	twoByte   bool // a composite (Type0) font
	unmapped  bool // codes are glyph ids with no way to Unicode
	first     int
	widths    []float64
	cidW      map[int]float64
	dw        float64
	scale     float64 // glyph space to 1/1000 text space (Type3)
	bold      bool    // a bold face, by name, weight or ForceBold flag
}

// boldName matches the base font names of bold faces:
// "NotoSansCJKsc-Bold", "SimHei,Bold", "SourceHanSerifCN-Heavy".
var boldName = regexp.MustCompile(`(?i)(bold|heavy|black|semibold|demibold|[-,]b$)`)

// minBoldWeight is the FontDescriptor weight from which a face is bold
// (600 is semibold on the CSS/OpenType scale).
const minBoldWeight = 600

// forceBold is the FontDescriptor flag that asks for bold rendering.
const forceBold = 1 << 18

// isBold reads a font's weight from its name and font descriptor; a
// Type0 font's are in its descendant.
func isBold(v pdf.Value) bool {
	for _, f := range []pdf.Value{v, v.Key("DescendantFonts").Index(0)} {
		if f.Kind() != pdf.Dict {
			continue
		}
		fd := f.Key("FontDescriptor")
		if boldName.MatchString(f.Key("BaseFont").Name()) || fd.Key("FontWeight").Float64() >= minBoldWeight ||
			fd.Key("Flags").Int64()&forceBold != 0 {
			return true
		}
	}
	return false
}

// Predefined CMaps whose codes are text already.
var (
	cmapGB   = regexp.MustCompile(`^(GBK|GBKp|GBK2K|GB|GBpc|GBT|GBTpc)-(EUC-)?[HV]$`)
	cmapUCS2 = regexp.MustCompile(`^Uni(GB|CNS|JIS|KS)-(UCS2|UTF16)-[HV]$`)
)

// newPDFFont reads a font dictionary; its ToUnicode CMap is charged to
// budget.
func newPDFFont(v pdf.Value, budget *int64) *pdfFont {
	f := &pdfFont{dw: 1000, scale: 1}
	if v.Kind() != pdf.Dict {
		f.dw = 500
		return f
	}
	f.bold = isBold(v)
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.toUnicode = readCMap(tu, budget)
	}
	enc := v.Key("Encoding").Name()
	if v.Key("Subtype").Name() == "Type0" {
		f.twoByte = true
		desc := v.Key("DescendantFonts").Index(0)
		if dw := desc.Key("DW"); !dw.IsNull() {
			f.dw = dw.Float64()
		}
		f.cidW = cidWidths(desc.Key("W"))
		switch {
		case f.toUnicode != nil:
		case cmapGB.MatchString(enc):
			f.gb = true
		case cmapUCS2.MatchString(enc):
			f.ucs2 = true
		default:
			f.unmapped = true
		}
		return f
	}
	f.first = int(v.Key("FirstChar").Int64())
	w := v.Key("Widths")
	for i := 0; i < w.Len() && i < 256; i++ {
		f.widths = append(f.widths, w.Index(i).Float64())
	}
	f.dw = v.Key("FontDescriptor").Key("MissingWidth").Float64()
	if len(f.widths) == 0 && f.dw == 0 {
		f.dw = 500 // a standard font without widths: about half an em
	}
	if m := v.Key("FontMatrix"); v.Key("Subtype").Name() == "Type3" && m.Len() == 6 {
		f.scale = m.Index(0).Float64() * 1000
	}
	if f.toUnicode == nil {
		pf := pdf.Font{V: v}
		f.enc = pf.Encoder()
	}
	return f
}

// cidWidths reads a CID font's W array: "c [w1 w2 ...]" and "c1 c2 w".
func cidWidths(w pdf.Value) map[int]float64 {
	m := map[int]float64{}
	for i := 0; i < w.Len() && len(m) < maxCMapEntries; {
		c := int(w.Index(i).Int64())
		if next := w.Index(i + 1); next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && len(m) < maxCMapEntries; j++ {
				m[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		last := int(w.Index(i + 1).Int64())
		width := w.Index(i + 2).Float64()
		for c2 := c; c2 <= last && len(m) < maxCMapEntries; c2++ {
			m[c2] = width
		}
		i += 3
	}
	return m
}

// decode returns the text of raw and its character codes.
func (f *pdfFont) decode(raw string) (string, []int) {
	var codes []int
	switch {
	case f.toUnicode != nil:
		return f.toUnicode.decode(raw, f.twoByte)
	case f.gb:
		for i := 0; i < len(raw); {
			if raw[i] < 0x81 || i+1 >= len(raw) {
				codes = append(codes, int(raw[i]))
				i++
				continue
			}
			codes = append(codes, int(raw[i])<<8|int(raw[i+1]))
			i += 2
		}
		u, err := simplifiedchinese.GB18030.NewDecoder().String(raw)
		if err != nil {
			return "", codes
		}
		return u, codes
	case f.twoByte:
		u16 := make([]uint16, 0, len(raw)/2)
		for i := 0; i+1 < len(raw); i += 2 {
			c := int(raw[i])<<8 | int(raw[i+1])
			codes = append(codes, c)
			u16 = append(u16, uint16(c))
		}
		if f.ucs2 {
			return string(utf16.Decode(u16)), codes
		}
		return "", codes
	}
	for i := 0; i < len(raw); i++ {
		codes = append(codes, int(raw[i]))
	}
	if f.enc == nil {
		return printableASCII(raw), codes
	}
	return f.enc.Decode(raw), codes
}

func printableASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return -1
		}
		return r
	}, s)
}

// width returns a code's advance in thousandths of the font size.
func (f *pdfFont) width(code int) float64 {
	if f.twoByte {
		if w, ok := f.cidW[code]; ok {
			return w
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < len(f.widths) {
		return f.widths[i] * f.scale
	}
	return f.dw * f.scale
}

// cmap is a parsed ToUnicode CMap.
type cmap struct {
	space  [5][][2]string // codespace ranges by code length 1-4
	chars  map[string]string
	ranges []cmapRange
}

type cmapRange struct {
	lo, hi string
	dst    string   // UTF-16BE of lo's text; the last unit counts up
	arr    []string // or one UTF-16BE string per code
}

// maxCMapBytes bounds the decompressed size of a ToUnicode CMap.
const maxCMapBytes = 4 << 20

// readCMap parses a ToUnicode CMap, charging its size to budget, or
// returns nil if it maps nothing. It
// has its own small tokenizer: the library's PostScript interpreter needs
// dictionaries it cannot build from outside, and panics on odd CMaps.
func readCMap(strm pdf.Value, budget *int64) *cmap {
	rc := strm.Reader()
	defer rc.Close()
	data, _ := io.ReadAll(io.LimitReader(rc, min(maxCMapBytes, max(*budget, 0))))
	*budget -= int64(len(data))
	m := &cmap{chars: map[string]string{}}
	var (
		operands []cmapToken
		array    []string
		inArray  bool
		entries  int
	)
	push := func(t cmapToken) {
		if inArray {
			if !t.other {
				array = append(array, t.s)
			}
			return
		}
		if len(operands) < 3*maxCMapEntries {
			operands = append(operands, t)
		}
	}
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0:
			i++
		case c == '%':
			for i < len(data) && data[i] != '\n' && data[i] != '\r' {
				i++
			}
		case c == '<' && i+1 < len(data) && data[i+1] == '<', c == '>' && i+1 < len(data) && data[i+1] == '>':
			i += 2
			push(cmapToken{other: true})
		case c == '<':
			var s string
			s, i = hexString(data, i+1)
			push(cmapToken{s: s})
		case c == '(':
			var s string
			s, i = literalString(data, i+1)
			push(cmapToken{s: s})
		case c == '[':
			i++
			inArray, array = true, nil
		case c == ']':
			i++
			if inArray {
				inArray = false
				push(cmapToken{arr: array, isArr: true})
			}
		default:
			j := i + 1
			for j < len(data) && !strings.ContainsRune(" \t\r\n\f\x00%<>()[]/{}", rune(data[j])) {
				j++
			}
			word := string(data[i:j])
			i = j
			switch word {
			case "endcodespacerange":
				for k := 0; k+1 < len(operands); k += 2 {
					lo, hi := operands[k].s, operands[k+1].s
					if n := len(lo); n >= 1 && n <= 4 && len(hi) == n && len(m.space[n]) < 256 {
						m.space[n] = append(m.space[n], [2]string{lo, hi})
					}
				}
			case "endbfchar":
				for k := 0; k+1 < len(operands) && entries < maxCMapEntries; k += 2 {
					m.chars[operands[k].s] = operands[k+1].s
					entries++
				}
			case "endbfrange":
				for k := 0; k+2 < len(operands) && entries < maxCMapEntries; k += 3 {
					r := cmapRange{lo: operands[k].s, hi: operands[k+1].s}
					if len(r.lo) == 0 || len(r.lo) != len(r.hi) {
						continue
					}
					if d := operands[k+2]; d.isArr {
						r.arr = d.arr
					} else {
						r.dst = d.s
					}
					m.ranges = append(m.ranges, r)
					entries++
				}
			}
			if c >= '0' && c <= '9' || c == '-' || c == '.' || c == '/' {
				continue // a number or a name, kept as an operand
			}
			operands = operands[:0]
		}
	}
	if len(m.chars) == 0 && len(m.ranges) == 0 {
		return nil
	}
	sort.SliceStable(m.ranges, func(i, j int) bool {
		a, b := m.ranges[i], m.ranges[j]
		if len(a.lo) != len(b.lo) {
			return len(a.lo) < len(b.lo)
		}
		return a.lo < b.lo
	})
	return m
}

// cmapToken is a string, an array of strings, or anything else.
type cmapToken struct {
	s     string
	arr   []string
	isArr bool
	other bool
}

// hexString reads a <hex> string whose '<' is just before data[i].
func hexString(data []byte, i int) (string, int) {
	var out []byte
	var hi byte
	half := false
	for ; i < len(data) && data[i] != '>'; i++ {
		var v byte
		switch c := data[i]; {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return string(out), i + 1
}

// literalString reads a (literal) string whose '(' is just before data[i].
func literalString(data []byte, i int) (string, int) {
	var out []byte
	depth := 1
	for ; i < len(data); i++ {
		c := data[i]
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return string(out), i + 1
			}
		case '\\':
			if i+1 >= len(data) {
				continue
			}
			i++
			switch e := data[i]; e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := 0
				for k := 0; k < 3 && i < len(data) && data[i] >= '0' && data[i] <= '7'; k++ {
					v = v*8 + int(data[i]-'0')
					i++
				}
				i--
				c = byte(v)
			default:
				c = e
			}
		}
		out = append(out, c)
	}
	return string(out), i
}

// codeLen returns the length of the code at the start of raw.
func (m *cmap) codeLen(raw string, twoByte bool) int {
	for n := 1; n <= 4 && n <= len(raw); n++ {
		for _, r := range m.space[n] {
			if inRange(raw[:n], r[0], r[1]) {
				return n
			}
		}
	}
	if twoByte && len(raw) >= 2 {
		return 2
	}
	return 1
}

// inRange reports whether every byte of code lies in the range's bytes.
func inRange(code, lo, hi string) bool {
	for i := 0; i < len(code); i++ {
		if code[i] < lo[i] || code[i] > hi[i] {
			return false
		}
	}
	return true
}

func (m *cmap) decode(raw string, twoByte bool) (string, []int) {
	var sb strings.Builder
	var codes []int
	for len(raw) > 0 {
		n := m.codeLen(raw, twoByte)
		code := raw[:n]
		raw = raw[n:]
		codes = append(codes, codeValue(code))
		if s, ok := m.chars[code]; ok {
			sb.WriteString(utf16BE(s))
			continue
		}
		// ranges are sorted by length, then lo: find the last range
		// starting at or before code.
		i := sort.Search(len(m.ranges), func(i int) bool {
			r := m.ranges[i]
			return len(r.lo) > n || len(r.lo) == n && r.lo > code
		}) - 1
		if i >= 0 {
			r := m.ranges[i]
			if len(r.lo) != n || code > r.hi {
				continue
			}
			off := codeValue(code) - codeValue(r.lo)
			switch {
			case r.arr != nil:
				if off < len(r.arr) {
					sb.WriteString(utf16BE(r.arr[off]))
				}
			case len(r.dst) >= 2:
				b := []byte(r.dst)
				last := int(b[len(b)-2])<<8 | int(b[len(b)-1]) + off
				b[len(b)-2], b[len(b)-1] = byte(last>>8), byte(last)
				sb.WriteString(utf16BE(string(b)))
			case len(r.dst) == 1:
				sb.WriteByte(r.dst[0] + byte(off))
			}
		}
	}
	return sb.String(), codes
}

func codeValue(code string) int {
	v := 0
	for i := 0; i < len(code); i++ {
		v = v<<8 | int(code[i])
	}
	return v
}

// utf16BE decodes a CMap destination string.
func utf16BE(s string) string {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}
