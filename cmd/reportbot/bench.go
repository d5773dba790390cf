package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/reportbot/reportbot/answer/bench"
)

// benchRun is one measured configuration with the peak RSS of the
// processes that measured it.
type benchRun struct {
	bench.Result
	// RSS is the peak of the process answering on the index, BuildRSS of
	// the one that generated the reports and built it (the same process
	// with --in-process).
	RSS      int64 `json:"rss_bytes"`
	BuildRSS int64 `json:"build_rss_bytes"`
}

// coldRun is one fresh process doing one job on the embedded report.
type coldRun struct {
	Job  string
	Took time.Duration
	// CPU is user plus system time: on a machine others share, less
	// disturbed than Took by what else runs.
	CPU time.Duration
	RSS int64
}

// benchCmd is reportbot bench: speed and memory, gse against cjk.
type benchCmd struct {
	Sizes         string        `help:"collection sizes, comma-separated" default:"1,10,100,1000" option:""`
	Analyzers     string        `help:"analyzers, comma-separated; the first is compared with the others" default:"${analyzer},${baseline}" option:""`
	Seed          uint64        `help:"seed of the synthetic collections (the same seed gives the same reports)" default:"1" option:""`
	Rounds        int           `help:"questions timed one at a time per configuration" default:"2000" min:"1" option:""`
	Parallel      time.Duration `help:"how long all cores ask at once per configuration" default:"2s" option:""`
	InProcess     bool          `help:"measure in this process (RSS is then the process's peak so far)" option:""`
	JSON          bool          `name:"json" help:"print one JSON object per configuration instead of the table" option:""`
	Distinct      bool          `help:"index every report as if none repeated another: the cost of as many different reports" option:""`
	ColdQuestions string        `name:"cold-questions" help:"question set (TSV) the cold processes answer (default the starter set when present, else 20 built-in questions)" option:"" placeholder:"FILE"`
	ColdRuns      int           `name:"cold-runs" help:"fresh processes each for reportbot and the anchor (the median time is reported)" default:"11" min:"1" option:""`
	// Child is how bench runs itself in a fresh process per configuration:
	// with Phase build, it builds the index into Dir; with answer, it
	// answers on the index in Dir (so answering's RSS is its own).
	Child bool   `hidden:"" help:"internal: measure one size and analyzer and print it as JSON" option:""`
	Phase string `hidden:"" help:"internal, with --child: build or answer; both when empty" option:""`
	Dir   string `hidden:"" help:"internal, with --phase: where the index is built and answered from" option:""`
}

func (c *benchCmd) Help() string {
	return "Measures index build time, index size, answer latency (p50/p99), answers per second on all cores " +
		"and memory on synthetic collections of 1 to 1,000 reports grown from the embedded one, for the gse " +
		"analyzer and bleve's cjk baseline in the same run, and the top-1 accuracy of the built-in question " +
		"set on each collection. Each configuration runs in its own process so its RSS is its own; a fresh " +
		"process also times cold start (first answer, with and without an index on disk) and a reindex, and " +
		"fresh processes answering the starter set's questions time cold start against a no-effort anchor " +
		"(answer/bench/anchor: bleve's cjk analyzer in memory, built with the Go toolchain) in the same run."
}

