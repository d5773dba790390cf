// Package bot is reportbot's Telegram front end, built on
// github.com/go-telegram/bot. It answers with the same answer.Engine as
// the command line: in private chats every text is a question; in groups
// the bot answers when mentioned, when replied to, or on /ask.
package bot

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	htmlpkg "html"
	"log/slog"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/learn"
)

// tokenRe is the shape of a Bot API token: "123456:ABC-def…".
var tokenRe = regexp.MustCompile(`^\d{3,}:[A-Za-z0-9_-]{20,}$`)

// ErrBadToken is returned for a missing or malformed token.
var ErrBadToken = errors.New("TELEGRAM_BOT_TOKEN is missing or malformed (want 123456:ABC…, from @BotFather)")

// Config configures a Bot.
type Config struct {
	Token string
	// APIURL is the Bot API server ("" for Telegram's).
	APIURL string
	Engine *answer.Engine
	// Reports lists the titles of the reports the bot knows, for /help.
	Reports func() []string
	// Examples are questions offered as buttons under /start and /help.
	Examples []string
	// RateLimit is how many questions one user may ask per RateWindow (0: no limit).
	RateLimit  int
	RateWindow time.Duration
	// Feedback records 👍/👎 and unanswered questions; nil keeps none.
	Feedback FeedbackStore
	// Admins are the Telegram user IDs allowed to manage reports in Library.
	Admins  []int64
	Library Library
	// MaxUpload limits uploaded reports (default and at most 20 MB, Telegram's download limit).
	MaxUpload int64
	// Images opens a report's illustration by the name answers give
	// (Illustration.Image); nil sends captions only.
	Images func(name string) ([]byte, error)
	// FeedbackPath is the feedback file /feedback summarises.
	FeedbackPath string
	// Learn serves admins /unanswered, /synonym, /synonyms, /unsynonym
	// and /stats (and /feedback as /stats) from the data directory; nil
	// refuses them.
	Learn *learn.Admin
	// WebhookSecret, when set, is checked on every webhook request.
	WebhookSecret string
	Logger        *slog.Logger
	// Backoff is the first wait after a server or network error (default 500ms).
	Backoff time.Duration
	// SendInterval is the least time between any two messages the bot
	// sends or edits, in all chats together (0: Telegram's limit of about
	// 30 a second). Messages over the limit wait their turn.
	SendInterval time.Duration
	// GroupSendInterval is the least time between two messages the bot
	// sends or edits in one group chat (0: Telegram's limit of one a second).
	GroupSendInterval time.Duration
	// Conversations is how many members' last questions are remembered for
	// follow-ups ("那去年呢?"), least recently active forgotten first
	// (0: defaultConversations).
	Conversations int
}

// Bot answers questions in Telegram.
type Bot struct {
	cfg      Config
	tg       *tg.Bot
	username string
	id       int64
	limiter  *rateLimiter
	log      *slog.Logger
	admin    *admin
	pace     *pacer
	chats    *chatQueue // updates waiting their turn in each chat
	convs    *answer.Conversations[conversation]
	client   *http.Client   // the bot's own connections to the Bot API
	inflight sync.WaitGroup // updates taken and not yet answered
}

// answerTimeout bounds one update's handling, including after shutdown
// starts; it runs from when the update's turn in its chat comes.
const answerTimeout = 30 * time.Second

// pollTimeout bounds a long poll (getUpdates) and any other Bot API call.
const pollTimeout = time.Minute

// newHTTPClient is a client of its own for the Bot API, so that stopping
// the bot closes its connections. Telegram is one host, and up to about
// 30 messages a second go to it at once: keep that many connections.
func newHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	return &http.Client{Timeout: pollTimeout, Transport: tr}
}

// CheckToken reports ErrBadToken for a missing or malformed token.
func CheckToken(token string) error {
	if !tokenRe.MatchString(token) {
		return ErrBadToken
	}
	return nil
}

