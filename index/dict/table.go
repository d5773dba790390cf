// Package dict is gse's Chinese dictionary and HMM model compiled into one
// table that is searched where it lies (in the bytes embedded in the
// binary), and gse's segmentation running on it.
//
// gse (github.com/go-ego/gse) loads its dictionary by inserting every word
// into a trie and computing search segments for each: for reportbot's 201k
// words that is 80% of a cold start and ~73 MB of live heap, although
// Cut(text, true) — the only mode reportbot uses — needs no more than word
// look-ups, the total frequency and the HMM emission probabilities. The
// table holds exactly those, as gse computes them (see
// index/internal/dictgen, which builds it from a gse loaded with the same
// dictionary), so opening it reads a header and allocates nothing per word.
// Cut is gse's algorithm, adapted to look words up in the table (cut.go,
// hmm.go); the tests in package index check that it segments the
// reports and questions exactly as gse does.
package dict

import (
	"crypto/sha256"
	"encoding"
	"errors"
	"fmt"
	"hash"
	"math"
	"sort"
)

// Layout of a table. Every number is little-endian.
//
//	magic        "gsedict1"
//	header       uint32 × headerFields (see Open)
//	totalFreq    float64: gse's total frequency, summed as gse sums it
//	provenance   text: what the table was compiled from
//	posNames     per name: uint8 length, bytes; name 0 is ""
//	digest       SHA-256 state after the source text (see SourceHash)
//	slots        uint32 × nslots: open addressing, linear probing; 0 is
//	             empty, else tag<<entryBits | (entry+1)
//	entries      entrySize bytes each: key offset uint32, frequency uint32,
//	             key length uint16, part of speech uint8, flags uint8
//	emitRunes    uint32 × nemit, ascending
//	emitProbs    float64 × 4 × nemit, in state order B, E, M, S
//	keys         the words' bytes; a prefix entry points into a word's
const (
	magic        = "gsedict1"
	headerFields = 8
	entrySize    = 12
	// entryBits is how many bits of a slot name the entry (plus one), the
	// rest are a tag from the hash that spares most key comparisons on a
	// miss: 2^20 entries is four times the 245k words and prefixes of
	// reportbot's dictionary.
	entryBits = 20
	maxEntry  = 1<<entryBits - 2
	tagShift  = 64 - (32 - entryBits)
	// Prefix entries (frequency 0) answer gse's "this is the start of a
	// word" look-ups; a word's frequency is never 0 (gse drops words
	// below 2).

	// flagLonger marks a key that starts a longer word (see Find).
	flagLonger = 1
)

// Table is a compiled dictionary. Its methods are safe for concurrent
// use: it is never written after Open.
type Table struct {
	data                        string
	mask                        uint32
	slots, entries, keys        int // section offsets in data
	emitRunes, emitProbs, nemit int
	logTotal                    float64
	total                       float64
	pos                         []string
	provenance                  string
	digest                      string
}

// Open reads a table from data, in place: data must not change while the
// table is used. It checks the layout, not every word.
func Open(data string) (*Table, error) {
	if len(data) < len(magic)+4*headerFields+8 || data[:len(magic)] != magic {
		return nil, errors.New("dict: not a compiled dictionary (bad magic)")
	}
	off := len(magic)
	var h [headerFields]int
	for i := range h {
		h[i] = int(u32(data, off))
		off += 4
	}
	nslots, nentries, nemit, keysLen, provLen, posLen, digestLen, npos := h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
	if nslots == 0 || nslots&(nslots-1) != 0 || nentries > maxEntry+1 || nentries >= nslots {
		return nil, fmt.Errorf("dict: bad table header (%d slots, %d entries)", nslots, nentries)
	}
	t := &Table{data: data, mask: uint32(nslots - 1), nemit: nemit}
	t.total = math.Float64frombits(u64(data, off))
	t.logTotal = math.Log(t.total)
	off += 8
	sections := []struct {
		at   *int
		size int
	}{
		{nil, provLen}, {nil, posLen}, {nil, digestLen},
		{&t.slots, 4 * nslots}, {&t.entries, entrySize * nentries},
		{&t.emitRunes, 4 * nemit}, {&t.emitProbs, 32 * nemit}, {&t.keys, keysLen},
	}
	starts := make([]int, len(sections))
	for i, s := range sections {
		starts[i] = off
		if s.at != nil {
			*s.at = off
		}
		off += s.size
	}
	if off != len(data) {
		return nil, fmt.Errorf("dict: table is %d bytes, its header says %d", len(data), off)
	}
	t.provenance = data[starts[0] : starts[0]+provLen]
	t.digest = data[starts[2] : starts[2]+digestLen]
	for p, end := starts[1], starts[1]+posLen; p < end; {
		n := int(data[p])
		if p+1+n > end {
			return nil, errors.New("dict: bad part-of-speech names")
		}
		t.pos = append(t.pos, data[p+1:p+1+n])
		p += 1 + n
	}
	if len(t.pos) != npos || npos == 0 || t.pos[0] != "" {
		return nil, errors.New("dict: bad part-of-speech names")
	}
	return t, nil
}

