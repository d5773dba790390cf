package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/corpus/extract"
	"github.com/reportbot/reportbot/store"
)

// maxDownload is the most a bot may download from Telegram.
const maxDownload = 20 << 20

// Library is the report store admins manage from Telegram.
type Library interface {
	Reports() ([]store.Meta, error)
	Add(ctx context.Context, name string, data []byte, opt store.AddOptions) (store.Meta, store.Stats, error)
	Remove(ctx context.Context, id string) (store.Stats, error)
	// Removable returns the report Remove would remove, or the error it
	// would refuse it with (store.Store.Removable).
	Removable(id string) (store.Meta, error)
	Reindex(ctx context.Context, progress func(done, total int)) (store.Stats, error)
	ReextractAll(ctx context.Context, progress func(done, total int)) (store.Reextracted, error)
}

// admin holds what the admin commands need.
type admin struct {
	ids      []int64
	lib      Library // its rebuilds observed in Config.Metrics
	maxBytes int64

	mu sync.Mutex
	// pending are the uploads waiting for "replace" confirmation, by the
	// prompt that asks it: the same file sent again under another title
	// is another prompt, whose 替换 replaces the report it names.
	pending map[prompt]upload
	// removals are the reports waiting for /remove's confirmation, by
	// removalKey. Like pending uploads, one is taken by a press and gone
	// after a restart: a button pressed later has expired.
	removals map[string]string
}

// prompt is the bot's message asking whether to replace a report.
type prompt struct {
	chat    int64
	message int
}

// upload is a report an admin sent: the document, and the title its
// caption gives ("" for the document's own).
type upload struct {
	doc   models.Document
	title string
}

func (b *Bot) isAdmin(user int64) bool {
	return b.admin != nil && slices.Contains(b.admin.ids, user)
}

// adminCommands are the commands only admins may use: the reports' here,
// the question log's (learnCommands) in unanswered.go.
var adminCommands = []string{"reports", "remove", "reindex"}

// takesNothing are the admin commands that take no argument, and what
// each does: one given an argument says so, where it was ignored
// ("/stats 30" showed the last 14 days as if asked for 30).
var takesNothing = map[string]string{
	"reports":    "它列出报告",
	"unanswered": "它列出成员没答上或被点 👎 的问题",
	"synonyms":   "它列出管理员添加的同义词;添加用 /synonym 词 词,删除用 /unsynonym 词",
	"stats":      fmt.Sprintf("它显示最近 %d 天的提问统计", statsDays),
	"feedback":   fmt.Sprintf("它显示最近 %d 天的提问统计", statsDays),
}

// onAdminMessage handles documents and admin commands; it reports whether
// the message was one. Admin work happens in private chats: in a group
// a document is none of the bot's business, and an admin command gets a
// pointer to the private chat.
func (b *Bot) onAdminMessage(ctx context.Context, m *models.Message, l lane, cmd, arg string) bool {
	private := m.Chat.Type == models.ChatTypePrivate
	isAdminCmd := slices.Contains(adminCommands, cmd) || slices.Contains(learnCommands, cmd)
	user := int64(0)
	if m.From != nil {
		user = m.From.ID
	}
	switch {
	case !isAdminCmd && (m.Document == nil || !private || b.admin == nil):
		return false
	case !b.isAdmin(user):
		if isAdminCmd {
			b.send(ctx, l, m.ID, "这个命令只有管理员可以用。", nil)
			return true
		}
		return false // a member's document: onMessage tells them
	case !private:
		b.send(ctx, l, m.ID, "管理命令请在和我的私聊里用。", nil)
		return true
	}
	if what, ok := takesNothing[cmd]; ok && arg != "" && m.Document == nil {
		b.send(ctx, l, m.ID, "/"+cmd+" 不带参数,"+what+"。", nil)
		return true
	}
	if m.Document == nil && b.onLearnCommand(ctx, m, l, cmd, arg) {
		return true
	}
	switch {
	case m.Document != nil:
		// A caption is the report's title, as reports add --title: a
		// report whose title is taken is added beside it so.
		title, err := store.CleanTitle(m.Caption)
		if err != nil {
			b.log.Info("caption refused as a title", "err", err)
			b.send(ctx, l, m.ID, "没有添加:"+explain(err), nil)
			return true
		}
		b.addDocument(ctx, l, m.ID, upload{doc: *m.Document, title: title}, false)
	case cmd == "reports":
		b.send(ctx, l, m.ID, b.reportList(), nil)
	case cmd == "remove":
		if arg == "" {
			b.send(ctx, l, m.ID, "用法:/remove 报告ID(见 /reports)", nil)
			return true
		}
		b.confirmRemoval(ctx, l, m.ID, arg)
	case cmd == "reindex":
		switch arg {
		case "":
			b.withProgress(ctx, l, m.ID, "正在重建索引…", func(ctx context.Context, progress func(int, int)) (string, error) {
				st, err := b.admin.lib.Reindex(ctx, progress)
				if err != nil {
					return "", err
				}
				return summary("索引已重建", st), nil
			}, "索引没有重建", nil)
		case reextractArg:
			b.reextractAll(ctx, l, m.ID)
		default:
			b.send(ctx, l, m.ID, "用法:/reindex 重建索引;/reindex "+reextractArg+" 先从原文件重新提取由别的版本提取的报告,再重建索引", nil)
		}
	}
	return true
}

