package extract

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// maxHTMLDepth bounds how deep the walk descends into nested elements.
const maxHTMLDepth = 512

// extractHTML reads a saved web page, such as a newspaper article: the
// title from its headline, the text of the article element (or of the
// element holding most paragraph text), without navigation, headers,
// footers, side bars and scripts.
func extractHTML(ctx context.Context, data []byte, opt Options) (Document, error) {
	s, err := decodeHTML(data)
	if err != nil {
		return Document{}, err
	}
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return Document{}, fmt.Errorf("%w: broken HTML: %s", ErrUndecodable, oneLine(err.Error()))
	}
	article := articleRoot(root)
	title, headline := htmlTitle(root, article)
	budget := opt.maxBytes()
	w := &htmlWalker{ctx: ctx, b: newBuilder(), title: title, budget: &budget, links: countLinks(article), root: article}
	if headline != nil && isAncestor(article, headline) {
		// What precedes the headline in the article's container is the
		// column name and breadcrumb, not the article.
		w.until = headline
	}
	w.walk(article, 0)
	w.flush(false)
	if err := ctx.Err(); err != nil {
		return Document{}, err
	}
	return w.b.document(title, true), nil
}

// decodeHTML converts a page to UTF-8: by its byte-order mark; as UTF-8 if
// it is valid UTF-8 (pages are often re-saved as UTF-8 with the old meta
// tag left in); else by its <meta> charset, GBK and GB2312 read as their
// superset GB18030; else as GB18030 if plausible, else as Windows-1252.
func decodeHTML(data []byte) (string, error) {
	if hasPrefix(data, "\xef\xbb\xbf") || hasPrefix(data, "\xff\xfe") || hasPrefix(data, "\xfe\xff") {
		return decodeText(data)
	}
	if err := checkBinary(data); err != nil {
		return "", err
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	enc, name, _ := charset.DetermineEncoding(data[:min(len(data), 8192)], "")
	switch name {
	case "gbk", "gb18030", "gb2312":
		u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return "", fmt.Errorf("%w: invalid %s page: %s", ErrUndecodable, name, oneLine(err.Error()))
		}
		return string(u), nil
	case "windows-1252":
		// Declared or, more likely for a Chinese page, the default.
		if s, ok := decodeGB18030(data); ok {
			return s, nil
		}
	}
	u, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("%w: invalid %s page: %s", ErrUndecodable, name, oneLine(err.Error()))
	}
	return string(u), nil
}

// articleRoot returns the element holding the article: the <article> (or
// itemprop=articleBody element) with most paragraph text, else the element
// whose <p> children hold most text, else <body>.
func articleRoot(doc *html.Node) *html.Node {
	body := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = doc
	}
	// Text outside links per element, counted once: the walks below would
	// otherwise recount every element's text for each of its ancestors
	// (250 nested <article>s over 5,000 paragraphs took seconds).
	st := countLinks(body)
	plain := func(n *html.Node) int { c := st[n]; return c[0] - c[1] }
	// Each article's paragraph text: every counted <p> adds its text to
	// the articles above it.
	isArticle := func(n *html.Node) bool {
		return n.Type == html.ElementNode && (n.DataAtom == atom.Article || attr(n, "itemprop") == "articleBody")
	}
	articleText := map[*html.Node]int{}
	for n := range body.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.P {
			continue
		}
		if _, counted := st[n]; !counted {
			continue // skipped, or too deep
		}
		for a := n; a != nil; a = a.Parent {
			if isArticle(a) {
				articleText[a] += plain(n)
			}
		}
	}
	var best *html.Node
	bestLen := 0
	for n := range body.Descendants() {
		if isArticle(n) && !skipped(n, false) {
			if l := articleText[n]; l > bestLen {
				best, bestLen = n, l
			}
		}
	}
	if best != nil && bestLen >= 50 {
		return best
	}
	score := map[*html.Node]int{}
	for n := range body.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.P || n.Parent == nil {
			continue
		}
		if _, counted := st[n]; !counted {
			continue // skipped, or too deep
		}
		l := plain(n)
		score[n.Parent] += l
		if gp := n.Parent.Parent; gp != nil {
			score[gp] += l / 2
		}
	}
	for n, s := range score {
		if s > bestLen || (s == bestLen && best != nil && n.Parent == best) {
			best, bestLen = n, s
		}
	}
	if best == nil || bestLen < 100 {
		return body
	}
	// Take in the headline and lead above the paragraphs' container, as
	// long as the parent adds little text of its own.
	own := plain(best)
	for p := best.Parent; p != nil && p != body && p.Type == html.ElementNode; p = p.Parent {
		if plain(p) > own+own/5 {
			break
		}
		best = p
	}
	return best
}

