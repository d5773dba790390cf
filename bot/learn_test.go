package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/bot/fakebotapi"
	"github.com/reportbot/reportbot/learn"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/asklog"
)

// startLearning runs a bot as serve does: on a data directory, with its
// question log and the admins' tools.
func startLearning(t *testing.T) (*fakebotapi.Server, *store.Store) {
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
	srv, _, _ := start(t, func(c *Config) {
		c.Engine, c.Library, c.Admins = eng, st, []int64{adminID}
		c.Feedback = QuestionLog{lg}
		c.Learn = &learn.Admin{Store: st, Engine: eng, Log: lg}
	})
	return srv, st
}

// lastSent waits for the n-th sendMessage and returns its text.
func lastSent(t *testing.T, srv *fakebotapi.Server, n int) fakebotapi.Request {
	t.Helper()
	sent := srv.WaitFor("sendMessage", n, 10*time.Second)
	if len(sent) < n {
		t.Fatalf("%d messages sent, want %d: %+v", len(sent), n, sent)
	}
	return sent[n-1]
}

func adminTaps(srv *fakebotapi.Server, data, messageID string) {
	srv.AddUpdate(fmt.Sprintf(`{"callback_query":{"id":"c-%s","from":{"id":%d,"is_bot":false,"first_name":"管理员"},"chat_instance":"x","data":%q,
		"message":{"message_id":%s,"date":1,"chat":{"id":%d,"type":"private"},"text":"list"}}}`, data, adminID, data, messageID, adminID))
}

// Done when: a member's unanswered question shows up in /unanswered; the
// admin adds a synonym from it with one button; the same question is
// then answered, with no restart.
func TestUnansweredQuestionTaughtWithASynonym(t *testing.T) {
	srv, st := startLearning(t)
	const q = "饭卡发了多少张?"
	srv.AddUpdate(message(5001, "private", q, ""))
	if got := lastSent(t, srv, 1).Params["text"]; !strings.Contains(got, "没有找到") {
		t.Fatalf("answered before any synonym:\n%s", got)
	}

	srv.AddUpdate(adminCommand("/unanswered"))
	list := lastSent(t, srv, 2)
	if !strings.Contains(list.Params["text"], q) || !strings.Contains(list.Params["text"], "没答上 1 次") {
		t.Fatalf("/unanswered:\n%s", list.Params["text"])
	}
	var kb keyboard
	if err := list.JSON("reply_markup", &kb); err != nil || len(kb.InlineKeyboard) != 1 {
		t.Fatalf("keyboard %q: %v", list.Params["reply_markup"], err)
	}
	add := kb.InlineKeyboard[0][0]
	if add.Text != "1. ➕ 饭卡 → 服务卡" || !strings.HasPrefix(add.CallbackData, useSuggestion) || len(add.CallbackData) > 64 {
		t.Fatalf("first button: %+v", add)
	}
	// A member cannot press it.
	srv.AddUpdate(fmt.Sprintf(`{"callback_query":{"id":"m1","from":{"id":42,"is_bot":false,"first_name":"职工"},"chat_instance":"x","data":%q,
		"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"text":"list"}}}`, add.CallbackData))
	if acks := srv.WaitFor("answerCallbackQuery", 1, 5*time.Second); len(acks) != 1 || !strings.Contains(acks[0].Params["text"], "只有管理员") {
		t.Fatalf("member's tap: %+v", acks)
	}
	adminTaps(srv, add.CallbackData, "50")
	reply := lastSent(t, srv, 3).Params["text"]
	if !strings.Contains(reply, "已添加同义词 <b>饭卡 =&gt; 服务卡</b>") || !strings.Contains(reply, "281.59万张") {
		t.Fatalf("after the button:\n%s", reply)
	}

	// The member asks again: answered, by the same bot, same index.
	srv.AddUpdate(message(5001, "private", q, ""))
	if got := lastSent(t, srv, 4).Params["text"]; !strings.Contains(got, "<b>281.59万张</b>") {
		t.Fatalf("the same question after the synonym:\n%s", got)
	}
	rules, _ := st.SynonymRules()
	if len(rules) != 1 || rules[0].By != fmt.Sprintf("telegram:%d", adminID) {
		t.Errorf("rules: %+v", rules)
	}
	srv.AddUpdate(adminCommand("/unanswered"))
	if got := lastSent(t, srv, 5).Params["text"]; !strings.Contains(got, "没有待处理的问题") || !strings.Contains(got, "1 组") {
		t.Errorf("/unanswered after the synonym:\n%s", got)
	}
	srv.AddUpdate(adminCommand("/synonyms"))
	if got := lastSent(t, srv, 6).Params["text"]; !strings.Contains(got, "饭卡 =&gt; 服务卡 — telegram:777,") {
		t.Errorf("/synonyms:\n%s", got)
	}
	srv.AddUpdate(adminCommand("/stats"))
	if got := lastSent(t, srv, 7).Params["text"]; !strings.Contains(got, "提问 2 次,答上 1 次(50%),1 位成员提问") || !strings.Contains(got, "不断加强自身建设(1 次)") {
		t.Errorf("/stats:\n%s", got)
	}
}

