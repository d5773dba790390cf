package extract

import (
	"regexp"

	"github.com/reportbot/reportbot/corpus"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// builder collects blocks and images in document order, the same way
// for every format, and decides captions:
//
//   - an explicit caption (<figcaption>, Word's "Caption" style, Markdown
//     alt text) belongs to the image before it, or if there is none
//     waiting, to an image right after it;
//   - otherwise the image's description (HTML alt, Word alt text), if it
//     has one, is its caption and becomes a block where the image was;
//   - otherwise a short paragraph right after the image is its caption.
//
// Captions are blocks of their own that name their image, up to
// corpus.MaxCaptionRunes long.
type builder struct {
	blocks []corpus.Block
	images []Image

	imageAt      int    // len(blocks) when the last image was added
	pending      int    // index of an image whose caption is undecided, or -1
	pendingAlt   string // its description, used if no caption follows
	orphan       int    // index of an explicit caption block just before, for the next image, or -1
	firstHeading string
	// coverTitle is the first paragraph before any heading that reads as
	// a title (coverLine): an office document's cover page.
	coverTitle string
}

func newBuilder() *builder { return &builder{pending: -1, imageAt: -1, orphan: -1} }

func (b *builder) add(kind corpus.BlockKind, s string) {
	b.blocks = append(b.blocks, corpus.Block{Kind: kind, Text: s})
}

// para adds a body paragraph.
func (b *builder) para(s string) { b.paraKind(corpus.BlockParagraph, s) }

// paraKind adds a paragraph, list item or table row.
func (b *builder) paraKind(kind corpus.BlockKind, s string) {
	s = cleanPara(s)
	if s == "" {
		return
	}
	b.orphan = -1
	if b.pending >= 0 && b.pendingAlt == "" && looksLikeCaption(s) {
		b.blocks = append(b.blocks, corpus.Block{Kind: corpus.BlockCaption, Text: s, Image: b.images[b.pending].Name})
		b.images[b.pending].Caption = s
		b.pending, b.pendingAlt = -1, ""
		return
	}
	b.settle()
	if kind == corpus.BlockParagraph && b.firstHeading == "" && b.coverTitle == "" && coverLine(s) {
		b.coverTitle = s
	}
	b.add(kind, s)
}

// maxCoverTitle is the longest a cover page's title line is, in
// characters: titles of Chinese reports run to about 40 ("关于上海市2025年
// 预算执行情况和2026年预算草案的报告" is 31); a longer line is a sentence.
const maxCoverTitle = 60

// coverLine reports a paragraph that can be a cover page's title: a few
// Han characters (not a code such as "NB/T XXXX-20YY"), short, not a
// template's bracketed blank or a dated line in brackets ("（征求意见稿）",
// "（2023年3月）"), and not ending as a sentence does.
func coverLine(s string) bool {
	if utf8.RuneCountInString(s) > maxCoverTitle || placeholder(s) || strings.HasSuffix(s, "。") || strings.HasSuffix(s, "：") || strings.HasSuffix(s, ":") {
		return false
	}
	han := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	// Four: shorter Han lines on a cover are labels (编制说明 is four, and
	// a title of its own only with what precedes it).
	return han > 4
}

// row adds a table row with its cells. A row is never an image's
// caption.
func (b *builder) row(cells []corpus.Cell) {
	blk := corpus.TableRow(cells)
	if blk.Text == "" {
		return
	}
	b.settle()
	b.orphan = -1
	b.blocks = append(b.blocks, blk)
}

// heading adds a heading of unknown level; the first one may serve as
// the title.
func (b *builder) heading(s string) { b.headingLevel(s, 0) }

// headingLevel adds a heading of level 1-6 (0: unknown).
func (b *builder) headingLevel(s string, level int) {
	s = cleanPara(s)
	if s == "" {
		return
	}
	b.settle()
	b.orphan = -1
	if b.firstHeading == "" {
		b.firstHeading = s
	}
	b.blocks = append(b.blocks, corpus.Block{Kind: corpus.BlockHeading, Text: s, Level: level})
}

// title adds the paragraph a document styles as its title; a second
// one is a heading.
func (b *builder) title(s string) {
	for _, blk := range b.blocks {
		if blk.Kind == corpus.BlockTitle {
			b.heading(s)
			return
		}
	}
	if s = cleanPara(s); s != "" {
		b.settle()
		b.orphan = -1
		b.add(corpus.BlockTitle, s)
	}
}

// caption adds an explicit caption.
func (b *builder) caption(s string) {
	s = cleanPara(s)
	if s == "" {
		return
	}
	blk := corpus.Block{Kind: corpus.BlockCaption, Text: s}
	switch {
	case b.pending >= 0:
		b.images[b.pending].Caption = s
		blk.Image = b.images[b.pending].Name
		b.pending, b.pendingAlt = -1, ""
	case len(b.images) > 0 && b.images[len(b.images)-1].Caption == "" && b.lastWasImage():
		b.images[len(b.images)-1].Caption = s
		blk.Image = b.images[len(b.images)-1].Name
	default:
		b.orphan = len(b.blocks)
	}
	b.blocks = append(b.blocks, blk)
}

// image adds an image. A caption already in img (Markdown alt text) is
// final; alt is a hidden description, the caption only if no visible one
// follows.
func (b *builder) image(img Image, alt string) {
	b.settle()
	img.Caption = cleanPara(img.Caption)
	alt = cleanPara(alt)
	b.images = append(b.images, img)
	b.imageAt = len(b.blocks)
	switch {
	case img.Caption != "":
		b.blocks = append(b.blocks, corpus.Block{Kind: corpus.BlockCaption, Text: img.Caption, Image: img.Name})
		return
	case b.orphan >= 0: // already a block, just before
		b.images[len(b.images)-1].Caption = b.blocks[b.orphan].Text
		b.blocks[b.orphan].Image = img.Name
		b.orphan = -1
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
	blk := corpus.Block{Kind: corpus.BlockCaption, Text: caption}
	for i, img := range imgs {
		img.Caption = caption
		b.images = append(b.images, img)
		if i == 0 {
			blk.Image = img.Name
		}
	}
	b.imageAt = len(b.blocks)
	b.blocks = append(b.blocks, blk)
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
		b.blocks = append(b.blocks, corpus.Block{Kind: corpus.BlockCaption, Text: b.pendingAlt, Image: b.images[b.pending].Name})
	}
	b.pending, b.pendingAlt = -1, ""
}

func (b *builder) lastWasImage() bool { return b.imageAt == len(b.blocks) }

// finish returns the blocks with the title first, as a title block: the
// first block when it says the title, else, with prepend, one put before
// it.
func (b *builder) finish(title string, prepend bool) []corpus.Block {
	b.settle()
	blocks := b.blocks
	title = cleanPara(title)
	switch {
	case title == "":
	case len(blocks) > 0 && blocks[0].Kind == corpus.BlockTitle:
	case len(blocks) > 0 && blocks[0].Text == title:
		blocks[0].Kind, blocks[0].Level, blocks[0].Image = corpus.BlockTitle, 0, ""
	case prepend:
		blocks = append([]corpus.Block{{Kind: corpus.BlockTitle, Text: title}}, blocks...)
	}
	return blocks
}

// document returns the extracted document: its blocks, their plain text
// and the images. The title leads the blocks (see finish).
func (b *builder) document(title string, prepend bool) Document {
	blocks := b.finish(title, prepend)
	return Document{Title: cleanPara(title), Text: corpus.TextBlocks(blocks), Blocks: blocks, Images: b.images}
}

// numberedHeading matches section headings such as "1 提站位 准定位".
var numberedHeading = regexp.MustCompile(`^\d{1,2}[ .、]`)

// looksLikeCaption reports a paragraph short enough, and not a broken-off
// sentence, a section heading or a highlighted figure beside an icon
// (员工总数1,774人), to be the caption of the image before it.
func looksLikeCaption(s string) bool {
	// A highlighted figure carries no full stop; a photo's caption may end
	// with an amount and one ("向困难职工发放慰问金200万元。").
	figure := !strings.HasSuffix(s, "。") && corpus.StatesAmount(s)
	if utf8.RuneCountInString(s) > corpus.MaxCaptionRunes || numberedHeading.MatchString(s) || figure {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(",，、:：;；", r)
}

// cleanPara makes s one clean paragraph: valid UTF-8, NFC, radicals,
// compatibility ideographs, ligatures and full-width letters and digits
// mapped to ordinary characters (normalizeChars), no code point that
// carries no text (corpus.Textless: controls, noncharacters, …) and no
// line breaks, runs of spaces collapsed and none at the ends.
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
		case corpus.Textless(r):
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
	return placeholder(l)
}

// placeholder reports a title that is one bracketed phrase and nothing
// else, as a template's blank for its title is ("（填写标准名称）",
// "[请输入标题]", "【标题】"): a title names the document, and a name is not
// written in brackets whole.
func placeholder(t string) bool {
	// Not 《》: a title in book-title marks ("《政府工作报告》") is a name.
	for _, b := range [][2]string{{"（", "）"}, {"(", ")"}, {"【", "】"}, {"[", "]"}, {"〔", "〕"}} {
		if inner, ok := strings.CutPrefix(t, b[0]); ok {
			if inner, ok = strings.CutSuffix(inner, b[1]); ok && inner != "" && !strings.ContainsAny(inner, "（）()【】[]〔〕") {
				return true
			}
		}
	}
	return false
}
