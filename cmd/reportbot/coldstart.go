package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/reportbot/reportbot/answer/bench"
	"github.com/reportbot/reportbot/answer/eval"
	"github.com/reportbot/reportbot/corpus"
)

// starterSet is the question set .ci/run evaluates, beside the repository:
// the cold start is a process answering its 20 questions.
const starterSet = "../shared/eval/dev.tsv"

// coldQuestionCount is how many built-in questions stand in for the
// starter set where it is absent: as many as it has.
const coldQuestionCount = 20

// anchorPackage is the no-effort program cold start is measured against
// (see its doc for why it is a program of its own).
const anchorPackage = "github.com/reportbot/reportbot/answer/bench/anchor"

// coldStart is reportbot and the anchor answering the same questions, each
// in fresh processes, Runs times in turn.
type coldStart struct {
	// Questions says which questions were asked.
	Questions string
	Runs      int
	// Reportbot and Anchor hold the median wall and CPU time and the
	// largest peak RSS of their runs.
	Reportbot, Anchor coldRun
	// AnchorErr says why the anchor was not measured.
	AnchorErr error
}

// coldQuestions returns the questions of path, or with path "" the
// starter set when it is there and otherwise the first built-in ones.
func coldQuestions(path string) (qs []string, from string, err error) {
	if path == "" {
		if _, err := os.Stat(starterSet); err == nil {
			path = starterSet
		}
	}
	if path == "" {
		set, err := bench.BuiltinQuestions()
		if err != nil {
			return nil, "", err
		}
		for _, c := range set.Cases[:min(coldQuestionCount, len(set.Cases))] {
			qs = append(qs, c.Question)
		}
		return qs, fmt.Sprintf("the first %d built-in questions (no %s)", len(qs), starterSet), nil
	}
	cases, err := eval.ReadFile(path, eval.ReadCases)
	if err != nil {
		return nil, "", err
	}
	for _, c := range cases {
		qs = append(qs, c.Question)
	}
	if len(qs) == 0 {
		return nil, "", fmt.Errorf("--cold-questions: %s holds no question", path)
	}
	return qs, fmt.Sprintf("the %d questions of %s", len(qs), path), nil
}

// measureColdStart times `reportbot ask` on the data directory data (its
// index already on disk) and the anchor, both answering questions from
// stdin, runs times each, alternating so that a busy machine slows both.
func measureColdStart(ctx context.Context, exe, data string, questions []string, from string, runs int) (coldStart, error) {
	cs := coldStart{Questions: from, Runs: runs}
	dir, err := os.MkdirTemp("", "reportbot-anchor-")
	if err != nil {
		return cs, err
	}
	defer os.RemoveAll(dir)
	input := strings.Join(questions, "\n") + "\n"

	paragraphs := filepath.Join(dir, "paragraphs.txt")
	anchor := filepath.Join(dir, "anchor")
	if err := os.WriteFile(paragraphs, []byte(corpus.DefaultText()), 0o644); err != nil {
		return cs, err
	}
	if cs.AnchorErr = buildAnchor(ctx, anchor); cs.AnchorErr != nil {
		anchor = ""
	}

	var ours, theirs []coldRun
	for range runs {
		r, err := timeProcess(ctx, input, exe, "ask", "--data", data, "-")
		if err != nil {
			return cs, fmt.Errorf("cold reportbot ask: %w", err)
		}
		ours = append(ours, r)
		if anchor == "" {
			continue
		}
		if r, err = timeProcess(ctx, input, anchor, paragraphs); err != nil {
			return cs, fmt.Errorf("anchor: %w", err)
		}
		theirs = append(theirs, r)
	}
	cs.Reportbot = medianRun(ours)
	if anchor != "" {
		cs.Anchor = medianRun(theirs)
	}
	return cs, nil
}

// buildAnchor builds the anchor program with the Go toolchain, from the
// module reportbot bench runs in (`go run ./cmd/reportbot bench`).
func buildAnchor(ctx context.Context, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, anchorPackage)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
			return errors.New("no Go toolchain to build it")
		}
		return fmt.Errorf("go build %s (run reportbot bench inside its module): %s", anchorPackage, firstLine(stderr.String()))
	}
	return nil
}

// timeProcess runs a fresh process with input on stdin and returns its
// wall time and peak RSS.
func timeProcess(ctx context.Context, input, name string, args ...string) (coldRun, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = strings.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return coldRun{}, fmt.Errorf("%w: %s", err, firstLine(stderr.String()))
	}
	took := time.Since(start)
	if stdout.Len() == 0 {
		return coldRun{}, errors.New("answered nothing")
	}
	ps := cmd.ProcessState
	return coldRun{Took: took, CPU: ps.UserTime() + ps.SystemTime(), RSS: peakRSS(ps)}, nil
}

// medianRun is the median wall and CPU time of runs and the largest peak
// RSS.
func medianRun(runs []coldRun) coldRun {
	if len(runs) == 0 {
		return coldRun{}
	}
	var (
		took, cpu []time.Duration
		out       coldRun
	)
	for _, r := range runs {
		took, cpu = append(took, r.Took), append(cpu, r.CPU)
		out.RSS = max(out.RSS, r.RSS)
	}
	slices.Sort(took)
	slices.Sort(cpu)
	out.Took, out.CPU = took[len(took)/2], cpu[len(cpu)/2]
	return out
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
