package answer

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/corpus/extract"
)

func TestFollowupReadsWithPrevious(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	for _, tc := range []struct {
		first, second   string
		figure, passage string // "" figure: none wanted; "" passage: refused
		because         string
	}{
		{"全省工会会员有多少人", "那基层工会呢?", "5.51万个", "全省有基层工会5.51万个", "ellipsis"},
		{"全省有多少个基层工会", "会员呢", "693.96万人", "工会会员693.96万人", "ellipsis"},
		{"推荐选树命名了多少名大国工匠", "中国质量工匠呢", "2名", "中国质量工匠2名", "ellipsis"},
		{"省工会第十五次代表大会什么时候开幕", "那第十六次呢", "", "", "ellipsis"},
		{"发放会员服务卡多少张", "云南省呢", "", "", "ellipsis"},
		// 贵阳 is a place the report names (the contest closed there):
		// asking the province's count of it again is no question about it.
		{"全省工会会员有多少人", "贵阳的呢", "", "", "ellipsis"},
		{"省级劳模和工匠人才创新工作室有多少个", "全国示范性的呢", "7个", "全国示范性工作室7个", "ellipsis"},
		// The words kept from before described 1085.13万人次 and the
		// 35.18万人次 beside it; the money asked for is 6.19亿元.
		{"职工医疗互助累计多少人次参与", "发了多少钱", "6.19亿元", "医疗互助金及慰问金6.19亿元", "incomplete"},
		// The passage of 职业技能竞赛 names 引领性劳动竞赛 but counts
		// no one for it; the next names it in the clause before 1850万余人次.
		{"省级一二类职工职业技能竞赛带动了多少人次参加?", "引领性劳动竞赛呢", "1850万余人次", "1850万余人次职工参赛", "ellipsis"},
		// A name quoted before is not kept once its words are not: the
		// cards are not asked about within 春风行动. Nor is it when the
		// message quotes its own after a connective.
		{"“春风行动”举办了多少场招聘活动", "那会员服务卡呢", "281.59万张", "会员服务卡281.59万张", "ellipsis"},
		{"“春风行动”举办了多少场招聘活动", "那“会员服务卡”呢", "281.59万张", "会员服务卡281.59万张", "ellipsis"},
	} {
		_, turn, err := e.Follow(ctx, nil, tc.first)
		if err != nil {
			t.Fatal(err)
		}
		a, next, err := e.Follow(ctx, turn, tc.second)
		if err != nil {
			t.Fatal(err)
		}
		if a.Reading == nil || a.Reading.Because != tc.because || a.Reading.Previous != tc.first || len(a.Reading.Words) < 2 {
			t.Errorf("%s → %s: reading %+v, want one because of %s", tc.first, tc.second, a.Reading, tc.because)
			continue
		}
		if a.Question != tc.second || next == nil || next.Question() != tc.second {
			t.Errorf("%s → %s: question %q, turn %+v", tc.first, tc.second, a.Question, next)
		}
		switch {
		case tc.passage == "" && a.Found:
			t.Errorf("%s → %s (「%s」): answered %q, want refused", tc.first, tc.second, a.Reading.Phrase(), a.Passage.Text)
		case tc.passage != "" && (!a.Found || !strings.Contains(a.Passage.Text, tc.passage)):
			t.Errorf("%s → %s (「%s」): found %v %+v, want the passage with %q", tc.first, tc.second, a.Reading.Phrase(), a.Found, a.Passage, tc.passage)
		case tc.figure != "" && (a.Figure == nil || a.Figure.Text != tc.figure):
			t.Errorf("%s → %s (「%s」): figure %+v, want %s", tc.first, tc.second, a.Reading.Phrase(), a.Figure, tc.figure)
		}
	}
}

// A follow-up asking when is answered by the passage, and by a figure
// only if it is a date: the count the question before was answered with
// does not say which year it is of.
func TestFollowupAskingWhenShowsNoCount(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	_, turn, err := e.Follow(ctx, nil, "选树宣传了多少名最美劳动者")
	if err != nil {
		t.Fatal(err)
	}
	if turn.figure == nil || turn.figure.Text != "21001名" {
		t.Fatalf("the first question was answered with %+v, want 21001名", turn.figure)
	}
	a, _, err := e.Follow(ctx, turn, "这个是哪年的?")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Passage.Text, "21001名") || a.Reading == nil {
		t.Fatalf("found %v, reading %+v, passage %+v; want the passage of 21001名, read with the question before", a.Found, a.Reading, a.Passage)
	}
	if a.Figure != nil && a.Figure.Kind != string(corpus.KindDate) {
		t.Errorf("figure %+v for a question asking which year", a.Figure)
	}
}

