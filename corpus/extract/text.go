package extract

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	unicodeenc "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/width"
)

// maxTitleRunes is the longest first line taken for the title of a plain
// text file.
const maxTitleRunes = 60

// extractText reads a plain text file: one paragraph per line, or
// paragraphs separated by blank lines, or hard-wrapped lines, which are
// joined back into paragraphs.
func extractText(ctx context.Context, data []byte) (Document, error) {
	s, err := decodeText(data)
	if err != nil {
		return Document{}, err
	}
	if err := ctx.Err(); err != nil {
		return Document{}, err
	}
	b := newBuilder()
	for _, p := range textParagraphs(s) {
		b.para(p)
	}
	title := ""
	if len(b.blocks) > 0 {
		if first := b.blocks[0].Text; utf8.RuneCountInString(first) <= maxTitleRunes && !endsSentence(first) {
			title = first
		}
	}
	return b.document(title, false), nil
}

// decodeText returns data as a UTF-8 string. It reads UTF-8 (with or
// without a byte-order mark), UTF-16 with a byte-order mark, and GB18030
// (a superset of GBK and GB2312) when the result is plausible Chinese.
// Binary content is refused with ErrBinary.
func decodeText(data []byte) (string, error) {
	switch {
	case hasPrefix(data, "\xef\xbb\xbf"):
		data = data[3:]
		if err := checkBinary(data); err != nil {
			return "", err
		}
		if !utf8.Valid(data) {
			return "", fmt.Errorf("%w: invalid UTF-8 after a UTF-8 byte-order mark", ErrUndecodable)
		}
		return string(data), nil
	case hasPrefix(data, "\xff\xfe"), hasPrefix(data, "\xfe\xff"):
		order := unicodeenc.LittleEndian
		if data[0] == 0xfe {
			order = unicodeenc.BigEndian
		}
		u, err := unicodeenc.UTF16(order, unicodeenc.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil || len(data)%2 != 0 || bytes.Contains(u, []byte("\ufffd")) {
			return "", fmt.Errorf("%w: invalid UTF-16", ErrUndecodable)
		}
		if err := checkBinary(u); err != nil {
			return "", err
		}
		return string(u), nil
	}
	if err := checkBinary(data); err != nil {
		return "", err
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	if s, ok := decodeGB18030(data); ok {
		return s, nil
	}
	if s, ok := mostlyUTF8(data); ok {
		return s, nil
	}
	return "", fmt.Errorf("%w: text is neither UTF-8, UTF-16 with a byte-order mark, nor Chinese GB18030/GBK", ErrUndecodable)
}

// mostlyUTF8 accepts UTF-8 with a few broken sequences, as left by a cut
// at the end or a bad copy, and drops them. Text in another encoding has
// broken sequences all through.
func mostlyUTF8(data []byte) (string, bool) {
	var bad, multi int
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case n > 1:
			multi++
		}
		i += n
	}
	if multi < 20*bad || (bad > 3 && bad*1000 > len(data)) {
		return "", false
	}
	return strings.ToValidUTF8(string(data), ""), true
}

// checkBinary refuses content with NUL bytes or many control characters.
func checkBinary(data []byte) error {
	if bytes.IndexByte(data, 0) >= 0 {
		return fmt.Errorf("%w: binary content (NUL bytes)", ErrBinary)
	}
	controls := 0
	for _, c := range data {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) || c == 0x7f {
			controls++
		}
	}
	if controls >= 4 && controls*100 > len(data)*3 {
		return fmt.Errorf("%w: binary content (%d control characters)", ErrBinary, controls)
	}
	return nil
}

// decodeGB18030 decodes data as GB18030 and reports whether the result is
// plausible Chinese text: no invalid sequences, no private-use characters,
// nearly all non-ASCII characters Chinese characters, punctuation or the
// signs GB2312 carries (a list numbered ①②③ or bulleted ■), and
// most double-byte codes among the common characters and symbols of
// GB2312 (text in another encoding, such as Big5, fails that).
func decodeGB18030(data []byte) (string, bool) {
	u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(u) || bytes.Contains(u, []byte("\ufffd")) {
		return "", false
	}
	s := string(u)
	var nonASCII, chinese int
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
		case unicode.Is(unicode.Co, r):
			return "", false
		case unicode.Is(unicode.Han, r), r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef,
			r >= 0x2010 && r <= 0x206f, r == '·', r == '×', r == '÷',
			// GB2312's own signs: ①, Ⅱ, ℃, →, √, ≥, ■, ○, ★, ㈠, °, ±, §.
			r >= 0x2100 && r <= 0x26ff, r >= 0x3220 && r <= 0x3229, r == '°', r == '±', r == '§':
			nonASCII++
			chinese++
		default:
			nonASCII++
		}
	}
	if nonASCII == 0 || chinese*10 < nonASCII*9 {
		return "", false
	}
	var double, common int
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c < 0x80:
			i++
		case i+1 < len(data) && data[i+1] >= 0x30 && data[i+1] <= 0x39:
			i += 4 // four-byte sequence
		default:
			if i+1 < len(data) {
				double++
				if t := data[i+1]; t >= 0xa1 && (c >= 0xa1 && c <= 0xa9 || c >= 0xb0 && c <= 0xd7) {
					common++
				}
			}
			i += 2
		}
	}
	return s, double > 0 && common*2 >= double
}

// textParagraphs splits decoded text into paragraphs. Each line is a
// paragraph, except in hard-wrapped text, where a full-width line that
// does not end a sentence continues on the next line.
func textParagraphs(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	wrapAt := wrapWidth(lines)
	var paras []string
	var cur []string
	for i, line := range lines {
		t := strings.TrimFunc(line, unicode.IsSpace)
		if t == "" {
			continue
		}
		cur = append(cur, t)
		next := ""
		if i+1 < len(lines) {
			next = lines[i+1]
		}
		if wrapAt > 0 && displayWidth(t) >= wrapAt-3 && !endsSentence(t) && !indented(next) && strings.TrimSpace(next) != "" {
			continue
		}
		paras = append(paras, strings.Join(cur, "\n"))
		cur = cur[:0]
	}
	return paras
}

// wrapWidth returns the display width at which text was hard-wrapped, or 0
// if it was not: then many lines are about as wide as the widest ones.
func wrapWidth(lines []string) int {
	var widths []int
	for _, l := range lines {
		if w := displayWidth(strings.TrimFunc(l, unicode.IsSpace)); w >= 20 {
			widths = append(widths, w)
		}
	}
	if len(widths) < 4 {
		return 0
	}
	sort.Ints(widths)
	w := widths[len(widths)*9/10]
	full := 0
	for _, x := range widths {
		if x >= w-3 && x <= w+3 {
			full++
		}
	}
	if full < 3 || full*10 < len(widths)*4 {
		return 0
	}
	return w
}

// displayWidth counts Chinese characters as two columns, others as one.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// indented reports a line starting with spaces, the usual first line of a
// Chinese paragraph.
func indented(line string) bool {
	return strings.HasPrefix(line, "\u3000") || strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "\t")
}
