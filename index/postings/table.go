// Package postings keeps a read-only table of an index's terms: for each
// term of each searchable field, how many passages hold it and which,
// how often and (for fields that keep them) where. Lists are flat arrays,
// so that a question's words are scored by walking memory, and a table on
// disk is memory-mapped, so that opening it reads nothing until a word is
// looked up: a term's document frequency costs a dictionary lookup, not a
// walk of every term dictionary at start.
//
// A table is written once (Writer), after its index is built, and never
// changes. Layout, every integer little-endian:
//
//	records   per term: a field mask, then per field present its number
//	          of postings, freqs length and locations length (uvarints),
//	          then per field its passages (uint32 each), freqs (uvarints)
//	          and locations (a skip table, then per posting a count and
//	          start/length pairs)
//	ids       passage IDs: offsets (uint32, one more than passages), bytes
//	norms     the width of a norm's place (1 byte: 2 or 4), then per field
//	          its distinct length norms (a count, then float32s in
//	          increasing order) and per passage the place of its norm
//	terms     a vellum FST from term to the offset of its record
//	meta      passages, fields (name, whether it keeps locations)
//	footer    offsets of ids, norms, terms and meta (uint64); magic
package postings

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sync"

	"github.com/blevesearch/mmap-go"
	"github.com/blevesearch/vellum"
)

// ErrCorrupt is returned for a table whose bytes do not hold together.
var ErrCorrupt = errors.New("postings: corrupt table")

// Table is a read-only table, safe for concurrent use.
type Table struct {
	data   []byte
	mm     mmap.MMap // nil for a table loaded from bytes
	file   *os.File
	fst    *vellum.FST
	docs   int
	fields []Field
	idOffs []byte // (docs+1) uint32
	ids    []byte
	norms  []Norms // by field
	// readers are FST readers, which look terms up without allocating
	// but are not safe for concurrent use.
	readers sync.Pool
}

// Open memory-maps the table in the file at path.
func Open(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if info.Size() < int64(footerSize) {
		f.Close()
		return nil, fmt.Errorf("%w: %s is %d bytes", ErrCorrupt, path, info.Size())
	}
	mm, err := mmap.Map(f, mmap.RDONLY, 0)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("postings: map %s: %w", path, err)
	}
	t, err := Load(mm)
	if err != nil {
		mm.Unmap()
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t.mm, t.file = mm, f
	return t, nil
}

// Load reads a table from data, which must not change while the table
// is in use.
func Load(data []byte) (*Table, error) {
	if len(data) < footerSize || !bytes.Equal(data[len(data)-len(magic):], magic[:]) {
		return nil, fmt.Errorf("%w: no table footer", ErrCorrupt)
	}
	foot := data[len(data)-footerSize:]
	var at [4]uint64
	for i := range at {
		at[i] = binary.LittleEndian.Uint64(foot[8*i:])
	}
	end := uint64(len(data) - footerSize)
	if !slices.IsSorted(at[:]) || at[3] > end {
		return nil, fmt.Errorf("%w: section offsets", ErrCorrupt)
	}
	idsAt, normsAt, fstAt, metaAt := at[0], at[1], at[2], at[3]
	t := &Table{data: data}
	meta := data[metaAt:end]
	docs, meta, ok := uvarint(meta)
	nfields, meta, ok2 := uvarint(meta)
	if !ok || !ok2 || nfields == 0 || nfields > maxFields || docs > math.MaxUint32 {
		return nil, fmt.Errorf("%w: header", ErrCorrupt)
	}
	t.docs = int(docs)
	for range nfields {
		n, rest, ok := uvarint(meta)
		if !ok || n >= uint64(len(rest)) { // not n+1 > len: n+1 may wrap to 0
			return nil, fmt.Errorf("%w: field names", ErrCorrupt)
		}
		t.fields = append(t.fields, Field{Name: string(rest[:n]), Locations: rest[n] == 1})
		meta = rest[n+1:]
	}
	offsLen := 4 * (docs + 1)
	if normsAt-idsAt < offsLen {
		return nil, fmt.Errorf("%w: section sizes", ErrCorrupt)
	}
	t.idOffs = data[idsAt : idsAt+offsLen]
	t.ids = data[idsAt+offsLen : normsAt]
	if last := binary.LittleEndian.Uint32(t.idOffs[4*docs:]); uint64(last) != uint64(len(t.ids)) {
		return nil, fmt.Errorf("%w: passage IDs", ErrCorrupt)
	}
	// Every passage's ID within the IDs, in order: ID reads them unchecked.
	for d, prev := uint64(0), uint32(0); d <= docs; d++ {
		at := binary.LittleEndian.Uint32(t.idOffs[4*d:])
		if at < prev || uint64(at) > uint64(len(t.ids)) {
			return nil, fmt.Errorf("%w: passage ID %d", ErrCorrupt, d)
		}
		prev = at
	}
	var err error
	if t.norms, err = loadNorms(data[normsAt:fstAt], len(t.fields), docs); err != nil {
		return nil, err
	}
	if t.fst, err = vellum.Load(data[fstAt:metaAt]); err != nil {
		return nil, fmt.Errorf("%w: terms: %v", ErrCorrupt, err)
	}
	return t, nil
}

