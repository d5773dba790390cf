package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/reportbot/reportbot/bot/fakebotapi"
	"github.com/reportbot/reportbot/store"
)

// TestStartsWhileTheAPIIsDown: a bot started while the Bot API is
// unreachable keeps trying, is not ready, and answers once it comes up.
func TestStartsWhileTheAPIIsDown(t *testing.T) {
	srv := fakebotapi.New(t)
	srv.Down()
	b, _, _ := startOn(t, srv, nil)
	srv.AddUpdate(message(5001, "private", "工会会员有多少人?", ""))
	// Failures enough for the old four attempts to have given up.
	if n := len(srv.WaitFor("getMe", 6, 20*time.Second)); n < 6 {
		t.Fatalf("%d getMe attempts while down", n)
	}
	if b.Ready() {
		t.Error("ready while the Bot API is down")
	}
	srv.Up()
	sent := srv.WaitFor("sendMessage", 1, 40*time.Second)
	if len(sent) != 1 || !strings.Contains(sent[0].Params["text"], "693.96万人") {
		t.Fatalf("answer once the Bot API came up: %+v", sent)
	}
	if !b.Ready() {
		t.Error("not ready after answering")
	}
	if cmds := srv.Requests("setMyCommands"); len(cmds) != 1 {
		t.Errorf("setMyCommands %d times, want once", len(cmds))
	}
}

// TestPollingOutlastsAnOutage: the Bot API going away while the bot
// polls, and a 429 on getUpdates, stop nothing.
func TestPollingOutlastsAnOutage(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.WaitFor("getUpdates", 1, 5*time.Second)
	srv.Down()
	polls := len(srv.Requests("getUpdates"))
	srv.WaitFor("getUpdates", polls+6, 20*time.Second)
	srv.Up()
	srv.Fail("getUpdates", http.StatusTooManyRequests, 1)
	srv.AddUpdate(message(5001, "private", "工会会员有多少人?", ""))
	sent := srv.WaitFor("sendMessage", 1, 40*time.Second)
	if len(sent) != 1 || !strings.Contains(sent[0].Params["text"], "693.96万人") {
		t.Fatalf("answer after the outage: %+v", sent)
	}
}