// Admins add, list and remove synonyms by command; a synonym that makes
// a dismissed question answerable is flagged.
func TestSynonymCommandsAndDismissal(t *testing.T) {
	srv, _ := startLearning(t)
	srv.AddUpdate(message(5001, "private", "饭卡发了多少张?", ""))
	lastSent(t, srv, 1)
	srv.AddUpdate(adminCommand("/unanswered"))
	list := lastSent(t, srv, 2)
	var kb keyboard
	list.JSON("reply_markup", &kb)
	dismiss := kb.InlineKeyboard[0][len(kb.InlineKeyboard[0])-1]
	if !strings.HasPrefix(dismiss.CallbackData, dismissGroup) {
		t.Fatalf("last button: %+v", dismiss)
	}
	adminTaps(srv, dismiss.CallbackData, "50")
	if got := lastSent(t, srv, 3).Params["text"]; !strings.Contains(got, "标为超出范围") {
		t.Fatalf("after dismissing:\n%s", got)
	}
	srv.AddUpdate(adminCommand("/unanswered"))
	if got := lastSent(t, srv, 4).Params["text"]; !strings.Contains(got, "没有待处理的问题") {
		t.Errorf("a dismissed group is listed:\n%s", got)
	}
	srv.AddUpdate(adminCommand("/synonym 饭卡 服务卡"))
	if got := lastSent(t, srv, 5).Params["text"]; !strings.Contains(got, "已添加同义词 <b>饭卡, 服务卡</b>") || !strings.Contains(got, "⚠️") || !strings.Contains(got, "饭卡发了多少张?") {
		t.Errorf("/synonym opening a dismissed question:\n%s", got)
	}
	srv.AddUpdate(adminCommand("/synonym 劳模"))
	if got := lastSent(t, srv, 6).Params["text"]; !strings.Contains(got, "用法") {
		t.Errorf("/synonym with one word:\n%s", got)
	}
	srv.AddUpdate(adminCommand("/synonyms"))
	if got := lastSent(t, srv, 7).Params["text"]; !strings.Contains(got, "⚠️ 让超出范围的问题有了答案:饭卡发了多少张?") {
		t.Errorf("/synonyms:\n%s", got)
	}
	srv.AddUpdate(adminCommand("/unsynonym 饭卡"))
	if got := lastSent(t, srv, 8).Params["text"]; !strings.Contains(got, "已删除:饭卡, 服务卡") {
		t.Errorf("/unsynonym:\n%s", got)
	}
	srv.AddUpdate(adminCommand("/unsynonym 饭卡"))
	if got := lastSent(t, srv, 9).Params["text"]; !strings.Contains(got, "没有含 饭卡 的同义词") {
		t.Errorf("/unsynonym again:\n%s", got)
	}
	// Members cannot use them.
	srv.AddUpdate(message(5001, "private", "/synonym 饭卡 服务卡", ""))
	if got := lastSent(t, srv, 10).Params["text"]; !strings.Contains(got, "只有管理员") {
		t.Errorf("member /synonym:\n%s", got)
	}
}
