package eval

import (
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/reportbot/reportbot/answer"
)

// Calibration is one point of the weights grid and how it did on the
// tuning sets.
type Calibration struct {
	Weights answer.Weights
	// Score is the mean over tuning sets of (passage top-1 + negatives
	// refused) / 2: answering and refusing count alike.
	Score float64
}

// Grid is the values Calibrate tries for each weight.
type Grid struct {
	MinCoverage, UnknownNoun, UnknownOther, MinFigureShare, MissingNoun []float64
}

// Calibrate tries every combination of the candidate values on the tuning
// sets of s only — held-out sets are never looked at — and returns the
// points best first.
func Calibrate(ctx context.Context, s Suite, base *answer.Engine, g Grid) ([]Calibration, error) {
	var out []Calibration
	missing := g.MissingNoun
	if len(missing) == 0 {
		missing = []float64{base.Weights.MissingNoun}
	}
	for _, mc := range g.MinCoverage {
		for _, un := range g.UnknownNoun {
			for _, uo := range g.UnknownOther {
				for _, fs := range g.MinFigureShare {
					for _, mn := range missing {
						w := base.Weights
						w.MinCoverage, w.UnknownNoun, w.UnknownOther, w.MinFigureShare, w.MissingNoun = mc, un, uo, fs, mn
						eng := *base
						eng.Weights = w
						// The thresholds alone: the refusal model is fitted
						// after them (eval --fit), not beside them.
						eng.Evidence.Fitted = false
						score, sets := 0.0, 0
						for _, set := range s.Sets {
							if set.HeldOut {
								continue
							}
							r, err := Run(ctx, &eng, "calibrate", set.Cases, set.Negatives)
							if err != nil {
								return nil, err
							}
							score += (r.PassageAccuracy() + r.RefusedRate()) / 2
							sets++
						}
						if sets == 0 {
							return nil, fmt.Errorf("calibrate: the suite has no tuning sets")
						}
						out = append(out, Calibration{Weights: w, Score: score / float64(sets)})
					}
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	// Among points within tieScore of the best, the one that refuses most
	// (highest MinCoverage) comes first: a wrong answer misleads a member
	// more than "the reports do not say".
	best := out[0].Score
	sort.SliceStable(out, func(i, j int) bool {
		ti, tj := best-out[i].Score <= tieScore, best-out[j].Score <= tieScore
		if ti && tj {
			return out[i].Weights.MinCoverage > out[j].Weights.MinCoverage
		}
		return ti && !tj
	})
	return out, nil
}

// tieScore is how close to the best score counts as a tie: one question
// of a 30-question tuning set moves the mean over four sets of
// (passage + refused) / 2 by 1/30 × 1/2 × 1/4 ≈ 0.004.
const tieScore = 0.005

// WriteCalibration prints the best n points.
func WriteCalibration(w io.Writer, points []Calibration, n int) {
	fmt.Fprintln(w, "tuning sets only; score = mean of (passage top-1 + negatives refused) / 2")
	for i, p := range points {
		if i == n {
			break
		}
		fmt.Fprintf(w, "%.3f  MinCoverage %.2f  UnknownNoun %.2f  UnknownOther %.2f  MinFigureShare %.2f  MissingNoun %.1f  Synonym %.2f\n",
			p.Score, p.Weights.MinCoverage, p.Weights.UnknownNoun, p.Weights.UnknownOther, p.Weights.MinFigureShare, p.Weights.MissingNoun, p.Weights.Synonym)
	}
}
