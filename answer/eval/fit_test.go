package eval

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/index"
)

// TestLogisticSeparates: the descent finds a boundary a signal draws,
// weighting a class up moves it.
func TestLogisticSeparates(t *testing.T) {
	var xs [][]float64
	var ys, ws []float64
	for i := range 21 {
		x := float64(i) / 20
		y := 0.0
		if x > 0.5 {
			y = 1
		}
		xs, ys, ws = append(xs, []float64{x}), append(ys, y), append(ws, 1)
	}
	bias, coef := logistic(xs, ys, ws)
	p := func(x float64) float64 { return 1 / (1 + math.Exp(-(bias + coef[0]*x))) }
	if p(0.9) < 0.8 || p(0.1) > 0.2 || coef[0] <= 0 {
		t.Errorf("p(0.9) %.2f, p(0.1) %.2f (coef %.2f): want the boundary near 0.5", p(0.9), p(0.1), coef[0])
	}
	for i := range ws {
		if ys[i] == 0 {
			ws[i] = 5
		}
	}
	bias2, coef2 := logistic(xs, ys, ws)
	if 1/(1+math.Exp(-(bias2+coef2[0]*0.6))) >= p(0.6) {
		t.Error("negatives weighted up, yet p(0.6) did not fall")
	}
}

// TestDefaultRefusalModelIsTheFit: the refusal model the engine uses is
// the one eval --fit finds on the suite's tuning sets, no coefficient set
// by hand; a change to the signals, the rules or the tuning sets that
// moves the fit fails here until weights.go is refitted.
func TestDefaultRefusalModelIsTheFit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the tuning sets")
	}
	suite, reports := loadSuite(t)
	ctx := context.Background()
	// Each analyzer's engine has the model fitted on its own signals.
	analyzers := []string{index.AnalyzerGse, index.AnalyzerCJK}
	contenders, closeAll, err := Contenders(ctx, reports, analyzers)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	for i, c := range contenders {
		an := analyzers[i]
		f, err := Fit(ctx, suite, c.Answer)
		if err != nil {
			t.Fatal(err)
		}
		want := answer.FittedRefusal(an)
		if got := c.Answer.Weights.Refusal; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the engine's refusal model is %+v, not FittedRefusal(%q) %+v", an, got, an, want)
		}
		// weights.go states them to four decimals.
		const tol = 1e-3
		same := math.Abs(f.Model.Bias-want.Bias) < tol && f.Model.Answer == want.Answer && f.Model.Refuse == want.Refuse && len(f.Model.Coef) == len(want.Coef)
		for k := range min(len(f.Model.Coef), len(want.Coef)) {
			same = same && math.Abs(f.Model.Coef[k]-want.Coef[k]) < tol
		}
		if !same {
			t.Errorf("%s: the fit moved: refit with `reportbot eval --fit --analyzer %s` and state it in weights.go\ngot  %+v\nwant %+v", an, an, f.Model, want)
		}
		// Fit keeps only thresholds no worse than the rules; the model
		// must also be better somewhere, or it is not worth reading.
		if f.With.Right+f.With.Refused <= f.Rules.Right+f.Rules.Refused {
			t.Errorf("%s: with the model %d right, %d refused; the rules alone %d, %d: no gain", an, f.With.Right, f.With.Refused, f.Rules.Right, f.Rules.Refused)
		}
	}
}

// TestChoiceLogitLearnsAndHolds: a feature telling the right candidate
// from the others gains weight when the pull toward the prior is weak,
// hardly moves when it is strong, and a step too long for the penalty is
// reported, not returned as weights.
func TestChoiceLogitLearnsAndHolds(t *testing.T) {
	// Each row: two candidates alike but for feature 1, which the right
	// one has; the prior weighs feature 0, which here points the wrong
	// way, and gives feature 1 nothing.
	var rows []choiceRow
	for range 20 {
		rows = append(rows, choiceRow{report: "r", xs: [][]float64{{1, 0}, {0, 1}}, right: []bool{false, true}})
	}
	prior := []float64{2, 0}
	if n := topRight(rows, prior); n != 0 {
		t.Fatalf("the prior chooses %d right, want 0", n)
	}
	loose, err := choiceLogit(rows, prior, 0.001, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	if n := topRight(rows, loose); n != len(rows) {
		t.Errorf("fitted with a weak pull: %d of %d right (weights %v)", n, len(rows), loose)
	}
	// 50 at rate 0.01: rate × penalty = 0.5, well inside the stable range.
	tight, err := choiceLogit(rows, prior, 50, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	for k := range prior {
		if math.IsNaN(tight[k]) || math.Abs(tight[k]-prior[k]) > 0.05 {
			t.Errorf("fitted with a strong pull the weights moved: %v", tight)
		}
	}
	if _, err := choiceLogit(rows, prior, 1000, 0.01); !errors.Is(err, errDiverged) {
		t.Errorf("rate × penalty = 10: err %v, want errDiverged", err)
	}
	if w, err := choiceLogit(nil, prior, 1, 0.01); err != nil || w[0] != prior[0] || w[1] != prior[1] {
		t.Errorf("no rows: %v, %v; want the prior", w, err)
	}
}

// TestLeaveOneOutPicksThePenalty: with two reports that agree, a weak
// pull learns on one what the other needs, and is the penalty picked.
func TestLeaveOneOutPicksThePenalty(t *testing.T) {
	var rows []choiceRow
	for _, rep := range []string{"a", "b"} {
		for range 10 {
			rows = append(rows, choiceRow{report: rep, xs: [][]float64{{1, 0}, {0, 1}}, right: []bool{false, true}})
		}
	}
	lo, err := leaveOneOut(rows, []float64{2, 0}, []float64{50, 0.001}, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	if lo.Penalty != 0.001 || lo.Right != 20 || len(lo.ByPenalty) != 2 || lo.ByPenalty[0] != 0 {
		t.Errorf("left out: %+v; want penalty 0.001 choosing all 20 right, 50 none", lo)
	}
}
