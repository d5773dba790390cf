package eval

import (
	"context"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
)

// Kinds of follow-up pairs.
const (
	// KindFollowup: the second message makes sense only with the first
	// question in mind, and the report answers it.
	KindFollowup = "followup"
	// KindFollowupNegative: a follow-up the report does not answer.
	KindFollowupNegative = "followup-negative"
	// KindStandalone: a question of its own, which the first question
	// must not change.
	KindStandalone = "standalone"
)

// followupPrefix names a report folder's follow-up sets:
// followup-<name>.tsv, held out when <name> starts with "heldout".
const followupPrefix = "followup-"

// Pair is a first question and the message after it in the same chat.
type Pair struct {
	First, Second string
	Kind          string
	// Figure and Key are the expected answer to Second read as Kind says
	// ("" for none), as in Case.
	Figure, Key string
	// Reading is the question Second stands for, as its writer read it;
	// for people, not scored.
	Reading string
	Report  string
	Line    int
}

// ReadPairs reads a TSV of first question, second message, kind
// (followup, followup-negative, standalone), figure ("-" for none),
// passage key ("-" for none) and reading. Blank and # lines are skipped.
func ReadPairs(r io.Reader) ([]Pair, error) {
	var pairs []Pair
	err := scanRows(r, func(n int, cols []string) error {
		if len(cols) != 6 {
			return fmt.Errorf("line %d: want 6 tab-separated columns (first, second, kind, figure, key, reading), got %d", n, len(cols))
		}
		for i := range cols {
			if cols[i] == "-" {
				cols[i] = ""
			}
		}
		p := Pair{First: cols[0], Second: cols[1], Kind: cols[2], Figure: cols[3], Key: cols[4], Reading: cols[5], Line: n}
		switch {
		case p.First == "" || p.Second == "":
			return fmt.Errorf("line %d: a question is empty", n)
		case p.Kind != KindFollowup && p.Kind != KindFollowupNegative && p.Kind != KindStandalone:
			return fmt.Errorf("line %d: kind %q, want %s, %s or %s", n, p.Kind, KindFollowup, KindFollowupNegative, KindStandalone)
		case p.Kind == KindFollowup && p.Key == "":
			return fmt.Errorf("line %d: a follow-up needs the passage key of its answer", n)
		}
		pairs = append(pairs, p)
		return nil
	})
	return pairs, err
}

// PairSet is one report's follow-up set.
type PairSet struct {
	Report, Name string
	// HeldOut sets were written blind; only their numbers are read.
	HeldOut bool
	// Consecutive sets are a question set's questions asked one after
	// another (StandalonePairs).
	Consecutive bool
	Pairs       []Pair
}

// Title names the set: "report/followup-name", or for consecutive
// questions "report/name, consecutive".
func (s PairSet) Title() string {
	if s.Consecutive {
		return s.Report + "/" + s.Name + ", consecutive"
	}
	return s.Report + "/" + followupPrefix + s.Name
}

// FollowupResult sums up one follow-up set.
type FollowupResult struct {
	Name string
	// Followups, and those answered with the right passage, the right
	// figure, and the right passage when asked alone (the baseline:
	// what reading them with the first question gains).
	Followups, PassageRight, FigureRight, AloneRight int
	// WrittenOut counts the follow-ups whose writer's reading (the
	// message written out as a question of its own) is answered alone
	// with the right passage: how far reading them with the first
	// question could take them with today's answers. Those right by
	// passage and figure are WrittenOutFigure.
	WrittenOut, WrittenOutFigure int
	// Negatives are follow-ups the report does not answer; Refused those
	// answered "not found".
	Negatives, Refused int
	// Standalone questions, and those answered exactly as when asked
	// alone (a hard rule: all of them).
	Standalone, Unchanged int
	// OneTap counts the follow-ups answered wrong whose other reading,
	// offered to the member (answer.Turn.Otherwise: read with the first
	// question, or alone), is right: right in one tap. StandaloneOffered
	// counts the standalone questions shown an offer to read them with the
	// first question, which they do not need.
	OneTap, StandaloneOffered int
	// Elsewhere counts the right follow-ups (in PassageRight and
	// FigureRight) given by another report with the figure asked for.
	Elsewhere int
	// ByReading counts the follow-ups by how the engine read them
	// (answer.Reading.Because, or "alone"): where they go, as "where the
	// questions go" shows for questions, so that held-out sets are read
	// by mechanism, not one by one.
	ByReading map[string]ReadingCount
	Failures  []string
}

