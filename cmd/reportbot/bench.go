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
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/reportbot/reportbot/answer/bench"
	"github.com/reportbot/reportbot/index"
)

// benchRun is one measured configuration with the peak RSS of the
// process that measured it.
type benchRun struct {
	bench.Result
	RSS int64 `json:"rss_bytes"`
}

// coldRun is one fresh process doing one job on the embedded report.
type coldRun struct {
	Job  string
	Took time.Duration
	RSS  int64
}

func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench", "", "Measures index build time, index size, answer latency (p50/p99), answers per second on all cores\n"+
		"and memory on synthetic collections of 1 to 1,000 reports grown from the embedded one, for the gse\n"+
		"analyzer and bleve's cjk baseline in the same run, and the top-1 accuracy of the built-in question\n"+
		"set on each collection. Each configuration runs in its own process so its RSS is its own; a fresh\n"+
		"process also times cold start (first answer, with and without an index on disk) and a reindex.")
	sizes := fs.String("sizes", "1,10,100,1000", "collection sizes, comma-separated")
	analyzers := fs.String("analyzers", index.AnalyzerGse+","+index.AnalyzerCJK, "analyzers, comma-separated; the first is compared with the others")
	seed := fs.Uint64("seed", 1, "seed of the synthetic collections (the same seed gives the same reports)")
	rounds := fs.Int("rounds", 500, "questions timed one at a time per configuration")
	parallel := fs.Duration("parallel", 2*time.Second, "how long all cores ask at once per configuration")
	inProcess := fs.Bool("in-process", false, "measure in this process (RSS is then the process's peak so far)")
	asJSON := fs.Bool("json", false, "print one JSON object per configuration instead of the table")
	distinct := fs.Bool("distinct", false, "index every report as if none repeated another: the cost of as many different reports")
	child := fs.Bool("child", false, "internal: measure one size and analyzer and print it as JSON")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	ns, err := parseSizes(*sizes)
	if err != nil {
		return err
	}
	ans := strings.Split(*analyzers, ",")
	measure := func(n int, an string) (benchRun, error) {
		return measureOne(ctx, n, an, *seed, *rounds, *parallel, *distinct)
	}
	if *child {
		if len(ns) != 1 || len(ans) != 1 {
			return fmt.Errorf("--child measures one size and one analyzer")
		}
		r, err := measure(ns[0], ans[0])
		if err != nil {
			return err
		}
		return json.NewEncoder(e.stdout).Encode(r)
	}
	var exe string
	if !*inProcess {
		if exe, err = os.Executable(); err != nil {
			return fmt.Errorf("find own binary to measure in fresh processes (or use --in-process): %w", err)
		}
		measure = func(n int, an string) (benchRun, error) {
			return measureChild(ctx, exe, n, an, *seed, *rounds, *parallel, *distinct)
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
			if *asJSON {
				if err := json.NewEncoder(e.stdout).Encode(r); err != nil {
					return err
				}
			}
		}
	}
	var cold []coldRun
	if !*inProcess {
		if cold, err = measureCold(ctx, exe); err != nil {
			return err
		}
	}
	if !*asJSON {
		writeBenchTable(e.stdout, runs, ans, cold)
	}
	return nil
}

func parseSizes(s string) ([]int, error) {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 100000 {
			return nil, fmt.Errorf("--sizes: %q is not a number of reports (1–100000)", f)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

// measureOne generates a collection of n reports and measures it here.
func measureOne(ctx context.Context, n int, analyzer string, seed uint64, rounds int, parallel time.Duration, distinct bool) (benchRun, error) {
	reports, err := bench.DefaultSeries(n, seed)
	if err != nil {
		return benchRun{}, err
	}
	set, err := bench.BuiltinQuestions()
	if err != nil {
		return benchRun{}, err
	}
	dir, err := os.MkdirTemp("", "reportbot-bench-")
	if err != nil {
		return benchRun{}, err
	}
	defer os.RemoveAll(dir)
	res, err := bench.Measure(ctx, bench.Config{
		Reports: reports, Analyzer: analyzer, Dir: filepath.Join(dir, "index"),
		Questions: set.All(), Rounds: rounds, Parallel: parallel, Cases: set.Cases, Negatives: set.Negatives, Distinct: distinct,
	})
	return benchRun{Result: res, RSS: selfPeakRSS()}, err
}

// measureChild runs measureOne in a fresh process of this binary, so the
// RSS is that configuration's alone.
func measureChild(ctx context.Context, exe string, n int, analyzer string, seed uint64, rounds int, parallel time.Duration, distinct bool) (benchRun, error) {
	cmd := exec.CommandContext(ctx, exe, "bench", "--child", "--sizes", strconv.Itoa(n), "--analyzers", analyzer,
		"--seed", strconv.FormatUint(seed, 10), "--rounds", strconv.Itoa(rounds), "--parallel", parallel.String(),
		"--distinct="+strconv.FormatBool(distinct))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return benchRun{}, fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var r benchRun
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		return r, fmt.Errorf("read child's result: %w", err)
	}
	r.RSS = peakRSS(cmd.ProcessState)
	return r, nil
}

// measureCold times fresh processes on a new data directory: the first
// answer builds the index, the second opens it, and a reindex rebuilds it.
func measureCold(ctx context.Context, exe string) ([]coldRun, error) {
	dir, err := os.MkdirTemp("", "reportbot-cold-")
	if err != nil {
		return nil, err
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
			return nil, fmt.Errorf("%s: %w: %s", j.name, err, strings.TrimSpace(stderr.String()))
		}
		out = append(out, coldRun{Job: j.name, Took: time.Since(start), RSS: peakRSS(cmd.ProcessState)})
	}
	return out, nil
}

