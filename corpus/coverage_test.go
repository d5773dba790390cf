package corpus_test

// Whatever a report's layout, every line of it lands in the parsed
// report (a passage, a section's name, a caption, the title, subtitle or
// source), once, and the same every time. These run over the reports of
// answer/eval/testdata and the embedded one, through extraction, as
// blocks and as plain text.

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/corpus/extract"
)

// realReports are reports of every format the bot takes in.
var realReports = []string{
	"../answer/eval/testdata/reports/fushine-esg-report-2024-final.md",
	"../answer/eval/testdata/reports/gov-work-report-2022-national.txt",
	"../answer/eval/testdata/reports/nbs-communique-2021.md",
	"../answer/eval/testdata/reports/shanghai-budget-report-2025.html",
	"reports/guizhou-trade-union-2023.txt",
}

// extracted reads a real report as the bot does.
func extracted(t *testing.T, path string) extract.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.Extract(context.Background(), filepath.Base(path), data, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// squeeze drops spaces and what carries no text, which parsing may
// drop or add.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || corpus.Textless(r) {
			return -1
		}
		return r
	}, s)
}

// landed is everything the report keeps, squeezed, one item each: its
// title, subtitle and source, its sections' parts, its captions, and its
// paragraphs, joined back from their passages.
func landed(r *corpus.Report) []string {
	out := []string{squeeze(r.Title), squeeze(r.Subtitle), squeeze(r.Source)}
	for _, s := range r.Sections {
		out = append(out, squeeze(s.Title+s.Subtitle+strings.Join(s.Sub, "")), squeeze(s.Subtitle), squeeze(s.Title))
		for _, sub := range s.Sub {
			out = append(out, squeeze(sub))
		}
	}
	for _, c := range r.Captions {
		out = append(out, squeeze(c.Text))
	}
	var para strings.Builder
	for i, p := range r.Passages {
		if i > 0 && p.Paragraph != r.Passages[i-1].Paragraph {
			out = append(out, squeeze(para.String()))
			para.Reset()
		}
		para.WriteString(p.Text)
	}
	return append(out, squeeze(para.String()))
}

// checkPassages checks that passages are keyed by their position and
// that the pieces of a paragraph join back to it exactly.
func checkPassages(t *testing.T, r *corpus.Report) {
	t.Helper()
	var cur strings.Builder
	for i, p := range r.Passages {
		if p.Key != r.ID+"/"+strconv.Itoa(i) || p.Position != i {
			t.Errorf("passage %d: key %q position %d", i, p.Key, p.Position)
		}
		cur.WriteString(p.Text)
		if i+1 == len(r.Passages) || r.Passages[i+1].Paragraph != p.Paragraph || cur.String() == p.Paragraph {
			if cur.String() != p.Paragraph {
				t.Errorf("passage %d: pieces %q do not join to paragraph %q", i, corpus.Shorten(cur.String(), 80), corpus.Shorten(p.Paragraph, 80))
			}
			cur.Reset()
		}
	}
}

// lost returns the texts found in no item the report keeps. A heading
// may lose its number and a source line its 来源：, so a text is kept by
// an item that ends it and is at least half of it, or that it holds and
// is at least two thirds of it.
func lost(texts []string, r *corpus.Report) []string {
	items := landed(r)
	all := strings.Join(items, "\n")
	var out []string
	for _, text := range texts {
		s := squeeze(text)
		if s == "" || strings.Contains(all, s) {
			continue
		}
		kept := false
		for _, it := range items {
			if it != "" && (strings.HasSuffix(s, it) && len(it)*2 >= len(s) || strings.Contains(s, it) && len(it)*3 >= len(s)*2) {
				kept = true
				break
			}
		}
		if !kept {
			out = append(out, text)
		}
	}
	return out
}

