package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/fakebotapi"
	"github.com/reportbot/reportbot/store/asklog"
)

func TestChatOf(t *testing.T) {
	for text, want := range map[string]chat{
		"👍": symbols, "🙏🙏": symbols, "?": symbols, "哈哈": symbols, "  👍 ": symbols,
		"你好": greets, "您好!": greets, "大家好呀": greets, "王老师好": greets, "在吗?": greets, "早上好": greets, "Hi": greets, "hello!": greets,
		"谢谢": thanks, "謝謝!": thanks, "谢谢啦👍": thanks, "多谢": thanks, "辛苦了": thanks, "Thank you": thanks, "你好,谢谢": thanks,
		"你好,工会会员有多少人?": notChat, "工会会员有多少人?": notChat, "好": notChat, "2023": notChat, "谢谢,那女职工呢": notChat,
		"服务站建得好": notChat, "hi 工会": notChat, "": notChat, " ": notChat,
	} {
		if got := chatOf(text); got != want {
			t.Errorf("chatOf(%q) = %d, want %d", text, got, want)
		}
	}
	for _, q := range loadQuestions {
		if chatOf(q.q) != notChat {
			t.Errorf("question %q read as small talk", q.q)
		}
	}
}

// TestSmallTalk: a message that only greets, thanks or is emoji gets a
// short word on what the bot does, with an example, and is no question:
// not searched, not logged (it filled /unanswered), and the chat's last
// question is still leaned on. In a group the emoji a member replies to
// an answer with get nothing; after an /ask or a mention, the hint to
// write a question.
func TestSmallTalk(t *testing.T) {
	srv, _, questions := start(t, nil)
	for i, tc := range []struct{ text, want string }{
		{"👍", "我可以回答这些报告里的问题,直接把问题发给我就行,例如:会员卡发出去多少张?\n发送 /help 查看有哪些报告。"},
		{"你好", "你好!我可以回答这些报告里的问题,直接把问题发给我就行,例如:会员卡发出去多少张?\n发送 /help 查看有哪些报告。"},
		{"谢谢!", "不客气!我可以回答"},
	} {
		srv.AddUpdate(said(i+1, 5001, "private", 0, 42, tc.text))
		if got := lastSent(t, srv, i+1).Params["text"]; !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: %q", tc.text, got)
		}
	}
	// A question, small talk, then a follow-up: read with the question.
	srv.AddUpdate(said(4, 5001, "private", 0, 42, "全省工会会员有多少人"))
	lastSent(t, srv, 4)
	srv.AddUpdate(said(5, 5001, "private", 0, 42, "谢谢"))
	lastSent(t, srv, 5)
	srv.AddUpdate(said(6, 5001, "private", 0, 42, "那基层工会呢?"))
	if got := lastSent(t, srv, 6).Params["text"]; !strings.Contains(got, "5.51万个") {
		t.Errorf("the follow-up after small talk:\n%s", got)
	}
	entries, _ := asklog.Read(questions)
	if len(entries) != 2 {
		t.Errorf("question log: %+v", entries)
	}
	if n := len(srv.Requests("sendChatAction")); n != 2 {
		t.Errorf("typing shown %d times, want for the two questions", n)
	}

	// The bot is user 1000 (fakebotapi.BotID).
	reply := `,"reply_to_message":{"message_id":3,"date":1,"chat":{"id":-100,"type":"supergroup"},"from":{"id":1000,"is_bot":true,"first_name":"Report"},"text":"..."}`
	srv.AddUpdate(message(-100, "supergroup", "👍", reply))
	srv.AddUpdate(message(-100, "supergroup", "@"+fakebotapi.BotUsername+" 谢谢", ""))
	if got := lastSent(t, srv, 7).Params["text"]; !strings.HasPrefix(got, "不客气!我可以回答这些报告里的问题:在群里请 @"+fakebotapi.BotUsername+" 或用 /ask 加上问题,例如:/ask 会员卡发出去多少张?") {
		t.Errorf("thanks in a group: %q", got)
	}
	time.Sleep(200 * time.Millisecond) // for a reply to the emoji, were one coming
	if n := len(srv.Requests("sendMessage")); n != 7 {
		t.Errorf("%d messages sent, want none for the emoji in a group", n)
	}
	// Emoji after an explicit /ask or mention asked nothing: they are told
	// to write the question.
	for i, text := range []string{"/ask 👍", "@" + fakebotapi.BotUsername + " ???"} {
		srv.AddUpdate(message(-100, "supergroup", text, ""))
		if got := lastSent(t, srv, 8+i).Params["text"]; !strings.HasPrefix(got, "请在命令或提及后写上问题") {
			t.Errorf("%s in a group: %q", text, got)
		}
	}
}
