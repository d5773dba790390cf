package extract

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// extractMarkdown reads Markdown with goldmark (CommonMark plus GitHub's
// tables): headings become paragraphs of their own, images
// ![caption](file.jpg) become Images whose caption is also a paragraph,
// and lists, emphasis, links and code are reduced to their text. A YAML
// front matter "title:" gives the title; else the first heading does.
func extractMarkdown(ctx context.Context, data []byte, opt Options) (Document, error) {
	s, err := decodeText(data)
	if err != nil {
		return Document{}, err
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	meta, body := frontMatter(s)
	src := []byte(limitNesting(body))
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	root := md.Parser().Parse(text.NewReader(src))
	budget := opt.maxBytes()
	w := &mdWalker{ctx: ctx, src: src, b: newBuilder(), budget: &budget}
	w.block(root, 0)
	if err := ctx.Err(); err != nil {
		return Document{}, err
	}
	title := meta
	if title == "" {
		title = w.h1
	}
	if title == "" {
		title = w.b.firstHeading
	}
	var doc Document
	if meta != "" {
		doc = w.b.document(meta, true)
	} else {
		doc = w.b.document(title, false)
	}
	doc.Title = cleanPara(title)
	return doc, nil
}

// frontMatter splits off a leading YAML block and returns its title.
func frontMatter(s string) (title, body string) {
	s = strings.TrimPrefix(s, "\ufeff")
	// Blank lines before the block are tolerated: pages saved by site
	// generators and crawlers often start with one.
	if trimmed := strings.TrimLeft(s, " \t\n"); strings.HasPrefix(trimmed, "---\n") {
		s = trimmed
	}
	if !strings.HasPrefix(s, "---\n") {
		return "", s
	}
	end := strings.Index(s[4:], "\n---")
	if end < 0 || strings.Count(s[4:4+end], "\n") > 50 {
		return "", s
	}
	for _, line := range strings.Split(s[4:4+end], "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "title" {
			title = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	rest := s[4+end+4:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[i+1:]
	} else {
		rest = ""
	}
	return title, rest
}

// Limits on Markdown structure. goldmark takes time quadratic in the depth
// of nested block quotes and lists and in the length of a paragraph full of
// unclosed links, so a few hundred kilobytes of "> > >" or "[a](" would
// take minutes; no report comes near these limits.
const (
	maxMarkdownMarkers = 16      // container markers ("> ", "- ", "1. ") at a line's start
	maxMarkdownIndent  = 64      // columns of leading white space
	maxMarkdownBlock   = 4 << 10 // bytes in one paragraph
)

// containerPrefix matches the block quote and list markers starting a line.
var containerPrefix = regexp.MustCompile(`^(?:[ \t]*(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)))+`)

// limitNesting flattens lines nested deeper than any report would be (too
// many container markers are dropped, too deep an indent is cut) and
// breaks paragraphs longer than maxMarkdownBlock.
func limitNesting(s string) string {
	lines := strings.Split(s, "\n")
	block := 0
	var out strings.Builder
	out.Grow(len(s))
	for i, line := range lines {
		if p := containerPrefix.FindString(line); len(p) > 2*maxMarkdownMarkers {
			markers := 0
			for _, c := range p {
				if strings.ContainsRune(">-*+.)", c) {
					markers++
				}
			}
			if markers > maxMarkdownMarkers {
				line = line[len(p):]
			}
		}
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		if indent > maxMarkdownIndent {
			line = strings.Repeat(" ", maxMarkdownIndent) + line[indent:]
		}
		if i > 0 {
			out.WriteByte('\n')
		}
		if strings.TrimSpace(line) == "" {
			block = 0
		} else if block += len(line); block > maxMarkdownBlock {
			out.WriteByte('\n') // a blank line ends the paragraph
			block = len(line)
		}
		for len(line) > maxMarkdownBlock {
			cut := maxMarkdownBlock
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			out.WriteString(line[:cut])
			out.WriteString("\n\n")
			line = line[cut:]
			block = len(line)
		}
		out.WriteString(line)
	}
	return out.String()
}

// mdWalker turns goldmark's syntax tree into paragraphs and images.
type mdWalker struct {
	ctx    context.Context
	src    []byte
	b      *builder
	budget *int64
	h1     string
	steps  int
}

func (w *mdWalker) block(n ast.Node, depth int) {
	w.steps++
	if depth > maxHTMLDepth || (w.steps%1024 == 0 && w.ctx.Err() != nil) {
		return
	}
	switch n := n.(type) {
	case *ast.Heading:
		var sb strings.Builder
		w.inline(n, &sb, nil)
		h := cleanPara(sb.String())
		if n.Level == 1 && w.h1 == "" {
			w.h1 = h
		}
		w.b.heading(h)
	case *ast.Paragraph, *ast.TextBlock:
		var sb strings.Builder
		w.inline(n, &sb, func() { w.b.para(sb.String()); sb.Reset() })
		w.b.para(sb.String())
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			w.b.para(string(seg.Value(w.src)))
		}
	case *ast.HTMLBlock:
		var sb strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			sb.Write(seg.Value(w.src))
		}
		if n.HasClosure() {
			sb.Write(n.ClosureLine.Value(w.src))
		}
		htmlFragment(w.ctx, sb.String(), w.b, w.budget)
	case *east.Table:
		var rows [][]string
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				var sb strings.Builder
				w.inline(cell, &sb, nil)
				cells = append(cells, cleanPara(sb.String()))
			}
			rows = append(rows, cells)
		}
		// Markdown tables always have a header row; they have no spans.
		if g, ok := plainTable(rows); ok {
			addRows(w.b, g)
			break
		}
		for _, cells := range rows { // too wide for data: its text
			w.b.para(strings.Join(cells, " "))
		}
	case *ast.ThematicBreak:
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			w.block(c, depth+1)
		}
	}
}

