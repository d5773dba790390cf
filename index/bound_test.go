package index

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/corpus"
)

func TestSegmentsBounded(t *testing.T) {
	for _, text := range []string{
		"",
		"工会会员有多少人?",
		strings.Repeat("工会会员职工服务", 100),
		strings.Repeat("会员,", 300),
		strings.Repeat("12345 ", 2000),
	} {
		pieces := segments(text)
		if got := strings.Join(pieces, ""); got != text {
			t.Fatalf("pieces do not join back to the text")
		}
		for _, p := range pieces {
			if n := utf8.RuneCountInString(p); n > maxSegmentRunes {
				t.Errorf("piece of %d runes", n)
			}
		}
	}
	// Punctuation is preferred to a cut inside a run.
	for _, p := range segments(strings.Repeat("会员,", 300)) {
		if !strings.HasSuffix(p, ",") {
			t.Errorf("piece %q not cut after a comma", p)
		}
	}
	// But not the point or separator of a number: cut there, "1.5" was
	// indexed as 1 and 5, and a question asking 增长1.5% missed it.
	for _, number := range []string{"约1.5万亿元", "4,459.32万元"} {
		// The number's point or separator is the last punctuation of the
		// first 100 runes; then the number straddles the 100th rune with
		// no punctuation before it.
		for _, text := range []string{
			strings.Repeat("增长", 48) + number + strings.Repeat("增长", 40),
			strings.Repeat("增长", 49) + number + strings.Repeat("增长", 40),
		} {
			for _, p := range segments(text) {
				if r, _ := utf8.DecodeLastRuneInString(p); unicode.IsDigit(r) || r == '.' || r == ',' {
					t.Errorf("piece ending %q cut inside %s", p[len(p)-8:], number)
				}
			}
		}
	}
}

func TestBoundContext(t *testing.T) {
	short := corpus.Passage{Text: "乙", Paragraph: "甲乙丙"}
	if got := boundContext(short); got.Paragraph != short.Paragraph {
		t.Errorf("short paragraph changed: %q", got.Paragraph)
	}
	long := strings.Repeat("甲", 5000) + "会员卡发出去多少张" + strings.Repeat("乙", 5000)
	p := boundContext(corpus.Passage{Text: "会员卡发出去多少张", Paragraph: long})
	if !strings.Contains(p.Paragraph, "会员卡发出去多少张") || utf8.RuneCountInString(p.Paragraph) != 2*contextRunes+9 {
		t.Errorf("bounded paragraph of %d runes", utf8.RuneCountInString(p.Paragraph))
	}
}

// TestLongParagraphIsLinear indexes a 20,000-character paragraph with
// no sentence ends: before the bounds each of its passages indexed the
// whole paragraph (n² work, gigabytes).
func TestLongParagraphIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 20,000 characters")
	}
	var sb strings.Builder
	for i := 0; sb.Len() < 3*20000; i++ {
		sb.WriteString("工会会员职工服务发展建设推进全省基层组织"[i%20*3 : i%20*3+3])
		if i%37 == 36 {
			sb.WriteString(",")
		}
	}
	r, err := corpus.Parse("long", "长段落\n\n"+sb.String())
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(context.Background(), "", []*corpus.Report{r}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	n, err := ix.DocCount()
	if err != nil || n != len(r.Passages) {
		t.Fatalf("DocCount = %d, %v; want %d", n, err, len(r.Passages))
	}
}

// BenchmarkBuildLongParagraph indexes one paragraph of 20,000 and
// 60,000 characters without sentence ends: time and allocation per
// character stay flat (they grew with the square before the bounds).
func BenchmarkBuildLongParagraph(b *testing.B) {
	for _, n := range []int{20000, 60000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var sb strings.Builder
			for i := 0; i < n; i++ {
				sb.WriteString("工会会员职工服务发展建设推进全省基层组织"[i%20*3 : i%20*3+3])
				if i%37 == 36 {
					sb.WriteString(",")
				}
			}
			r, err := corpus.Parse("long", "长段落\n\n"+sb.String())
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				ix, err := Build(context.Background(), "", []*corpus.Report{r}, Options{})
				if err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
			b.ReportMetric(float64(len(r.Passages)), "passages")
		})
	}
}