// TestTooManyRequestsWaitsRetryAfter: a 429 on getUpdates comes back
// from the bot's own poll as go-telegram/bot's error with the server's
// retry_after, and retry hands backoff that wait rather than its own.
func TestTooManyRequestsWaitsRetryAfter(t *testing.T) {
	srv := fakebotapi.New(t)
	eng, _ := engine()
	b, err := New(context.Background(), Config{Token: token, APIURL: srv.URL, Engine: eng, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv.Fail("getUpdates", http.StatusTooManyRequests, 7)
	_, err = b.getUpdates(context.Background(), 0, longPoll, 100)
	var tooMany *tg.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
		t.Fatalf("getUpdates after a 429: %v", err)
	}
	if wait := waitAsked(err); wait == nil || wait.Duration != 7*time.Second {
		t.Errorf("retry_after 7 waits %v", wait)
	}
	if wait := waitAsked(errors.New("error response from telegram for method getUpdates, 502 Bad Gateway")); wait != nil {
		t.Errorf("a 502 waits %v, want backoff's own wait", wait)
	}
}

// TestBadUpdateIsSkipped: an update that does not decode is logged and
// skipped; the updates with it and after it are answered.
func TestBadUpdateIsSkipped(t *testing.T) {
	srv := fakebotapi.New(t)
	_, _, logs := startOn(t, srv, nil)
	srv.AddUpdate(message(5001, "private", "会员卡发出去多少张?", ""))
	srv.AddUpdate(`{"message":{"message_id":"seven","date":1,"chat":{"id":5002,"type":"private"},"text":"工会会员有多少人?"}}`)
	srv.AddUpdate(message(5003, "private", "工会会员有多少人?", ""))
	sent := srv.WaitFor("sendMessage", 2, 10*time.Second)
	chats := map[string]bool{}
	for _, s := range sent {
		chats[s.Params["chat_id"]] = true
	}
	if len(sent) != 2 || !chats["5001"] || !chats["5003"] {
		t.Fatalf("replies: %+v", sent)
	}
	srv.AddUpdate(message(5004, "private", "工会会员有多少人?", ""))
	if sent := srv.WaitFor("sendMessage", 3, 10*time.Second); len(sent) != 3 {
		t.Fatalf("after the bad update: %d replies", len(sent))
	}
	if !strings.Contains(logs(), "skipped an update that does not decode") || !strings.Contains(logs(), "update_id=2") {
		t.Errorf("the bad update was not logged:\n%s", logs())
	}
}

// TestSetMyCommandsRefusalIsNotFatal: a 400 from setMyCommands is logged
// and the bot answers all the same.
func TestSetMyCommandsRefusalIsNotFatal(t *testing.T) {
	srv := fakebotapi.New(t)
	srv.Fail("setMyCommands", http.StatusBadRequest, 0)
	_, _, logs := startOn(t, srv, nil)
	srv.AddUpdate(message(5001, "private", "工会会员有多少人?", ""))
	if sent := srv.WaitFor("sendMessage", 1, 10*time.Second); len(sent) != 1 {
		t.Fatalf("replies: %+v", sent)
	}
	if n := len(srv.Requests("setMyCommands")); n != 1 {
		t.Errorf("setMyCommands %d times: a refusal is not retried", n)
	}
	if !strings.Contains(logs(), "setMyCommands refused") {
		t.Errorf("the refusal was not logged:\n%s", logs())
	}
}

// TestReplyOutlastsFailures: a reply is still delivered after more
// failures in a row than the four attempts it used to get.
func TestReplyOutlastsFailures(t *testing.T) {
	srv, _, _ := start(t, nil)
	for i := 0; i < 6; i++ {
		srv.Fail("sendMessage", http.StatusBadGateway, 0)
	}
	srv.Fail("sendMessage", http.StatusTooManyRequests, 1)
	srv.AddUpdate(message(5001, "private", "工会会员有多少人?", ""))
	sent := srv.WaitFor("sendMessage", 8, 40*time.Second)
	if len(sent) != 8 || !strings.Contains(sent[7].Params["text"], "693.96万人") {
		t.Fatalf("sendMessage calls: %d", len(sent))
	}
}

// TestID: anyone can ask for their user ID and the chat's, in a private
// chat or a group.
func TestID(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(message(5001, "private", "/id", ""))
	srv.AddUpdate(message(-100, "supergroup", "/id@"+fakebotapi.BotUsername, ""))
	sent := srv.WaitFor("sendMessage", 2, 5*time.Second)
	if len(sent) != 2 {
		t.Fatalf("replies: %+v", sent)
	}
	for _, s := range sent {
		text := s.Params["text"]
		if !strings.Contains(text, "你的用户 ID:<code>42</code>") || !strings.Contains(text, "这个聊天的 ID:<code>"+s.Params["chat_id"]+"</code>") {
			t.Errorf("/id in chat %s: %q", s.Params["chat_id"], text)
		}
	}
}

// TestAdminCommandsFromOthers: a member's admin command is told it is
// for admins; an admin's in a group is sent to the private chat.
func TestAdminCommandsFromOthers(t *testing.T) {
	srv, _ := startAdmin(t)
	srv.AddUpdate(message(5001, "private", "/reindex", ""))
	srv.AddUpdate(message(-100, "supergroup", "/reports", ""))
	srv.AddUpdate(fmt.Sprintf(`{"message":{"message_id":12,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"a"},"chat":{"id":-100,"type":"supergroup"},"text":"/feedback"}}`, adminID))
	sent := srv.WaitFor("sendMessage", 3, 5*time.Second)
	if len(sent) != 3 {
		t.Fatalf("replies: %+v", sent)
	}
	got := map[string]int{}
	for _, s := range sent {
		got[s.Params["text"]]++
	}
	if got["这个命令只有管理员可以用。"] != 2 || got["管理命令请在和我的私聊里用。"] != 1 {
		t.Errorf("replies: %v", got)
	}
	if len(srv.Requests("editMessageText")) != 0 {
		t.Error("a member's /reindex started a rebuild")
	}
}

// vote is a press of a button with data on the answer message 77 in
// chat 5001, whose buttons are 👍/👎 on passage guizhou-trade-union-2023/54.
func vote(id string, user int64, data string) string {
	return fmt.Sprintf(`{"callback_query":{"id":%q,"from":{"id":%d,"is_bot":false,"first_name":"职工"},"chat_instance":"x","data":%q,
		"message":{"message_id":77,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":1000,"is_bot":true,"first_name":"Report"},"text":"answer",
		"reply_markup":{"inline_keyboard":[[{"text":"👍","callback_data":"up:guizhou-trade-union-2023/54"},{"text":"👎","callback_data":"down:guizhou-trade-union-2023/54"}]]},
		"reply_to_message":{"message_id":7,"date":1,"chat":{"id":5001,"type":"private"},"from":{"id":%d,"is_bot":false,"first_name":"职工"},"text":"会员卡发出去多少张?"}}}}`,
		id, user, data, user)
}

// TestOneVotePerUser: twenty 👍 from one member count once, a changed
// vote replaces the earlier one, and data that is malformed or on none
// of the message's buttons is refused and not counted.
func TestOneVotePerUser(t *testing.T) {
	srv, _ := startAdmin(t)
	const up, down = "up:guizhou-trade-union-2023/54", "down:guizhou-trade-union-2023/54"
	presses := 0
	press := func(user int64, data string) string {
		presses++
		srv.AddUpdate(vote(fmt.Sprint("cb", presses), user, data))
		acks := srv.WaitFor("answerCallbackQuery", presses, 5*time.Second)
		if len(acks) != presses {
			t.Fatalf("%d of %d presses answered", len(acks), presses)
		}
		for _, a := range acks {
			if a.Params["callback_query_id"] == fmt.Sprint("cb", presses) {
				return a.Params["text"]
			}
		}
		t.Fatalf("press %d not answered", presses)
		return ""
	}
	summary := func() string {
		n := len(srv.Requests("sendMessage"))
		srv.AddUpdate(adminCommand("/feedback"))
		sent := srv.WaitFor("sendMessage", n+1, 5*time.Second)
		return sent[len(sent)-1].Params["text"]
	}
	for i := 0; i < 20; i++ {
		ack := press(42, up)
		if want := map[bool]string{true: "谢谢反馈!", false: "你已经评价过这条回答了。"}[i == 0]; ack != want {
			t.Errorf("vote %d answered %q, want %q", i+1, ack, want)
		}
	}
	if got := summary(); !strings.Contains(got, "👍 1 👎 0") {
		t.Errorf("20 × 👍 from one member: %q", got)
	}
	press(42, down)
	press(43, up)
	if got := summary(); !strings.Contains(got, "👍 1 👎 1") {
		t.Errorf("after a changed vote and another member's: %q", got)
	}
	for _, forged := range []string{
		"up:guizhou-trade-union-2023/55", // well formed, not on the message
		"up:",                            // malformed
		"up:../../etc",                   // malformed
		"vote:guizhou-trade-union-2023/54",
		"alt:0",
	} {
		if ack := press(44, forged); ack != "这个按钮无效。" {
			t.Errorf("forged %q answered %q", forged, ack)
		}
	}
	if got := summary(); !strings.Contains(got, "👍 1 👎 1") {
		t.Errorf("after forged votes: %q", got)
	}
}

// slowLibrary is a Library whose rebuild reports progress and ends while
// the test holds the Bot API's edits.
type slowLibrary struct {
	Library
	rebuilt chan struct{} // closed when Reindex returns
}

func (l *slowLibrary) Reindex(ctx context.Context, progress func(done, total int)) (store.Stats, error) {
	defer close(l.rebuilt)
	for i := 1; i <= 5; i++ {
		progress(i, 10)
	}
	return store.Stats{Reports: 1, Passages: 10}, nil
}

// TestProgressNeverHoldsUpARebuild: the rebuild does not wait for its
// progress edits, and the final status lands after them.
func TestProgressNeverHoldsUpARebuild(t *testing.T) {
	lib := &slowLibrary{rebuilt: make(chan struct{})}
	srv := fakebotapi.New(t)
	reg := prometheus.NewRegistry()
	release := srv.Hold("editMessageText")
	defer release()
	startOn(t, srv, func(c *Config) {
		c.Library, c.Admins, c.Metrics = lib, []int64{adminID}, NewMetrics(reg)
	})
	srv.AddUpdate(adminCommand("/reindex"))
	srv.WaitFor("editMessageText", 1, 5*time.Second) // a progress edit, held
	select {
	case <-lib.rebuilt:
	case <-time.After(10 * time.Second):
		t.Fatal("the rebuild waited for its progress edit")
	}
	release()
	var edits []fakebotapi.Request
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if edits = srv.Requests("editMessageText"); strings.Contains(edits[len(edits)-1].Params["text"], "索引已重建") {
			break
		}
	}
	if last := edits[len(edits)-1].Params["text"]; !strings.Contains(last, "索引已重建:1 份报告,10 个段落") {
		t.Errorf("final status %q after edits %+v", last, edits)
	}
	if n := testutil.CollectAndCount(reg, "reportbot_reindex_seconds"); n != 1 {
		t.Errorf("%d reindex series, want 1", n)
	}
}

