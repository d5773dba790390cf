package eval

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// choiceRow is one question's choice among candidates (a passage's
// figures, or the passages ranked for it): each candidate's features, and
// whether it is a right one.
type choiceRow struct {
	report string
	xs     [][]float64
	right  []bool
}

// errDiverged is a fit whose weights left the numbers: its step too long
// for the features' scale and the penalty.
var errDiverged = errors.New("fit: the descent diverged (a weight is not a number)")

// choiceTie is how near two weighed sums count as equal: the engine's
// own sums add credits in map order, so equal ones may differ in the last
// bits (rank's tie tolerance).
const choiceTie = 1e-9

// topRight counts the rows whose candidate weighing most by w is a right
// one: of candidates within choiceTie of the most, the first, as the
// engine takes the first of equals in the order it lists them.
func topRight(rows []choiceRow, w []float64) int {
	n := 0
	for _, r := range rows {
		best, at := math.Inf(-1), -1
		for i, x := range r.xs {
			if v := dot(w, x); v > best+choiceTie {
				best, at = v, i
			}
		}
		if at >= 0 && r.right[at] {
			n++
		}
	}
	return n
}

// dot is the weighted sum of x by w.
func dot(w, x []float64) float64 {
	sum := 0.0
	for k, v := range x {
		sum += w[k] * v
	}
	return sum
}

// choiceLogit fits weights by gradient descent on the mean negative log
// probability of each row's right candidates, as a softmax of the
// weighted sums of its candidates (conditional logit), plus penalty/2
// times the squared distance from prior. It steps at rate until no weight
// moves by fitSettled in a step, or fitMaxSteps; with no rows it returns
// the prior. The descent is stable while rate × (penalty + the largest
// curvature of the loss) < 2: a fit that leaves the numbers is
// errDiverged.
func choiceLogit(rows []choiceRow, prior []float64, penalty, rate float64) ([]float64, error) {
	w := slices.Clone(prior)
	if len(rows) == 0 {
		return w, nil
	}
	grad := make([]float64, len(prior))
	all := make([]float64, 0, 32)
	right := make([]float64, 0, 32)
	for range fitMaxSteps {
		clear(grad)
		for _, r := range rows {
			// Softmax over all the candidates and over the right ones,
			// each shifted by its own largest sum so that neither
			// underflows to 0.
			all, right = softmax(all[:0], r, w, false), softmax(right[:0], r, w, true)
			// d(−log P(right))/dw = E_all[x] − E_right[x].
			for i, x := range r.xs {
				g := all[i] - right[i]
				for k, v := range x {
					grad[k] += g * v
				}
			}
		}
		moved := 0.0
		for k := range w {
			step := rate * (grad[k]/float64(len(rows)) + penalty*(w[k]-prior[k]))
			w[k] -= step
			moved = max(moved, math.Abs(step))
		}
		if math.IsNaN(moved) || math.IsInf(moved, 0) {
			return w, errDiverged
		}
		if moved < fitSettled {
			break
		}
	}
	return w, nil
}

// softmax appends to p the probability of each of r's candidates (of its
// right ones only, others 0, when onlyRight) by the weighted sums of w.
func softmax(p []float64, r choiceRow, w []float64, onlyRight bool) []float64 {
	top := math.Inf(-1)
	for i, x := range r.xs {
		if !onlyRight || r.right[i] {
			top = max(top, dot(w, x))
		}
	}
	sum := 0.0
	for i, x := range r.xs {
		v := 0.0
		if !onlyRight || r.right[i] {
			v = math.Exp(dot(w, x) - top)
		}
		p = append(p, v)
		sum += v
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// leftOut is a fit judged leaving each report out in turn.
type leftOut struct {
	// Penalty is the one of the penalties tried whose fits, each on all
	// reports but one, choose right most often on the report left out
	// (the strongest of equals); Right is how often, and ByPenalty the
	// same for each penalty tried.
	Penalty   float64
	Right     int
	ByPenalty []int
}

// leaveOneOut fits rows (choiceLogit, from prior at rate) on all reports
// but one, for each report and each of penalties (strongest first), and
// counts how often each fit chooses right on the report left out.
func leaveOneOut(rows []choiceRow, prior []float64, penalties []float64, rate float64) (leftOut, error) {
	reportOf := func(r choiceRow) string { return r.report }
	reports := reportsOf(rows, reportOf)
	out := leftOut{Right: -1}
	for _, pen := range penalties {
		right := 0
		for _, rep := range reports {
			train, test := splitOff(rows, rep, reportOf)
			w, err := choiceLogit(train, prior, pen, rate)
			if err != nil {
				return out, err
			}
			right += topRight(test, w)
		}
		out.ByPenalty = append(out.ByPenalty, right)
		// From the strongest pull: a weaker one must choose better.
		if right > out.Right {
			out.Right, out.Penalty = right, pen
		}
	}
	return out, nil
}

// reportsOf are the reports of rows, each once, in the order first met.
func reportsOf[R any](rows []R, report func(R) string) []string {
	var reports []string
	for _, r := range rows {
		if !slices.Contains(reports, report(r)) {
			reports = append(reports, report(r))
		}
	}
	return reports
}

// goLines states fitted weights as weights.go does: one a line, named.
func goLines(weights []float64, names []string) string {
	var b strings.Builder
	for i, v := range weights {
		fmt.Fprintf(&b, "\t\t%.4f, // %s\n", v, names[i])
	}
	return b.String()
}

// splitOff splits rows into those of other reports than rep (train)
// and those of rep (test).
func splitOff[R any](rows []R, rep string, report func(R) string) (train, test []R) {
	for _, r := range rows {
		if report(r) == rep {
			test = append(test, r)
		} else {
			train = append(train, r)
		}
	}
	return train, test
}

// tuningCases are the questions of s's tuning sets, in order.
func tuningCases(s Suite) []Case {
	var cases []Case
	for _, set := range s.Sets {
		if !set.HeldOut {
			cases = append(cases, set.Cases...)
		}
	}
	return cases
}
