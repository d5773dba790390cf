// Package eval measures answer quality: it runs a question set through
// the answer engine and reports top-1 passage accuracy, figure accuracy
// and how many off-topic questions were refused.
package eval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"unicode/utf8"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
)

// Case is one question with its expected answer.
type Case struct {
	Question string
	// Figure is a substring of the expected figure text, whole (no digit
	// touching it: 0.9% is not in 10.9%); "" when the question wants no
	// figure ("-" in the file).
	Figure string
	// Key is a substring of the expected passage text.
	Key string
	// Report, when set, is the ID of the report the passage must come
	// from: among many reports saying the same thing, the right one.
	Report string
	// Level is how far the question's wording is from the report's:
	// "close", "moderate" or "heavy" (colloquial); "" when not given.
	Level string
	Line  int
}

// ReadCases reads a TSV of question, expected figure ("-" for none),
// passage key and, optionally, wording level. Blank lines and lines
// starting with # are skipped.
func ReadCases(r io.Reader) ([]Case, error) {
	var cases []Case
	err := scanRows(r, func(n int, cols []string) error {
		if len(cols) != 3 && len(cols) != 4 {
			return fmt.Errorf("line %d: want 3 or 4 tab-separated columns, got %d", n, len(cols))
		}
		c := Case{Question: cols[0], Figure: cols[1], Key: cols[2], Line: n}
		if c.Question == "" || c.Key == "" || c.Key == "-" {
			// An empty key is in every passage: the case would count as
			// right whatever was found.
			return fmt.Errorf("line %d: a question and its passage key are required", n)
		}
		if len(cols) == 4 {
			c.Level = cols[3]
		}
		if c.Figure == "-" {
			c.Figure = ""
		}
		cases = append(cases, c)
		return nil
	})
	return cases, err
}

// scanRows calls row with the trimmed tab-separated columns of every line
// of a question-set file that is neither blank nor a # comment, and its
// line number.
func scanRows(r io.Reader, row func(n int, cols []string) error) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, bom)
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		if err := row(n, cols); err != nil {
			return err
		}
	}
	return sc.Err()
}

// bom is the byte order mark an editor may write at the start of a UTF-8
// file (Notepad, Excel's "UTF-8 CSV"). It is not space to TrimSpace: left
// on, it hides a header's # and the header is read as a question.
const bom = "\ufeff"

// ReadNegatives reads one question per line; # lines are comments. A tab
// may follow the question with what makes it a near miss ("year",
// "place"…), which ReadNegativeRows reads too.
func ReadNegatives(r io.Reader) ([]string, error) {
	rows, err := ReadNegativeRows(r)
	qs := make([]string, len(rows))
	for i, row := range rows {
		qs[i] = row.Question
	}
	return qs, err
}

// NegativeRow is one question of a negatives file and what makes it a
// near miss (its second column: "year", "place", "ordinal",
// "absent-figure", "off-topic"; "" where none is given).
type NegativeRow struct{ Question, Kind string }

// ReadNegativeRows reads a negatives file's questions with their kinds,
// in order; # lines are comments.
func ReadNegativeRows(r io.Reader) ([]NegativeRow, error) {
	var rows []NegativeRow
	err := scanRows(r, func(_ int, cols []string) error {
		// A comment may be indented; a line with no question is none.
		if cols[0] == "" || strings.HasPrefix(cols[0], "#") {
			return nil
		}
		row := NegativeRow{Question: cols[0]}
		if len(cols) > 1 {
			row.Kind = cols[1]
		}
		rows = append(rows, row)
		return nil
	})
	return rows, err
}

// Failure is one question the engine got wrong.
type Failure struct {
	Case   Case
	Got    string // passage text, or "not found"
	Figure string
	Why    string
}

