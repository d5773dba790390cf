package eval

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/reportbot/reportbot/answer"
)

// Fitted is a refusal model fitted on a suite's tuning sets, and how the
// tuning questions fare with the rules alone and with it.
type Fitted struct {
	Model answer.RefusalModel
	// Rows is how many best passages the model was fitted on: those no
	// rule refuses whatever the weights, of negatives and of questions
	// whose best passage is the right one.
	Rows int
	// Questions and Negatives count the tuning questions; the rest are
	// how many the rules alone, and the rules with the model, answer
	// right and refuse.
	Questions, Negatives       int
	RulesRight, RulesRefused   int
	FittedRight, FittedRefused int
}

// fitRow is one question's best passage as the fit reads it.
type fitRow struct {
	signals answer.Signals
	// open: no rule refuses the passage whatever the weights, so the
	// model may decide.
	open bool
	// rules: the rules alone answer it.
	rules bool
	// right: a question (not a negative) whose best passage is the
	// right one.
	right, negative bool
}

// Fit fits the refusal model on the tuning sets of s only — held-out
// sets are never asked — by logistic regression of "the best passage is
// the right one" (questions) against "there is none" (near-miss
// negatives, weighted by questions over negatives, as the score counts
// them), then
// picks its two thresholds: the pair of fitThresholds that does best on
// the tuning questions ((passage top-1 + negatives refused) / 2, over
// all tuning questions at once) without answering fewer right, more
// wrong or refusing fewer negatives than the rules alone; of pairs
// alike, the one that refuses more.
func Fit(ctx context.Context, s Suite, base *answer.Engine) (Fitted, error) {
	eng := *base
	eng.Evidence.Fitted = false // the rules alone: what the model is fitted beside
	var rows []fitRow
	var out Fitted
	ask := func(q string, negative bool, key, report string) error {
		var j *answer.Judgement
		eng.Judged = func(got answer.Judgement) { j = &got }
		a, err := eng.Ask(ctx, q)
		if err != nil {
			return fmt.Errorf("%q: %w", q, err)
		}
		if j == nil || !j.Own {
			// Refused before ranking (a year, a place): the model never
			// sees it.
			rows = append(rows, fitRow{negative: negative})
			return nil
		}
		right := !negative && (report == "" || j.Passage.ReportID == report) && says(j.Passage.Text, j.Passage.Captions, key)
		rows = append(rows, fitRow{signals: j.Signals, open: j.Ruled == "", rules: a.Found, right: right, negative: negative})
		return nil
	}
	for _, set := range s.Sets {
		if set.HeldOut {
			continue
		}
		for _, c := range set.Cases {
			if err := ask(c.Question, false, c.Key, c.Report); err != nil {
				return out, err
			}
			out.Questions++
		}
		for _, q := range set.Negatives {
			if err := ask(q, true, "", ""); err != nil {
				return out, err
			}
			out.Negatives++
		}
	}
	if out.Questions == 0 || out.Negatives == 0 {
		return out, fmt.Errorf("fit: the suite's tuning sets need questions and negatives (%d, %d)", out.Questions, out.Negatives)
	}
	var xs [][]float64
	var ys, ws []float64
	negWeight := float64(out.Questions) / float64(out.Negatives)
	for _, r := range rows {
		if !r.open || !r.negative && !r.right {
			// A question whose best passage is wrong says nothing of
			// whether a right one answers: left out.
			continue
		}
		xs = append(xs, r.signals.Vector())
		if r.negative {
			ys, ws = append(ys, 0), append(ws, negWeight)
		} else {
			ys, ws = append(ys, 1), append(ws, 1)
		}
	}
	out.Rows = len(xs)
	bias, coef := logistic(xs, ys, ws)
	var rulesWrong int
	out.RulesRight, out.RulesRefused, rulesWrong = tally(rows, func(r fitRow) bool { return r.rules })
	score := func(right, refused int) float64 {
		return (float64(right)/float64(out.Questions) + float64(refused)/float64(out.Negatives)) / 2
	}
	// The thresholds tried, from most refusing to least: a passage the
	// rules refuse answers from Answer (1.01: never), one they let
	// through is refused below Refuse (0: never). The model's middle,
	// 0.4–0.6, is always left to the rules.
	best := -1.0
	for _, ans := range []float64{1.01, 0.9, 0.8, 0.7, 0.6} {
		for _, ref := range []float64{0.4, 0.3, 0.2, 0.1, 0} {
			m := answer.RefusalModel{Bias: bias, Coef: coef, Answer: ans, Refuse: ref}
			right, refused, wrong := tally(rows, func(r fitRow) bool {
				if !r.open {
					return r.rules
				}
				by := ""
				if !r.rules {
					by = answer.RefusedByCoverage // any rule: Decide only asks whether one refused
				}
				return m.Decide(r.signals, by) == ""
			})
			if right < out.RulesRight || refused < out.RulesRefused || wrong > rulesWrong {
				continue
			}
			// Ranged from most refusing: a later pair must do better.
			if sc := score(right, refused); sc > best+1e-12 {
				best, out.Model, out.FittedRight, out.FittedRefused = sc, m, right, refused
			}
		}
	}
	if best < 0 {
		return out, fmt.Errorf("fit: no thresholds do as well as the rules alone")
	}
	return out, nil
}

