package asklog

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The measurement behind SameQuestion, on the quality suite's tuning
// questions: pairs about different passages seldom reach it, pairs
// about the same passage mostly do.
func TestSameQuestionThreshold(t *testing.T) {
	files, _ := filepath.Glob("../../answer/eval/testdata/*/tuning.tsv")
	more, _ := filepath.Glob("../../answer/eval/testdata/*/colloquial.tsv")
	files = append(files, more...)
	type question struct{ text, passage string }
	var qs []question
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			fields := strings.Split(line, "\t")
			if strings.HasPrefix(line, "#") || len(fields) < 3 {
				continue
			}
			qs = append(qs, question{fields[0], f + "\t" + fields[2]})
		}
	}
	if len(qs) < 150 {
		t.Fatalf("%d tuning questions: the suite moved?", len(qs))
	}
	var same, sameMerged, diff, diffMerged int
	for i := range qs {
		for j := i + 1; j < len(qs); j++ {
			merged := Similarity(qs[i].text, qs[j].text) >= SameQuestion
			if qs[i].passage == qs[j].passage {
				same++
				if merged {
					sameMerged++
				}
			} else {
				diff++
				if merged {
					diffMerged++
				}
			}
		}
	}
	t.Logf("%d questions: %d/%d pairs about different passages merged, %d/%d about the same", len(qs), diffMerged, diff, sameMerged, same)
	if float64(diffMerged) > 0.002*float64(diff) {
		t.Errorf("%d of %d pairs about different passages merged: over 0.2%%", diffMerged, diff)
	}
	if 2*sameMerged < same {
		t.Errorf("only %d of %d pairs about the same passage merged", sameMerged, same)
	}
}

func TestGroups(t *testing.T) {
	day := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	asked := func(d int, user, q string, found bool, sec string) Entry {
		return Entry{Time: day.AddDate(0, 0, d), Kind: KindAsked, User: user, Question: q, Found: found, Section: sec}
	}
	entries := []Entry{
		asked(0, "a", "饭卡发了多少张?", false, "7 强基础"),
		asked(1, "b", "饭卡发了几张", false, "7 强基础"),
		asked(1, "a", "饭卡发了多少张?", false, "2 强担当"),
		asked(2, "c", "明天上海下雨吗", false, ""),
		asked(2, "c", "会员卡发了多少张", true, "7 强基础"),
		{Time: day.AddDate(0, 0, 3), Kind: KindVote, User: "d", Question: "职工医院派了多少人", Vote: "down", Found: true, Section: "3 医疗"},
		{Time: day.AddDate(0, 0, 3), Kind: KindVote, User: "d", Question: "会员卡发了多少张", Vote: "up", Found: true},
	}
	g := Groups(entries)
	if len(g) != 3 {
		t.Fatalf("groups: %+v", g)
	}
	if g[0].Question() != "饭卡发了多少张?" || g[0].Unanswered != 3 || g[0].Members != 2 || len(g[0].Questions) != 2 ||
		!g[0].First.Equal(day) || !g[0].Last.Equal(day.AddDate(0, 0, 1)) || g[0].Section != "7 强基础" {
		t.Errorf("first group: %+v", g[0])
	}
	if g[1].Question() != "职工医院派了多少人" || g[1].Disliked != 1 || g[1].Unanswered != 0 {
		t.Errorf("the disliked answer's group comes next (latest): %+v", g[1])
	}
	// Dismissed as out of scope: the group and questions like it leave the list.
	entries = append(entries, Entry{Kind: KindDismiss, Questions: []string{"明天上海下雨吗"}, By: "telegram:1"},
		asked(4, "e", "明天上海会下雨吗?", false, ""))
	g = Groups(entries)
	for _, gr := range g {
		if strings.Contains(gr.Question(), "下雨") {
			t.Errorf("a dismissed group is listed: %+v", gr)
		}
	}
	if n := Negatives(entries); len(n) != 1 || n[0] != "明天上海下雨吗" {
		t.Errorf("negatives: %v", n)
	}
}