// New connects to the Bot API (getMe) and sets up the handlers.
func New(ctx context.Context, cfg Config) (*Bot, error) {
	if err := CheckToken(cfg.Token); err != nil {
		return nil, err
	}
	if cfg.Engine == nil {
		return nil, errors.New("bot: no answer engine")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 500 * time.Millisecond
	}
	if cfg.RateWindow <= 0 {
		cfg.RateWindow = time.Minute
	}
	b := &Bot{cfg: cfg, limiter: newRateLimiter(cfg.RateLimit, cfg.RateWindow), log: cfg.Logger,
		pace: newPacer(cfg.SendInterval, cfg.GroupSendInterval), chats: newChatQueue(), client: newHTTPClient(),
		convs: newConversations(cfg.Conversations)}
	if cfg.Library != nil {
		limit := cfg.MaxUpload
		if limit <= 0 || limit > maxDownload {
			limit = maxDownload
		}
		b.admin = &admin{ids: cfg.Admins, lib: cfg.Library, maxBytes: limit, feedback: cfg.FeedbackPath, pending: map[string]models.Document{}}
	}
	opts := []tg.Option{
		tg.WithDefaultHandler(b.handle),
		// One worker calling handle in turn hands updates over in the
		// order Telegram sent them; handle only queues them.
		tg.WithWorkers(1),
		tg.WithNotAsyncHandlers(),
		tg.WithHTTPClient(pollTimeout, b.client),
		tg.WithErrorsHandler(func(err error) { b.log.Warn("telegram", "err", redact(err, cfg.Token)) }),
		tg.WithCheckInitTimeout(10 * time.Second),
		tg.WithSkipGetMe(), // called below, with retries
	}
	if cfg.APIURL != "" {
		opts = append(opts, tg.WithServerURL(strings.TrimRight(cfg.APIURL, "/")))
	}
	if cfg.WebhookSecret != "" {
		opts = append(opts, tg.WithWebhookSecretToken(cfg.WebhookSecret))
	}
	t, err := tg.New(cfg.Token, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to the Bot API: %w", redact(err, cfg.Token))
	}
	b.tg = t
	me, err := retry(ctx, cfg.Backoff, func(ctx context.Context) (*models.User, error) { return t.GetMe(ctx) })
	if err != nil {
		return nil, fmt.Errorf("getMe: %w", redact(err, cfg.Token))
	}
	b.username, b.id = me.Username, me.ID
	return b, nil
}

// redact removes the token from an error's text.
func redact(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "***"))
}

// commands is the menu registered with setMyCommands.
var commands = []models.BotCommand{
	{Command: "start", Description: "介绍与示例问题"},
	{Command: "help", Description: "能问什么"},
	{Command: "ask", Description: "提问(群里用):/ask 问题"},
	{Command: "reports", Description: "管理员:报告列表"},
	{Command: "reindex", Description: "管理员:重建索引"},
	{Command: "feedback", Description: "管理员:反馈汇总"},
	{Command: "unanswered", Description: "管理员:没答上的问题"},
	{Command: "synonyms", Description: "管理员:同义词(/synonym 加,/unsynonym 删)"},
	{Command: "stats", Description: "管理员:提问统计"},
}

// RegisterCommands sets the command menu.
func (b *Bot) RegisterCommands(ctx context.Context) error {
	_, err := retry(ctx, b.cfg.Backoff, func(ctx context.Context) (bool, error) {
		return b.tg.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: commands})
	})
	return err
}

// Run answers updates by long polling until ctx ends; updates already
// taken are answered first, then the bot's connections are closed.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.RegisterCommands(ctx); err != nil {
		return fmt.Errorf("setMyCommands: %w", redact(err, b.cfg.Token))
	}
	b.log.Info("bot started", "username", b.username, "mode", "polling")
	b.tg.Start(ctx)
	b.Wait()
	b.client.CloseIdleConnections()
	b.log.Info("bot stopped")
	return nil
}

// Wait blocks until every update taken has been answered; with a
// webhook, also until the webhook's context has ended and it takes no more.
func (b *Bot) Wait() { b.inflight.Wait() }

// Webhook registers the command menu, starts processing updates that
// arrive through the returned handler (which checks the secret token on
// every request) and stops when ctx ends.
func (b *Bot) Webhook(ctx context.Context) (http.Handler, error) {
	if err := b.RegisterCommands(ctx); err != nil {
		return nil, fmt.Errorf("setMyCommands: %w", redact(err, b.cfg.Token))
	}
	// Counted in flight, so Wait also waits for the last update taken.
	b.inflight.Add(1)
	go func() {
		defer b.inflight.Done()
		b.tg.StartWebhook(ctx)
	}()
	b.log.Info("bot started", "username", b.username, "mode", "webhook")
	inner := b.tg.WebhookHandler()
	secret := []byte(b.cfg.WebhookSecret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Refuse a wrong secret outright rather than answer 200 and drop it.
		got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if len(secret) > 0 && subtle.ConstantTimeCompare(got, secret) != 1 {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		inner(w, r)
	}), nil
}