// Callback data of /remove's confirmation: rm:<key> removes the report
// removalKey names, keep:<key> keeps it.
const (
	confirmRemove = "rm:"
	keepReport    = "keep:"
)

// confirmRemoval asks an admin to confirm removing report id, naming it:
// a removal cannot be undone (the embedded report is gone until
// uploaded again). An ID no report has, or the only report, is refused
// at once, as the removal would refuse it.
func (b *Bot) confirmRemoval(ctx context.Context, l lane, replyTo int, id string) {
	// The store's own check, so that no report Remove would refuse is
	// offered for confirmation.
	m, err := b.admin.lib.Removable(id)
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrLastReport):
		b.send(ctx, l, replyTo, notRemoved(err), nil)
		return
	case err != nil:
		b.send(ctx, l, replyTo, "读取报告列表失败:"+explain(err), nil)
		return
	}
	key := removalKey(id)
	b.admin.mu.Lock()
	b.admin.removals[key] = id
	b.admin.mu.Unlock()
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
		{Text: "删除", CallbackData: confirmRemove + key},
		{Text: "取消", CallbackData: keepReport + key},
	}}}
	b.send(ctx, l, replyTo, fmt.Sprintf("要删除报告 <b>%s</b>(<code>%s</code>,%d 个段落,%d 个数字,%s)吗?删除后成员就问不到它了,要恢复只能重新上传。",
		esc(m.Title), esc(m.ID), m.Passages, m.Figures, addedOn(m)), kb)
}

// notRemoved says a removal was refused, before its confirmation or
// after, and why: nothing changed.
func notRemoved(err error) string {
	return "没有删除,报告和索引都没有变化:" + explain(err)
}

// removalKey names a report in /remove's buttons: a hash of its ID, which
// may not fit Telegram's 64 bytes of callback data.
func removalKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:6])
}

// onRemoveCallback handles /remove's confirmation: verb "rm" removes the
// report, "keep" keeps it.
func (b *Bot) onRemoveCallback(ctx context.Context, cq *models.CallbackQuery, l lane, verb, key string, ack func(string)) {
	if !b.isAdmin(cq.From.ID) {
		ack("只有管理员可以这样做。")
		return
	}
	b.admin.mu.Lock()
	id, found := b.admin.removals[key]
	delete(b.admin.removals, key)
	b.admin.mu.Unlock()
	msg := cq.Message.Message
	if !b.confirmed(ctx, l, msg, ack, found, verb == "keep") {
		return
	}
	// Under adminTimeout, not detached from ctx: a stop cuts the
	// rebuild short (rolled back) within shutdownGrace, as /reindex.
	work, cancel := context.WithTimeout(ctx, adminTimeout)
	defer cancel()
	st, err := b.admin.lib.Remove(work, id)
	if err != nil {
		b.log.Warn("remove refused", "id", id, "err", err)
		b.send(ctx, l, msg.ID, notRemoved(err), nil)
		return
	}
	b.send(ctx, l, msg.ID, fmt.Sprintf("已删除 %s,重建索引:%d 份报告,%d 个段落,用时 %v。", esc(id), st.Reports, st.Passages, st.Took.Round(time.Millisecond)), nil)
}

