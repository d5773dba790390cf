package bot

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/reportbot/reportbot/store"
)

// maxDownload is the most a bot may download from Telegram.
const maxDownload = 20 << 20

// Library is the report store admins manage from Telegram.
type Library interface {
	Reports() ([]store.Meta, error)
	Add(ctx context.Context, name string, data []byte, opt store.AddOptions) (store.Meta, store.Stats, error)
	Remove(ctx context.Context, id string) (store.Stats, error)
	Reindex(ctx context.Context, progress func(done, total int)) (store.Stats, error)
}

// admin holds what the admin commands need.
type admin struct {
	ids      []int64
	lib      Library
	maxBytes int64
	feedback string // path of the feedback file, for /feedback

	mu      sync.Mutex
	pending map[string]models.Document // uploads waiting for "replace" confirmation, by file_unique_id
}

func (b *Bot) isAdmin(user int64) bool {
	return b.admin != nil && slices.Contains(b.admin.ids, user)
}

// onAdminMessage handles documents and admin commands; it reports whether
// the message was one.
func (b *Bot) onAdminMessage(ctx context.Context, m *models.Message, cmd, arg string) bool {
	private := m.Chat.Type == models.ChatTypePrivate
	isAdminCmd := cmd == "reports" || cmd == "remove" || cmd == "reindex" || cmd == "feedback" || learnCommands[cmd]
	if m.Document == nil && !isAdminCmd {
		return false
	}
	if !private {
		return m.Document != nil || isAdminCmd // admin work happens in private chats only
	}
	user := int64(0)
	if m.From != nil {
		user = m.From.ID
	}
	if !b.isAdmin(user) {
		b.send(ctx, m.Chat.ID, m.ID, "抱歉,只有管理员可以管理报告;你发的文件没有被使用。", nil)
		return true
	}
	if m.Document == nil && b.onLearnCommand(ctx, m, cmd, arg) {
		return true
	}
	switch {
	case m.Document != nil:
		b.addDocument(ctx, m.Chat.ID, m.ID, *m.Document, false)
	case cmd == "reports":
		b.send(ctx, m.Chat.ID, m.ID, b.reportList(), nil)
	case cmd == "remove":
		if arg == "" {
			b.send(ctx, m.Chat.ID, m.ID, "用法:/remove 报告ID(见 /reports)", nil)
			return true
		}
		st, err := b.admin.lib.Remove(ctx, arg)
		if err != nil {
			b.send(ctx, m.Chat.ID, m.ID, "没有删除:"+esc(err.Error()), nil)
			return true
		}
		b.send(ctx, m.Chat.ID, m.ID, fmt.Sprintf("已删除 %s,重建索引:%d 份报告,%d 个段落,用时 %v。", esc(arg), st.Reports, st.Passages, st.Took.Round(time.Millisecond)), nil)
	case cmd == "reindex":
		b.withProgress(ctx, m.Chat.ID, m.ID, "正在重建索引…", func(progress func(int, int)) (string, error) {
			st, err := b.admin.lib.Reindex(ctx, progress)
			if err != nil {
				return "", err
			}
			return summary("索引已重建", st), nil
		})
	case cmd == "feedback":
		b.send(ctx, m.Chat.ID, m.ID, feedbackSummary(b.admin.feedback), nil)
	}
	return true
}

// addDocument downloads an uploaded report and adds it.
func (b *Bot) addDocument(ctx context.Context, chat int64, replyTo int, doc models.Document, replace bool) {
	limit := b.admin.maxBytes
	if doc.FileSize > limit {
		b.send(ctx, chat, replyTo, fmt.Sprintf("文件太大(%.1f MB),上限是 %d MB。", float64(doc.FileSize)/(1<<20), limit>>20), nil)
		return
	}
	data, err := b.download(ctx, doc.FileID, limit)
	if err != nil {
		b.send(ctx, chat, replyTo, "下载文件失败:"+esc(err.Error()), nil)
		return
	}
	b.withProgress(ctx, chat, replyTo, "收到 "+esc(doc.FileName)+",正在解析和建立索引…", func(progress func(int, int)) (string, error) {
		m, st, err := b.admin.lib.Add(ctx, doc.FileName, data, store.AddOptions{Replace: replace, MaxBytes: limit, Progress: progress})
		if errors.Is(err, store.ErrExists) {
			b.admin.mu.Lock()
			b.admin.pending[doc.FileUniqueID] = doc
			b.admin.mu.Unlock()
			return "", err
		}
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("已添加 %s(%s):%d 个段落,%d 个数字。\n%s", esc(m.Title), esc(m.ID), m.Passages, m.Figures, summary("索引已重建", st)), nil
	}, doc.FileUniqueID)
}

