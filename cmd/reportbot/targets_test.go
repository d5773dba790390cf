package main

import (
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/answer/bench"
)

// TestTargetsAtScale: on 1,000 distinct reports gse is held to p50 < 1 ms,
// p99 < 5 ms and to beating the cjk baseline on both.
func TestTargetsAtScale(t *testing.T) {
	run := func(analyzer string, p50, p99 time.Duration) benchRun {
		return benchRun{Result: bench.Result{Analyzer: analyzer, Reports: 1000, Distinct: true, P50: p50, P99: p99}}
	}
	var out strings.Builder
	writeTargets(&out, []benchRun{run("zh_gse", 800*time.Microsecond, 6*time.Millisecond), run("cjk", time.Millisecond, 4*time.Millisecond)}, "zh_gse", nil, nil)
	got := strings.Join(strings.Fields(out.String()), " ")
	for _, want := range []string{
		"p50 answer, 1,000 distinct 0.80 ms (< 1 ms) met",
		"p99 answer, 1,000 distinct 6.00 ms (< 5 ms) MISSED",
		"p50 against cjk, 1,000 distinct 0.80 × (< 1 ×) met",
		"p99 against cjk, 1,000 distinct 1.50 × (< 1 ×) MISSED",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("targets lack %q:\n%s", want, out.String())
		}
	}
}