// Close releases a table opened from a file.
func (t *Table) Close() error {
	if t.mm == nil {
		return nil
	}
	err := t.mm.Unmap()
	t.mm = nil
	return errors.Join(err, t.file.Close())
}

// Docs is the number of passages.
func (t *Table) Docs() int { return t.docs }

// Fields are the table's fields; a field is named by its index here.
func (t *Table) Fields() []Field { return t.fields }

// Terms is the number of distinct terms.
func (t *Table) Terms() int { return t.fst.Len() }

// ID is passage d's ID.
func (t *Table) ID(d uint32) string {
	from := binary.LittleEndian.Uint32(t.idOffs[4*d:])
	to := binary.LittleEndian.Uint32(t.idOffs[4*d+4:])
	return string(t.ids[from:to])
}

// Norms are field's length norms by passage.
func (t *Table) Norms(field int) Norms { return t.norms[field] }

// Norms are one field's length norms (1/√length), by passage: each
// passage's is one of a few distinct values, found by its place.
type Norms struct {
	// Values are the field's distinct norms, in increasing order (0 for
	// passages without the field).
	Values []float32
	places []byte
	width  int
}

// Place is where passage d's norm is in Values (in a damaged table,
// perhaps past its end: callers check).
func (n Norms) Place(d uint32) uint32 {
	if n.width == 2 {
		return uint32(binary.LittleEndian.Uint16(n.places[2*d:]))
	}
	return binary.LittleEndian.Uint32(n.places[4*d:])
}

// Of is passage d's norm, or 0 in a damaged table.
func (n Norms) Of(d uint32) float32 {
	if p := n.Place(d); p < uint32(len(n.Values)) {
		return n.Values[p]
	}
	return 0
}

func loadNorms(b []byte, fields int, docs uint64) ([]Norms, error) {
	if len(b) < 1 || b[0] != 2 && b[0] != 4 {
		return nil, fmt.Errorf("%w: norms", ErrCorrupt)
	}
	width := int(b[0])
	b = b[1:]
	out := make([]Norms, fields)
	for f := range out {
		if len(b) < 4 {
			return nil, fmt.Errorf("%w: norms", ErrCorrupt)
		}
		n := uint64(binary.LittleEndian.Uint32(b))
		size := 4 + 4*n + uint64(width)*docs
		if n == 0 && docs > 0 || size > uint64(len(b)) {
			return nil, fmt.Errorf("%w: norms", ErrCorrupt)
		}
		values := make([]float32, n)
		for i := range values {
			values[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4+4*i:]))
		}
		out[f] = Norms{Values: values, places: b[4+4*n : size], width: width}
		b = b[size:]
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: norms", ErrCorrupt)
	}
	return out, nil
}

// get looks term up in the term dictionary. A damaged dictionary makes
// vellum index out of its bytes: that is ErrCorrupt, not a crash.
func (t *Table) get(term []byte) (at uint64, ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			at, ok, err = 0, false, fmt.Errorf("%w: terms: %v", ErrCorrupt, p)
		}
	}()
	r, _ := t.readers.Get().(*vellum.Reader)
	if r == nil {
		var err error
		if r, err = t.fst.Reader(); err != nil {
			return 0, false, err
		}
	}
	at, ok, err = r.Get(term)
	t.readers.Put(r)
	if err != nil {
		err = fmt.Errorf("%w: terms: %v", ErrCorrupt, err)
	}
	return at, ok, err
}

// Lookup finds term's record: ok is false when no field holds it.
func (t *Table) Lookup(term []byte) (rec Record, ok bool, err error) {
	at, ok, err := t.get(term)
	if err != nil || !ok {
		return Record{}, false, err
	}
	rec, err = t.record(at)
	return rec, err == nil, err
}

// Contains reports whether any field holds term.
func (t *Table) Contains(term []byte) (bool, error) {
	_, ok, err := t.get(term)
	return ok, err
}

// Prefixed calls fn with every term starting with prefix, in byte
// order, until fn returns false. A damaged dictionary is ErrCorrupt, as
// in get.
func (t *Table) Prefixed(prefix string, fn func(term string) bool) (err error) {
	inFn := false // a panic of fn's own is fn's, not the dictionary's
	defer func() {
		if p := recover(); p != nil {
			if inFn {
				panic(p)
			}
			err = fmt.Errorf("%w: terms: %v", ErrCorrupt, p)
		}
	}()
	start := []byte(prefix)
	end := nextPrefix(start)
	it, err := t.fst.Iterator(start, end)
	for err == nil {
		k, _ := it.Current()
		inFn = true
		more := fn(string(k))
		inFn = false
		if !more {
			return nil
		}
		err = it.Next()
	}
	if errors.Is(err, vellum.ErrIteratorDone) {
		return nil
	}
	return fmt.Errorf("%w: terms: %v", ErrCorrupt, err)
}