// Result sums up one run.
type Result struct {
	Name          string
	Questions     int
	PassageRight  int
	FigureRight   int
	Negatives     int
	Refused       int
	MedianPassage int // runes of the answered passages
	// Elsewhere counts the right answers (in PassageRight and FigureRight)
	// given by another report with the very figure asked for (elsewhere).
	Elsewhere int
	// Levels counts questions and right passages by wording level.
	Levels       map[string]Tally
	Failures     []Failure
	FalseAnswers []string // negatives that got an answer
	// Outcomes are the questions' outcomes, in the order asked.
	Outcomes []Outcome
	// NegativeRefused says, for each negative in the order asked, whether
	// it was refused, and NegativeReport, for one answered, the report
	// that answered it: a negative written for one report may be answered,
	// rightly, by another report of the suite (a government report's
	// negative on the year's foreign reserves, by the communiqué).
	NegativeRefused []bool
	NegativeReport  []string
}

// Outcome is how one question fared: answered at all, with the right
// passage, with the right figure; refused, with the right passage offered
// as the nearest one, and by which rule (answer.Answer.Refusal).
type Outcome struct {
	Found, Passage, Figure, Nearest bool
	Refusal                         string
}

// Run asks every question and negative and scores the answers. A
// question's figure counts as right when the passage is right and the
// figure contains the expected text, or, when none is expected, the
// answer offers no figure. An answer from another report with the very
// figure expected counts as right twice over (elsewhere).
func Run(ctx context.Context, eng *answer.Engine, name string, cases []Case, negatives []string) (Result, error) {
	res := Result{Name: name, Questions: len(cases), Negatives: len(negatives), Levels: map[string]Tally{}}
	var lengths []int
	for _, c := range cases {
		a, err := eng.Ask(ctx, c.Question)
		if err != nil {
			return res, fmt.Errorf("line %d %q: %w", c.Line, c.Question, err)
		}
		got, fig := "not found", ""
		if a.Found {
			got = a.Passage.Text
			lengths = append(lengths, utf8.RuneCountInString(got))
		}
		if a.Figure != nil {
			fig = a.Figure.Text
		}
		passageOK, figureOK, other := rightAnswer(a, c.Figure, c.Key, c.Report)
		if other {
			res.Elsewhere++
		}
		lv := res.Levels[c.Level]
		lv.Questions++
		if passageOK {
			res.PassageRight++
			lv.Right++
		}
		res.Levels[c.Level] = lv
		nearest := !a.Found && a.Nearest != nil && isKeyed(*a.Nearest, c.Key, c.Report)
		res.Outcomes = append(res.Outcomes, Outcome{Found: a.Found, Passage: passageOK, Figure: figureOK, Nearest: nearest, Refusal: a.Refusal})
		if figureOK {
			res.FigureRight++
		}
		if !figureOK {
			why := "wrong figure"
			if !passageOK {
				why = "wrong passage"
			}
			res.Failures = append(res.Failures, Failure{Case: c, Got: got, Figure: fig, Why: why})
		}
	}
	for _, q := range negatives {
		a, err := eng.Ask(ctx, q)
		if err != nil {
			return res, fmt.Errorf("negative %q: %w", q, err)
		}
		res.NegativeRefused = append(res.NegativeRefused, !a.Found)
		from := ""
		if a.Found {
			from = a.Passage.ReportID
		}
		res.NegativeReport = append(res.NegativeReport, from)
		if !a.Found {
			res.Refused++
		} else {
			res.FalseAnswers = append(res.FalseAnswers, q+" → "+a.Passage.Text)
		}
	}
	if len(lengths) > 0 {
		slices.Sort(lengths)
		res.MedianPassage = lengths[len(lengths)/2]
	}
	return res, nil
}

// Tally counts questions and right passages.
type Tally struct{ Questions, Right int }

// Accuracy is the share right (0–1).
func (t Tally) Accuracy() float64 { return ratio(t.Right, t.Questions) }

// answersKey reports whether a is the passage key asks for: found, from
// report (when given), and saying key in its text or in a caption it is
// shown with — a question about a photo is answered by the passage whose
// photo it is, and the bot shows the caption beside it.
func answersKey(a answer.Answer, key, report string) bool {
	return a.Found && isKeyed(*a.Passage, key, report)
}

