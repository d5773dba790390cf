package learn

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/lang"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/asklog"
)

func newAdmin(t *testing.T) *Admin {
	t.Helper()
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	lg, err := asklog.Open(st.Dir())
	if err != nil {
		t.Fatal(err)
	}
	eng := answer.New(st.Searcher())
	eng.AdminSynonyms = st
	return &Admin{Store: st, Engine: eng, Log: lg}
}

// The loop the admins close: a question not answered is listed with a
// synonym offered; adding it answers the question and the group goes.
func TestUnansweredToSynonym(t *testing.T) {
	ctx := context.Background()
	a := newAdmin(t)
	now := time.Now()
	a.Log.Asked(now, 1, "饭卡发了多少张?", false, "聚焦职能定位 · 7 强基础", "")
	a.Log.Asked(now, 2, "饭卡发了几张", false, "", "")
	a.Log.Asked(now, 3, "明天上海会下雨吗?", false, "", "")
	items, resolved, err := a.Unanswered(ctx, 10)
	if err != nil || len(items) != 2 || resolved != 0 {
		t.Fatalf("unanswered: %+v %d %v", items, resolved, err)
	}
	g := items[0]
	if g.Unanswered != 2 || g.Members != 2 || len(g.Suggestions) == 0 || Rule(g.Suggestions[0]) != "饭卡 => 服务卡" {
		t.Fatalf("first group: %+v", g)
	}
	r, opens, q, err := a.AddSuggested(ctx, g.ID, SuggestionID(g.Suggestions[0]), "telegram:777")
	if err != nil || r.Line() != "饭卡 => 服务卡" || len(opens) != 0 || !strings.HasPrefix(q, "饭卡发了") {
		t.Fatalf("add suggested: %v %v %q %v", r, opens, q, err)
	}
	if ans, _ := a.Engine.Ask(ctx, q); !ans.Found || !strings.Contains(ans.Passage.Text, "281.59万张") {
		t.Errorf("not answered after the synonym: %+v", ans)
	}
	items, resolved, _ = a.Unanswered(ctx, 10)
	if len(items) != 1 || resolved != 1 {
		t.Errorf("after the synonym: %+v, %d resolved", items, resolved)
	}
	if _, _, _, err := a.AddSuggested(ctx, g.ID, SuggestionID(g.Suggestions[0]), "x"); !errors.Is(err, ErrNoGroup) {
		t.Errorf("a resolved group's button again: %v", err)
	}
}

// groupID is the ID of the group question leads, as /unanswered lists
// it: asked alone in a log of its own.
func groupID(t *testing.T, question string) string {
	t.Helper()
	dir := t.TempDir()
	l, err := asklog.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	l.Asked(time.Now(), 1, question, false, "", "")
	entries, err := asklog.Read(dir)
	if err != nil || len(asklog.Groups(entries)) != 1 {
		t.Fatalf("groups of one question: %v", err)
	}
	return asklog.Groups(entries)[0].ID
}

