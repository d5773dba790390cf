package answer

import (
	"strings"

	"github.com/reportbot/reportbot/corpus"
)

// chooseFigure picks the figure whose own words (its list item or clause)
// best match the question, preferring the kind and unit the question asks
// for. Words found only in a neighbouring figure's item count against it.
func chooseFigure(figs []corpus.Figure, terms []term, in intent) *Figure {
	var (
		best      *corpus.Figure
		bestScore = -1e9
	)
	for i := range figs {
		f := &figs[i]
		own := f.Before + f.After + f.Label
		score := 0.0
		for _, t := range terms {
			w := t.idf * t.factor
			switch {
			case strings.Contains(own, t.text):
				score += w
			case strings.Contains(f.Clause, t.text):
				score += 0.4 * w
			}
		}
		score += kindFit(f, in)
		if score > bestScore {
			best, bestScore = f, score
		}
	}
	if best == nil {
		return nil
	}
	return &Figure{Text: best.Text, Label: best.Label, Kind: string(best.Kind)}
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