// SetWebhook tells Telegram where to deliver updates.
func (b *Bot) SetWebhook(ctx context.Context, url string) error {
	_, err := retry(ctx, b.cfg.Backoff, func(ctx context.Context) (bool, error) {
		return b.tg.SetWebhook(ctx, &tg.SetWebhookParams{URL: url, SecretToken: b.cfg.WebhookSecret})
	})
	return redact(err, b.cfg.Token)
}

// Username is the bot's @username.
func (b *Bot) Username() string { return b.username }

// handle takes the updates, one at a time in the order Telegram sent
// them, and queues each behind the earlier ones of its chat, so answers
// in a chat go out in question order. It returns at once.
func (b *Bot) handle(ctx context.Context, _ *tg.Bot, u *models.Update) {
	b.inflight.Add(1)
	work := func() {
		defer b.inflight.Done()
		// Shutdown cancels ctx; an update already taken is still answered.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), answerTimeout)
		defer cancel()
		b.process(ctx, u)
	}
	if chat, ok := chatOf(u); ok {
		b.chats.do(chat, work)
		return
	}
	go work()
}

// chatOf is the chat an update waits its turn in: messages, and buttons
// that answer with a new message (an example question, replacing or
// keeping a report). Votes, other passages and inline queries need not
// wait, and are handled at once.
func chatOf(u *models.Update) (int64, bool) {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID, true
	case u.CallbackQuery != nil && u.CallbackQuery.Message.Message != nil:
		switch verb, _, _ := strings.Cut(u.CallbackQuery.Data, ":"); verb {
		case "q", "replace", "cancel", "us", "ud":
			return u.CallbackQuery.Message.Message.Chat.ID, true
		}
	}
	return 0, false
}

// process answers one update.
func (b *Bot) process(ctx context.Context, u *models.Update) {
	switch {
	case u.Message != nil:
		b.onMessage(ctx, u.Message)
	case u.CallbackQuery != nil:
		b.onCallback(ctx, u.CallbackQuery)
	case u.InlineQuery != nil:
		b.onInline(ctx, u.InlineQuery)
	}
}

// question extracts the question of a message, or "" when the bot should
// stay silent (a group message not meant for it).
func (b *Bot) question(m *models.Message) (q string, command string) {
	text := strings.TrimSpace(m.Text)
	if strings.HasPrefix(text, "/") {
		cmd, rest, _ := strings.Cut(text, " ")
		cmd, to, _ := strings.Cut(strings.TrimPrefix(cmd, "/"), "@")
		if to != "" && !strings.EqualFold(to, b.username) {
			return "", ""
		}
		return strings.TrimSpace(rest), cmd
	}
	if m.Chat.Type == models.ChatTypePrivate {
		return text, ""
	}
	mention := "@" + b.username
	if b.username != "" && strings.Contains(strings.ToLower(text), strings.ToLower(mention)) {
		i := strings.Index(strings.ToLower(text), strings.ToLower(mention))
		return strings.TrimSpace(text[:i] + text[i+len(mention):]), ""
	}
	if m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == b.id {
		return text, ""
	}
	return "", ""
}

func (b *Bot) onMessage(ctx context.Context, m *models.Message) {
	private := m.Chat.Type == models.ChatTypePrivate
	q, cmd := b.question(m)
	if b.admin != nil && b.onAdminMessage(ctx, m, cmd, q) {
		return
	}
	if m.Document != nil && private {
		b.send(ctx, m.Chat.ID, m.ID, "抱歉,只有管理员可以添加报告;你发的文件没有被使用。", nil)
		return
	}
	if m.Text == "" {
		if private {
			b.send(ctx, m.Chat.ID, m.ID, "我只能读懂文字问题。请直接输入,例如:"+esc(firstOr(b.cfg.Examples, "工会会员有多少人?")), nil)
		}
		return
	}
	switch cmd {
	case "start", "help":
		b.help(ctx, m)
		return
	case "ask", "":
	default:
		if private {
			b.send(ctx, m.Chat.ID, m.ID, "不认识这个命令。发送 /help 查看用法。", nil)
		}
		return
	}
	if q == "" && cmd == "" {
		return // a group message not addressed to the bot
	}
	user := int64(0)
	if m.From != nil {
		user = m.From.ID
	}
	b.answer(ctx, conversationOf(m, user), m.ID, q)
}

