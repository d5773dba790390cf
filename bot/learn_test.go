package bot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/fakebotapi"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/asklog"
	"github.com/reportbot/reportbot/store/synfile"
)

// lastSent waits for the n-th sendMessage and returns its text.
func lastSent(t *testing.T, srv *fakebotapi.Server, n int) fakebotapi.Request {
	t.Helper()
	sent := srv.WaitFor("sendMessage", n, 10*time.Second)
	if len(sent) < n {
		t.Fatalf("%d messages sent, want %d: %+v", len(sent), n, sent)
	}
	return sent[n-1]
}

// taps is user pressing the button with data under list, a message the
// bot sent to user's private chat: Telegram sends the message back with
// its keyboard.
func taps(srv *fakebotapi.Server, user int64, list fakebotapi.Request, data string) {
	srv.AddUpdate(fmt.Sprintf(`{"callback_query":{"id":"c-%d-%s","from":{"id":%d,"is_bot":false,"first_name":"成员"},"chat_instance":"x","data":%q,
		"message":{"message_id":50,"date":1,"chat":{"id":%d,"type":"private"},"text":"list","reply_markup":%s}}}`,
		user, data, user, data, user, list.Params["reply_markup"]))
}

func adminTaps(srv *fakebotapi.Server, list fakebotapi.Request, data string) {
	taps(srv, adminID, list, data)
}