func (c *benchCmd) Run(ctx context.Context, e *env) error {
	ns, err := parseSizes(c.Sizes)
	if err != nil {
		return err
	}
	ans, err := parseAnalyzers(c.Analyzers)
	if err != nil {
		return err
	}
	measure := func(n int, an string) (benchRun, error) {
		return measureOne(ctx, "", "", n, an, c.Seed, c.Rounds, c.Parallel, c.Distinct)
	}
	if c.Child {
		if len(ns) != 1 || len(ans) != 1 {
			return usagef("--child measures one size and one analyzer")
		}
		if (c.Phase == "") != (c.Dir == "") || (c.Phase != "" && c.Phase != "build" && c.Phase != "answer") {
			return usagef("--phase is build or answer, and goes with --dir")
		}
		r, err := measureOne(ctx, c.Phase, c.Dir, ns[0], ans[0], c.Seed, c.Rounds, c.Parallel, c.Distinct)
		if err != nil {
			return err
		}
		return json.NewEncoder(e.stdout).Encode(r)
	}
	var exe string
	if !c.InProcess {
		if exe, err = os.Executable(); err != nil {
			return fmt.Errorf("find own binary to measure in fresh processes (or use --in-process): %w", err)
		}
		measure = func(n int, an string) (benchRun, error) {
			return measureChild(ctx, exe, n, an, c.Seed, c.Rounds, c.Parallel, c.Distinct)
		}
	}

	var runs []benchRun
	for _, n := range ns {
		for _, an := range ans {
			fmt.Fprintf(e.stderr, "measuring %d reports with %s…\n", n, an)
			r, err := measure(n, an)
			if err != nil {
				return fmt.Errorf("%d reports, %s: %w", n, an, err)
			}
			runs = append(runs, r)
			if c.JSON {
				if err := json.NewEncoder(e.stdout).Encode(r); err != nil {
					return err
				}
			}
		}
	}
	var (
		cold []coldRun
		cs   *coldStart
	)
	if !c.InProcess {
		questions, from, err := coldQuestions(c.ColdQuestions)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "measuring cold start…\n")
		if cold, cs, err = measureCold(ctx, exe, questions, from, c.ColdRuns); err != nil {
			return err
		}
	}
	if !c.JSON {
		writeBenchTable(e.stdout, runs, ans, cold, cs)
	}
	return nil
}

func parseSizes(s string) ([]int, error) {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 100000 {
			return nil, &badValue{source: "--sizes", value: s, problem: fmt.Sprintf("%q is not a number of reports (1–100000)", f)}
		}
		ns = append(ns, n)
	}
	return ns, nil
}

func parseAnalyzers(s string) ([]string, error) {
	names := strings.Split(s, ",")
	for i, n := range names {
		names[i] = strings.TrimSpace(n)
		if !slices.Contains(analyzers(), names[i]) {
			return nil, &badValue{source: "--analyzers", value: s, problem: fmt.Sprintf("%q is not an analyzer (want %s)", n, strings.Join(analyzers(), ", "))}
		}
	}
	return names, nil
}

// measureOne generates a collection of n reports and measures it here:
// with phase "build" only the build, into dir; with "answer" only the
// answers, on the index in dir; with "" both, in a temporary directory.
func measureOne(ctx context.Context, phase, dir string, n int, analyzer string, seed uint64, rounds int, parallel time.Duration, distinct bool) (benchRun, error) {
	set, err := bench.BuiltinQuestions()
	if err != nil {
		return benchRun{}, err
	}
	cfg := bench.Config{
		Analyzer: analyzer, Questions: set.All(), Rounds: rounds, Parallel: parallel,
		Cases: set.Cases, Negatives: set.Negatives, Distinct: distinct,
	}
	if phase != "answer" { // the answering process does without the reports
		if cfg.Reports, err = bench.DefaultSeriesSource(n, seed); err != nil {
			return benchRun{}, err
		}
	}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "reportbot-bench-"); err != nil {
			return benchRun{}, err
		}
		defer os.RemoveAll(dir)
	}
	cfg.Dir = filepath.Join(dir, "index")
	var r benchRun
	if phase != "answer" {
		if r.Result, err = bench.MeasureBuild(ctx, cfg); err != nil {
			return r, err
		}
		r.BuildRSS = selfPeakRSS()
	}
	if phase != "build" {
		r.Reports = n
		if r.Result, err = bench.MeasureAnswers(ctx, cfg, r.Result); err != nil {
			return r, err
		}
		r.RSS = selfPeakRSS()
	}
	return r, nil
}