// TestStandaloneUnchanged holds the hard rule: a question of its own is
// answered exactly as alone, whatever was asked before it.
func TestStandaloneUnchanged(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	questions := []string{
		"全省工会会员有多少人", "工会会员有多少?", "农民工有多少?", "返还小微企业工会经费多少",
		"第一届职工职业技能大赛在哪闭幕", "职工医疗互助有多少人次参与", "那个户外劳动者服务站建了多少个",
		"2019年一年评了多少个劳模", "省工会第十六次代表大会什么时候开", "会员卡是不是发了两百多万张,具体多少",
		"全省工会会员人数", "疫情的时候帮小企业退了多少钱?",
	}
	type pair struct{ prev, q string }
	var pairs []pair
	for i, q := range questions {
		pairs = append(pairs, pair{questions[(i+len(questions)-1)%len(questions)], q})
	}
	// Questions whose words name their topic in ways read otherwise in a
	// follow-up: a place the reports use, a self-introduction, a clause
	// ending in 好 or 在吗 that is no greeting, a greeting, a word no
	// report uses.
	pairs = append(pairs,
		pair{"全省工会会员有多少人", "城市有多少个"},
		pair{"会员卡发了多少张", "遵义有多少人参加"},
		pair{"全省有多少个基层工会", "我是工会会员，有多少人"},
		pair{"全省工会会员有多少人", "服务站建得好，有多少个"},
		pair{"全省工会会员有多少人", "老师好，会员卡发了多少张"},
		pair{"全省工会会员有多少人", "服务站还在吗？现在有多少个"},
		// A word no report uses, though it names no subject gse knows.
		pair{"第一届职工职业技能大赛在哪闭幕", "独董几个"},
		pair{"第一届职工职业技能大赛在哪闭幕", "做微商的有多少"},
		// A demonstrative inside the question points within it.
		pair{"全省工会会员有多少人", "职工讲习所这些阵地开展了什么活动"},
		pair{"全省工会会员有多少人", "会员服务卡具体发了多少张"},
		// A connective opening a further question.
		pair{"全省工会会员有多少人", "另外，会员服务卡发了多少张"},
		pair{"第一届职工职业技能大赛在哪闭幕", "再问一下，职工医疗互助有多少人次参与"},
	)
	for _, p := range pairs {
		prev, q := p.prev, p.q
		_, turn, err := e.Follow(ctx, nil, prev)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := e.Follow(ctx, turn, q)
		if err != nil {
			t.Fatal(err)
		}
		want, err := e.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s → %s: answered otherwise than alone (read as %+v)", prev, q, got.Reading)
		}
	}
}

func TestFollowupErrors(t *testing.T) {
	e := mustEngine(t)
	_, turn, err := e.Follow(context.Background(), nil, "全省工会会员有多少人")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", " ? ", strings.Repeat("呢", MaxQuestionRunes+1)} {
		if _, next, err := e.Follow(context.Background(), turn, bad); err == nil || next != nil {
			t.Errorf("Follow(%q) = %v, %v; want an error and no turn", bad, next, err)
		}
	}
}

func TestReadCues(t *testing.T) {
	for _, tc := range []struct {
		message                               string
		lead, tail, demonstrative, ask, opens bool
		core                                  string
	}{
		{"那女职工呢?", true, true, false, false, false, "女职工"},
		{"去年呢？", false, true, false, false, false, "去年"},
		{"这个是哪年的?", false, false, true, true, true, "是哪年的"},
		{"具体有哪些", false, false, false, true, true, "具体有哪些"},
		{"那么增长了多少", true, false, false, true, false, "增长了多少"},
		{"全省工会会员有多少人呢", false, true, false, true, false, "全省工会会员有多少人"},
		{"那个服务站建了多少个", false, false, true, true, true, "服务站建了多少个"},
		{"职工讲习所这些阵地开展了什么活动", false, false, true, true, false, "职工讲习所 阵地开展了什么活动"},
		{"农民工是不是快三个亿了，具体多少人", false, false, false, true, false, "农民工是不是快三个亿了，具体多少人"},
		{"这个项目技术水平咋样", false, false, true, true, true, "项目技术水平咋样"},
		{"为什么定这个数", false, false, true, true, false, "为什么定 数"},
		{"该怎么按可比口径算增速", false, false, true, true, false, "怎么按可比口径算增速"},
		{"那个，增速为啥要按可比口径算", false, false, true, true, false, "增速为啥要按可比口径算"},
	} {
		c := readCues(tc.message)
		if c.lead != tc.lead || c.tail != tc.tail || c.demonstrative != tc.demonstrative || c.asks != tc.ask || c.opens != tc.opens || c.core != tc.core {
			t.Errorf("readCues(%q) = %+v", tc.message, c)
		}
	}
}

