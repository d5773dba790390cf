package postings

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// sample is a table's content as plain maps, to write and compare with.
type sample struct {
	fields []Field
	ids    []string
	terms  []string
	lists  map[string][][]Posting
}

func newSample(rng *rand.Rand, docs, terms int) sample {
	s := sample{
		fields: []Field{{Name: "text", Locations: true}, {Name: "paragraph"}, {Name: "captions"}},
		lists:  map[string][][]Posting{},
	}
	for d := range docs {
		s.ids = append(s.ids, fmt.Sprintf("report/%d", d))
	}
	norms := make([][]float32, len(s.fields))
	for f := range norms {
		for range docs {
			norms[f] = append(norms[f], 1/float32(1+rng.IntN(40)))
		}
	}
	for i := range terms {
		term := fmt.Sprintf("词%03d", i)
		lists := make([][]Posting, len(s.fields))
		for f := range s.fields {
			if rng.IntN(3) == 0 {
				continue // not in this field
			}
			for d := range docs {
				if rng.IntN(4) != 0 {
					continue
				}
				p := Posting{Doc: uint32(d), Freq: uint32(1 + rng.IntN(3)), Norm: norms[f][d]}
				if rng.IntN(50) == 0 {
					p.Freq = 300 + uint32(rng.IntN(1000)) // a multi-byte frequency
				}
				if s.fields[f].Locations {
					at := uint32(rng.IntN(20))
					for range p.Freq {
						p.Locations = append(p.Locations, Location{Start: at, End: at + 3 + uint32(rng.IntN(6))})
						// search-mode words overlap: a start may go back
						at = uint32(max(0, int(at)+rng.IntN(12)-3))
					}
				}
				lists[f] = append(lists[f], p)
			}
		}
		s.terms = append(s.terms, term)
		s.lists[term] = lists
	}
	return s
}

