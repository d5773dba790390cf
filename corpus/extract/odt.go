package extract

// OpenDocument text (.odt from LibreOffice or WPS, and flat .fodt) is read
// with archive/zip and encoding/xml like DOCX: content.xml holds the
// paragraphs (text:p, text:h), their automatic styles, frames with images
// and tables; styles.xml the named styles the automatic ones derive from.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ODF namespaces, matched by suffix so ODF 1.0–1.3 all read.
const (
	odfText  = "opendocument:xmlns:text:1.0"
	odfDraw  = "opendocument:xmlns:drawing:1.0"
	odfStyle = "opendocument:xmlns:style:1.0"
	odfTable = "opendocument:xmlns:table:1.0"
	odfSVG   = "opendocument:xmlns:svg-compatible:1.0"
	odfDC    = "purl.org/dc/elements/1.1/"
)

func inNS(n xml.Name, ns, local string) bool {
	return n.Local == local && strings.HasSuffix(n.Space, ns)
}

// extractODT reads an OpenDocument text: a zip with content.xml, or a
// flat XML document (.fodt) when flat is set.
func extractODT(ctx context.Context, data []byte, flat bool, opt Options) (Document, error) {
	o := &odtReader{officePackage: newOfficePackage(ctx, "odt", opt), budget: opt.maxBytes(), b: newBuilder(), styles: map[string]odtStyle{}}
	if flat {
		if err := o.read(io.NopCloser(bytes.NewReader(data))); err != nil {
			return Document{}, o.wrap(err)
		}
	} else {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return Document{}, fmt.Errorf("%w: broken odt: %s", ErrUndecodable, oneLine(err.Error()))
		}
		o.index(zr)
		// styles.xml first: content.xml's automatic styles derive from it.
		for _, part := range []string{"styles.xml", "meta.xml", "content.xml"} {
			rc, err := o.open(part)
			if err != nil {
				if part == "content.xml" {
					return Document{}, fmt.Errorf("%w: broken odt: %s", ErrUndecodable, oneLine(err.Error()))
				}
				continue
			}
			err = o.read(rc)
			rc.Close()
			if err != nil {
				return Document{}, o.wrap(err)
			}
		}
	}
	title := o.metaTitle
	if junkTitle(title) {
		title = o.titlePara
	}
	if title == "" {
		// A cover page's title line, else the first heading.
		title = o.b.coverTitle
	}
	if title == "" {
		title = o.b.firstHeading
	}
	doc := o.b.document(cleanPara(title), false)
	return doc, nil
}

// odtReader holds what one ODT extraction has learnt.
type odtReader struct {
	officePackage
	styles    map[string]odtStyle
	budget    int64 // bytes of image data left
	b         *builder
	metaTitle string
	titlePara string
	chars     int // characters of text read so far

	table *odtTable // the table being read, or nil
}

// odtStyle is a paragraph style: its display name in lower case, parent
// and default outline level.
type odtStyle struct {
	name, parent string
	outline      int
}

var (
	odtCaptionStyle = regexp.MustCompile(`caption|题注|^(illustration|figure|drawing|图)$`)
	odtHeadingStyle = regexp.MustCompile(`^(heading|标题)\s*[1-9]$`)
	odtTitleStyle   = regexp.MustCompile(`^(title|标题)$`)
)

// kind classifies a paragraph by its style chain: "caption", "title",
// "heading" or "" for body text.
func (o *odtReader) kind(style string) string {
	for range maxStyleDepth {
		st, ok := o.styles[style]
		if !ok {
			return ""
		}
		switch {
		case odtCaptionStyle.MatchString(st.name):
			return "caption"
		case odtTitleStyle.MatchString(st.name):
			return "title"
		case odtHeadingStyle.MatchString(st.name) || st.outline > 0:
			return "heading"
		}
		style = st.parent
	}
	return ""
}

// odtPara is a paragraph being read.
type odtPara struct {
	kind  string
	level int // a text:h's outline level, 1 the highest; 0 unknown
	items []docxItem
	text  strings.Builder
}

