package answer

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// questionSlots are what randomQuestion puts questions together from, in
// the order a question says them: a lead (a greeting, a connective of a
// follow-up, a time or a place), an interrogative, a numeral or measure
// word gse cuts into parts (二十多个), a noun, and a tail; and odd pieces
// (marks of both widths, emoji, other scripts, figures) anywhere. A blind
// question of the form 哪/什么 + numeral + noun crashed the engine where
// FuzzAsk's mutations of its seeds never reached: the slots reach such
// forms by design.
var questionSlots = [][]string{
	strings.Fields(`请问 那 那个 这个 该 具体 全省 全国 全市 贵州 贵阳市 云南省 上海 2021年 2024年 比2023年 较上年 去年 今年 前年 明年 全年 上半年 第三季度 前三季度 这几年 第十五次 第16届 十四五`),
	strings.Fields(`哪 哪些 什么 什么样 啥 哪个 哪几 几 多少 几个 多少个 第几 第 是不是 有没有 怎么 如何 为什么`),
	strings.Fields(`十 二十多个 一百多个 两百个 三十五个 几十 十几个 百分之几 个 名 人次 万 亿元 1,000 3.5 693.96万人 3%—5% -2.3%`),
	strings.Fields(`工会 会员 职工 女职工 农民工 基层工会 省份 国家 项目 措施 目标 资金 钱 占比 比重 增速 降幅 会员服务卡 ＧＤＰ GDP 4G`),
	strings.Fields(`呢 吗 吧 有多少 增长了多少 下降了 新增 提高到 的 了 和 是 有 非`),
	strings.Fields(`、 ， , 。 ？ ? ； ： “ ” 《 》 ( ) （ ） 😀 👍🏽 👨‍👩‍👧 Ω é`),
}

// randomQuestion says one to three phrases, each with every slot filled
// or left out at even odds, and an odd piece now and then.
func randomQuestion(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(3) {
		for i, slot := range questionSlots {
			odds := 2
			if i == len(questionSlots)-1 {
				odds = 5
			}
			if r.IntN(odds) == 0 {
				b.WriteString(slot[r.IntN(len(slot))])
			}
		}
		if r.IntN(6) == 0 {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// Questions put together at random, asked alone, as follow-ups, again and
// for synonyms, with every kind of evidence on too: no panic, and no error
// but a question's own. The seed is fixed, so a failure repeats.
func TestRandomQuestions(t *testing.T) {
	e := mustEngine(t)
	all := *e
	all.Evidence.Fitted = true // every kind on: the fitted refusal model too
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	_, prev, err := e.Follow(ctx, nil, "全省工会会员有多少人")
	if err != nil {
		t.Fatal(err)
	}
	ownError := func(err error) bool {
		return err == nil || errors.Is(err, ErrEmptyQuestion) || errors.Is(err, ErrQuestionTooLong)
	}
	// 300 questions take about a second: enough to meet each
	// interrogative beside each numeral and noun.
	for range 300 {
		q := randomQuestion(r)
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("panic on %q: %v", q, p)
				}
			}()
			_, turn, err := e.Follow(ctx, prev, q)
			if !ownError(err) {
				t.Errorf("Follow(%q): %v", q, err)
			}
			if _, err := all.Ask(ctx, q); !ownError(err) {
				t.Errorf("Ask(%q) with every evidence: %v", q, err)
			}
			if _, err := e.SuggestSynonyms(ctx, q); !ownError(err) {
				t.Errorf("SuggestSynonyms(%q): %v", q, err)
			}
			if turn != nil {
				if _, err := e.Again(ctx, turn); err != nil {
					t.Errorf("Again(%q): %v", q, err)
				}
				if r.IntN(2) == 0 {
					prev = turn
				}
			}
		}()
	}
}