// download fetches a file through getFile and the Bot API's file URL.
func (b *Bot) download(ctx context.Context, fileID string, limit int64) ([]byte, error) {
	f, err := retry(ctx, b.cfg.Backoff, func(ctx context.Context) (*models.File, error) {
		return b.tg.GetFile(ctx, &tg.GetFileParams{FileID: fileID})
	})
	if err != nil {
		return nil, redact(err, b.cfg.Token)
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
		return nil, fmt.Errorf("file over %d MB", limit>>20)
	}
	return data, nil
}

// withProgress shows a status message, edits it as work progresses and
// with the result. An ErrExists result asks for confirmation instead.
func (b *Bot) withProgress(ctx context.Context, chat int64, replyTo int, status string, work func(progress func(int, int)) (string, error), pendingID ...string) {
	msg, err := paced(ctx, b, chat, func(ctx context.Context) (*models.Message, error) {
		return b.tg.SendMessage(ctx, &tg.SendMessageParams{ChatID: chat, Text: status, ParseMode: models.ParseModeHTML,
			ReplyParameters: &models.ReplyParameters{MessageID: replyTo, AllowSendingWithoutReply: true}})
	})
	if err != nil {
		return
	}
	edit := func(text string, kb *models.InlineKeyboardMarkup) {
		paced(ctx, b, chat, func(ctx context.Context) (*models.Message, error) {
			p := &tg.EditMessageTextParams{ChatID: chat, MessageID: msg.ID, Text: text, ParseMode: models.ParseModeHTML}
			if kb != nil {
				p.ReplyMarkup = kb
			}
			return b.tg.EditMessageText(ctx, p)
		})
	}
	var last time.Time
	progress := func(done, total int) {
		// Telegram allows about one edit a second per message.
		if time.Since(last) < time.Second || done == total {
			return
		}
		last = time.Now()
		edit(fmt.Sprintf("%s %d/%d 段", status, done, total), nil)
	}
	result, err := work(progress)
	switch {
	case errors.Is(err, store.ErrExists) && len(pendingID) > 0:
		kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
			{Text: "替换", CallbackData: trim64("replace:" + pendingID[0])},
			{Text: "取消", CallbackData: trim64("cancel:" + pendingID[0])},
		}}}
		edit("已有同名报告:"+esc(err.Error())+"\n要替换它吗?", kb)
	case errors.Is(err, store.ErrBusy):
		edit("正在进行另一次重建索引,请等它完成后再试。", nil)
	case err != nil:
		edit("没有添加,现有报告和索引都没有变化:"+esc(err.Error()), nil)
	default:
		edit(result, nil)
	}
}

// onAdminCallback handles the replace/cancel confirmation.
func (b *Bot) onAdminCallback(ctx context.Context, cq *models.CallbackQuery, ack func(string)) bool {
	if b.onLearnCallback(ctx, cq, ack) {
		return true
	}
	verb, id, ok := strings.Cut(cq.Data, ":")
	if !ok || (verb != "replace" && verb != "cancel") {
		return false
	}
	if !b.isAdmin(cq.From.ID) {
		ack("只有管理员可以这样做")
		return true
	}
	b.admin.mu.Lock()
	doc, found := b.admin.pending[id]
	delete(b.admin.pending, id)
	b.admin.mu.Unlock()
	msg := cq.Message.Message
	if !found || msg == nil {
		ack("这个请求已过期")
		return true
	}
	ack("")
	if verb == "cancel" {
		b.send(ctx, msg.Chat.ID, msg.ID, "已取消,报告没有变化。", nil)
		return true
	}
	b.addDocument(ctx, msg.Chat.ID, msg.ID, doc, true)
	return true
}

func (b *Bot) reportList() string {
	metas, err := b.admin.lib.Reports()
	if err != nil {
		return "读取报告列表失败:" + esc(err.Error())
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

// feedbackSummary counts votes and lists the most asked unanswered questions.
func feedbackSummary(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "还没有反馈。"
	}
	defer f.Close()
	up, down := 0, 0
	missing := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var fb Feedback
		if json.Unmarshal(sc.Bytes(), &fb) != nil {
			continue
		}
		switch {
		case fb.Vote == "up":
			up++
		case fb.Vote == "down":
			down++
		case !fb.Found && fb.Question != "":
			missing[fb.Question]++
		}
	}
	qs := make([]string, 0, len(missing))
	for q := range missing {
		qs = append(qs, q)
	}
	sort.Slice(qs, func(i, j int) bool {
		return missing[qs[i]] > missing[qs[j]] || missing[qs[i]] == missing[qs[j]] && qs[i] < qs[j]
	})
	var sb strings.Builder
	fmt.Fprintf(&sb, "👍 %d  👎 %d\n", up, down)
	if len(qs) > 0 {
		sb.WriteString("\n没找到答案最多的问题:\n")
		for i, q := range qs {
			if i == 10 {
				break
			}
			fmt.Fprintf(&sb, "%d. %s(%d 次)\n", i+1, esc(q), missing[q])
		}
	}
	return sb.String()
}
