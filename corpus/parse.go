package corpus

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits of a passage, in runes. A paragraph longer than maxPassageRunes is
// cut on sentence boundaries into pieces of about targetPassageRunes, so a
// passage reads well in a chat message.
const (
	targetPassageRunes = 120
	maxPassageRunes    = 170
	// maxGuessedCaptionRunes is the longest line taken for a caption by
	// its look alone, with no image beside it (see MaxCaptionRunes).
	maxGuessedCaptionRunes = 30
	maxHeadingRunes        = 40
	maxSubtitleRunes       = 16
	// maxSourceRunes is the longest source line: an outlet and perhaps
	// its reporters ("来源：新华社（记者 张三）"); a longer line is a
	// sentence that cites one.
	maxSourceRunes = 40
)

var (
	// "1 提站位 准定位 强化创新理论武装", "5 强组织 聚战力", the
	// Chinese-numbered "一、过去五年的主要工作" of government reports,
	// the lower levels of official documents' numbering,
	// "（三）2026年一般公共预算收入预计和支出安排" and "（2）…", and a
	// decimal numbering, "1.1 公司简介" (a heading the file marks: in plain
	// text a decimal is no heading number, see decimalRe). The groups are
	// named by the constants below. The decimal comes first, so that
	// "1.1" is not read as heading 1 titled "1 公司简介".
	headingRe = regexp.MustCompile(`^(?:(\d{1,2}(?:\.\d{1,2})+)\.?[ \t\x{3000}]*|(\d{1,2})[ \t\x{3000}.、]+|([一二三四五六七八九十]{1,3})、[ \t\x{3000}]*|[（(](\d{1,2})[）)][ \t\x{3000}]*|[（(]([一二三四五六七八九十]{1,3})[）)][ \t\x{3000}]*)(\S.*)$`)
	// "(来源:《贵州日报》)", "来源:新华社": group 1 the source of a line
	// in brackets, 2 of one without. A line that opens with no bracket
	// keeps its closing one: "来源：新华社（记者 张三）".
	sourceRe = regexp.MustCompile(`^(?:[(（]\s*(?:来源|来源于|稿件来源)\s*[:：]\s*(.+?)\s*[)）]?|(?:来源|来源于|稿件来源)\s*[:：]\s*(.+?))$`)
)

// The groups of headingRe: a heading's number in each numbering, then its
// title.
const (
	groupDecimal        = 1 + iota // "1.1"
	groupDigit                     // "1"
	groupChinese                   // "一"
	groupBracketDigit              // "（1）"
	groupBracketChinese            // "（一）"
	groupTitle
)

// block is one paragraph of the raw text with what Parse learnt about it.
type block struct {
	text string
	kind blockKind
	// fixed marks a kind the document itself gave (ParseBlocks): it is
	// not guessed again, and the block is never joined to another.
	fixed bool
	image string // a caption's image name, from the document
	// read marks a block whose figures are read already, with offsets
	// into its text: a table row's, from its cells.
	read    bool
	figures []Figure
}

type blockKind int

const (
	kindBody blockKind = iota
	kindTitle
	kindSubtitle
	kindHeading
	kindSectionSubtitle
	kindCaption
	kindSource
)

// Parse splits a report's text into sections, captions and passages.
// id names the report in passage keys; it must be non-empty.
func Parse(id, text string) (*Report, error) {
	if id == "" {
		return nil, fmt.Errorf("parse report: empty id")
	}
	return parseBlocks(id, splitBlocks(text), text)
}