// TestDismissalHidesItsGroupOnly: dismissing a group hides it and the
// groups led by a question like its first, not a group of its own that
// only reads like another of its questions (alike is not transitive).
func TestDismissalHidesItsGroupOnly(t *testing.T) {
	day := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	asked := func(q string) Entry { return Entry{Time: day, Kind: KindAsked, User: "u", Question: q} }
	entries := []Entry{
		asked("全省工会会员人数是多少"), asked("全省工会会员人数是多少"), asked("全省工会会员人数是多少"),
		asked("工会会员人数增长了多少"),
		asked("会员人数增长情况怎么样"), asked("会员人数增长情况怎么样"),
	}
	groups := Groups(entries)
	if len(groups) != 2 {
		t.Fatalf("groups before the dismissal: %+v", groups)
	}
	var names []string
	for _, q := range groups[0].Questions {
		names = append(names, q.Name)
	}
	entries = append(entries, Entry{Time: day, Kind: KindDismiss, Questions: names})
	left := Groups(entries)
	if len(left) != 1 || left[0].Questions[0].Name != "会员人数增长情况怎么样" {
		t.Errorf("groups after dismissing %q: %+v", names, left)
	}
	// A later question like the dismissed group's first stays hidden.
	entries = append(entries, asked("全省工会会员人数是多少?"))
	if again := Groups(entries); len(again) != 1 {
		t.Errorf("groups after a question like the dismissed one: %+v", again)
	}
}

// questionPool are the characters of randomQuestions: common words of
// members' questions about many topics.
const questionPool = "工会职工会员服务卡发放多少张年度预算收入支出增长比例人数企业农民就业培训补贴养老医疗保险住房公积金教育学校医院交通道路建设投资项目环境保护污染排放能源电力煤炭粮食产量价格消费零售出口进口财政税收债务科技研发人才创新数字经济"

