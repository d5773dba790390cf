// Copyright 2016 ego authors
//
// Licensed under the Apache License, Version 2.0 (the "License"): you may
// not use this file except in compliance with the License. You may obtain
// a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
// WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
// License for the specific language governing permissions and limitations
// under the License.
//
// Adapted by the reportbot authors from gse v0.80.3, dag.go (Segmenter.Cut
// with hmm true: cutDAG, calc, getDag, hmm). Changed: words are looked up
// in a compiled Table instead of gse's trie, so that gse need not load its
// dictionary at start; the DAG and the route are computed in one backward
// pass over slices instead of two maps (the same candidates in the same
// order, the same float64 arithmetic, the same tie-breaking); results are
// substrings of the lower-cased text instead of new strings. A copy of
// gse's licence is in LICENSE.gse beside this file.

package dict

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Cut segments text into words exactly as gse's Segmenter.Cut(text, true)
// does with the dictionary the table was compiled from: the most probable
// path through the DAG of dictionary words, with runs of single characters
// that are not a word handed to the HMM. Like gse it lower-cases the text
// first, so words are lower case.
func (t *Table) Cut(text string) []string {
	// gse's package variable ToLower is true unless a program changes it.
	text = strings.ToLower(text)
	if !utf8.ValidString(text) {
		// gse works on []rune(text): each bad byte becomes U+FFFD.
		text = string([]rune(text))
	}
	// off[i] is the byte offset of the i-th character; off[n] = len(text).
	off := make([]int, 0, len(text)/2+1)
	for i := range text {
		off = append(off, i)
	}
	n := len(off)
	off = append(off, len(text))
	routes := t.routes(text, off)

	result := make([]string, 0, int(float32(len(text))/ratioWord)+1)
	buf := -1 // first character of the run of single characters, or -1
	for x := 0; x < n; {
		y := routes[x].index + 1
		if y-x == 1 {
			if buf < 0 {
				buf = x
			}
		} else {
			if buf >= 0 {
				result = t.appendRun(result, text, off, buf, x)
				buf = -1
			}
			result = append(result, text[off[x]:off[y]])
		}
		x = y
	}
	if buf >= 0 {
		result = t.appendRun(result, text, off, buf, n)
	}
	return result
}

// ratioWord is gse's RatioWord, its guess of bytes per word for the
// result's capacity.
const ratioWord float32 = 1.5

// appendRun appends the run of characters [from, to) that the route cut
// one by one: gse's hmm method. A single character stays; a run that is
// itself a word is split into characters; otherwise the HMM cuts it.
func (t *Table) appendRun(result []string, text string, off []int, from, to int) []string {
	run := text[off[from]:off[to]]
	if to-from == 1 {
		return append(result, run)
	}
	if v, _, ok := t.Find(run); !ok || v == 0 {
		return t.appendHMM(result, run)
	}
	for i := from; i < to; i++ {
		result = append(result, text[off[i]:off[i+1]])
	}
	return result
}

// route is the best way found from a character to the end: the log
// probability of the rest of the text and the last character of the first
// word.
type route struct {
	freq  float64
	index int
}

// routes is gse's calc over getDag. For each start idx, from the last
// to the first, the candidates are the dictionary words starting there,
// shortest first (the DAG's order), and the character alone when none
// is; a later candidate replaces the best when more probable, or as
// probable and longer.
func (t *Table) routes(text string, off []int) []route {
	n := len(off) - 1
	rs := make([]route, n+1)
	rs[n] = route{freq: 0.0, index: 0}
	logT := t.logTotal
	for idx := n - 1; idx >= 0; idx-- {
		found := false
		consider := func(i int, f float64) {
			r := route{freq: f, index: i}
			if v := rs[idx]; !found || v.freq < r.freq || (v.freq == r.freq && v.index < r.index) {
				rs[idx] = r
			}
			found = true
		}
		// getDag: extend the fragment a character at a time while it
		// starts some word, keeping the ends where it is one.
		for i := idx; i < n; i++ {
			freq, _, ok := t.Find(text[off[idx]:off[i+1]])
			if !ok {
				break
			}
			if freq > 0 {
				consider(i, math.Log(freq)-logT+rs[i+1].freq)
			}
		}
		if !found {
			// getDag's fallback edge, the character alone. calc looks
			// it up again: found only as the start of a word, its
			// frequency is 0 and its log -Inf; not found, gse takes 1.0.
			freq, _, ok := t.Find(text[off[idx]:off[idx+1]])
			if ok {
				consider(idx, math.Log(freq)-logT+rs[idx+1].freq)
			} else {
				consider(idx, math.Log(1.0)-logT+rs[idx+1].freq)
			}
		}
	}
	return rs
}
