// Package neardup finds texts that nearly repeat an earlier one: the same
// passage in next year's report, with other figures and a few words changed.
//
// Texts are compared by the Jaccard overlap of their character trigrams,
// with runs of digits folded to one mark so that changed figures do not
// count as changed wording. The overlap is estimated with MinHash and
// candidates are found with locality-sensitive hashing, so checking a text
// costs the same however many texts came before it.
package neardup

import (
	"math/rand/v2"
	"unicode"
)

// LSH layout: bands of rows MinHash values each. With 32 bands of 3 rows a
// pair overlapping by 0.5 shares a band with probability 0.986, a pair
// overlapping by 0.1 with 0.03.
const (
	bands  = 32
	rows   = 3
	hashes = bands * rows
)

// Signature is a text's MinHash signature.
type Signature [hashes]uint64

// Finder remembers originals and tells whether a text nearly repeats one.
// It is not safe for concurrent use.
type Finder struct {
	threshold float64
	mul, add  [hashes]uint64
	buckets   map[bandKey][]int
	sigs      []Signature
}

type bandKey struct {
	band int
	sum  uint64
}

// New returns a Finder that counts two texts as the same when their
// trigram overlap is at least threshold (0–1).
func New(threshold float64) *Finder {
	f := &Finder{threshold: threshold, buckets: map[bandKey][]int{}}
	// Fixed parameters: the same texts group the same way in every run.
	rng := rand.New(rand.NewPCG(0x6e656172, 0x647570))
	for i := range hashes {
		f.mul[i] = rng.Uint64() | 1
		f.add[i] = rng.Uint64()
	}
	return f
}

// Sign computes text's signature. Texts shorter than a trigram get a
// signature that matches nothing.
func (f *Finder) Sign(text string) (Signature, bool) {
	var sig Signature
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	grams := trigrams(text)
	if len(grams) == 0 {
		return sig, false
	}
	for _, g := range grams {
		h := mix(uint64(g[0])<<42 ^ uint64(g[1])<<21 ^ uint64(g[2]))
		for i := range sig {
			if v := h*f.mul[i] + f.add[i]; v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig, true
}

// Add records sig as an original and returns its number (0, 1, ...).
func (f *Finder) Add(sig Signature) int {
	id := len(f.sigs)
	f.sigs = append(f.sigs, sig)
	for b := range bands {
		k := f.key(sig, b)
		f.buckets[k] = append(f.buckets[k], id)
	}
	return id
}

// Match returns the earliest added original (the lowest id) that sig
// nearly repeats, skipping those skip reports true for. Every original
// sharing a band with sig is compared, so the one returned does not
// depend on which band meets it first.
func (f *Finder) Match(sig Signature, skip func(id int) bool) (int, bool) {
	seen := map[int]bool{}
	first := -1
	for b := range bands {
		for _, id := range f.buckets[f.key(sig, b)] {
			if seen[id] || first >= 0 && id > first {
				continue
			}
			seen[id] = true
			if skip != nil && skip(id) {
				continue
			}
			if Similarity(sig, f.sigs[id]) >= f.threshold {
				first = id
			}
		}
	}
	return first, first >= 0
}

func (f *Finder) key(sig Signature, band int) bandKey {
	var sum uint64 = 14695981039346656037
	for _, v := range sig[band*rows : (band+1)*rows] {
		sum = (sum ^ v) * 1099511628211
	}
	return bandKey{band: band, sum: sum}
}

// mix is SplitMix64's finaliser: it spreads a trigram's bits over the
// whole word before the per-hash multiply.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// Similarity estimates the trigram overlap of the texts behind a and b.
func Similarity(a, b Signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / hashes
}

// trigrams lists the distinct character trigrams of text, with each run of
// digits (and decimal points between them) folded to one '#' and spaces
// dropped.
func trigrams(text string) [][3]rune {
	var rs []rune
	inNumber := false
	for _, r := range text {
		switch {
		case unicode.IsDigit(r) || inNumber && r == '.':
			if !inNumber {
				rs = append(rs, '#')
			}
			inNumber = true
			continue
		case unicode.IsSpace(r):
			continue
		}
		inNumber = false
		rs = append(rs, r)
	}
	seen := map[[3]rune]bool{}
	var out [][3]rune
	for i := 0; i+3 <= len(rs); i++ {
		g := [3]rune{rs[i], rs[i+1], rs[i+2]}
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}
