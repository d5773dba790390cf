package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/bot/fakebotapi"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store/asklog"
)

const token = "123456:TESTtokenTESTtokenTESTtoken"

var engine = sync.OnceValues(func() (*answer.Engine, error) {
	r, err := corpus.Default()
	if err != nil {
		return nil, err
	}
	ix, err := index.Build(context.Background(), "", []*corpus.Report{r}, index.Options{})
	if err != nil {
		return nil, err
	}
	return answer.New(ix), nil
})

// start runs a bot against a fake Bot API server until the test ends.
// questions is the directory of the question log it records in, unless
// mutate set another Feedback ("").
func start(t *testing.T, mutate func(*Config)) (srv *fakebotapi.Server, b *Bot, questions string) {
	t.Helper()
	srv = fakebotapi.New(t)
	b, questions, _ = startOn(t, srv, mutate)
	return srv, b, questions
}

// startOn runs a bot against srv until the test ends; logs returns what
// it has logged so far.
func startOn(t *testing.T, srv *fakebotapi.Server, mutate func(*Config)) (b *Bot, questions string, logs func() string) {
	t.Helper()
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	questions = t.TempDir()
	lg, err := asklog.Open(questions)
	if err != nil {
		t.Fatal(err)
	}
	var logBuf strings.Builder
	var logMu sync.Mutex
	cfg := Config{
		Token: token, APIURL: srv.URL, Engine: eng,
		Reports:  func() []string { return []string{"聚焦职能定位 坚持改革创新"} },
		Examples: []string{"会员卡发出去多少张?", "工会会员有多少人?", "疫情的时候帮小企业退了多少钱?"},
		Feedback: QuestionLog{lg},
		Logger:   slog.New(slog.NewTextHandler(lockedWriter{&logBuf, &logMu}, nil)),
		Backoff:  10 * time.Millisecond,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b, err = New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	logs = func() string {
		logMu.Lock()
		defer logMu.Unlock()
		return logBuf.String()
	}
	t.Cleanup(func() {
		cancel()
		<-done
		if strings.Contains(logs(), token) {
			t.Error("the token appears in the logs")
		}
	})
	if q, ok := cfg.Feedback.(QuestionLog); !ok || q.Log != lg {
		questions = ""
	}
	return b, questions, logs
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func message(chatID int64, chatType, text string, extra string) string {
	return fmt.Sprintf(`{"message":{"message_id":%d,"date":1700000000,"from":{"id":42,"is_bot":false,"first_name":"职工"},
		"chat":{"id":%d,"type":%q},"text":%q%s}}`, 7, chatID, chatType, text, extra)
}

type keyboard struct {
	InlineKeyboard [][]struct {
		Text         string `json:"text"`
		CallbackData string `json:"callback_data"`
	} `json:"inline_keyboard"`
}

func TestPrivateQuestion(t *testing.T) {
	srv, _, _ := start(t, nil)
	if cmds := srv.WaitFor("setMyCommands", 1, 5*time.Second); len(cmds) != 1 || !strings.Contains(cmds[0].Params["commands"], `"ask"`) {
		t.Fatalf("setMyCommands: %+v", cmds)
	}
	srv.AddUpdate(message(5001, "private", "会员卡发出去多少张?", ""))
	sent := srv.WaitFor("sendMessage", 1, 5*time.Second)
	if len(sent) != 1 {
		t.Fatalf("sendMessage calls: %d", len(sent))
	}
	m := sent[0].Params
	if m["chat_id"] != "5001" || m["parse_mode"] != "HTML" {
		t.Errorf("chat/parse mode: %v", m)
	}
	if !strings.HasPrefix(m["text"], "<b>281.59万张</b> — ") || !strings.Contains(m["text"], "<u>会员</u>") ||
		!strings.Contains(m["text"], "<i>聚焦职能定位 坚持改革创新 · 7 强基础 增活力 · 不断加强自身建设</i>") {
		t.Errorf("text:\n%s", m["text"])
	}
	var kb keyboard
	if err := sent[0].JSON("reply_markup", &kb); err != nil || len(kb.InlineKeyboard) != 1 {
		t.Fatalf("reply_markup %q: %v", m["reply_markup"], err)
	}
	row := kb.InlineKeyboard[0]
	if row[0].Text != "其他相关段落" || row[0].CallbackData != "alt:1" || row[1].Text != "👍" || row[2].Text != "👎" {
		t.Errorf("buttons: %+v", row)
	}
	if len(srv.Requests("sendChatAction")) == 0 {
		t.Error("no typing action")
	}
}

func TestGroupAnswersOnlyWhenAddressed(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(message(-100, "supergroup", "工会会员有多少人?", ""))
	srv.AddUpdate(message(-100, "supergroup", "@"+fakebotapi.BotUsername+" 工会会员有多少人?", ""))
	srv.AddUpdate(message(-100, "supergroup", "/ask 会员卡发出去多少张?", ""))
	srv.AddUpdate(message(-100, "supergroup", "这个数对吗", fmt.Sprintf(`,"reply_to_message":{"message_id":3,"date":1,"chat":{"id":-100,"type":"supergroup"},"from":{"id":%d,"is_bot":true,"first_name":"Report"},"text":"..."}`, fakebotapi.BotID)))
	// A mention after letters whose lower case is longer (Ⱥ: two bytes,
	// ⱥ: three) is cut from the message's own bytes — cut at the
	// lower-cased text's offsets it panicked and stopped the bot — and a
	// command followed by a full-width space or a new line is still the
	// command.
	srv.AddUpdate(message(-100, "supergroup", "ȺȺȺȺȺȺȺȺȺȺȺȺ @"+fakebotapi.BotUsername+" 工会会员有多少人?", ""))
	srv.AddUpdate(message(-100, "supergroup", "/ask\u3000会员卡发出去多少张?", ""))
	srv.AddUpdate(message(-100, "supergroup", "/ask\n基层工会有多少个?", ""))
	srv.WaitFor("sendMessage", 6, 5*time.Second)
	time.Sleep(300 * time.Millisecond) // for a seventh reply, were one coming
	sent := srv.Requests("sendMessage")
	if len(sent) != 6 {
		t.Fatalf("got %d replies, want 6 (mentions, /ask, reply to the bot)", len(sent))
	}
	var texts []string
	for _, s := range sent {
		texts = append(texts, s.Params["text"])
	}
	all := strings.Join(texts, "\n---\n")
	for _, want := range []string{"693.96万人", "281.59万张", "5.51万个"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %s in the replies:\n%s", want, all)
		}
	}
}

// TestQuestionReadsAddressedText: the question of a group message, with
// the mention cut from the message's own bytes wherever it stands (after
// letters whose lower case is longer, Ⱥ: cut at the lower-cased text's
// offsets it panicked), and a command ended by any space.
func TestQuestionReadsAddressedText(t *testing.T) {
	b := &Bot{username: fakebotapi.BotUsername, id: fakebotapi.BotID}
	for _, tc := range []struct{ text, question, command string }{
		{"ȺȺȺȺȺȺȺȺȺȺȺȺ @" + fakebotapi.BotUsername, "ȺȺȺȺȺȺȺȺȺȺȺȺ", ""},
		{"ȺȺȺ @" + strings.ToUpper(fakebotapi.BotUsername) + " 工会会员有多少人?", "ȺȺȺ  工会会员有多少人?", ""},
		{"/ask\u3000会员卡发出去多少张?", "会员卡发出去多少张?", "ask"},
		{"/ask\n会员卡发出去多少张?", "会员卡发出去多少张?", "ask"},
		{"/ask@" + fakebotapi.BotUsername + " 会员卡发出去多少张?", "会员卡发出去多少张?", "ask"},
		{"/ask@other_bot 会员卡发出去多少张?", "", ""},
		// Commands are read case-insensitively.
		{"/Help", "", "help"},
		{"/ASK@" + strings.ToUpper(fakebotapi.BotUsername) + " 会员卡发出去多少张?", "会员卡发出去多少张?", "ask"},
		// Another bot whose name starts with this one's is not mentioned;
		// a mention after it still is.
		{"@" + fakebotapi.BotUsername + "_fans 会员卡发出去多少张?", "", ""},
		{"@" + fakebotapi.BotUsername + "2 会员卡", "", ""},
		{"@" + fakebotapi.BotUsername + "_fans 和 @" + fakebotapi.BotUsername + ",会员卡", "@" + fakebotapi.BotUsername + "_fans 和 ,会员卡", ""},
		{"问 @" + fakebotapi.BotUsername + "!", "问 !", ""},
		{"工会会员有多少人?", "", ""},
	} {
		m := &models.Message{Text: tc.text, Chat: models.Chat{ID: -100, Type: models.ChatTypeSupergroup}}
		if q, cmd, _ := b.question(m); q != tc.question || cmd != tc.command {
			t.Errorf("question(%q) = %q, %q; want %q, %q", tc.text, q, cmd, tc.question, tc.command)
		}
	}
}

func TestCallbacks(t *testing.T) {
	srv, _, questions := start(t, nil)
	// The answer as Telegram sends it back with a button pressed: its
	// keyboard included.
	original := `"message":{"message_id":77,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":1000,"is_bot":true,"first_name":"Report"},"text":"answer",
		"reply_markup":{"inline_keyboard":[[{"text":"其他相关段落","callback_data":"alt:1"},{"text":"👍","callback_data":"up:guizhou-trade-union-2023/54"},{"text":"👎","callback_data":"down:guizhou-trade-union-2023/54"}]]},
		"reply_to_message":{"message_id":7,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"职工"},"text":"会员卡发出去多少张?"}}`
	srv.AddUpdate(`{"callback_query":{"id":"cb1","from":{"id":42,"is_bot":false,"first_name":"职工"},"chat_instance":"x","data":"alt:1",` + original + `}}`)
	edits := srv.WaitFor("editMessageText", 1, 5*time.Second)
	if len(edits) != 1 || edits[0].Params["message_id"] != "77" || edits[0].Params["chat_id"] != "5001" || edits[0].Params["parse_mode"] != "HTML" {
		t.Fatalf("editMessageText: %+v", edits)
	}
	if strings.Contains(edits[0].Params["text"], "281.59万张</b>") || !strings.Contains(edits[0].Params["text"], "<i>") {
		t.Errorf("alternative text:\n%s", edits[0].Params["text"])
	}
	srv.AddUpdate(`{"callback_query":{"id":"cb2","from":{"id":42,"is_bot":false,"first_name":"职工"},"chat_instance":"x","data":"up:guizhou-trade-union-2023/54",` + original + `}}`)
	acks := srv.WaitFor("answerCallbackQuery", 2, 5*time.Second)
	if len(acks) != 2 || acks[1].Params["callback_query_id"] != "cb2" || acks[1].Params["text"] != "谢谢反馈!" {
		t.Fatalf("answerCallbackQuery: %+v", acks)
	}
	entries, err := asklog.Read(questions)
	if err != nil || len(entries) != 1 {
		t.Fatalf("question log: %v %+v", err, entries)
	}
	if e := entries[0]; e.Kind != asklog.KindVote || e.Vote != "up" || e.Passage != "guizhou-trade-union-2023/54" || e.Question != "会员卡发出去多少张?" || e.Answer == "" {
		t.Errorf("vote recorded: %+v", e)
	}
}

// A vote records the question as the bot read it: without /ask in a
// group, and no question at all under the bot's own help (an example
// pressed), whose text is no question.
func TestVoteRecordsTheQuestionAsked(t *testing.T) {
	srv, _, questions := start(t, nil)
	vote := func(id, data, replyFrom, replyText string) string {
		return fmt.Sprintf(`{"callback_query":{"id":%q,"from":{"id":42,"is_bot":false,"first_name":"职工"},"chat_instance":"x","data":%q,
		"message":{"message_id":%d,"date":1,"chat":{"id":-100,"type":"supergroup"},"from":{"id":%d,"is_bot":true,"first_name":"Report"},"text":"answer",
		"reply_markup":{"inline_keyboard":[[{"text":"👎","callback_data":%q}]]},
		"reply_to_message":{"message_id":7,"date":1,"chat":{"id":-100,"type":"supergroup"},"from":%s,"text":%q}}}}`,
			id, data, 80+len(id), fakebotapi.BotID, data, replyFrom, replyText)
	}
	member := `{"id":42,"is_bot":false,"first_name":"职工"}`
	self := fmt.Sprintf(`{"id":%d,"is_bot":true,"first_name":"Report"}`, fakebotapi.BotID)
	srv.AddUpdate(vote("v1", "down:guizhou-trade-union-2023/54", member, "/ask 会员卡发出去多少张?"))
	srv.AddUpdate(vote("v22", "down:guizhou-trade-union-2023/54", self, "我可以回答关于这些报告的问题:…"))
	acks := srv.WaitFor("answerCallbackQuery", 2, 5*time.Second)
	entries, err := asklog.Read(questions)
	if err != nil || len(entries) != 2 {
		t.Log(acks)
		t.Fatalf("question log: %v %+v", err, entries)
	}
	got := map[string]bool{}
	for _, e := range entries {
		got[e.Question] = e.Kind == asklog.KindVote
	}
	if !got["会员卡发出去多少张?"] || !got[""] {
		t.Errorf("votes recorded for %v, want 会员卡发出去多少张? and no question", got)
	}
}

// TestInlineQueriesAreLimited: inline queries run the engine as questions
// do, up to inlineQueriesPerQuestion of them per question the limit
// allows; past it a query gets no results, and none cached.
func TestInlineQueriesAreLimited(t *testing.T) {
	srv, _, _ := start(t, func(c *Config) { c.RateLimit, c.RateWindow = 1, time.Hour })
	for i := range inlineQueriesPerQuestion + 1 {
		srv.AddUpdate(fmt.Sprintf(`{"inline_query":{"id":"iq%d","from":{"id":42,"is_bot":false,"first_name":"职工"},"query":"会员卡发出去多少张","offset":""}}`, i))
	}
	got := srv.WaitFor("answerInlineQuery", inlineQueriesPerQuestion+1, 5*time.Second)
	if len(got) != inlineQueriesPerQuestion+1 {
		t.Fatalf("answerInlineQuery calls: %d", len(got))
	}
	empty := 0
	for _, r := range got {
		if r.Params["results"] == "[]" {
			empty++
			if r.Params["cache_time"] != "" && r.Params["cache_time"] != "0" {
				t.Errorf("a refused query is cached %s s", r.Params["cache_time"])
			}
		}
	}
	if empty != 1 {
		t.Errorf("%d of %d queries got no results, want 1", empty, len(got))
	}
}

func TestInlineQuery(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(`{"inline_query":{"id":"iq1","from":{"id":42,"is_bot":false,"first_name":"职工"},"query":"疫情的时候帮小企业退了多少钱","offset":""}}`)
	got := srv.WaitFor("answerInlineQuery", 1, 5*time.Second)
	if len(got) != 1 || got[0].Params["inline_query_id"] != "iq1" {
		t.Fatalf("answerInlineQuery: %+v", got)
	}
	var results []struct {
		Type    string `json:"type"`
		Title   string `json:"title"`
		Content struct {
			Text      string `json:"message_text"`
			ParseMode string `json:"parse_mode"`
		} `json:"input_message_content"`
	}
	if err := got[0].JSON("results", &results); err != nil || len(results) == 0 {
		t.Fatalf("results %q: %v", got[0].Params["results"], err)
	}
	if results[0].Type != "article" || !strings.HasPrefix(results[0].Title, "10.44亿元") || results[0].Content.ParseMode != "HTML" {
		t.Errorf("first result %+v", results[0])
	}
}

func TestStickerGetsAHint(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(`{"message":{"message_id":9,"date":1,"from":{"id":42,"is_bot":false,"first_name":"职工"},"chat":{"id":5001,"type":"private"},
		"sticker":{"file_id":"s","file_unique_id":"u","type":"regular","width":512,"height":512,"is_animated":false,"is_video":false}}}`)
	sent := srv.WaitFor("sendMessage", 1, 5*time.Second)
	if len(sent) != 1 || !strings.Contains(sent[0].Params["text"], "文字问题") {
		t.Fatalf("sticker reply: %+v", sent)
	}
}

func TestTooManyRequestsIsRetried(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.Fail("sendMessage", http.StatusTooManyRequests, 1)
	srv.Fail("sendMessage", http.StatusInternalServerError, 0)
	srv.AddUpdate(message(5001, "private", "工会会员有多少人?", ""))
	sent := srv.WaitFor("sendMessage", 3, 10*time.Second)
	if len(sent) != 3 || !strings.Contains(sent[2].Params["text"], "693.96万人") {
		t.Fatalf("sendMessage calls: %d", len(sent))
	}
}

func TestRateLimit(t *testing.T) {
	srv, _, _ := start(t, func(c *Config) { c.RateLimit = 2; c.RateWindow = time.Hour })
	for i := 0; i < 3; i++ {
		srv.AddUpdate(message(5001, "private", "工会会员有多少人?", ""))
		srv.WaitFor("sendMessage", i+1, 5*time.Second)
	}
	sent := srv.Requests("sendMessage")
	if len(sent) != 3 || !strings.Contains(sent[2].Params["text"], "稍等") {
		t.Fatalf("third reply: %+v", sent)
	}
}

func TestBadQuestionsAndTokens(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(message(5001, "private", strings.Repeat("工会", 200), ""))
	srv.AddUpdate(message(-100, "group", "/ask", ""))
	sent := srv.WaitFor("sendMessage", 2, 5*time.Second)
	if len(sent) != 2 || !strings.Contains(sent[0].Params["text"]+sent[1].Params["text"], "太长") {
		t.Errorf("replies: %+v", sent)
	}
	eng, _ := engine()
	for _, bad := range []string{"", "nonsense", "123:short"} {
		if _, err := New(context.Background(), Config{Token: bad, APIURL: srv.URL, Engine: eng}); err != ErrBadToken {
			t.Errorf("token %q: %v", bad, err)
		}
	}
}

func TestWebhook(t *testing.T) {
	eng, _ := engine()
	srv := fakebotapi.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, err := New(ctx, Config{Token: token, APIURL: srv.URL, Engine: eng, WebhookSecret: "s3cret", Backoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	h, err := b.Webhook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(h)
	defer hook.Close()
	body := `{"update_id":1,` + strings.TrimPrefix(message(5001, "private", "工会会员有多少人?", ""), "{")
	post := func(secret string) int {
		req, _ := http.NewRequest(http.MethodPost, hook.URL, strings.NewReader(body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("wrong"); code != http.StatusForbidden {
		t.Errorf("webhook answered a wrong secret %d", code)
	}
	// Until the Bot API is reached the webhook answers 503, and Telegram
	// posts the update again.
	for deadline := time.Now().Add(5 * time.Second); post("s3cret") == http.StatusServiceUnavailable && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	sent := srv.WaitFor("sendMessage", 1, 5*time.Second)
	if len(sent) != 1 || !strings.Contains(sent[0].Params["text"], "693.96万人") {
		t.Fatalf("webhook reply: %+v", sent)
	}
	// Wait returns once the webhook's context has ended.
	cancel()
	waited := make(chan struct{})
	go func() { b.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(5 * time.Second):
		t.Error("Wait did not return after the webhook stopped")
	}
}

// TestWebhookUpdateAtStopIsNotLost: an update Telegram posts as the bot
// stops is either answered or refused (503, so Telegram delivers it
// again to the next run); it was taken with 200 into a queue whose
// reader had stopped, and never answered.
func TestWebhookUpdateAtStopIsNotLost(t *testing.T) {
	eng, _ := engine()
	srv := fakebotapi.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, err := New(ctx, Config{Token: token, APIURL: srv.URL, Engine: eng, WebhookSecret: "s3cret", Backoff: 10 * time.Millisecond,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	h, err := b.Webhook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); !b.Ready(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the Bot API was not reached")
		}
	}
	cancel()
	b.Wait() // the bot has stopped taking updates
	body := `{"update_id":1,` + strings.TrimPrefix(message(5001, "private", "工会会员有多少人?", ""), "{")
	req := httptest.NewRequest(http.MethodPost, "/telegram", strings.NewReader(body))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return // refused: Telegram delivers it again
	}
	b.Wait()
	if sent := srv.Requests("sendMessage"); len(sent) != 1 {
		t.Errorf("an update taken (200) as the bot stopped was not answered: %d replies", len(sent))
	}
}

func TestSplitKeepsTags(t *testing.T) {
	long := strings.Repeat("<b>工会</b>会员&amp;职工\n", 600)
	parts := split(long, maxMessageRunes)
	if len(parts) < 2 {
		t.Fatalf("%d parts", len(parts))
	}
	for _, p := range parts {
		if n := len([]rune(p)); n > maxMessageRunes {
			t.Errorf("part of %d runes", n)
		}
		if strings.Count(p, "<b>") != strings.Count(p, "</b>") {
			t.Error("a part breaks a tag")
		}
	}
}

// TestShutdownFinishesAnswers hands the bot an update after shutdown has
// begun (its context cancelled): the member still gets the answer.
func TestShutdownFinishesAnswers(t *testing.T) {
	srv, b, _ := start(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var u models.Update
	if err := json.Unmarshal([]byte(message(5001, "private", "工会会员有多少人?", "")), &u); err != nil {
		t.Fatal(err)
	}
	b.handle(ctx, b.tg, &u)
	b.Wait()
	if sent := srv.Requests("sendMessage"); len(sent) != 1 || !strings.Contains(sent[0].Params["text"], "693.96万人") {
		t.Fatalf("answer after shutdown began: %+v", sent)
	}
}

// TestChannelSendersAreApart: members writing on behalf of their
// channels come with the same placeholder user (Channel_Bot) and their
// channel in sender_chat; each is a member of their own, whose follow-up
// never leans on another's question.
func TestChannelSendersAreApart(t *testing.T) {
	srv, _, _ := start(t, nil)
	const channelBot = 136817688
	post := func(id int, channel int64, text string) string {
		return fmt.Sprintf(`{"message":{"message_id":%d,"date":1700000000,"from":{"id":%d,"is_bot":true,"first_name":"Channel","username":"Channel_Bot"},
			"sender_chat":{"id":%d,"type":"channel","title":"c"},"chat":{"id":-100,"type":"supergroup"},"text":%q}}`, id, channelBot, channel, text)
	}
	srv.AddUpdate(post(1, -1001, "/ask 全省工会会员有多少人"))
	if sent := srv.WaitFor("sendMessage", 1, 5*time.Second); len(sent) != 1 {
		t.Fatalf("first answer: %d messages", len(sent))
	}
	srv.AddUpdate(post(2, -1002, "/ask 那基层工会呢?"))
	sent := srv.WaitFor("sendMessage", 2, 5*time.Second)
	if len(sent) != 2 {
		t.Fatalf("second answer: %d messages", len(sent))
	}
	if text := sent[1].Params["text"]; strings.Contains(text, "理解") {
		t.Errorf("another channel's message read with the first one's question:\n%s", text)
	}
	// The same channel again leans on its own question.
	srv.AddUpdate(post(3, -1001, "/ask 那基层工会呢?"))
	sent = srv.WaitFor("sendMessage", 3, 5*time.Second)
	if len(sent) != 3 || !strings.Contains(sent[2].Params["text"], "理解") {
		t.Errorf("the same channel's follow-up not read with its question: %+v", sent)
	}
}

// TestPollingDropsAWebhook: a webhook left by a run in webhook mode is
// deleted before polling, which Telegram refuses while one is set, and
// the log names it; with none set, nothing is deleted.
func TestPollingDropsAWebhook(t *testing.T) {
	srv := fakebotapi.New(t)
	srv.SetWebhook("https://bot.example.invalid/telegram")
	_, _, logs := startOn(t, srv, nil)
	srv.WaitFor("getUpdates", 1, 5*time.Second)
	var order []string
	for _, r := range srv.Requests("") {
		switch r.Method {
		case "getWebhookInfo", "deleteWebhook", "getUpdates":
			order = append(order, r.Method)
		}
	}
	if len(order) < 3 || order[0] != "getWebhookInfo" || order[1] != "deleteWebhook" || order[2] != "getUpdates" {
		t.Errorf("calls: %v, want getWebhookInfo and deleteWebhook before getUpdates", order)
	}
	if l := logs(); !strings.Contains(l, "level=WARN") || !strings.Contains(l, "bot.example.invalid/telegram") {
		t.Errorf("the webhook deleted is not logged:\n%s", l)
	}

	none, _, _ := start(t, nil)
	none.WaitFor("getUpdates", 1, 5*time.Second)
	if n := len(none.Requests("deleteWebhook")); n != 0 {
		t.Errorf("deleteWebhook called %d times with no webhook set", n)
	}
}

// TestCommandMenuHoldsNothingUp: the menu, retried through a 429, is set
// while questions are answered.
func TestCommandMenuHoldsNothingUp(t *testing.T) {
	srv := fakebotapi.New(t)
	srv.Fail("setMyCommands", http.StatusTooManyRequests, 30)
	startOn(t, srv, nil)
	srv.AddUpdate(message(5001, "private", "会员卡发出去多少张?", ""))
	if sent := srv.WaitFor("sendMessage", 1, 5*time.Second); len(sent) != 1 {
		t.Fatalf("no answer while setMyCommands waits out its retry_after: %d messages", len(sent))
	}
	if n := len(srv.Requests("setMyCommands")); n != 1 {
		t.Errorf("setMyCommands calls: %d, want the first (refused) only, the retry still waiting", n)
	}
}

// TestLongExampleIsAskedWhole: an example longer than a button's 64
// bytes of data is asked as the button says it, and so is the second of
// two that differ only past those 64 bytes.
func TestLongExampleIsAskedWhole(t *testing.T) {
	first := "二〇二三年全省各级工会组织一共发放会员服务卡多少张?"
	long := "二〇二三年全省各级工会组织一共发放会员服务卡多少张,占会员多少?"
	srv, _, questions := start(t, func(c *Config) { c.Examples = []string{first, long} })
	srv.AddUpdate(message(5001, "private", "/start", ""))
	sent := srv.WaitFor("sendMessage", 1, 5*time.Second)
	if len(sent) != 1 {
		t.Fatalf("help: %d messages", len(sent))
	}
	var kb keyboard
	if err := sent[0].JSON("reply_markup", &kb); err != nil || len(kb.InlineKeyboard) != 2 {
		t.Fatalf("reply_markup %q: %v", sent[0].Params["reply_markup"], err)
	}
	a, button := kb.InlineKeyboard[0][0], kb.InlineKeyboard[1][0]
	if len(button.CallbackData) > 64 || button.Text != long || a.CallbackData == button.CallbackData {
		t.Fatalf("buttons: %+v, %+v", a, button)
	}
	keyboardJSON, _ := json.Marshal(map[string]any{"inline_keyboard": [][]map[string]string{
		{{"text": a.Text, "callback_data": a.CallbackData}}, {{"text": button.Text, "callback_data": button.CallbackData}}}})
	srv.AddUpdate(fmt.Sprintf(`{"callback_query":{"id":"cb1","from":{"id":42,"is_bot":false,"first_name":"职工"},"chat_instance":"x","data":%q,
		"message":{"message_id":%d,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":%d,"is_bot":true,"first_name":"Report"},"text":"help","reply_markup":%s}}}`,
		button.CallbackData, sent[0].MessageID, fakebotapi.BotID, keyboardJSON))
	if sent := srv.WaitFor("sendMessage", 2, 5*time.Second); len(sent) != 2 || !strings.Contains(sent[1].Params["text"], "281.59万张") {
		t.Fatalf("answer to the example: %+v", sent)
	}
	entries, err := asklog.Read(questions)
	if err != nil {
		t.Fatal(err)
	}
	asked := false
	for _, e := range entries {
		asked = asked || e.Question == long
	}
	if !asked {
		t.Errorf("the question log holds no %q: %+v", long, entries)
	}
}

// TestIDIsTheUser: /id gives the user's ID, which the admins are checked
// by, also to a member writing on behalf of a channel.
func TestIDIsTheUser(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(`{"message":{"message_id":1,"date":1700000000,"from":{"id":42,"is_bot":false,"first_name":"职工"},
		"sender_chat":{"id":-1001,"type":"channel","title":"c"},"chat":{"id":-100,"type":"supergroup"},"text":"/id"}}`)
	sent := srv.WaitFor("sendMessage", 1, 5*time.Second)
	if len(sent) != 1 || !strings.Contains(sent[0].Params["text"], "你的用户 ID:<code>42</code>") {
		t.Fatalf("/id: %+v", sent)
	}
}

// edited is an update: the member's message id in chat, edited to text.
func edited(update, id int, chat int64, chatType, text string) string {
	return fmt.Sprintf(`{"update_id":%d,"edited_message":{"message_id":%d,"date":1700000000,"edit_date":1700000060,"from":{"id":42,"is_bot":false,"first_name":"职工"},
		"chat":{"id":%d,"type":%q},"text":%q}}`, update, id, chat, chatType, text)
}

// TestEditedQuestionIsAnsweredAnew: a member fixing a typo gets the
// answer to the question as edited, as a reply to it, once per edit of
// its text (not for an edited_message that leaves the text as it was),
// where the bot would answer the message as it reads now; an edited
// command is not run again.
func TestEditedQuestionIsAnsweredAnew(t *testing.T) {
	srv, _, questions := start(t, nil)
	srv.AddUpdate(said(1, 5001, "private", 0, 42, "会员卡发出去多少涨?"))
	srv.WaitFor("sendMessage", 1, 5*time.Second)
	srv.AddUpdate(edited(2, 1, 5001, "private", "工会会员有多少人?"))
	srv.AddUpdate(edited(3, 1, 5001, "private", "会员卡发出去多少张?"))
	// An edited_message whose text is as answered (a reaction changed) is
	// no new question.
	srv.AddUpdate(edited(4, 1, 5001, "private", "会员卡发出去多少张?"))
	srv.WaitFor("sendMessage", 3, 5*time.Second)
	time.Sleep(300 * time.Millisecond) // for a fourth reply, were one coming
	sent := srv.Requests("sendMessage")
	if len(sent) != 3 {
		t.Fatalf("replies: %d, want the question's and one per edit of the text", len(sent))
	}
	for i, want := range map[int]string{1: "<b>693.96万人</b>", 2: "<b>281.59万张</b>"} {
		var to struct {
			MessageID int `json:"message_id"`
		}
		if err := sent[i].JSON("reply_parameters", &to); err != nil || to.MessageID != 1 || !strings.Contains(sent[i].Params["text"], want) {
			t.Errorf("reply %d, to %d: %s", i, to.MessageID, sent[i].Params["text"])
		}
	}
	// In a group, an edit is answered where the message is addressed to
	// the bot, as a message is; edited commands other than /ask are not
	// run again.
	srv.AddUpdate(edited(5, 5, -100, "supergroup", "工会会员有多少人?"))
	srv.AddUpdate(edited(6, 6, 5001, "private", "/start"))
	srv.AddUpdate(edited(7, 7, -100, "supergroup", "/ask 工会会员有多少人?"))
	srv.WaitFor("sendMessage", 4, 5*time.Second)
	time.Sleep(300 * time.Millisecond) // for a fifth reply, were one coming
	if sent = srv.Requests("sendMessage"); len(sent) != 4 || sent[3].Params["chat_id"] != "-100" || !strings.Contains(sent[3].Params["text"], "693.96万人") {
		t.Errorf("replies to the edits in a group and of /start: %+v", sent[3:])
	}
	entries, _ := asklog.Read(questions)
	if len(entries) != 4 || entries[2].Question != "会员卡发出去多少张?" || !entries[2].Found {
		t.Errorf("question log: %+v", entries)
	}
}

// TestCommandsIgnoreCase: /Help, as a phone capitalises it, is /help,
// not an unknown command.
func TestCommandsIgnoreCase(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(message(5001, "private", "/Help", ""))
	sent := srv.WaitFor("sendMessage", 1, 5*time.Second)
	if len(sent) != 1 || !strings.HasPrefix(sent[0].Params["text"], "我可以回答关于这些报告的问题") {
		t.Errorf("/Help: %+v", sent)
	}
}