// ReadingCount is how the follow-ups read one way fared: how many, how
// many right (passage), and how many of those wrong were right written
// out (their writer's reading answered alone).
type ReadingCount struct {
	Followups, Right, WrongWrittenOutRight int
}

// aloneReading names the follow-ups answered as questions of their own.
const aloneReading = "alone"

// RunPairs asks each pair's first question, then its second message in
// the conversation, and scores the second answer.
func RunPairs(ctx context.Context, eng *answer.Engine, name string, pairs []Pair) (FollowupResult, error) {
	res := FollowupResult{Name: name}
	for _, p := range pairs {
		_, turn, err := eng.Follow(ctx, nil, p.First)
		if err != nil {
			return res, fmt.Errorf("line %d %q: %w", p.Line, p.First, err)
		}
		a, next, err := eng.Follow(ctx, turn, p.Second)
		if err != nil {
			return res, fmt.Errorf("line %d %q: %w", p.Line, p.Second, err)
		}
		offered := next != nil && next.Otherwise() != nil
		alone, err := eng.Ask(ctx, p.Second)
		if err != nil {
			return res, fmt.Errorf("line %d %q: %w", p.Line, p.Second, err)
		}
		fail := func(why string) {
			got := "not found"
			if a.Found {
				got = a.Passage.Text
			}
			if a.Figure != nil {
				got = a.Figure.Text + " · " + got
			}
			read := "alone"
			if a.Reading != nil {
				read = a.Reading.Phrase()
			}
			res.Failures = append(res.Failures, fmt.Sprintf("[%s] line %d %q → %q read as 「%s」; want %q in %q; got %s",
				why, p.Line, p.First, p.Second, read, p.Figure, p.Key, corpus.Shorten(got, 60)))
		}
		switch p.Kind {
		case KindFollowup:
			res.Followups++
			passageOK, figureOK, otherReport := rightAnswer(a, p.Figure, p.Key, p.Report)
			if otherReport {
				res.Elsewhere++
			}
			if right, _, _ := rightAnswer(alone, p.Figure, p.Key, p.Report); right {
				res.AloneRight++
			}
			written := "" // how the writer's reading fared, for a failure
			writtenRight := false
			if p.Reading != "" {
				full, err := eng.Ask(ctx, p.Reading)
				if err != nil {
					return res, fmt.Errorf("line %d %q: %w", p.Line, p.Reading, err)
				}
				passage, figure, _ := rightAnswer(full, p.Figure, p.Key, p.Report)
				if passage {
					res.WrittenOut++
				}
				if figure {
					res.WrittenOutFigure++
				}
				written = ", written out wrong"
				if figure || passage && !passageOK {
					written, writtenRight = ", written out right", true
				}
			}
			switch {
			case !passageOK:
				fail("wrong passage" + written)
			case !figureOK:
				fail("wrong figure" + written)
			}
			how := aloneReading
			if a.Reading != nil {
				how = a.Reading.Because
			}
			if res.ByReading == nil {
				res.ByReading = map[string]ReadingCount{}
			}
			c := res.ByReading[how]
			c.Followups++
			if passageOK {
				c.Right++
			} else if writtenRight {
				c.WrongWrittenOutRight++
			}
			res.ByReading[how] = c
			if passageOK {
				res.PassageRight++
			}
			if !passageOK && offered {
				other, err := eng.Again(ctx, next.Otherwise())
				if err != nil {
					return res, fmt.Errorf("line %d %q: %w", p.Line, p.Second, err)
				}
				if right, _, _ := rightAnswer(other, p.Figure, p.Key, p.Report); right {
					res.OneTap++
				}
			}
			if figureOK {
				res.FigureRight++
			}
		case KindFollowupNegative:
			res.Negatives++
			if !a.Found {
				res.Refused++
			} else {
				fail("answered a negative")
			}
		case KindStandalone:
			res.Standalone++
			if offered && next.Otherwise().LeansOnPrevious() {
				res.StandaloneOffered++
			}
			if reflect.DeepEqual(a, alone) {
				res.Unchanged++
			} else {
				fail("standalone changed")
			}
		}
	}
	return res, nil
}

