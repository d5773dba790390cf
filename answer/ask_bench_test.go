package answer

import (
	"context"
	"testing"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

var benchQuestions = []string{
	"会员卡发出去多少张?", "疫情的时候帮小企业退了多少钱?", "咱们省工会会员现在有多少人",
	"省工会第十五次代表大会哪天开幕的?", "国企厂务公开建会率是多少", "省级劳模和工匠人才创新工作室有多少个?",
	"遵义市总工会通过什么渠道发布培训报名信息?", "户外劳动者服务站建了多少个", "明天上海会下雨吗?",
	"省总工会主席是谁",
}

// BenchmarkAsk answers questions with the gse analyzer and the cjk
// baseline; compare the two ns/op in the same run.
func BenchmarkAsk(b *testing.B) {
	r, err := corpus.Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, an := range []string{index.AnalyzerGse, index.AnalyzerCJK} {
		// On disk, as the store keeps it (scorch), not bleve's in-memory index.
		ix, err := index.Build(context.Background(), b.TempDir()+"/ix", []*corpus.Report{r}, index.Options{Analyzer: an})
		if err != nil {
			b.Fatal(err)
		}
		e := New(ix)
		b.Run(an, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := e.Ask(context.Background(), benchQuestions[i%len(benchQuestions)]); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(an+"/parallel", func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					if _, err := e.Ask(context.Background(), benchQuestions[i%len(benchQuestions)]); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
		ix.Close()
	}
}

// BenchmarkFollow answers each bench question right after the one before
// it in a conversation, against the same questions asked alone: what
// reading a message with the question before costs (the follow-up's
// reading, and for a message naming its subject, the reading it may
// offer). Compare the two ns/op in the same run.
func BenchmarkFollow(b *testing.B) {
	r, err := corpus.Default()
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.Build(context.Background(), b.TempDir()+"/ix", []*corpus.Report{r}, index.Options{Analyzer: index.AnalyzerGse})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	e := New(ix)
	ctx := context.Background()
	turns := make([]*Turn, len(benchQuestions))
	for i, q := range benchQuestions {
		if _, turns[i], err = e.Follow(ctx, nil, q); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("alone", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := e.Ask(ctx, benchQuestions[(i+1)%len(benchQuestions)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("after-question", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, _, err := e.Follow(ctx, turns[i%len(turns)], benchQuestions[(i+1)%len(benchQuestions)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
