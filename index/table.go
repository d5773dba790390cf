package index

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/reportbot/reportbot/index/postings"
)

// tableFields are the fields of a part's postings table, in the order of
// searchFields; only the passage's own text keeps locations, for
// highlighting.
var tableFields = func() []postings.Field {
	fs := make([]postings.Field, len(searchFields))
	for i, f := range searchFields {
		fs[i] = postings.Field{Name: f, Locations: f == FieldText}
	}
	return fs
}()

// tableSuffix names a part's postings table beside the part's bleve
// directory: current.postings, older.postings.
const tableSuffix = ".postings"

// writeTable writes the postings table of bi, whose passages are keys (in
// the order they were indexed: that order breaks ties between equal
// scores, newest report first), to dir/name.postings and opens it; with
// dir "" it is kept in memory.
func writeTable(ctx context.Context, bi bleve.Index, keys []string, dir, name string) (*postings.Table, error) {
	if dir == "" {
		var buf bytes.Buffer
		if err := copyPostings(ctx, bi, keys, &buf); err != nil {
			return nil, err
		}
		return postings.Load(buf.Bytes())
	}
	path := filepath.Join(dir, name+tableSuffix)
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("write postings: %w", err)
	}
	err = copyPostings(ctx, bi, keys, f) // the table's writer buffers
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("write postings: %w", err)
	}
	return postings.Open(path)
}

// copyPostings writes the postings of every searchable field of bi to w,
// numbering passages by their place in keys.
func copyPostings(ctx context.Context, bi bleve.Index, keys []string, w io.Writer) error {
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()

	// bleve's internal IDs → our numbers. (An internal ID is a number
	// in a scorch index and the passage's key in bleve's in-memory one.)
	// Each is looked up by key in the _id field's postings: walking every
	// passage's stored fields for its key read all the stored passages
	// from disk, ~40 MB of mapped pages at 1,000 reports, for nothing.
	ours := make(map[string]uint32, len(keys))
	for i, k := range keys {
		id, err := r.InternalID(k)
		if err != nil {
			return err
		}
		if id == nil {
			return fmt.Errorf("passage %s was added but is not indexed", k)
		}
		ours[string(id)] = uint32(i)
	}
	if n, err := r.DocCount(); err != nil {
		return err
	} else if n != uint64(len(ours)) {
		return fmt.Errorf("%d passages added, %d indexed", len(ours), n)
	}

	tw, err := postings.NewWriter(w, tableFields, len(keys))
	if err != nil {
		return err
	}
	terms, err := newTermMerger(r)
	if err != nil {
		return err
	}
	defer terms.close()
	lists := make([][]postings.Posting, len(searchFields))
	for n := 0; ; n++ {
		term, in, err := terms.next()
		if err != nil {
			return err
		}
		if term == "" && in == 0 {
			break
		}
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for f, field := range searchFields {
			lists[f] = lists[f][:0]
			if in&(1<<f) == 0 {
				continue
			}
			if lists[f], err = readPostings(ctx, r, term, field, ours, lists[f]); err != nil {
				return err
			}
		}
		if err := tw.Add([]byte(term), lists); err != nil {
			return err
		}
	}
	return tw.Close(keys)
}

// readPostings appends the postings of term in field, in our numbering
// and order, to ps.
func readPostings(ctx context.Context, r bleveindex.IndexReader, term, field string, ours map[string]uint32, ps []postings.Posting) ([]postings.Posting, error) {
	withLocations := field == FieldText
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, withLocations)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	var d *bleveindex.TermFieldDoc
	for d, err = tfr.Next(nil); d != nil && err == nil; d, err = tfr.Next(d.Reset()) {
		n, ok := ours[string(d.ID)]
		if !ok {
			return nil, fmt.Errorf("term %q in field %s: a passage bleve does not list", term, field)
		}
		p := postings.Posting{Doc: n, Freq: uint32(d.Freq), Norm: float32(d.Norm)}
		if withLocations {
			p.Locations = make([]postings.Location, len(d.Vectors))
			for i, v := range d.Vectors {
				p.Locations[i] = postings.Location{Start: uint32(v.Start), End: uint32(v.End)}
			}
		}
		ps = append(ps, p)
	}
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ps, func(a, b postings.Posting) int { return cmp.Compare(a.Doc, b.Doc) })
	return ps, nil
}

// termMerger walks the term dictionaries of every searchable field at
// once, in byte order.
type termMerger struct {
	dicts []bleveindex.FieldDict
	heads []*bleveindex.DictEntry
}

func newTermMerger(r bleveindex.IndexReader) (*termMerger, error) {
	m := &termMerger{}
	for _, field := range searchFields {
		d, err := r.FieldDict(field)
		if err != nil {
			m.close()
			return nil, fmt.Errorf("%s: %w", field, err)
		}
		m.dicts = append(m.dicts, d)
		e, err := d.Next()
		if err != nil {
			m.close()
			return nil, fmt.Errorf("%s: %w", field, err)
		}
		m.heads = append(m.heads, e)
	}
	return m, nil
}

// next returns the next term and a mask of the fields holding it; ""
// and 0 at the end.
func (m *termMerger) next() (string, uint8, error) {
	term, found := "", false
	for _, e := range m.heads {
		if e != nil && (!found || e.Term < term) {
			term, found = e.Term, true
		}
	}
	if !found {
		return "", 0, nil
	}
	var in uint8
	for f, e := range m.heads {
		if e == nil || e.Term != term {
			continue
		}
		in |= 1 << f
		next, err := m.dicts[f].Next()
		if err != nil {
			return "", 0, fmt.Errorf("%s: %w", searchFields[f], err)
		}
		m.heads[f] = next
	}
	return term, in, nil
}

func (m *termMerger) close() {
	for _, d := range m.dicts {
		d.Close()
	}
}