// parseBlocks builds the report from blocks, some of known kind; text is
// the whole report, for the years it mentions.
func parseBlocks(id string, blocks []block, text string) (*Report, error) {
	if len(blocks) == 0 {
		return nil, fmt.Errorf("parse report %q: %w", id, ErrNoText)
	}
	classify(blocks)
	blocks = mend(blocks)

	r := &Report{ID: id}
	var (
		section    Section
		outline    outline
		paragraphs []paragraph
	)
	for i, b := range blocks {
		switch b.kind {
		case kindTitle:
			r.Title = b.text
		case kindSubtitle:
			r.Subtitle = strings.TrimLeft(b.text, "—-– ")
			if len(Years(r.Subtitle)) > 0 {
				// A dated subtitle is a passage too: the date and the
				// meeting a report was given at ("2026年2月7日上海市第十六
				// 届人民代表大会第四次会议通过") answer a member's "这个报告
				// 哪天通过的". A slogan ("奋力谱写…新篇章") is not: made of
				// the words of any question on the report, it would answer
				// them. (Its figures are read from the trimmed text.)
				paragraphs = append(paragraphs, paragraph{text: r.Subtitle, section: section.Name(), block: i})
			}
		case kindSource:
			r.Source = b.text
			if m := sourceRe.FindStringSubmatch(b.text); m != nil {
				r.Source = m[1] + m[2]
			}
		case kindHeading:
			section = outline.enter(section, b)
			r.Sections = append(r.Sections, section)
		case kindSectionSubtitle:
			if n := len(section.Sub); n > 0 {
				section.Sub = slices.Clone(section.Sub)
				section.Sub[n-1] += " · " + b.text
			} else {
				section.Subtitle = b.text
			}
			r.Sections[len(r.Sections)-1] = section
		case kindCaption:
			r.Captions = append(r.Captions, Caption{Text: b.text, Image: b.image, Position: i})
		default:
			paragraphs = append(paragraphs, paragraph{text: b.text, section: section.Name(), block: i, read: b.read, figures: b.figures})
		}
	}
	if r.Title == "" && len(paragraphs) > 0 {
		r.Title = Shorten(paragraphs[0].text, 30)
	}
	for i, p := range paragraphs {
		paragraphs[i].passage = len(r.Passages)
		at := 0 // where the piece starts in the paragraph
		for _, piece := range splitParagraph(p.text) {
			figures := p.figuresIn(at, at+len(piece))
			at += len(piece)
			pos := len(r.Passages)
			r.Passages = append(r.Passages, Passage{
				Key:       id + "/" + strconv.Itoa(pos),
				ReportID:  id,
				Position:  pos,
				Section:   p.section,
				Text:      piece,
				Paragraph: p.text,
				Figures:   figures,
			})
		}
	}
	if len(r.Passages) == 0 {
		return nil, fmt.Errorf("parse report %q: %w", id, ErrNoText)
	}
	attachCaptions(r, paragraphs)
	years := YearsByMentions(text)
	for i := range r.Passages {
		r.Passages[i].Years = years
	}
	return r, nil
}

var yearRe = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)

// Years lists the distinct years ("2023年") text mentions, in order.
func Years(text string) []int {
	var years []int
	for _, m := range yearRe.FindAllStringSubmatch(text, -1) {
		y, _ := strconv.Atoi(m[1])
		if !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	return years
}

// YearsByMentions lists the distinct years text mentions, the most
// mentioned first, and of years mentioned as often the first mentioned.
func YearsByMentions(text string) []int {
	var years []int
	count := map[int]int{}
	for _, m := range yearRe.FindAllStringSubmatch(text, -1) {
		y, _ := strconv.Atoi(m[1])
		if count[y] == 0 {
			years = append(years, y)
		}
		count[y]++
	}
	slices.SortStableFunc(years, func(a, b int) int { return count[b] - count[a] })
	return years
}

type paragraph struct {
	text    string
	section string
	block   int
	passage int // the index of its first passage
	// read and figures: as the block's.
	read    bool
	figures []Figure
}

// figuresIn returns the figures of the piece text[start:end] of the
// paragraph, with offsets into the piece: read from the piece, or, when
// the paragraph's figures are read already, those within it.
func (p paragraph) figuresIn(start, end int) []Figure {
	if !p.read {
		return ExtractFigures(p.text[start:end])
	}
	var out []Figure
	for _, f := range p.figures {
		if f.Start >= start && f.End <= end {
			f.Start, f.End = f.Start-start, f.End-start
			out = append(out, f)
		}
	}
	return out
}

// splitBlocks normalises the text and splits it on blank lines. A line
// break without a blank line is treated as a paragraph break too when the
// line ends a sentence, and as a broken line otherwise.
func splitBlocks(text string) []block {
	text = strings.ToValidUTF8(text, "")
	text = norm.NFC.String(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"))
	var blocks []block
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimFunc(cleanControl(raw), unicode.IsSpace)
		if line == "" {
			continue
		}
		blocks = append(blocks, block{text: line})
	}
	return blocks
}

// cleanControl turns tabs into spaces and drops what carries no text
// (Textless).
func cleanControl(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' {
			return ' '
		}
		if Textless(r) {
			return -1
		}
		return r
	}, s)
}

