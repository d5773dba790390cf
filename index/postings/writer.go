package postings

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/blevesearch/vellum"
)

// Field is one searchable field of a table.
type Field struct {
	Name string
	// Locations keeps where each occurrence of a term is in the field's
	// text: what highlighting needs, and the largest part of a table.
	Locations bool
}

// Posting is one passage holding a term in one field.
type Posting struct {
	Doc  uint32
	Freq uint32
	// Norm is the field's length norm in the passage, as the index
	// computed it (1/√length); every term of the field has the same.
	Norm      float32
	Locations []Location
}

// Location is the byte range [Start, End) of one occurrence of a term.
type Location struct {
	Start, End uint32
}

// maxFields is how many fields a record's field mask can name.
const maxFields = 8

// locationSkip is how many postings share one entry of a list's
// location skip table: finding one passage's locations decodes at most
// this many postings' worth, and the table costs 4 bytes per that many.
const locationSkip = 16

// magic ends every table; its last byte is the format's version.
var magic = [8]byte{'r', 'b', 'p', 'o', 's', 't', 0, 1}

// footerSize is the fixed-size end of a table: four section offsets and
// the magic.
const footerSize = 4*8 + len(magic)

// Writer writes a table. Terms are added in increasing byte order, each
// once, with its postings in every field that holds it.
type Writer struct {
	out    *bufio.Writer
	n      uint64 // bytes written so far
	fields []Field
	docs   int
	norms  [][]float32 // by field, by passage
	fst    *vellum.Builder
	fstBuf bytes.Buffer
	last   []byte
	terms  int
	buf    []byte
}

// NewWriter starts a table of docs passages (numbered 0 to docs-1) and
// fields (at most 8) on w.
func NewWriter(w io.Writer, fields []Field, docs int) (*Writer, error) {
	if len(fields) == 0 || len(fields) > maxFields {
		return nil, fmt.Errorf("postings: %d fields, want 1 to %d", len(fields), maxFields)
	}
	if docs < 0 || docs > math.MaxUint32 {
		return nil, fmt.Errorf("postings: %d passages do not fit a table", docs)
	}
	tw := &Writer{out: bufio.NewWriterSize(w, 1<<16), fields: fields, docs: docs}
	tw.norms = make([][]float32, len(fields))
	for i := range tw.norms {
		tw.norms[i] = make([]float32, docs)
	}
	var err error
	if tw.fst, err = vellum.New(&tw.fstBuf, nil); err != nil {
		return nil, err
	}
	return tw, nil
}

func (w *Writer) write(b []byte) error {
	_, err := w.out.Write(b)
	w.n += uint64(len(b))
	return err
}

// Add writes term's postings: lists[f] are the passages holding it in
// field f, by increasing passage number (nil when none).
func (w *Writer) Add(term []byte, lists [][]Posting) error {
	if len(lists) != len(w.fields) {
		return fmt.Errorf("postings: term %q has %d fields of postings, want %d", term, len(lists), len(w.fields))
	}
	if w.terms > 0 && bytes.Compare(term, w.last) <= 0 {
		return fmt.Errorf("postings: term %q added after %q", term, w.last)
	}
	w.last = append(w.last[:0], term...)
	w.terms++
	var mask byte
	for f, ps := range lists {
		if len(ps) > 0 {
			mask |= 1 << f
		}
	}
	if mask == 0 {
		return nil
	}
	if err := w.fst.Insert(term, w.n); err != nil {
		return err
	}

	// Encode every field's block first: the record's header gives their
	// lengths, so that a reader finds each block without decoding any.
	type block struct{ docs, freqs, locs []byte }
	blocks := make([]block, len(lists))
	for f, ps := range lists {
		if len(ps) == 0 {
			continue
		}
		b := &blocks[f]
		b.docs = make([]byte, 4*len(ps))
		var prev uint32
		for i, p := range ps {
			if int(p.Doc) >= w.docs || i > 0 && p.Doc <= prev {
				return fmt.Errorf("postings: term %q, field %s: passage %d out of order or range", term, w.fields[f].Name, p.Doc)
			}
			prev = p.Doc
			binary.LittleEndian.PutUint32(b.docs[4*i:], p.Doc)
			b.freqs = binary.AppendUvarint(b.freqs, uint64(p.Freq))
			switch n := w.norms[f][p.Doc]; {
			case n == 0:
				w.norms[f][p.Doc] = p.Norm
			case n != p.Norm:
				return fmt.Errorf("postings: passage %d has two norms in field %s (%v, %v)", p.Doc, w.fields[f].Name, n, p.Norm)
			}
		}
		if w.fields[f].Locations {
			var err error
			if b.locs, err = encodeLocations(ps); err != nil {
				return fmt.Errorf("postings: term %q, field %s: %w", term, w.fields[f].Name, err)
			}
		}
	}
	w.buf = append(w.buf[:0], mask)
	for f := range lists {
		if mask&(1<<f) != 0 {
			b := blocks[f]
			w.buf = binary.AppendUvarint(w.buf, uint64(len(lists[f])))
			w.buf = binary.AppendUvarint(w.buf, uint64(len(b.freqs)))
			w.buf = binary.AppendUvarint(w.buf, uint64(len(b.locs)))
		}
	}
	if err := w.write(w.buf); err != nil {
		return err
	}
	for _, b := range blocks {
		for _, part := range [][]byte{b.docs, b.freqs, b.locs} {
			if err := w.write(part); err != nil {
				return err
			}
		}
	}
	return nil
}