// isKeyed reports whether p is the passage key names: from report (when
// given), saying key in its text or a caption.
func isKeyed(p answer.Passage, key, report string) bool {
	return (report == "" || p.ReportID == report) && says(p.Text, p.Captions, key)
}

// rightAnswer scores a against what was expected: the right passage (its
// text or a caption says key, in report when given) and the right figure
// as well (stating figure whole, or none when figure is ""). An answer
// from another report giving the very figure expected is right on both,
// and other says so (elsewhere).
func rightAnswer(a answer.Answer, figure, key, report string) (passage, figureOK, other bool) {
	if answersKey(a, key, report) {
		got := ""
		if a.Figure != nil {
			got = a.Figure.Text
		}
		// Whole, as elsewhere: the right passage's 10.9% is not the 0.9%
		// asked for, though it contains it.
		return true, figure == "" && a.Figure == nil || figure != "" && statesWhole(got, figure), false
	}
	if elsewhere(a, figure, report) {
		return true, true, true
	}
	return false, false, false
}

// elsewhere reports an answer from another report than the one a question
// was written on that gives the very figure asked for: the government
// work report and the statistical communiqué both give 2021's growth
// (8.1%), and either answers a member who asks it. Only a figure the
// question expects counts, and only whole: 10.9% does not give 0.9%.
// What the figure measures is not compared: the answer was found, so its
// passage covers the question's words, and the count of answers credited
// so is printed for the reader to check or take out.
func elsewhere(a answer.Answer, figure, report string) bool {
	if !a.Found || a.Figure == nil || figure == "" || report == "" || a.Passage.ReportID == report {
		return false
	}
	return statesWhole(a.Figure.Text, figure)
}