// classify marks the title, subtitle, headings, captions and source line.
func classify(blocks []block) {
	// A document that marks its images (a block names one: HTML, Markdown,
	// Word, ODT) had its captions decided by extraction, from where its
	// images stand; its other short lines are text — a note's definition
	// ("[75]房地产用地是指…"), a byline. Only where no image is marked
	// (plain text, PDF) is a short line taken for a photo's caption by its
	// look.
	marksImages := slices.ContainsFunc(blocks, func(b block) bool { return b.image != "" })
	// A report has one title: a block marked as one after it (a cover's
	// report name under the company's) is a heading, not a title in its
	// place.
	titled := false
	for i := range blocks {
		if blocks[i].kind == kindTitle && blocks[i].fixed {
			if titled {
				blocks[i].kind = kindHeading
			}
			titled = true
		}
	}
	for i := range blocks {
		b := &blocks[i]
		if b.fixed {
			if b.kind == kindHeading && i > 0 && blocks[i-1].kind == kindTitle && strings.HasPrefix(b.text, "—") {
				// "——2026年2月7日…会议通过" set as a heading under the
				// title: the subtitle, as in plain text.
				b.kind = kindSubtitle
			}
			continue
		}
		n := utf8.RuneCountInString(b.text)
		switch {
		case i == 0 && !endsSentence(b.text) && n <= 60 && !hasTitle(blocks) && !opensOutline(blocks):
			b.kind = kindTitle
		case i > 0 && blocks[i-1].kind == kindTitle && strings.HasPrefix(b.text, "—"):
			b.kind = kindSubtitle
		case i == len(blocks)-1 && isSourceLine(b.text):
			// The report's source closes it; a source line elsewhere (under
			// a chart, a quoted item) is its text, else each would
			// overwrite the one before.
			b.kind = kindSource
		case isHeading(b.text):
			b.kind = kindHeading
		case i > 0 && blocks[i-1].kind == kindHeading && isBareLine(b.text, maxSubtitleRunes):
			b.kind = kindSectionSubtitle
		case !marksImages && isCaption(b.text) && !StatesAmount(b.text) && !(i > 0 && (blocks[i-1].kind == kindHeading || blocks[i-1].kind == kindSectionSubtitle)):
			// The first paragraph under a heading is the story, not a photo.
			b.kind = kindCaption
		}
	}
	// A part numbered （1） or （一） with no text before the next heading
	// heads nothing: it is an item of a list set one a line.
	for i := range blocks {
		if blocks[i].kind != kindHeading || blocks[i].fixed {
			continue
		}
		if m := headingRe.FindStringSubmatch(blocks[i].text); m != nil && m[groupBracketDigit]+m[groupBracketChinese] != "" &&
			(i+1 == len(blocks) || blocks[i+1].kind == kindHeading) {
			blocks[i].kind = kindBody
		}
	}
	// Lines numbered on one from another with no text between — "1. 加强
	// 职工之家建设", "2. 推进…" — are the items of a list set one a line,
	// not sections that head nothing (whose words would be in no passage):
	// a run of two or more such headings of one numbering, the last of
	// which heads no text either (a heading or the end follows it), is
	// text. When text follows the last, it may head that text, and the
	// run is left as headings.
	for i := 0; i < len(blocks); {
		j := i + 1
		for j < len(blocks) && listedAfter(blocks[j-1], blocks[j]) {
			j++
		}
		if j-i >= 2 && (j == len(blocks) || blocks[j].kind == kindHeading) {
			for k := i; k < j; k++ {
				blocks[k].kind = kindBody
			}
		}
		i = j
	}
	// A report of short lines only (a title and a paragraph or two) has
	// no photos to caption: its lines are its text.
	if !slices.ContainsFunc(blocks, func(b block) bool { return b.kind == kindBody }) {
		for i := range blocks {
			if blocks[i].kind == kindCaption {
				blocks[i].kind = kindBody
			}
		}
	}
	// Nor has a report of a title or headings only — a one-line notice
	// with no full stop, an outline — sections heading nothing: its lines
	// are its text, not a report with no text.
	if !slices.ContainsFunc(blocks, func(b block) bool { return b.kind == kindBody }) {
		for i := range blocks {
			if k := blocks[i].kind; k == kindTitle || k == kindHeading || k == kindSectionSubtitle || k == kindSubtitle {
				// Each line whole, as a heading was: fixed, so mend joins
				// none to the next, though none ends a sentence.
				blocks[i].kind, blocks[i].fixed = kindBody, true
			}
		}
	}
	// A caption has its full stop; without one, a short line followed by
	// body text is the start of a broken sentence.
	for i := range blocks {
		if blocks[i].kind == kindCaption && !blocks[i].fixed && !strings.HasSuffix(blocks[i].text, "。") &&
			i+1 < len(blocks) && blocks[i+1].kind == kindBody {
			blocks[i].kind = kindBody
		}
	}
}

