package corpus

import "testing"

// BenchmarkFigureMatches reads the embedded report's figures' matches
// the way ExtractFigures does (matches: a grouping that fails is read
// again) against the regexp's own FindAll, the baseline in the same run.
func BenchmarkFigureMatches(b *testing.B) {
	g, text := DefaultGrammar(), DefaultText()
	b.Run("FindAll", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			g.re.FindAllStringSubmatchIndex(text, -1)
		}
	})
	b.Run("matches", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			g.matches(text)
		}
	})
}

// BenchmarkReadRow reads one KPI row of the ESG report from its cells.
func BenchmarkReadRow(b *testing.B) {
	cells := []Cell{{Header: "指标", Text: "废水", Rows: 6}, {Header: "量化项", Text: "总磷(TP)"}, {Header: "单位", Text: "吨"}, {Header: "2024", Text: "1.64"}}
	g := DefaultGrammar()
	for b.Loop() {
		g.ReadRow(cells)
	}
}
