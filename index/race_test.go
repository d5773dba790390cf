//go:build race

package index_test

// The race detector slows indexing and bleve's searches several times
// over; tests size down.
const raceEnabled = true