// nextPrefix is the first key after every key starting with prefix, or
// nil when there is none.
func nextPrefix(prefix []byte) []byte {
	end := slices.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// Record is one term's postings in every field.
type Record struct {
	lists [maxFields]List
}

func (t *Table) record(at uint64) (Record, error) {
	var r Record
	if at >= uint64(len(t.data)) {
		return r, ErrCorrupt
	}
	b := t.data[at:]
	mask := b[0]
	b = b[1:]
	var lens [maxFields][3]uint64
	for f := range t.fields {
		if mask&(1<<f) == 0 {
			continue
		}
		for i := range lens[f] {
			var ok bool
			if lens[f][i], b, ok = uvarint(b); !ok {
				return r, ErrCorrupt
			}
		}
	}
	for f := range t.fields {
		if mask&(1<<f) == 0 {
			continue
		}
		n, freqs, locs := lens[f][0], lens[f][1], lens[f][2]
		// Each length is bounded before they are added: lengths from a
		// damaged record can sum past 2⁶⁴ to a size that looks small.
		rest := uint64(len(b))
		if n > uint64(t.docs) || freqs > rest || locs > rest || 4*n+freqs+locs > rest {
			return r, ErrCorrupt
		}
		size := 4*n + freqs + locs
		r.lists[f] = List{n: int(n), docs: b[:4*n], freqs: b[4*n : 4*n+freqs], locs: b[4*n+freqs : size]}
		b = b[size:]
	}
	return r, nil
}

// List is the term's postings in field.
func (r Record) List(field int) List { return r.lists[field] }

// DocFreq is how many passages hold the term in field.
func (r Record) DocFreq(field int) int { return r.lists[field].n }

// List is one term's postings in one field, by increasing passage.
type List struct {
	n     int
	docs  []byte
	freqs []byte
	locs  []byte
}

// Len is the number of postings.
func (l List) Len() int { return l.n }

// Doc is the i-th posting's passage.
func (l List) Doc(i int) uint32 { return binary.LittleEndian.Uint32(l.docs[4*i:]) }

// Find is the index of passage d's posting, if the list has one.
func (l List) Find(d uint32) (int, bool) {
	i, j := 0, l.n
	for i < j {
		h := int(uint(i+j) >> 1)
		if l.Doc(h) < d {
			i = h + 1
		} else {
			j = h
		}
	}
	return i, i < l.n && l.Doc(i) == d
}

// Iter walks the postings in order.
func (l List) Iter() Iter { return Iter{docs: l.docs, freqs: l.freqs} }

// Iter walks a list's postings.
type Iter struct {
	docs, freqs []byte
}

// Next returns the next posting's passage and frequency; ok is false at
// the end (or on a corrupt frequency).
func (it *Iter) Next() (doc, freq uint32, ok bool) {
	if len(it.docs) < 4 || len(it.freqs) == 0 {
		return 0, 0, false
	}
	doc = binary.LittleEndian.Uint32(it.docs)
	it.docs = it.docs[4:]
	if b := it.freqs[0]; b < 0x80 {
		it.freqs = it.freqs[1:]
		return doc, uint32(b), true
	}
	f, n := binary.Uvarint(it.freqs)
	if n <= 0 {
		return 0, 0, false
	}
	it.freqs = it.freqs[n:]
	return doc, uint32(f), true
}

// Locations are where the i-th posting's term occurs in its passage's
// field: nil when the field keeps no locations.
func (l List) Locations(i int) ([]Location, error) {
	if len(l.locs) == 0 || i < 0 || i >= l.n {
		return nil, nil
	}
	skips := 4 * ((l.n + locationSkip - 1) / locationSkip)
	if len(l.locs) < skips {
		return nil, ErrCorrupt
	}
	off := binary.LittleEndian.Uint32(l.locs[4*(i/locationSkip):])
	b := l.locs[skips:]
	if uint64(off) > uint64(len(b)) {
		return nil, ErrCorrupt
	}
	b = b[off:]
	for j := i - i%locationSkip; ; j++ {
		count, rest, ok := uvarint(b)
		if !ok || count > uint64(len(rest)) {
			return nil, ErrCorrupt
		}
		b = rest
		var out []Location
		if j == i {
			out = make([]Location, 0, count)
		}
		start := int64(0)
		for range count {
			delta, n := binary.Varint(b)
			if n <= 0 {
				return nil, ErrCorrupt
			}
			length, rest, ok := uvarint(b[n:])
			if !ok {
				return nil, ErrCorrupt
			}
			b = rest
			start += delta
			if start < 0 || start+int64(length) > math.MaxUint32 {
				return nil, ErrCorrupt
			}
			if j == i {
				out = append(out, Location{Start: uint32(start), End: uint32(start + int64(length))})
			}
		}
		if j == i {
			return out, nil
		}
	}
}

func uvarint(b []byte) (uint64, []byte, bool) {
	v, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, b, false
	}
	return v, b[n:], true
}
