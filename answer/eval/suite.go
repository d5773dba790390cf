package eval

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store"
)

// A suite is a folder of question sets on several reports:
//
//	reports/<id>.<ext>             a report file, added as an admin adds one
//	<id>/heldout.tsv               questions written blind, never tuned on
//	<id>/heldout-negatives.tsv     questions the report does not answer
//	<id>/<name>.tsv                tuning sets, with <name>-negatives.tsv
//	<id>/followup-<name>.tsv       follow-up pairs (ReadPairs): tuning, or
//	                               held out when <name> starts with heldout
//
// <id> is the report's ID; the embedded report has no file under reports/.
const (
	reportsDir     = "reports"
	heldOutPrefix  = "heldout"
	negativesAfter = "-negatives"
)

// Set is one question set of a suite.
type Set struct {
	// Report is the ID of the report the set asks about.
	Report string
	// Name is the file's name without extension: "heldout", "tuning"…
	Name string
	// HeldOut sets were written by someone who never saw the engine;
	// only their aggregate numbers are read while the engine changes.
	HeldOut   bool
	Cases     []Case
	Negatives []string
	// NegativeKinds are what makes each negative a near miss ("year",
	// "place"…; "" where its file does not say), beside Negatives.
	NegativeKinds []string
}

// Title names the set: "report/name".
func (s Set) Title() string { return s.Report + "/" + s.Name }

// Suite is every question set of a suite folder and the report files they ask about.
type Suite struct {
	// Documents are the report files to add, by report ID.
	Documents map[string]string
	Sets      []Set
	// Followups are the follow-up sets, tuning ones first.
	Followups []PairSet
}

// LoadSuite reads a suite folder. Every case's Report is set to its
// folder's report ID, so an answer from another report counts as wrong.
func LoadSuite(dir string) (Suite, error) {
	s := Suite{Documents: map[string]string{}}
	docs, err := os.ReadDir(filepath.Join(dir, reportsDir))
	if err != nil && !os.IsNotExist(err) {
		return s, fmt.Errorf("suite: %w", err)
	}
	for _, d := range docs {
		name := d.Name()
		if d.IsDir() || strings.HasPrefix(name, ".") || strings.EqualFold(name, "README.md") {
			continue
		}
		s.Documents[strings.TrimSuffix(name, filepath.Ext(name))] = filepath.Join(dir, reportsDir, name)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return s, fmt.Errorf("suite: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == reportsDir || e.Name() == "fuzz" {
			continue
		}
		sets, err := loadReportSets(filepath.Join(dir, e.Name()), e.Name())
		if err != nil {
			return s, err
		}
		s.Sets = append(s.Sets, sets...)
		pairs, err := loadPairSets(filepath.Join(dir, e.Name()), e.Name())
		if err != nil {
			return s, err
		}
		s.Followups = append(s.Followups, pairs...)
	}
	if len(s.Sets) == 0 {
		return s, fmt.Errorf("suite %s: no question sets", dir)
	}
	// Held-out sets last, so a reader meets the tuning numbers first and
	// the held-out ones as the verdict.
	slices.SortStableFunc(s.Sets, func(a, b Set) int {
		if a.HeldOut != b.HeldOut {
			if a.HeldOut {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Title(), b.Title())
	})
	slices.SortStableFunc(s.Followups, func(a, b PairSet) int {
		if a.HeldOut != b.HeldOut {
			if a.HeldOut {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Title(), b.Title())
	})
	return s, nil
}

// loadPairSets reads a report folder's follow-up sets.
func loadPairSets(dir, report string) ([]PairSet, error) {
	files, err := filepath.Glob(filepath.Join(dir, followupPrefix+"*.tsv"))
	if err != nil {
		return nil, err
	}
	var sets []PairSet
	for _, f := range files {
		name := strings.TrimPrefix(strings.TrimSuffix(filepath.Base(f), ".tsv"), followupPrefix)
		pairs, err := ReadFile(f, ReadPairs)
		if err != nil {
			return nil, err
		}
		for i := range pairs {
			pairs[i].Report = report
		}
		sets = append(sets, PairSet{Report: report, Name: name, HeldOut: strings.HasPrefix(name, heldOutPrefix), Pairs: pairs})
	}
	return sets, nil
}

func loadReportSets(dir, report string) ([]Set, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		return nil, err
	}
	var sets []Set
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".tsv")
		if strings.HasSuffix(name, negativesAfter) || strings.HasPrefix(name, followupPrefix) {
			continue
		}
		cases, err := ReadFile(f, ReadCases)
		if err != nil {
			return nil, err
		}
		for i := range cases {
			cases[i].Report = report
		}
		set := Set{Report: report, Name: name, HeldOut: strings.HasPrefix(name, heldOutPrefix), Cases: cases}
		for _, ext := range []string{".tsv", ".txt"} {
			neg := filepath.Join(dir, name+negativesAfter+ext)
			if _, err := os.Stat(neg); err != nil {
				continue
			}
			rows, err := ReadFile(neg, ReadNegativeRows)
			if err != nil {
				return nil, err
			}
			for _, row := range rows {
				set.Negatives = append(set.Negatives, row.Question)
				set.NegativeKinds = append(set.NegativeKinds, row.Kind)
			}
			break
		}
		sets = append(sets, set)
	}
	return sets, nil
}

// ReadFile opens name and reads it with read, naming the file in errors.
func ReadFile[T any](name string, read func(io.Reader) (T, error)) (T, error) {
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

// Reports stores the embedded report and the suite's documents in a new
// data directory through store.Add, the path `reports add` takes, and
// returns them parsed. A document stored under another ID than its name
// is an error: its questions would look for the wrong report.
func (s Suite) Reports(ctx context.Context, dataDir string) ([]*corpus.Report, error) {
	st, err := store.Open(ctx, dataDir, store.Options{})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for _, id := range slices.Sorted(maps.Keys(s.Documents)) {
		path := s.Documents[id]
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		m, _, err := st.Add(ctx, filepath.Base(path), b, store.AddOptions{})
		if err != nil {
			return nil, fmt.Errorf("add %s: %w", path, err)
		}
		if m.ID != id {
			return nil, fmt.Errorf("add %s: stored as %q, want %q (the name of its question folder)", path, m.ID, id)
		}
	}
	return st.Parsed()
}

// Contenders indexes reports in memory with each analyzer and returns an
// engine and its ceiling (refusals off) for each; close closes the indexes.
func Contenders(ctx context.Context, reports []*corpus.Report, analyzers []string) (cs []Contender, close func(), err error) {
	var indexes []*index.Index
	close = func() {
		for _, ix := range indexes {
			ix.Close()
		}
	}
	for _, an := range analyzers {
		ix, err := index.Build(ctx, "", reports, index.Options{Analyzer: an})
		if err != nil {
			close()
			return nil, nil, err
		}
		indexes = append(indexes, ix)
		ceiling := answer.New(ix)
		ceiling.NoRefusal = true
		cs = append(cs, Contender{Name: an, Answer: answer.New(ix), Ceiling: ceiling})
	}
	return cs, close, nil
}
