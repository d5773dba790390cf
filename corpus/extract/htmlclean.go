package extract

// Page furniture inside an article's container. News and school sites
// (and the CMSs they run on) put the breadcrumb, a "recommended" list, the
// hit counter, print and close buttons, previous/next links and the
// editor's name in the same element as the article text, so choosing the
// container is not enough: link-dense blocks and known furniture lines
// are dropped from inside it.

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxLinkShare is the share of a block's text in links above which the
// block is navigation (a menu, a list of other articles, previous/next
// links), not article text. An article paragraph with a link or two stays
// far below it; "上一篇：<a>标题</a>[06-20]" and a related-articles list are
// well above.
const maxLinkShare = 0.5

// maxFurnitureRunes is the longest line dropped as furniture: such lines
// are short, and a long paragraph that happens to start like one is text.
const maxFurnitureRunes = 100

// furniture matches lines of page furniture: breadcrumbs, buttons, hit
// counters, previous/next links, sharing, and the editor and reviewer
// credits that Chinese sites print under an article.
var furniture = regexp.MustCompile(`^(当前位置|您的位置|您现在的位置|现在位置|所在位置)\s*[:：]` +
	`|^[【\[]?\s*(打印正文|打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|加入收藏|返回顶部|返回首页|返回列表|我要纠错)\s*[】\]]?$` +
	`|^[【\[]?\s*(上一篇|下一篇|上一条|下一条|上篇|下篇)\s*[:：】\]]` +
	`|(点击数|点击量|点击率|浏览次数|浏览量|阅读次数|阅读量|访问量|访问次数)\s*[:：]` +
	`|^[(（\[【]?\s*(责任编辑|编辑|编审|审核|审校|校对|责编|初审|复审|终审|监制|值班编辑|一审|二审|三审)\s*[:：]` +
	`|^(分享到|分享\s*[:：]$|扫一扫|字号|【字体)` +
	`|版权所有|Copyright|ICP备|ICP证|公网安备|^(技术支持|主办单位|承办单位|网站标识码)\s*[:：]|^地址\s*[:：].*(电话|邮编)`)

// isFurniture reports a short paragraph that is page furniture. A
// sentence is not: "全年阅读量：1.2亿次。" is a report's figure.
func isFurniture(s string) bool {
	last, _ := utf8.DecodeLastRuneInString(s)
	return utf8.RuneCountInString(s) <= maxFurnitureRunes && !strings.ContainsRune("。！？!?", last) && furniture.MatchString(s)
}

// containerAtoms are the elements judged by their link share: containers
// of blocks, not paragraphs, whose one link may be all they hold.
var containerAtoms = map[atom.Atom]bool{
	atom.Div: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true, atom.Section: true,
	atom.Header: true, atom.Footer: true, atom.Td: true, atom.Tr: true, atom.Tbody: true, atom.Center: true,
}

// linkStats counts, for every element under root, its visible text and
// the part of it inside links, in one pass.
type linkStats map[*html.Node][2]int

func countLinks(root *html.Node) linkStats {
	st := linkStats{}
	var walk func(n *html.Node, inLink bool, depth int) (all, linked int)
	walk = func(n *html.Node, inLink bool, depth int) (all, linked int) {
		if depth > maxHTMLDepth {
			return 0, 0
		}
		switch n.Type {
		case html.TextNode:
			c := utf8.RuneCountInString(strings.TrimSpace(n.Data))
			if inLink {
				return c, c
			}
			return c, 0
		case html.ElementNode:
			if skipElement(n, false) {
				return 0, 0
			}
			inLink = inLink || n.DataAtom == atom.A
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			a, l := walk(c, inLink, depth+1)
			all += a
			linked += l
		}
		if n.Type == html.ElementNode {
			st[n] = [2]int{all, linked}
		}
		return all, linked
	}
	walk(root, false, 0)
	return st
}

// navigation reports a container whose text is mostly links.
func (st linkStats) navigation(n *html.Node) bool {
	if !containerAtoms[n.DataAtom] {
		return false
	}
	c := st[n]
	return c[0] > 0 && float64(c[1]) > maxLinkShare*float64(c[0])
}

