package eval

import (
	"context"
	"fmt"
	"io"

	"github.com/reportbot/reportbot/answer"
)

// FiguresFitted are figure weights fitted on a suite's tuning sets, and
// how often they and the hand weights choose the figure asked for.
type FiguresFitted struct {
	Weights answer.FigureWeights
	// Penalty is the pull toward the hand weights the fit was made with
	// (figurePenalties), picked leaving each report out in turn.
	Penalty float64
	// Rows is how many questions the fit read: quantity questions of
	// the tuning sets whose best-ranked passage is the right one and has
	// the figure asked for among two or more of the sort asked.
	Rows int
	// Hand and Fitted count the rows whose figure the hand and the
	// fitted weights choose right; Cross the same, each report's rows
	// chosen by weights fitted on the other reports.
	Hand, Fitted, Cross int
	// CrossByPenalty is Cross for each of figurePenalties.
	CrossByPenalty []int
}

// FitFigures fits the figure weights on the tuning sets of s only —
// held-out sets are never asked — by conditional logistic regression:
// for each quantity question whose best-ranked passage is the right one,
// the probability of the passage's figures that state the figure asked
// for, as a softmax of their weights over the passage's figures of the
// sort asked. The weights are pulled toward HandFigureWeights by a
// penalty (the hand weights are the prior: where the tuning sets say
// little of a feature its weight stays as set by hand); the penalty is
// the one of figurePenalties that chooses best leaving each report out in
// turn, fitted on the others.
func FitFigures(ctx context.Context, s Suite, base *answer.Engine) (FiguresFitted, error) {
	eng := *base
	eng.Weights.Figure = answer.HandFigureWeights()
	var out FiguresFitted
	var rows []choiceRow
	for _, c := range tuningCases(s) {
		if c.Figure == "" {
			continue
		}
		var last *answer.FigureChoice
		eng.FiguresWeighed = func(fc answer.FigureChoice) { last = &fc }
		if _, err := eng.Ask(ctx, c.Question); err != nil {
			return out, fmt.Errorf("%q: %w", c.Question, err)
		}
		if last == nil || !isKeyed(last.Passage, c.Key, c.Report) {
			continue
		}
		row := choiceRow{report: c.Report}
		anyRight := false
		for i, x := range last.Features {
			if x == nil {
				continue
			}
			right := statesWhole(last.Figures[i].Text, c.Figure)
			anyRight = anyRight || right
			row.xs, row.right = append(row.xs, x), append(row.right, right)
		}
		if anyRight && len(row.xs) > 1 {
			rows = append(rows, row)
		}
	}
	out.Rows = len(rows)
	if out.Rows == 0 {
		return out, fmt.Errorf("fit: no tuning question chose among figures")
	}
	hand := answer.HandFigureWeights()
	out.Hand = topRight(rows, hand[:])
	lo, err := leaveOneOut(rows, hand[:], figurePenalties, figureRate)
	if err != nil {
		return out, err
	}
	out.Penalty, out.Cross, out.CrossByPenalty = lo.Penalty, lo.Right, lo.ByPenalty
	w, err := choiceLogit(rows, hand[:], out.Penalty, figureRate)
	if err != nil {
		return out, err
	}
	copy(out.Weights[:], w)
	out.Fitted = topRight(rows, w)
	return out, nil
}

// figurePenalties are the pulls toward the hand weights FitFigures
// tries, strongest first: at 1 the fit barely moves from them (it chose
// as they do on the tuning sets, twenty-third stop), at 0.003 it is
// pulled little toward them and chose worse than they do leaving each
// report out; 0.03 and 0.01 chose best.
var figurePenalties = []float64{1, 0.1, 0.03, 0.01, 0.003}

// figureRate is the descent's step: the word features are idf sums up to
// about 20, so a larger step overshoots on them.
const figureRate = 0.01

// WriteFigureFit prints a figure-weight fit and the weights as
// weights.go states them.
func WriteFigureFit(w io.Writer, f FiguresFitted) {
	fmt.Fprintf(w, "tuning sets only: %d quantity questions choosing among their best passage's figures\n", f.Rows)
	fmt.Fprintf(w, "hand weights choose right %d; fitted %d; each report left out in turn %d (penalty %g; by penalty %v of %v)\n",
		f.Hand, f.Fitted, f.Cross, f.Penalty, f.CrossByPenalty, figurePenalties)
	fmt.Fprintf(w, "answer.FigureWeights{\n%s\t}\n", goLines(f.Weights[:], answer.FigureFeatureNames()))
}