// Find is gse's Dictionary.Find: a word's frequency and part of speech;
// frequency 0 and ok for the start of a longer word (gse's trie answers so
// for an inner node); not ok otherwise.
//
// One quirk of gse's trie (cedar) is kept too: it stores the value of a
// word that starts longer words under the label byte 0, so a word
// followed by a NUL byte is found as that word ("增\x00" as "增"), and gse
// segments it so.
func (t *Table) Find(word string) (freq float64, pos string, ok bool) {
	nul := len(word) > 0 && word[len(word)-1] == 0
	if nul {
		word = word[:len(word)-1]
	}
	e, ok := t.lookup(word)
	if !ok {
		return 0, "", false
	}
	at := t.entries + entrySize*e
	f := u32(t.data, at+4)
	if nul && (f == 0 || t.data[at+11]&flagLonger == 0) {
		return 0, "", false
	}
	return float64(f), t.pos[t.data[at+10]], true
}

// lookup returns the entry of key.
func (t *Table) lookup(key string) (int, bool) {
	h := hashKey(key)
	tag := uint32(h >> tagShift)
	for i := uint32(h) & t.mask; ; i = (i + 1) & t.mask {
		s := u32(t.data, t.slots+4*int(i))
		if s == 0 {
			return 0, false
		}
		if s>>entryBits != tag {
			continue
		}
		e := int(s&(1<<entryBits-1)) - 1
		at := t.entries + entrySize*e
		n := int(u16(t.data, at+8))
		if n != len(key) {
			continue
		}
		k := t.keys + int(u32(t.data, at))
		if t.data[k:k+n] == key {
			return e, true
		}
	}
}

// TotalFreq is gse's Dictionary.TotalFreq: the sum of the words'
// frequencies, the denominator of every word's probability.
func (t *Table) TotalFreq() float64 { return t.total }

// Provenance says what the table was compiled from.
func (t *Table) Provenance() string { return t.provenance }

// SourceHash returns a SHA-256 that has already been written the text of
// the dictionary the table was compiled from: the index fingerprint goes
// on hashing from there, and stays what it was when the text itself was
// embedded and hashed at start.
func (t *Table) SourceHash() (hash.Hash, error) {
	h := sha256.New()
	u, ok := h.(encoding.BinaryUnmarshaler)
	if !ok {
		return nil, errors.New("dict: sha256 state cannot be restored")
	}
	if err := u.UnmarshalBinary([]byte(t.digest)); err != nil {
		return nil, fmt.Errorf("dict: restore source digest: %w", err)
	}
	return h, nil
}

// emission returns the HMM's log emission probabilities of r in the
// states B, E, M, S; minFloat where gse's model has none, as gse's
// Viterbi substitutes.
func (t *Table) emission(r rune) [4]float64 {
	i := sort.Search(t.nemit, func(i int) bool { return rune(u32(t.data, t.emitRunes+4*i)) >= r })
	if i == t.nemit || rune(u32(t.data, t.emitRunes+4*i)) != r {
		return [4]float64{minFloat, minFloat, minFloat, minFloat}
	}
	var p [4]float64
	for s := range p {
		p[s] = math.Float64frombits(u64(t.data, t.emitProbs+32*i+8*s))
	}
	return p
}

// hashKey is 64-bit FNV-1a: simple, the same at build and run time, and
// good enough on short UTF-8 keys at half load.
func hashKey(s string) uint64 {
	const (
		offset64 = 14695981039346656037
		prime64  = 1099511628211
	)
	h := uint64(offset64)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime64
	}
	return h
}

func u16(s string, at int) uint16 { return uint16(s[at]) | uint16(s[at+1])<<8 }

func u32(s string, at int) uint32 {
	_ = s[at+3]
	return uint32(s[at]) | uint32(s[at+1])<<8 | uint32(s[at+2])<<16 | uint32(s[at+3])<<24
}

func u64(s string, at int) uint64 {
	return uint64(u32(s, at)) | uint64(u32(s, at+4))<<32
}
