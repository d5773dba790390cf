package bench

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
)

func series(t testing.TB, n int, seed uint64) []*corpus.Report {
	t.Helper()
	reports, err := DefaultSeries(n, seed)
	if err != nil {
		t.Fatal(err)
	}
	return reports
}

func TestSeriesIsDeterministic(t *testing.T) {
	a, b := series(t, 30, 7), series(t, 30, 7)
	other := series(t, 30, 8)
	changed := 0
	for i := range a {
		if a[i].ID != b[i].ID || !slices.EqualFunc(a[i].Passages, b[i].Passages, func(p, q corpus.Passage) bool { return p.Text == q.Text }) {
			t.Fatalf("report %d differs between two runs with the same seed", i)
		}
		if i > 0 && a[i].Passages[0].Text+a[i].Passages[5].Text != other[i].Passages[0].Text+other[i].Passages[5].Text {
			changed++
		}
	}
	if changed == 0 {
		t.Error("another seed gave the same reports")
	}
}

func TestSeriesVariesReports(t *testing.T) {
	reports := series(t, 45, 1)
	base := reports[0]
	if base.ID != corpus.DefaultReportID || !base.Added.Equal(Newest) {
		t.Fatalf("first report = %s added %v, want the real report, newest", base.ID, base.Added)
	}
	ids := map[string]bool{}
	texts := map[string]bool{}
	figures := func(r *corpus.Report) (out []string) {
		for _, p := range r.Passages {
			for _, f := range p.Figures {
				out = append(out, f.Text)
			}
		}
		slices.Sort(out)
		return out
	}
	baseFigures := figures(base)
	for i, r := range reports {
		if ids[r.ID] {
			t.Fatalf("report %d repeats ID %s", i, r.ID)
		}
		ids[r.ID] = true
		var all strings.Builder
		for _, p := range r.Passages {
			if !utf8.ValidString(p.Text) || strings.TrimSpace(p.Text) == "" {
				t.Fatalf("%s has a bad passage %q", p.Key, p.Text)
			}
			all.WriteString(p.Text)
		}
		if texts[all.String()] {
			t.Errorf("report %d repeats another report's text", i)
		}
		texts[all.String()] = true
		if i == 0 {
			continue
		}
		if !r.Added.Before(base.Added) {
			t.Errorf("%s added %v, not before the real report", r.ID, r.Added)
		}
		// Same shape as the real report: its sections and roughly its passages.
		if len(r.Sections) != len(base.Sections) || len(r.Passages) < len(base.Passages)*9/10 || len(r.Passages) > len(base.Passages)*11/10 {
			t.Errorf("%s has %d sections and %d passages; the real report %d and %d", r.ID, len(r.Sections), len(r.Passages), len(base.Sections), len(base.Passages))
		}
		if slices.Equal(figures(r), baseFigures) {
			t.Errorf("%s has the real report's figures", r.ID)
		}
	}
	// Older reports in the series mention earlier years.
	last := reports[len(reports)-1]
	if years := corpus.Years(last.Passages[0].Paragraph + strings.Join(passageTexts(last), "")); slices.Contains(years, 2023) {
		t.Errorf("%s, dated %d, still mentions 2023: %v", last.ID, last.Added.Year(), years)
	}
	// Sections come in another order somewhere in the series.
	shuffled := false
	for _, r := range reports[1:] {
		if r.Sections[0].Title != base.Sections[0].Title {
			shuffled = true
		}
	}
	if !shuffled {
		t.Error("no report has its sections in another order")
	}
}

func passageTexts(r *corpus.Report) []string {
	var out []string
	for _, p := range r.Passages {
		out = append(out, p.Text)
	}
	return out
}

func TestVariantKeepsDatesAndHeadings(t *testing.T) {
	reports := series(t, 2, 1)
	v := strings.Join(passageTexts(reports[1]), "\n")
	for _, keep := range []string{"12月18日", "6月29日"} {
		if !strings.Contains(v, keep) {
			t.Errorf("variant lost the date %s", keep)
		}
	}
	if strings.Contains(v, "贵州") || strings.Contains(v, "贵阳") {
		t.Error("variant for another province still names Guizhou")
	}
	if !regexp.MustCompile(`\d+(\.\d+)?万人`).MatchString(v) {
		t.Error("variant lost its counts")
	}
}

func TestSeriesRefusesNoReports(t *testing.T) {
	if _, err := DefaultSeries(0, 1); err == nil {
		t.Error("Series(0) gave no error")
	}
}