// A dismissed group leaves the list; its questions are known negatives,
// and a synonym that would answer one is flagged when added and listed.
func TestDismissAndFlag(t *testing.T) {
	ctx := context.Background()
	a := newAdmin(t)
	a.Log.Asked(time.Now(), 1, "饭卡发了多少张?", false, "", "")
	items, _, _ := a.Unanswered(ctx, 10)
	qs, err := a.Dismiss(ctx, items[0].ID, "telegram:777")
	if err != nil || len(qs) != 1 {
		t.Fatalf("dismiss: %v %v", qs, err)
	}
	if items, _, _ = a.Unanswered(ctx, 10); len(items) != 0 {
		t.Errorf("a dismissed group is listed: %+v", items)
	}
	// Dismissed again (the same command twice, the button pressed twice):
	// it is said to be dismissed, not unknown.
	if _, err := a.Dismiss(ctx, groupID(t, "饭卡发了多少张?"), "telegram:777"); !errors.Is(err, ErrDismissed) {
		t.Errorf("dismissed twice: %v, want ErrDismissed", err)
	}
	if _, err := a.Dismiss(ctx, "abcd1234", "telegram:777"); !errors.Is(err, ErrNoGroup) {
		t.Errorf("an unknown group: %v, want ErrNoGroup", err)
	}
	_, opens, err := a.AddSynonym(ctx, "饭卡 服务卡", "cli:root")
	if err != nil || len(opens) != 1 || opens[0] != "饭卡发了多少张?" {
		t.Fatalf("add: opens %v, %v", opens, err)
	}
	if _, opens, _ = a.AddSynonym(ctx, "劳模 劳动模范", "cli:root"); len(opens) != 0 {
		t.Errorf("an unrelated synonym flagged: %v", opens)
	}
	listed, err := a.Synonyms(ctx)
	if err != nil || len(listed) != 2 || len(listed[0].Opens) != 1 || len(listed[1].Opens) != 0 || listed[0].By != "cli:root" {
		t.Errorf("listed: %+v %v", listed, err)
	}
	if _, err := a.RemoveSynonyms(ctx, []string{"饭卡"}); err != nil {
		t.Fatal(err)
	}
	if listed, _ = a.Synonyms(ctx); len(listed) != 1 {
		t.Errorf("after remove: %+v", listed)
	}
}

func TestStats(t *testing.T) {
	a := newAdmin(t)
	now := time.Now()
	a.Log.Asked(now, 1, "会员卡发了多少张", true, "7 强基础", "k7")
	a.Log.Asked(now, 2, "明天下雨吗", false, "", "")
	a.Log.Voted(now, 1, 1, 9, "会员卡发了多少张", "k7", "down")
	st, err := a.Stats(7)
	if err != nil || st.Asked != 2 || st.Answered != 1 || st.Days[6].Asked != 2 || len(st.Disliked) != 1 || st.Disliked[0].Section != "7 强基础" {
		t.Errorf("stats: %+v %v", st, err)
	}
}

// countingSynonyms counts the questions an engine reads: it asks for the
// admins' synonyms once a question.
type countingSynonyms struct {
	answer.SynonymSource
	n *atomic.Int64
}

func (c countingSynonyms) Synonyms() lang.Synonyms {
	c.n.Add(1)
	return c.SynonymSource.Synonyms()
}

// Listing the first groups asks the reports again about those groups
// only, not about every group of the log; so do a group's buttons.
func TestUnansweredAsksListedGroupsOnly(t *testing.T) {
	ctx := context.Background()
	a := newAdmin(t)
	var asked atomic.Int64
	a.Engine.AdminSynonyms = countingSynonyms{a.Engine.AdminSynonyms, &asked}
	// Questions of random letters none alike, that the report does not
	// answer (a few letters may be words of it).
	r := rand.New(rand.NewPCG(1, 2))
	const groups, limit = 30, 2
	for i := 0; i < groups; {
		b := make([]byte, 10)
		for j := range b {
			b[j] = byte('a' + r.IntN(26))
		}
		q := string(b) + "?"
		if ans, err := a.Engine.Ask(ctx, q); err != nil || ans.Found {
			continue
		}
		a.Log.Asked(time.Now(), int64(i), q, false, "", "")
		i++
	}
	all, _, err := a.Unanswered(ctx, -1)
	if err != nil || len(all) != groups {
		t.Fatalf("%d groups listed of %d logged: %v", len(all), groups, err)
	}
	asked.Store(0)
	items, resolved, err := a.Unanswered(ctx, limit)
	if err != nil || len(items) != limit || resolved != 0 {
		t.Fatalf("unanswered: %d items, %d resolved, %v", len(items), resolved, err)
	}
	// A question each for whether it is answered now, at most one each
	// for the synonyms offered.
	if n := asked.Load(); n > 2*limit {
		t.Errorf("listing %d of %d groups read %d questions", limit, groups, n)
	}
	asked.Store(0)
	if _, err := a.Dismiss(ctx, items[1].ID, "cli:root"); err != nil {
		t.Fatal(err)
	}
	if n := asked.Load(); n > 2 {
		t.Errorf("dismissing a group read %d questions", n)
	}
}

