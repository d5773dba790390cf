package corpus

import (
	"math"
	"unicode"
)

// attachCaptions gives each caption to the passage it describes. Newspaper
// layouts put photos (and so their captions) wherever they fit, often far
// from the story, so a caption goes to the passage sharing most of its
// character bigrams; with too little in common it stays with the passage
// that follows it in the text.
func attachCaptions(r *Report, paragraphs []paragraph) {
	sets := make([]map[string]bool, len(r.Passages))
	df := map[string]int{}
	for i, p := range r.Passages {
		sets[i] = bigrams(p.Text)
		for g := range sets[i] {
			df[g]++
		}
	}
	for _, c := range r.Captions {
		grams := bigramList(c.Text)
		best, bestScore := -1, 0.0
		for i := range r.Passages {
			// Rare shared bigrams count most, and a caption leads with its
			// topic, so earlier bigrams weigh more.
			score := 0.0
			for k, g := range grams {
				if sets[i][g] {
					score += math.Log(1+float64(len(sets))/float64(df[g])) * (1 + 1/float64(1+k))
				}
			}
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if bestScore < minCaptionScore {
			best = followingPassage(r, paragraphs, c.Position)
		}
		r.Passages[best].Captions = append(r.Passages[best].Captions, c)
	}
}

// followingPassage is the first passage of the first paragraph after block
// position pos, or the last passage. It is found by the paragraph's
// index, not its text: a paragraph said twice (a slogan, a boilerplate
// sentence) would give the caption to the first copy, before it.
func followingPassage(r *Report, paragraphs []paragraph, pos int) int {
	for _, p := range paragraphs {
		if p.block > pos {
			return p.passage
		}
	}
	return len(r.Passages) - 1
}

// minCaptionScore is about two rare bigrams in common.
const minCaptionScore = 5.0

// bigramList is the sequence of distinct adjacent Han character pairs in s.
func bigramList(s string) []string {
	var out []string
	seen := map[string]bool{}
	var prev rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			if g := string([]rune{prev, r}); prev != 0 && !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
			prev = r
		} else {
			prev = 0
		}
	}
	return out
}

// bigrams is the set of adjacent Han character pairs in s.
func bigrams(s string) map[string]bool {
	set := map[string]bool{}
	var prev rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			if prev != 0 {
				set[string([]rune{prev, r})] = true
			}
			prev = r
		} else {
			prev = 0
		}
	}
	return set
}
