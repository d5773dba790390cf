package answer

import "github.com/reportbot/reportbot/corpus"

// The features of a passage's figure that choosing it reads
// (figureFeatures), each weighed by FigureWeights. The first six are
// question words' weight (idf × synonym factor; for a follow-up, its own
// words twice, the words kept from the question before half: keptWeight)
// by where the figure's passage says them; the rest are 1 or 0.
const (
	featOwn           = iota // in the figure's own words (its list item or clause)
	featParent               // in what the figure is part of
	featOpening              // in the subject its sentence opens with
	featOtherItem            // nouns naming a neighbouring item of a list
	featClause               // elsewhere in its clause
	featBefore               // a follow-up's own words in the clause before it
	featKind                 // of the kind asked (money, percent, date…)
	featCount                // an amount, for a "how many"
	featWrongKind            // another kind where a date or share is asked, or a date not asked
	featUnit                 // in the unit asked (多少名)
	featUnitFamily           // in a unit of that unit's family
	featYear                 // of the year the question names
	featOtherYear            // of another year than the question names
	featEarlier              // of an earlier year than the passage's latest, none named
	featChange               // a change, asked for
	featRate                 // a rate of change (%), asked for (降幅)
	featNoChange             // a level, where a change is asked for
	featChangeUnasked        // a change, where none is asked for
	featCounted              // counting what the question counts (多少职工)
	featStart                // the start of a change (从A…), asked for (原来)
	featStartUnasked         // the start of a change, not asked for
	featStated               // agreeing with an amount the question checks (是不是有6个多亿)
	numFigureFeatures
	// featFirstFit is the first feature of the figure's fit to what is
	// asked, as against the question's words.
	featFirstFit = featKind
)

// figureVector is a figure's features.
type figureVector [numFigureFeatures]float64

// FigureWeights weigh the features of a passage's figures: the figure
// weighing most answers a quantity question (bestFigure).
type FigureWeights [numFigureFeatures]float64

// FigureFeatureNames name the features, in order, for printing a fit.
func FigureFeatureNames() []string {
	return []string{"own words", "parent", "opening", "other item", "clause", "before (follow-up)",
		"kind", "count", "wrong kind", "unit", "unit family", "year named", "other year", "earlier year",
		"change asked", "rate asked", "level for change", "change unasked", "counted", "start asked", "start unasked",
		"stated agrees"}
}

// HandFigureWeights are the weights set by hand, one feature at a time,
// as the engine chose figures before a fit (and still weighs the figure
// chosen for ranking and refusal: bestFigure).
func HandFigureWeights() FigureWeights {
	var w FigureWeights
	// The figure's own words count fully; what it is part of almost as
	// much, as does the subject its sentence opens with (which the
	// passage's coverage already counts, so it only chooses among the
	// passage's figures); a noun naming a neighbouring item of a list
	// points away, by half; the rest of its clause says less of it; a
	// clause before the figure setting a follow-up's scene ("在第16届残奥会
	// 上，我国运动员共获得96枚金牌" for "残奥会呢") less still.
	w[featOwn], w[featParent], w[featOpening], w[featOtherItem], w[featClause], w[featBefore] = 1, 0.9, 0.9, -0.5, 0.4, 0.3
	// The kind asked +3; any amount for "how many" +1; a date, or a share
	// missed, −3. The unit asked +2, a unit of its family +1.
	w[featKind], w[featCount], w[featWrongKind], w[featUnit], w[featUnitFamily] = 3, 1, -3, 2, 1
	// ±2 for a year named, as much as a unit, since a year named is as
	// specific as a unit; an earlier year when none is named loses only
	// 1: the question may be about the past in other words ("建国初期").
	w[featYear], w[featOtherYear], w[featEarlier] = 2, -2, -1
	// Change against level. The change and its level share their words
	// (the change inherits the level's subject), so these alone decide:
	// +3, as much as a matching kind, when the question asks how much
	// something grew (+1 more for a rate asked, as much as a unit of the
	// family); a level then loses 1, less than a change gains, as
	// "提高了多少" may also be answered by a level when no change is
	// stated. A question that does not ask for a change wants the level:
	// a change loses 1.5, more than the 1 a count question gives any
	// amount.
	w[featChange], w[featRate], w[featNoChange], w[featChangeUnasked] = 3, 1, -1, -1.5
	// What the question counts: +2, as much as the unit it names.
	w[featCounted] = 2
	// "从A提高到B": B is the answer unless the question asks where it
	// began: ±1.5 against a start not asked (as a change not asked for),
	// +3 for one that was (as for a change asked for).
	w[featStart], w[featStartUnasked] = 3, -1.5
	// A figure agreeing with the amount a member checks ("是不是有6个多亿")
	// is the one asked about: +3, as much as the kind asked, since the
	// amount quoted names the figure as surely as a kind does.
	w[featStated] = 3
	return w
}

// weigh is a figure's weight for choosing it.
func (w FigureWeights) weigh(x *figureVector) float64 { return weightedSum(w[:], x[:]) }

// weightedSum is the sum of x's features, each weighed by w's.
func weightedSum(w, x []float64) float64 {
	sum := 0.0
	for i, v := range x {
		sum += w[i] * v
	}
	return sum
}

// weighWords is the part of a figure's weight earned by the question's
// words, less its sentence's opening subject (the passage's coverage
// counts that).
func (w FigureWeights) weighWords(x *figureVector) float64 {
	sum := 0.0
	for i := range featFirstFit {
		if i != featOpening {
			sum += w[i] * x[i]
		}
	}
	return sum
}

// weighFit is the part of a figure's weight earned by its fit to what is
// asked: kind, unit, year, change, start.
func (w FigureWeights) weighFit(x *figureVector) float64 {
	return weightedSum(w[featFirstFit:], x[featFirstFit:])
}

// FigureChoice is a quantity question's best-ranked passage, its figures
// and each one's features (nil for a figure not of the sort asked):
// evaluation fits FigureWeights from them.
type FigureChoice struct {
	Passage  Passage
	Figures  []corpus.Figure
	Features [][]float64
}