// isSourceLine reports a line naming where the report is from:
// "(来源:《贵州日报》)".
func isSourceLine(s string) bool {
	return len(s) <= maxSourceRunes*utf8.UTFMax && utf8.RuneCountInString(s) <= maxSourceRunes && sourceRe.MatchString(s)
}

// opensOutline reports text that opens with its first numbered heading,
// not a title: a heading with the next number follows ("一、总体要求" …
// "二、主要任务"), so the first line heads a section of its own.
func opensOutline(blocks []block) bool {
	m := headingRe.FindStringSubmatch(blocks[0].text)
	if m == nil || !isHeading(blocks[0].text) {
		return false
	}
	next := headingNumberOf(m) + 1
	for _, b := range blocks[1:] {
		if mb := headingRe.FindStringSubmatch(b.text); mb != nil && numbering(mb) == numbering(m) && headingNumberOf(mb) == next && isHeading(b.text) {
			return true
		}
	}
	return false
}

// listedAfter reports b, a heading the text does not mark, numbered right
// after a, one of the same numbering: "2. 推进…" after "1. 加强…".
func listedAfter(a, b block) bool {
	return a.kind == kindHeading && b.kind == kindHeading && !a.fixed && !b.fixed && numberedOn(a.text, b.text)
}

// numberedOn reports line b numbered one on from line a, in the same
// numbering: "2. 推进…" after "1. 加强…", "（三）…" after "（二）…".
func numberedOn(a, b string) bool {
	ma, mb := headingRe.FindStringSubmatch(a), headingRe.FindStringSubmatch(b)
	return ma != nil && mb != nil && numbering(ma) == numbering(mb) && numbering(ma) != "1.1" &&
		headingNumberOf(mb) == headingNumberOf(ma)+1
}

// hasTitle reports blocks whose title the document marks.
func hasTitle(blocks []block) bool {
	for _, b := range blocks {
		if b.kind == kindTitle && b.fixed {
			return true
		}
	}
	return false
}

func isHeading(s string) bool {
	m := headingRe.FindStringSubmatch(s)
	if m == nil || utf8.RuneCountInString(s) > maxHeadingRunes {
		return false
	}
	// A heading is a title, not a sentence: "3 提素质 求创新 推进职工队伍建设".
	// "1 名职工获奖。" or "2023年..." must not count.
	// "三、今后五年的总体要求、奋斗目标和主要任务": a Chinese-numbered
	// heading may list with 、, a digit one may not ("1、2、3项").
	rest, marks := m[groupTitle], ",，;；:：。!！?？、"
	if m[groupChinese]+m[groupBracketChinese] != "" {
		marks = ",，;；:：。!！?？"
	}
	// And it says something: "2.5" is a number a narrow column broke
	// off "细颗粒物（PM" and "）平均浓度", not heading 2 titled "5", nor is
	// "2.5倍" heading 2.
	if !strings.ContainsFunc(rest, unicode.IsLetter) || decimalRe.MatchString(s) {
		return false
	}
	// A part numbered （1） or （一） names a topic; one stating a number
	// other than a year is a list item or a table row set as text
	// ("（1）城镇新增就业1269万人", "（一）税收收入 7000.5 7200.3").
	if m[groupBracketDigit]+m[groupBracketChinese] != "" && strings.ContainsFunc(yearRe.ReplaceAllString(rest, ""), unicode.IsDigit) {
		return false
	}
	if strings.ContainsAny(rest, marks) {
		return false
	}
	// Nor is a line ending in two numbers set apart by spaces, whatever
	// its numbering: a table row set as text, its label numbered
	// ("二、税收收入 7000.5 7200.3"), states figures; a heading names.
	if tableRowRe.MatchString(yearRe.ReplaceAllString(rest, "年")) {
		return false
	}
	// "2 名职工获奖": after a bare digit a measure word makes the number a
	// count. After 二、 or a bracket no count can follow, so "三、项目建设"
	// and "（二）支出情况" are headings whatever character opens them.
	return m[groupDigit] == "" || !startsWithUnit(rest)
}

