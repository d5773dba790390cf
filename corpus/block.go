package corpus

import (
	"fmt"
	"strings"
)

// BlockKind says what a block of an uploaded document is, as the file
// itself marks it (a Word heading style, an HTML <figcaption>, a PDF line
// set larger than the body).
type BlockKind string

// Block kinds.
const (
	BlockTitle     BlockKind = "title"
	BlockHeading   BlockKind = "heading"
	BlockParagraph BlockKind = "paragraph"
	BlockCaption   BlockKind = "caption"
	BlockListItem  BlockKind = "list_item"
	BlockTableRow  BlockKind = "table_row"
)

// Block is one block of a document in reading order: what extraction
// learnt from the file's structure, handed over as is so that Parse need
// not guess it back from plain text.
type Block struct {
	Kind BlockKind `json:"kind"`
	Text string    `json:"text"`
	// Level is a heading's level, 1 the highest; 0 when unknown.
	Level int `json:"level,omitempty"`
	// Image is the name of the image a caption describes.
	Image string `json:"image,omitempty"`
	// Cells are a table row's cells in column order, each with its
	// column's header (TableRow); Text is what they say.
	Cells []Cell `json:"cells,omitempty"`
}

// MaxCaptionRunes is the longest caption kept: one rule for every format.
// A caption the file marks as one (a <figcaption>, Word's Caption style,
// alt text) or a short paragraph right under an image may be this long. A
// line standing alone in plain text, with no image to tell it by, is
// taken for a caption only up to maxGuessedCaptionRunes.
const MaxCaptionRunes = 60

// ParseBlocks builds a report from a document's blocks. Titles, headings,
// captions, list items and table rows are taken as the file marks them;
// paragraphs are read like plain text (a numbered heading line, a section
// subtitle, a source line and sentences broken across paragraphs are
// still recognised, and a short caption line where no block names an
// image), since PDF and plain text carry no more than paragraphs. A table
// row with its cells is read from them (ReadRow): its figures take their
// unit, label and year from the row's columns.
func ParseBlocks(id string, in []Block) (*Report, error) {
	if id == "" {
		return nil, fmt.Errorf("parse report: empty id")
	}
	var blocks []block
	var all strings.Builder
	for _, b := range in {
		text := strings.TrimSpace(cleanControl(b.Text))
		var figures []Figure
		row := b.Kind == BlockTableRow && len(b.Cells) > 0
		if row {
			// The row is read from its cells (its Text says the same,
			// unless the grammar has learnt since it was stored).
			text, figures = defaultGrammar.ReadRow(b.Cells)
		}
		if text == "" {
			continue
		}
		all.WriteString(text + "\n")
		nb := block{text: text, image: b.Image, read: row, figures: figures}
		switch b.Kind {
		case BlockTitle:
			nb.kind, nb.fixed = kindTitle, true
		case BlockHeading:
			nb.kind, nb.fixed = kindHeading, true
		case BlockCaption:
			nb.kind, nb.fixed = kindCaption, true
		case BlockListItem, BlockTableRow:
			nb.kind, nb.fixed = kindBody, true
		}
		blocks = append(blocks, nb)
	}
	return parseBlocks(id, blocks, all.String())
}

// TextBlocks joins blocks into plain text in the layout Parse reads, for
// text.txt and for readers without the blocks.
func TextBlocks(blocks []Block) string {
	parts := make([]string, 0, len(blocks))
	for _, b := range blocks {
		if t := strings.TrimSpace(b.Text); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n\n")
}