func TestConversationsForgetAfterTTLAndCapacity(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	c := NewConversations[string](2, FollowupTTL)
	c.Now = func() time.Time { return now }
	ask := func(key, q string) Answer {
		t.Helper()
		a, _, err := c.Ask(ctx, e, key, q)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	ask("甲", "全省工会会员有多少人")
	now = now.Add(FollowupTTL - time.Second)
	if a := ask("甲", "那基层工会呢?"); a.Reading == nil {
		t.Error("a follow-up within the TTL is not read with the question before it")
	}
	now = now.Add(FollowupTTL + time.Second)
	if a := ask("甲", "那会员呢?"); a.Reading != nil {
		t.Errorf("a follow-up after the TTL is read with %q", a.Reading.Previous)
	}
	// Capacity 2: a third conversation pushes out the least recently active.
	ask("乙", "全省工会会员有多少人")
	ask("丙", "全省工会会员有多少人")
	ask("甲", "全省工会会员有多少人")
	if c.Len() != 2 {
		t.Errorf("%d conversations remembered, want at most 2", c.Len())
	}
	if a := ask("乙", "那基层工会呢?"); a.Reading != nil {
		t.Error("the least recently active conversation is still remembered past the capacity")
	}
	if a := ask("甲", "那基层工会呢?"); a.Reading == nil {
		t.Error("a recent conversation is forgotten")
	}
	// A message that cannot be asked leaves the conversation as it was.
	if _, _, err := c.Ask(ctx, e, "甲", "  "); err == nil {
		t.Error("an empty message is asked")
	}
	if a := ask("甲", "会员呢"); a.Reading == nil || a.Reading.Previous != "那基层工会呢?" {
		t.Errorf("after an empty message the conversation changed: %+v", a.Reading)
	}
}

// Again answers a turn as it was read: a follow-up with the question
// before it, with the same passages and how it was read, where its
// message alone finds another answer or none.
func TestAgainAnswersTheTurnAsRead(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	c := NewConversations[string](1, FollowupTTL)
	if _, _, err := c.Ask(ctx, e, "甲", "全省工会会员有多少人"); err != nil {
		t.Fatal(err)
	}
	a, turn, err := c.Ask(ctx, e, "甲", "那基层工会呢?")
	if err != nil || a.Reading == nil || !a.Found {
		t.Fatalf("the follow-up: %+v, %v", a, err)
	}
	alone, err := e.Ask(ctx, "那基层工会呢?")
	if err != nil {
		t.Fatal(err)
	}
	if alone.Found && reflect.DeepEqual(alone.Alternatives, a.Alternatives) && alone.Passage.Key == a.Passage.Key {
		t.Fatal("the message alone is answered as the follow-up: the test shows nothing")
	}
	again, err := e.Again(ctx, turn)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Found || again.Passage.Key != a.Passage.Key || !reflect.DeepEqual(again.Figure, a.Figure) ||
		!reflect.DeepEqual(again.Alternatives, a.Alternatives) || !reflect.DeepEqual(again.Reading, a.Reading) || again.Question != a.Question {
		t.Errorf("again:\n%+v\nwant as first answered:\n%+v", again, a)
	}
}

// TestFollowupOffersTheReadingWithPrevious: a message naming its subject
// and asking is answered alone, exactly as Ask answers it; when read with
// the question before it gets another answer, that reading is offered
// (Turn.Otherwise), and Conversations.Instead answers it as the member
// chose it, leaning the next message on it.
func TestFollowupOffersTheReadingWithPrevious(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	convs := NewConversations[int](4, FollowupTTL)
	if _, _, err := convs.Ask(ctx, e, 1, "参加职工医疗互助的累计有多少人次"); err != nil {
		t.Fatal(err)
	}
	a, turn, err := convs.Ask(ctx, e, 1, "截止到啥时候的数?")
	if err != nil {
		t.Fatal(err)
	}
	alone, err := e.Ask(ctx, "截止到啥时候的数?")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, alone) {
		t.Fatalf("answered otherwise than alone: %+v", a.Reading)
	}
	if turn.Otherwise() == nil {
		t.Fatal("no reading with the question before offered")
	}
	b, chosen, err := convs.Instead(ctx, e, 1, turn)
	if err != nil {
		t.Fatal(err)
	}
	if b.Reading == nil || b.Reading.Because != "chosen" || b.Reading.Previous != "参加职工医疗互助的累计有多少人次" {
		t.Errorf("reading %+v, want one chosen with the question before", b.Reading)
	}
	if !b.Found || !strings.Contains(b.Passage.Text, "截至2023年11月底") || b.Figure == nil || b.Figure.Text != "2023年11月底" {
		t.Errorf("the reading offered found %v %+v, figure %+v; want 2023年11月底 in its passage", b.Found, b.Passage, b.Figure)
	}
	if chosen != turn.Otherwise() {
		t.Errorf("Instead's turn is not the one offered")
	}
	// The conversation now leans on the chosen reading: a message read
	// with it keeps its words.
	c, _, err := convs.Ask(ctx, e, 1, "那发了多少钱")
	if err != nil {
		t.Fatal(err)
	}
	if c.Reading == nil || !strings.Contains(c.Reading.Phrase(), "医疗互助") {
		t.Errorf("the next message is not read with the chosen reading: %+v", c.Reading)
	}
	if _, _, err := convs.Instead(ctx, e, 1, chosen); !errors.Is(err, ErrNoOtherReading) {
		t.Errorf("Instead on a turn offering nothing: %v, want ErrNoOtherReading", err)
	}
	// An offer taken up after the conversation moved on answers, but
	// leaves the newer turn the one to lean on.
	if _, _, err := convs.Ask(ctx, e, 2, "参加职工医疗互助的累计有多少人次"); err != nil {
		t.Fatal(err)
	}
	_, offering, err := convs.Ask(ctx, e, 2, "截止到啥时候的数?")
	if err != nil || offering.Otherwise() == nil {
		t.Fatalf("no offer: %v", err)
	}
	if _, _, err := convs.Ask(ctx, e, 2, "全省工会会员有多少人"); err != nil {
		t.Fatal(err)
	}
	if late, _, err := convs.Instead(ctx, e, 2, offering); err != nil || !late.Found {
		t.Fatalf("a late press: %v %+v", err, late)
	}
	d, _, err := convs.Ask(ctx, e, 2, "那基层工会呢?")
	if err != nil {
		t.Fatal(err)
	}
	if d.Reading == nil || d.Reading.Previous != "全省工会会员有多少人" {
		t.Errorf("after a late press the next message is read with %+v, want the newer question", d.Reading)
	}
	// A message read with the question before offers nothing more.
	_, first, err := e.Follow(ctx, nil, "全省工会会员有多少人")
	if err != nil {
		t.Fatal(err)
	}
	read, next, err := e.Follow(ctx, first, "那基层工会呢?")
	if err != nil {
		t.Fatal(err)
	}
	if read.Reading == nil || next.Otherwise() != nil {
		t.Errorf("a follow-up read with the question before (%+v) offers another reading", read.Reading)
	}
}