// tableRowRe is a line ending in a label and two or more numbers, each
// set apart by spaces (a year with its 年 is taken out first): the cells
// of a table row that a PDF or a text file put on one line.
var tableRowRe = regexp.MustCompile(`\S[ \t\x{3000}]+[-−]?\d[\d,.]*%?(?:[ \t\x{3000}]+[-−]?\d[\d,.]*%?)+[ \t\x{3000}]*$`)

// decimalRe is a line opening with a decimal number, which no heading
// number is.
var decimalRe = regexp.MustCompile(`^\d{1,2}\.\d`)

// outline reads the levels of a report's numbered headings. Official
// documents number their levels 一、 then （一） then 1. then （1）, but a
// report may start at any of them (the union report's sections are
// "1 提站位…"), so a numbering's level is the order in which the report
// first uses it: the first is its sections, the next their parts.
type outline struct {
	levels map[string]int // numbering → level, 1 the highest
	// marked: the section is a heading the file marks (a Word heading,
	// an HTML <h3>, a Markdown #). Numbered paragraphs under it are its
	// parts unless numbered 一、, the official top level (GB/T 9704:
	// 一、 （一） 1. （1））: "（一）…" under "<h3>一、…</h3>" or "(1) 环境
	// 合规管理" under "## 治理", but "一、2025年预算执行情况" under a bold
	// byline (上海市财政局) is a section of its own.
	marked bool
}

// numbering names the way a heading is numbered (the groups of headingRe
// it matched), "" for a heading with no number.
func numbering(m []string) string {
	for i, n := range []string{"1.1", "1.", "一、", "(1)", "(一)"} {
		if m[groupDecimal+i] != "" {
			return n
		}
	}
	return ""
}

// enter is the section a heading opens within the section before: a
// heading of the first level (or one the file marks, or one with no
// number) opens a section of its own; one of a lower level is a part of
// the section it is in, kept beside the headings above it (Section.Sub),
// so a passage under "（三）2026年一般公共预算收入预计和支出安排" still
// belongs to "二、2026年预算草案" and says which year and budget it is of.
func (o *outline) enter(within Section, b block) Section {
	m := headingRe.FindStringSubmatch(b.text)
	if m == nil {
		// Only a heading the file marks goes unnumbered (below).
		*o = outline{levels: map[string]int{}, marked: true}
		return Section{Title: b.text}
	}
	// A decimal number ("1.1") is no section number (headingNumberOf):
	// the section is its title alone.
	top := Section{Number: headingNumberOf(m), Title: strings.TrimSpace(m[groupTitle])}
	n := numbering(m)
	if b.fixed {
		// The file marks it a heading: its own section, whatever its
		// numbering, which is then the top level (a file's marked levels
		// are not read: OCR'd Markdown marks chapters and their parts
		// alike).
		*o = outline{levels: map[string]int{n: 1}, marked: true}
		return top
	}
	if o.levels == nil {
		o.levels = map[string]int{}
	}
	level, ok := o.levels[n]
	if !ok {
		// Below every numbering seen (a part of a marked heading's
		// section starts at level 2, so the next may not start there too).
		level = 1
		for _, l := range o.levels {
			level = max(level, l+1)
		}
		if o.marked && n != "一、" {
			level = max(level, 2)
		}
		o.levels[n] = level
	}
	if level == 1 || within.Title == "" {
		return top
	}
	sub := slices.Clone(within.Sub[:min(len(within.Sub), level-2)])
	return Section{Number: within.Number, Title: within.Title, Subtitle: within.Subtitle, Sub: append(sub, b.text)}
}

// headingNumberOf is the number of a heading headingRe matched: 0 for a
// decimal one ("1.1"), which is no section number.
func headingNumberOf(m []string) int {
	return headingNumber(m[groupDigit] + m[groupChinese] + m[groupBracketDigit] + m[groupBracketChinese])
}

