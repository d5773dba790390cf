package dict

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"unicode/utf8"
)

// Word is one dictionary entry as gse holds it after loading: its trie
// key (gse lower-cases Latin letters), frequency and part of speech.
type Word struct {
	Text string
	Freq float64
	Pos  string
}

// Source is what a table is compiled from.
type Source struct {
	// Words are gse's tokens, each key once (gse keeps the first of two
	// lines with the same key).
	Words []Word
	// TotalFreq is gse's Dictionary.TotalFreq, taken as gse summed it
	// rather than summed again here, so every probability is the same
	// float64.
	TotalFreq float64
	// Emit is the HMM's log emission probability per state (B, E, M, S)
	// and character.
	Emit [4]map[rune]float64
	// Text is the dictionary text the words were loaded from; the table
	// keeps only the SHA-256 state after it (see Table.SourceHash).
	Text string
	// Provenance says where the words and model came from.
	Provenance string
}

// Compile builds a table from src. The same source gives the same bytes.
func Compile(src Source) ([]byte, error) {
	type entry struct {
		keyOff, keyLen int
		freq           uint32
		pos            uint8
		longer         bool // the key starts a longer word
	}
	var (
		entries []entry
		keys    []byte
		index   = map[string]int{} // key → entry
		posIDs  = map[string]uint8{"": 0}
		posList = []string{""}
	)
	for _, w := range src.Words {
		switch {
		case w.Text == "" || !utf8.ValidString(w.Text):
			return nil, fmt.Errorf("dict: word %q is empty or not UTF-8", w.Text)
		case len(w.Text) > math.MaxUint16:
			return nil, fmt.Errorf("dict: word %q is too long", w.Text[:64])
		case w.Freq <= 0 || w.Freq > math.MaxUint32 || w.Freq != math.Trunc(w.Freq):
			// gse drops words seen fewer than twice and parses whole
			// counts: a frequency that a uint32 cannot hold exactly would
			// change every probability.
			return nil, fmt.Errorf("dict: word %q has frequency %v, not a whole count in 1..2^32", w.Text, w.Freq)
		case len(w.Pos) > math.MaxUint8:
			return nil, fmt.Errorf("dict: word %q has a part of speech over 255 bytes", w.Text)
		}
		if e, ok := index[w.Text]; ok && entries[e].freq > 0 {
			return nil, fmt.Errorf("dict: word %q twice", w.Text)
		}
		id, ok := posIDs[w.Pos]
		if !ok {
			if len(posList) > math.MaxUint8 {
				return nil, fmt.Errorf("dict: over 255 parts of speech")
			}
			id = uint8(len(posList))
			posIDs[w.Pos] = id
			posList = append(posList, w.Pos)
		}
		e := entry{keyOff: len(keys), keyLen: len(w.Text), freq: uint32(w.Freq), pos: id}
		keys = append(keys, w.Text...)
		if i, ok := index[w.Text]; ok { // known so far as a prefix
			e.longer = true
			entries[i] = e
		} else {
			index[w.Text] = len(entries)
			entries = append(entries, e)
		}
		// Every start of the word ending on a character boundary is a
		// prefix: gse's trie answers "found, frequency 0" for those, and
		// its DAG goes on extending a candidate while they are found.
		// Look-ups come whole characters at a time, so byte prefixes
		// inside a character are never asked.
		for i := range w.Text {
			if p := w.Text[:i]; i > 0 {
				if j, ok := index[p]; ok {
					entries[j].longer = true
				} else {
					index[p] = len(entries)
					entries = append(entries, entry{keyOff: e.keyOff, keyLen: i, longer: true})
				}
			}
		}
	}
	if len(entries) > maxEntry+1 {
		return nil, fmt.Errorf("dict: %d words and prefixes, more than a table holds (%d)", len(entries), maxEntry+1)
	}
	if src.TotalFreq <= 0 {
		return nil, fmt.Errorf("dict: total frequency %v", src.TotalFreq)
	}

	// Half full: a miss, the commonest look-up (a DAG stops at the first
	// one), then probes about two slots.
	nslots := 1
	for nslots < 2*len(entries) {
		nslots *= 2
	}
	slots := make([]uint32, nslots)
	mask := uint32(nslots - 1)
	for i, e := range entries {
		h := hashKey(string(keys[e.keyOff : e.keyOff+e.keyLen]))
		j := uint32(h) & mask
		for slots[j] != 0 {
			j = (j + 1) & mask
		}
		slots[j] = uint32(h>>tagShift)<<entryBits | uint32(i+1)
	}

	var runes []rune
	for _, m := range src.Emit {
		for r := range m {
			runes = append(runes, r)
		}
	}
	slices.Sort(runes)
	runes = slices.Compact(runes)

	var posBytes []byte
	for _, p := range posList {
		posBytes = append(posBytes, byte(len(p)))
		posBytes = append(posBytes, p...)
	}
	h := sha256.New()
	io.WriteString(h, src.Text)
	m, ok := h.(encoding.BinaryMarshaler)
	if !ok {
		return nil, fmt.Errorf("dict: sha256 state cannot be saved")
	}
	digest, err := m.MarshalBinary()
	if err != nil {
		return nil, err
	}

	le := binary.LittleEndian
	out := []byte(magic)
	for _, v := range []int{nslots, len(entries), len(runes), len(keys), len(src.Provenance), len(posBytes), len(digest), len(posList)} {
		out = le.AppendUint32(out, uint32(v))
	}
	out = le.AppendUint64(out, math.Float64bits(src.TotalFreq))
	out = append(out, src.Provenance...)
	out = append(out, posBytes...)
	out = append(out, digest...)
	for _, s := range slots {
		out = le.AppendUint32(out, s)
	}
	for _, e := range entries {
		out = le.AppendUint32(out, uint32(e.keyOff))
		out = le.AppendUint32(out, e.freq)
		out = le.AppendUint16(out, uint16(e.keyLen))
		var flags byte
		if e.longer {
			flags |= flagLonger
		}
		out = append(out, e.pos, flags)
	}
	for _, r := range runes {
		out = le.AppendUint32(out, uint32(r))
	}
	for _, r := range runes {
		for _, m := range src.Emit {
			p, ok := m[r]
			if !ok {
				p = minFloat
			}
			out = le.AppendUint64(out, math.Float64bits(p))
		}
	}
	out = append(out, keys...)
	return out, nil
}