func writeBenchTable(w io.Writer, runs []benchRun, analyzers []string, cold []coldRun) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "reports\tanalyzer\tpassages (current)\tbuild\tindex\tp50\tp99\tanswers/s\tRSS\tpassage top-1\tfigure top-1\t")
	byKey := map[string]benchRun{}
	for _, r := range runs {
		byKey[strconv.Itoa(r.Reports)+"/"+r.Analyzer] = r
		fmt.Fprintf(tw, "%d\t%s\t%d (%d)\t%s\t%s\t%s\t%s\t%.0f\t%s\t%.1f%%\t%.1f%%\t\n",
			r.Reports, r.Analyzer, r.Passages, r.Current, seconds(r.Build), megabytes(r.IndexBytes),
			millis(r.P50), millis(r.P99), r.PerSecond, megabytes(r.RSS), 100*r.Passage, 100*r.Figure)
		if r.Analyzer == analyzers[len(analyzers)-1] && len(analyzers) > 1 {
			if base, ok := byKey[strconv.Itoa(r.Reports)+"/"+analyzers[0]]; ok {
				fmt.Fprintf(tw, "\t%s/%s\t\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%+.1f\t%+.1f\t\n",
					analyzers[0], r.Analyzer,
					ratio(base.Build.Seconds(), r.Build.Seconds()), ratio(float64(base.IndexBytes), float64(r.IndexBytes)),
					ratio(base.P50.Seconds(), r.P50.Seconds()), ratio(base.P99.Seconds(), r.P99.Seconds()),
					ratio(base.PerSecond, r.PerSecond), ratio(float64(base.RSS), float64(r.RSS)),
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
	writeTargets(w, runs, analyzers[0], cold)
}

// writeTargets checks the measurements against the project's targets.
func writeTargets(w io.Writer, runs []benchRun, analyzer string, cold []coldRun) {
	type target struct {
		what      string
		got, want float64
		unit      string
	}
	var ts []target
	for _, r := range runs {
		if r.Analyzer != analyzer {
			continue
		}
		switch r.Reports {
		case 1:
			ts = append(ts,
				target{"p50 answer, 1 report", r.P50.Seconds() * 1000, 1, "ms"},
				target{"p99 answer, 1 report", r.P99.Seconds() * 1000, 5, "ms"})
		case 1000:
			// Issue 12: as fast on 1,000 reports as on one, and faster
			// than the cjk baseline. Without --distinct the series
			// repeats one report's 59 passages and the bound is easy.
			of := "1,000 reports"
			if r.Distinct {
				of = "1,000 distinct reports"
			}
			ts = append(ts,
				target{"p50 answer, " + of, r.P50.Seconds() * 1000, 1, "ms"},
				target{"p99 answer, " + of, r.P99.Seconds() * 1000, 5, "ms"})
			for _, base := range runs {
				if base.Reports == r.Reports && base.Analyzer != analyzer {
					ts = append(ts,
						target{"p50 against " + base.Analyzer + ", " + of, ratio(r.P50.Seconds(), base.P50.Seconds()), 1, "×"},
						target{"p99 against " + base.Analyzer + ", " + of, ratio(r.P99.Seconds(), base.P99.Seconds()), 1, "×"})
				}
			}
		}
	}
	for _, c := range cold {
		switch {
		case strings.HasPrefix(c.Job, "first answer, index on disk"):
			ts = append(ts, target{"cold start to first answer", c.Took.Seconds(), 1.5, "s"},
				target{"RSS answering on 1 report", float64(c.RSS) / (1 << 20), 150, "MB"})
		case strings.HasPrefix(c.Job, "reindex"):
			ts = append(ts, target{"reindex one report (whole process)", c.Took.Seconds(), 1, "s"})
		}
	}
	if len(ts) == 0 {
		return
	}
	fmt.Fprintf(w, "\ntargets (%s):\n", analyzer)
	for _, t := range ts {
		verdict := "met"
		if t.got >= t.want {
			verdict = "MISSED"
		}
		fmt.Fprintf(w, "  %-36s %8.2f %s  (< %g %s)  %s\n", t.what, t.got, t.unit, t.want, t.unit, verdict)
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
