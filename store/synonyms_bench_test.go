package store

import (
	"context"
	"testing"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/store/synfile"
)

// BenchmarkAskAdminSynonyms measures what reading the admins' synonyms at
// question time costs a question: "none" is the engine without them (the
// baseline), "store" reads them from the data directory (a stat per
// question, three rules, none of them in the question).
func BenchmarkAskAdminSynonyms(b *testing.B) {
	ctx := context.Background()
	st, err := Open(ctx, b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for _, in := range []string{"饭卡 => 服务卡", "劳模 劳动模范", "打工人 => 职工"} {
		r, _ := synfile.ParseInput(in)
		if _, err := st.AddSynonym(r, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		src  answer.SynonymSource
	}{{"none", nil}, {"store", st}} {
		b.Run(c.name, func(b *testing.B) {
			eng := answer.New(st.Searcher())
			eng.AdminSynonyms = c.src
			for b.Loop() {
				if _, err := eng.Ask(ctx, "会员卡发出去多少张?"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("Synonyms", func(b *testing.B) {
		for b.Loop() {
			st.Synonyms()
		}
	})
}