// reextractArg asks /reindex to extract first, anew from its original
// file, every report another version extracted (store.Store.ReextractAll).
const reextractArg = "重新提取"

// reextractAll extracts every report kept with its original file and
// extracted by another version anew (store.Store.ReextractAll),
// showing a status message; after a failure it says how many were
// extracted before it, since those stay extracted anew.
func (b *Bot) reextractAll(ctx context.Context, l lane, replyTo int) {
	b.withProgress(ctx, l, replyTo, "正在从原文件重新提取报告(每份报告重建一次索引)…", func(ctx context.Context, progress func(int, int)) (string, error) {
		r, err := b.admin.lib.ReextractAll(ctx, progress)
		switch {
		case err != nil && len(r.Done) > 0:
			return fmt.Sprintf("已从原文件重新提取 %d 份报告,之后停了下来,其余的保持原样:", len(r.Done)), err
		case err != nil:
			return "", err
		}
		text := summary(fmt.Sprintf("已从原文件重新提取 %d 份报告(%d 份已由当前的提取程序提取过,%d 份没有原文件,保持原样),索引已重建", len(r.Done), len(r.Current), len(r.Kept)), r.Last())
		if len(r.Failed) > 0 {
			var ids []string
			for _, f := range r.Failed {
				if len(ids) < maxListedFailures {
					ids = append(ids, esc(f.ID))
				}
				b.log.Warn("re-extraction failed", "id", f.ID, "err", f.Error)
			}
			more := ""
			if n := len(r.Failed) - len(ids); n > 0 {
				more = fmt.Sprintf(" 等(另有 %d 份见日志)", n)
			}
			text += fmt.Sprintf("\n%d 份报告的原文件提取不出来,保持原样:%s%s", len(r.Failed), strings.Join(ids, "、"), more)
		}
		return text, nil
	}, "没有重新提取", nil)
}

// maxListedFailures is how many reports that failed to re-extract the
// status message names; the rest are counted and logged. 50 IDs of up
// to 48 bytes keep the message well under Telegram's 4096 characters.
const maxListedFailures = 50

// explain says in Chinese why a report could not be added, removed or
// rebuilt; the error itself is logged.
func explain(err error) string {
	switch {
	case errors.Is(err, store.ErrExists):
		return "已有同名报告。"
	case errors.Is(err, store.ErrBadTitle):
		return "文件说明是报告的标题,它太长了(或不是有效的文字),请改短些再发。"
	case errors.Is(err, store.ErrBusy):
		return "正在进行另一次重建索引,请等它完成后再试。"
	case errors.Is(err, store.ErrNotFound):
		return "没有这个报告 ID,请用 /reports 查看。"
	case errors.Is(err, store.ErrLastReport):
		return "这是唯一的一份报告,不能删除;请先添加另一份。"
	case errors.Is(err, store.ErrReadOnly):
		return "报告库现在不接受修改。"
	case errors.Is(err, store.ErrTooLong):
		return "报告太长,无法建立索引。"
	case errors.Is(err, extract.ErrEmpty), errors.Is(err, corpus.ErrNoText):
		return "文件里没有文字。"
	case errors.Is(err, extract.ErrBinary):
		return "这不是文档文件。"
	case errors.Is(err, extract.ErrUnsupported):
		return "不支持这种格式。可以上传纯文本、Markdown、HTML 网页、DOCX、ODT,或有文字层的 PDF。"
	case errors.Is(err, extract.ErrUndecodable):
		return "读不出文件内容:编码无法识别,或文件已损坏、加了密。"
	case errors.Is(err, extract.ErrTooLarge):
		return "文件太大。"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return "用时太长或机器人正在停止,已经中止。"
	}
	return "出了点问题,详情已记在日志里。"
}