// answer asks the engine in conversation c, reading a follow-up with the
// member's question before it, and replies to message msgID.
func (b *Bot) answer(ctx context.Context, c conversation, msgID int, q string) {
	chat, user := c.chat, c.user
	if !b.limiter.allow(user) {
		b.send(ctx, chat, msgID, "问得太快啦,请稍等一会儿再问。", nil)
		return
	}
	b.tg.SendChatAction(ctx, &tg.SendChatActionParams{ChatID: chat, Action: models.ChatActionTyping})
	start := time.Now()
	a, err := b.convs.Ask(ctx, b.cfg.Engine, c, q)
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		b.send(ctx, chat, msgID, "请在命令或提及后写上问题,例如:/ask 工会会员有多少人?", nil)
		return
	case errors.Is(err, answer.ErrQuestionTooLong):
		b.send(ctx, chat, msgID, fmt.Sprintf("问题太长了,请控制在 %d 字以内。", answer.MaxQuestionRunes), nil)
		return
	case err != nil:
		b.log.Error("answer failed", "err", err)
		b.send(ctx, chat, msgID, "抱歉,出了点问题,请稍后再试。", nil)
		return
	}
	b.log.Info("answered", "chat", chat, "found", a.Found, "took", time.Since(start))
	if b.cfg.Feedback != nil {
		b.cfg.Feedback.Record(ctx, askedFeedback(user, a))
	}
	var kb *models.InlineKeyboardMarkup
	if a.Found {
		kb = answerKeyboard(a, 0)
	}
	b.send(ctx, chat, msgID, renderAnswer(a), kb)
	if a.Found && a.Illustration != nil && a.Illustration.Image != "" && b.cfg.Images != nil {
		b.sendPhoto(ctx, chat, a.Illustration)
	}
}

// sendPhoto sends the report's picture that belongs to the answer.
func (b *Bot) sendPhoto(ctx context.Context, chat int64, ill *answer.Illustration) {
	data, err := b.cfg.Images(ill.Image)
	if err != nil {
		b.log.Warn("illustration missing", "image", ill.Image, "err", err)
		return
	}
	_, err = paced(ctx, b, chat, func(ctx context.Context) (*models.Message, error) {
		return b.tg.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: chat, Caption: esc(ill.Caption), ParseMode: models.ParseModeHTML,
			Photo: &models.InputFileUpload{Filename: path.Base(ill.Image), Data: bytes.NewReader(data)}})
	})
	if err != nil {
		b.log.Warn("sendPhoto failed", "err", redact(err, b.cfg.Token))
	}
}

func answerKeyboard(a answer.Answer, shown int) *models.InlineKeyboardMarkup {
	var row []models.InlineKeyboardButton
	if shown < len(a.Alternatives) {
		row = append(row, models.InlineKeyboardButton{Text: "其他相关段落", CallbackData: "alt:" + strconv.Itoa(shown+1)})
	}
	key := a.Passage.Key
	if shown > 0 {
		key = a.Alternatives[shown-1].Key
	}
	row = append(row,
		models.InlineKeyboardButton{Text: "👍", CallbackData: trim64("up:" + key)},
		models.InlineKeyboardButton{Text: "👎", CallbackData: trim64("down:" + key)},
	)
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{row}}
}

// trim64 keeps callback data within Telegram's 64 bytes.
func trim64(s string) string {
	for len(s) > 64 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

func (b *Bot) help(ctx context.Context, m *models.Message) {
	var sb strings.Builder
	sb.WriteString("我可以回答关于这些报告的问题:\n")
	if b.cfg.Reports != nil {
		for _, t := range b.cfg.Reports() {
			sb.WriteString("• " + esc(t) + "\n")
		}
	}
	sb.WriteString("\n直接发问题给我;在群里请 @" + esc(b.username) + " 或用 /ask 问题。试试:")
	var rows [][]models.InlineKeyboardButton
	for _, q := range b.cfg.Examples {
		rows = append(rows, []models.InlineKeyboardButton{{Text: q, CallbackData: trim64("q:" + q)}})
	}
	var kb *models.InlineKeyboardMarkup
	if len(rows) > 0 {
		kb = &models.InlineKeyboardMarkup{InlineKeyboard: rows}
	}
	b.send(ctx, m.Chat.ID, m.ID, sb.String(), kb)
}

func (b *Bot) onCallback(ctx context.Context, cq *models.CallbackQuery) {
	data := cq.Data
	ack := func(text string) {
		retry(ctx, b.cfg.Backoff, func(ctx context.Context) (bool, error) {
			return b.tg.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cq.ID, Text: text})
		})
	}
	msg := cq.Message.Message
	if b.admin != nil && b.onAdminCallback(ctx, cq, ack) {
		return
	}
	switch {
	case strings.HasPrefix(data, "q:") && msg != nil:
		ack("")
		b.answer(ctx, conversationOf(msg, cq.From.ID), msg.ID, strings.TrimPrefix(data, "q:"))
	case strings.HasPrefix(data, "alt:") && msg != nil && msg.ReplyToMessage != nil:
		n, _ := strconv.Atoi(strings.TrimPrefix(data, "alt:"))
		q, _ := b.question(msg.ReplyToMessage)
		if q == "" {
			q = msg.ReplyToMessage.Text
		}
		a, err := b.cfg.Engine.Ask(ctx, q)
		if err != nil || n < 1 || n > len(a.Alternatives) {
			ack("没有更多相关段落了")
			return
		}
		ack("")
		text := renderPassage(a.Alternatives[n-1])
		paced(ctx, b, msg.Chat.ID, func(ctx context.Context) (*models.Message, error) {
			return b.tg.EditMessageText(ctx, &tg.EditMessageTextParams{
				ChatID: msg.Chat.ID, MessageID: msg.ID, Text: split(text, maxMessageRunes)[0],
				ParseMode: models.ParseModeHTML, ReplyMarkup: answerKeyboard(a, n),
			})
		})
	case strings.HasPrefix(data, "up:"), strings.HasPrefix(data, "down:"):
		vote, key, _ := strings.Cut(data, ":")
		if b.cfg.Feedback != nil {
			q := ""
			if msg != nil && msg.ReplyToMessage != nil {
				q = msg.ReplyToMessage.Text
			}
			b.cfg.Feedback.Record(ctx, Feedback{Time: time.Now(), User: cq.From.ID, Question: q, Passage: key, Vote: vote, Found: true})
		}
		ack("谢谢反馈!")
	default:
		ack("")
	}
}