// PassageAccuracy is the share of follow-ups with the right passage.
func (r FollowupResult) PassageAccuracy() float64 { return ratio(r.PassageRight, r.Followups) }

// FigureAccuracy is the share of follow-ups with the right passage and figure.
func (r FollowupResult) FigureAccuracy() float64 { return ratio(r.FigureRight, r.Followups) }

// RefusedRate is the share of follow-up negatives refused.
func (r FollowupResult) RefusedRate() float64 { return ratio(r.Refused, r.Negatives) }

// UnchangedRate is the share of standalone questions answered as alone.
func (r FollowupResult) UnchangedRate() float64 { return ratio(r.Unchanged, r.Standalone) }

func (r FollowupResult) plus(o FollowupResult) FollowupResult {
	r.Name = o.Name
	r.Followups += o.Followups
	r.PassageRight += o.PassageRight
	r.FigureRight += o.FigureRight
	r.AloneRight += o.AloneRight
	r.WrittenOut += o.WrittenOut
	r.WrittenOutFigure += o.WrittenOutFigure
	r.Negatives += o.Negatives
	r.Refused += o.Refused
	r.Standalone += o.Standalone
	r.Unchanged += o.Unchanged
	r.Elsewhere += o.Elsewhere
	r.OneTap += o.OneTap
	r.StandaloneOffered += o.StandaloneOffered
	if len(o.ByReading) > 0 {
		// A new map: r's may be another result's own.
		r.ByReading = maps.Clone(r.ByReading)
		if r.ByReading == nil {
			r.ByReading = map[string]ReadingCount{}
		}
	}
	for how, c := range o.ByReading {
		sum := r.ByReading[how]
		sum.Followups += c.Followups
		sum.Right += c.Right
		sum.WrongWrittenOutRight += c.WrongWrittenOutRight
		r.ByReading[how] = sum
	}
	return r
}

// PairSetResult is one follow-up set's result.
type PairSetResult struct {
	Set    PairSet
	Result FollowupResult
}

// RunFollowups runs every follow-up set of s on c's engine, and every
// question set as standalone pairs (StandalonePairs).
func RunFollowups(ctx context.Context, s Suite, c Contender) ([]PairSetResult, error) {
	sets := slices.Clone(s.Followups)
	for _, set := range s.Sets {
		sets = append(sets, StandalonePairs(set))
	}
	// Held-out sets last, as in the question sets' table.
	slices.SortStableFunc(sets, func(a, b PairSet) int {
		switch {
		case a.HeldOut == b.HeldOut:
			return 0
		case a.HeldOut:
			return 1
		}
		return -1
	})
	// Side by side on every core, as RunSuite runs its sets.
	return inParallel(ctx, sets, func(ctx context.Context, set PairSet) (PairSetResult, error) {
		res, err := RunPairs(ctx, c.Answer, c.Name, set.Pairs)
		if err != nil {
			return PairSetResult{}, fmt.Errorf("%s: %w", set.Title(), err)
		}
		return PairSetResult{Set: set, Result: res}, nil
	})
}

