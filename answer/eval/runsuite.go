package eval

import (
	"context"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/reportbot/reportbot/answer"
)

// Contender is one engine a suite is run on: its real answers and its
// ranking ceiling (the same engine with refusals switched off).
type Contender struct {
	Name            string
	Answer, Ceiling *answer.Engine
}

// SetResult is one set's results, one per contender.
type SetResult struct {
	Set      Set
	Results  []Result
	Ceilings []Result
}

// RunSuite runs every set of s on every contender, the sets side by side
// on every core (an Engine answers concurrently, as in the bot), their
// results in the suite's order.
func RunSuite(ctx context.Context, s Suite, contenders []Contender) ([]SetResult, error) {
	return inParallel(ctx, s.Sets, func(ctx context.Context, set Set) (SetResult, error) {
		sr := SetResult{Set: set}
		for _, c := range contenders {
			res, err := Run(ctx, c.Answer, c.Name, set.Cases, set.Negatives)
			if err != nil {
				return sr, fmt.Errorf("%s: %w", set.Title(), err)
			}
			ceil, err := Run(ctx, c.Ceiling, c.Name, set.Cases, nil)
			if err != nil {
				return sr, fmt.Errorf("%s: %w", set.Title(), err)
			}
			sr.Results = append(sr.Results, res)
			sr.Ceilings = append(sr.Ceilings, ceil)
		}
		return sr, nil
	})
}