// encodeLocations lays out a list's locations: a skip table with the
// offset of every locationSkip-th posting's entry, then each posting's
// entry: how many locations, and each as its start (signed, from the
// previous one's start: search-mode words overlap) and length.
func encodeLocations(ps []Posting) ([]byte, error) {
	skips := (len(ps) + locationSkip - 1) / locationSkip
	var stream []byte
	offsets := make([]byte, 4*skips)
	for i, p := range ps {
		if i%locationSkip == 0 {
			binary.LittleEndian.PutUint32(offsets[4*(i/locationSkip):], uint32(len(stream)))
		}
		stream = binary.AppendUvarint(stream, uint64(len(p.Locations)))
		var start int64
		for _, l := range p.Locations {
			if l.End < l.Start {
				return nil, fmt.Errorf("passage %d: location ends (%d) before it starts (%d)", p.Doc, l.End, l.Start)
			}
			stream = binary.AppendVarint(stream, int64(l.Start)-start)
			stream = binary.AppendUvarint(stream, uint64(l.End-l.Start))
			start = int64(l.Start)
		}
	}
	return append(offsets, stream...), nil
}

// writeNorms writes each field's distinct norms and, by passage, the
// place of its norm among them: a field has a few thousand lengths at
// most, so that a search weighs each length once, not each posting.
// Places take two bytes each, or four in a table of more than 65,536
// distinct norms in a field.
func (w *Writer) writeNorms() error {
	width := 2
	values := make([][]float32, len(w.norms))
	for f, ns := range w.norms {
		values[f] = slices.Compact(slices.Sorted(slices.Values(ns)))
		if len(values[f]) > 1<<16 {
			width = 4
		}
	}
	if err := w.write([]byte{byte(width)}); err != nil {
		return err
	}
	for f, ns := range w.norms {
		buf := binary.LittleEndian.AppendUint32(nil, uint32(len(values[f])))
		for _, v := range values[f] {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
		}
		for _, n := range ns {
			i, _ := slices.BinarySearch(values[f], n)
			if width == 2 {
				buf = binary.LittleEndian.AppendUint16(buf, uint16(i))
			} else {
				buf = binary.LittleEndian.AppendUint32(buf, uint32(i))
			}
		}
		if err := w.write(buf); err != nil {
			return err
		}
	}
	return nil
}

// Close writes the passages' IDs (ids[d] is passage d's), the norms and
// the term dictionary, and flushes the table. It does not close the
// underlying writer.
func (w *Writer) Close(ids []string) error {
	if len(ids) != w.docs {
		return fmt.Errorf("postings: %d IDs for %d passages", len(ids), w.docs)
	}
	if err := w.fst.Close(); err != nil {
		return err
	}
	idsAt := w.n
	offsets := make([]byte, 4*(len(ids)+1))
	total := 0
	for i, id := range ids {
		binary.LittleEndian.PutUint32(offsets[4*i:], uint32(total))
		total += len(id)
	}
	if uint64(total) > math.MaxUint32 {
		return errors.New("postings: passage IDs too long for a table")
	}
	binary.LittleEndian.PutUint32(offsets[4*len(ids):], uint32(total))
	if err := w.write(offsets); err != nil {
		return err
	}
	for _, id := range ids {
		if err := w.write([]byte(id)); err != nil {
			return err
		}
	}
	normsAt := w.n
	if err := w.writeNorms(); err != nil {
		return err
	}
	fstAt := w.n
	if err := w.write(w.fstBuf.Bytes()); err != nil {
		return err
	}
	metaAt := w.n
	meta := binary.AppendUvarint(nil, uint64(w.docs))
	meta = binary.AppendUvarint(meta, uint64(len(w.fields)))
	for _, f := range w.fields {
		meta = binary.AppendUvarint(meta, uint64(len(f.Name)))
		meta = append(meta, f.Name...)
		loc := byte(0)
		if f.Locations {
			loc = 1
		}
		meta = append(meta, loc)
	}
	footer := make([]byte, 0, footerSize)
	for _, at := range []uint64{idsAt, normsAt, fstAt, metaAt} {
		footer = binary.LittleEndian.AppendUint64(footer, at)
	}
	footer = append(footer, magic[:]...)
	if err := w.write(append(meta, footer...)); err != nil {
		return err
	}
	return w.out.Flush()
}