// plainRunes counts the text of n outside links, which is navigation more
// often than article text, and outside skipped elements.
func plainRunes(n *html.Node) int {
	total := 0
	for d := range n.Descendants() {
		if d.Type == html.TextNode && !insideLink(d, n) && !skipped(d, false) {
			total += utf8.RuneCountInString(strings.TrimSpace(d.Data))
		}
	}
	return total
}

func insideLink(n, stop *html.Node) bool {
	for p := n.Parent; p != nil && p != stop; p = p.Parent {
		if p.DataAtom == atom.A {
			return true
		}
	}
	return false
}

// htmlTitle returns the headline: the heading (h1-h3) that repeats the
// page's og:title or <title> or starts it (CMS titles read "标题--栏目-站名"),
// else the first <h1> in the article, else the first <h1> outside
// navigation that is not just a link (a site logo), else og:title, else
// <title> without the site name. The node is the headline's heading, or
// nil when the title came from metadata.
func htmlTitle(doc, article *html.Node) (string, *html.Node) {
	var meta, page string
	if m := findFirst(doc, func(n *html.Node) bool {
		return n.DataAtom == atom.Meta && (attr(n, "property") == "og:title" || attr(n, "name") == "title") && attr(n, "content") != ""
	}); m != nil {
		meta = cleanPara(attr(m, "content"))
	}
	if t := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Title }); t != nil && t.FirstChild != nil {
		page = cleanPara(t.FirstChild.Data) // <title> holds only text
	}
	if h := findFirst(doc, func(n *html.Node) bool {
		if n.DataAtom != atom.H1 && n.DataAtom != atom.H2 && n.DataAtom != atom.H3 {
			return false
		}
		t := textOf(n)
		return t != "" && (t == meta || t == page || t == siteless(page) ||
			(utf8.RuneCountInString(t) >= minTitleRunes && strings.HasPrefix(page, t)) ||
			headedBy(t, meta) || headedBy(t, siteless(page))) && !skipped(n, true)
	}); h != nil {
		t := textOf(h)
		for _, title := range []string{meta, siteless(page)} {
			if headedBy(t, title) {
				return title, h
			}
		}
		return t, h
	}
	isH1 := func(n *html.Node) bool {
		return n.DataAtom == atom.H1 && !skipped(n, true) && plainRunes(n) > 0
	}
	if h := findFirst(article, isH1); h != nil {
		return textOf(h), h
	}
	if h := findFirst(doc, isH1); h != nil {
		return textOf(h), h
	}
	if meta != "" {
		return meta, nil
	}
	return siteless(page), nil
}

// headedBy reports a headline that opens with the page's title and goes on
// with the article's date line: sites put the date, the source and the
// font-size buttons inside the headline's element ("关于…的报告 2026-05-15
// 来源：上海市财政局 字号：大 中 小").
func headedBy(headline, title string) bool {
	return utf8.RuneCountInString(title) >= minTitleRunes && len(headline) > len(title) &&
		strings.HasPrefix(headline, title) && dateLine.MatchString(headline[len(title):])
}

// maxDateLineRunes is the most a headline may hold beyond its title and
// still be skipped whole: a date, a source and a few buttons
// ("2026-05-15 来源：上海市财政局 字号：大 中 小" is 27). A headline
// element left unclosed holds the article after it, which is text.
const maxDateLineRunes = 80

// dateLine is the start of an article's date line: a date, or a source or
// publication label.
var dateLine = regexp.MustCompile(`^\s*(?:\d{4}\s*[-/.年]\s*\d{1,2}|(?:来源|发布时间|发布日期|时间|日期)\s*[:：])`)

// minTitleRunes is the shortest heading taken for the headline because
// <title> starts with it: shorter ones ("首页", a column name) are not
// headlines.
const minTitleRunes = 4

// siteless drops the site and column names from a <title> such as
// "标题 - 贵州日报" or "标题--学习专栏-绍兴市第一中学": they follow the first
// separator. A lone "-" is no separator: headlines hold them ("6月11日-6月18日").
func siteless(t string) string {
	for _, sep := range []string{"--", " - ", " – ", " — ", "_", "|", "｜", " -- "} {
		if i := strings.Index(t, sep); i >= 0 && utf8.RuneCountInString(strings.TrimSpace(t[:i])) >= minTitleRunes {
			return strings.TrimSpace(t[:i])
		}
	}
	return t
}

