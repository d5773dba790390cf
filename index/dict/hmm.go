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
// Adapted by the reportbot authors from gse v0.80.3, hmm/hmm_seg.go (Cut,
// internalCut, locJudge), hmm/viterbi.go (Viterbi, probStart, prevStatus)
// and hmm/prob_trans.go (probTrans); the model's numbers are jieba's, as
// gse says. Changed: the emission probabilities come from the compiled
// Table instead of the maps gse builds on LoadModel (35k entries built at
// start); Viterbi keeps its scores in arrays and back-pointers instead of
// maps of paths (the same sums in the same order, the same choice between
// equal scores: the larger state byte, as gse's reversed sort gives);
// results are substrings instead of new strings. A copy of gse's licence
// is in LICENSE.gse beside this file.

package dict

import "regexp"

// The HMM's states, in the order of their bytes 'B', 'E', 'M', 'S' (begin,
// end, middle of a word, single): gse breaks ties between equal scores by
// the larger byte, and so by the larger index here.
const (
	stateB = iota
	stateE
	stateM
	stateS
)

// minFloat is gse's log probability of what its model has no number for.
const minFloat = -3.14e100

var (
	// probStart is gse's start probability per state.
	probStart = [4]float64{
		stateB: -0.26268660809250016,
		stateE: -3.14e+100,
		stateM: -3.14e+100,
		stateS: -1.4652633398537678,
	}
	// probTrans[from][to] is gse's transition probability; the pairs gse
	// has no number for are never reached from prevStatus.
	probTrans = [4][4]float64{
		stateB: {stateE: -0.510825623765990, stateM: -0.916290731874155, stateB: minFloat, stateS: minFloat},
		stateE: {stateB: -0.5897149736854513, stateS: -0.8085250474669937, stateE: minFloat, stateM: minFloat},
		stateM: {stateE: -0.33344856811948514, stateM: -1.2603623820268226, stateB: minFloat, stateS: minFloat},
		stateS: {stateB: -0.7211965654669841, stateS: -0.6658631448798212, stateE: minFloat, stateM: minFloat},
	}
	// prevStatus lists the states that may precede each, in gse's order.
	prevStatus = [4][2]int{
		stateB: {stateE, stateS},
		stateM: {stateM, stateB},
		stateS: {stateS, stateE},
		stateE: {stateB, stateM},
	}
	// gse's default expressions: Chinese characters go to Viterbi,
	// numbers and Latin words stay whole.
	regHan  = regexp.MustCompile(`\p{Han}+`)
	regSkip = regexp.MustCompile(`(\d+\.\d+|[a-zA-Z0-9]+)`)
)

// appendHMM appends the words of text as gse's hmm.Cut cuts it (with its
// default expressions): runs of Chinese characters by Viterbi, numbers and
// Latin words whole, anything between them as it is.
func (t *Table) appendHMM(result []string, text string) []string {
	for {
		cutLoc := regHan.FindStringIndex(text)
		if cutLoc == nil {
			if len(text) == 0 {
				break
			}
		} else if cutLoc[0] == 0 {
			cuts := text[cutLoc[0]:cutLoc[1]]
			text = text[cutLoc[1]:]
			result = t.appendViterbi(result, cuts)
			continue
		}

		nonCutLoc := regSkip.FindStringIndex(text)
		if nonCutLoc == nil {
			if len(text) == 0 {
				break
			}
		} else if nonCutLoc[0] == 0 {
			nonCuts := text[nonCutLoc[0]:nonCutLoc[1]]
			text = text[nonCutLoc[1]:]
			if nonCuts != "" {
				result = append(result, nonCuts)
				continue
			}
		}

		loc := locJudge(text, cutLoc, nonCutLoc)
		if loc == nil {
			result = append(result, text)
			break
		}
		result = append(result, text[:loc[0]])
		text = text[loc[0]:]
	}
	return result
}

// locJudge is gse's: the nearer of the two matches.
func locJudge(str string, cutLoc, nonCutLoc []int) (loc []int) {
	if cutLoc == nil && nonCutLoc == nil {
		if len(str) > 0 {
			return nil
		}
	} else if cutLoc == nil {
		loc = nonCutLoc
	} else if nonCutLoc == nil || cutLoc[0] < nonCutLoc[0] {
		loc = cutLoc
	} else {
		loc = nonCutLoc
	}
	return
}

// appendViterbi is gse's internalCut: the words of a run of Chinese
// characters by the most probable state sequence.
func (t *Table) appendViterbi(result []string, text string) []string {
	var (
		obs []rune
		off []int
	)
	for i, r := range text {
		obs = append(obs, r)
		off = append(off, i)
	}
	off = append(off, len(text))
	_, states := t.viterbi(obs)
	begin, next := 0, 0
	for i := range obs {
		switch states[i] {
		case stateB:
			begin = i
		case stateE:
			result = append(result, text[off[begin]:off[i+1]])
			next = i + 1
		case stateS:
			result = append(result, text[off[i]:off[i+1]])
			next = i + 1
		}
	}
	if next < len(obs) {
		result = append(result, text[off[next]:])
	}
	return result
}

// viterbi is gse's Viterbi over the states B, M, E, S: the most probable
// state of each character, the last one E or S, and its log probability.
func (t *Table) viterbi(obs []rune) (float64, []int) {
	n := len(obs)
	vtb := make([][4]float64, n)
	back := make([][4]int, n)
	em := t.emission(obs[0])
	for y := range 4 {
		vtb[0][y] = em[y] + probStart[y]
	}
	for i := 1; i < n; i++ {
		em = t.emission(obs[i])
		for y := range 4 {
			a, b := prevStatus[y][0], prevStatus[y][1]
			pa := vtb[i-1][a] + probTrans[a][y] + em[y]
			pb := vtb[i-1][b] + probTrans[b][y] + em[y]
			// gse sorts the two candidates in reverse and takes the
			// first: the higher score, or on a tie the larger state.
			if pa > pb || (pa == pb && a > b) {
				vtb[i][y], back[i][y] = pa, a
			} else {
				vtb[i][y], back[i][y] = pb, b
			}
		}
	}
	last := stateS
	if vtb[n-1][stateE] > vtb[n-1][stateS] {
		last = stateE
	}
	prob := vtb[n-1][last]
	states := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		states[i] = last
		last = back[i][last]
	}
	return prob, states
}