// A rule written by hand in traditional characters (synfile keeps it as
// written) fires on a member's question however it writes the word:
// questions are simplified before their words are looked up, and so are
// the rule's words.
func TestHandRuleInTraditionalFires(t *testing.T) {
	ctx := context.Background()
	a := newAdmin(t)
	if err := os.WriteFile(filepath.Join(a.Store.Dir(), store.SynonymsFile), []byte("飯卡 => 服務卡\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"飯卡發了多少張?", "饭卡发了多少张?"} {
		if ans, err := a.Engine.Ask(ctx, q); err != nil || !ans.Found || !strings.Contains(ans.Passage.Text, "281.59万张") {
			t.Errorf("%q is not answered with the rule 飯卡 => 服務卡 (found %v, %v)", q, ans.Found, err)
		}
	}
}

// A rule written by hand keeps its capitals and traditional characters
// (synfile); the engine reads them folded, so such a rule opens a
// dismissed question, and the listing flags it: it looks for the rule's
// words folded in the question folded.
func TestHandRuleFlagged(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ rule, question string }{
		{"FK => 服务卡", "FK发了多少张?"},
		{"ＦＫ => 服务卡", "fk发了多少张?"},
		{"飯卡 => 服務卡", "饭卡发了多少张?"},
	} {
		a := newAdmin(t)
		a.Log.Asked(time.Now(), 1, tc.question, false, "", "")
		items, _, err := a.Unanswered(ctx, 10)
		if err != nil || len(items) != 1 {
			t.Fatalf("unanswered: %+v %v", items, err)
		}
		if _, err := a.Dismiss(ctx, items[0].ID, "cli:root"); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(a.Store.Dir(), store.SynonymsFile), []byte(tc.rule+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if ans, err := a.Engine.Ask(ctx, tc.question); err != nil || !ans.Found {
			t.Fatalf("the rule %q does not answer %q: %v", tc.rule, tc.question, err)
		}
		listed, err := a.Synonyms(ctx)
		if err != nil || len(listed) != 1 {
			t.Fatalf("listed: %+v %v", listed, err)
		}
		if !slices.Equal(listed[0].Opens, []string{tc.question}) {
			t.Errorf("rule %q answers the dismissed %q: Opens = %q", tc.rule, tc.question, listed[0].Opens)
		}
	}
}

// TestFollowupAskedAsRead: a follow-up not answered is asked again as it
// was read, not as its message alone, which the report answers ("那女职工呢"
// alone asks about all members' women): it stays listed, and dismissed,
// its reading becomes the known negative.
func TestFollowupAskedAsRead(t *testing.T) {
	ctx := context.Background()
	a := newAdmin(t)
	if alone, err := a.Engine.Ask(ctx, "那女职工呢"); err != nil || !alone.Found {
		t.Fatalf("the message alone is not answered (%v): the test shows nothing", err)
	}
	read := &asklog.Reading{Previous: "全省有多少职工?", Words: []string{"女职工", "全省", "有多少职工"}}
	a.Log.AskedAs(time.Now(), 1, "那女职工呢", read, false, "", "")
	items, resolved, err := a.Unanswered(ctx, 10)
	if err != nil || len(items) != 1 || resolved != 0 || items[0].Question() != "女职工 + 全省 + 有多少职工" {
		t.Fatalf("unanswered: %+v, %d resolved, %v", items, resolved, err)
	}
	qs, err := a.Dismiss(ctx, items[0].ID, "telegram:777")
	if err != nil || len(qs) != 1 || qs[0] != "女职工 + 全省 + 有多少职工" {
		t.Errorf("dismissed %q, %v", qs, err)
	}
}
