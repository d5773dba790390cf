package extract

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// cellPara is a paragraph of a table cell, as DOCX and ODT read one.
type cellPara interface {
	cut()
	pieces() []docxItem
}

func (p *docxPara) pieces() []docxItem { return p.items }
func (p *odtPara) pieces() []docxItem  { return p.items }

// officeCell is a table cell of a DOCX or ODT document: its paragraphs
// and how it spans (tableCell; its text is read from the paragraphs).
type officeCell[P cellPara] struct {
	paras []P
	span  tableCell
}

// addTable adds a finished table of a DOCX or ODT document: a data table
// as rows that keep their header, a layout table (an image, a long cell,
// a single column) as its paragraphs in order, each given to emit.
func addTable[P cellPara](b *builder, table [][]officeCell[P], emit func(P)) {
	rows := make([][]tableCell, len(table))
	data := true
	for r, row := range table {
		for _, cell := range row {
			var sb strings.Builder
			for _, p := range cell.paras {
				p.cut()
				for _, it := range p.pieces() {
					data = data && it.image == ""
					sb.WriteString(it.text + " ")
				}
			}
			c := cell.span
			c.text = cleanPara(sb.String())
			rows[r] = append(rows[r], c)
		}
	}
	if g, ok := layoutTable(rows); ok && data && g.wide() && g.longest() <= maxCellRunes {
		addRows(b, g)
		return
	}
	for _, row := range table {
		for _, cell := range row {
			for _, p := range cell.paras {
				emit(p)
			}
		}
	}
}

// officePackage is what DOCX and ODT readers share: the zip's members and
// one budget of decompressed XML across them, and the error a failure
// becomes.
type officePackage struct {
	ctx       context.Context
	format    string               // "docx" or "odt", for messages
	files     map[string]*zip.File // nil for a flat document
	xmlLimit  int64                // bytes of XML left to decompress
	xmlBudget int64                // xmlLimit at the start, for the error message
	maxChars  int                  // Options.MaxChars
}

func newOfficePackage(ctx context.Context, format string, opt Options) officePackage {
	limit := opt.maxBytes() * xmlExpansion
	return officePackage{ctx: ctx, format: format, xmlLimit: limit, xmlBudget: limit, maxChars: opt.MaxChars}
}

// index keeps the archive's members by name.
func (o *officePackage) index(zr *zip.Reader) {
	o.files = make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		o.files[strings.TrimPrefix(f.Name, "/")] = f
	}
}

// wrap says why reading failed: too much text, the XML budget spent (the
// XML decoder may fail on the cut first, a rune or a tag split at the
// budget's end), cancellation, or a broken document.
func (o *officePackage) wrap(err error) error {
	switch {
	case errors.Is(err, errTooMuchText):
		return fmt.Errorf("%w: over %d characters of text", ErrTooLarge, o.maxChars)
	case errors.Is(err, errPartTooLarge), o.xmlLimit <= 0:
		return fmt.Errorf("%w: %s parts over %s once decompressed", ErrTooLarge, o.format, sizeString(o.xmlBudget))
	case o.ctx.Err() != nil:
		return o.ctx.Err()
	}
	return fmt.Errorf("%w: broken %s: %s", ErrUndecodable, o.format, oneLine(err.Error()))
}

// open returns a reader of a zip member that fails with errPartTooLarge
// once the XML budget is spent.
func (o *officePackage) open(name string) (io.ReadCloser, error) {
	f := o.files[name]
	if f == nil {
		return nil, fs404(name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &budgetReader{r: rc, left: &o.xmlLimit}, nil
}
