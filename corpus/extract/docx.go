package extract

// DOCX is read with archive/zip and encoding/xml, not a library. Of the
// maintained candidates on the module proxy, github.com/fumiama/go-docx is
// AGPL-3.0 (more than this project can take on) and does not read
// styles.xml, so it can't tell that style "1" is "heading 1" in a Chinese
// Word; github.com/gomutex/godocx is built for writing documents and has no
// tagged release. Text, style names and image relationships are a few
// dozen lines of streaming XML, and reading them here keeps every
// decompressed part within a size limit (a zip bomb is a real upload).

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlExpansion is how many times Options.MaxBytes a DOCX's XML parts may
// take once decompressed.
const xmlExpansion = 10

// maxStyleDepth bounds basedOn chains in styles.xml.
const maxStyleDepth = 16

var errPartTooLarge = errors.New("part too large")

// errTooMuchText stops reading a document past Options.MaxChars.
var errTooMuchText = errors.New("too much text")

// extractDOCX reads a Word document: paragraphs in order (table cells and
// text boxes included), headings and the Title style as paragraphs of
// their own, embedded images with their bytes, and captions from the
// "Caption" style, the short paragraph after an image, or the image's alt
// text.
func extractDOCX(ctx context.Context, data []byte, opt Options) (Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Document{}, fmt.Errorf("%w: broken docx: %s", ErrUndecodable, oneLine(err.Error()))
	}
	d := &docxReader{officePackage: newOfficePackage(ctx, "docx", opt), budget: opt.maxBytes(), b: newBuilder()}
	d.index(zr)
	main := d.mainPart()
	if d.files[main] == nil {
		return Document{}, fmt.Errorf("%w: broken docx: no %s in the archive", ErrUndecodable, main)
	}
	if err := d.readRels(main); err != nil {
		return Document{}, d.wrap(err)
	}
	if err := d.readStyles(); err != nil {
		return Document{}, d.wrap(err)
	}
	if err := d.readDocument(main); err != nil {
		return Document{}, d.wrap(err)
	}
	title := d.coreTitle()
	if junkTitle(title) {
		title = d.titlePara
	}
	if title == "" {
		// A cover page's title line, else the first heading.
		title = d.b.coverTitle
	}
	if title == "" {
		title = d.b.firstHeading
	}
	doc := d.b.document(cleanPara(title), false)
	return doc, nil
}

// docxReader holds what one DOCX extraction has learnt.
type docxReader struct {
	officePackage
	rels      map[string]docxRel
	styles    map[string]docxStyle
	budget    int64 // bytes of image data left
	chars     int   // characters of text emitted so far
	b         *builder
	titlePara string

	tables int        // depth of w:tbl elements
	table  *docxTable // the outermost table being read
}

// docxTable holds a table's paragraphs, cell by cell, until it ends and
// is known for a data table (rows that keep their header) or a layout
// table (its paragraphs read as they come).
type docxTable struct {
	rows [][]officeCell[*docxPara]
}

// cell returns the cell being read, making one if the table has none.
func (t *docxTable) cell() *officeCell[*docxPara] {
	if len(t.rows) == 0 {
		t.rows = append(t.rows, nil)
	}
	row := &t.rows[len(t.rows)-1]
	if len(*row) == 0 {
		*row = append(*row, officeCell[*docxPara]{})
	}
	return &(*row)[len(*row)-1]
}

type docxRel struct {
	target   string // path in the zip, or a URL when external
	external bool
	kind     string // last element of the relationship type: "image", "styles", ...
}

type docxStyle struct {
	name    string // lower case, e.g. "heading 1", "caption"
	basedOn string
	outline int // outline level 0-8, or -1
}

type fs404 string

func (e fs404) Error() string { return string(e) + " not found" }

// budgetReader reads until *left bytes are spent.
type budgetReader struct {
	r    io.ReadCloser
	left *int64
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if *b.left <= 0 {
		return 0, errPartTooLarge
	}
	if int64(len(p)) > *b.left {
		p = p[:*b.left]
	}
	n, err := b.r.Read(p)
	*b.left -= int64(n)
	return n, err
}

func (b *budgetReader) Close() error { return b.r.Close() }

// mainPart finds the document part from _rels/.rels, normally
// word/document.xml.
func (d *docxReader) mainPart() string {
	rels, err := d.parseRels("_rels/.rels", "")
	if err == nil {
		for _, r := range rels {
			if r.kind == "officeDocument" && !r.external {
				return r.target
			}
		}
	}
	return "word/document.xml"
}