// measureChild measures a configuration in two fresh processes of this
// binary, one building the index and one answering on it, so each RSS is
// that configuration's alone and answering's is not the build's.
func measureChild(ctx context.Context, exe string, n int, analyzer string, seed uint64, rounds int, parallel time.Duration, distinct bool) (benchRun, error) {
	dir, err := os.MkdirTemp("", "reportbot-bench-")
	if err != nil {
		return benchRun{}, err
	}
	defer os.RemoveAll(dir)
	phase := func(name string) (benchRun, int64, error) {
		cmd := exec.CommandContext(ctx, exe, "bench", "--child", "--phase", name, "--dir", dir, "--sizes", strconv.Itoa(n), "--analyzers", analyzer,
			"--seed", strconv.FormatUint(seed, 10), "--rounds", strconv.Itoa(rounds), "--parallel", parallel.String(),
			"--distinct="+strconv.FormatBool(distinct))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			return benchRun{}, 0, fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(stderr.String()))
		}
		var r benchRun
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			return r, 0, fmt.Errorf("read %s child's result: %w", name, err)
		}
		return r, peakRSS(cmd.ProcessState), nil
	}
	built, buildRSS, err := phase("build")
	if err != nil {
		return built, err
	}
	r, rss, err := phase("answer")
	if err != nil {
		return r, err
	}
	r.Passages, r.Build, r.IndexBytes = built.Passages, built.Build, built.IndexBytes
	r.RSS, r.BuildRSS = rss, buildRSS
	return r, nil
}

// measureCold times fresh processes on a new data directory: the first
// answer builds the index, the second opens it, and a reindex rebuilds it;
// then reportbot and the anchor answer questions (measureColdStart).
func measureCold(ctx context.Context, exe string, questions []string, from string, runs int) ([]coldRun, *coldStart, error) {
	dir, err := os.MkdirTemp("", "reportbot-cold-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	data := filepath.Join(dir, "data")
	jobs := []struct {
		name string
		args []string
	}{
		{"first answer, building the index", []string{"ask", "--data", data, "会员卡发出去多少张?"}},
		{"first answer, index on disk", []string{"ask", "--data", data, "会员卡发出去多少张?"}},
		{"reindex one report", []string{"reindex", "--data", data}},
	}
	var out []coldRun
	for _, j := range jobs {
		cmd := exec.CommandContext(ctx, exe, j.args...)
		cmd.Stdout = io.Discard
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return nil, nil, fmt.Errorf("%s: %w: %s", j.name, err, strings.TrimSpace(stderr.String()))
		}
		out = append(out, coldRun{Job: j.name, Took: time.Since(start), RSS: peakRSS(cmd.ProcessState)})
	}
	cs, err := measureColdStart(ctx, exe, data, questions, from, runs)
	if err != nil {
		return nil, nil, err
	}
	return out, &cs, nil
}