// inline writes the text of n's inline children to sb. At an image or a
// hard line break it calls brk (if non-nil) to end the paragraph so far.
func (w *mdWalker) inline(n ast.Node, sb *strings.Builder, brk func()) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			sb.Write(w.unescape(c.Value(w.src), c.IsRaw()))
			switch {
			case c.HardLineBreak() && brk != nil:
				brk()
			case c.SoftLineBreak() || c.HardLineBreak():
				sb.WriteByte('\n')
			}
		case *ast.String:
			sb.Write(w.unescape(c.Value, c.IsRaw() || c.IsCode()))
		case *ast.AutoLink:
			sb.Write(c.Label(w.src))
		case *ast.RawHTML:
			raw := strings.ToLower(string(c.Segments.Value(w.src)))
			switch {
			case strings.HasPrefix(raw, "<br") && brk != nil:
				brk()
			case strings.HasPrefix(raw, "<br"):
				// A line break in a table cell or heading: "12.5<br>13.0"
				// is two figures, not 12.513.0.
				sb.WriteByte('\n')
			case strings.HasPrefix(raw, "<img"):
				if brk != nil {
					brk()
				}
				htmlFragment(w.ctx, string(c.Segments.Value(w.src)), w.b, w.budget)
			}
		case *ast.Image:
			if brk == nil { // an image in a heading or table: its alt text only
				w.inline(c, sb, nil)
				continue
			}
			brk()
			var alt strings.Builder
			w.inline(c, &alt, nil)
			dest := string(c.Destination)
			data, ext := dataURI(dest, w.budget)
			img := Image{Name: imageName(dest, len(w.b.images)+1, ext), Caption: alt.String(), Data: data}
			w.b.image(img, string(c.Title))
		default:
			w.inline(c, sb, brk)
		}
	}
}

// unescape resolves backslash escapes and character references, and drops
// emphasis markers goldmark left as text (CommonMark does not close "**"
// next to Chinese punctuation, as in **“夏送清凉”**到基层).
func (w *mdWalker) unescape(v []byte, raw bool) []byte {
	if raw {
		return v
	}
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	v = util.ResolveEntityNames(v)
	v = bytes.ReplaceAll(v, []byte("**"), nil)
	return bytes.ReplaceAll(v, []byte("__"), nil)
}