func (p *odtPara) cut() {
	if p.text.Len() > 0 {
		p.items = append(p.items, docxItem{text: p.text.String()})
		p.text.Reset()
	}
}

// odtTable holds a table's paragraphs, cell by cell, until it ends and
// is known for a data table (rows that keep their header) or a layout
// table (a photo beside its caption; its paragraphs read as they come).
type odtTable struct {
	rows [][]officeCell[*odtPara]
}

// cell returns the cell being read, making one if the table has none.
func (t *odtTable) cell() *officeCell[*odtPara] {
	if len(t.rows) == 0 {
		t.rows = append(t.rows, nil)
	}
	row := &t.rows[len(t.rows)-1]
	if len(*row) == 0 {
		*row = append(*row, officeCell[*odtPara]{})
	}
	return &(*row)[len(*row)-1]
}

// read streams one XML part: style definitions, the meta title and the
// body's paragraphs, images and tables.
func (o *odtReader) read(rc io.ReadCloser) error {
	dec := xml.NewDecoder(rc)
	dec.Strict = false
	var (
		stack    []*odtPara
		style    *odtStyle
		styleKey string
		inTitle  bool
		frame    *docxItem // image of the frame being read
		inDesc   bool
		inData   bool            // inside a flat document's office:binary-data
		data     strings.Builder // its base64 text
		steps    int
		tables   int // nesting depth of tables; only the outer one becomes rows
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if steps++; steps%4096 == 0 && o.ctx.Err() != nil {
			return o.ctx.Err()
		}
		var p *odtPara
		if len(stack) > 0 {
			p = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case inNS(t.Name, odfStyle, "style"):
				styleKey = wattr(t, "name")
				name := wattr(t, "display-name")
				if name == "" {
					name = strings.ReplaceAll(styleKey, "_20_", " ")
				}
				lvl, _ := strconv.Atoi(wattr(t, "default-outline-level"))
				style = &odtStyle{name: strings.ToLower(name), parent: wattr(t, "parent-style-name"), outline: lvl}
			case inNS(t.Name, odfDC, "title"):
				inTitle = true
			case inNS(t.Name, odfText, "note"), inNS(t.Name, odfText, "tracked-changes"),
				inNS(t.Name, odfText, "sequence-decls"), t.Name.Local == "annotation",
				t.Name.Local == "master-styles": // page headers and footers
				if err := dec.Skip(); err != nil {
					return err
				}
			case inNS(t.Name, odfText, "p"), inNS(t.Name, odfText, "h"):
				np := &odtPara{kind: o.kind(wattr(t, "style-name"))}
				if t.Name.Local == "h" && np.kind != "title" {
					np.kind = "heading"
					np.level, _ = strconv.Atoi(wattr(t, "outline-level"))
				}
				stack = append(stack, np)
			case inNS(t.Name, odfTable, "table"):
				if tables++; tables == 1 {
					o.table = &odtTable{}
				}
			case inNS(t.Name, odfTable, "table-row") && tables == 1:
				o.table.rows = append(o.table.rows, nil)
			case inNS(t.Name, odfTable, "table-cell") && tables == 1 && len(o.table.rows) > 0:
				// The cells a span covers follow as covered-table-cell
				// elements, which the span's layout stands for.
				span := tableCell{rows: spanAttr(t, "number-rows-spanned"), cols: spanAttr(t, "number-columns-spanned")}
				row := &o.table.rows[len(o.table.rows)-1]
				*row = append(*row, officeCell[*odtPara]{span: span})
				if n := spanAttr(t, "number-columns-repeated"); n > 1 {
					// Identical cells side by side written once: read as
					// one cell over their columns, its text said once.
					(*row)[len(*row)-1].span.cols = max(span.cols, 1) * n
				}
			case inNS(t.Name, odfDraw, "image") && p != nil:
				frame = &docxItem{image: wattr(t, "href")}
				if frame.image == "" {
					frame.image = "#embedded" // a flat document's office:binary-data
				}
			case t.Name.Local == "binary-data" && frame != nil:
				inData = true
				data.Reset()
			case (inNS(t.Name, odfSVG, "desc") || inNS(t.Name, odfSVG, "title")) && frame != nil:
				inDesc = true
			case p == nil:
			case inNS(t.Name, odfText, "s"):
				n, err := strconv.Atoi(wattr(t, "c"))
				if err != nil || n < 1 {
					n = 1
				}
				p.text.WriteString(strings.Repeat(" ", min(n, 8)))
			case inNS(t.Name, odfText, "tab"):
				p.text.WriteByte(' ')
			case inNS(t.Name, odfText, "line-break"):
				p.cut()
				p.items = append(p.items, docxItem{brk: true})
			}
		case xml.CharData:
			switch {
			case inTitle:
				o.metaTitle += string(t)
			case inData:
				if int64(data.Len()) < 2*o.budget {
					data.Write(t)
				}
			case inDesc:
				if frame.alt == "" {
					frame.alt = strings.TrimSpace(string(t))
				}
			case p != nil:
				p.text.Write(t)
				if o.chars += utf8.RuneCount(t); o.maxChars > 0 && o.chars > o.maxChars {
					return errTooMuchText
				}
			}
		case xml.EndElement:
			switch {
			case inNS(t.Name, odfStyle, "style"):
				if style != nil && styleKey != "" {
					o.styles[styleKey] = *style
				}
				style = nil
			case inNS(t.Name, odfDC, "title"):
				inTitle = false
			case inNS(t.Name, odfSVG, "desc"), inNS(t.Name, odfSVG, "title"):
				inDesc = false
			case t.Name.Local == "binary-data" && inData:
				inData = false
				if frame != nil {
					frame.data = data.String()
				}
			case inNS(t.Name, odfDraw, "frame"):
				if frame != nil && p != nil {
					p.cut()
					p.items = append(p.items, *frame)
				}
				frame = nil
			case inNS(t.Name, odfText, "p"), inNS(t.Name, odfText, "h"):
				if p != nil {
					stack = stack[:len(stack)-1]
					if o.table != nil {
						c := o.table.cell()
						c.paras = append(c.paras, p)
						continue
					}
					o.emit(p)
				}
			case inNS(t.Name, odfTable, "table"):
				if tables--; tables == 0 {
					o.endTable()
				}
			}
		}
	}
}