// addDocument downloads an uploaded report and adds it; with replace,
// in place of the stored report of the same title.
func (b *Bot) addDocument(ctx context.Context, l lane, replyTo int, up upload, replace bool) {
	doc := up.doc
	limit := b.admin.maxBytes
	if doc.FileSize > limit {
		b.send(ctx, l, replyTo, fmt.Sprintf("文件太大(%.1f MB),上限是 %d MB。", float64(doc.FileSize)/(1<<20), limit>>20), nil)
		return
	}
	data, err := b.download(ctx, doc.FileID, limit)
	if err != nil {
		b.log.Warn("download failed", "file", doc.FileName, "err", err)
		text := "下载文件失败,请稍后再发一次。"
		if errors.Is(err, extract.ErrTooLarge) {
			text = fmt.Sprintf("文件太大,上限是 %d MB。", limit>>20)
		}
		b.send(ctx, l, replyTo, text, nil)
		return
	}
	// A client may send a document without a file name.
	got := "收到文件"
	if doc.FileName != "" {
		got = "收到 " + esc(doc.FileName)
	}
	b.withProgress(ctx, l, replyTo, got+",正在解析和建立索引…", func(ctx context.Context, progress func(int, int)) (string, error) {
		m, st, err := b.admin.lib.Add(ctx, doc.FileName, data, store.AddOptions{Title: up.title, Replace: replace, MaxBytes: limit, Progress: progress})
		if errors.Is(err, store.ErrExists) {
			return replacePrompt(err), err
		}
		if err != nil {
			return "", err
		}
		// Say which happened, as reports add does: a report of that
		// title may have been removed since the admin was asked.
		did, note := "已添加", ""
		if st.Replaced {
			did = "已替换"
		} else if replace {
			note = "(原来的同名报告已经不在了,没有可替换的)"
		}
		return fmt.Sprintf("%s %s(%s)%s:%d 个段落,%d 个数字。\n%s", did, esc(m.Title), esc(m.ID), note, m.Passages, m.Figures, summary("索引已重建", st)), nil
	}, "没有添加", &up)
}

// replacePrompt asks whether to replace the stored report an upload's
// title is taken by, naming it (store.ExistsError): title, ID, passages
// and figures, when it was added; an error naming none (from another
// Library) asks without.
func replacePrompt(err error) string {
	const how = "要用这个文件替换它吗?\n也可以把文件重新发一次,在文件说明里写上另一个标题,作为另一份报告添加。"
	if ee := (*store.ExistsError)(nil); errors.As(err, &ee) {
		m := ee.Existing
		return fmt.Sprintf("已有同名报告 <b>%s</b>(<code>%s</code>,%d 个段落,%d 个数字,%s)。\n%s",
			esc(m.Title), esc(m.ID), m.Passages, m.Figures, addedOn(m), how)
	}
	return "已有同名报告。" + how
}

// addedOn says when a report was added: "2024-03-01 09:30 添加", or that
// it is the embedded one.
func addedOn(m store.Meta) string {
	if m.Added.IsZero() {
		return "内置"
	}
	return m.Added.Local().Format("2006-01-02 15:04") + " 添加"
}