// hasDocumentRel reports whether a zip's package relationships point to a
// WordprocessingML document.
func hasDocumentRel(zr *zip.Reader) bool {
	for _, f := range zr.File {
		if f.Name != "_rels/.rels" || f.UncompressedSize64 > 1<<20 {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		b, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
		return bytes.Contains(b, []byte("/officeDocument\"")) && bytes.Contains(b, []byte("word/"))
	}
	return false
}

func (d *docxReader) readRels(main string) error {
	relsName := path.Join(path.Dir(main), "_rels", path.Base(main)+".rels")
	rels, err := d.parseRels(relsName, path.Dir(main))
	var missing fs404
	if errors.As(err, &missing) {
		rels, err = nil, nil
	}
	d.rels = rels
	return err
}

// parseRels reads a relationships part; targets are resolved against dir.
func (d *docxReader) parseRels(name, dir string) (map[string]docxRel, error) {
	rc, err := d.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	rels := map[string]docxRel{}
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return rels, nil
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		var id, target, typ, mode string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "Id":
				id = a.Value
			case "Target":
				target = a.Value
			case "Type":
				typ = a.Value
			case "TargetMode":
				mode = a.Value
			}
		}
		r := docxRel{target: target, external: mode == "External", kind: path.Base(typ)}
		if !r.external {
			if strings.HasPrefix(target, "/") {
				r.target = strings.TrimPrefix(path.Clean(target), "/")
			} else {
				r.target = strings.TrimPrefix(path.Clean(path.Join("/", dir, target)), "/")
			}
		}
		rels[id] = r
	}
}

// readStyles reads paragraph style names, parents and outline levels.
func (d *docxReader) readStyles() error {
	d.styles = map[string]docxStyle{}
	name := "word/styles.xml"
	for _, r := range d.rels {
		if r.kind == "styles" && !r.external {
			name = r.target
		}
	}
	if d.files[name] == nil {
		return nil
	}
	rc, err := d.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	var id string
	var cur docxStyle
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				id, cur = wattr(t, "styleId"), docxStyle{outline: -1}
			case "name":
				cur.name = strings.ToLower(strings.TrimSpace(wattr(t, "val")))
			case "basedOn":
				cur.basedOn = wattr(t, "val")
			case "outlineLvl":
				if n, err := strconv.Atoi(wattr(t, "val")); err == nil && n >= 0 && n <= 8 {
					cur.outline = n
				}
			}
		case xml.EndElement:
			if t.Name.Local == "style" && id != "" {
				d.styles[id] = cur
				id = ""
			}
		}
	}
}

var (
	headingStyle = regexp.MustCompile(`^(heading|标题)\s*[1-9]$`)
	titleStyle   = regexp.MustCompile(`^(title|subtitle|标题|副标题)$`)
)

// paraKind classifies a paragraph by its style id and direct outline level.
func (d *docxReader) paraKind(styleID string, outline int) (kind string) {
	if outline >= 0 && outline <= 8 {
		kind = "heading"
	}
	id := styleID
	for range maxStyleDepth {
		st, ok := d.styles[id]
		name := st.name
		if !ok {
			name = strings.ToLower(id) // a style missing from styles.xml
		}
		switch {
		case name == "caption" || name == "题注" || strings.EqualFold(id, "Caption"):
			return "caption"
		case name == "title" || name == "标题" || strings.EqualFold(id, "Title"):
			return "title"
		case headingStyle.MatchString(name) || titleStyle.MatchString(name) || st.outline >= 0 && ok:
			kind = "heading"
		}
		if !ok || st.basedOn == "" || kind != "" {
			return kind
		}
		id = st.basedOn
	}
	return kind
}

// headingLevel is a heading's level, 1 the highest: from the paragraph's
// own outline level, else its style's ("heading 2", 标题 2, or the style's
// outline level); 0 when none says.
func (d *docxReader) headingLevel(styleID string, outline int) int {
	if outline >= 0 && outline <= 8 {
		return outline + 1
	}
	id := styleID
	for range maxStyleDepth {
		st, ok := d.styles[id]
		if !ok {
			return 0
		}
		if headingStyle.MatchString(st.name) {
			return int(st.name[len(st.name)-1] - '0')
		}
		if st.outline >= 0 {
			return st.outline + 1
		}
		id = st.basedOn
	}
	return 0
}