// spanAttr reads a table attribute counting rows or columns; 1 when it
// is missing or unreadable, at most maxSpan (the table model clips it
// further).
func spanAttr(t xml.StartElement, name string) int {
	n, err := strconv.Atoi(wattr(t, name))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxSpan)
}

// endTable adds the finished table (addTable).
func (o *odtReader) endTable() {
	t := o.table
	o.table = nil
	addTable(o.b, t.rows, o.emit)
}

// emit adds a finished paragraph to the builder.
func (o *odtReader) emit(p *odtPara) {
	p.cut()
	emitRuns(o.b, p.items, p.kind, p.level, &o.titlePara, func(it docxItem) Image { return o.image(it.image, it.data) }, nil)
}

// image returns the picture at href, with its bytes if it is in the
// archive (or given in base64, in a flat document) and within the budget.
func (o *odtReader) image(href, b64 string) Image {
	n := len(o.b.images) + 1
	if b64 != "" {
		data, ext := dataURI("data:image/png;base64,"+b64, &o.budget)
		if ext != "" {
			ext = path.Ext(sniffImageExt(data))
		}
		return Image{Name: imageName("", n, ext), Data: data}
	}
	img := Image{Name: imageName(href, n, "")}
	f := o.files[path.Clean(strings.TrimPrefix(href, "./"))]
	if f == nil || f.UncompressedSize64 > uint64(o.budget) {
		return img
	}
	rc, err := f.Open()
	if err != nil {
		return img
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, o.budget+1))
	if err != nil || int64(len(data)) > o.budget {
		return img
	}
	o.budget -= int64(len(data))
	img.Data = data
	return img
}

// sniffImageExt names the image format of data by its signature, for
// images that come without a name.
func sniffImageExt(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG")):
		return ".png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return ".jpg"
	case bytes.HasPrefix(data, []byte("GIF8")):
		return ".gif"
	}
	return ".img"
}
