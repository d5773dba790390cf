package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/answer/bench"
)

// TestMeasureColdStart runs the cold-start comparison once: the built
// reportbot and the anchor (built from answer/bench/anchor) each answer two
// questions in a fresh process, and the table states the targets.
func TestMeasureColdStart(t *testing.T) {
	exe, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	runChild(t, dir, "ask", "会员卡发出去多少张?") // builds the index on disk
	questions := []string{"会员卡发出去多少张?", "职工书屋有多少家?"}
	cs, err := measureColdStart(context.Background(), exe, filepath.Join(dir, "data"), questions, "two questions", 1)
	if err != nil {
		t.Fatal(err)
	}
	if cs.AnchorErr != nil {
		t.Fatalf("anchor not measured: %v", cs.AnchorErr)
	}
	for name, r := range map[string]coldRun{"reportbot": cs.Reportbot, "anchor": cs.Anchor} {
		if r.Took <= 0 || r.CPU <= 0 || r.RSS <= 1<<20 {
			t.Errorf("%s measured nothing: %+v", name, r)
		}
	}
	var b strings.Builder
	writeBenchTable(&b, nil, []string{"zh_gse"}, nil, &cs)
	for _, want := range []string{"anchor (bleve cjk, in memory)", "reportbot/anchor", "cold start vs anchor", "peak RSS, cold ask on 1 report", "peak RSS answering, 1 report"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

// TestColdStartTargets checks the verdicts: a bound is met at its value,
// missed past it, and a measurement that was not made says why.
func TestColdStartTargets(t *testing.T) {
	// Compared with runs of spaces as one: the columns may move.
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	mb := int64(1 << 20)
	runs := []benchRun{
		{Result: bench.Result{Analyzer: "zh_gse", Reports: 1, P50: time.Millisecond / 2, P99: time.Millisecond}, RSS: 60 * mb, BuildRSS: 50 * mb},
		{Result: bench.Result{Analyzer: "zh_gse", Reports: 1000, P99: time.Millisecond}, RSS: 110 * mb, BuildRSS: 130 * mb},
	}
	cs := &coldStart{Reportbot: coldRun{Took: 90 * time.Millisecond, RSS: 61 * mb}, Anchor: coldRun{Took: 50 * time.Millisecond}}
	var b strings.Builder
	writeTargets(&b, runs, "zh_gse", nil, cs)
	for _, want := range []string{
		"peak RSS answering, 1 report 60.00 MB (≤ 60 MB) met",
		"peak RSS building, 1 report 50.00 MB (≤ 60 MB) met",
		"peak RSS answering, 1,000 distinct - MB (≤ 120 MB) not measured: run with --distinct",
		"cold start vs anchor                     1.80 ×  (≤ 2 ×)  met",
		"peak RSS, cold ask on 1 report          61.00 MB  (≤ 60 MB)  MISSED",
	} {
		if !strings.Contains(squeeze(b.String()), squeeze(want)) {
			t.Errorf("targets lack %q:\n%s", want, b.String())
		}
	}

	runs[1].Distinct = true
	cs.Anchor, cs.AnchorErr = coldRun{}, errors.New("no Go toolchain to build it")
	b.Reset()
	writeTargets(&b, runs, "zh_gse", nil, cs)
	for _, want := range []string{
		"peak RSS answering, 1,000 distinct 110.00 MB (≤ 120 MB) met",
		"peak RSS building, 1,000 distinct 130.00 MB (≤ 120 MB) MISSED",
		"cold start vs anchor                        - ×  (≤ 2 ×)  not measured: no Go toolchain to build it",
	} {
		if !strings.Contains(squeeze(b.String()), squeeze(want)) {
			t.Errorf("targets lack %q:\n%s", want, b.String())
		}
	}
}

// TestColdQuestions reads a question set, or falls back to the built-in
// questions when the starter set is absent.
func TestColdQuestions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "set.tsv")
	if err := os.WriteFile(path, []byte("# question\tfigure\tpassage\n会员卡发出去多少张?\t-\t会员卡\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	qs, from, err := coldQuestions(path)
	if err != nil || len(qs) != 1 || qs[0] != "会员卡发出去多少张?" || !strings.Contains(from, path) {
		t.Fatalf("coldQuestions(%s) = %q, %q, %v", path, qs, from, err)
	}
	if _, _, err := coldQuestions(filepath.Join(t.TempDir(), "missing.tsv")); err == nil {
		t.Error("no error for a missing question set")
	}
	if _, err := os.Stat(starterSet); err == nil {
		t.Skip(starterSet, " exists beside the package: the fallback is not reached")
	}
	qs, from, err = coldQuestions("")
	if err != nil || len(qs) != coldQuestionCount || !strings.Contains(from, "built-in") {
		t.Fatalf("fallback = %d questions, %q, %v", len(qs), from, err)
	}
}