// TestSlots checks the part a message's words play: what decides whether
// it names a subject of its own or asks the question before it again.
func TestSlots(t *testing.T) {
	e := mustEngine(t)
	for _, tc := range []struct {
		message, word string
		want          slot
	}{
		{"会员卡发了多少张", "会员卡", slotSubject},
		{"去年实际增长了多少", "去年", slotTime},
		// How the figure is reckoned, or the figure itself: no new thing.
		{"去年实际增长了多少", "实际", slotMeasure},
		{"同比增长多少", "同比", slotMeasure},
		{"这个数据是哪年的", "数据", slotMeasure},
		// A place the reports name (贵阳) is a place, not a subject.
		{"贵阳的呢", "贵阳", slotPlace},
	} {
		r, _, err := e.read(tc.message)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(r.groups, func(g group) bool { return g.word == tc.word })
		if i < 0 {
			t.Errorf("%s: no group %q in %+v", tc.message, tc.word, r.groups)
			continue
		}
		if got := r.groups[i].slot; got != tc.want {
			t.Errorf("%s: %s plays slot %d, want %d", tc.message, tc.word, got, tc.want)
		}
	}
}

// TestRefusedPinKeepsTheChat: a message that only a year points back,
// refused however it is read, is refused as alone, and the chat keeps
// the question before it: the next year asked is still of that question.
func TestRefusedPinKeepsTheChat(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	_, turn, err := e.Follow(ctx, nil, "全省工会会员有多少人")
	if err != nil {
		t.Fatal(err)
	}
	a, turn, err := e.Follow(ctx, turn, "2019年有多少")
	if err != nil {
		t.Fatal(err)
	}
	if a.Found {
		t.Fatalf("2019年有多少: answered %q", a.Passage.Text)
	}
	a, _, err = e.Follow(ctx, turn, "2023年呢")
	if err != nil {
		t.Fatal(err)
	}
	if a.Reading == nil || !strings.Contains(a.Reading.Phrase(), "会员") {
		t.Errorf("2023年呢 after a refusal lost the question before it: %+v", a.Reading)
	}
	if a.Found && !strings.Contains(a.Passage.Text, "会员") {
		t.Errorf("2023年呢: answered about another thing: %q", a.Passage.Text)
	}
}

func TestTurnPassageKey(t *testing.T) {
	e := mustEngine(t)
	a, turn, err := e.Follow(context.Background(), nil, "全省工会会员有多少人")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || turn.PassageKey() != a.Passage.Key {
		t.Errorf("PassageKey %q, answer %v %q", turn.PassageKey(), a.Found, a.Passage.Key)
	}
	var none *Turn
	if none.PassageKey() != "" {
		t.Error("a nil turn has a passage")
	}
}

// firstTurn builds an engine on a report of text and asks first,
// whose figure must be want: the turn a follow-up then leans on.
func firstTurn(t *testing.T, text, first, want string) (*Engine, *Turn) {
	t.Helper()
	r, err := corpus.Parse("communique", text)
	if err != nil {
		t.Fatal(err)
	}
	e := engineFor(t, r)
	return e, firstTurnOn(t, e, first, want)
}

// firstTurnOn asks first of e, whose figure must be want: the turn a
// follow-up then leans on.
func firstTurnOn(t *testing.T, e *Engine, first, want string) *Turn {
	t.Helper()
	_, turn, err := e.Follow(context.Background(), nil, first)
	if err != nil {
		t.Fatal(err)
	}
	if turn.figure == nil || turn.figure.Text != want {
		t.Fatalf("%s: first answer %+v, want %s", first, turn.figure, want)
	}
	return turn
}

// A message asking nothing of its own is asked as the question before it
// asked, of what it names; a word naming a kind of figure (增速, 占比)
// says which figure: "增速呢" after the revenue asks its growth.
func TestFollowupEllipsisAsksItsKind(t *testing.T) {
	e, turn := firstTurn(t, "2021年国民经济和社会发展统计公报\n\n"+
		"全年全国一般公共预算收入202539亿元，比上年增长10.7%，其中税收收入172731亿元，增长11.9%。\n\n"+
		"全年社会消费品零售总额440823亿元，比上年增长12.5%。\n", "全国一般公共预算收入有多少", "202539亿元")
	for _, msg := range []string{"增速呢", "那增幅呢"} {
		a, _, err := e.Follow(context.Background(), turn, msg)
		if err != nil {
			t.Fatal(err)
		}
		if a.Reading == nil || a.Figure == nil || a.Figure.Text != "10.7%" {
			t.Errorf("%s: reading %+v, figure %+v, want 10.7%%", msg, a.Reading, a.Figure)
		}
	}
}