// TestMetrics: questions, Bot API errors and retries are counted, and the
// send queue is empty once all is sent.
func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	srv, _, _ := start(t, func(c *Config) { c.Metrics = m })
	srv.Fail("sendMessage", http.StatusBadGateway, 0)
	srv.AddUpdate(message(5001, "private", "工会会员有多少人?", ""))
	srv.WaitFor("sendMessage", 2, 10*time.Second)
	srv.AddUpdate(message(5002, "private", "明天上海会下雨吗?", ""))
	srv.WaitFor("sendMessage", 3, 10*time.Second)
	var found, missed float64
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && found+missed < 2; time.Sleep(10 * time.Millisecond) {
		found, missed = testutil.ToFloat64(m.questions.WithLabelValues("found")), testutil.ToFloat64(m.questions.WithLabelValues("not_found"))
	}
	if found != 1 || missed != 1 {
		t.Errorf("questions: %v found, %v not found", found, missed)
	}
	if got := testutil.ToFloat64(m.apiErrors.WithLabelValues("sendMessage")); got != 1 {
		t.Errorf("sendMessage errors: %v", got)
	}
	if got := testutil.ToFloat64(m.apiRetries.WithLabelValues("sendMessage")); got != 1 {
		t.Errorf("sendMessage retries: %v", got)
	}
	if got := testutil.ToFloat64(m.sendQueue); got != 0 {
		t.Errorf("send queue: %v", got)
	}
	m.ObserveReindex(2*time.Second, nil)
	m.ObserveReindex(time.Second, errors.New("disk full"))
	if n := testutil.CollectAndCount(reg, "reportbot_reindex_seconds"); n != 2 {
		t.Errorf("%d reindex series, want ok and error", n)
	}
	var nilMetrics *Metrics
	nilMetrics.ObserveReindex(time.Second, nil) // counts nothing, and does not panic
}

