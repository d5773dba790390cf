package answer

// Weights are the answer engine's tunable constants, in one place. They
// are calibrated on the tuning question sets (reportbot eval --calibrate)
// and never on held-out ones, whose numbers only report the result.
type Weights struct {
	// MinCoverage is the share of the question's weight a passage must
	// cover to be an answer; below it the engine says the reports do
	// not say.
	MinCoverage float64
	// Synonym discounts a match on a word standing for the member's own
	// (a synonym, a homophone, the full form of an abbreviation): the
	// member may have meant something else.
	Synonym float64
	// UnknownNoun is how much a noun no passage uses counts, against the
	// mean weight of the question's known words: a thing the reports do
	// not mention (主席, 手机) may be the question's topic, or the
	// member's word for something they name otherwise.
	UnknownNoun float64
	// UnknownOther is the same for any other word (a verb, an adverb, a
	// word of chat): usually the member's phrasing, not a topic.
	UnknownOther float64
	// MinFigureShare is the share of the question's weight a quantity
	// question's figure must have in its own words (its clause, label and
	// subject): a passage on the topic whose numbers count something else
	// does not give the number asked for (单身职工联谊 named, no count of
	// its events).
	MinFigureShare float64
	// Nearest is the share of MinCoverage a refused question's best
	// passage must still cover to be offered as the nearest passage.
	Nearest float64
}

// DefaultWeights are the calibrated weights: the first point of
// `reportbot eval --calibrate` on the tuning sets of three reports (the
// best score, ties going to the point that refuses most). Synonym is not
// searched: 0.8 keeps a match on the member's own word ahead of one on a
// word standing for it.
//
// UnknownNoun is a share of the question's mean known weight, so an
// unknown noun counts about as much as an ordinary known word; the
// earlier engine counted it as the rarest word of all, and one everyday
// word the report does not use vetoed answers that matched everything
// else. Counting it as nothing let a question about something else
// entirely match on its one common word.
func DefaultWeights() Weights {
	return Weights{MinCoverage: 0.55, Synonym: 0.8, UnknownNoun: 3, UnknownOther: 0.3, MinFigureShare: 0.1,
		// Offered, not answered: two thirds of the way to an answer is
		// close enough to be worth a look and far enough to be doubted.
		Nearest: 2.0 / 3}
}

// Evidence switches the kinds of evidence the engine reads beyond the
// question's own words. Evaluation flips them one at a time (reportbot
// eval --ablation) to show what each is worth.
type Evidence struct {
	// Simplified reads traditional characters as simplified (OpenCC).
	Simplified bool
	// Synonyms looks words up as their everyday/official synonyms.
	Synonyms bool
	// Homophones reads a word no report uses as a report word of the same
	// pinyin (公会 → 工会).
	Homophones bool
	// Abbreviations reads a word no report uses as a report word it
	// abbreviates (劳模 → 劳动模范).
	Abbreviations bool
	// Pins refuses passages that do not say the places, ordinals and
	// parts of a year the question names.
	Pins bool
	// Years refuses passages that do not speak of the years the question
	// names.
	Years bool
}

// DefaultEvidence is every kind of evidence that earned its place on the
// held-out sets (README, ablation). Abbreviations are off: on the three
// reports' held-out sets they changed no answer.
func DefaultEvidence() Evidence {
	return Evidence{Simplified: true, Synonyms: true, Homophones: true, Pins: true, Years: true}
}
