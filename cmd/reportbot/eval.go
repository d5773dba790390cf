package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/answer/eval"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/store"
)

// evalCmd is reportbot eval: answer quality on the suite or a question set.
type evalCmd struct {
	Negatives string       `help:"with FILE: questions the reports do not answer, one a line" option:"" placeholder:"FILE"`
	Analyzer  analyzerName `help:"index analyzer: zh_gse, or cjk for the bleve baseline; a command that changes the data directory, given none, keeps the one its index was built with" default:"${analyzer}" envvar:"REPORTBOT_ANALYZER" setting:"index analyzer" placeholder:"NAME"`
	Baseline  string       `help:"analyzer printed beside it for comparison (\"\" for none)" default:"${baseline}" option:"" placeholder:"NAME"`
	Data      string       `help:"with FILE: evaluate on this data directory's reports instead of the embedded report" type:"datadir" envvar:"REPORTBOT_DATA" placeholder:"DIR"`
	Suite     string       `help:"without FILE: the suite folder (reports/ and one folder of question sets a report); the default is the project's own, from the repository's top" default:"answer/eval/testdata" option:"" placeholder:"DIR"`
	Calibrate bool         `help:"without FILE: search the answer weights on the tuning sets only and print the best" option:"" xor:"run"`
	Ablation  bool         `help:"without FILE: also run the suite with each kind of evidence off and print the sets summed" option:"" xor:"run"`
	Fit       bool         `help:"without FILE: fit the refusal model, the figure weights and the rank weights on the tuning sets only and print them" option:"" xor:"run"`
	File      string       `arg:"" optional:"" help:"a question set: question<TAB>expected figure or -<TAB>passage key[<TAB>level]" placeholder:"FILE.tsv"`
}

func (c *evalCmd) Help() string {
	return "Measures answer quality with the cjk baseline measured in the same run.\n\n" +
		"Without FILE it runs the suite folder (--suite): it adds the suite's report files to a new data " +
		"directory as `reports add` does, then prints every question set, tuning and held-out apart, with " +
		"passage top-1, figure, negatives refused and the ranking ceiling (no refusal), then the follow-up " +
		"sets (a question, then a message in the same chat): follow-ups answered right, follow-up negatives " +
		"refused, standalone questions unchanged.\n\n" +
		"With FILE it runs that set on the embedded report, or on the reports of --data when given, and lists failures. " +
		"It evaluates the index analyzer (--analyzer, REPORTBOT_ANALYZER), the one a data directory's index is built with: " +
		"--data only reads the directory's reports, whichever analyzer built its index, and builds its own indexes."
}