// headingNumber reads a section number: "3" or "三" (up to 九十九).
func headingNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	n, tens := 0, 0
	for _, r := range s {
		if r == '十' {
			tens = max(n, 1)
			n = 0
			continue
		}
		n = digits[r]
	}
	return tens*10 + n
}

// startsWithUnit reports text opening with a measure word or unit, which
// makes a number before it a count or an amount.
func startsWithUnit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("个名人年月日项条张家所支场次元万亿%号", r)
}

// isBareLine reports a short line with no punctuation at all.
func isBareLine(s string, max int) bool {
	return utf8.RuneCountInString(s) <= max && !strings.ContainsFunc(s, unicode.IsPunct)
}

// isCaption reports a short standalone line that describes a picture:
// a single clause (no comma or semicolon), ending with a full stop or nothing.
func isCaption(s string) bool {
	if utf8.RuneCountInString(s) > maxGuessedCaptionRunes || strings.ContainsAny(s, ",，;；:：") {
		return false
	}
	body := strings.TrimSuffix(s, "。")
	return !strings.ContainsAny(body, "。!！?？") && strings.ContainsFunc(body, isHan)
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// StatesAmount reports a line stating an amount (员工总数1,774人,
// 劳动合同签约率达100%): a report's highlighted figure, which ends with
// its figure, not a photo's caption, which names what the picture shows
// ("100名农民工获赠返乡车票").
func StatesAmount(s string) bool {
	s = strings.TrimSuffix(s, "。")
	for _, f := range ExtractFigures(s) {
		switch f.Kind {
		case KindCount, KindMoney, KindPercent, KindMeasure, KindChange:
			// A change too: "地区生产总值增长5.5%左右" on a line of its own
			// is a target, set one a line.
			if f.End == len(s) {
				return true
			}
		}
	}
	return false
}

// endsSentence reports whether a paragraph is complete: it ends with
// sentence-final punctuation, optionally followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune("”’\"')）》]】", r) })
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。!！?？;；:：…", r)
}

// numberedCaptionRe is a chart's or table's numbered caption ("图1 …",
// "表2 …"), and unitNoteRe the line under it giving the unit.
var (
	numberedCaptionRe = regexp.MustCompile(`^附?[图表]\s*[0-9０-９]+[\s　]`)
	unitNoteRe        = regexp.MustCompile(`^[（(]?(计量)?单\s*位\s*[:：]`)
)

// isNumberedCaption reports a short line naming a chart or table, with
// no clause of a sentence in it ("表 1 显示，…" is prose).
func isNumberedCaption(s string) bool {
	return numberedCaptionRe.MatchString(s) && utf8.RuneCountInString(s) <= MaxCaptionRunes && !strings.ContainsAny(s, "，,。；;")
}

// mend joins body paragraphs that the layout broke mid-sentence:
// "贯彻党的" + "十九大、…" → "贯彻党的十九大、…".
func mend(blocks []block) []block {
	out := blocks[:0:0]
	var (
		// head is the opening of out's last block, as much of it as
		// opensAlike reads, and marked whether any of the block is a
		// clause: what parallel read of the whole block, kept as lines
		// are joined instead of read from the block each time.
		head   string
		marked bool
		last   string // the line joined last into out's last block
		// joined is out's last block's text once a line is joined to it.
		// Each line is written onto it, not onto a copy of the text so
		// far, which made mend quadratic in the lines of one paragraph (a
		// list of names set one a line with no full stop is one).
		joined strings.Builder
	)
	for _, b := range blocks {
		// A short line after an unfinished sentence is its continuation,
		// even when it looked like a caption on its own, unless it is the
		// next item of a list (parallel to the block's first line or its
		// last): then it is a body line of its own.
		continues := (b.kind == kindBody || b.kind == kindCaption) && !b.fixed
		if n := len(out); n > 0 && isNumberedCaption(out[n-1].text) && !unitNoteRe.MatchString(b.text) {
			// "图1 2017-2023年周口市粮食总产量" over a chart drawn as an
			// image is no sentence the next paragraph goes on with; the
			// unit line under it ("单位：万吨") is part of it.
			continues = false
		}
		if n := len(out); isSourceLine(b.text) || n > 0 && isSourceLine(out[n-1].text) {
			// A source line within the text (under a chart, a quoted
			// item) is whole: no sentence runs into it or out of it.
			continues = false
		}
		if n := len(out); n > 0 && continues && out[n-1].kind == kindBody && !out[n-1].fixed && !endsSentence(out[n-1].text) {
			// The next item of a numbered list begins a line of its own.
			if !opensAlike(head, marked, b.text) && !parallel(last, b.text) && !numberedOn(last, b.text) {
				sep := ""
				if figureLine(last) && figureLine(b.text) {
					// Highlighted figures set one a line (员工总数1,774人,
					// 劳动合同签约率达100%) are each whole: a clause mark
					// keeps one figure's number from running into the next.
					sep = "；"
				}
				if joined.Len() == 0 {
					joined.WriteString(out[n-1].text)
				}
				joined.WriteString(breakSpace(out[n-1].text, sep+b.text) + sep + b.text)
				out[n-1].text = joined.String() // the builder's bytes, not a copy
				last = b.text
				marked = marked || strings.ContainsAny(sep+b.text, clauseMarks)
				if len(head) < headBytes {
					head = opening(out[n-1].text)
				}
				continue
			}
			b.kind = kindBody
		}
		out = append(out, b)
		// A new builder for the new block: Reset lets go of the bytes the
		// last block's text points into; it does not overwrite them.
		joined.Reset()
		head, marked, last = opening(b.text), strings.ContainsAny(b.text, clauseMarks), b.text
	}
	return out
}

