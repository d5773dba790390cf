// Package extract turns an uploaded report file (plain text, Markdown, a
// saved web page, DOCX, OpenDocument text or PDF) into the document's
// blocks as its structure marks them (title, headings with their level,
// paragraphs, captions with their image, list items, table rows with
// their header), for corpus.ParseBlocks, and their plain text: the title
// first, paragraphs separated by a blank line. Text is normalised on the
// way: radicals, compatibility ideographs, ligatures and full-width
// letters become the characters a reader sees.
//
// Version names what it does: change it with any change to what Extract
// returns (TestVersionNamesTheExtraction holds it to a digest of the test
// files' extraction).
package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/reportbot/reportbot/corpus"
)

// Version names what extraction does today. A report stored by an
// extraction of another version may hold less than one extracted now
// (store.Store.ReextractAll extracts such reports anew); change it with
// every change to what Extract returns for some file, here or in the
// corpus rules it applies — TestVersionNamesTheExtraction fails until
// you do, for a change its test files show. (2026-11-26.1: a highlighted
// figure beside an icon is text, not the icon's caption. 2026-11-26.2: a
// web page's headline running on with its date line is the title, and a
// bare "分享：" is furniture. 2026-11-26.3: a PDF's table is read as a
// table, row by row under its header, not as lines of text. 2026-11-26.4:
// a PDF table's header is the line over its first numbers, and a table
// continued on the next page takes the header before. 2026-11-26.5: only
// rows opening a page, after a table that ended the page before.
// 2026-11-26.6: a PDF heading set letter-spaced reads as its characters
// together, "一、综合". 2026-11-26.7: a PDF table ends before a line under
// it stating nothing, a placeholder (—) is a value, and a cell keeps its
// word spaces. 2026-11-27.1: a page in one <form> (ASP.NET) is read, a
// headline in a table is found, a data table's caption is kept, and a
// PDF's larger line after its body text began is no title. 2026-11-27.2:
// only a <form> wrapping the page is read, not a comment form in it.
// 2026-11-27.3: a <br> in a cell, caption, headline, heading or list item
// of HTML or Markdown breaks the line (12.5<br>13.0 is no 12.513.0), a
// DOCX's tracked formatting change reads by its new properties, and GBK
// text numbered ①②③ is Chinese. The test files do not show these; a
// report stored from such a file is extracted anew by reindex --extract.
// 2026-11-27.4: a PDF's short columns set a browser's 1em apart read
// column by column, a running head in the title's words no longer drops
// the title set larger on page one, a table row whose label wraps onto a
// second line stays one row under its header, and a PDF whose cross-reference or
// object streams loop or number objects in the millions is refused in
// one line. The test files do not show these either. 2026-11-27.5: a
// PDF's header over a table of one row is read with it, and a row of
// cells that is no table is a paragraph of its own, not run into the next
// row's label. Nor these. 2026-11-27.6: a table row under a header whose
// bracket says it is the unit, "金额（单位：万元）", is said with that
// unit, as under "金额（万元）". 2026-11-27.7: a PDF table drawn a cell at
// a time (WPS's print of the yearly report on open government
// information) is put together: its cells' wrapped lines joined, each
// number under the header cells over its column, each row under the
// labels of the groups it is in. 2026-11-27.8: a metadata title that is
// a bracketed blank of a template, "（填写标准名称）", is no title; an
// office document with no title of its own takes its cover page's
// title line before its first heading.)
const Version = "2026-11-27.8"

// Document is the text extracted from one uploaded file.
type Document struct {
	Title  string // from metadata/<title>/first heading; "" if none
	Format string // "text", "markdown", "html", "docx", "odt", "fodt", "pdf"
	Text   string // UTF-8, NFC, paragraphs separated by "\n\n", no control chars
	// Blocks are the document's blocks in reading order, as its structure
	// marks them: Text is their texts joined.
	Blocks []corpus.Block
	Images []Image // images referenced/embedded, in document order
}