// TestEveryBlockLands: every block of a real report, and every line of
// its text, is in the report parsed from them.
func TestEveryBlockLands(t *testing.T) {
	for _, path := range realReports {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			doc := extracted(t, path)
			r, err := corpus.ParseBlocks("r", doc.Blocks)
			if err != nil {
				t.Fatal(err)
			}
			checkPassages(t, r)
			var texts []string
			for _, b := range doc.Blocks {
				if b.Kind == corpus.BlockTableRow && len(b.Cells) > 0 {
					for _, c := range b.Cells {
						texts = append(texts, c.Text)
					}
					continue
				}
				texts = append(texts, b.Text)
			}
			for _, b := range lost(texts, r) {
				t.Errorf("blocks: lost %q", corpus.Shorten(b, 60))
			}
			r, err = corpus.Parse("r", doc.Text)
			if err != nil {
				t.Fatal(err)
			}
			checkPassages(t, r)
			for _, l := range lost(strings.Split(doc.Text, "\n"), r) {
				t.Errorf("text: lost %q", corpus.Shorten(l, 60))
			}
		})
	}
}

// TestNothingLandsTwice: the report parsed from a real report's text
// holds no more than the text (a mend may add a "；" or a space, one a
// passage at most).
func TestNothingLandsTwice(t *testing.T) {
	for _, path := range realReports {
		doc := extracted(t, path)
		r, err := corpus.Parse("r", doc.Text)
		if err != nil {
			t.Fatal(err)
		}
		count := func(s string) int { return utf8.RuneCountInString(squeeze(s)) }
		out := count(r.Title + r.Source)
		if strings.HasSuffix(r.Title, "…") {
			out = 0 // a title taken from the first passage says it again
		}
		for _, p := range r.Passages {
			out += count(p.Text)
		}
		for _, c := range r.Captions {
			out += count(c.Text)
		}
		// A section's title stands in each section its parts open.
		seen := map[string]bool{}
		for _, s := range r.Sections {
			for _, x := range append([]string{s.Title, s.Subtitle}, s.Sub...) {
				if !seen[x] {
					seen[x] = true
					out += count(x)
				}
			}
		}
		if in := count(doc.Text); out > in+len(r.Passages) {
			t.Errorf("%s: %d runes landed of %d", filepath.Base(path), out, in)
		}
	}
}

// TestShuffledLinesLand: reports made of runs of real reports' lines,
// some dropped, with single, double or CRLF line breaks, keep every line
// somewhere. The runs are drawn from a fixed seed.
func TestShuffledLinesLand(t *testing.T) {
	var lines []string
	for _, path := range realReports {
		for _, l := range strings.Split(extracted(t, path).Text, "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, l)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	reported := map[string]bool{}
	for trial := range 400 {
		start, n := rng.IntN(len(lines)), 1+rng.IntN(30)
		var picked []string
		for i := start; i < len(lines) && len(picked) < n; i++ {
			if rng.IntN(4) != 0 {
				picked = append(picked, lines[i])
			}
		}
		r, err := corpus.Parse("s", strings.Join(picked, []string{"\n", "\n\n", "\r\n"}[rng.IntN(3)]))
		if errors.Is(err, corpus.ErrNoText) {
			continue // a title or headings alone are refused
		}
		if err != nil {
			t.Fatal(err)
		}
		checkPassages(t, r)
		for _, l := range lost(picked, r) {
			if !reported[l] {
				reported[l] = true
				t.Errorf("trial %d: lost %q", trial, corpus.Shorten(l, 60))
			}
		}
	}
}

// TestParseIsDeterministic: a text parses the same every time.
func TestParseIsDeterministic(t *testing.T) {
	for _, path := range realReports {
		doc := extracted(t, path)
		first, err := corpus.Parse("r", doc.Text)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if again, _ := corpus.Parse("r", doc.Text); !reflect.DeepEqual(first, again) {
				t.Fatalf("%s: two parses differ", filepath.Base(path))
			}
		}
	}
}