// headBytes is how much of a block's opening opensAlike needs: a bullet
// or two and parallelRunes characters fit in it many times over.
const headBytes = 64

// opening is s up to headBytes, cut at a character's start.
func opening(s string) string {
	if len(s) <= headBytes {
		return s
	}
	end := headBytes
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end]
}

// figureLine reports a short line that ends with the amount it states: a
// highlighted figure, no longer than a caption guessed by its look and
// with no clause mark or full stop (a sentence's clause that a narrow
// column broke after its number has them around it).
func figureLine(s string) bool {
	marks := groupedDigits.ReplaceAllString(s, "$1$2") // 1,774 is one number
	return utf8.RuneCountInString(s) <= maxGuessedCaptionRunes && !strings.ContainsAny(marks, clauseMarks+"。") && StatesAmount(s)
}

// groupedDigits is a comma grouping a number's digits.
var groupedDigits = regexp.MustCompile(`(\d)[,，](\d)`)

// clauseMarks separate the clauses of a sentence.
const clauseMarks = "，,；;、："

// parallelRunes is how many opening characters two lines share when they
// are items of one list ("2024年度，劳动合同签约率100%" and "2024年度，员工
// 离职率不高于30%"): four, a year with 年 or a repeated lead word, more
// than a sentence and its continuation share by chance.
const parallelRunes = 4

// parallel reports whether b opens as a does, bullets aside, and both are
// clauses (a comma or stop inside): the next item of a list the layout
// set one a line, not the rest of a's sentence. A bare label and the text
// it labels ("关键原料 断供风险", "关键原料供应中断…") may open alike too,
// but the label has no clause mark. The opening holds a Chinese character
// or a digit: lines of Latin letters that open alike are as often one
// wrapped sentence.
func parallel(a, b string) bool {
	return opensAlike(opening(a), strings.ContainsAny(a, clauseMarks), b)
}

// opensAlike is parallel for a block known by its opening head and
// whether any of it is a clause (marked).
func opensAlike(head string, marked bool, b string) bool {
	if !marked || !strings.ContainsAny(b, clauseMarks) {
		return false
	}
	a := head
	// The opening parallelRunes runes after any bullet, read without
	// converting the whole line.
	lead := func(s string) string {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		end := 0
		for range parallelRunes {
			if end == len(s) {
				return "" // shorter than an opening
			}
			_, size := utf8.DecodeRuneInString(s[end:])
			end += size
		}
		return s[:end]
	}
	la := lead(a)
	return la != "" && la == lead(b) && strings.ContainsFunc(la, func(r rune) bool { return isHan(r) || unicode.IsDigit(r) })
}

// breakSpace is what goes between the halves a and b of a broken
// sentence when joined: nothing in Chinese, a space between Latin words
// or numbers.
func breakSpace(a, b string) string {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if isLatinOrDigit(ra) && isLatinOrDigit(rb) {
		return " "
	}
	return ""
}

