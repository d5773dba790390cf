package answer

import (
	"math"
	"testing"
)

// TestRefusalModelDecides: the model overrules the rules only where it is
// sure, and a model with no coefficients leaves every decision to them.
func TestRefusalModelDecides(t *testing.T) {
	// One coefficient, on topic: the probability is σ(10·topic − 5), so
	// 0.5 at topic 0.5, 0.82 at 0.65, 0.18 at 0.35.
	m := RefusalModel{Bias: -5, Coef: []float64{10}, Answer: 0.8, Refuse: 0.2}
	tests := []struct {
		name  string
		topic float64
		rules string
		want  string
	}{
		{"sure it answers, the rules refused", 0.65, RefusedByCoverage, ""},
		{"sure it answers, the rules answered", 0.65, "", ""},
		{"unsure, the rules refused", 0.5, RefusedByNoun, RefusedByNoun},
		{"unsure, the rules answered", 0.5, "", ""},
		{"sure it does not, the rules answered", 0.35, "", RefusedByModel},
		{"sure it does not, the rules refused: their reason kept", 0.35, RefusedByCoverage, RefusedByCoverage},
	}
	for _, tt := range tests {
		if got := m.Decide(Signals{Topic: tt.topic}, tt.rules, ""); got != tt.want {
			t.Errorf("%s: Decide = %q, want %q (p %.2f)", tt.name, got, tt.want, m.Probability(Signals{Topic: tt.topic}))
		}
	}
	for _, rules := range []string{"", RefusedByCoverage} {
		if got := (RefusalModel{}).Decide(Signals{Topic: 1}, rules, ""); got != rules {
			t.Errorf("no model: Decide = %q, want the rules' %q", got, rules)
		}
	}
	// A rule of Engine.ruled is never overruled, however sure the model.
	if got := m.Decide(Signals{Topic: 1}, RefusedByNoun, RefusedByNoun); got != RefusedByNoun {
		t.Errorf("a ruled refusal: Decide = %q, want %q", got, RefusedByNoun)
	}
}

// TestSignalsVector: each signal lands in its named place, scaled.
func TestSignalsVector(t *testing.T) {
	s := Signals{Topic: 0.7, Coverage: 0.6, Missing: 6, Strongest: 12, FigureShare: 0.3, Margin: 0.2, NextTopic: 0.5, Unknown: 0.25, Words: 3, Quantity: true, StandIn: 0.4}
	v := s.Vector()
	names := SignalNames()
	if len(v) != len(names) {
		t.Fatalf("%d signals, %d names", len(v), len(names))
	}
	want := map[string]float64{"topic": 0.7, "coverage": 0.6, "missing": 0.75, "strongest": 1, "figure share": 0.3,
		"margin": 0.2, "next topic": 0.5, "unknown": 0.25, "log words": math.Log(4), "quantity": 1, "stand-in": 0.4}
	for i, n := range names {
		if math.Abs(v[i]-want[n]) > 1e-9 {
			t.Errorf("%s = %v, want %v", n, v[i], want[n])
		}
	}
	// Not a quantity question: its figure share reads as whole.
	s.Quantity = false
	if v := s.Vector(); v[4] != 1 || v[9] != 0 {
		t.Errorf("not a quantity question: figure share %v, quantity %v; want 1 and 0", v[4], v[9])
	}
}

// TestDefaultRefusalModelIsFitted: the default weights carry the fitted
// model, one coefficient a signal, thresholds around the model's middle.
func TestDefaultRefusalModelIsFitted(t *testing.T) {
	m := DefaultWeights().Refusal
	if len(m.Coef) != len(SignalNames()) {
		t.Fatalf("%d coefficients for %d signals", len(m.Coef), len(SignalNames()))
	}
	if !(m.Refuse <= 0.5 && 0.5 <= m.Answer) {
		t.Errorf("thresholds refuse %.2f, answer %.2f: the model's middle must be the rules'", m.Refuse, m.Answer)
	}
	// A passage saying every word, well ahead of the next, answers; one
	// saying a third of them, level with others, does not.
	full := Signals{Topic: 1, Coverage: 1, Strongest: 5, FigureShare: 1, Margin: 0.5, Words: 3}
	thin := Signals{Topic: 0.3, Coverage: 0.3, Missing: 6, Strongest: 2, FigureShare: 0.1, NextTopic: 0.3, Words: 3, Quantity: true, StandIn: 0.4}
	if p, q := m.Probability(full), m.Probability(thin); p < m.Answer || q >= m.Refuse {
		t.Errorf("p(full) %.2f, p(thin) %.2f; want ≥ %.2f and < %.2f", p, q, m.Answer, m.Refuse)
	}
}

// TestFittedRefusalInTheEngine: with the model on, a passage the rules
// refuse by coverage is answered when the model is sure of it, one it
// lets through is refused when the model is sure of none, a passage a
// rule of Engine.ruled refuses stays refused however sure the model, and Judged
// sees each question's best passage as the message's own reading.
func TestFittedRefusalInTheEngine(t *testing.T) {
	const close = "全省职工子女夏令营办了几期"      // the rules refuse it by coverage
	const otherCount = "单身职工联谊活动办了多少场" // its passage counts other things
	strict := *mustEngine(t)
	strict.Evidence.Fitted = true
	var seen []Judgement
	strict.Judged = func(j Judgement) { seen = append(seen, j) }
	// A model sure of every passage.
	strict.Weights.Refusal = RefusalModel{Bias: 50, Coef: make([]float64, len(SignalNames())), Answer: 0.6, Refuse: 0.4}
	a, err := strict.Ask(t.Context(), close)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || len(seen) != 1 || !seen[0].Own || seen[0].Rules != RefusedByCoverage || seen[0].Ruled != "" {
		t.Errorf("%s: found %v, judged %+v; want answered, judged once as its own reading refused by coverage", close, a.Found, seen)
	}
	// Sure of none: a passage the rules let through is refused.
	strict.Weights.Refusal.Bias = -50
	if a, err := strict.Ask(t.Context(), "工会会员有多少人"); err != nil || a.Found || a.Refusal != RefusedByModel {
		t.Errorf("a model sure of no passage: found %v, refusal %q (%v); want %q", a.Found, a.Refusal, err, RefusedByModel)
	}
	// Off, the same model changes nothing.
	strict.Evidence.Fitted = false
	if a, err := strict.Ask(t.Context(), "工会会员有多少人"); err != nil || !a.Found {
		t.Errorf("model off: found %v (%v), want the rules' answer", a.Found, err)
	}
	strict.Evidence.Fitted, strict.Weights.Refusal.Bias = true, 50
	if a, err := strict.Ask(t.Context(), otherCount); err != nil || a.Found || a.Refusal != RefusedByFigure {
		t.Errorf("%s: found %v, refusal %q (%v); a rule of ruled stands however sure the model", otherCount, a.Found, a.Refusal, err)
	}
}
