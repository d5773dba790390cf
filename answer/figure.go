package answer

import (
	"strings"

	"github.com/reportbot/reportbot/corpus"
)

// toFigure is a chosen figure as the answer shows it.
func toFigure(f *corpus.Figure) *Figure {
	if f == nil {
		return nil
	}
	return &Figure{Text: f.Text, Label: f.Label, Kind: string(f.Kind)}
}

// bestFigure picks the figure whose own words (its list item or clause)
// best match the question, preferring the kind and unit the question asks
// for; words found only in a neighbouring figure's item count against it.
// It returns the figure, its score, and the part of
// the score earned by the question's words (without the kind fit).
func bestFigure(figs []corpus.Figure, terms []term, in intent) (*corpus.Figure, float64, float64) {
	var (
		best      *corpus.Figure
		bestScore = -1e9
		bestWords float64
	)
	owns := make([]string, len(figs))
	for i, f := range figs {
		// Joined with a break, so no word is found across two parts
		// ("工会会员"+"工会会员" holds "员工").
		owns[i] = f.Before + "\n" + f.After + "\n" + f.Label
	}
	for i := range figs {
		f := &figs[i]
		own := owns[i]
		words := 0.0
		for _, t := range terms {
			w := t.idf * t.factor
			switch {
			case strings.Contains(own, t.text):
				words += w
			case strings.Contains(f.Parent, t.text):
				words += 0.9 * w
			case t.topical && inOther(owns, i, t.text):
				// Items of a list differ by their nouns: a noun of the
				// question that names a neighbouring item points away.
				words -= 0.5 * w
			case strings.Contains(f.Clause, t.text):
				words += 0.4 * w
			}
		}
		if score := words + kindFit(f, in); score > bestScore {
			best, bestScore, bestWords = f, score, words
		}
	}
	return best, bestScore, bestWords
}

// kindFit rewards a figure of the kind and unit the question asks for.
func kindFit(f *corpus.Figure, in intent) float64 {
	fit := 0.0
	switch {
	case in.kind == "count" && (f.Kind == corpus.KindCount):
		fit += 1
	case string(f.Kind) == in.kind:
		fit += 3
	case in.kind == "date" || in.kind == "percent" || f.Kind == corpus.KindDate:
		fit -= 3
	}
	if in.unit != "" {
		switch {
		case f.Unit == in.unit || strings.HasSuffix(f.Unit, in.unit):
			fit += 2
		case unitFamily(f.Unit) == unitFamily(in.unit):
			fit += 1
		}
	}
	return fit
}

// inOther reports whether s occurs in a figure context other than owns[i].
func inOther(owns []string, i int, s string) bool {
	for j, o := range owns {
		if j != i && strings.Contains(o, s) {
			return true
		}
	}
	return false
}