// download fetches a file through getFile and the Bot API's file URL.
// A file over limit is extract.ErrTooLarge.
func (b *Bot) download(ctx context.Context, fileID string, limit int64) ([]byte, error) {
	f, err := retry(ctx, b, "getFile", isTransient, func(ctx context.Context) (*models.File, error) {
		return b.tg.GetFile(ctx, &tg.GetFileParams{FileID: fileID})
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.tg.FileDownloadLink(f), nil)
	if err != nil {
		return nil, redact(err, b.cfg.Token)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, redact(err, b.cfg.Token)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download: %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, redact(err, b.cfg.Token)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("download: over %d MB: %w", limit>>20, extract.ErrTooLarge)
	}
	return data, nil
}

// progressEvery is the least time between two progress edits of one
// status message: Telegram allows about one edit a second per message.
const progressEvery = time.Second

// withProgress shows a status message, edits it as work progresses and
// with the result, or with failed and why. Work that fails after changing
// something returns what it changed as its result with the error, shown
// instead of failed. An ErrExists error asks, with its result as the
// question, to confirm replacing the report with pending (nil for none),
// kept by the prompt until its button is pressed.
//
// The work runs under adminTimeout, not a reply's deadline: a large
// rebuild may take minutes. Its progress is shown by a statusMessage in
// a lane of its own, so the rebuild never waits for a turn to send, and
// the result replaces whatever progress is still unsent and is retried
// for replyDeadline from when the work ends.
func (b *Bot) withProgress(ctx context.Context, l lane, replyTo int, status string, work func(ctx context.Context, progress func(int, int)) (string, error), failed string, pending *upload) {
	sl := lane{chat: l.chat, sender: statusSender, thread: l.thread}
	sendCtx, cancel := context.WithTimeout(ctx, replyDeadline)
	msg, ok := b.sendMessage(sendCtx, sl, replyTo, status, nil)
	cancel()
	if !ok {
		return
	}
	sm := b.newStatusMessage(ctx, sl, msg.ID)
	var last time.Time
	progress := func(done, total int) {
		if time.Since(last) < progressEvery || done == total {
			return
		}
		last = time.Now()
		sm.show(fmt.Sprintf("%s %d/%d 段", status, done, total), nil)
	}
	workCtx, cancelWork := context.WithTimeout(ctx, adminTimeout)
	result, err := work(workCtx, progress)
	cancelWork()
	if err != nil {
		b.log.Warn("admin work failed", "err", err)
	}
	switch {
	case errors.Is(err, store.ErrExists) && pending != nil:
		b.admin.mu.Lock()
		b.admin.pending[prompt{chat: l.chat, message: msg.ID}] = *pending
		b.admin.mu.Unlock()
		id := strconv.Itoa(msg.ID)
		kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
			{Text: "替换", CallbackData: "replace:" + id},
			{Text: "取消", CallbackData: "cancel:" + id},
		}}}
		sm.finish(result, kb)
	case errors.Is(err, store.ErrBusy):
		sm.finish(explain(err), nil)
	case err != nil && result != "":
		// It failed after changing something, which result says.
		sm.finish(result+explain(err), nil)
	case err != nil:
		sm.finish(failed+",现有报告和索引都没有变化:"+explain(err), nil)
	default:
		sm.finish(result, nil)
	}
}

// statusMessage is a message the bot edits to show how work goes. Edits
// go out one at a time in the message's lane, the latest text only: show
// never blocks, and an edit superseded before its turn is not sent.
type statusMessage struct {
	b   *Bot
	ctx context.Context
	l   lane
	id  int

	mu      sync.Mutex
	text    string
	kb      *models.InlineKeyboardMarkup
	final   bool
	pending bool          // text not yet sent
	sending bool          // an editor goroutine is running
	sent    chan struct{} // closed when the final text has been sent or given up
}

func (b *Bot) newStatusMessage(ctx context.Context, l lane, id int) *statusMessage {
	return &statusMessage{b: b, ctx: ctx, l: l, id: id, sent: make(chan struct{})}
}

// show replaces the text to show; it returns at once.
func (s *statusMessage) show(text string, kb *models.InlineKeyboardMarkup) {
	s.set(text, kb, false)
}

// finish shows the final text and waits until it has been sent, or
// replyDeadline has passed trying.
func (s *statusMessage) finish(text string, kb *models.InlineKeyboardMarkup) {
	s.set(text, kb, true)
	<-s.sent
}