// skipAtoms are elements whose content is never article text. Not
// <form>, which skipElement skips unless it wraps the page: an ASP.NET
// page (.aspx, common on Chinese government and school sites) wraps its
// whole body in one.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Nav: true,
	atom.Aside: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Canvas: true,
	atom.Video: true, atom.Audio: true, atom.Map: true, atom.Head: true, atom.Input: true, atom.Dialog: true,
}

// skipped reports whether n is, or is inside, content that is not the
// article: navigation, scripts, hidden elements, and page headers and
// footers (not those of an <article>). With pageOnly, only page parts
// count (for finding the headline).
func skipped(n *html.Node, pageOnly bool) bool {
	for p := n; p != nil; p = p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		if skipElement(p, pageOnly) {
			return true
		}
	}
	return false
}

// skipElement reports an element whose content is not article text.
func skipElement(n *html.Node, pageOnly bool) bool {
	switch {
	case skipAtoms[n.DataAtom] && !(pageOnly && n.DataAtom != atom.Nav && n.DataAtom != atom.Aside):
		return true
	case n.DataAtom == atom.Form && !pageOnly:
		// A form is a search box or a comment form ("您的昵称：验证码："),
		// unless it is the page's own wrapper, a child of <body>.
		return n.Parent == nil || n.Parent.DataAtom != atom.Body
	case n.DataAtom == atom.Header || n.DataAtom == atom.Footer:
		return !insideArticle(n)
	case hidden(n):
		return true
	}
	return false
}

func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || attr(p, "itemprop") == "articleBody" {
			return true
		}
	}
	return false
}

func hidden(n *html.Node) bool {
	if _, ok := hasAttr(n, "hidden"); ok || attr(n, "aria-hidden") == "true" {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

// htmlWalker turns the article's elements into paragraphs and images.
type htmlWalker struct {
	ctx    context.Context
	b      *builder
	title  string
	budget *int64 // bytes left for image data
	buf    strings.Builder
	steps  int
	figure *figureState // non-nil inside <figure>
	links  linkStats    // text and link text per element; nil: keep all
	root   *html.Node   // the article root, never dropped as navigation
	until  *html.Node   // while set, output is dropped until this node
	lines  int          // depth of headings and list items being read: a <br> in one breaks a line, not the block
}

func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// figureState collects a <figure>'s images until its caption is known.
type figureState struct {
	imgs []Image
	alts []string
}

// blockAtoms are elements that start and end a paragraph.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Blockquote: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true, atom.Pre: true,
	atom.Center: true, atom.Address: true, atom.Hr: true, atom.Figcaption: true, atom.Header: true,
	atom.Footer: true, atom.Body: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Details: true,
	atom.Summary: true, atom.Fieldset: true, atom.Legend: true, atom.Hgroup: true,
}

func isHeadingAtom(a atom.Atom) bool {
	return a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6
}

func (w *htmlWalker) walk(n *html.Node, depth int) {
	w.steps++
	if depth > maxHTMLDepth || (w.steps%4096 == 0 && w.ctx.Err() != nil) {
		return
	}
	if n == w.until {
		w.buf.Reset()
		w.until = nil
		if t := textOf(n); headedBy(t, w.title) && utf8.RuneCountInString(t)-utf8.RuneCountInString(w.title) <= maxDateLineRunes {
			return // the title leads the blocks; the date line is no text
		}
	}
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
		w.children(n, depth)
		return
	default:
		return
	}
	switch {
	case skipElement(n, false):
		return
	case w.links != nil && n != w.root && w.links.navigation(n):
		w.flush(false)
		return
	case n.DataAtom == atom.Br && w.lines > 0:
		w.buf.WriteByte('\n')
	case n.DataAtom == atom.Br:
		w.flush(false)
	case n.DataAtom == atom.Img:
		w.img(n)
	case n.DataAtom == atom.Figure && w.figure == nil:
		w.flush(false)
		w.figure = &figureState{}
		var caption string
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Figcaption {
				caption += " " + textOf(c)
				continue
			}
			w.walk(c, depth+1)
		}
		w.flush(false)
		f := w.figure
		w.figure = nil
		w.b.figure(f.imgs, f.alts, caption)
	case isHeadingAtom(n.DataAtom), w.links != nil && boldHeading(n):
		w.flush(false)
		w.lines++
		w.children(n, depth)
		w.lines--
		w.flushAs(corpus.BlockHeading, headingLevel(n))
	case n.DataAtom == atom.Table && (w.until == nil || !isAncestor(n, w.until)) && w.dataTable(n):
		// A table holding the headline still awaited is read as blocks:
		// read as data, the walk never reached the headline, and every
		// block after it was dropped as coming before it.
	case n.DataAtom == atom.Li:
		w.flush(false)
		w.lines++
		w.children(n, depth)
		w.lines--
		w.flushAs(corpus.BlockListItem, 0)
	case blockAtoms[n.DataAtom]:
		w.flush(false)
		w.children(n, depth)
		w.flush(false)
	default:
		w.children(n, depth)
	}
}