// Done when: a member's unanswered question shows up in /unanswered; the
// admin adds a synonym from it with one button; the same question is
// then answered, with no restart.
func TestUnansweredQuestionTaughtWithASynonym(t *testing.T) {
	srv, st := startAdmin(t)
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
	taps(srv, 42, list, add.CallbackData)
	if acks := srv.WaitFor("answerCallbackQuery", 1, 5*time.Second); len(acks) != 1 || acks[0].Params["text"] != "只有管理员可以这样做。" {
		t.Fatalf("member's tap: %+v", acks)
	}
	adminTaps(srv, list, add.CallbackData)
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
	if got := lastSent(t, srv, 6).Params["text"]; !strings.Contains(got, "饭卡 =&gt; 服务卡 — 管理员 777,") {
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
	srv, _ := startAdmin(t)
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
	adminTaps(srv, list, dismiss.CallbackData)
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
	if got := lastSent(t, srv, 6).Params["text"]; !strings.HasPrefix(got, "没有添加:只有一个词,同义词要两个或更多意思相同的词。\n用法") {
		t.Errorf("/synonym with one word, not explained in Chinese as that:\n%s", got)
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
	// Members cannot use them; admins use them in the private chat.
	for i, cmd := range []string{"/synonym 饭卡 服务卡", "/unanswered", "/synonyms", "/unsynonym 饭卡", "/stats", "/feedback"} {
		srv.AddUpdate(message(5001, "private", cmd, ""))
		if got := lastSent(t, srv, 10+i).Params["text"]; got != "这个命令只有管理员可以用。" {
			t.Errorf("member %s: %q", cmd, got)
		}
	}
	srv.AddUpdate(fmt.Sprintf(`{"message":{"message_id":12,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"a"},"chat":{"id":-100,"type":"supergroup"},"text":"/unanswered"}}`, adminID))
	if got := lastSent(t, srv, 16).Params["text"]; got != "管理命令请在和我的私聊里用。" {
		t.Errorf("admin's /unanswered in a group: %q", got)
	}
}

// TestUnansweredButtonsAreChecked: data that is malformed or on none of
// the list's buttons is refused, and neither adds a synonym nor
// dismisses a group.
func TestUnansweredButtonsAreChecked(t *testing.T) {
	srv, st := startAdmin(t)
	srv.AddUpdate(message(5001, "private", "饭卡发了多少张?", ""))
	lastSent(t, srv, 1)
	srv.AddUpdate(adminCommand("/unanswered"))
	list := lastSent(t, srv, 2)
	var kb keyboard
	if err := list.JSON("reply_markup", &kb); err != nil || len(kb.InlineKeyboard) != 1 || len(kb.InlineKeyboard[0]) != 2 {
		t.Fatalf("keyboard %q: %v", list.Params["reply_markup"], err)
	}
	add, dismiss := kb.InlineKeyboard[0][0].CallbackData, kb.InlineKeyboard[0][1].CallbackData
	group, _, _ := strings.Cut(strings.TrimPrefix(add, useSuggestion), ":")
	forged := []string{
		useSuggestion + group + ":000000", // well formed, a suggestion not offered
		dismissGroup + "00000000",         // well formed, a group not listed
		dismissGroup + group + "/../x",    // malformed
		useSuggestion + group,             // malformed: no suggestion
		dismissGroup,                      // malformed: no group
		add + "0",                         // not on the keyboard
	}
	for i, data := range forged {
		adminTaps(srv, list, data)
		acks := srv.WaitFor("answerCallbackQuery", i+1, 5*time.Second)
		if len(acks) != i+1 || acks[i].Params["text"] != "这个按钮无效。" {
			t.Errorf("forged %q: %+v", data, acks[len(acks)-1])
		}
	}
	if rules, _ := st.SynonymRules(); len(rules) != 0 {
		t.Errorf("a forged button added synonyms: %+v", rules)
	}
	srv.AddUpdate(adminCommand("/unanswered"))
	if got := lastSent(t, srv, 3).Params["text"]; !strings.Contains(got, "饭卡发了多少张?") {
		t.Errorf("a forged button dismissed the group:\n%s", got)
	}
	// The real buttons still work.
	adminTaps(srv, list, dismiss)
	if got := lastSent(t, srv, 4).Params["text"]; !strings.Contains(got, "标为超出范围") {
		t.Errorf("the dismiss button:\n%s", got)
	}
}

// TestUnansweredFollowupAsRead: a follow-up the reports did not answer as
// it was read ("那女职工呢" after "全省有多少职工?") is listed by
// /unanswered with its reading, and checked as read: its message alone
// is answered (about all members' women), which counted the group as
// answered now and hid it from the admins.
func TestUnansweredFollowupAsRead(t *testing.T) {
	srv, st := startAdmin(t)
	srv.AddUpdate(said(1, 5001, "private", 0, 42, "全省有多少职工?"))
	lastSent(t, srv, 1)
	srv.AddUpdate(said(2, 5001, "private", 0, 42, "那女职工呢"))
	if got := lastSent(t, srv, 2).Params["text"]; !strings.Contains(got, "按「女职工 + 全省 + 有多少职工」理解") || !strings.Contains(got, "没有找到") {
		t.Fatalf("the follow-up, read with the question before it, not answered:\n%s", got)
	}
	entries, err := asklog.Read(st.Dir())
	if err != nil || len(entries) != 2 {
		t.Fatalf("question log: %+v %v", entries, err)
	}
	if e := entries[1]; e.Question != "那女职工呢" || e.Reading == nil || e.Reading.Previous != "全省有多少职工?" || e.Reading.Phrase() != "女职工 + 全省 + 有多少职工" {
		t.Errorf("the follow-up's entry: %+v (reading %+v)", e, e.Reading)
	}
	if entries[0].Reading != nil {
		t.Errorf("a question read alone kept a reading: %+v", entries[0].Reading)
	}
	srv.AddUpdate(adminCommand("/unanswered"))
	got := lastSent(t, srv, 3).Params["text"]
	if !strings.Contains(got, "1. 那女职工呢\n   按「女职工 + 全省 + 有多少职工」理解(接着问「全省有多少职工?」)\n   没答上 1 次") || strings.Contains(got, "已能回答") {
		t.Errorf("/unanswered:\n%s", got)
	}
}

// TestCommandsThatTakeNothing: an argument to a command that takes none
// is not ignored: the admin is told what the command does.
func TestCommandsThatTakeNothing(t *testing.T) {
	srv, _ := startAdmin(t)
	for i, tc := range []struct{ cmd, want string }{
		{"/stats abc", "/stats 不带参数,它显示最近 14 天的提问统计。"},
		{"/feedback 30", "/feedback 不带参数,它显示最近 14 天的提问统计。"},
		{"/reports all", "/reports 不带参数,它列出报告。"},
		{"/unanswered 5", "/unanswered 不带参数,它列出成员没答上或被点 👎 的问题。"},
		{"/synonyms 劳模 劳动模范", "/synonyms 不带参数,它列出管理员添加的同义词;添加用 /synonym 词 词,删除用 /unsynonym 词。"},
	} {
		srv.AddUpdate(adminCommand(tc.cmd))
		if got := lastSent(t, srv, i+1).Params["text"]; got != tc.want {
			t.Errorf("%s: %q", tc.cmd, got)
		}
	}
	srv.AddUpdate(adminCommand("/stats"))
	if got := lastSent(t, srv, 6).Params["text"]; !strings.HasPrefix(got, "<b>最近 14 天</b>") {
		t.Errorf("/stats: %q", got)
	}
}

// TestRuleFault: a synonym refused is told the one rule it breaks, not
// every rule a synonym must keep.
func TestRuleFault(t *testing.T) {
	for input, want := range map[string]string{
		"劳模":                            "只有一个词,同义词要两个或更多意思相同的词。",
		"饭卡 =>":                         "=> 两边都要有词:左边是成员说的词,右边是报告里的词。",
		"→ 服务卡":                         "=> 两边都要有词:左边是成员说的词,右边是报告里的词。",
		"饭卡 => 饭卡 服务卡":                  "「饭卡」在 => 两边都有,同一个词只能写在一边。",
		"饭卡 => 服务卡 => 会员卡":              "只能有一个 =>。",
		"劳模 劳动.模范":                      "「劳动.模范」里有标点,词里不能有标点(词与词之间用空格或逗号隔开)。",
		"劳模 " + strings.Repeat("劳", 21): "「" + strings.Repeat("劳", 21) + "」太长了,每个词最多 20 个字。",
	} {
		_, err := synfile.ParseInput(input)
		if !errors.Is(err, synfile.ErrBadRule) {
			t.Errorf("ParseInput(%q) = %v: not refused", input, err)
		}
		if got := ruleFault(err); got != want {
			t.Errorf("ruleFault(%q) = %q, want %q", input, got, want)
		}
	}
}

// TestSynonymsFull: a well-formed synonym refused for the bound on the
// rules is told so, not that its form is wrong.
func TestSynonymsFull(t *testing.T) {
	srv, st := startAdmin(t)
	var rules strings.Builder
	for i := range store.MaxSynonymRules {
		fmt.Fprintf(&rules, "甲%d, 乙%d\n", i, i)
	}
	if err := os.WriteFile(filepath.Join(st.Dir(), "synonyms.txt"), []byte(rules.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.AddUpdate(adminCommand("/synonym 劳模 劳动模范"))
	if got := lastSent(t, srv, 1).Params["text"]; got != "没有添加:同义词最多 1000 条,已经满了,请先用 /unsynonym 删掉一些。" {
		t.Errorf("/synonym with the rules full: %q", got)
	}
}
