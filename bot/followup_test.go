package bot

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/bot/fakebotapi"
	"github.com/reportbot/reportbot/store/asklog"
)

// said is an update: member user says text in chat (and thread, when not 0).
func said(id int, chat int64, chatType string, thread int, user int64, text string) string {
	threadField := ""
	if thread != 0 {
		threadField = fmt.Sprintf(`,"message_thread_id":%d,"is_topic_message":true`, thread)
	}
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1700000000,"from":{"id":%d,"is_bot":false,"first_name":"职工"},
		"chat":{"id":%d,"type":%q},"text":%q%s}}`, id, id, user, chat, chatType, text, threadField)
}

// TestFollowupInPrivateChat: a short message after a question is read
// with it, and the reply says how.
func TestFollowupInPrivateChat(t *testing.T) {
	srv, _, questions := start(t, nil)
	sent := askTwice(t, srv, "全省工会会员有多少人", "那基层工会呢?")
	if first := sent[0].Params["text"]; strings.Contains(first, "理解") || !strings.Contains(first, "693.96万人") {
		t.Errorf("the first question is answered alone:\n%s", first)
	}
	text := sent[1].Params["text"]
	if !strings.HasPrefix(text, "<i>按「基层工会") || !strings.Contains(text, "」理解</i>") || !strings.Contains(text, "<b>5.51万个</b>") {
		t.Errorf("the follow-up is not read with the question before it:\n%s", text)
	}
	// Both are in the question log, answered, with the passage that
	// answered them; the follow-up as the member typed it.
	entries, err := asklog.Read(questions)
	if err != nil || len(entries) != 2 {
		t.Fatalf("question log: %v %+v", err, entries)
	}
	for i, q := range []string{"全省工会会员有多少人", "那基层工会呢?"} {
		if e := entries[i]; e.Kind != asklog.KindAsked || e.Question != q || !e.Found || e.Passage == "" || e.Section == "" || e.User == "" {
			t.Errorf("entry %d: %+v", i, e)
		}
	}
	// The follow-up's 👍 is one of its buttons, and counts once.
	var kb keyboard
	if err := sent[1].JSON("reply_markup", &kb); err != nil || len(kb.InlineKeyboard) != 1 {
		t.Fatalf("follow-up keyboard %q: %v", sent[1].Params["reply_markup"], err)
	}
	up := kb.InlineKeyboard[0][len(kb.InlineKeyboard[0])-2]
	if up.Text != "👍" || up.CallbackData != "up:"+entries[1].Passage {
		t.Fatalf("follow-up's 👍: %+v", up)
	}
	for i := range 2 {
		srv.AddUpdate(fmt.Sprintf(`{"callback_query":{"id":"v%d","from":{"id":42,"is_bot":false,"first_name":"职工"},"chat_instance":"x","data":%q,
			"message":{"message_id":102,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":1000,"is_bot":true,"first_name":"Report"},"text":"answer","reply_markup":%s,
			"reply_to_message":{"message_id":2,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"职工"},"text":"那基层工会呢?"}}}}`,
			i, up.CallbackData, sent[1].Params["reply_markup"]))
	}
	// Votes are not queued: the two presses race, and one of them wins.
	acks := srv.WaitFor("answerCallbackQuery", 2, 5*time.Second)
	got := map[string]int{}
	for _, a := range acks {
		got[a.Params["text"]]++
	}
	if len(acks) != 2 || got["谢谢反馈!"] != 1 || got["你已经评价过这条回答了。"] != 1 {
		t.Errorf("votes on the follow-up: %+v", acks)
	}
	entries, _ = asklog.Read(questions)
	if len(entries) != 3 || entries[2].Kind != asklog.KindVote || entries[2].Question != "那基层工会呢?" || entries[2].Vote != "up" {
		t.Errorf("question log after two 👍: %+v", entries)
	}
}

// TestFollowupKeepsMembersAndThreadsApart: in a group, a member's short
// message never leans on another member's question, nor on a question in
// another topic thread.
// TestFollowupReplyInGroupWithoutTopics: in a supergroup without topics
// Telegram gives a reply the thread of its reply chain (no topic); a
// member replying to the bot's answer is still in the conversation of the
// question before.
func TestFollowupReplyInGroupWithoutTopics(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(said(1, -100, "supergroup", 0, 42, "/ask 全省工会会员有多少人"))
	sent := srv.WaitFor("sendMessage", 1, 5*time.Second)
	if len(sent) != 1 {
		t.Fatalf("sendMessage calls: %d", len(sent))
	}
	srv.AddUpdate(fmt.Sprintf(`{"update_id":2,"message":{"message_id":2,"message_thread_id":1,"date":1700000000,"from":{"id":42,"is_bot":false,"first_name":"职工"},
		"chat":{"id":-100,"type":"supergroup"},"text":"那基层工会呢?",
		"reply_to_message":{"message_id":%d,"message_thread_id":1,"date":1,"chat":{"id":-100,"type":"supergroup"},"from":{"id":%d,"is_bot":true,"first_name":"Report"},"text":"..."}}}`,
		sent[0].MessageID, fakebotapi.BotID))
	sent = srv.WaitFor("sendMessage", 2, 5*time.Second)
	if len(sent) != 2 || !strings.Contains(sent[1].Params["text"], "」理解") || !strings.Contains(sent[1].Params["text"], "5.51万个") {
		t.Fatalf("a reply to the bot is not read with the question before it: %+v", sent[len(sent)-1].Params["text"])
	}
}

func TestFollowupKeepsMembersAndThreadsApart(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(said(1, -100, "supergroup", 7, 42, "/ask 全省工会会员有多少人"))
	srv.WaitFor("sendMessage", 1, 5*time.Second)
	srv.AddUpdate(said(2, -100, "supergroup", 7, 43, "/ask 那基层工会呢?")) // another member
	srv.AddUpdate(said(3, -100, "supergroup", 8, 42, "/ask 那基层工会呢?")) // another thread
	srv.AddUpdate(said(4, -100, "supergroup", 7, 42, "/ask 那基层工会呢?")) // the same member and thread
	sent := srv.WaitFor("sendMessage", 4, 5*time.Second)
	if len(sent) != 4 {
		t.Fatalf("sendMessage calls: %d", len(sent))
	}
	// A member's topics are lanes of their own, answered concurrently:
	// each reply is matched to the message it replies to.
	replies := map[int]string{}
	for _, s := range sent {
		var to struct {
			MessageID int `json:"message_id"`
		}
		if err := s.JSON("reply_parameters", &to); err != nil {
			t.Fatalf("reply_parameters %q: %v", s.Params["reply_parameters"], err)
		}
		replies[to.MessageID] = s.Params["text"]
	}
	for id, want := range map[int]bool{2: false, 3: false, 4: true} {
		text, ok := replies[id]
		if got := strings.Contains(text, "」理解"); !ok || got != want {
			t.Errorf("message %d (answered: %v) read as a follow-up: %v, want %v:\n%s", id, ok, got, want, text)
		}
	}
}

// TestFollowupMorePassagesAsRead: "其他相关段落" under a follow-up's
// answer shows the next passage of the follow-up as it was read, with the
// question before it, not of its message alone; an answer the bot does
// not remember is asked again from the message it replied to.
func TestFollowupMorePassagesAsRead(t *testing.T) {
	srv, _, _ := start(t, nil)
	const first, second = "全省工会会员有多少人", "那基层工会呢?"
	// What the engine gives the follow-up read with the question before
	// it, and its message alone: the test shows something only if their
	// first other passages differ.
	read, eng := readAsFollowup(t, first, second)
	alone, err := eng.Ask(context.Background(), second)
	if err != nil {
		t.Fatal(err)
	}
	if len(alone.Alternatives) > 0 && alone.Alternatives[0].Key == read.Alternatives[0].Key {
		t.Fatalf("%q alone has the same other passage as read with %q", second, first)
	}

	sent := askTwice(t, srv, first, second)
	if !strings.Contains(sent[1].Params["text"], "」理解") {
		t.Fatalf("the follow-up is not answered as one: %+v", sent)
	}
	srv.AddUpdate(pressMore("more", sent[1].MessageID, sent[1].Params["reply_markup"], second))
	edits := srv.WaitFor("editMessageText", 1, 5*time.Second)
	if len(edits) != 1 || edits[0].Params["message_id"] != fmt.Sprint(sent[1].MessageID) {
		t.Fatalf("editMessageText: %+v", edits)
	}
	if got, want := edits[0].Params["text"], renderPassage(read.Alternatives[0]); got != want {
		t.Errorf("other passage of the follow-up:\n%s\nwant that of it read with %q:\n%s", got, first, want)
	}
	// A message the bot did not send (or sent before a restart): its
	// question is asked again from the message it replied to.
	if len(alone.Alternatives) == 0 {
		t.Fatalf("%q alone has no other passages to show", second)
	}
	srv.AddUpdate(pressMore("old", 9999, sent[1].Params["reply_markup"], second))
	edits = srv.WaitFor("editMessageText", 2, 5*time.Second)
	if len(edits) != 2 || edits[1].Params["text"] != renderPassage(alone.Alternatives[0]) {
		t.Errorf("other passage of an answer not remembered: %+v", edits[1:])
	}
}

// readAsFollowup is what the engine of the embedded report answers second
// with first before it in one conversation, and that engine; it fails the
// test unless second is read with first and has other passages to show.
func readAsFollowup(t *testing.T, first, second string) (answer.Answer, *answer.Engine) {
	t.Helper()
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	conv := answer.NewConversations[int](1, answer.FollowupTTL)
	ctx := context.Background()
	if _, _, err := conv.Ask(ctx, eng, 0, first); err != nil {
		t.Fatal(err)
	}
	read, _, err := conv.Ask(ctx, eng, 0, second)
	if err != nil || read.Reading == nil || len(read.Alternatives) == 0 {
		t.Fatalf("the follow-up read with the question before it: %+v, %v", read, err)
	}
	return read, eng
}

// pressMore is an update: member 42 presses "其他相关段落" under the bot's
// answer message (number message, keyboard markup) in chat 5001, which
// replied to the member's message 2 saying repliedTo.
func pressMore(id string, message int, markup, repliedTo string) string {
	return fmt.Sprintf(`{"callback_query":{"id":%q,"from":{"id":42,"is_bot":false,"first_name":"职工"},"chat_instance":"x","data":"alt:1",
		"message":{"message_id":%d,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":1000,"is_bot":true,"first_name":"Report"},"text":"answer","reply_markup":%s,
		"reply_to_message":{"message_id":2,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"职工"},"text":%q}}}}`,
		id, message, markup, repliedTo)
}

// TestFollowupOfferedReading: a message that names its subject and asks
// is answered alone, with a button offering it read with the question
// before it; pressing it replies to the question with that reading, says
// how it was read, and the member's next message leans on it. A follow-up
// read with the question before it offers nothing more.
func TestFollowupOfferedReading(t *testing.T) {
	srv, _, _ := start(t, nil)
	const first, second = "参加职工医疗互助的累计有多少人次", "截止到啥时候的数?"
	sent := askTwice(t, srv, first, second)
	if text := sent[1].Params["text"]; strings.Contains(text, "」理解") {
		t.Fatalf("the message is not answered alone:\n%s", text)
	}
	kb := offered(t, sent[1], "接着上一个问题理解")
	srv.AddUpdate(pressLean("lean", 5001, "private", 42, 42, sent[1].MessageID, sent[1].Params["reply_markup"]))
	sent = srv.WaitFor("sendMessage", 3, 5*time.Second)
	if len(sent) != 3 {
		t.Fatalf("sendMessage calls after the press: %d", len(sent))
	}
	// The offer taken up, the button leaves the answer's keyboard, and
	// nothing else does.
	edits := srv.WaitFor("editMessageReplyMarkup", 1, 5*time.Second)
	var after keyboard
	if len(edits) != 1 || edits[0].MessageID != sent[1].MessageID || edits[0].JSON("reply_markup", &after) != nil ||
		!reflect.DeepEqual(after.InlineKeyboard, kb.InlineKeyboard[:len(kb.InlineKeyboard)-1]) {
		t.Errorf("the answer's keyboard after the press: %+v, want %+v", edits, kb.InlineKeyboard[:len(kb.InlineKeyboard)-1])
	}
	chosen := sent[2]
	if chosen.Params["reply_to_message_id"] != "2" && !strings.Contains(chosen.Params["reply_parameters"], `"message_id":2`) {
		t.Errorf("the chosen reading does not reply to the question: %v", chosen.Params)
	}
	if text := chosen.Params["text"]; !strings.HasPrefix(text, "<i>按「") || !strings.Contains(text, "医疗互助") || !strings.Contains(text, "2023年11月底") {
		t.Errorf("the chosen reading's answer:\n%s", text)
	}
	// The next message leans on the reading chosen.
	srv.AddUpdate(said(3, 5001, "private", 0, 42, "那发了多少钱"))
	sent = srv.WaitFor("sendMessage", 4, 5*time.Second)
	if text := sent[3].Params["text"]; !strings.Contains(text, "医疗互助") || !strings.Contains(text, "」理解") {
		t.Errorf("the next message does not lean on the chosen reading:\n%s", text)
	}
	if strings.Contains(sent[3].Params["reply_markup"], "lean:1") {
		t.Errorf("a follow-up read with the question before offers another reading: %s", sent[3].Params["reply_markup"])
	}
}

// TestFollowupReadWithPreviousOffersItsOwnAnswer: a message read with the
// question before it though alone it finds an answer too (it opens by
// pointing back; or its words alone fit the previous answer's passage as
// well as any other) is answered so, and its own answer is offered under a
// button of its own; pressing it gives that answer, read alone.
func TestFollowupReadWithPreviousOffersItsOwnAnswer(t *testing.T) {
	srv, _, _ := start(t, nil)
	const first, second = "参加职工医疗互助的累计有多少人次", "这个数是截止到啥时候的?"
	sent := askTwice(t, srv, first, second)
	if text := sent[1].Params["text"]; !strings.Contains(text, "」理解") {
		t.Fatalf("the message is not read with the question before it:\n%s", text)
	}
	offered(t, sent[1], "单独理解这个问题")
	srv.AddUpdate(pressLean("alone", 5001, "private", 42, 42, sent[1].MessageID, sent[1].Params["reply_markup"]))
	sent = srv.WaitFor("sendMessage", 3, 5*time.Second)
	if len(sent) != 3 {
		t.Fatalf("sendMessage calls after the press: %d", len(sent))
	}
	if text := sent[2].Params["text"]; strings.Contains(text, "」理解") || sent[2].Params["text"] == sent[1].Params["text"] {
		t.Errorf("the chosen reading is not the message's own answer:\n%s", text)
	}
	if strings.Contains(sent[2].Params["reply_markup"], "lean:1") {
		t.Errorf("the answer chosen offers another reading: %s", sent[2].Params["reply_markup"])
	}
}

// askTwice sends a member's question and their next message in a private
// chat and returns the bot's two replies.
func askTwice(t *testing.T, srv *fakebotapi.Server, first, second string) []fakebotapi.Request {
	t.Helper()
	srv.AddUpdate(said(1, 5001, "private", 0, 42, first))
	srv.WaitFor("sendMessage", 1, 5*time.Second)
	srv.AddUpdate(said(2, 5001, "private", 0, 42, second))
	sent := srv.WaitFor("sendMessage", 2, 5*time.Second)
	if len(sent) != 2 {
		t.Fatalf("sendMessage calls: %d", len(sent))
	}
	return sent
}

// offered is the keyboard of an answer sent, whose last row must be the
// one button offering the other reading, labelled label.
func offered(t *testing.T, sent fakebotapi.Request, label string) keyboard {
	t.Helper()
	var kb keyboard
	if err := sent.JSON("reply_markup", &kb); err != nil || len(kb.InlineKeyboard) == 0 {
		t.Fatalf("keyboard %q: %v", sent.Params["reply_markup"], err)
	}
	last := kb.InlineKeyboard[len(kb.InlineKeyboard)-1]
	if len(last) != 1 || last[0].Text != label || last[0].CallbackData != "lean:1" {
		t.Fatalf("no button %s offering the other reading: %+v", label, kb)
	}
	return kb
}

// pressLean is an update: member presser presses the lean button under the
// bot's answer message (number answerID, keyboard markup) in chat, which
// replied to asker's message 2. As Telegram does in a supergroup without
// topics, the answer carries the thread of the reply chain it is in.
func pressLean(id string, chat int64, chatType string, presser, asker int64, answerID int, markup string) string {
	return fmt.Sprintf(`{"callback_query":{"id":%q,"from":{"id":%d,"is_bot":false,"first_name":"职工"},"chat_instance":"x","data":"lean:1",
		"message":{"message_id":%d,"message_thread_id":2,"date":1,"chat":{"id":%d,"type":%q},"from":{"id":1000,"is_bot":true,"first_name":"Report"},"text":"answer","reply_markup":%s,
		"reply_to_message":{"message_id":2,"date":1,"chat":{"id":%d,"type":%q},"from":{"id":%d,"is_bot":false,"first_name":"职工"},"text":"…"}}}}`,
		id, presser, answerID, chat, chatType, markup, chat, chatType, asker)
}

// TestFollowupOfferedReadingInGroup: in a group, another member pressing
// the button gets the asker's message read with the asker's question
// before it, and it is the asker's next message that leans on it; a press
// under an answer the bot does not remember says the button has expired.
func TestFollowupOfferedReadingInGroup(t *testing.T) {
	srv, _, _ := start(t, nil)
	const group = -100
	srv.AddUpdate(said(1, group, "supergroup", 0, 42, "/ask 参加职工医疗互助的累计有多少人次"))
	srv.WaitFor("sendMessage", 1, 5*time.Second)
	srv.AddUpdate(said(2, group, "supergroup", 0, 42, "/ask 截止到啥时候的数?"))
	sent := srv.WaitFor("sendMessage", 2, 5*time.Second)
	if len(sent) != 2 || !strings.Contains(sent[1].Params["reply_markup"], "lean:1") {
		t.Fatalf("no offer under the second answer: %+v", sent)
	}
	// Pressed twice (the second press still shows the button): one answer.
	srv.AddUpdate(pressLean("other", group, "supergroup", 43, 42, sent[1].MessageID, sent[1].Params["reply_markup"]))
	srv.AddUpdate(pressLean("again", group, "supergroup", 43, 42, sent[1].MessageID, sent[1].Params["reply_markup"]))
	srv.WaitFor("answerCallbackQuery", 2, 5*time.Second)
	sent = srv.WaitFor("sendMessage", 3, 5*time.Second)
	if len(sent) != 3 || !strings.Contains(sent[2].Params["text"], "2023年11月底") {
		t.Fatalf("another member's press: %+v", sent)
	}
	// The asker's next message leans on the chosen reading; the presser's
	// does not lean on anything.
	srv.AddUpdate(said(4, group, "supergroup", 0, 43, "/ask 那发了多少钱"))
	srv.WaitFor("sendMessage", 4, 5*time.Second)
	srv.AddUpdate(said(5, group, "supergroup", 0, 42, "/ask 那发了多少钱"))
	sent = srv.WaitFor("sendMessage", 5, 5*time.Second)
	if len(sent) != 5 {
		t.Fatalf("sendMessage calls: %d", len(sent))
	}
	if strings.Contains(sent[3].Params["text"], "」理解") {
		t.Errorf("the presser's message is read with a question they did not ask:\n%s", sent[3].Params["text"])
	}
	if text := sent[4].Params["text"]; !strings.Contains(text, "」理解") || !strings.Contains(text, "医疗互助") {
		t.Errorf("the asker's next message does not lean on the chosen reading:\n%s", text)
	}
	// An answer the bot does not remember (sent before a restart).
	srv.AddUpdate(pressLean("old", group, "supergroup", 42, 42, 9999, `{"inline_keyboard":[[{"text":"接着上一个问题理解","callback_data":"lean:1"}]]}`))
	acks := srv.WaitFor("answerCallbackQuery", 3, 5*time.Second)
	if len(acks) != 3 || acks[2].Params["text"] != "这条消息太久了,按钮已失效。" {
		t.Errorf("a press under an answer not remembered: %+v", acks)
	}
	if n := len(srv.Requests("sendMessage")); n != 5 {
		t.Errorf("%d messages sent, want 5: the second press answered again", n)
	}
}

func TestParseCallbackLean(t *testing.T) {
	for data, want := range map[string]bool{"lean:1": true, "lean:2": false, "lean:": false, "lean": false} {
		if _, _, ok := parseCallback(data); ok != want {
			t.Errorf("parseCallback(%q) ok = %v, want %v", data, ok, want)
		}
	}
}

// TestButtonPressedBeforeTheAnswerIsRemembered: Telegram shows an answer
// before the bot hears back that it was sent; "其他相关段落" pressed in
// between waits for the bot to remember the answer, and shows more of the
// follow-up as it was read, not of its message alone.
func TestButtonPressedBeforeTheAnswerIsRemembered(t *testing.T) {
	srv, _, _ := start(t, nil)
	const first, second = "全省工会会员有多少人", "那基层工会呢?"
	read, _ := readAsFollowup(t, first, second)
	srv.AddUpdate(said(1, 5001, "private", 0, 42, first))
	srv.WaitFor("sendMessage", 1, 5*time.Second)
	release := srv.Hold("sendMessage")
	defer release()
	srv.AddUpdate(said(2, 5001, "private", 0, 42, second))
	sent := srv.WaitFor("sendMessage", 2, 5*time.Second) // recorded, not yet answered
	if len(sent) != 2 {
		t.Fatalf("sendMessage calls: %d", len(sent))
	}
	srv.AddUpdate(pressMore("early", sent[1].MessageID, sent[1].Params["reply_markup"], second))
	// Nothing is shown for the press while the answer is in flight (a
	// second to let a wrong edit through, were the press not waiting).
	if early := srv.WaitFor("editMessageText", 1, time.Second); len(early) != 0 {
		t.Errorf("edited before the answer was remembered: %+v", early)
	}
	release()
	edits := srv.WaitFor("editMessageText", 1, 5*time.Second)
	if len(edits) != 1 || edits[0].Params["text"] != renderPassage(read.Alternatives[0]) {
		t.Errorf("other passage shown for a press before the answer was remembered: %+v\nwant:\n%s", edits, renderPassage(read.Alternatives[0]))
	}
}

// TestSendingSealsOnPress: a press waits for the answers in flight when it
// came, not for later ones, and nothing is kept once all are sent.
func TestSendingSealsOnPress(t *testing.T) {
	s := newSending()
	a, b := s.start(7), s.start(7)
	if a != b {
		t.Fatal("two answers in flight before a press are not waited for together")
	}
	pressed, cancel := context.WithCancel(context.Background())
	cancel()
	s.wait(pressed, 7) // seals what is in flight; returns at once, its context over
	c := s.start(7)
	if c == a {
		t.Fatal("an answer started after a press joined the answers it waits for")
	}
	s.end(7, a)
	s.end(7, b)
	select {
	case <-a.done:
	default:
		t.Error("the sealed answers' done is open after both were sent")
	}
	s.wait(context.Background(), 8) // a chat with nothing in flight: no wait

	// A press waits while what was in flight when it came is, and returns
	// once that is sent, though an answer started later still is.
	d := s.start(7) // joins c: no press has sealed it
	waited := make(chan struct{})
	go func() {
		s.wait(context.Background(), 7)
		close(waited)
	}()
	for sealed := false; !sealed; time.Sleep(time.Millisecond) {
		s.mu.Lock()
		sealed = c.sealed
		s.mu.Unlock()
	}
	e := s.start(7) // after the press
	select {
	case <-waited:
		t.Fatal("the press returned while the answers it came during were in flight")
	default:
	}
	s.end(7, c)
	s.end(7, d)
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		t.Fatal("the press still waits once the answers it came during were sent")
	}
	s.end(7, e)
	if len(s.chats) != 0 {
		t.Errorf("kept after every answer was sent: %v", s.chats)
	}
}

// TestMoreUnderAnExampleNotRemembered: "其他相关段落" under the answer to
// an example pressed under the help, sent before a restart, cannot be
// asked again from the message it replied to — the bot's own help,
// whose text is no question: the button has expired, and the help is
// not asked as a question.
func TestMoreUnderAnExampleNotRemembered(t *testing.T) {
	srv, _, _ := start(t, func(c *Config) {
		c.Reports = func() []string { return []string{"全省工会会员有多少人"} }
	})
	srv.AddUpdate(message(5001, "private", "/start", ""))
	help := srv.WaitFor("sendMessage", 1, 5*time.Second)[0].Params["text"]
	markup := `{"inline_keyboard":[[{"text":"其他相关段落","callback_data":"alt:1"}]]}`
	srv.AddUpdate(fmt.Sprintf(`{"callback_query":{"id":"old","from":{"id":42,"is_bot":false,"first_name":"职工"},"chat_instance":"x","data":"alt:1",
		"message":{"message_id":9999,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":%d,"is_bot":true,"first_name":"Report"},"text":"answer","reply_markup":%s,
		"reply_to_message":{"message_id":8,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":%d,"is_bot":true,"first_name":"Report"},"text":%q}}}}`,
		fakebotapi.BotID, markup, fakebotapi.BotID, help))
	acks := srv.WaitFor("answerCallbackQuery", 1, 5*time.Second)
	if len(acks) != 1 || acks[0].Params["text"] != "这条消息太久了,按钮已失效。" {
		t.Errorf("a press under an example's answer not remembered: %+v", acks)
	}
	if edits := srv.Requests("editMessageText"); len(edits) != 0 {
		t.Errorf("the help was asked as a question: %s", edits[0].Params["text"])
	}
}