// docxPara is a paragraph being read: its style and its content so far.
type docxPara struct {
	counted bool // its text is counted against MaxChars already (a table cell's)
	style   string
	outline int
	items   []docxItem
	text    strings.Builder
}

// docxItem is a piece of a paragraph: text, a line break, or an image.
type docxItem struct {
	text  string
	brk   bool
	image string // relationship id (DOCX), picture path (ODT)
	alt   string
	data  string // base64 picture bytes (flat ODT)
}

func (p *docxPara) cut() {
	if p.text.Len() > 0 {
		p.items = append(p.items, docxItem{text: p.text.String()})
		p.text.Reset()
	}
}

func isW(n xml.Name) bool {
	return strings.HasSuffix(n.Space, "wordprocessingml/2006/main") || strings.HasSuffix(n.Space, "wordprocessingml/main")
}

// wattr returns the attribute named local in any namespace.
func wattr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// readDocument streams document.xml into the builder.
func (d *docxReader) readDocument(main string) error {
	rc, err := d.open(main)
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	dec.Strict = false
	var (
		stack  []*docxPara
		inText bool
		runs   int // depth of w:r elements
		alt    string
		steps  int
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if steps++; steps%4096 == 0 && d.ctx.Err() != nil {
			return d.ctx.Err()
		}
		if d.maxChars > 0 && d.chars > d.maxChars {
			return errTooMuchText
		}
		var p *docxPara
		if len(stack) > 0 {
			p = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case xml.StartElement:
			local := t.Name.Local
			switch {
			case local == "Fallback" || (isW(t.Name) && (local == "del" || local == "moveFrom" || local == "instrText" ||
				strings.HasSuffix(local, "PrChange") || local == "tblGridChange")):
				// Deleted text, and the properties a tracked formatting
				// change replaced (w:pPrChange holds the paragraph's old
				// style, w:tcPrChange a cell's old span).
				if err := dec.Skip(); err != nil {
					return err
				}
			case isW(t.Name) && local == "p":
				stack = append(stack, &docxPara{outline: -1})
			case isW(t.Name) && local == "tbl":
				if d.tables++; d.tables == 1 {
					d.table = &docxTable{}
				}
			case isW(t.Name) && local == "tr" && d.tables == 1:
				d.table.rows = append(d.table.rows, nil)
			case isW(t.Name) && local == "tc" && d.tables == 1 && len(d.table.rows) > 0:
				d.table.rows[len(d.table.rows)-1] = append(d.table.rows[len(d.table.rows)-1], officeCell[*docxPara]{})
			case isW(t.Name) && local == "gridBefore" && d.tables == 1 && len(d.table.rows) > 0:
				// Grid columns left empty before the row's first cell.
				if n, err := strconv.Atoi(wattr(t, "val")); err == nil && n > 0 {
					d.table.rows[len(d.table.rows)-1] = append(d.table.rows[len(d.table.rows)-1], officeCell[*docxPara]{span: tableCell{cols: min(n, maxSpan)}})
				}
			case isW(t.Name) && local == "gridSpan" && d.tables == 1 && len(d.table.rows) > 0:
				if n, err := strconv.Atoi(wattr(t, "val")); err == nil {
					d.table.cell().span.cols = min(n, maxSpan)
				}
			case isW(t.Name) && local == "vMerge" && d.tables == 1 && len(d.table.rows) > 0:
				// Without "restart" the cell continues the one above.
				d.table.cell().span.merged = wattr(t, "val") != "restart"
			case p == nil:
			case isW(t.Name) && local == "pStyle":
				p.style = wattr(t, "val")
			case isW(t.Name) && local == "outlineLvl":
				if n, err := strconv.Atoi(wattr(t, "val")); err == nil {
					p.outline = n
				}
			case isW(t.Name) && local == "r":
				runs++
			case isW(t.Name) && local == "t":
				inText = true
			case isW(t.Name) && (local == "tab" || local == "ptab") && runs > 0:
				p.text.WriteByte(' ')
			case isW(t.Name) && local == "noBreakHyphen":
				p.text.WriteByte('-')
			case isW(t.Name) && (local == "br" || local == "cr") && runs > 0:
				if wattr(t, "type") != "page" && wattr(t, "type") != "column" {
					p.cut()
					p.items = append(p.items, docxItem{brk: true})
				}
			case local == "docPr": // wp:docPr: the drawing's alt text
				alt = wattr(t, "descr")
				if alt == "" {
					alt = wattr(t, "title")
				}
			case local == "blip": // a:blip r:embed
				if id := wattr(t, "embed"); id != "" || wattr(t, "link") != "" {
					if id == "" {
						id = wattr(t, "link")
					}
					p.cut()
					p.items = append(p.items, docxItem{image: id, alt: alt})
					alt = ""
				}
			case local == "imagedata": // VML v:imagedata r:id
				if id := wattr(t, "id"); id != "" {
					p.cut()
					p.items = append(p.items, docxItem{image: id, alt: wattr(t, "title")})
				}
			}
		case xml.CharData:
			if inText && p != nil {
				p.text.Write(t)
			}
		case xml.EndElement:
			if !isW(t.Name) {
				continue
			}
			switch t.Name.Local {
			case "drawing", "pict":
				alt = "" // a shape's alt text is not the next image's
			case "t":
				inText = false
			case "r":
				runs = max(runs-1, 0)
			case "p":
				if p != nil {
					stack = stack[:len(stack)-1]
					if d.table != nil {
						// Counted now against MaxChars: a table may be
						// the whole document.
						p.cut()
						for _, it := range p.items {
							d.chars += utf8.RuneCountInString(it.text)
						}
						p.counted = true
						c := d.table.cell()
						c.paras = append(c.paras, p)
						continue
					}
					d.emit(p)
				}
			case "tbl":
				if d.tables > 0 {
					if d.tables--; d.tables == 0 {
						d.endTable()
					}
				}
			}
		}
	}
}