// statesWhole reports whether figure text got holds want with no digit,
// decimal point or thousands separator touching it on either side.
func statesWhole(got, want string) bool {
	got, want = fold(got), fold(want)
	numeric := func(r rune) bool { return unicode.IsDigit(r) || r == '.' || r == ',' }
	for i := strings.Index(got, want); i >= 0; {
		before, _ := utf8.DecodeLastRuneInString(got[:i])
		after, _ := utf8.DecodeRuneInString(got[i+len(want):])
		if !numeric(before) && !numeric(after) {
			return true
		}
		j := strings.Index(got[i+1:], want)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// says reports whether a passage's text or one of its captions says key.
func says(text string, captions []corpus.Caption, key string) bool {
	return containsIgnoringSpace(text, key) || slices.ContainsFunc(captions, func(c corpus.Caption) bool { return containsIgnoringSpace(c.Text, key) })
}

// containsIgnoringSpace reports whether key is in text once whitespace is
// dropped from both and both are folded by NFKC: extraction may break or
// join lines where the question writer's copy did not, and it folds
// full-width letters, digits and signs ("－", "％") that the writer copied
// from the original.
func containsIgnoringSpace(text, key string) bool {
	return strings.Contains(fold(text), fold(key))
}

// fold is s folded by NFKC with its whitespace dropped, as keys and
// figures are compared.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
}

// PassageAccuracy is the top-1 passage accuracy (0–1).
func (r Result) PassageAccuracy() float64 { return ratio(r.PassageRight, r.Questions) }

// FigureAccuracy is the share of questions with the right passage and figure.
func (r Result) FigureAccuracy() float64 { return ratio(r.FigureRight, r.Questions) }

// RefusedRate is the share of negatives answered "not found".
func (r Result) RefusedRate() float64 { return ratio(r.Refused, r.Negatives) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Summary is the one-line result.
func (r Result) Summary() string {
	return fmt.Sprintf("%-8s passage top-1 %5.1f%% (%d/%d)  figure %5.1f%% (%d/%d)  negatives refused %5.1f%% (%d/%d)  median passage %d chars",
		r.Name, 100*r.PassageAccuracy(), r.PassageRight, r.Questions, 100*r.FigureAccuracy(), r.FigureRight, r.Questions,
		100*r.RefusedRate(), r.Refused, r.Negatives, r.MedianPassage)
}

// WriteFailures lists what went wrong, one question a line.
func (r Result) WriteFailures(w io.Writer) {
	for _, f := range r.Failures {
		fmt.Fprintf(w, "  [%s] line %d %q want %q in %q; got figure %q, passage %q\n",
			f.Why, f.Case.Line, f.Case.Question, f.Case.Figure, f.Case.Key, f.Figure, corpus.Shorten(f.Got, 60))
	}
	for _, q := range r.FalseAnswers {
		fmt.Fprintf(w, "  [answered a negative] %s\n", corpus.Shorten(q, 90))
	}
}

// Losses say where a run's questions were lost, against its ceiling (the
// same questions with refusals off).
type Losses struct {
	Questions int
	// Right: the right passage. Refused: no answer, though the ceiling's
	// top-ranked passage was right (the refusal cost it). Misranked: no
	// answer, and the top-ranked passage was wrong too. Wrong: another
	// passage given. WrongFigure: the right passage with a wrong figure.
	// Offered: refused, with the right passage offered as the nearest
	// (counted in Refused or Misranked too).
	Right, Refused, Misranked, Wrong, WrongFigure, Offered int
	// RefusedBy counts the Refused by the rule that refused them.
	RefusedBy map[string]int
}

// LossesOf compares a run with its ceiling question by question.
func LossesOf(res, ceiling Result) Losses {
	l := Losses{Questions: len(res.Outcomes), RefusedBy: map[string]int{}}
	for i, o := range res.Outcomes {
		top := i < len(ceiling.Outcomes) && ceiling.Outcomes[i].Passage
		switch {
		case o.Passage:
			l.Right++
			if !o.Figure {
				l.WrongFigure++
			}
		case !o.Found && top:
			l.Refused++
			rule := o.Refusal
			if rule == "" {
				rule = "unknown"
			}
			l.RefusedBy[rule]++
			if o.Nearest {
				l.Offered++
			}
		case !o.Found:
			l.Misranked++
			if o.Nearest {
				l.Offered++
			}
		default:
			l.Wrong++
		}
	}
	return l
}

func (l Losses) plus(o Losses) Losses {
	l.Questions += o.Questions
	l.Right += o.Right
	l.Refused += o.Refused
	l.Misranked += o.Misranked
	l.Wrong += o.Wrong
	l.WrongFigure += o.WrongFigure
	l.Offered += o.Offered
	by := maps.Clone(l.RefusedBy)
	if by == nil {
		by = map[string]int{}
	}
	for rule, n := range o.RefusedBy {
		by[rule] += n
	}
	l.RefusedBy = by
	return l
}

// String is the losses as shares of the questions, and how many of the
// refused were offered the right passage as the nearest.
func (l Losses) String() string {
	pct := func(n int) string { return fmt.Sprintf("%.1f%% (%d)", 100*ratio(n, l.Questions), n) }
	rules := slices.Sorted(maps.Keys(l.RefusedBy))
	slices.SortStableFunc(rules, func(a, b string) int { return l.RefusedBy[b] - l.RefusedBy[a] })
	by := ""
	if len(rules) > 0 {
		// The rule that refused the best passage left, which a year or
		// pin filter may have made another than the ceiling's.
		parts := make([]string, len(rules))
		for i, r := range rules {
			parts[i] = fmt.Sprintf("%s %d", r, l.RefusedBy[r])
		}
		by = " (by " + strings.Join(parts, ", ") + ")"
	}
	// Offered counts among both kinds of refusal: said of all the refused.
	return fmt.Sprintf("right passage %s; refused though the top-ranked passage was right %s%s; refused, top-ranked wrong too %s (the right passage offered as the nearest for %d of the %d refused); another passage given %s; right passage, wrong figure %s",
		pct(l.Right), pct(l.Refused), by, pct(l.Misranked), l.Offered, l.Refused+l.Misranked, pct(l.Wrong), pct(l.WrongFigure))
}