// maxBoldHeadingRunes is the longest bold-only paragraph taken for a
// heading: "一、过去五年的主要工作"; a longer bold paragraph is emphasis.
const maxBoldHeadingRunes = 40

// boldHeading reports a paragraph all of whose text is bold (<strong>,
// <b>, or a bold font-weight), short and not a sentence: the way CMS
// editors and Word pasted into them mark headings.
func boldHeading(p *html.Node) bool {
	if p.DataAtom != atom.P {
		return false
	}
	text := textOf(p)
	if text == "" || utf8.RuneCountInString(text) > maxBoldHeadingRunes || endsSentence(text) {
		return false
	}
	for d := range p.Descendants() {
		if d.Type == html.TextNode && strings.TrimSpace(d.Data) != "" && !skipped(d, false) && !insideBold(d, p) {
			return false
		}
	}
	return true
}

func insideBold(n, stop *html.Node) bool {
	for p := n.Parent; p != nil && p != stop.Parent; p = p.Parent {
		if p.DataAtom == atom.Strong || p.DataAtom == atom.B {
			return true
		}
		style := strings.ReplaceAll(strings.ToLower(attr(p, "style")), " ", "")
		if strings.Contains(style, "font-weight:bold") || strings.Contains(style, "font-weight:700") {
			return true
		}
	}
	return false
}

// maxCellRunes is the longest cell of a data table. Old sites lay out
// whole pages with tables; a cell holding a paragraph or more marks such
// a layout table, whose cells are read as ordinary blocks.
const maxCellRunes = 100

// dataTable lays out a table of data: two rows or more of two cells or
// more, no table or paragraph inside a cell, no long cell; ok is false
// for any other table.
func dataTable(t *html.Node) (g tableGrid, ok bool) {
	for d := range t.Descendants() {
		if d.Type == html.ElementNode && (d.DataAtom == atom.Table || d.DataAtom == atom.P || d.DataAtom == atom.Div || d.DataAtom == atom.Img) {
			return tableGrid{}, false
		}
	}
	g, ok = layoutTable(htmlCells(t))
	if !ok || len(g.slots) < 2 || !g.wide() || g.longest() > maxCellRunes {
		return tableGrid{}, false
	}
	return g, true
}

// htmlCells returns a table's cells row by row with their spans (rows of
// nested tables excluded).
func htmlCells(t *html.Node) [][]tableCell {
	var rows [][]tableCell
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > maxHTMLDepth {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type != html.ElementNode || skipElement(c, false):
			case c.DataAtom == atom.Table:
			case c.DataAtom == atom.Tr:
				var row []tableCell
				for cell := c.FirstChild; cell != nil; cell = cell.NextSibling {
					if cell.Type == html.ElementNode && (cell.DataAtom == atom.Td || cell.DataAtom == atom.Th) {
						row = append(row, tableCell{text: textOf(cell), rows: rowSpan(attr(cell, "rowspan")), cols: colSpan(attr(cell, "colspan"))})
					}
				}
				rows = append(rows, row)
			default:
				walk(c, depth+1)
			}
		}
	}
	walk(t, 0)
	return rows
}

// colSpan reads a colspan attribute as the HTML standard does: digits
// (anything after them ignored), 1 when missing, 0 or unreadable.
func colSpan(v string) int {
	n := leadingInt(v)
	if n < 1 {
		return 1
	}
	return n
}

// rowSpan reads a rowspan attribute: 0 spans to the end of the table
// (-1), and a missing or unreadable one is 1.
func rowSpan(v string) int {
	n := leadingInt(v)
	switch {
	case n == 0 && strings.HasPrefix(strings.TrimLeft(v, "+"), "0"):
		return -1
	case n < 1:
		return 1
	}
	return n
}

// maxSpan is the largest span read: the HTML standard clamps rowspan to
// 65534 (and colspan to 1000); the table model clips both further.
const maxSpan = 65534

// leadingInt reads the digits at the start of v ("2", "3px" → 3); -1
// when there are none.
func leadingInt(v string) int {
	v = strings.TrimLeft(strings.TrimSpace(v), "+")
	n, digits := 0, 0
	for _, r := range v {
		if r < '0' || r > '9' {
			break
		}
		n = min(n*10+int(r-'0'), maxSpan)
		digits++
	}
	if digits == 0 {
		return -1
	}
	return n
}