// "占比呢" after an amount asks its share: a percentage, though the
// question before asked a sum of money, and the level beside it is
// described by the same words.
func TestFollowupShareAsksAPercentage(t *testing.T) {
	e, turn := firstTurn(t, "2021年国民经济和社会发展统计公报\n\n"+
		"第三产业增加值609680亿元，增长8.2%，占国内生产总值比重为53.3%；其中现代服务业增加值250000亿元。\n\n"+
		"全年社会消费品零售总额440823亿元，比上年增长12.5%。\n", "第三产业增加值是多少", "609680亿元")
	a, _, err := e.Follow(context.Background(), turn, "占比呢")
	if err != nil {
		t.Fatal(err)
	}
	if a.Figure == nil || a.Figure.Text != "53.3%" {
		t.Errorf("占比呢: reading %+v, figure %+v, want 53.3%%", a.Reading, a.Figure)
	}
}

// "过去五年呢" after a question on growth asks the growth over those
// years: 过去 is a cue of where a change started too, but a message
// naming a time says when, not where from.
func TestFollowupPastYearsAsksTheChange(t *testing.T) {
	e, turn := firstTurn(t, "2021年国民经济和社会发展统计公报\n\n"+
		"全年全国一般公共预算收入202539亿元，比上年增长10.7%。\n\n"+
		"过去五年，全国一般公共预算收入从15.2万亿元增加到20.3万亿元，年均增长6.0%。\n", "全国一般公共预算收入增长了多少", "10.7%")
	a, _, err := e.Follow(context.Background(), turn, "过去五年呢")
	if err != nil {
		t.Fatal(err)
	}
	if a.Figure == nil || a.Figure.Text != "6.0%" {
		t.Errorf("过去五年呢: reading %+v, figure %+v, want 6.0%%", a.Reading, a.Figure)
	}
}

// "那本地农民工呢" after a question on 外出农民工 asks of 本地农民工: the
// message's own modifier takes the place of the earlier one, which is
// not kept beside it, even where the earlier answer's passage does not
// say the new one (each figure in a paragraph of its own).
func TestFollowupOwnModifierReplacesTheEarlier(t *testing.T) {
	e, turn := firstTurn(t, "2021年国民经济和社会发展统计公报\n\n"+
		"全年农民工总量29251万人，比上年增长2.4%。\n\n"+
		"外出农民工17172万人，增长1.3%。\n\n"+
		"本地农民工12079万人，增长4.1%。\n\n"+
		"全年社会消费品零售总额440823亿元，比上年增长12.5%。\n", "外出农民工有多少", "17172万人")
	a, _, err := e.Follow(context.Background(), turn, "那本地农民工呢")
	if err != nil {
		t.Fatal(err)
	}
	if a.Reading == nil || slices.ContainsFunc(a.Reading.Words, func(w string) bool { return strings.Contains(w, "外出") }) {
		t.Errorf("那本地农民工呢: reading %+v, want 外出 no longer in it", a.Reading)
	}
	if a.Figure == nil || a.Figure.Text != "12079万人" {
		t.Errorf("那本地农民工呢: figure %+v, want 12079万人", a.Figure)
	}
}

// A message whose own word the answer says only as read (研法, 研发
// mistyped) still names something prev's passage does not say: it is
// answered alone, not with prev's answer again.
func TestFollowupOwnWordAsRead(t *testing.T) {
	e, turn := firstTurn(t, "2024年度环境、社会及治理报告\n\n"+
		"2024年，公司无烟煤消耗量7,820.16吨，天然气消耗量2.70万立方米。\n\n"+
		"2024年，公司研发人员数量277人，研发资金投入7,465.92万元。\n\n"+
		"2024年，公司员工总数1,774人，劳动合同签约率100%。\n", "无烟煤消耗了多少", "7,820.16吨")
	// The reading, by the rules alone: on three passages the fitted
	// model's doubt of a homophone answer sits at its threshold, and
	// moves with every refit (on the suite's reports it answers it).
	e.Evidence.Fitted = false
	a, _, err := e.Follow(context.Background(), turn, "搞研法的有几个人")
	if err != nil {
		t.Fatal(err)
	}
	if a.Reading != nil || a.Figure == nil || a.Figure.Text != "277人" {
		t.Errorf("搞研法的有几个人: reading %+v, figure %+v, want 277人 read alone", a.Reading, a.Figure)
	}
}