func (s sample) write(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, s.fields, len(s.ids))
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range s.terms {
		if err := w.Add([]byte(term), s.lists[term]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(s.ids); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// check compares every term, posting, norm, location and ID of tb with s.
func (s sample) check(t *testing.T, tb *Table) {
	t.Helper()
	if tb.Docs() != len(s.ids) || !slices.Equal(tb.Fields(), s.fields) {
		t.Fatalf("table has %d passages, fields %v; want %d, %v", tb.Docs(), tb.Fields(), len(s.ids), s.fields)
	}
	for d, id := range s.ids {
		if got := tb.ID(uint32(d)); got != id {
			t.Fatalf("ID(%d) = %q, want %q", d, got, id)
		}
	}
	present := 0
	for _, term := range s.terms {
		rec, ok, err := tb.Lookup([]byte(term))
		if err != nil {
			t.Fatal(err)
		}
		any := false
		for f, want := range s.lists[term] {
			any = any || len(want) > 0
			if !ok {
				continue
			}
			l := rec.List(f)
			if rec.DocFreq(f) != len(want) || l.Len() != len(want) {
				t.Fatalf("%s field %d: %d postings, want %d", term, f, l.Len(), len(want))
			}
			it := l.Iter()
			for i, p := range want {
				doc, freq, ok := it.Next()
				if !ok || doc != p.Doc || freq != p.Freq || l.Doc(i) != p.Doc {
					t.Fatalf("%s field %d posting %d = %d×%d, want %d×%d", term, f, i, doc, freq, p.Doc, p.Freq)
				}
				if n := tb.Norms(f).Of(doc); n != p.Norm {
					t.Fatalf("norm of passage %d field %d = %v, want %v", doc, f, n, p.Norm)
				}
				if at, found := l.Find(p.Doc); !found || at != i {
					t.Fatalf("%s field %d: Find(%d) = %d, %v; want %d", term, f, p.Doc, at, found, i)
				}
				locs, err := l.Locations(i)
				if err != nil || !slices.Equal(locs, p.Locations) {
					t.Fatalf("%s field %d posting %d locations = %v (%v), want %v", term, f, i, locs, err, p.Locations)
				}
			}
			if _, _, more := it.Next(); more {
				t.Fatalf("%s field %d: postings after the last", term, f)
			}
			if _, found := l.Find(uint32(len(s.ids))); found {
				t.Fatalf("%s field %d: found a passage past the last", term, f)
			}
		}
		if ok != any {
			t.Fatalf("Lookup(%s) found %v, want %v", term, ok, any)
		}
		if any {
			present++
		}
	}
	if tb.Terms() != present {
		t.Errorf("Terms() = %d, want %d", tb.Terms(), present)
	}
	if _, ok, _ := tb.Lookup([]byte("没有")); ok {
		t.Error("found a term never added")
	}
}

func TestRoundTrip(t *testing.T) {
	s := newSample(rand.New(rand.NewPCG(1, 2)), 200, 60)
	data := s.write(t)
	tb, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	s.check(t, tb)

	path := filepath.Join(t.TempDir(), "table")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	mapped, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.check(t, mapped)
	if err := mapped.Close(); err != nil {
		t.Error(err)
	}
}

func TestPrefixed(t *testing.T) {
	s := sample{fields: []Field{{Name: "text"}}, ids: []string{"a"}, lists: map[string][][]Posting{}}
	for _, w := range []string{"劳动", "劳动模范", "劳模", "动力", "\xff\xff"} {
		s.lists[w] = [][]Posting{{{Doc: 0, Freq: 1, Norm: 1}}}
	}
	s.terms = slices.Sorted(func(yield func(string) bool) {
		for w := range s.lists {
			if !yield(w) {
				return
			}
		}
	})
	tb, err := Load(s.write(t))
	if err != nil {
		t.Fatal(err)
	}
	for prefix, want := range map[string][]string{
		"劳":      {"劳动", "劳动模范", "劳模"},
		"劳动":     {"劳动", "劳动模范"},
		"动":      {"动力"},
		"工":      nil,
		"\xff":   {"\xff\xff"},
		"劳动模范以上": nil,
	} {
		var got []string
		if err := tb.Prefixed(prefix, func(w string) bool { got = append(got, w); return true }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Prefixed(%q) = %q, want %q", prefix, got, want)
		}
	}
	n := 0
	tb.Prefixed("劳", func(string) bool { n++; return false })
	if n != 1 {
		t.Errorf("Prefixed went on after fn returned false: %d calls", n)
	}
	if ok, _ := tb.Contains([]byte("劳模")); !ok {
		t.Error("Contains(劳模) is false")
	}
}

func TestWriterRefuses(t *testing.T) {
	fields := []Field{{Name: "text", Locations: true}}
	one := func(ps ...Posting) [][]Posting { return [][]Posting{ps} }
	for name, add := range map[string]func(w *Writer) error{
		"terms out of order": func(w *Writer) error {
			w.Add([]byte("b"), one(Posting{Doc: 0, Freq: 1, Norm: 1}))
			return w.Add([]byte("a"), one(Posting{Doc: 0, Freq: 1, Norm: 1}))
		},
		"passages out of order": func(w *Writer) error {
			return w.Add([]byte("a"), one(Posting{Doc: 1, Freq: 1, Norm: 1}, Posting{Doc: 0, Freq: 1, Norm: 1}))
		},
		"passage out of range": func(w *Writer) error {
			return w.Add([]byte("a"), one(Posting{Doc: 2, Freq: 1, Norm: 1}))
		},
		"two norms": func(w *Writer) error {
			w.Add([]byte("a"), one(Posting{Doc: 0, Freq: 1, Norm: 1}))
			return w.Add([]byte("b"), one(Posting{Doc: 0, Freq: 1, Norm: 0.5}))
		},
		"backwards location": func(w *Writer) error {
			return w.Add([]byte("a"), one(Posting{Doc: 0, Freq: 1, Norm: 1, Locations: []Location{{Start: 5, End: 2}}}))
		},
		"wrong field count": func(w *Writer) error {
			return w.Add([]byte("a"), [][]Posting{nil, nil})
		},
	} {
		w, err := NewWriter(&bytes.Buffer{}, fields, 2)
		if err != nil {
			t.Fatal(err)
		}
		if err := add(w); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := NewWriter(&bytes.Buffer{}, nil, 1); err == nil {
		t.Error("a table of no fields")
	}
	w, _ := NewWriter(&bytes.Buffer{}, fields, 2)
	if err := w.Close([]string{"only one"}); err == nil {
		t.Error("closed with too few IDs")
	}
}

func TestLoadRefusesCorrupt(t *testing.T) {
	s := newSample(rand.New(rand.NewPCG(3, 4)), 20, 10)
	data := s.write(t)
	for name, bad := range map[string][]byte{
		"empty":     nil,
		"truncated": data[:len(data)-3],
		"no magic":  append(slices.Clone(data[:len(data)-1]), 0),
		"norm width": func() []byte {
			b := slices.Clone(data)
			normsAt := binary.LittleEndian.Uint64(b[len(b)-footerSize+8:])
			b[normsAt] = 3
			return b
		}(),
		"offsets": func() []byte {
			b := slices.Clone(data)
			b[len(b)-footerSize] = 0xff // ids offset past the others
			b[len(b)-footerSize+7] = 0x7f
			return b
		}(),
		// A passage's ID offset past the IDs (ID sliced it unchecked, and
		// a search panicked).
		"passage ID": func() []byte {
			b := slices.Clone(data)
			idsAt := binary.LittleEndian.Uint64(b[len(b)-footerSize:])
			binary.LittleEndian.PutUint32(b[idsAt+4:], 0x00ffffff)
			return b
		}(),
	} {
		if _, err := Load(bad); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: Load error %v, want ErrCorrupt", name, err)
		}
	}
	empty, err := os.CreateTemp(t.TempDir(), "table")
	if err != nil {
		t.Fatal(err)
	}
	empty.Close()
	if _, err := Open(empty.Name()); !errors.Is(err, ErrCorrupt) {
		t.Errorf("empty file: Open error %v, want ErrCorrupt", err)
	}
}

// TestManyNorms: a field of more distinct lengths than two bytes number
// keeps every passage's norm.
func TestManyNorms(t *testing.T) {
	const docs = 1<<16 + 10
	s := sample{fields: []Field{{Name: "text"}}, lists: map[string][][]Posting{}, terms: []string{"词"}}
	var ps []Posting
	for d := range docs {
		s.ids = append(s.ids, fmt.Sprint(d))
		ps = append(ps, Posting{Doc: uint32(d), Freq: 1, Norm: 1 / float32(d+1)})
	}
	s.lists["词"] = [][]Posting{ps}
	tb, err := Load(s.write(t))
	if err != nil {
		t.Fatal(err)
	}
	s.check(t, tb)
	if n := tb.Norms(0); len(n.Values) != docs || n.width != 4 {
		t.Errorf("%d distinct norms of width %d, want %d of width 4", len(n.Values), n.width, docs)
	}
}

// TestDamagedDictionaryIsErrCorrupt: bytes of the term dictionary
// flipped make vellum index out of its data; a look-up or a prefix walk
// is ErrCorrupt or a miss, never a panic.
func TestDamagedDictionaryIsErrCorrupt(t *testing.T) {
	s := newSample(rand.New(rand.NewPCG(5, 6)), 20, 40)
	data := s.write(t)
	foot := data[len(data)-footerSize:]
	fstAt, metaAt := binary.LittleEndian.Uint64(foot[16:]), binary.LittleEndian.Uint64(foot[24:])
	rng := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		b := slices.Clone(data)
		for range 3 {
			b[fstAt+rng.Uint64N(metaAt-fstAt)] ^= byte(1 + rng.IntN(255))
		}
		tab, err := Load(b)
		if err != nil {
			continue // refused whole: as good
		}
		for _, term := range s.terms {
			if _, _, err := tab.Lookup([]byte(term)); err != nil && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Lookup: %v, want ErrCorrupt", err)
			}
		}
		if err := tab.Prefixed("", func(string) bool { return true }); err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Prefixed: %v, want ErrCorrupt", err)
		}
	}
}