func isLatinOrDigit(r rune) bool { return r < 0x3000 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// splitParagraph cuts a long paragraph into passages on sentence boundaries.
func splitParagraph(p string) []string {
	if utf8.RuneCountInString(p) <= maxPassageRunes {
		return []string{p}
	}
	var sentences []string
	for _, s := range splitSentences(p) {
		sentences = append(sentences, splitLong(s)...)
	}
	var (
		out []string
		cur strings.Builder
		n   int
	)
	for _, s := range sentences {
		sn := utf8.RuneCountInString(s)
		if n > 0 && n+sn > targetPassageRunes && !(n+sn <= maxPassageRunes && n < targetPassageRunes/3) {
			out = append(out, cur.String())
			cur.Reset()
			n = 0
		}
		cur.WriteString(s)
		n += sn
	}
	if n > 0 {
		// A short tail reads better with the passage before it.
		if last := len(out) - 1; last >= 0 && n < targetPassageRunes/4 && utf8.RuneCountInString(out[last])+n <= maxPassageRunes {
			out[last] += cur.String()
		} else {
			out = append(out, cur.String())
		}
	}
	return out
}

// splitLong cuts a sentence longer than maxPassageRunes, which only text
// without punctuation has: after a comma or enumeration mark once the piece
// is targetPassageRunes long, or at maxPassageRunes, never inside a number
// or a figure ("1234.5万|元" would leave one piece a count, the next a
// unit, and a table row's figure, kept only within a piece, in neither).
func splitLong(s string) []string {
	if utf8.RuneCountInString(s) <= maxPassageRunes {
		return []string{s}
	}
	rs := []rune(s)
	at := make([]int, 0, len(rs)+1) // the byte offset of each rune, and the end
	for i := range s {
		at = append(at, i)
	}
	at = append(at, len(s))
	// noCut[i]: no cut between rs[i-1] and rs[i].
	noCut := make([]bool, len(rs)+1)
	for i := 1; i < len(rs); i++ {
		noCut[i] = inNumber(rs, i-1) && inNumber(rs, i)
	}
	for _, f := range ExtractFigures(s) {
		for i, _ := slices.BinarySearch(at, f.Start+1); at[i] < f.End; i++ {
			noCut[i] = true
		}
	}
	var out []string
	start := 0
	for start < len(rs) {
		if len(rs)-start <= maxPassageRunes {
			out = append(out, s[at[start]:])
			break
		}
		cut := start + maxPassageRunes
		for i := start + targetPassageRunes; i < start+maxPassageRunes; i++ {
			if strings.ContainsRune(",，、:：", rs[i]) && !noCut[i+1] {
				cut = i + 1
				break
			}
		}
		// Back to before the number or figure the cut falls in; one
		// longer than a passage is cut at the limit all the same.
		if c := cut; noCut[c] {
			for c > start+1 && noCut[c] {
				c--
			}
			if !noCut[c] {
				cut = c
			}
		}
		out = append(out, s[at[start]:at[cut]])
		start = cut
	}
	return out
}

// inNumber reports a rune that is part of a number: a digit, a point, or
// a thousands separator between digits ("4,459.32", "60，337").
func inNumber(rs []rune, i int) bool {
	r := rs[i]
	if defaultGrammar.IsThousandsSeparator(r) {
		return i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1])
	}
	return unicode.IsDigit(r) || r == '.'
}

// splitSentences splits after 。!?; (and their ASCII forms), keeping the
// punctuation and any closing quote with the sentence. Numbers like "5.41"
// are never split because "." is not a boundary. The offsets are the
// text's own, so a byte that is no UTF-8 cuts nothing out of place.
func splitSentences(p string) []string {
	var out []string
	start := 0
	closing := false // a sentence's stop is read; closing marks may follow
	for i, r := range p {
		// Closing quotes and repeated marks ("!”", "?!") stay with the
		// sentence.
		if closing && !strings.ContainsRune("”’\"」』)）!！?？", r) {
			out = append(out, p[start:i])
			start, closing = i, false
		}
		if strings.ContainsRune("。!！?？;；", r) {
			closing = true
		}
	}
	if start < len(p) {
		out = append(out, p[start:])
	}
	return out
}

// Shorten cuts s to at most n runes, marking a cut with "…".
func Shorten(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}

func itoa(n int) string { return strconv.Itoa(n) }