func writeBenchTable(w io.Writer, runs []benchRun, analyzers []string, cold []coldRun, cs *coldStart) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "reports\tanalyzer\tpassages (current)\tbuild\tindex\tp50\tp99\tanswers/s\tRSS\tRSS building\tpassage top-1\tfigure top-1\t")
	byKey := map[string]benchRun{}
	for _, r := range runs {
		byKey[strconv.Itoa(r.Reports)+"/"+r.Analyzer] = r
		fmt.Fprintf(tw, "%d\t%s\t%d (%d)\t%s\t%s\t%s\t%s\t%.0f\t%s\t%s\t%.1f%%\t%.1f%%\t\n",
			r.Reports, r.Analyzer, r.Passages, r.Current, seconds(r.Build), megabytes(r.IndexBytes),
			millis(r.P50), millis(r.P99), r.PerSecond, megabytes(r.RSS), megabytes(r.BuildRSS), 100*r.Passage, 100*r.Figure)
		if r.Analyzer == analyzers[len(analyzers)-1] && len(analyzers) > 1 {
			if base, ok := byKey[strconv.Itoa(r.Reports)+"/"+analyzers[0]]; ok {
				fmt.Fprintf(tw, "\t%s/%s\t\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%+.1f\t%+.1f\t\n",
					analyzers[0], r.Analyzer,
					ratio(base.Build.Seconds(), r.Build.Seconds()), ratio(float64(base.IndexBytes), float64(r.IndexBytes)),
					ratio(base.P50.Seconds(), r.P50.Seconds()), ratio(base.P99.Seconds(), r.P99.Seconds()),
					ratio(base.PerSecond, r.PerSecond), ratio(float64(base.RSS), float64(r.RSS)),
					ratio(float64(base.BuildRSS), float64(r.BuildRSS)),
					100*(base.Passage-r.Passage), 100*(base.Figure-r.Figure))
			}
		}
	}
	tw.Flush()
	if len(cold) > 0 {
		fmt.Fprintln(w, "\nfresh process on the embedded report (gse):")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, c := range cold {
			fmt.Fprintf(tw, "  %s\t%s\tRSS %s\n", c.Job, seconds(c.Took), megabytes(c.RSS))
		}
		tw.Flush()
	}
	if cs != nil {
		fmt.Fprintf(w, "\ncold start: fresh processes answering %s (median wall and CPU time of %d runs each, largest RSS):\n", cs.Questions, cs.Runs)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  reportbot ask, index on disk\t%s\tCPU %s\tRSS %s\n", millis(cs.Reportbot.Took), millis(cs.Reportbot.CPU), megabytes(cs.Reportbot.RSS))
		if cs.AnchorErr != nil {
			fmt.Fprintf(tw, "  anchor (bleve cjk, in memory)\tnot measured: %v\n", cs.AnchorErr)
		} else {
			fmt.Fprintf(tw, "  anchor (bleve cjk, in memory)\t%s\tCPU %s\tRSS %s\n", millis(cs.Anchor.Took), millis(cs.Anchor.CPU), megabytes(cs.Anchor.RSS))
			fmt.Fprintf(tw, "  reportbot/anchor\t×%.2f\tCPU ×%.2f\tRSS ×%.2f\n",
				ratio(cs.Reportbot.Took.Seconds(), cs.Anchor.Took.Seconds()), ratio(cs.Reportbot.CPU.Seconds(), cs.Anchor.CPU.Seconds()),
				ratio(float64(cs.Reportbot.RSS), float64(cs.Anchor.RSS)))
		}
		tw.Flush()
	}
	writeTargets(w, runs, analyzers[0], cold, cs)
}

// Issue 12's bounds on cold start and memory.
const (
	// maxColdVsAnchor bounds a cold reportbot answering the starter set
	// against the anchor answering it: twice a no-effort program.
	maxColdVsAnchor = 2
	// maxRSSOneReportMB and maxRSSDistinctMB bound peak RSS on the
	// embedded report and on 1,000 distinct reports: a bot that fits a
	// small container.
	maxRSSOneReportMB = 60
	maxRSSDistinctMB  = 120
)