// scriptedLibrary is a Library whose calls end as the test says.
type scriptedLibrary struct {
	Library
	err  error // every call's error
	took time.Duration
}

func (l scriptedLibrary) Add(context.Context, string, []byte, store.AddOptions) (store.Meta, store.Stats, error) {
	return store.Meta{}, store.Stats{Took: l.took}, l.err
}

func (l scriptedLibrary) Remove(context.Context, string) (store.Stats, error) {
	return store.Stats{Took: l.took}, l.err
}

func (l scriptedLibrary) Reindex(context.Context, func(int, int)) (store.Stats, error) {
	return store.Stats{Took: l.took}, l.err
}

// ReextractAll made two rebuilds, or none when refused.
func (l scriptedLibrary) ReextractAll(context.Context, func(int, int)) (store.Reextracted, error) {
	if l.err != nil {
		return store.Reextracted{}, l.err
	}
	return store.Reextracted{Rebuilds: []store.Stats{{Took: l.took}, {Took: l.took}}}, nil
}

// TestObserveLibrary: a rebuild is observed when it ran — a reindex,
// failed or not, an add or a remove that succeeded — and not when it was
// refused (ErrBusy, a bad file, an unknown ID).
func TestObserveLibrary(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	count := func(result string) uint64 {
		h := &dto.Metric{}
		if err := m.reindex.WithLabelValues(result).(prometheus.Metric).Write(h); err != nil {
			t.Fatal(err)
		}
		return h.GetHistogram().GetSampleCount()
	}
	ok := m.ObserveLibrary(scriptedLibrary{took: 3 * time.Second})
	ok.Add(t.Context(), "a.txt", nil, store.AddOptions{})
	ok.Remove(t.Context(), "a")
	ok.Reindex(t.Context(), nil)
	ok.ReextractAll(t.Context(), nil)
	if got := count("ok"); got != 5 {
		t.Errorf("%d successful rebuilds observed, want 5 (a re-extraction's two among them)", got)
	}
	m.ObserveLibrary(scriptedLibrary{err: store.ErrBusy}).Reindex(t.Context(), nil)
	refused := m.ObserveLibrary(scriptedLibrary{err: store.ErrNotFound})
	refused.Add(t.Context(), "a.txt", nil, store.AddOptions{})
	refused.Remove(t.Context(), "a")
	refused.ReextractAll(t.Context(), nil)
	if got := count("error"); got != 0 {
		t.Errorf("%d refused changes observed as rebuilds", got)
	}
	refused.Reindex(t.Context(), nil)
	if got := count("error"); got != 1 {
		t.Errorf("%d failed reindexes observed, want 1", got)
	}
	var none *Metrics
	if lib := (scriptedLibrary{}); none.ObserveLibrary(lib) != Library(lib) {
		t.Error("nil Metrics wrapped the library")
	}
}

// halfReextracting is a Library whose re-extraction stops at a failure
// after extracting one report anew.
type halfReextracting struct{ Library }