// set makes text the one to show, the last one if final, and starts an
// editor unless one is running.
func (s *statusMessage) set(text string, kb *models.InlineKeyboardMarkup, final bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.final {
		return
	}
	s.text, s.kb, s.pending, s.final = text, kb, true, final
	if !s.sending {
		s.sending = true
		go s.edit()
	}
}

// edit sends the latest text until none is pending, and closes sent once
// the final text has gone.
func (s *statusMessage) edit() {
	for {
		s.mu.Lock()
		if !s.pending {
			s.sending = false
			if s.final {
				close(s.sent)
			}
			s.mu.Unlock()
			return
		}
		// A message holds at most maxMessageRunes: the first part of a
		// longer text, rather than an edit Telegram refuses.
		p := &tg.EditMessageTextParams{ChatID: s.l.chat, MessageID: s.id, Text: split(s.text, maxMessageRunes)[0], ParseMode: models.ParseModeHTML}
		if s.kb != nil {
			p.ReplyMarkup = s.kb
		}
		final := s.final
		s.pending = false
		s.mu.Unlock()
		// Each edit, the final one included, has its own deadline from
		// when it is made, however long the work before it took.
		ctx, cancel := context.WithTimeout(s.ctx, replyDeadline)
		_, err := paced(ctx, s.b, s.l, "editMessageText", func(ctx context.Context) (*models.Message, error) {
			return s.b.tg.EditMessageText(ctx, p)
		})
		cancel()
		if err != nil {
			s.b.log.Warn("status edit failed", "chat", s.l.chat, "final", final, "err", err)
		}
	}
}

// onAdminCallback handles the replace/cancel confirmation of an upload,
// the one the pressed prompt (message id) asks about.
func (b *Bot) onAdminCallback(ctx context.Context, cq *models.CallbackQuery, l lane, verb, id string, ack func(string)) {
	if !b.isAdmin(cq.From.ID) {
		ack("只有管理员可以这样做。")
		return
	}
	msg := cq.Message.Message
	key := prompt{chat: msg.Chat.ID, message: msg.ID}
	b.admin.mu.Lock()
	up, found := b.admin.pending[key]
	if found && id == strconv.Itoa(msg.ID) {
		delete(b.admin.pending, key)
	} else {
		found = false // a button of another prompt (before a restart)
	}
	b.admin.mu.Unlock()
	if !b.confirmed(ctx, l, msg, ack, found, verb == "cancel") {
		return
	}
	b.addDocument(ctx, l, msg.ID, up, true)
}

// confirmed settles a press of a confirmation prompt's buttons (replace,
// remove): an expired prompt says so; every press takes the prompt's
// buttons away, before an action that may take minutes; a cancel says
// nothing changed. It reports whether the confirmed action goes ahead.
func (b *Bot) confirmed(ctx context.Context, l lane, msg *models.Message, ack func(string), found, cancel bool) bool {
	if !found {
		ack("这个请求已过期。")
		b.setButtons(ctx, l, msg, nil)
		return false
	}
	ack("")
	b.setButtons(ctx, l, msg, nil)
	if cancel {
		b.send(ctx, l, msg.ID, "已取消,报告没有变化。", nil)
		return false
	}
	return true
}

func (b *Bot) reportList() string {
	metas, err := b.admin.lib.Reports()
	if err != nil {
		return "读取报告列表失败:" + explain(err)
	}
	var sb strings.Builder
	sb.WriteString("<b>报告</b>\n")
	for _, m := range metas {
		added := "内置"
		if !m.Added.IsZero() {
			added = m.Added.Format("2006-01-02")
		}
		fmt.Fprintf(&sb, "• <code>%s</code> %s(%s,%d 段,%d 个数字,%s)\n", esc(m.ID), esc(m.Title), esc(m.Format), m.Passages, m.Figures, added)
	}
	return sb.String()
}

func summary(what string, st store.Stats) string {
	return fmt.Sprintf("%s:%d 份报告,%d 个段落,%d 个数字,用时 %v。", what, st.Reports, st.Passages, st.Figures, st.Took.Round(time.Millisecond))
}