// randomQuestions are n distinct questions: bases of 8–14 characters of
// questionPool, each asked in rewordings a few characters apart, so that
// many are alike, some of them like two groups' leads.
func randomQuestions(n int, seed uint64) []string {
	pool := []rune(questionPool)
	r := rand.New(rand.NewPCG(seed, 1))
	seen := map[string]bool{}
	var out, bases []string
	for len(out) < n {
		var q []rune
		if len(bases) == 0 || r.IntN(3) == 0 {
			q = make([]rune, 8+r.IntN(7))
			for i := range q {
				q[i] = pool[r.IntN(len(pool))]
			}
			bases = append(bases, string(q))
		} else {
			q = []rune(bases[r.IntN(len(bases))])
			for range 1 + r.IntN(3) {
				q[r.IntN(len(q))] = pool[r.IntN(len(pool))]
			}
		}
		if s := string(q) + "有多少"; !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// groupPairwise is group as it was first written: each item compared with
// every lead, in order. The reference group must agree with.
func groupPairwise(order []*item) [][]*item {
	var groups [][]*item
next:
	for _, it := range order {
		for i, g := range groups {
			if dice(g[0].bigrams, it.bigrams) >= SameQuestion {
				groups[i] = append(groups[i], it)
				continue next
			}
		}
		groups = append(groups, []*item{it})
	}
	return groups
}

// The bigram index changes how many leads are compared, not the groups:
// on a few thousand questions, many alike, they are the pairwise ones.
func TestGroupIndexSameAsPairwise(t *testing.T) {
	var order []*item
	for _, q := range randomQuestions(3000, 7) {
		c := core(q)
		order = append(order, &item{core: c, bigrams: bigrams(c)})
	}
	cores := func(groups [][]*item) [][]string {
		out := make([][]string, len(groups))
		for i, g := range groups {
			for _, it := range g {
				out[i] = append(out[i], it.core)
			}
		}
		return out
	}
	pairwise := groupPairwise(order)
	want, got := cores(pairwise), cores(group(order))
	if len(want) == len(order) || len(want) < len(order)/10 {
		t.Fatalf("%d groups of %d questions: the test's questions are too alike or too unlike to test anything", len(want), len(order))
	}
	// The greedy choice matters: some items read like two leads, and
	// must join the earlier group.
	twice := slices.ContainsFunc(order, func(it *item) bool {
		n := 0
		for _, g := range pairwise {
			if g[0] != it && dice(g[0].bigrams, it.bigrams) >= SameQuestion {
				n++
			}
		}
		return n > 1
	})
	if !twice {
		t.Fatal("no question reads like two leads: the test does not test the order")
	}
	if !slices.EqualFunc(want, got, slices.Equal) {
		for i := range min(len(want), len(got)) {
			if !slices.Equal(want[i], got[i]) {
				t.Fatalf("%d groups pairwise, %d indexed; the first to differ, #%d: %q, indexed %q", len(want), len(got), i, want[i], got[i])
			}
		}
		t.Fatalf("%d groups pairwise, %d indexed", len(want), len(got))
	}
}

// BenchmarkGroups10000 is /unanswered's grouping (run on every listing,
// dismissal and suggested synonym) on 10,000 distinct logged questions.
// Comparing each with every group's lead took about 15 s; the bigram index
// compares only leads sharing a bigram.
func BenchmarkGroups10000(b *testing.B) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	qs := randomQuestions(10000, 7)
	entries := make([]Entry, len(qs))
	for i, q := range qs {
		entries[i] = Entry{Time: t0.Add(time.Duration(i) * time.Minute), Kind: KindAsked, User: fmt.Sprint(i % 50), Question: q}
	}
	for b.Loop() {
		Groups(entries)
	}
}

// TestFollowupsGroupAsRead: a follow-up not answered is kept with how it
// was read, and grouped, listed and dismissed as read: "去年呢" after two
// different questions asks two different things, and "那女职工呢" and
// "女职工呢?" read alike ask one. An answered follow-up keeps no reading.
func TestFollowupsGroupAsRead(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	women := &Reading{Previous: "全省有多少职工?", Words: []string{"女职工", "全省", "有多少职工"}}
	for _, e := range []struct {
		user     int64
		question string
		read     *Reading
		found    bool
	}{
		{1, "那女职工呢", women, false},
		{2, "女职工呢?", women, false},
		{1, "去年呢", &Reading{Previous: "会员卡发了多少张", Words: []string{"去年", "会员卡", "发了多少张"}}, false},
		{2, "去年呢", &Reading{Previous: "有多少个基层工会", Words: []string{"去年", "基层工会", "有多少个"}}, false},
		{3, "那基层工会呢", &Reading{Previous: "全省工会会员有多少人", Words: []string{"基层工会", "全省", "有多少人"}}, true},
	} {
		if err := l.AskedAs(now, e.user, e.question, e.read, e.found, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := Read(dir)
	if err != nil || len(entries) != 5 {
		t.Fatalf("read: %+v %v", entries, err)
	}
	if r := entries[0].Reading; r == nil || r.Previous != "全省有多少职工?" || r.Phrase() != "女职工 + 全省 + 有多少职工" {
		t.Errorf("the follow-up's reading: %+v", r)
	}
	if entries[4].Reading != nil {
		t.Errorf("an answered follow-up kept its reading: %+v", entries[4].Reading)
	}
	groups := Groups(entries)
	if len(groups) != 3 {
		t.Fatalf("groups: %+v", groups)
	}
	byLead := map[string]Group{}
	for _, g := range groups {
		byLead[g.Question()] = g
	}
	women2, ok := byLead["女职工 + 全省 + 有多少职工"]
	if !ok || women2.Unanswered != 2 || len(women2.Questions) != 2 || women2.Questions[0].Reading == nil {
		t.Errorf("the women's group: %+v (groups %+v)", women2, groups)
	}
	for _, lead := range []string{"去年 + 会员卡 + 发了多少张", "去年 + 基层工会 + 有多少个"} {
		if g, ok := byLead[lead]; !ok || g.Questions[0].Name != "去年呢" || g.Questions[0].Reading == nil {
			t.Errorf("「去年呢」 read as %s: %+v", lead, g)
		}
	}
	// Dismissed as read, the group stays hidden when its message comes
	// again so read; the same message read alone is listed.
	entries = append(entries, Entry{Time: now, Kind: KindDismiss, Questions: []string{women2.Question()}},
		Entry{Time: now, Kind: KindAsked, User: "x", Question: "那女职工呢", Reading: women},
		Entry{Time: now, Kind: KindAsked, User: "x", Question: "那女职工呢"})
	left := Groups(entries)
	if len(left) != 3 || slices.ContainsFunc(left, func(g Group) bool { return g.Question() == women2.Question() }) ||
		!slices.ContainsFunc(left, func(g Group) bool { return g.Question() == "那女职工呢" }) {
		t.Errorf("after dismissing the women's group: %+v", left)
	}
}
