package index

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/go-ego/gse"

	"github.com/reportbot/reportbot/corpus"
)

// BenchmarkBuild indexes the embedded report in memory and on disk with
// the gse analyzer and the cjk baseline.
func BenchmarkBuild(b *testing.B) {
	r, err := corpus.Default()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Segmenter(); err != nil { // load the dictionary outside the timing
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

// BenchmarkDictionaryLoad is the start-up cost of gse: the pruned
// dictionary reportbot embeds against gse's full simplified one.
func BenchmarkDictionaryLoad(b *testing.B) {
	b.Run("pruned", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var seg gse.Segmenter
			if err := seg.LoadDictStr(dictionary); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("full", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := gse.NewEmbed("zh_s"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
