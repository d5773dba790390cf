package index

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-ego/gse"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index/dict"
)

// BenchmarkBuild indexes the embedded report in memory and on disk with
// the gse analyzer and the cjk baseline.
func BenchmarkBuild(b *testing.B) {
	r, err := corpus.Default()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Dictionary(); err != nil { // open the dictionary outside the timing
		b.Fatal(err)
	}
	for _, an := range []string{AnalyzerGse, AnalyzerCJK} {
		b.Run(an+"/memory", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ix, err := Build(context.Background(), "", []*corpus.Report{r}, Options{Analyzer: an})
				if err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
		})
		b.Run(an+"/disk", func(b *testing.B) {
			b.ReportAllocs()
			dir := b.TempDir()
			for i := 0; b.Loop(); i++ {
				ix, err := Build(context.Background(), filepath.Join(dir, strconv.Itoa(i)), []*corpus.Report{r}, Options{Analyzer: an})
				if err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
		})
	}
}

// BenchmarkAnalyze segments one passage-sized text.
func BenchmarkAnalyze(b *testing.B) {
	r, _ := corpus.Default()
	text := r.Passages[len(r.Passages)/2].Text
	for _, an := range []string{AnalyzerGse, AnalyzerCJK} {
		ix, err := Build(context.Background(), "", nil, Options{Analyzer: an})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(an, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				ix.Analyze(text)
			}
		})
		ix.Close()
	}
}

// BenchmarkDictionaryLoad is the start-up cost of the dictionary: the
// compiled table reportbot embeds, against gse loading the same pruned
// dictionary from its text (what reportbot did before the table) and gse's
// full simplified one.
func BenchmarkDictionaryLoad(b *testing.B) {
	b.Run("table", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := dict.Open(dictionaryTable); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gse-pruned", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var seg gse.Segmenter
			if err := seg.LoadDictStr(dictionaryText); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gse-full", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := gse.NewEmbed("zh_s"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSegment cuts the embedded report, in the pieces the tokenizer
// hands over, with the compiled table and with gse on the same dictionary.
func BenchmarkSegment(b *testing.B) {
	var pieces []string
	size := 0
	for _, line := range strings.Split(corpus.DefaultText(), "\n") {
		for _, p := range segments(line) {
			pieces = append(pieces, p)
			size += len(p)
		}
	}
	d, err := Dictionary()
	if err != nil {
		b.Fatal(err)
	}
	seg, err := gseReference()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("table", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, p := range pieces {
				d.Cut(p)
			}
		}
	})
	b.Run("gse", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, p := range pieces {
				seg.Cut(p, true)
			}
		}
	})
}