// tally counts the questions answered right, the negatives refused and
// the questions answered with a wrong passage when answered(row) decides.
func tally(rows []fitRow, answered func(fitRow) bool) (right, refused, wrong int) {
	for _, r := range rows {
		switch a := answered(r); {
		case r.negative && !a:
			refused++
		case !r.negative && a && r.right:
			right++
		case !r.negative && a:
			wrong++
		}
	}
	return right, refused, wrong
}

// logistic fits a weighted logistic regression by gradient descent:
// fitIterations steps of fitRate, with an L2 penalty of fitPenalty on
// the coefficients (not the bias) that keeps a signal few rows tell
// apart from growing without bound.
func logistic(xs [][]float64, ys, ws []float64) (float64, []float64) {
	if len(xs) == 0 {
		return 0, nil
	}
	n := len(xs[0])
	coef := make([]float64, n)
	bias := 0.0
	total := 0.0
	for _, w := range ws {
		total += w
	}
	grad := make([]float64, n)
	for range fitIterations {
		gb := 0.0
		clear(grad)
		for i, x := range xs {
			z := bias
			for k, v := range x {
				z += coef[k] * v
			}
			d := (1/(1+math.Exp(-max(min(z, 30), -30))) - ys[i]) * ws[i]
			gb += d
			for k, v := range x {
				grad[k] += d * v
			}
		}
		bias -= fitRate * gb / total
		for k := range coef {
			coef[k] -= fitRate * (grad[k]/total + fitPenalty*coef[k])
		}
	}
	return bias, coef
}

// The descent's settings: the signals are scaled to about 0–1
// (Signals.Vector), so a rate of 0.5 converges without overshooting, and
// 3000 steps leave the coefficients moving in their third decimal.
const (
	fitIterations = 3000
	fitRate       = 0.5
	fitPenalty    = 1e-3
)

// WriteFit prints a fit: the tuning numbers with the rules alone and with
// the model, and the model as weights.go states it.
func WriteFit(w io.Writer, f Fitted) {
	fmt.Fprintf(w, "tuning sets only: %d questions, %d negatives; fitted on %d best passages\n", f.Questions, f.Negatives, f.Rows)
	fmt.Fprintf(w, "rules alone:      passage %.1f%%, negatives refused %.1f%%\n", pct(f.RulesRight, f.Questions), pct(f.RulesRefused, f.Negatives))
	fmt.Fprintf(w, "with the model:   passage %.1f%%, negatives refused %.1f%%\n", pct(f.FittedRight, f.Questions), pct(f.FittedRefused, f.Negatives))
	names := answer.SignalNames()
	var b strings.Builder
	for i, c := range f.Model.Coef {
		fmt.Fprintf(&b, "\t\t%.4f, // %s\n", c, names[i])
	}
	fmt.Fprintf(w, "answer.RefusalModel{Bias: %.4f, Answer: %.2f, Refuse: %.2f, Coef: []float64{\n%s\t}}\n", f.Model.Bias, f.Model.Answer, f.Model.Refuse, b.String())
}

func pct(a, b int) float64 { return 100 * ratio(a, b) }