func (halfReextracting) ReextractAll(ctx context.Context, progress func(done, total int)) (store.Reextracted, error) {
	return store.Reextracted{Done: []store.Meta{{ID: "plan-2024"}}}, fmt.Errorf("1 of 2 reports extracted anew, then: %w", store.ErrTooLong)
}

// TestReextractStoppedSaysWhatChanged: a re-extraction that fails after
// changing a report does not claim that nothing changed.
func TestReextractStoppedSaysWhatChanged(t *testing.T) {
	srv := fakebotapi.New(t)
	startOn(t, srv, func(c *Config) {
		c.Library, c.Admins = halfReextracting{}, []int64{adminID}
	})
	srv.AddUpdate(adminCommand("/reindex 重新提取"))
	var last string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if edits := srv.Requests("editMessageText"); len(edits) > 0 {
			if last = edits[len(edits)-1].Params["text"]; strings.Contains(last, "报告太长") {
				break
			}
		}
	}
	if !strings.HasPrefix(last, "已从原文件重新提取 1 份报告,之后停了下来") || strings.Contains(last, "都没有变化") {
		t.Errorf("status after a failure midway: %q", last)
	}
}

// blockingLibrary is a Library whose remove runs until its context ends,
// as a long rebuild would.
type blockingLibrary struct {
	Library
	removing chan struct{} // closed when Remove starts
}

func (l *blockingLibrary) Removable(id string) (store.Meta, error) {
	return store.Meta{ID: id}, nil
}

func (l *blockingLibrary) Remove(ctx context.Context, _ string) (store.Stats, error) {
	close(l.removing)
	<-ctx.Done()
	return store.Stats{}, ctx.Err()
}

// TestShutdownStopsARemove: a bot stopped while an admin's /remove
// rebuilds stops within shutdownGrace, the remove cut short (and rolled
// back by the store), as /reindex and an upload are; it ran on for up
// to adminTimeout, holding up the stop until the container was killed.
func TestShutdownStopsARemove(t *testing.T) {
	srv := fakebotapi.New(t)
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	lib := &blockingLibrary{removing: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, err := New(ctx, Config{Token: token, APIURL: srv.URL, Engine: eng, Library: lib, Admins: []int64{adminID},
		Logger: slog.New(slog.DiscardHandler), Backoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	srv.AddUpdate(adminCommand("/remove plan-2024"))
	adminTaps(srv, lastSent(t, srv, 1), confirmRemove+removalKey("plan-2024"))
	select {
	case <-lib.removing:
	case <-time.After(10 * time.Second):
		t.Fatal("/remove never reached the library")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(shutdownGrace + 5*time.Second):
		t.Fatal("the bot did not stop while an admin's /remove ran")
	}
}

// TestStopConfirmsTheLastUpdates: the updates of the last batch before a
// stop are confirmed to Telegram as the bot stops, so the next run does
// not answer them again. Here the getUpdates after the batch fails, and
// the bot is waiting to try again when it is stopped: unconfirmed, the
// member's question was answered a second time by the next run.
func TestStopConfirmsTheLastUpdates(t *testing.T) {
	srv := fakebotapi.New(t)
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	run := func(backoff time.Duration) (stop func()) {
		ctx, cancel := context.WithCancel(context.Background())
		b, err := New(ctx, Config{Token: token, APIURL: srv.URL, Engine: eng, Logger: slog.New(slog.DiscardHandler), Backoff: backoff})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { b.Run(ctx); close(done) }()
		return func() { cancel(); <-done }
	}
	srv.AddUpdate(message(7001, "private", "工会会员有多少人?", ""))
	srv.FailAfter("getUpdates", 1, http.StatusBadGateway, 0)
	stop := run(time.Hour) // waits out the failure until stopped
	if sent := srv.WaitFor("sendMessage", 1, 10*time.Second); len(sent) != 1 {
		t.Fatalf("answers: %d, want 1", len(sent))
	}
	srv.WaitFor("getUpdates", 2, 5*time.Second) // the failed one
	stop()
	if n := srv.Unconfirmed(); n != 0 {
		t.Errorf("%d updates left unconfirmed at the stop", n)
	}
	stop = run(10 * time.Millisecond)
	defer stop()
	// The next run polls twice: an update left behind would be answered.
	srv.WaitFor("getUpdates", len(srv.Requests("getUpdates"))+2, 5*time.Second)
	if sent := srv.Requests("sendMessage"); len(sent) != 1 {
		t.Errorf("after a restart %d answers, want the one", len(sent))
	}
}
