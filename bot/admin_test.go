package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/bot/fakebotapi"
	"github.com/reportbot/reportbot/learn"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/asklog"
)

const adminID = 777

const plan = "# 2024年贵州省总工会工作要点\n\n全年计划新建职工驿站320个,为户外劳动者提供休息场所。\n"

// startAdmin runs a bot as serve does: on a data directory, with its
// question log and the admins' tools.
func startAdmin(t *testing.T) (*fakebotapi.Server, *store.Store) {
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
		c.Engine, c.Library, c.Admins, c.Images = eng, st, []int64{adminID}, st.Image
		c.Feedback = QuestionLog{lg}
		c.Learn = &learn.Admin{Store: st, Engine: eng, Log: lg}
	})
	return srv, st
}

func document(from int64, fileID, name string, size int) string {
	return fmt.Sprintf(`{"message":{"message_id":11,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"管理员"},"chat":{"id":%d,"type":"private"},
		"document":{"file_id":%q,"file_unique_id":"u-%s","file_name":%q,"file_size":%d}}}`, from, from, fileID, fileID, name, size)
}

func TestAdminUploadsAReport(t *testing.T) {
	srv, st := startAdmin(t)
	srv.AddFile("f1", "documents/file_1.md", []byte(plan))
	srv.AddUpdate(document(adminID, "f1", "plan-2024.md", len(plan)))
	edits := srv.WaitFor("editMessageText", 1, 10*time.Second)
	if len(edits) == 0 || !strings.Contains(edits[len(edits)-1].Params["text"], "已添加 2024年贵州省总工会工作要点") {
		t.Fatalf("status edits: %+v", edits)
	}
	if len(srv.Requests("getFile")) != 1 || len(srv.Requests("download")) != 1 {
		t.Error("the file was not fetched through getFile and the file URL")
	}
	metas, _ := st.Reports()
	if len(metas) != 2 {
		t.Fatalf("reports: %+v", metas)
	}
	// Members get answers from the new report at once.
	srv.AddUpdate(message(5001, "private", "2024年计划新建多少个职工驿站?", ""))
	sent := srv.WaitFor("sendMessage", 2, 5*time.Second)
	last := sent[len(sent)-1].Params["text"]
	if !strings.Contains(last, "<b>320个</b>") || !strings.Contains(last, "2024年贵州省总工会工作要点") {
		t.Errorf("answer from the new report:\n%s", last)
	}

	// The same title again asks before replacing.
	srv.AddFile("f2", "documents/file_2.md", []byte(plan))
	srv.AddUpdate(document(adminID, "f2", "plan-again.md", len(plan)))
	edits = srv.WaitFor("editMessageText", 2, 10*time.Second)
	confirm := edits[len(edits)-1]
	var kb keyboard
	if err := confirm.JSON("reply_markup", &kb); err != nil || kb.InlineKeyboard[0][0].CallbackData != "replace:"+confirm.Params["message_id"] {
		t.Fatalf("confirmation %+v: %v", confirm.Params, err)
	}
	// It names the report it would replace.
	if got := confirm.Params["text"]; !strings.HasPrefix(got, "已有同名报告 <b>2024年贵州省总工会工作要点</b>(<code>plan-2024</code>,1 个段落,1 个数字,20") ||
		!strings.Contains(got, " 添加)。\n要用这个文件替换它吗?") || !strings.Contains(got, "文件说明里写上另一个标题") {
		t.Errorf("confirmation: %q", got)
	}
	srv.AddUpdate(fmt.Sprintf(`{"callback_query":{"id":"c9","from":{"id":%d,"is_bot":false,"first_name":"管理员"},"chat_instance":"x","data":"replace:%[2]s",
		"message":{"message_id":%[2]s,"date":1,"chat":{"id":%[3]d,"type":"private"},"text":"?","reply_markup":%[4]s}}}`, adminID, confirm.Params["message_id"], adminID, confirm.Params["reply_markup"]))
	edits = srv.WaitFor("editMessageText", 3, 10*time.Second)
	if got := edits[len(edits)-1].Params["text"]; !strings.HasPrefix(got, "已替换 2024年贵州省总工会工作要点(plan-2024):") {
		t.Errorf("after replace: %q", got)
	}
	if drops := srv.Requests("editMessageReplyMarkup"); len(drops) != 1 || drops[0].Params["reply_markup"] != `{"inline_keyboard":[]}` {
		t.Errorf("the confirmation's buttons after 替换: %+v", drops)
	}
	if metas, _ := st.Reports(); len(metas) != 2 {
		t.Errorf("replace added a report: %+v", metas)
	}

	srv.AddUpdate(fmt.Sprintf(`{"message":{"message_id":12,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"a"},"chat":{"id":%d,"type":"private"},"text":"/reports"}}`, adminID, adminID))
	// Status messages of both uploads and the replace, the answer, then the list.
	sent = srv.WaitFor("sendMessage", 5, 5*time.Second)
	if !strings.Contains(sent[len(sent)-1].Params["text"], "plan-2024") {
		t.Errorf("/reports: %q", sent[len(sent)-1].Params["text"])
	}
}