// dataTable adds the rows of a table of data and reports whether it was
// one; any other table is read as blocks.
func (w *htmlWalker) dataTable(n *html.Node) bool {
	g, ok := dataTable(n)
	if ok {
		w.flush(false)
		// The rows are read from their cells only: the table's caption
		// (its title, often with the unit: "表1 …（单位：亿元）") is a
		// paragraph before them.
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Caption {
				w.buf.WriteString(textOf(c))
				w.flush(false)
			}
		}
		addRows(w.b, g)
	}
	return ok
}

func (w *htmlWalker) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, depth+1)
	}
}

// flush ends the paragraph being collected.
func (w *htmlWalker) flush(heading bool) {
	if heading {
		w.flushAs(corpus.BlockHeading, 0)
	} else {
		w.flushAs(corpus.BlockParagraph, 0)
	}
}

// flushAs ends the block being collected as one of kind. Page furniture
// (a breadcrumb, a print button, a hit counter) is dropped.
func (w *htmlWalker) flushAs(kind corpus.BlockKind, level int) {
	s := w.buf.String()
	w.buf.Reset()
	if w.until != nil || (w.links != nil && isFurniture(cleanPara(s))) {
		return
	}
	if kind == corpus.BlockHeading {
		w.b.headingLevel(s, level)
	} else {
		w.b.paraKind(kind, s)
	}
}

// headingLevel is 1-6 for <h1>-<h6>, 0 for a bold paragraph.
func headingLevel(n *html.Node) int {
	if isHeadingAtom(n.DataAtom) {
		return int(n.Data[1] - '0')
	}
	return 0
}

// img records an image; inside a <figure> it waits for the caption.
func (w *htmlWalker) img(n *html.Node) {
	if w.until != nil {
		return // a logo or banner above the headline
	}
	src := attr(n, "src")
	for _, lazy := range []string{"data-src", "data-original", "data-lazy-src", "data-actualsrc"} {
		if v := attr(n, lazy); v != "" {
			src = v
			break
		}
	}
	if src == "" || tiny(attr(n, "width")) || tiny(attr(n, "height")) {
		return
	}
	data, ext := dataURI(src, w.budget)
	img := Image{Name: imageName(src, len(w.b.images)+1, ext), Data: data}
	alt := attr(n, "alt")
	if alt == "" {
		alt = attr(n, "title")
	}
	if junkAlt(alt, w.title) {
		alt = ""
	}
	if w.figure != nil {
		w.figure.imgs = append(w.figure.imgs, img)
		w.figure.alts = append(w.figure.alts, alt)
		return
	}
	w.flush(false)
	w.b.image(img, alt)
}

// tiny reports a width or height of a tracking pixel.
func tiny(v string) bool {
	v = strings.TrimSuffix(strings.TrimSpace(v), "px")
	return v == "0" || v == "1" || v == "2"
}

// textOf returns the visible text of n as one paragraph; a <br> in it
// ("12.5<br>13.0" in a table cell) is a line break, which cleanPara
// makes a space between words and nothing between Chinese characters.
func textOf(n *html.Node) string {
	var sb strings.Builder
	for d := range n.Descendants() {
		switch {
		case d.Type == html.TextNode && !skipped(d, false):
			sb.WriteString(d.Data)
		case d.Type == html.ElementNode && d.DataAtom == atom.Br:
			sb.WriteByte('\n')
		}
	}
	return cleanPara(sb.String())
}

func findFirst(n *html.Node, match func(*html.Node) bool) *html.Node {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			return d
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	v, _ := hasAttr(n, key)
	return v
}

func hasAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return strings.TrimSpace(a.Val), true
		}
	}
	return "", false
}

// htmlFragment adds the paragraphs and images of raw HTML found inside
// another format (an HTML block in Markdown).
func htmlFragment(ctx context.Context, s string, b *builder, budget *int64) {
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return
	}
	w := &htmlWalker{ctx: ctx, b: b, budget: budget}
	w.walk(root, 0)
	w.flush(false)
}