func (b *Bot) onInline(ctx context.Context, iq *models.InlineQuery) {
	a, err := b.cfg.Engine.Ask(ctx, iq.Query)
	results := []models.InlineQueryResult{}
	if err == nil && a.Found {
		passages := append([]answer.Passage{*a.Passage}, a.Alternatives...)
		for i, p := range passages {
			title := p.Citation()
			text := renderPassage(p)
			if i == 0 {
				text = renderAnswer(a)
				if a.Figure != nil {
					title = a.Figure.Text + " — " + a.Figure.Label
				}
			}
			results = append(results, &models.InlineQueryResultArticle{
				ID: strconv.Itoa(i), Title: title, Description: corpus.Shorten(p.Text, 80),
				InputMessageContent: &models.InputTextMessageContent{MessageText: split(text, maxMessageRunes)[0], ParseMode: models.ParseModeHTML},
			})
		}
	}
	retry(ctx, b.cfg.Backoff, func(ctx context.Context) (bool, error) {
		return b.tg.AnswerInlineQuery(ctx, &tg.AnswerInlineQueryParams{InlineQueryID: iq.ID, Results: results, CacheTime: 60})
	})
}

// send replies with HTML text, split to Telegram's limit, keyboard on the last part.
func (b *Bot) send(ctx context.Context, chat int64, replyTo int, text string, kb *models.InlineKeyboardMarkup) {
	parts := split(text, maxMessageRunes)
	for i, part := range parts {
		p := &tg.SendMessageParams{ChatID: chat, Text: part, ParseMode: models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tg.True()}}
		if i == 0 && replyTo != 0 {
			p.ReplyParameters = &models.ReplyParameters{MessageID: replyTo, AllowSendingWithoutReply: true}
		}
		if i == len(parts)-1 && kb != nil {
			p.ReplyMarkup = kb
		}
		if _, err := paced(ctx, b, chat, func(ctx context.Context) (*models.Message, error) { return b.tg.SendMessage(ctx, p) }); err != nil {
			b.log.Warn("sendMessage failed", "chat", chat, "err", redact(err, b.cfg.Token))
			return
		}
	}
}

// paced makes a call that puts a message into chat (a send or an edit)
// with retries; every attempt first waits its turn under Telegram's
// limits, since Telegram counts each one.
func paced[T any](ctx context.Context, b *Bot, chat int64, call func(context.Context) (T, error)) (T, error) {
	return retry(ctx, b.cfg.Backoff, func(ctx context.Context) (T, error) {
		if err := b.pace.wait(ctx, chat); err != nil {
			var zero T
			return zero, fmt.Errorf("wait for a turn to send to chat %d: %w", chat, err)
		}
		defer b.pace.done(chat)
		return call(ctx)
	})
}

func esc(s string) string { return htmlpkg.EscapeString(s) }

func firstOr(list []string, def string) string {
	if len(list) > 0 {
		return list[0]
	}
	return def
}