// inParallel is run of each of items, side by side on every core, the
// results in items' order; the first error cancels the rest's context and
// is returned.
func inParallel[T, R any](ctx context.Context, items []T, run func(context.Context, T) (R, error)) ([]R, error) {
	out := make([]R, len(items))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, item := range items {
		g.Go(func() (err error) {
			out[i], err = run(ctx, item)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// levels in the order they are printed.
var levels = []string{"close", "moderate", "heavy"}

// WriteSuite prints a table of every set: passage top-1, figure, negatives
// refused and the ranking ceiling for each contender, the wording levels
// of held-out sets, and the held-out sets summed. Failures are listed for
// tuning sets only: held-out questions are read as numbers, never one by
// one, or they would become tuning questions.
func WriteSuite(w io.Writer, results []SetResult) {
	if len(results) == 0 {
		return
	}
	fmt.Fprintf(w, "| set | questions | negatives |")
	for _, r := range results[0].Results {
		fmt.Fprintf(w, " %s passage | figure | refused | ceiling |", r.Name)
	}
	fmt.Fprintf(w, "\n|---|---:|---:|")
	for range results[0].Results {
		fmt.Fprintf(w, "---:|---:|---:|---:|")
	}
	fmt.Fprintln(w)
	var tuning, held SetResult
	for _, sr := range results {
		writeRow(w, sr.Set.Title(), sr)
		if sr.Set.HeldOut {
			held = add(held, sr)
		} else {
			tuning = add(tuning, sr)
		}
	}
	if tuning.Results != nil {
		writeRow(w, "all tuning", tuning)
	}
	if held.Results != nil {
		writeRow(w, "**all held-out**", held)
	}
	fmt.Fprintln(w)
	// Where the questions were lost, against the ceiling: a refusal, the
	// ranking, or the figure.
	var lossTuning, lossHeld Losses
	for _, sr := range results {
		l := LossesOf(sr.Results[0], sr.Ceilings[0])
		if sr.Set.HeldOut {
			lossHeld = lossHeld.plus(l)
		} else {
			lossTuning = lossTuning.plus(l)
		}
	}
	name := results[0].Results[0].Name
	fmt.Fprintf(w, "where the questions go (%s), tuning: %s\n", name, lossTuning)
	fmt.Fprintf(w, "where the questions go (%s), held-out: %s\n", name, lossHeld)
	for _, heldOut := range []bool{false, true} {
		if line := negativesByKind(results, heldOut); line != "" {
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintln(w)
	if tuning.Results != nil && held.Results != nil {
		// Counted right, and shown so the reader can take them out.
		var parts []string
		for i, r := range tuning.Results {
			parts = append(parts, fmt.Sprintf("%s tuning %d, held-out %d", r.Name, r.Elsewhere, held.Results[i].Elsewhere))
		}
		fmt.Fprintf(w, "right from another report with the very figure asked for (counted above): %s\n\n", strings.Join(parts, "; "))
	}
	for _, sr := range results {
		if !sr.Set.HeldOut {
			continue
		}
		fmt.Fprintf(w, "%s by wording:", sr.Set.Title())
		for i, r := range sr.Results {
			var parts []string
			for _, lv := range levels {
				if t, ok := r.Levels[lv]; ok {
					parts = append(parts, fmt.Sprintf("%s %.0f%% (%d/%d)", lv, 100*t.Accuracy(), t.Right, t.Questions))
				}
			}
			sep := ";"
			if i == 0 {
				sep = ""
			}
			fmt.Fprintf(w, "%s %s %s", sep, r.Name, strings.Join(parts, ", "))
		}
		fmt.Fprintln(w)
	}
	for _, sr := range results {
		r := sr.Results[0]
		if sr.Set.HeldOut || len(r.Failures)+len(r.FalseAnswers) == 0 {
			continue
		}
		fmt.Fprintf(w, "\nfailures, %s (%s):\n", sr.Set.Title(), r.Name)
		r.WriteFailures(w)
	}
}

func writeRow(w io.Writer, title string, sr SetResult) {
	r0 := sr.Results[0]
	fmt.Fprintf(w, "| %s | %d | %d |", title, r0.Questions, r0.Negatives)
	for i, r := range sr.Results {
		fmt.Fprintf(w, " %.1f%% | %.1f%% | %s | %.1f%% |", 100*r.PassageAccuracy(), 100*r.FigureAccuracy(), refused(r), 100*sr.Ceilings[i].PassageAccuracy())
	}
	fmt.Fprintln(w)
}

func refused(r Result) string {
	if r.Negatives == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*r.RefusedRate())
}

// add sums the counts of b into a, contender by contender.
func add(a, b SetResult) SetResult {
	if a.Results == nil {
		a.Results = make([]Result, len(b.Results))
		a.Ceilings = make([]Result, len(b.Ceilings))
	}
	sum := func(x, y Result) Result {
		x.Name = y.Name
		x.Questions += y.Questions
		x.PassageRight += y.PassageRight
		x.FigureRight += y.FigureRight
		x.Negatives += y.Negatives
		x.Refused += y.Refused
		x.Elsewhere += y.Elsewhere
		return x
	}
	for i := range b.Results {
		a.Results[i] = sum(a.Results[i], b.Results[i])
		a.Ceilings[i] = sum(a.Ceilings[i], b.Ceilings[i])
	}
	return a
}

// WriteAblation prints one row per configuration: its tuning sets and its
// held-out sets summed, a dash where the suite has no set of that side.
// results holds perConfig set results for each name, in order.
func WriteAblation(w io.Writer, names []string, results []SetResult, perConfig int) {
	fmt.Fprintln(w, "| evidence | tuning passage | figure | refused | held-out passage | figure | refused | ceiling |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	cells := func(sr SetResult) string {
		if sr.Results == nil {
			return "– | – | –"
		}
		r := sr.Results[0]
		return fmt.Sprintf("%.1f%% | %.1f%% | %s", 100*r.PassageAccuracy(), 100*r.FigureAccuracy(), refused(r))
	}
	for i, name := range names {
		var tuning, held SetResult
		for _, sr := range results[i*perConfig : (i+1)*perConfig] {
			if sr.Set.HeldOut {
				held = add(held, sr)
			} else {
				tuning = add(tuning, sr)
			}
		}
		ceiling := "–"
		if held.Ceilings != nil {
			ceiling = fmt.Sprintf("%.1f%%", 100*held.Ceilings[0].PassageAccuracy())
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", name, cells(tuning), cells(held), ceiling)
	}
}

// negativesByKind is a line of the negatives refused by what makes them a
// near miss (year, place, ordinal, absent figure, off-topic), for the
// held-out sets or the tuning ones, each contender in turn, with how many
// of those let through another report than the set's answered; "" when no
// negative of those sets names its kind.
func negativesByKind(results []SetResult, heldOut bool) string {
	if len(results) == 0 {
		return ""
	}
	which := "tuning"
	if heldOut {
		which = "held-out"
	}
	var parts []string
	for i, r := range results[0].Results {
		tally := map[string]Tally{}
		elsewhere := 0 // let through, answered from another report than the set's
		for _, sr := range results {
			if sr.Set.HeldOut != heldOut {
				continue
			}
			for j, refused := range sr.Results[i].NegativeRefused {
				if j >= len(sr.Set.NegativeKinds) || sr.Set.NegativeKinds[j] == "" {
					continue
				}
				if reports := sr.Results[i].NegativeReport; j < len(reports) && reports[j] != "" && sr.Set.Report != "" && reports[j] != sr.Set.Report {
					elsewhere++
				}
				t := tally[sr.Set.NegativeKinds[j]]
				t.Questions++
				if refused {
					t.Right++
				}
				tally[sr.Set.NegativeKinds[j]] = t
			}
		}
		if len(tally) == 0 {
			return ""
		}
		var kinds []string
		for _, k := range slices.Sorted(maps.Keys(tally)) {
			t := tally[k]
			kinds = append(kinds, fmt.Sprintf("%s %d/%d", k, t.Right, t.Questions))
		}
		parts = append(parts, fmt.Sprintf("%s %s (let through from another report: %d)", r.Name, strings.Join(kinds, ", "), elsewhere))
	}
	return fmt.Sprintf("negatives refused by kind, %s: %s", which, strings.Join(parts, "; "))
}