// writeTargets checks the measurements against the project's targets.
func writeTargets(w io.Writer, runs []benchRun, analyzer string, cold []coldRun, cs *coldStart) {
	type target struct {
		what      string
		got, want float64
		unit      string
		atMost    bool // met at want too
		missing   string
	}
	var ts []target
	oneReportRSS := false
	for _, r := range runs {
		if r.Analyzer != analyzer {
			continue
		}
		switch r.Reports {
		case 1:
			ts = append(ts,
				target{what: "p50 answer, 1 report", got: r.P50.Seconds() * 1000, want: 1, unit: "ms"},
				target{what: "p99 answer, 1 report", got: r.P99.Seconds() * 1000, want: 5, unit: "ms"},
				target{what: "peak RSS answering, 1 report", got: float64(r.RSS) / (1 << 20), want: maxRSSOneReportMB, unit: "MB", atMost: true},
				target{what: "peak RSS building, 1 report", got: float64(r.BuildRSS) / (1 << 20), want: maxRSSOneReportMB, unit: "MB", atMost: true})
			oneReportRSS = true
		case 1000:
			// Issue 12: as fast on 1,000 distinct reports as on one, and
			// faster than the cjk baseline. Without --distinct the series
			// repeats one report's 59 passages: not what is bounded.
			p50 := target{what: "p50 answer, 1,000 distinct", got: r.P50.Seconds() * 1000, want: 1, unit: "ms"}
			p99 := target{what: "p99 answer, 1,000 distinct", got: r.P99.Seconds() * 1000, want: 5, unit: "ms"}
			answering := target{what: "peak RSS answering, 1,000 distinct", got: float64(r.RSS) / (1 << 20), want: maxRSSDistinctMB, unit: "MB", atMost: true}
			building := target{what: "peak RSS building, 1,000 distinct", got: float64(r.BuildRSS) / (1 << 20), want: maxRSSDistinctMB, unit: "MB", atMost: true}
			if !r.Distinct {
				p50.missing = "not measured: run with --distinct"
				p99.missing, answering.missing, building.missing = p50.missing, p50.missing, p50.missing
			}
			ts = append(ts, p50, p99)
			for _, base := range runs {
				if r.Distinct && base.Reports == r.Reports && base.Distinct && base.Analyzer != analyzer {
					ts = append(ts,
						target{what: "p50 against " + base.Analyzer + ", 1,000 distinct", got: ratio(r.P50.Seconds(), base.P50.Seconds()), want: 1, unit: "×"},
						target{what: "p99 against " + base.Analyzer + ", 1,000 distinct", got: ratio(r.P99.Seconds(), base.P99.Seconds()), want: 1, unit: "×"})
				}
			}
			ts = append(ts, answering, building)
		}
	}
	if !oneReportRSS {
		ts = append(ts, target{what: "peak RSS answering, 1 report", want: maxRSSOneReportMB, unit: "MB", atMost: true, missing: "not measured: --sizes lacks 1"})
	}
	for _, c := range cold {
		switch {
		case strings.HasPrefix(c.Job, "first answer, index on disk"):
			ts = append(ts, target{what: "cold start to first answer", got: c.Took.Seconds(), want: 1.5, unit: "s"})
		case strings.HasPrefix(c.Job, "reindex"):
			ts = append(ts, target{what: "reindex one report (whole process)", got: c.Took.Seconds(), want: 1, unit: "s"})
		}
	}
	if cs != nil {
		t := target{what: "cold start vs anchor", want: maxColdVsAnchor, unit: "×", atMost: true}
		if cs.AnchorErr != nil {
			t.missing = "not measured: " + cs.AnchorErr.Error()
		} else {
			t.got = ratio(cs.Reportbot.Took.Seconds(), cs.Anchor.Took.Seconds())
		}
		ts = append(ts, t, target{what: "peak RSS, cold ask on 1 report", got: float64(cs.Reportbot.RSS) / (1 << 20), want: maxRSSOneReportMB, unit: "MB", atMost: true})
	}
	if len(ts) == 0 {
		return
	}
	fmt.Fprintf(w, "\ntargets (%s):\n", analyzer)
	for _, t := range ts {
		op, verdict := "<", "met"
		if t.atMost {
			op = "≤"
		}
		if t.got > t.want || (t.got == t.want && !t.atMost) {
			verdict = "MISSED"
		}
		if t.missing != "" {
			fmt.Fprintf(w, "  %-36s %8s %s  (%s %g %s)  %s\n", t.what, "-", t.unit, op, t.want, t.unit, t.missing)
			continue
		}
		fmt.Fprintf(w, "  %-36s %8.2f %s  (%s %g %s)  %s\n", t.what, t.got, t.unit, op, t.want, t.unit, verdict)
	}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s" }
func millis(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64) + " ms"
}
func megabytes(n int64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB" }
