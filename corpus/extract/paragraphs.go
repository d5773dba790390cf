package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxCaptionRunes is the longest paragraph taken for the caption of the
// image just before it.
const maxCaptionRunes = 60

// builder collects paragraphs and images in document order, the same way
// for every format, and decides captions:
//
//   - an explicit caption (<figcaption>, Word's "Caption" style, Markdown
//     alt text) belongs to the image before it, or if there is none
//     waiting, to an image right after it;
//   - otherwise the image's description (HTML alt, Word alt text), if it
//     has one, is its caption and becomes a paragraph where the image was;
//   - otherwise a short paragraph right after the image is its caption.
//
// Captions are always paragraphs of their own in the text.
type builder struct {
	paras  []string
	images []Image

	imageAt      int    // len(paras) when the last image was added
	pending      int    // index of an image whose caption is undecided, or -1
	pendingAlt   string // its description, used if no caption follows
	orphan       string // explicit caption just before, for the next image
	firstHeading string
}

func newBuilder() *builder { return &builder{pending: -1, imageAt: -1} }

// para adds a body paragraph.
func (b *builder) para(s string) {
	s = cleanPara(s)
	if s == "" {
		return
	}
	if b.pending >= 0 && b.pendingAlt == "" && looksLikeCaption(s) {
		b.images[b.pending].Caption = s
		b.pending, b.pendingAlt = -1, ""
	} else {
		b.settle()
	}
	b.orphan = ""
	b.paras = append(b.paras, s)
}

// heading adds a heading; the first one may serve as the title.
func (b *builder) heading(s string) {
	s = cleanPara(s)
	if s == "" {
		return
	}
	b.settle()
	b.orphan = ""
	if b.firstHeading == "" {
		b.firstHeading = s
	}
	b.paras = append(b.paras, s)
}

// caption adds an explicit caption paragraph.
func (b *builder) caption(s string) {
	s = cleanPara(s)
	if s == "" {
		return
	}
	switch {
	case b.pending >= 0:
		b.images[b.pending].Caption = s
		b.pending, b.pendingAlt = -1, ""
	case len(b.images) > 0 && b.images[len(b.images)-1].Caption == "" && b.lastWasImage():
		b.images[len(b.images)-1].Caption = s
	default:
		b.orphan = s
	}
	b.paras = append(b.paras, s)
}

// image adds an image. A caption already in img (Markdown alt text) is
// final; alt is a hidden description, the caption only if no visible one
// follows.
func (b *builder) image(img Image, alt string) {
	b.settle()
	img.Caption = cleanPara(img.Caption)
	alt = cleanPara(alt)
	b.images = append(b.images, img)
	b.imageAt = len(b.paras)
	switch {
	case img.Caption != "":
		b.paras = append(b.paras, img.Caption)
		return
	case b.orphan != "": // already a paragraph, just before
		b.images[len(b.images)-1].Caption, b.orphan = b.orphan, ""
		return
	}
	b.pending, b.pendingAlt = len(b.images)-1, alt
}

// figure adds images sharing one explicit caption (HTML <figure>), or,
// without one, each with its own description as fallback.
func (b *builder) figure(imgs []Image, alts []string, caption string) {
	caption = cleanPara(caption)
	if caption == "" {
		for i, img := range imgs {
			b.image(img, alts[i])
		}
		return
	}
	b.settle()
	for _, img := range imgs {
		img.Caption = caption
		b.images = append(b.images, img)
	}
	b.imageAt = len(b.paras)
	b.paras = append(b.paras, caption)
	if len(imgs) == 0 {
		b.imageAt = -1
	}
}

// settle gives a waiting image its fallback caption.
func (b *builder) settle() {
	if b.pending < 0 {
		return
	}
	if b.pendingAlt != "" {
		b.images[b.pending].Caption = b.pendingAlt
		b.paras = append(b.paras, b.pendingAlt)
	}
	b.pending, b.pendingAlt = -1, ""
}

func (b *builder) lastWasImage() bool { return b.imageAt == len(b.paras) }

// text returns the paragraphs joined in the layout corpus.Parse reads. A
// title not already first is put first.
func (b *builder) text(title string) string {
	b.settle()
	paras := b.paras
	if title = cleanPara(title); title != "" && (len(paras) == 0 || paras[0] != title) {
		paras = append([]string{title}, paras...)
	}
	return strings.Join(paras, "\n\n")
}

// numberedHeading matches section headings such as "1 提站位 准定位".
var numberedHeading = regexp.MustCompile(`^\d{1,2}[ .、]`)

// looksLikeCaption reports a paragraph short enough, and not a broken-off
// sentence or a section heading, to be the caption of the image before it.
func looksLikeCaption(s string) bool {
	if utf8.RuneCountInString(s) > maxCaptionRunes || numberedHeading.MatchString(s) {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(",，、:：;；", r)
}

// cleanPara makes s one clean paragraph: valid UTF-8, NFC, radicals,
// compatibility ideographs, ligatures and full-width letters and digits
// mapped to ordinary characters (normalizeChars), no control
// characters or line breaks, runs of spaces collapsed and none at the ends.
// A line break between two Chinese characters joins them without a space.
func cleanPara(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = norm.NFC.String(normalizeChars(s))
	var sb strings.Builder
	sb.Grow(len(s))
	var prev rune // last rune written, 0 at the start
	space, lineBreak := false, false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\v' || r == '\f':
			space, lineBreak = true, true
			continue
		case r == '\u3000':
			// An ideographic space becomes an ordinary one, like any
			// other space: "1　提站位" reads as "1 提站位".
			space = true
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			continue
		case unicode.IsControl(r) || r == '\ufeff' || r == '\u200b' || r == '\ufffd' ||
			unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r) || r == 0xfffe || r == 0xffff:
			continue
		}
		if space && prev != 0 && !(lineBreak && (isCJK(prev) || isCJK(r))) {
			sb.WriteByte(' ')
		}
		space, lineBreak = false, false
		sb.WriteRune(r)
		prev = r
	}
	return norm.NFC.String(sb.String())
}

// isCJK reports Chinese, Japanese and Korean characters and punctuation,
// which are written without spaces between them.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x303f) || // CJK symbols and punctuation
		(r >= 0xff00 && r <= 0xffef) || // full-width forms
		(r >= 0x3040 && r <= 0x30ff) || // kana
		(r >= 0xac00 && r <= 0xd7af) || // hangul
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·'
}

// endsSentence reports a paragraph that ends with sentence punctuation.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, "”’\"')）」』】")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？!?….;；", r)
}

// junkTitle reports a metadata title that names no report: empty, a file
// name, or what an editor fills in by itself.
func junkTitle(t string) bool {
	l := strings.ToLower(strings.TrimSpace(t))
	switch l {
	case "", "untitled", "无标题", "title", "标题", "文档", "document", "新建 microsoft word 文档", "slide 1":
		return true
	}
	for _, p := range []string{"microsoft word - ", "microsoft powerpoint - ", "untitled-"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	for _, ext := range []string{".doc", ".docx", ".pdf", ".wps", ".txt", ".indd", ".tmp"} {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	return false
}
