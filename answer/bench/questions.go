package bench

import (
	"time"

	"github.com/reportbot/reportbot/answer/eval"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

// Newest is the date of the embedded report, the newest of its series.
var Newest = time.Date(2023, 12, 18, 0, 0, 0, 0, time.UTC)

// DefaultSeries is Series grown from the embedded report.
func DefaultSeries(n int, seed uint64) ([]*corpus.Report, error) {
	return Series(corpus.DefaultReportID, corpus.DefaultText(), Newest, n, seed)
}

// DefaultSeriesSource is SeriesSource grown from the embedded report.
func DefaultSeriesSource(n int, seed uint64) (index.Source, error) {
	return SeriesSource(corpus.DefaultReportID, corpus.DefaultText(), Newest, n, seed)
}

// QuestionSet is the built-in question set, for measuring a series grown
// from the embedded report.
type QuestionSet struct {
	// Cases must each be answered from the real report, the newest of all.
	Cases     []eval.Case
	Negatives []string
}

// BuiltinQuestions returns eval's built-in set, each case tied to the
// embedded report.
func BuiltinQuestions() (QuestionSet, error) {
	cases, negatives, err := eval.Builtin()
	for i := range cases {
		cases[i].Report = corpus.DefaultReportID
	}
	return QuestionSet{Cases: cases, Negatives: negatives}, err
}

// All lists every question of the set, negatives first, to ask in turn.
func (s QuestionSet) All() []string {
	questions := append([]string(nil), s.Negatives...)
	for _, c := range s.Cases {
		questions = append(questions, c.Question)
	}
	return questions
}
