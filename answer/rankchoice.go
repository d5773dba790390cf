package answer

// The features of a candidate passage that ranking reads (rank), each
// weighed by RankWeights: its score is their weighted sum.
const (
	rankCoverage    = iota // share of the question's weight the passage covers
	rankBM25               // bleve's BM25 score over the best hit's
	rankProximity          // share of the question's word pairs written together
	rankLabelExtra         // characters of the figure's label beyond the question (at most labelExtraMax)
	rankFigureWords        // share of the question's weight in the figure's own words
	rankFigureFit          // the figure's fit to what is asked beyond its words (kind, unit, year), −1 to 3
	rankNoFigure           // a quantity question and no figure to count with
	rankTopic              // share of the weight an answer must cover, covered
	rankStrongest          // idf of the rarest question word the passage itself says, over 8
	rankMissing            // idf of the rarest noun of the question's own it does not say, over 8
	rankStandIn            // share of the weight credited through a word standing for the member's
	rankLength             // the passage's length: log of its characters, over 8
	numRankFeatures
	// rankFirstExtra is the first feature the hand weights leave at 0.
	rankFirstExtra = rankTopic
)

// rankVector is a candidate's features.
type rankVector [numRankFeatures]float64

// RankWeights weigh the features of a candidate passage: the best-scored
// passage answers.
type RankWeights [numRankFeatures]float64

// RankFeatureNames name the features, in order, for printing a fit.
func RankFeatureNames() []string {
	return []string{"coverage", "bm25 share", "proximity", "label extra", "figure words", "figure fit", "no figure",
		"topic", "strongest", "missing", "stand-in", "log length"}
}

// HandRankWeights are the weights set by hand: coverage decides, and the
// rest only break ties and near ties.
func HandRankWeights(proximity float64) RankWeights {
	var w RankWeights
	w[rankCoverage] = 1
	// BM25's share breaks ties between passages that cover alike.
	w[rankBM25] = 0.05
	w[rankProximity] = proximity // Weights.Proximity
	// labelExtraWeight a character of a label naming more than asked.
	w[rankLabelExtra] = -labelExtraWeight
	// A passage whose figure is described by the question's own words
	// is likelier to hold the asked number: up to 0.15, and 0.03 a point
	// of the figure's fit to the kind asked; one with nothing to count
	// with loses 0.1.
	w[rankFigureWords], w[rankFigureFit], w[rankNoFigure] = 0.15, 0.03, -0.1
	return w
}

// weigh is a candidate's score.
func (w RankWeights) weigh(x *rankVector) float64 { return weightedSum(w[:], x[:]) }

// readsExtra reports whether w weighs a feature the hand weights leave
// at 0 (rank computes those only then).
func (w RankWeights) readsExtra() bool {
	for i := rankFirstExtra; i < numRankFeatures; i++ {
		if w[i] != 0 {
			return true
		}
	}
	return false
}

// RankChoice is a question's candidate passages as ranked, with each
// one's features: evaluation fits RankWeights from them.
type RankChoice struct {
	Passages []Passage
	Features [][]float64
}