// TestUploadUnderAnotherTitle: a document's caption is the report's
// title, as reports add --title: a report whose title is taken is added
// beside it under another. A replace cancelled changes nothing and takes
// the question's buttons off; pressed again, they have expired.
func TestUploadUnderAnotherTitle(t *testing.T) {
	srv, st := startAdmin(t)
	if _, _, err := st.Add(context.Background(), "plan-2024.md", []byte(plan), store.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	srv.AddFile("f2", "documents/file_2.md", []byte(plan))
	srv.AddUpdate(strings.Replace(document(adminID, "f2", "plan-revised.md", len(plan)), `"document":`, `"caption":" 2024年工作要点\n(修订) ","document":`, 1))
	if got := finished(t, srv, 1).Params["text"]; !strings.HasPrefix(got, "已添加 2024年工作要点 (修订)(plan-revised):") {
		t.Fatalf("upload with a caption: %q", got)
	}
	if metas, _ := st.Reports(); len(metas) != 3 {
		t.Errorf("reports: %+v", metas)
	}

	srv.AddFile("f3", "documents/file_3.md", []byte(plan))
	srv.AddUpdate(document(adminID, "f3", "plan-again.md", len(plan)))
	confirm := finished(t, srv, 2)
	if !strings.Contains(confirm.Params["text"], "要用这个文件替换它吗?") {
		t.Fatalf("no confirmation: %q", confirm.Params["text"])
	}
	press := func(data string) {
		srv.AddUpdate(fmt.Sprintf(`{"callback_query":{"id":%q,"from":{"id":%d,"is_bot":false,"first_name":"管理员"},"chat_instance":"x","data":%q,
			"message":{"message_id":%s,"date":1,"chat":{"id":%d,"type":"private"},"text":"?","reply_markup":%s}}}`,
			"c-"+data, adminID, data, confirm.Params["message_id"], adminID, confirm.Params["reply_markup"]))
	}
	press("cancel:" + confirm.Params["message_id"])
	if drops := srv.WaitFor("editMessageReplyMarkup", 1, 5*time.Second); len(drops) != 1 ||
		drops[0].Params["message_id"] != confirm.Params["message_id"] || drops[0].Params["reply_markup"] != `{"inline_keyboard":[]}` {
		t.Errorf("the buttons after 取消: %+v", drops)
	}
	sent := srv.WaitFor("sendMessage", 3, 5*time.Second)
	if got := sent[len(sent)-1].Params["text"]; got != "已取消,报告没有变化。" {
		t.Errorf("after 取消: %q", got)
	}
	press("replace:" + confirm.Params["message_id"])
	acks := srv.WaitFor("answerCallbackQuery", 2, 5*time.Second)
	if len(acks) != 2 || acks[1].Params["text"] != "这个请求已过期。" {
		t.Errorf("替换 after 取消: %+v", acks)
	}
	if metas, _ := st.Reports(); len(metas) != 3 {
		t.Errorf("reports after a cancelled replace: %+v", metas)
	}

	// A caption too long for a title is refused before the download.
	srv.AddUpdate(strings.Replace(document(adminID, "f3", "plan-again.md", len(plan)), `"document":`, `"caption":"`+strings.Repeat("长", 201)+`","document":`, 1))
	sent = srv.WaitFor("sendMessage", 4, 5*time.Second)
	if got := sent[len(sent)-1].Params["text"]; !strings.HasPrefix(got, "没有添加:文件说明是报告的标题,它太长了") {
		t.Errorf("an over-long caption: %q", got)
	}
	if n := len(srv.Requests("getFile")); n != 2 {
		t.Errorf("getFile calls: %d, want the two uploads before", n)
	}

	// The same file sent again under another taken title is another
	// prompt: 替换 under the first replaces the report it names.
	if _, _, err := st.Add(context.Background(), "other.md", []byte(plan), store.AddOptions{Title: "其他报告"}); err != nil {
		t.Fatal(err)
	}
	withCaption := func(title string) string {
		return strings.Replace(document(adminID, "f3", "plan-again.md", len(plan)), `"document":`, `"caption":"`+title+`","document":`, 1)
	}
	srv.AddUpdate(withCaption("2024年工作要点 (修订)"))
	first := finished(t, srv, 3)
	srv.AddUpdate(withCaption("其他报告"))
	second := finished(t, srv, 4)
	if !strings.Contains(first.Params["text"], "plan-revised") || !strings.Contains(second.Params["text"], "其他报告") {
		t.Fatalf("prompts: %q, %q", first.Params["text"], second.Params["text"])
	}
	confirm = first
	press("replace:" + first.Params["message_id"])
	if got := finished(t, srv, 5).Params["text"]; !strings.HasPrefix(got, "已替换 2024年工作要点 (修订)(plan-revised):") {
		t.Errorf("替换 under the first of two prompts for one file: %q", got)
	}
}

// finished waits for the n-th edit of a status message that gives the
// result of an admin's work, not its progress.
func finished(t *testing.T, srv *fakebotapi.Server, n int) fakebotapi.Request {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var done []fakebotapi.Request
		for _, e := range srv.Requests("editMessageText") {
			if !strings.Contains(e.Params["text"], "正在") {
				done = append(done, e)
			}
		}
		if len(done) >= n {
			return done[n-1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d results of admin work, want %d: %+v", len(done), n, srv.Requests("editMessageText"))
		}
	}
}

func TestNonAdminUploadIsRefused(t *testing.T) {
	srv, st := startAdmin(t)
	srv.AddFile("f1", "documents/file_1.md", []byte(plan))
	srv.AddUpdate(document(42, "f1", "plan.md", len(plan)))
	sent := srv.WaitFor("sendMessage", 1, 5*time.Second)
	if len(sent) != 1 || !strings.Contains(sent[0].Params["text"], "只有管理员") {
		t.Fatalf("reply: %+v", sent)
	}
	if len(srv.Requests("getFile")) != 0 {
		t.Error("a non-admin's file was fetched")
	}
	if metas, _ := st.Reports(); len(metas) != 1 {
		t.Errorf("reports changed: %+v", metas)
	}
}

func TestBadUploadChangesNothing(t *testing.T) {
	srv, st := startAdmin(t)
	srv.AddFile("bin", "documents/file_3.bin", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01"))
	srv.AddUpdate(document(adminID, "bin", "program.bin", 18))
	edits := srv.WaitFor("editMessageText", 1, 5*time.Second)
	if len(edits) != 1 || !strings.Contains(edits[0].Params["text"], "没有添加") {
		t.Fatalf("edits: %+v", edits)
	}
	srv.AddUpdate(document(adminID, "big", "huge.pdf", 30<<20))
	sent := srv.WaitFor("sendMessage", 2, 5*time.Second)
	if !strings.Contains(sent[len(sent)-1].Params["text"], "文件太大") {
		t.Errorf("huge file reply: %q", sent[len(sent)-1].Params["text"])
	}
	if metas, _ := st.Reports(); len(metas) != 1 {
		t.Errorf("reports changed: %+v", metas)
	}
}

// TestFeedbackSummary: /feedback is the question log's overview (/stats),
// pointing to /unanswered, which lists the question not answered.
func TestFeedbackSummary(t *testing.T) {
	srv, _ := startAdmin(t)
	srv.AddUpdate(message(5001, "private", "明天上海会下雨吗?", ""))
	srv.WaitFor("sendMessage", 1, 5*time.Second)
	srv.AddUpdate(fmt.Sprintf(`{"message":{"message_id":12,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"a"},"chat":{"id":%d,"type":"private"},"text":"/feedback"}}`, adminID, adminID))
	sent := srv.WaitFor("sendMessage", 2, 5*time.Second)
	if got := sent[len(sent)-1].Params["text"]; !strings.Contains(got, "提问 1 次,答上 0 次") || !strings.Contains(got, "/unanswered") {
		t.Errorf("/feedback: %q", got)
	}
	srv.AddUpdate(adminCommand("/unanswered"))
	sent = srv.WaitFor("sendMessage", 3, 5*time.Second)
	if got := sent[len(sent)-1].Params["text"]; !strings.Contains(got, "明天上海会下雨吗?") || !strings.Contains(got, "没答上 1 次") {
		t.Errorf("/unanswered: %q", got)
	}
}

// A 1×1 PNG.
const pixelPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

func TestAnswerSendsTheReportsPhoto(t *testing.T) {
	srv, st := startAdmin(t)
	page := `<html><head><meta charset="utf-8"><title>职工运动会</title></head><body><article><h1>职工运动会</h1>
<p>工会举办全省职工运动会,共有3000名职工参加,比赛持续两天,项目包括拔河和长跑。</p>
<figure><img src="data:image/png;base64,` + pixelPNG + `" alt="职工运动会开幕式现场"><figcaption>职工运动会开幕式现场。</figcaption></figure>
<p>另外,工会还组织了职工书法比赛,收到作品500件。</p></article></body></html>`
	if _, _, err := st.Add(context.Background(), "games.html", []byte(page), store.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	srv.AddUpdate(message(5001, "private", "职工运动会有多少名职工参加?", ""))
	photos := srv.WaitFor("sendPhoto", 1, 5*time.Second)
	if len(photos) != 1 || photos[0].Params["chat_id"] != "5001" || !strings.Contains(photos[0].Params["caption"], "职工运动会开幕式现场") {
		t.Fatalf("sendPhoto: %+v", photos)
	}
	sent := srv.Requests("sendMessage")
	if len(sent) == 0 || !strings.Contains(sent[0].Params["text"], "<b>3000名</b>") || !strings.Contains(sent[0].Params["text"], "📷 职工运动会开幕式现场") {
		t.Errorf("answer: %+v", sent)
	}
	// Asked in a forum's topic, the typing action, the answer and its
	// photo all go to that topic: without its thread a message goes to
	// the forum's General topic.
	srv.AddUpdate(said(2, -100, "supergroup", 55, 42, "/ask 职工运动会有多少名职工参加?"))
	photos = srv.WaitFor("sendPhoto", 2, 5*time.Second)
	if len(photos) != 2 {
		t.Fatalf("sendPhoto: %+v", photos)
	}
	for _, r := range []fakebotapi.Request{photos[1], srv.Requests("sendMessage")[len(sent)], srv.Requests("sendChatAction")[1]} {
		if r.Params["chat_id"] != "-100" || r.Params["message_thread_id"] != "55" {
			t.Errorf("%s sent to chat %s thread %q, want -100 thread 55", r.Method, r.Params["chat_id"], r.Params["message_thread_id"])
		}
	}
}

func adminCommand(text string) string {
	return fmt.Sprintf(`{"message":{"message_id":12,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"a"},"chat":{"id":%d,"type":"private"},"text":%q}}`, adminID, adminID, text)
}

func TestAdminReindexAndRemove(t *testing.T) {
	srv, st := startAdmin(t)
	if _, _, err := st.Add(context.Background(), "plan-2024.md", []byte(plan), store.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	srv.AddUpdate(adminCommand("/reindex"))
	edits := srv.WaitFor("editMessageText", 1, 10*time.Second)
	if len(edits) != 1 || !strings.Contains(edits[0].Params["text"], "索引已重建:2 份报告") {
		t.Fatalf("/reindex: %+v", edits)
	}
	// The report added with its original is extracted anew from it; the
	// embedded one, kept as text, stays.
	// Like /reindex, it answers with a status message it edits.
	srv.AddUpdate(adminCommand("/reindex 重新提取"))
	edits = srv.WaitFor("editMessageText", 2, 10*time.Second)
	if len(edits) != 2 || !strings.Contains(edits[1].Params["text"], "已从原文件重新提取 0 份报告(1 份已由当前的提取程序提取过,1 份没有原文件,保持原样),索引已重建:2 份报告") {
		t.Fatalf("/reindex 重新提取: %+v", edits)
	}
	srv.AddUpdate(adminCommand("/reindex 乱写"))
	if sent := srv.WaitFor("sendMessage", 3, 10*time.Second); !strings.HasPrefix(sent[len(sent)-1].Params["text"], "用法:/reindex") {
		t.Errorf("/reindex with an unknown argument: %q", sent[len(sent)-1].Params["text"])
	}
	srv.AddUpdate(adminCommand("/remove plan-2024"))
	adminTaps(srv, lastSent(t, srv, 4), confirmRemove+removalKey("plan-2024"))
	if got := lastSent(t, srv, 5).Params["text"]; !strings.Contains(got, "已删除 plan-2024") {
		t.Errorf("/remove: %q", got)
	}
	srv.AddUpdate(adminCommand("/remove nope"))
	if got := lastSent(t, srv, 6).Params["text"]; got != "没有删除,报告和索引都没有变化:没有这个报告 ID,请用 /reports 查看。" {
		t.Errorf("/remove nope: %q", got)
	}
	if metas, _ := st.Reports(); len(metas) != 1 {
		t.Errorf("reports: %+v", metas)
	}
	// Members cannot use admin commands.
	srv.AddUpdate(message(5001, "private", "/reindex", ""))
	sent := srv.WaitFor("sendMessage", 7, 5*time.Second)
	if got := sent[len(sent)-1].Params["text"]; !strings.Contains(got, "只有管理员") {
		t.Errorf("member /reindex: %q", got)
	}
}

// TestRemoveAsksFirst: /remove names the report and removes it only once
// an admin confirms; 取消 keeps it; either takes the buttons off, and a
// button pressed again has expired. The only report is refused at once.
func TestRemoveAsksFirst(t *testing.T) {
	srv, st := startAdmin(t)
	embedded, _ := st.Reports()
	srv.AddUpdate(adminCommand("/remove " + embedded[0].ID))
	if got := lastSent(t, srv, 1).Params["text"]; got != "没有删除,报告和索引都没有变化:这是唯一的一份报告,不能删除;请先添加另一份。" {
		t.Errorf("/remove of the only report: %q", got)
	}
	if _, _, err := st.Add(context.Background(), "plan-2024.md", []byte(plan), store.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	id := embedded[0].ID
	srv.AddUpdate(adminCommand("/remove " + id))
	ask := lastSent(t, srv, 2)
	want := fmt.Sprintf("要删除报告 <b>%s</b>(<code>%s</code>,%d 个段落,%d 个数字,内置)吗?", embedded[0].Title, id, embedded[0].Passages, embedded[0].Figures)
	if got := ask.Params["text"]; !strings.HasPrefix(got, want) {
		t.Errorf("/remove asks %q, want it to start %q", got, want)
	}
	var kb keyboard
	if err := ask.JSON("reply_markup", &kb); err != nil || len(kb.InlineKeyboard) != 1 || len(kb.InlineKeyboard[0]) != 2 ||
		kb.InlineKeyboard[0][0].Text != "删除" || kb.InlineKeyboard[0][1].Text != "取消" {
		t.Fatalf("buttons: %+v, %v", kb, err)
	}
	remove, keep := kb.InlineKeyboard[0][0].CallbackData, kb.InlineKeyboard[0][1].CallbackData
	if metas, _ := st.Reports(); len(metas) != 2 {
		t.Errorf("removed before it was confirmed: %+v", metas)
	}
	// A member's press does nothing.
	taps(srv, 42, ask, remove)
	if acks := srv.WaitFor("answerCallbackQuery", 1, 5*time.Second); len(acks) != 1 || acks[0].Params["text"] != "只有管理员可以这样做。" {
		t.Errorf("a member's press: %+v", acks)
	}
	adminTaps(srv, ask, keep)
	if got := lastSent(t, srv, 3).Params["text"]; got != "已取消,报告没有变化。" {
		t.Errorf("after 取消: %q", got)
	}
	if drops := srv.WaitFor("editMessageReplyMarkup", 1, 5*time.Second); len(drops) != 1 || drops[0].Params["reply_markup"] != `{"inline_keyboard":[]}` {
		t.Errorf("the buttons after 取消: %+v", drops)
	}
	adminTaps(srv, ask, remove)
	if acks := srv.WaitFor("answerCallbackQuery", 3, 5*time.Second); len(acks) != 3 || acks[2].Params["text"] != "这个请求已过期。" {
		t.Errorf("删除 after 取消: %+v", acks)
	}
	if metas, _ := st.Reports(); len(metas) != 2 {
		t.Errorf("removed after 取消: %+v", metas)
	}
	// Asked again and confirmed, it is removed.
	srv.AddUpdate(adminCommand("/remove " + id))
	adminTaps(srv, lastSent(t, srv, 4), remove)
	if got := lastSent(t, srv, 5).Params["text"]; !strings.HasPrefix(got, "已删除 "+id+",重建索引:1 份报告") {
		t.Errorf("after 删除: %q", got)
	}
	if metas, _ := st.Reports(); len(metas) != 1 || metas[0].ID != "plan-2024" {
		t.Errorf("reports after 删除: %+v", metas)
	}
}

// failingLibrary is a library whose re-extraction fails for n reports.
type failingLibrary struct {
	*store.Store
	n int
}

func (f failingLibrary) ReextractAll(ctx context.Context, progress func(done, total int)) (store.Reextracted, error) {
	var r store.Reextracted
	for i := range f.n {
		r.Failed = append(r.Failed, store.ReextractFailure{ID: fmt.Sprintf("a-report-with-a-long-name-%04d-0123456789abcdef", i), Error: "the original is gone"})
	}
	return r, nil
}

// TestReextractFailuresFitAMessage: the status message of a
// re-extraction many reports failed names some and counts the rest,
// within Telegram's 4096 characters.
func TestReextractFailuresFitAMessage(t *testing.T) {
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, _, _ := start(t, func(c *Config) {
		c.Engine, c.Library, c.Admins = answer.New(st.Searcher()), failingLibrary{st, 300}, []int64{adminID}
	})
	srv.AddUpdate(adminCommand("/reindex 重新提取"))
	edits := srv.WaitFor("editMessageText", 1, 10*time.Second)
	if len(edits) != 1 {
		t.Fatalf("status edits: %+v", edits)
	}
	text := edits[0].Params["text"]
	if n := utf8.RuneCountInString(text); n > maxMessageRunes || !strings.Contains(text, "300 份报告的原文件提取不出来") ||
		!strings.Contains(text, "另有 250 份见日志") || strings.Contains(text, "-0050-") {
		t.Errorf("status (%d characters):\n%s", n, text)
	}
}

// deadlineLibrary reports the time left to each replace it is asked for.
type deadlineLibrary struct {
	*store.Store
	left chan time.Duration
}

func (d deadlineLibrary) Add(ctx context.Context, name string, data []byte, opt store.AddOptions) (store.Meta, store.Stats, error) {
	if opt.Replace {
		left := time.Duration(-1)
		if dl, ok := ctx.Deadline(); ok {
			left = time.Until(dl)
		}
		d.left <- left
	}
	return d.Store.Add(ctx, name, data, opt)
}

// TestConfirmedReplaceHasAnAdminsTime: a replace confirmed with its
// button runs under adminTimeout, as an upload does, not under the
// button's reply deadline (five minutes).
func TestConfirmedReplaceHasAnAdminsTime(t *testing.T) {
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, _, err := st.Add(context.Background(), "plan-2024.md", []byte(plan), store.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	lib := deadlineLibrary{st, make(chan time.Duration, 1)}
	srv, _, _ := start(t, func(c *Config) {
		c.Engine, c.Library, c.Admins = answer.New(st.Searcher()), lib, []int64{adminID}
	})
	srv.AddFile("f2", "documents/file_2.md", []byte(plan))
	srv.AddUpdate(document(adminID, "f2", "plan-again.md", len(plan)))
	edits := srv.WaitFor("editMessageText", 1, 10*time.Second)
	if len(edits) != 1 {
		t.Fatalf("confirmation: %+v", edits)
	}
	confirm := edits[0]
	srv.AddUpdate(fmt.Sprintf(`{"callback_query":{"id":"c9","from":{"id":%d,"is_bot":false,"first_name":"管理员"},"chat_instance":"x","data":"replace:%[2]s",
		"message":{"message_id":%[2]s,"date":1,"chat":{"id":%[3]d,"type":"private"},"text":"?","reply_markup":%[4]s}}}`, adminID, confirm.Params["message_id"], adminID, confirm.Params["reply_markup"]))
	select {
	case left := <-lib.left:
		if left <= replyDeadline {
			t.Errorf("the replace had %v left, want an admin's %v", left, adminTimeout)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no replace")
	}
}

// TestExamplesFollowTheReports: the example questions under /start and
// /help, and in the hints, are those the reports answer now. Once the
// embedded report they were written for is removed none is offered (they
// were, got 报告里没有找到 and filled /unanswered), and a button under a
// help sent before asks nothing: it gives way to the examples answered
// now (none: the buttons go).
func TestExamplesFollowTheReports(t *testing.T) {
	srv, st := startAdmin(t)
	helpKeyboard := func(n int) (fakebotapi.Request, keyboard) {
		t.Helper()
		srv.AddUpdate(message(5001, "private", "/start", ""))
		help := lastSent(t, srv, n)
		var kb keyboard
		if help.Params["reply_markup"] != "" {
			if err := help.JSON("reply_markup", &kb); err != nil {
				t.Fatal(err)
			}
		}
		return help, kb
	}
	help, kb := helpKeyboard(1)
	if len(kb.InlineKeyboard) != 3 || !strings.Contains(help.Params["text"], "试试:") {
		t.Fatalf("help on the embedded report: %q, %+v", help.Params["text"], kb)
	}
	metas, _ := st.Reports()
	if _, _, err := st.Add(context.Background(), "plan-2024.md", []byte(plan), store.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Remove(context.Background(), metas[0].ID); err != nil {
		t.Fatal(err)
	}
	again, kb := helpKeyboard(2)
	if len(kb.InlineKeyboard) != 0 || strings.Contains(again.Params["text"], "试试") {
		t.Errorf("help without the report the examples fit: %q, %+v", again.Params["text"], kb)
	}
	srv.AddUpdate(`{"message":{"message_id":9,"date":1,"from":{"id":42,"is_bot":false,"first_name":"职工"},"chat":{"id":5001,"type":"private"},
		"sticker":{"file_id":"s","file_unique_id":"u","type":"regular","width":512,"height":512,"is_animated":false,"is_video":false}}}`)
	if got := lastSent(t, srv, 3).Params["text"]; got != "我只能读懂文字问题,请直接输入问题。" {
		t.Errorf("sticker hint: %q", got)
	}
	// The first help's button, pressed now.
	taps(srv, 42, help, "q:0")
	acks := srv.WaitFor("answerCallbackQuery", 1, 5*time.Second)
	if len(acks) != 1 || acks[0].Params["text"] != "这个示例已不适用于现在的报告。" {
		t.Errorf("an example no report answers, pressed: %+v", acks)
	}
	edits := srv.WaitFor("editMessageReplyMarkup", 1, 5*time.Second)
	if len(edits) != 1 || edits[0].Params["reply_markup"] != `{"inline_keyboard":[]}` {
		t.Errorf("the old help's buttons: %+v", edits)
	}
	time.Sleep(200 * time.Millisecond) // for an answer, were one coming
	if n := len(srv.Requests("sendMessage")); n != 3 {
		t.Errorf("the example was asked: %d messages", n)
	}
	if entries, _ := asklog.Read(st.Dir()); len(entries) != 0 {
		t.Errorf("question log: %+v", entries)
	}
}

// TestOnlyAnsweredExamplesAreOffered: of the configured examples, those
// the reports do not answer are left out of the help and the hints.
func TestOnlyAnsweredExamplesAreOffered(t *testing.T) {
	srv, _, _ := start(t, func(c *Config) { c.Examples = []string{"明天上海会下雨吗?", "会员卡发出去多少张?"} })
	srv.AddUpdate(message(5001, "private", "/help", ""))
	var kb keyboard
	if err := lastSent(t, srv, 1).JSON("reply_markup", &kb); err != nil || len(kb.InlineKeyboard) != 1 || kb.InlineKeyboard[0][0].Text != "会员卡发出去多少张?" {
		t.Errorf("help's buttons: %+v, %v", kb, err)
	}
	srv.AddUpdate(`{"message":{"message_id":9,"date":1,"from":{"id":42,"is_bot":false,"first_name":"职工"},"chat":{"id":5001,"type":"private"},
		"sticker":{"file_id":"s","file_unique_id":"u","type":"regular","width":512,"height":512,"is_animated":false,"is_video":false}}}`)
	if got := lastSent(t, srv, 2).Params["text"]; got != "我只能读懂文字问题,请直接输入问题,例如:会员卡发出去多少张?" {
		t.Errorf("sticker hint: %q", got)
	}
	srv.AddUpdate(message(-100, "group", "/ask", ""))
	if got := lastSent(t, srv, 3).Params["text"]; got != "请在命令或提及后写上问题,例如:/ask 会员卡发出去多少张?" {
		t.Errorf("an empty /ask: %q", got)
	}
}

// TestUploadWithoutAFileName: a document sent with no file name is
// "收到文件", not "收到 ,", and is added (its ID from its title).
func TestUploadWithoutAFileName(t *testing.T) {
	srv, _ := startAdmin(t)
	srv.AddFile("f1", "documents/file_1.md", []byte(plan))
	srv.AddUpdate(strings.Replace(document(adminID, "f1", "", len(plan)), `,"file_name":""`, "", 1))
	status := srv.WaitFor("sendMessage", 1, 5*time.Second)
	if len(status) != 1 || status[0].Params["text"] != "收到文件,正在解析和建立索引…" {
		t.Errorf("status: %+v", status)
	}
	if got := finished(t, srv, 1).Params["text"]; !strings.HasPrefix(got, "已添加 2024年贵州省总工会工作要点(") {
		t.Errorf("result: %q", got)
	}
}