// The earlier modifier a follow-up's own replaces stops at a noun: "那女
// 职工呢" after "全省职工有多少" still asks about the province (全省 is a
// noun gse does not tag as a place), not 职工 anywhere.
func TestFollowupModifierStopsAtNoun(t *testing.T) {
	e, turn := firstTurn(t, "贵州省工会第十五次代表大会\n\n"+
		"来自全省各地各行业的706名代表，肩负着全省700多万职工的重托和期望共襄盛会。\n\n"+
		"推动《贵州省女职工劳动保护特别规定》出台实施，制定省总加强新时代女职工工作实施意见。\n", "全省职工有多少", "700多万")
	a, _, err := e.Follow(context.Background(), turn, "那女职工呢")
	if err != nil {
		t.Fatal(err)
	}
	if a.Reading == nil || !slices.ContainsFunc(a.Reading.Words, func(w string) bool { return strings.Contains(w, "全省") }) {
		t.Errorf("那女职工呢: reading %+v, want 全省 kept", a.Reading)
	}
}

// A follow-up's reading pairs the words each question wrote together
// (proximity), never a word kept from the question before with one of the
// message's own: they were not written next to each other.
func TestFollowupPairsStayInTheirQuestion(t *testing.T) {
	e, turn := firstTurn(t, "2021年国民经济和社会发展统计公报\n\n"+
		"全国农民工人均月收入4432元，比上年增长8.8%。\n\n"+
		"外出农民工人均月收入5013元，增长10.2%；本地农民工人均月收入3878元，增长8.0%。\n", "全国农民工人均月收入是多少", "4432元")
	q := "那外出务工人员月均工资呢"
	c := readCues(q)
	core, _, err := e.read(c.core)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := e.merge(turn, core, c, false)
	if err != nil {
		t.Fatal(err)
	}
	last := 0 // the last position of the question before
	for _, g := range turn.r.groups {
		last = max(last, g.position)
	}
	own := 0
	for _, pr := range m.pairs {
		if (pr[0] > last) != (pr[1] > last) {
			t.Errorf("%s: pair %v joins a kept word and one of the message's own (last kept position %d)", q, pr, last)
		}
		if pr[0] > last {
			own++
		}
	}
	if len(turn.r.pairs) == 0 || own == 0 {
		t.Errorf("%s: pairs %v, the first question's %v: want pairs of both", q, m.pairs, turn.r.pairs)
	}
}

// A message opening by pointing back (这个, 具体) that names a subject and
// asks is read with the question before it when that reading is answered
// from the same report with something new, though its words alone find
// an answer too (the communiqué's note on output growth says 增速 and 可比
// 口径 as well); without such an opening it is answered alone.
func TestFollowupOpeningPointsBack(t *testing.T) {
	e, turn := firstTurn(t, "2021年国民经济和社会发展统计公报\n\n"+
		"全年规模以上工业企业利润87092亿元，比上年增长[27]34.3%。\n\n"+
		"[23]2020年部分产品产量数据进行了核实调整，2021年产量增速按可比口径计算。\n\n"+
		"[27]由于统计调查制度规定的调查范围变动、统计执法、剔除重复数据等因素，2021年规模以上工业企业财务指标增速及变化按可比口径计算。\n",
		"全年规模以上工业企业利润是多少？", "87092亿元")
	a, next, err := e.Follow(context.Background(), turn, "这个增速为啥要按可比口径算")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Passage.Text, "剔除重复数据") || a.Reading == nil || a.Reading.Because != "reference" ||
		next.Otherwise() == nil || next.Otherwise().LeansOnPrevious() {
		t.Errorf("这个增速为啥要按可比口径算: %+v (reading %+v), want the note on profits read with the question before, its own answer offered", a.Passage, a.Reading)
	}
	// Not pointing back: 增速 named alone, 该 as "should", 那个 as a
	// filler before a pause. Each is answered as alone.
	for _, msg := range []string{"增速为啥要按可比口径算", "该怎么按可比口径算增速", "那个，增速为啥要按可比口径算"} {
		a, _, err := e.Follow(context.Background(), turn, msg)
		if err != nil {
			t.Fatal(err)
		}
		alone, err := e.Ask(context.Background(), msg)
		if err != nil {
			t.Fatal(err)
		}
		if a.Reading != nil || !reflect.DeepEqual(a, alone) {
			t.Errorf("%s: read %+v, want it answered as alone", msg, a.Reading)
		}
	}
}

// A follow-up asking which kind of thing ("具体有哪些措施") is answered by
// a passage that lists the things without calling them so: read with the
// question before, the kind noun frames it and is not a word the answer
// must say, as it is not alone (frame.go). Alone, another report's
// passage that says 措施 would answer it.
func TestFollowupKindNounNeedNotBeSaid(t *testing.T) {
	e := engineFor(t,
		mustParse(t, "gov", "2022年政府工作报告\n\n"+
			"继续保障好群众住房需求。坚持房子是用来住的、不是用来炒的定位，探索新的发展模式，坚持租购并举，加快发展长租房市场，推进保障性住房建设。\n\n"+
			"全年城镇新增就业1269万人。\n"),
		mustParse(t, "esg", "2024年度环境、社会及治理报告\n\n"+
			"风险应对措施：健全绩效考核与激励约束机制，公正选拔人才。\n\n"+
			"2024年，公司员工总数1,774人。\n"))
	ctx := context.Background()
	first, turn, err := e.Follow(ctx, nil, "住房的定位是什么")
	if err != nil {
		t.Fatal(err)
	}
	if !first.Found || first.Passage.ReportID != "gov" {
		t.Fatalf("住房的定位是什么: %+v, want the housing passage", first.Passage)
	}
	a, _, err := e.Follow(ctx, turn, "具体有哪些措施")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || a.Reading == nil || !strings.Contains(a.Passage.Text, "长租房") {
		t.Errorf("具体有哪些措施: reading %+v, passage %+v, want the housing passage read with the question before", a.Reading, a.Passage)
	}
}

