package eval

import (
	"context"
	"fmt"
	"io"

	"github.com/reportbot/reportbot/answer"
)

// RankFitted are rank weights fitted on a suite's tuning sets, and how
// often they and the hand weights rank a right passage first.
type RankFitted struct {
	Weights answer.RankWeights
	// Scale is how sharp the hand weights' softmax fits best (the prior
	// is the hand weights times it); Penalty the pull toward that prior
	// (rankPenalties), picked leaving each report out in turn.
	Scale, Penalty float64
	// Rows is how many questions the fit read: tuning questions with a
	// right passage among two or more candidates.
	Rows int
	// Hand and Fitted count the rows whose first-ranked candidate is
	// right by the hand and the fitted weights; Cross the same, each
	// report's rows ranked by weights fitted on the other reports, and
	// CrossByPenalty Cross at each of rankPenalties.
	Hand, Fitted, Cross int
	CrossByPenalty      []int
}

// FitRank fits the rank weights on the tuning sets of s only — held-out
// sets are never asked — by conditional logistic regression: for each
// question, the probability of its right candidates (passages saying its
// key, in its report) as a softmax of their scores over all candidates.
// The prior is the hand weights, sharpened by the one scale that fits
// them best (a score is only read against others, so the hand weights'
// scale is arbitrary); the fit is pulled toward it by the penalty of
// rankPenalties that ranks best leaving each report out in turn, and
// stated at the hand weights' scale again.
func FitRank(ctx context.Context, s Suite, base *answer.Engine) (RankFitted, error) {
	eng := *base
	eng.Weights.Rank = answer.RankWeights{}
	var out RankFitted
	var rows []choiceRow
	for _, c := range tuningCases(s) {
		var last *answer.RankChoice
		eng.Ranked = func(rc answer.RankChoice) { last = &rc }
		if _, err := eng.Ask(ctx, c.Question); err != nil {
			return out, fmt.Errorf("%q: %w", c.Question, err)
		}
		if last == nil || len(last.Passages) < 2 {
			continue
		}
		row := choiceRow{report: c.Report}
		anyRight := false
		for i, p := range last.Passages {
			right := isKeyed(p, c.Key, c.Report)
			anyRight = anyRight || right
			row.xs, row.right = append(row.xs, last.Features[i]), append(row.right, right)
		}
		if anyRight {
			rows = append(rows, row)
		}
	}
	out.Rows = len(rows)
	if out.Rows == 0 {
		return out, fmt.Errorf("fit: no tuning question ranked a right passage")
	}
	hand := answer.HandRankWeights(base.Weights.Proximity)
	out.Hand = topRight(rows, hand[:])
	// The hand weights' scale: one weight on their score.
	scored := make([]choiceRow, len(rows))
	for i, r := range rows {
		scored[i] = choiceRow{report: r.report, right: r.right}
		for _, x := range r.xs {
			scored[i].xs = append(scored[i].xs, []float64{dot(hand[:], x)})
		}
	}
	scale, err := choiceLogit(scored, []float64{1}, 0, rankRate)
	if err != nil {
		return out, err
	}
	out.Scale = scale[0]
	prior := make([]float64, len(hand))
	for k := range hand {
		prior[k] = out.Scale * hand[k]
	}
	lo, err := leaveOneOut(rows, prior, rankPenalties, rankRate)
	if err != nil {
		return out, err
	}
	out.Penalty, out.Cross, out.CrossByPenalty = lo.Penalty, lo.Right, lo.ByPenalty
	w, err := choiceLogit(rows, prior, out.Penalty, rankRate)
	if err != nil {
		return out, err
	}
	for k := range w {
		out.Weights[k] = w[k] / out.Scale
	}
	out.Fitted = topRight(rows, out.Weights[:])
	return out, nil
}

// rankPenalties are the pulls toward the prior FitRank tries, strongest
// first, a factor of about 3 apart.
var rankPenalties = []float64{1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001}

// rankRate is the descent's step: the features run from −1 to 4 (the
// figure's fit, the label's extra characters), most 0–1, so 0.5 settles
// without diverging (twenty-third stop; choiceLogit says when it does).
const rankRate = 0.5

// WriteRankFit prints a rank-weight fit and the weights as weights.go
// states them.
func WriteRankFit(w io.Writer, f RankFitted) {
	fmt.Fprintf(w, "tuning sets only: %d questions with a right passage among their candidates\n", f.Rows)
	fmt.Fprintf(w, "hand weights rank it first %d; fitted %d; each report left out in turn %d (scale %.2f, penalty %g; by penalty %v of %v)\n",
		f.Hand, f.Fitted, f.Cross, f.Scale, f.Penalty, f.CrossByPenalty, rankPenalties)
	fmt.Fprintf(w, "answer.RankWeights{\n%s\t}\n", goLines(f.Weights[:], answer.RankFeatureNames()))
}