// endTable adds the finished table (addTable).
func (d *docxReader) endTable() {
	t := d.table
	d.table = nil
	addTable(d.b, t.rows, d.emit)
}

// emit adds a finished paragraph to the builder.
func (d *docxReader) emit(p *docxPara) {
	p.cut()
	kind, level := d.paraKind(p.style, p.outline), 0
	if kind == "heading" {
		level = d.headingLevel(p.style, p.outline)
	}
	emitRuns(d.b, p.items, kind, level, &d.titlePara, func(it docxItem) Image { return d.image(it.image) }, func(s string) {
		if !p.counted {
			d.chars += utf8.RuneCountInString(s)
		}
	})
}

// emitRuns adds a paragraph's runs to b: the text between line breaks and
// pictures as paragraphs of kind ("heading" at level, "title", "caption"
// or a plain paragraph), each picture as an image that image reads. The
// first title's text is kept in *title, against which pictures' alt
// texts are checked. added, if set, sees each piece of text added.
// DOCX and ODT paragraphs are read into the same runs.
func emitRuns(b *builder, items []docxItem, kind string, level int, title *string, image func(docxItem) Image, added func(string)) {
	var sb strings.Builder
	flush := func() {
		s := sb.String()
		sb.Reset()
		if added != nil {
			added(s)
		}
		switch kind {
		case "heading":
			b.headingLevel(s, level)
		case "title":
			if t := cleanPara(s); t != "" && *title == "" {
				*title = t
			}
			b.title(s)
		case "caption":
			b.caption(s)
		default:
			b.para(s)
		}
	}
	for _, it := range items {
		switch {
		case it.brk:
			flush()
		case it.image != "":
			flush()
			b.image(image(it), cleanAlt(it.alt, *title))
		default:
			sb.WriteString(it.text)
		}
	}
	flush()
}

func cleanAlt(alt, title string) string {
	if junkAlt(alt, title) {
		return ""
	}
	return alt
}

// image returns the image a relationship points to, with its bytes if
// they are in the archive and within the budget.
func (d *docxReader) image(id string) Image {
	r, ok := d.rels[id]
	n := len(d.b.images) + 1
	if !ok {
		return Image{Name: imageName("", n, "")}
	}
	img := Image{Name: imageName(r.target, n, "")}
	f := d.files[r.target]
	if r.external || f == nil || f.UncompressedSize64 > uint64(d.budget) {
		return img
	}
	rc, err := f.Open()
	if err != nil {
		return img
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, d.budget+1))
	if err != nil || int64(len(data)) > d.budget {
		return img
	}
	d.budget -= int64(len(data))
	img.Data = data
	return img
}

// coreTitle returns dc:title from docProps/core.xml.
func (d *docxReader) coreTitle() string {
	rc, err := d.open("docProps/core.xml")
	if err != nil {
		return ""
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "title" {
			var s string
			if dec.DecodeElement(&s, &se) != nil {
				return ""
			}
			return cleanPara(s)
		}
	}
}
