package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/answer/eval"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store"
)

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", "FILE.tsv", "Runs a question set (question<TAB>expected figure or -<TAB>passage key) and prints top-1 passage accuracy,\nfigure accuracy, negatives refused and the failures, with the cjk baseline measured in the same run.\nIt indexes the embedded report in memory, or the reports of --data when given.")
	negatives := fs.String("negatives", "", "file of questions the reports do not answer, one a line")
	analyzer := fs.String("analyzer", index.AnalyzerGse, "analyzer to evaluate: zh_gse or cjk")
	baseline := fs.String("baseline", index.AnalyzerCJK, `analyzer printed beside it for comparison ("" for none)`)
	data := fs.String("data", "", "evaluate on this data directory's reports instead of the embedded report")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fs.Usage()
		return errUsage
	}
	cases, err := readFile(rest[0], eval.ReadCases)
	if err != nil {
		return err
	}
	var negs []string
	if *negatives != "" {
		if negs, err = readFile(*negatives, eval.ReadNegatives); err != nil {
			return err
		}
	}
	reports, err := evalReports(ctx, *data)
	if err != nil {
		return err
	}
	analyzers := []string{*analyzer}
	if *baseline != "" && *baseline != *analyzer {
		analyzers = append(analyzers, *baseline)
	}
	var results []eval.Result
	for _, an := range analyzers {
		ix, err := index.Build(ctx, "", reports, index.Options{Analyzer: an})
		if err != nil {
			return err
		}
		res, err := eval.Run(ctx, answer.New(ix), an, cases, negs)
		ix.Close()
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	fmt.Fprintf(e.stdout, "%s: %d questions, %d negatives\n", rest[0], len(cases), len(negs))
	for _, r := range results {
		fmt.Fprintln(e.stdout, r.Summary())
	}
	if len(results[0].Failures)+len(results[0].FalseAnswers) > 0 {
		fmt.Fprintf(e.stdout, "\nfailures (%s):\n", results[0].Name)
		results[0].WriteFailures(e.stdout)
	}
	return nil
}

func evalReports(ctx context.Context, data string) ([]*corpus.Report, error) {
	if data == "" {
		r, err := corpus.Default()
		if err != nil {
			return nil, err
		}
		return []*corpus.Report{r}, nil
	}
	st, err := store.Open(ctx, data, store.Options{})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Parsed()
}

func readFile[T any](name string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(name)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}
