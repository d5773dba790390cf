//go:build race

package bench

// The race detector slows indexing several times over; tests size down.
const raceEnabled = true