// TestRecordSizesDoNotWrap: a record whose frequencies and locations
// lengths add up past 2⁶⁴ is ErrCorrupt (their sum wrapped to a small
// size, passed the bounds check, and slicing the record panicked).
func TestRecordSizesDoNotWrap(t *testing.T) {
	fields := []Field{{Name: "text"}}
	var ps []Posting
	for d := range 20 {
		ps = append(ps, Posting{Doc: uint32(d), Freq: 1, Norm: 1})
	}
	s := sample{fields: fields, terms: []string{"a"}, lists: map[string][][]Posting{"a": {ps}}}
	for d := range 20 {
		s.ids = append(s.ids, fmt.Sprint(d))
	}
	data := s.write(t)
	// The one record is at 0: mask, one posting, freqs 2⁶⁴-1 bytes and
	// locations 1 byte, so that 4 + (2⁶⁴-1) + 1 wraps to 4.
	header := []byte{1, 1}
	header = binary.AppendUvarint(header, 1<<64-1)
	header = binary.AppendUvarint(header, 1)
	copy(data, header)
	tb, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := tb.Lookup([]byte("a")); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Lookup error %v, want ErrCorrupt", err)
	}
}

// TestFieldNameLengthDoesNotWrap: a field name's length of 2⁶⁴-1 is
// ErrCorrupt (one more than it wrapped to 0, passed the bounds check,
// and Load panicked slicing the name).
func TestFieldNameLengthDoesNotWrap(t *testing.T) {
	s := newSample(rand.New(rand.NewPCG(9, 10)), 5, 3)
	data := s.write(t)
	foot := data[len(data)-footerSize:]
	metaAt := binary.LittleEndian.Uint64(foot[24:])
	meta := binary.AppendUvarint(nil, uint64(len(s.ids)))
	meta = binary.AppendUvarint(meta, 1)
	meta = binary.AppendUvarint(meta, 1<<64-1)
	meta = append(meta, "text"...)
	bad := slices.Concat(data[:metaAt], meta, foot)
	if _, err := Load(bad); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Load error %v, want ErrCorrupt", err)
	}
}