func (c *evalCmd) Run(ctx context.Context, e *env) error {
	if c.Baseline != "" && !slices.Contains(analyzers(), c.Baseline) {
		return &badValue{source: "--baseline", value: c.Baseline, problem: "not an analyzer (want one of " + strings.Join(analyzers(), ", ") + ", or \"\")"}
	}
	names := []string{string(c.Analyzer)}
	if c.Baseline != "" && c.Baseline != string(c.Analyzer) {
		names = append(names, c.Baseline)
	}
	if c.File != "" && (c.Calibrate || c.Ablation || c.Fit) {
		// They run the suite's sets, tuning and held-out apart; a file
		// given with them was silently left out.
		flag := "--calibrate"
		if c.Ablation {
			flag = "--ablation"
		}
		if c.Fit {
			flag = "--fit"
		}
		return &badValue{source: flag, value: c.File, problem: "runs the suite (--suite), not a question set: leave out the file"}
	}
	if c.File == "" {
		if c.Calibrate || c.Fit {
			names = names[:1]
		}
		return runSuite(ctx, e, c.Suite, names, suiteMode{calibrate: c.Calibrate, ablation: c.Ablation, fit: c.Fit})
	}
	cases, err := eval.ReadFile(c.File, eval.ReadCases)
	if err != nil {
		return err
	}
	var negs []string
	if c.Negatives != "" {
		if negs, err = eval.ReadFile(c.Negatives, eval.ReadNegatives); err != nil {
			return err
		}
	}
	reports, err := evalReports(ctx, c.Data, string(c.Analyzer))
	if err != nil {
		return err
	}
	contenders, closeAll, err := eval.Contenders(ctx, reports, names)
	if err != nil {
		return err
	}
	defer closeAll()
	var results []eval.Result
	for _, c := range contenders {
		res, err := eval.Run(ctx, c.Answer, c.Name, cases, negs)
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	fmt.Fprintf(e.stdout, "%s: %d questions, %d negatives\n", c.File, len(cases), len(negs))
	for _, r := range results {
		fmt.Fprintln(e.stdout, r.Summary())
	}
	if len(results[0].Failures)+len(results[0].FalseAnswers) > 0 {
		fmt.Fprintf(e.stdout, "\nfailures (%s):\n", results[0].Name)
		results[0].WriteFailures(e.stdout)
	}
	return nil
}

// runSuite adds the suite's reports to a new data directory, as an admin
// would, and runs every set on each analyzer over all of them at once: a
// question must find its answer among every report's passages.
// suiteMode says what runSuite does beyond the plain table.
type suiteMode struct{ calibrate, ablation, fit bool }

func runSuite(ctx context.Context, e *env, dir string, analyzers []string, mode suiteMode) error {
	suite, err := eval.LoadSuite(dir)
	if errors.Is(err, fs.ErrNotExist) {
		// The default is relative to the repository's top: run elsewhere,
		// the folder is not there.
		return fmt.Errorf("%w (run from the repository's top, or name the suite's folder with --suite)", err)
	}
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "reportbot-eval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	reports, err := suite.Reports(ctx, filepath.Join(tmp, "data"))
	if err != nil {
		return err
	}
	contenders, closeAll, err := eval.Contenders(ctx, reports, analyzers)
	if err != nil {
		return err
	}
	defer closeAll()
	if mode.calibrate {
		points, err := eval.Calibrate(ctx, suite, contenders[0].Answer, eval.Grid{
			MinCoverage:    []float64{0.45, 0.5, 0.55, 0.6, 0.65},
			UnknownNoun:    []float64{1, 2, 3, 4},
			UnknownOther:   []float64{0.15, 0.3, 0.6},
			MinFigureShare: []float64{0, 0.1, 0.2, 0.3},
			MissingNoun:    []float64{0, 4, 5, 6},
		})
		if err != nil {
			return err
		}
		eval.WriteCalibration(e.stdout, points, 15)
		return nil
	}
	if mode.fit {
		f, err := eval.Fit(ctx, suite, contenders[0].Answer)
		if err != nil {
			return err
		}
		eval.WriteFit(e.stdout, f)
		ff, err := eval.FitFigures(ctx, suite, contenders[0].Answer)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout)
		eval.WriteFigureFit(e.stdout, ff)
		rf, err := eval.FitRank(ctx, suite, contenders[0].Answer)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout)
		eval.WriteRankFit(e.stdout, rf)
		return nil
	}
	results, err := eval.RunSuite(ctx, suite, contenders)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "suite %s: %d reports, %d sets (ceiling: top-ranked passage with refusals off)\n\n", dir, len(reports), len(suite.Sets))
	eval.WriteSuite(e.stdout, results)
	// Also with no follow-up files: every question set is asked one
	// question after another (eval.StandalonePairs), and each must be
	// answered as alone.
	followups, err := eval.RunFollowups(ctx, suite, contenders[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nfollow-up questions (%s): the second message of each pair asked right after the first in one chat\n\n", contenders[0].Name)
	eval.WriteFollowups(e.stdout, followups)
	if mode.ablation {
		return writeAblation(ctx, e, suite, contenders[0])
	}
	return nil
}

// writeAblation runs the suite with each kind of evidence flipped from its
// default in turn and prints the tuning and held-out sets summed, against
// the default.
func writeAblation(ctx context.Context, e *env, suite eval.Suite, c eval.Contender) error {
	kinds := []struct {
		name string
		of   func(*answer.Evidence) *bool
	}{
		{"traditional→simplified", func(ev *answer.Evidence) *bool { return &ev.Simplified }},
		{"synonyms", func(ev *answer.Evidence) *bool { return &ev.Synonyms }},
		{"homophones", func(ev *answer.Evidence) *bool { return &ev.Homophones }},
		{"abbreviations", func(ev *answer.Evidence) *bool { return &ev.Abbreviations }},
		{"pins (place, ordinal, period, quoted name, scope word)", func(ev *answer.Evidence) *bool { return &ev.Pins }},
		{"year check", func(ev *answer.Evidence) *bool { return &ev.Years }},
		{"fitted refusal", func(ev *answer.Evidence) *bool { return &ev.Fitted }},
	}
	run := func(name string, ev answer.Evidence) ([]eval.SetResult, error) {
		answerEng, ceilingEng := *c.Answer, *c.Ceiling
		answerEng.Evidence, ceilingEng.Evidence = ev, ev
		return eval.RunSuite(ctx, suite, []eval.Contender{{Name: name, Answer: &answerEng, Ceiling: &ceilingEng}})
	}
	rows, err := run("default", c.Answer.Evidence)
	if err != nil {
		return err
	}
	names := []string{"default"}
	for _, k := range kinds {
		ev := c.Answer.Evidence
		flag := k.of(&ev)
		*flag = !*flag
		name := k.name + map[bool]string{true: " on", false: " off"}[*flag]
		res, err := run(name, ev)
		if err != nil {
			return err
		}
		rows = append(rows, res...)
		names = append(names, name)
	}
	fmt.Fprintf(e.stdout, "\nablation (%s), each kind of evidence flipped from its default in turn:\n\n", c.Name)
	eval.WriteAblation(e.stdout, names, rows, len(suite.Sets))
	return nil
}

// evalReports are the embedded report, or the reports of the data
// directory data, read only. Eval builds its own index of them for each
// analyzer it compares, so the directory's index may be any analyzer's:
// the store is opened with the one that built it.
func evalReports(ctx context.Context, data, analyzer string) ([]*corpus.Report, error) {
	if data == "" {
		r, err := corpus.Default()
		if err != nil {
			return nil, err
		}
		return []*corpus.Report{r}, nil
	}
	opt := store.Options{Analyzer: analyzer, ReadOnly: true, Holder: "reportbot eval",
		MayRepair: func() error { return readerMayWrite(data) }}
	st, err := store.Open(ctx, data, opt)
	if ae := (*store.AnalyzerError)(nil); errors.As(err, &ae) {
		opt.Analyzer = ae.Built
		st, err = store.Open(ctx, data, opt)
	}
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Parsed()
}