// StandalonePairs makes a question set into standalone pairs: each
// question (and negative) asked right after the one before it. Every one
// is a question of its own, which the question before must not change.
func StandalonePairs(set Set) PairSet {
	qs := make([]string, 0, len(set.Cases)+len(set.Negatives))
	for _, c := range set.Cases {
		qs = append(qs, c.Question)
	}
	qs = append(qs, set.Negatives...)
	ps := PairSet{Report: set.Report, Name: set.Name, HeldOut: set.HeldOut, Consecutive: true}
	for i := 1; i < len(qs); i++ {
		ps.Pairs = append(ps.Pairs, Pair{First: qs[i-1], Second: qs[i], Kind: KindStandalone, Report: set.Report, Line: i})
	}
	return ps
}

// SumFollowups adds up the held-out sets (heldOut true) or the tuning sets.
func SumFollowups(results []PairSetResult, heldOut bool) FollowupResult {
	var sum FollowupResult
	for _, r := range results {
		if r.Set.HeldOut == heldOut {
			sum = sum.plus(r.Result)
		}
	}
	return sum
}

// WriteFollowups prints the follow-up sets, tuning and held-out apart:
// follow-ups answered right (passage, figure) beside the same messages
// answered alone and beside their writers' readings answered alone (the
// ceiling of reading them: what is lost past it is lost answering, not
// reading), follow-up negatives refused, and standalone questions
// unchanged (the sets' own, and every question set's questions asked one
// after another). Failures are listed for tuning sets only.
func WriteFollowups(w io.Writer, results []PairSetResult) {
	if len(results) == 0 {
		return
	}
	fmt.Fprintln(w, "| follow-up set | follow-ups | passage | figure | alone (baseline) | written out: passage / figure | negatives refused | standalone unchanged |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	row := func(title string, r FollowupResult) {
		written := "–"
		if r.Followups > 0 {
			written = fmt.Sprintf("%.1f%% / %.1f%%", 100*ratio(r.WrittenOut, r.Followups), 100*ratio(r.WrittenOutFigure, r.Followups))
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", title, r.Followups,
			share(r.PassageRight, r.Followups), share(r.FigureRight, r.Followups), share(r.AloneRight, r.Followups),
			written, share(r.Refused, r.Negatives), share(r.Unchanged, r.Standalone))
	}
	for _, r := range results {
		row(r.Set.Title(), r.Result)
	}
	for _, heldOut := range []bool{false, true} {
		title := "all follow-up tuning"
		if heldOut {
			title = "**all follow-up held-out**"
		}
		if sum := SumFollowups(results, heldOut); sum.Followups+sum.Negatives+sum.Standalone > 0 {
			row(title, sum)
		}
	}
	tuning, held := SumFollowups(results, false), SumFollowups(results, true)
	fmt.Fprintf(w, "\nright from another report with the very figure asked for (counted above): tuning %d, held-out %d\n", tuning.Elsewhere, held.Elsewhere)
	fmt.Fprintf(w, "wrong, but right in one tap (the other reading offered: with the first question, or alone; not counted above): tuning %s, held-out %s; standalone questions shown that offer: tuning %s, held-out %s\n",
		share(tuning.OneTap, tuning.Followups), share(held.OneTap, held.Followups), share(tuning.StandaloneOffered, tuning.Standalone), share(held.StandaloneOffered, held.Standalone))
	for _, heldOut := range []bool{false, true} {
		title, sum := "tuning", tuning
		if heldOut {
			title, sum = "held-out", held
		}
		if sum.Followups == 0 {
			continue
		}
		fmt.Fprintf(w, "follow-ups by how they were read, %s (right; wrong but right written out):", title)
		for _, how := range slices.Sorted(maps.Keys(sum.ByReading)) {
			c := sum.ByReading[how]
			fmt.Fprintf(w, " %s %d (%d; %d)", how, c.Followups, c.Right, c.WrongWrittenOutRight)
		}
		fmt.Fprintln(w)
	}
	for _, r := range results {
		if r.Set.HeldOut || len(r.Result.Failures) == 0 {
			continue
		}
		fmt.Fprintf(w, "\nfailures, %s (%s):\n", r.Set.Title(), r.Result.Name)
		for _, f := range r.Result.Failures {
			fmt.Fprintln(w, "  "+f)
		}
	}
}

func share(a, b int) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", 100*ratio(a, b), a, b)
}