// "那X呢" names a thing of its own and asks nothing: when prev's words
// narrow it to nothing, the chat's report answering it alone answers it.
func TestFollowupEllipsisOfItsOwnThing(t *testing.T) {
	e, turn := firstTurn(t, "2024年度环境、社会及治理报告\n\n"+
		"2024年，公司接受职业健康体检的员工1,516人，员工体检覆盖率99.73%。\n\n"+
		"公司设立职工爱心互助基金，资助因突发事件和患重大疾病而生活困难的员工。\n\n"+
		"2024年，公司研发资金投入7,465.92万元，研发人员数量277人。\n", "接受职业健康体检的员工有多少人", "1,516人")
	a, _, err := e.Follow(context.Background(), turn, "那爱心互助基金呢")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Passage.Text, "爱心互助基金") {
		t.Errorf("那爱心互助基金呢: reading %+v, found %v, passage %+v, want the fund's passage", a.Reading, a.Found, a.Passage)
	}
}

// A follow-up that gets the previous answer again, though its own words
// do not describe that figure, asks for another figure of the passage:
// "其中新增的占多少" after the bond quota asks the new bonds' amount. One
// whose own words do describe it ("全国居民的呢" after the national
// Engel coefficient) still gets it.
func TestFollowupAsksPastThePreviousFigure(t *testing.T) {
	e, turn := firstTurn(t, "关于上海市2025年预算执行情况的报告\n\n"+
		"2025年，积极争取国家地方政府债券额度2413.1亿元，包括新增债券1531亿元和再融资债券882.1亿元。\n\n"+
		"全市一般公共预算收入8500.9亿元，增长2.6%。\n", "争取到的国家地方政府债券额度有多少", "2413.1亿元")
	a, _, err := e.Follow(context.Background(), turn, "其中新增的占多少")
	if err != nil {
		t.Fatal(err)
	}
	if a.Figure == nil || a.Figure.Text != "1531亿元" {
		t.Errorf("其中新增的占多少: reading %+v, figure %+v, want 1531亿元", a.Reading, a.Figure)
	}
	// A sibling item of the list is its own figure, not the one before it.
	a, _, err = e.Follow(context.Background(), turn, "那再融资债券呢")
	if err != nil {
		t.Fatal(err)
	}
	if a.Figure == nil || a.Figure.Text != "882.1亿元" {
		t.Errorf("那再融资债券呢: reading %+v, figure %+v, want 882.1亿元", a.Reading, a.Figure)
	}
	// Asking for it in full names nothing of its own: the same figure.
	a, _, err = e.Follow(context.Background(), turn, "具体是多少")
	if err != nil {
		t.Fatal(err)
	}
	if a.Figure != nil && a.Figure.Text != "2413.1亿元" {
		t.Errorf("具体是多少: reading %+v, figure %+v, want 2413.1亿元 or none", a.Reading, a.Figure)
	}
	e, turn = firstTurn(t, "2021年国民经济和社会发展统计公报\n\n"+
		"全国居民恩格尔系数为29.8%，其中城镇为28.6%，农村为32.7%。\n\n"+
		"全年社会消费品零售总额440823亿元，比上年增长12.5%。\n", "全国居民恩格尔系数是多少", "29.8%")
	a, _, err = e.Follow(context.Background(), turn, "那全国居民的呢")
	if err != nil {
		t.Fatal(err)
	}
	if a.Figure == nil || a.Figure.Text != "29.8%" {
		t.Errorf("那全国居民的呢: reading %+v, figure %+v, want 29.8%% again", a.Reading, a.Figure)
	}
}

// ...but answered alone only from another report, it stays refused: a
// detail the chat's report does not give.
func TestFollowupEllipsisOfAThingElsewhereRefused(t *testing.T) {
	e := engineFor(t,
		mustParse(t, "esg", "2024年度环境、社会及治理报告\n\n"+
			"2024年，公司接受职业健康体检的员工1,516人，员工体检覆盖率99.73%。\n\n"+
			"2024年，公司研发资金投入7,465.92万元，研发人员数量277人。\n"),
		mustParse(t, "union", "贵州省工会五年工作回顾\n\n"+
			"全省工会设立爱心互助基金，累计资助2.3万人次。\n"))
	ctx := context.Background()
	turn := firstTurnOn(t, e, "接受职业健康体检的员工有多少人", "1,516人")
	if alone, err := e.Ask(ctx, "那爱心互助基金呢"); err != nil || !alone.Found || alone.Passage.ReportID != "union" {
		t.Fatalf("那爱心互助基金呢 alone: %+v (%v), want the union's passage", alone.Passage, err)
	}
	a, _, err := e.Follow(ctx, turn, "那爱心互助基金呢")
	if err != nil {
		t.Fatal(err)
	}
	if a.Found {
		t.Errorf("那爱心互助基金呢 after a question on the ESG report: %+v, want refused", a.Passage)
	}
}