// Image is an illustration found in the document.
type Image struct {
	Name    string // base name only, sanitized (never a path)
	Caption string // caption text if the document gives one (alt text, figure caption, the short paragraph after it)
	Data    []byte // the image bytes when embedded (docx) or resolvable; nil otherwise
}

// Sentinel errors. Every error Extract returns, but for a cancelled or
// expired context, wraps exactly one of them, so callers can tell the
// uploader what to do with errors.Is.
var (
	// ErrEmpty reports a file with no content, or no text after extraction.
	ErrEmpty = errors.New("no text")
	// ErrBinary reports content that is not a document at all: an
	// executable, an image, random bytes.
	ErrBinary = errors.New("not a document")
	// ErrUnsupported reports a document format this package does not read,
	// such as .xlsx, .doc or a plain zip archive.
	ErrUnsupported = errors.New("unsupported format")
	// ErrUndecodable reports text whose encoding can't be determined, or a
	// DOCX or PDF that is broken or encrypted.
	ErrUndecodable = errors.New("cannot decode")
	// ErrTooLarge reports a file, or a part of it once decompressed, over
	// the size limit.
	ErrTooLarge = errors.New("file too large")
)

// DefaultMaxBytes is the size limit used when Options.MaxBytes is 0:
// Telegram's limit on what a bot may download.
const DefaultMaxBytes = 20 << 20

// Options limit extraction.
type Options struct {
	// MaxBytes is the largest file accepted, in bytes; 0 means 20 MiB.
	// It also bounds what a file decompresses to: a DOCX's XML and a
	// PDF's streams may take ten times as much, and the image bytes
	// returned together as much.
	MaxBytes int64
	// MaxChars, if set, stops reading a DOCX once its text passes that
	// many characters (ErrTooLarge): a small DOCX may decompress to a
	// hundred times its size, all of it text that would be refused later.
	MaxChars int
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// Extract detects the format from content (magic bytes) first and the file
// name extension second, and returns the document text. Errors wrap one of
// the Err* values (or ctx's error) with %w and say in one line what was
// wrong, e.g. `extract "x.bin": not a document: binary content`.
func Extract(ctx context.Context, name string, data []byte, opt Options) (Document, error) {
	doc, err := extract(ctx, name, data, opt)
	if err != nil {
		return Document{}, fmt.Errorf("extract %q: %w", name, err)
	}
	return doc, nil
}

func extract(ctx context.Context, name string, data []byte, opt Options) (Document, error) {
	if err := ctx.Err(); err != nil {
		return Document{}, err
	}
	if len(data) == 0 {
		return Document{}, fmt.Errorf("%w: empty file", ErrEmpty)
	}
	if limit := opt.maxBytes(); int64(len(data)) > limit {
		return Document{}, fmt.Errorf("%w: %s over the %s limit", ErrTooLarge, sizeString(int64(len(data))), sizeString(limit))
	}
	format, err := detect(name, data)
	if err != nil {
		return Document{}, err
	}
	var doc Document
	switch format {
	case formatText:
		doc, err = extractText(ctx, data)
	case formatMarkdown:
		doc, err = extractMarkdown(ctx, data, opt)
	case formatHTML:
		doc, err = extractHTML(ctx, data, opt)
	case formatDOCX:
		doc, err = extractDOCX(ctx, data, opt)
	case formatPDF:
		doc, err = extractPDF(ctx, data, opt)
	case formatODT:
		doc, err = extractODT(ctx, data, false, opt)
	case formatFlatODT:
		doc, err = extractODT(ctx, data, true, opt)
	default:
		err = fmt.Errorf("%w: %s", ErrUnsupported, format)
	}
	if err != nil {
		return Document{}, err
	}
	doc.Format = format
	if strings.TrimSpace(doc.Text) == "" {
		return Document{}, fmt.Errorf("%w: no text after extracting %s", ErrEmpty, format)
	}
	return doc, nil
}

func sizeString(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// oneLine makes a library's error message fit in one short line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		s = strings.ToValidUTF8(s[:160], "") + "…"
	}
	return s
}
