package answer

import (
	"math"
)

// Signals are what the engine knows, after ranking, about how well the
// best-ranked passage fits a question: the evidence the refusal rules
// read one threshold at a time, read together by a fitted model
// (RefusalModel).
type Signals struct {
	// Topic and Coverage are the shares of the question's weight the
	// passage covers (candidate.topic, candidate.answerCoverage).
	Topic, Coverage float64
	// Missing is the rarity (idf) of the rarest noun of the question's
	// own that the reports use and neither the passage nor its context
	// says (0: none).
	Missing float64
	// Strongest is the rarity of the rarest question word the passage
	// itself says.
	Strongest float64
	// FigureShare is the share of the question's weight in the words of
	// the figure chosen, for a quantity question (1 for any other).
	FigureShare float64
	// Margin is how far the passage's score is ahead of the next best
	// passage's: a passage well ahead is likelier the one meant than one
	// of several alike. It is 0 when no other passage says a word of the
	// question: the only passage is ahead of nothing, and is often a
	// rare word's in a question the reports do not answer.
	Margin float64
	// NextTopic is the next best passage's Topic: when it too covers
	// the question, the reports speak of its words in several places.
	NextTopic float64
	// Unknown is the share of the question's weight in words no passage
	// uses.
	Unknown float64
	// Words is how many words (groups) the question has.
	Words int
	// Quantity: the question asks for a number.
	Quantity bool
	// StandIn is the share of the question's weight whose credit comes
	// from a word standing for the member's (candidate.standIn).
	StandIn float64
}

// Vector is the signals as the model reads them, scaled to about 0–1
// (rarities over 8: the rarest words of the suite's 793 passages have an
// idf near 6.7), the number of words as its logarithm (about 1–3).
func (s Signals) Vector() []float64 {
	fs, q := 1.0, 0.0
	if s.Quantity {
		fs, q = s.FigureShare, 1
	}
	return []float64{s.Topic, s.Coverage, min(s.Missing, 8) / 8, min(s.Strongest, 8) / 8, fs,
		s.Margin, s.NextTopic, s.Unknown, math.Log(float64(s.Words) + 1), q, s.StandIn}
}

// SignalNames name Vector's entries, in order, for printing a fit.
func SignalNames() []string {
	return []string{"topic", "coverage", "missing", "strongest", "figure share", "margin", "next topic", "unknown", "log words", "quantity", "stand-in"}
}

// RefusalModel is a logistic model of whether the best-ranked passage
// answers a question, fitted on the tuning sets (reportbot eval --fit)
// from the Signals of each question's best passage: right ones against
// the near-miss negatives. Where it is sure it decides; between its
// two thresholds the rule of Weights.MinCoverage decides, as it did
// before it. It never overrules a rule of Engine.ruled (a rare noun of
// the question's missing, Weights.MissingNoun; no word of the question's
// own; no number; another place or kind of figure; MinFigureShare).
type RefusalModel struct {
	// Bias and Coef are the model's intercept and its weight of each
	// entry of Signals.Vector.
	Bias float64
	Coef []float64
	// Answer is the probability from which a passage the rules refuse
	// answers; below Refuse a passage the rules let through is refused.
	Answer, Refuse float64
}

// Probability is the model's estimate that the passage answers.
func (m RefusalModel) Probability(s Signals) float64 {
	z := m.Bias
	for i, v := range s.Vector() {
		if i < len(m.Coef) {
			z += m.Coef[i] * v
		}
	}
	return 1 / (1 + math.Exp(-z))
}

// Decide is the refusal when the rules refused by (or answer, "") and
// ruled is the rule of Engine.ruled refusing it (or ""): the model's
// where it is sure, the rules' where it is not or where ruled refuses.
func (m RefusalModel) Decide(s Signals, by, ruled string) string {
	if len(m.Coef) == 0 || ruled != "" {
		return by
	}
	switch p := m.Probability(s); {
	case p >= m.Answer:
		return ""
	case p < m.Refuse && by == "":
		return RefusedByModel
	}
	return by
}

// Judgement is the best-ranked passage of a question, answered or
// refused, with what decided it: evaluation fits RefusalModel from it.
type Judgement struct {
	Passage Passage
	Signals Signals
	// Ruled is the rule of Engine.ruled refusing the passage (a rare
	// noun missing, no word of its own, no number, another place, a
	// figure of another kind or too little described), or "": the model
	// decides only where it is "".
	Ruled string
	// Rules is the refusal of the rules alone, before the model.
	Rules string
	// Own: the reading was the message's own, not a follow-up's read
	// with the question before it (the model reads only those).
	Own bool
}

// signalsOf reads the Signals of best, ranked ahead of next (nil when
// it was alone).
func signalsOf(best candidate, next *candidate, qr query, in intent) Signals {
	s := Signals{Topic: best.topic, Coverage: best.answerCoverage, Missing: best.missing, Strongest: best.strongest,
		FigureShare: best.figureShare, Words: len(qr.weights), Quantity: in.quantity, StandIn: best.standIn}
	if next != nil {
		s.Margin, s.NextTopic = best.score-next.score, next.topic
	}
	known := map[int]bool{}
	for _, t := range qr.terms {
		known[t.group] = known[t.group] || t.known
	}
	total, unknown := 0.0, 0.0
	for g, w := range qr.weights {
		total += w
		if !known[g] {
			unknown += w
		}
	}
	if total > 0 {
		s.Unknown = unknown / total
	}
	return s
}