// "X呢" taken alone asks X what prev asked: after a how-many, the figure
// of X's passage whose own words name X (液化 of 液化气: 液化石油气消耗量).
func TestFollowupEllipsisOfItsOwnThingAsksPrevious(t *testing.T) {
	page := "# 2024年度环境、社会及治理报告\n\n## 能源管理\n\n" +
		"<table><tr><td>指标</td><td>量化项</td><td>单位</td><td>2024</td></tr>" +
		"<tr><td rowspan=\"4\">能源管理</td><td>柴油消耗量</td><td>吨</td><td>18.30</td></tr>" +
		"<tr><td>天然气消耗量</td><td>万立方米</td><td>424.07</td></tr>" +
		"<tr><td>液化石油气消耗量</td><td>吨</td><td>2.70</td></tr>" +
		"<tr><td>无烟煤消耗量</td><td>吨</td><td>7,820.16</td></tr></table>\n\n" +
		"## 员工\n\n公司设立职工爱心互助基金，资助因突发事件和患重大疾病而生活困难的员工。\n\n" +
		"2024年，公司接受职业健康体检的员工1,516人，员工体检覆盖率99.73%。\n\n" +
		"2024年，公司研发资金投入7,465.92万元，研发人员数量277人。\n\n" +
		"公司开展各类培训共1,712.5小时，参加培训共17,881人次。\n"
	doc, err := extract.Extract(context.Background(), "esg.md", []byte(page), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := corpus.ParseBlocks("esg", doc.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	e := engineFor(t, r)
	turn := firstTurnOn(t, e, "天然气用了多少", "424.07万立方米")
	a, _, err := e.Follow(context.Background(), turn, "液化气呢")
	if err != nil {
		t.Fatal(err)
	}
	if a.Figure == nil || a.Figure.Text != "2.70吨" || a.Reading == nil || a.Reading.Because != "ellipsis" {
		t.Errorf("液化气呢: reading %+v, figure %+v, want 2.70吨 read with the question before", a.Reading, a.Figure)
	}
}

// namedBy: a figure names a message's thing when its own words say most
// of the thing's words the reports use — the whole word, or a part of it
// where the reports lack the whole.
func TestNamedBy(t *testing.T) {
	e := engineFor(t, mustParse(t, "gov", "政府工作报告\n\n"+
		"今年安排中央本级支出增长3.9%，其中中央部门支出继续负增长。\n\n"+
		"公司液化石油气消耗量2.70吨，天然气消耗量424.07万立方米。\n\n"+
		"全国财政收入突破20万亿元，增长10.7%。\n"))
	for _, tc := range []struct {
		thing, before string
		want          bool
	}{
		{"液化气", "公司液化石油气消耗量", true},     // 液化 of 液化气: the reports lack 液化气
		{"中央部门", "今年安排中央本级支出增长", false}, // 中央 said, 部门 not
		{"中央部门", "其中中央部门支出", true},
		{"天然气", "公司液化石油气消耗量", false},
	} {
		r, _, err := e.read(tc.thing)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.namedBy(&corpus.Figure{Before: tc.before}); got != tc.want {
			t.Errorf("%q named by a figure of %q: %v, want %v", tc.thing, tc.before, got, tc.want)
		}
	}
}

func TestIsShort(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"最后多少人找到工作了", true}, // 10
		{"那M1呢?", true},
		{"酿酒做茶绣花的那些工匠评了多少个", false}, // 16
		{"GDP 2021年增长多少呀呢吧", false}, // 15 letters and digits; spaces and marks don't count
		{"１２３４５６７８９０１２", true},      // 12 full-width digits
		{"１２３４５６７８９０１２３", false},
		{"，，，？？？ 。。。！！！", true},
	} {
		if got := isShort(tc.q); got != tc.want {
			t.Errorf("isShort(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

// A message ending in an emoji or a symbol after its cue ("会员呢🤔",
// "会员呢~") leans as it would without them: they say nothing of what
// it asks, as the reading shown (trimEnd) already takes them to.
func TestFollowupCueBeforeTrailingSymbols(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	_, turn, err := e.Follow(ctx, nil, "全省有多少个基层工会")
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := e.Follow(ctx, turn, "会员呢")
	if err != nil {
		t.Fatal(err)
	}
	if want.Reading == nil || want.Figure == nil {
		t.Fatalf("会员呢: reading %+v, figure %+v; want it read with the question before", want.Reading, want.Figure)
	}
	for _, msg := range []string{"会员呢😀", "会员呢🤔", "会员呢❤️", "会员呢🤷‍♀️", "会员呢~", "会员呢？😂", "会员呢 👍"} {
		a, _, err := e.Follow(ctx, turn, msg)
		if err != nil {
			t.Fatal(err)
		}
		if a.Reading == nil || a.Reading.Because != want.Reading.Because || a.Figure == nil || a.Figure.Text != want.Figure.Text {
			t.Errorf("%s: reading %+v, figure %+v; want %+v, %s as for 会员呢", msg, a.Reading, a.Figure, want.Reading, want.Figure.Text)
		}
	}
}
