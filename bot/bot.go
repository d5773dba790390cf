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
	"io"
	"log/slog"
	"net/http"
	"path"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	lru "github.com/hashicorp/golang-lru/v2"

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
	// Examples are questions offered as buttons under /start and /help,
	// each only while the reports answer it (Bot.examples).
	Examples []string
	// RateLimit is how many questions one user may ask per RateWindow (0: no limit).
	RateLimit  int
	RateWindow time.Duration
	// Feedback records the questions asked and the 👍/👎 on answers; nil
	// keeps none.
	Feedback FeedbackStore
	// Admins are the Telegram user IDs allowed to manage reports in Library.
	Admins  []int64
	Library Library
	// MaxUpload limits uploaded reports (default and at most 20 MB, Telegram's download limit).
	MaxUpload int64
	// Images opens a report's illustration by the name answers give
	// (Illustration.Image); nil sends captions only.
	Images func(name string) ([]byte, error)
	// Learn serves admins /unanswered, /synonym, /synonyms, /unsynonym
	// and /stats (and /feedback as /stats) from the data directory; nil
	// refuses them.
	Learn *learn.Admin
	// WebhookSecret, when set, is checked on every webhook request.
	WebhookSecret string
	Logger        *slog.Logger
	// Metrics counts questions, rebuilds, Bot API errors and the send
	// queue; nil counts nothing.
	Metrics *Metrics
	// Backoff is the first wait after a server or network error (default
	// 500ms); the waits grow from it, with jitter, to at most 30 s.
	Backoff time.Duration
	// SendInterval is the time between two messages the bot sends or
	// edits, in all chats together, on average: a few may go at once to
	// make up for turns a busy machine woke up late for (0: Telegram's
	// limit of about 30 a second). Messages over the limit wait their turn.
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
	username string      // set once getMe succeeds, before ready
	id       int64       // set once getMe succeeds, before ready
	ready    atomic.Bool // getMe succeeded: the Bot API is reached
	limiter  *rateLimiter
	// inlineLimiter bounds a user's inline queries, which run the engine
	// as questions do but are not queued in a lane.
	inlineLimiter *rateLimiter
	log           *slog.Logger
	admin         *admin
	pace          *pacer
	chats         *chatQueue // updates waiting their turn in each lane
	convs         *answer.Conversations[conversation]
	// answers are the turns the bot's answers were given for, by the
	// message carrying their buttons: "其他相关段落" shows more of the
	// question as it was read (a follow-up with the question before it).
	answers *lru.Cache[sentAnswer, answered]
	// taken are the answers whose offered reading was pressed: button
	// presses are not queued, so two may race, and one answers.
	taken *lru.Cache[sentAnswer, struct{}]
	// asked are the questions last answered, by the member's message:
	// Telegram sends edited_message also for changes other than the text
	// (a reaction), and an edit that leaves the question as it was is not
	// answered again.
	asked    *lru.Cache[memberMessage, string]
	sending  *sending       // answers in flight, which a button press may wait for
	client   *http.Client   // the bot's own connections to the Bot API
	inflight sync.WaitGroup // updates taken and not yet answered
	menu     sync.WaitGroup // the command menu being set (connect)
}

// answerTimeout bounds the engine's work on one question.
const answerTimeout = 30 * time.Second

// adminTimeout bounds an admin's upload or rebuild: a build of 1,000
// reports takes about 16 s, so an hour means something is stuck.
const adminTimeout = time.Hour

// shutdownGrace is how long updates already taken may still run once
// the bot is told to stop. Docker allows 10 s from SIGTERM to SIGKILL;
// this leaves time to close connections and exit cleanly within them.
const shutdownGrace = 8 * time.Second

// pollTimeout bounds a long poll (getUpdates) and any other Bot API call.
const pollTimeout = time.Minute

// longPoll is how long getUpdates waits for an update: within
// pollTimeout, so the HTTP client does not cut a poll that is on time.
const longPoll = 50 * time.Second

// newHTTPClient is a client of its own for the Bot API, so that stopping
// the bot closes its connections. Telegram is one host, and up to about
// 30 messages a second go to it at once: keep that many connections.
func newHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	return &http.Client{Timeout: pollTimeout, Transport: tr}
}

// TooLongReply is what a question over answer.MaxQuestionRunes is told:
// by the bot, and by reportbot chat.
func TooLongReply() string {
	return fmt.Sprintf("问题太长了,请控制在 %d 字以内。", answer.MaxQuestionRunes)
}

// CheckToken reports ErrBadToken for a missing or malformed token.
func CheckToken(token string) error {
	if !tokenRe.MatchString(token) {
		return ErrBadToken
	}
	return nil
}

// New checks the configuration and sets up the handlers. It does not
// reach the Bot API: Run and Webhook do, and wait for it as long as it
// takes, so a bot started while Telegram or a self-hosted Bot API is
// unreachable comes up with it. Ready reports when it has.
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
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	b := &Bot{cfg: cfg, limiter: newRateLimiter(cfg.RateLimit, cfg.RateWindow),
		inlineLimiter: newRateLimiter(inlineQueriesPerQuestion*cfg.RateLimit, cfg.RateWindow), log: cfg.Logger,
		pace: newPacer(cfg.SendInterval, cfg.GroupSendInterval, cfg.Metrics), chats: newChatQueue(), client: newHTTPClient(),
		convs: newConversations(cfg.Conversations), answers: newSentCache[answered](), taken: newSentCache[struct{}](), asked: newAskedCache(), sending: newSending()}
	if cfg.Library != nil {
		limit := cfg.MaxUpload
		if limit <= 0 || limit > maxDownload {
			limit = maxDownload
		}
		b.admin = &admin{ids: cfg.Admins, lib: cfg.Metrics.ObserveLibrary(cfg.Library), maxBytes: limit, pending: map[prompt]upload{}, removals: map[string]string{}}
	}
	opts := []tg.Option{
		tg.WithDefaultHandler(b.handle),
		// ProcessUpdate calls handle, which only queues the update, before
		// it returns: poll and the webhook hand updates over in the order
		// Telegram sent them.
		tg.WithWorkers(1),
		tg.WithNotAsyncHandlers(),
		tg.WithHTTPClient(pollTimeout, b.client),
		tg.WithErrorsHandler(func(err error) { b.log.Warn("telegram", "err", redact(err, cfg.Token)) }),
		tg.WithSkipGetMe(), // connect calls it, retrying
	}
	if cfg.APIURL != "" {
		opts = append(opts, tg.WithServerURL(cfg.APIURL))
	}
	t, err := tg.New(cfg.Token, opts...)
	if err != nil {
		return nil, fmt.Errorf("set up the Bot API client: %w", redact(err, cfg.Token))
	}
	b.tg = t
	return b, nil
}

// Ready reports whether the Bot API has been reached (getMe succeeded):
// until then the bot takes no updates.
func (b *Bot) Ready() bool { return b.ready.Load() }

// connect calls getMe until it succeeds or ctx ends, then registers the
// command menu. It reports false if ctx ended first.
func (b *Bot) connect(ctx context.Context) bool {
	me, err := retry(ctx, b, "getMe", anyError, func(ctx context.Context) (*models.User, error) { return b.tg.GetMe(ctx) })
	if err != nil {
		return false
	}
	b.username, b.id = me.Username, me.ID
	b.ready.Store(true)
	b.log.Info("Bot API reached", "username", b.username)
	// The menu is a convenience: the commands work without it, so setting
	// it (retried through a 429's retry_after or a run of 5xx answers)
	// holds up no question. Run, and the webhook's goroutine, wait for it
	// once ctx ends (not Wait: its Add may come while Wait waits).
	b.menu.Add(1)
	go func() {
		defer b.menu.Done()
		if err := b.RegisterCommands(ctx); err != nil && ctx.Err() == nil {
			b.log.Warn("setMyCommands refused; the command menu is not set", "err", err)
		}
	}()
	return ctx.Err() == nil
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
	{Command: "id", Description: "查看你的用户 ID 和这个聊天的 ID"},
	{Command: "reports", Description: "管理员:报告列表"},
	{Command: "reindex", Description: "管理员:重建索引(加“重新提取”则先从原文件重新提取由别的版本提取的报告)"},
	{Command: "feedback", Description: "管理员:反馈汇总"},
	{Command: "unanswered", Description: "管理员:没答上的问题"},
	{Command: "synonyms", Description: "管理员:同义词(/synonym 加,/unsynonym 删)"},
	{Command: "stats", Description: "管理员:提问统计"},
}

// RegisterCommands sets the command menu, retrying network and server
// errors until ctx ends; a refusal (400) is returned at once.
func (b *Bot) RegisterCommands(ctx context.Context) error {
	_, err := retry(ctx, b, "setMyCommands", isTransient, func(ctx context.Context) (bool, error) {
		return b.tg.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: commands})
	})
	return err
}

// Run answers updates by long polling until ctx ends, waiting first for
// the Bot API for as long as it takes; updates already taken are
// answered (for up to shutdownGrace), then the bot's connections are
// closed. It returns nil: nothing but ctx ends it.
func (b *Bot) Run(ctx context.Context) error {
	if b.connect(ctx) && b.dropWebhook(ctx) {
		b.log.Info("bot started", "username", b.username, "mode", "polling")
		b.poll(ctx)
	}
	b.Wait()
	b.menu.Wait()
	b.client.CloseIdleConnections()
	b.log.Info("bot stopped")
	return nil
}

// dropWebhook removes a webhook an earlier run in webhook mode set:
// while one is set, getUpdates is refused (409 Conflict) and polling
// would never get an update. Pending updates are kept. The webhook
// removed is logged: a polling run started with the token of a bot
// running behind a webhook (a test on a laptop) takes its updates from
// then on, and the log says whose they were. It reports false if ctx
// ended first.
func (b *Bot) dropWebhook(ctx context.Context) bool {
	info, err := retry(ctx, b, "getWebhookInfo", isTransient, func(ctx context.Context) (*models.WebhookInfo, error) {
		return b.tg.GetWebhookInfo(ctx)
	})
	switch {
	case ctx.Err() != nil:
		return false
	case err == nil && info.URL == "":
		return true
	case err == nil:
		b.log.Warn("deleting the webhook set for this bot, to poll", "url", info.URL, "pending", info.PendingUpdateCount)
	}
	_, err = retry(ctx, b, "deleteWebhook", isTransient, func(ctx context.Context) (bool, error) {
		return b.tg.DeleteWebhook(ctx, &tg.DeleteWebhookParams{})
	})
	if err != nil && ctx.Err() == nil {
		// Refused (400, 401): polling says why, on every call.
		b.log.Warn("deleteWebhook refused", "err", err)
	}
	return ctx.Err() == nil
}

// Wait blocks until every update taken has been answered; with a
// webhook, also until the webhook's context has ended and it takes no more.
func (b *Bot) Wait() { b.inflight.Wait() }

// Webhook returns a handler for the updates Telegram posts, which checks
// the secret token on every request, and processes them until ctx ends.
// It returns at once: the Bot API is reached in the background, and
// until it is the handler answers 503, which Telegram retries.
//
// An update is handed to the bot before its request is answered, so one
// answered 200 is one the bot answers (Wait waits for it); once ctx has
// ended the handler answers 503, and Telegram delivers the update again
// to the next run. (Through go-telegram/bot's handler an update was
// queued for a worker that a stop ended, answered 200 and lost.)
func (b *Bot) Webhook(ctx context.Context) (http.Handler, error) {
	// taking hands updates over one at a time, in the order they came, as
	// polling does.
	var taking sync.Mutex
	// Counted in flight, so Wait also waits for the command menu, and for
	// an update being handed over as ctx ends (counted by handle before
	// this count goes).
	b.inflight.Add(1)
	go func() {
		defer b.inflight.Done()
		if b.connect(ctx) {
			b.log.Info("bot started", "username", b.username, "mode", "webhook")
		}
		<-ctx.Done()
		// Wait for an update being handed over as ctx ended (the lock is
		// taken only to wait for its holder): after it, every handler
		// answers 503 and hands nothing more over.
		func() {
			taking.Lock()
			defer taking.Unlock()
		}()
		b.menu.Wait()
	}()
	secret := []byte(b.cfg.WebhookSecret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Refuse a wrong secret outright rather than answer 200 and drop it.
		got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if len(secret) > 0 && subtle.ConstantTimeCompare(got, secret) != 1 {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		if !b.Ready() {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		raw, err := io.ReadAll(io.LimitReader(r.Body, maxUpdatesBody))
		if err != nil {
			http.Error(w, "cannot read the update", http.StatusBadRequest)
			return
		}
		taking.Lock()
		defer taking.Unlock()
		if ctx.Err() != nil {
			http.Error(w, "stopping", http.StatusServiceUnavailable)
			return
		}
		id, u, err := decodeUpdate(raw)
		if err != nil {
			// Answered 200: Telegram would post it again and again.
			b.log.Error("skipped an update that does not decode", "update_id", id, "err", err, "update", shorten(raw, 500))
			return
		}
		b.tg.ProcessUpdate(ctx, u)
	}), nil
}

// SetWebhook tells Telegram where to deliver updates, trying until it
// succeeds or ctx ends.
func (b *Bot) SetWebhook(ctx context.Context, url string) error {
	_, err := retry(ctx, b, "setWebhook", anyError, func(ctx context.Context) (bool, error) {
		return b.tg.SetWebhook(ctx, &tg.SetWebhookParams{URL: url, SecretToken: b.cfg.WebhookSecret})
	})
	return err
}

// Username is the bot's @username ("" until Ready).
func (b *Bot) Username() string { return b.username }

// handle takes the updates, one at a time in the order Telegram sent
// them, and queues each behind the earlier ones of its lane, so answers
// in a conversation go out in question order. It returns at once.
func (b *Bot) handle(ctx context.Context, _ *tg.Bot, u *models.Update) {
	received := time.Now()
	b.inflight.Add(1)
	// Shutdown cancels ctx; an update already taken is still answered,
	// within shutdownGrace of the shutdown, however long it waited in
	// its lane.
	ctx, cancel := withGrace(ctx, shutdownGrace)
	work := func() {
		defer b.inflight.Done()
		defer cancel()
		// A fault answering one update is logged, not fatal: it would
		// stop every chat's answers, and Telegram would deliver the same
		// update again after a restart.
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("update not handled: panic", "update", u.ID, "panic", r, "stack", string(debug.Stack()))
			}
		}()
		b.process(ctx, u, received)
	}
	if l, ok := laneOf(u); ok {
		b.chats.do(l, work)
		return
	}
	go work()
}

// withGrace is a context that ends grace after parent does, so that work
// already begun can finish when the bot is stopped, but not forever.
func withGrace(parent context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	stop := context.AfterFunc(parent, func() {
		t := time.AfterFunc(grace, cancel)
		context.AfterFunc(ctx, func() { t.Stop() })
	})
	return ctx, func() { stop(); cancel() }
}

// laneOf is the lane an update waits its turn in: messages (edited ones
// too, behind the questions before them), and buttons
// that answer with a new message (an example question, replacing or
// keeping a report, removing one or not, a synonym added or a group
// dismissed from /unanswered). In a group each member has a lane of their own:
// answers there reply to their question, and one member's questions
// should hold up nobody else's. Votes, other passages and inline queries
// need not wait, and are handled at once.
func laneOf(u *models.Update) (lane, bool) {
	switch {
	case u.Message != nil:
		return memberLane(u.Message, sender(u.Message)), true
	case u.EditedMessage != nil:
		return memberLane(u.EditedMessage, sender(u.EditedMessage)), true
	case u.CallbackQuery != nil && u.CallbackQuery.Message.Message != nil:
		switch verb, _, _ := strings.Cut(u.CallbackQuery.Data, ":"); verb {
		case "q", "replace", "cancel", "rm", "keep", "us", "ud":
			return memberLane(u.CallbackQuery.Message.Message, u.CallbackQuery.From.ID), true
		}
	}
	return lane{}, false
}

// memberLane is the lane of a member's messages in m's chat and forum
// topic: m is their message, or the bot's answer whose button they
// pressed; member is who they are (sender, or the user pressing).
func memberLane(m *models.Message, member int64) lane {
	l := lane{chat: m.Chat.ID}
	if l.isGroup() {
		l.sender = member
	}
	if m.IsTopicMessage {
		l.thread = m.MessageThreadID
	}
	return l
}

// sender is who sent m, as the bot tells its members apart: the chat a
// message was sent on behalf of (a channel, or a group's anonymous
// admins), whose From is the placeholder bot Telegram gives every such
// message, or else its From; 0 when neither is given. A channel's ID is
// negative, so it is never a user's.
func sender(m *models.Message) int64 {
	switch {
	case m.SenderChat != nil:
		return m.SenderChat.ID
	case m.From != nil:
		return m.From.ID
	}
	return 0
}

// process answers one update, received at received.
func (b *Bot) process(ctx context.Context, u *models.Update, received time.Time) {
	switch {
	case u.Message != nil:
		b.onMessage(ctx, u.Message, received)
	case u.EditedMessage != nil:
		b.onEdited(ctx, u.EditedMessage, received)
	case u.CallbackQuery != nil:
		b.onCallback(ctx, u.CallbackQuery, received)
	case u.InlineQuery != nil:
		b.onInline(ctx, u.InlineQuery)
	}
}

// question extracts the question of a message, or "" when the bot should
// stay silent (a group message not meant for it). reply is whether a
// group message reaches the bot only by replying to its message, with no
// command or mention: a member's nod to an answer more often than a
// question.
func (b *Bot) question(m *models.Message) (q string, command string, reply bool) {
	text := strings.TrimSpace(m.Text)
	if strings.HasPrefix(text, "/") {
		// Any space ends the command: members type a full-width one
		// ("/ask　问题") or a new line as often as an ASCII one.
		cmd, rest := text, ""
		if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
			cmd, rest = text[:i], text[i:]
		}
		cmd, to, _ := strings.Cut(strings.TrimPrefix(cmd, "/"), "@")
		if to != "" && !strings.EqualFold(to, b.username) {
			return "", "", false
		}
		// Members type /Help as often as /help (a phone capitalises the
		// first letter): commands are read case-insensitively.
		return strings.TrimSpace(rest), strings.ToLower(cmd), false
	}
	if m.Chat.Type == models.ChatTypePrivate {
		return text, "", false
	}
	mention := "@" + b.username
	if i := mentionAt(text, mention); b.username != "" && i >= 0 {
		return strings.TrimSpace(text[:i] + text[i+len(mention):]), "", false
	}
	if m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == b.id {
		return text, "", true
	}
	return "", "", false
}

// mentionAt is the byte offset in s of the first mention of a
// @username, the whole name: "@report_bot_fans" does not mention
// @report_bot. -1 when there is none.
func mentionAt(s, mention string) int {
	for at := 0; at < len(s); {
		i := indexFold(s[at:], mention)
		if i < 0 {
			return -1
		}
		i += at
		if end := i + len(mention); end == len(s) || !isUsernameByte(s[end]) {
			return i
		}
		at = i + 1
	}
	return -1
}

// isUsernameByte reports a byte a Telegram username may hold: a letter,
// a digit or an underscore.
func isUsernameByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// indexFold is the byte offset in s of the first instance of sub, an
// ASCII string (a Telegram @username), under ASCII case folding, or -1.
// It reads s's own bytes: lower-casing s first would move the offsets
// wherever a letter's lower case takes more bytes (Ⱥ, ⱥ).
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// asking is a question to answer and where the answer goes.
type asking struct {
	lane    lane
	conv    conversation // whose earlier question a follow-up is read with
	replyTo int          // the message answered
	text    string
	// reply: a group message that only replies to the bot's (question),
	// whose emoji are a nod to its answer rather than an empty question.
	reply    bool
	received time.Time // when the bot took the update
}

func (b *Bot) onMessage(ctx context.Context, m *models.Message, received time.Time) {
	private := m.Chat.Type == models.ChatTypePrivate
	q, cmd, reply := b.question(m)
	user := sender(m)
	l := memberLane(m, user)
	if cmd == "id" {
		// The user, as the admins are checked (onAdminMessage): not the
		// channel a member may be writing on behalf of.
		id := int64(0)
		if m.From != nil {
			id = m.From.ID
		}
		b.send(ctx, l, m.ID, fmt.Sprintf("你的用户 ID:<code>%d</code>\n这个聊天的 ID:<code>%d</code>\n要让某人管理报告,把他的用户 ID 加进 REPORTBOT_ADMINS。", id, m.Chat.ID), nil)
		return
	}
	if b.onAdminMessage(ctx, m, l, cmd, q) {
		return
	}
	if m.Document != nil && private {
		b.send(ctx, l, m.ID, "抱歉,只有管理员可以添加报告;你发的文件没有被使用。", nil)
		return
	}
	if m.Text == "" {
		if private {
			b.send(ctx, l, m.ID, b.withExample(ctx, "我只能读懂文字问题,请直接输入问题", ""), nil)
		}
		return
	}
	switch cmd {
	case "start", "help":
		b.help(ctx, l, m)
		return
	case "ask", "":
	default:
		if private {
			b.send(ctx, l, m.ID, "不认识这个命令。发送 /help 查看用法。", nil)
		}
		return
	}
	if q == "" && cmd == "" {
		return // a group message not addressed to the bot
	}
	b.asked.Add(memberMessage{chat: m.Chat.ID, message: m.ID}, q)
	b.answer(ctx, asking{lane: l, conv: conversationOf(m, user), replyTo: m.ID, text: q, reply: reply, received: received})
}

// memberMessage is a member's message the bot answered.
type memberMessage struct {
	chat    int64
	message int
}

// questionsRemembered bounds the answered messages whose question the
// bot keeps (Bot.asked): a key and a question of up to
// answer.MaxQuestionRunes are well under a kilobyte, and members edit
// their questions within minutes. An edit of an older message is
// answered as a new question is.
const questionsRemembered = 4096

// newAskedCache is a memory of the last questionsRemembered questions
// answered, by their message.
func newAskedCache() *lru.Cache[memberMessage, string] {
	c, err := lru.New[memberMessage, string](questionsRemembered)
	if err != nil {
		panic(err) // only for a size below one
	}
	return c
}

// onEdited answers a question a member edited (a typo fixed) anew, as a
// reply to it, where the bot would answer the message as it reads now:
// any text in a private chat, and in a group one that mentions the bot,
// replies to it or is an /ask. Telegram sends edited_message also when
// something other than the text changes (a reaction, a link preview), so
// an edit is answered only when its question differs from the one last
// answered for the message. A command edited is not run again (an
// edited /remove, /reindex or /start asks for nothing new), nor is a
// document's or photo's caption, which is no question.
func (b *Bot) onEdited(ctx context.Context, m *models.Message, received time.Time) {
	q, cmd, reply := b.question(m)
	if m.Text == "" || q == "" || cmd != "" && cmd != "ask" {
		return
	}
	key := memberMessage{chat: m.Chat.ID, message: m.ID}
	if last, ok := b.asked.Get(key); ok && last == q {
		return // the text did not change: answered already
	}
	b.asked.Add(key, q)
	user := sender(m)
	// In the member's conversation: an edited follow-up leans on the
	// question before it as a new message would (when the edited message
	// was the last, on its own first version, whose words the edit's
	// take the place of).
	b.answer(ctx, asking{lane: memberLane(m, user), conv: conversationOf(m, user), replyTo: m.ID, text: q, reply: reply, received: received})
}

// answer asks the engine, reading a follow-up with the member's question
// before it in the conversation, and replies to the question's message;
// small talk (chatOf) gets a word on what the bot does instead.
func (b *Bot) answer(ctx context.Context, q asking) {
	ctx, cancel := context.WithTimeout(ctx, replyDeadline)
	defer cancel()
	user := q.conv.user
	switch b.limiter.allow(user) {
	case tooFast:
		b.send(ctx, q.lane, q.replyTo, "问得太快啦,请稍等一会儿再问。", nil)
		return
	case stillFast:
		b.log.Debug("question over the rate limit dropped", "user", user, "chat", q.lane.chat)
		return
	}
	if kind := chatOf(q.text); kind != notChat {
		// Small talk asks the reports nothing: a word on what the bot
		// does, no question logged, the conversation left as it was.
		if text := b.chatReply(ctx, q.lane, kind, q.reply); text != "" {
			b.send(ctx, q.lane, q.replyTo, text, nil)
		}
		return
	}
	a, turn, err := b.ask(ctx, q)
	b.reply(ctx, q, a, turn, err)
}

// ask asks the engine q in the member's conversation, showing them that
// the bot is typing.
func (b *Bot) ask(ctx context.Context, q asking) (answer.Answer, *answer.Turn, error) {
	b.tg.SendChatAction(ctx, &tg.SendChatActionParams{ChatID: q.lane.chat, MessageThreadID: q.lane.thread, Action: models.ChatActionTyping})
	start := time.Now()
	askCtx, cancel := context.WithTimeout(ctx, answerTimeout)
	defer cancel()
	a, turn, err := b.convs.Ask(askCtx, b.cfg.Engine, q.conv, q.text)
	if err == nil {
		b.log.Info("answered", "chat", q.lane.chat, "found", a.Found, "took", time.Since(start))
	}
	return a, turn, err
}

// reply sends q the answer ask gave (a for turn), or says why there is
// none (err), and logs the question.
func (b *Bot) reply(ctx context.Context, q asking, a answer.Answer, turn *answer.Turn, err error) {
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		b.send(ctx, q.lane, q.replyTo, b.emptyQuestion(ctx), nil)
		return
	case errors.Is(err, answer.ErrQuestionTooLong):
		b.send(ctx, q.lane, q.replyTo, TooLongReply(), nil)
		return
	case err != nil:
		b.log.Error("answer failed", "err", err)
		b.send(ctx, q.lane, q.replyTo, "抱歉,出了点问题,请稍后再试。", nil)
		return
	}
	if b.cfg.Feedback != nil {
		if err := b.cfg.Feedback.Record(ctx, askedFeedback(q.conv.user, a)); err != nil {
			b.log.Warn("question not recorded", "err", err)
		}
	}
	b.sendAnswer(ctx, q.lane, q.replyTo, a, answered{turn: turn, conv: q.conv}, q.received, true)
}

// sendPhoto sends the report's picture that belongs to the answer.
func (b *Bot) sendPhoto(ctx context.Context, l lane, ill *answer.Illustration) {
	data, err := b.cfg.Images(ill.Image)
	if err != nil {
		b.log.Warn("illustration missing", "image", ill.Image, "err", err)
		return
	}
	_, err = paced(ctx, b, l, "sendPhoto", func(ctx context.Context) (*models.Message, error) {
		return b.tg.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: l.chat, MessageThreadID: l.thread, Caption: esc(ill.Caption), ParseMode: models.ParseModeHTML,
			Photo: &models.InputFileUpload{Filename: path.Base(ill.Image), Data: bytes.NewReader(data)}})
	})
	if err != nil {
		b.log.Warn("sendPhoto failed", "err", err)
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

// leanButton offers a message answered alone read with the member's
// question before it instead (answer.Turn.Otherwise): "截止到啥时候的数?"
// after "参加职工医疗互助的累计有多少人次" asks when that count was made.
var leanButton = models.InlineKeyboardButton{Text: "接着上一个问题理解", CallbackData: "lean:1"}

// aloneButton offers a message read with the question before it, because
// alone it was ambiguous, read alone instead: "死亡多少" after a question
// on the year's births may ask the Covid deaths. Pressed, it does
// what leanButton does: the turn's other reading.
var aloneButton = models.InlineKeyboardButton{Text: "单独理解这个问题", CallbackData: leanButton.CallbackData}

// offerButton is the button offering turn's other reading.
func offerButton(turn *answer.Turn) models.InlineKeyboardButton {
	if turn.Otherwise().LeansOnPrevious() {
		return leanButton
	}
	return aloneButton
}

// withLeanButton adds button, leanButton or aloneButton, to kb, on a row
// of its own.
func withLeanButton(kb *models.InlineKeyboardMarkup, button models.InlineKeyboardButton) *models.InlineKeyboardMarkup {
	if kb == nil {
		kb = &models.InlineKeyboardMarkup{}
	}
	kb.InlineKeyboard = append(kb.InlineKeyboard, []models.InlineKeyboardButton{button})
	return kb
}

// withoutLeanButton is kb (a message's keyboard as Telegram sent it back)
// without leanButton's row: the offer taken up. Never nil, so the edit
// clears a keyboard left empty.
func withoutLeanButton(kb *models.InlineKeyboardMarkup) models.InlineKeyboardMarkup {
	out := models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	if kb == nil {
		return out
	}
	for _, row := range kb.InlineKeyboard {
		if !slices.ContainsFunc(row, func(b models.InlineKeyboardButton) bool { return b.CallbackData == leanButton.CallbackData }) {
			out.InlineKeyboard = append(out.InlineKeyboard, row)
		}
	}
	return out
}

// trim64 keeps callback data within Telegram's 64 bytes.
func trim64(s string) string {
	for len(s) > 64 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

func (b *Bot) help(ctx context.Context, l lane, m *models.Message) {
	var sb strings.Builder
	sb.WriteString("我可以回答关于这些报告的问题:\n")
	if b.cfg.Reports != nil {
		for _, t := range b.cfg.Reports() {
			sb.WriteString("• " + esc(t) + "\n")
		}
	}
	sb.WriteString("\n直接发问题给我;在群里请 @" + esc(b.username) + " 或用 /ask 问题。")
	kb := exampleKeyboard(b.examples(ctx))
	if kb != nil {
		sb.WriteString("试试:")
	}
	b.send(ctx, l, m.ID, sb.String(), kb)
}

// examples are the configured examples (Config.Examples) the reports
// answer now (answer.Engine.Answerable, which says why). They are asked
// each time they are offered, so they follow every change of the reports
// and synonyms, those made with the CLI through the admin socket too. An
// engine that fails says nothing of the reports: the examples it could
// not ask are offered as configured, rather than none, and logged.
func (b *Bot) examples(ctx context.Context) []string {
	// One question's bound for them all: each takes a fraction of a
	// millisecond.
	ctx, cancel := context.WithTimeout(ctx, answerTimeout)
	defer cancel()
	ex, err := b.cfg.Engine.Answerable(ctx, b.cfg.Examples)
	if err != nil {
		b.log.Warn("examples offered unchecked", "err", err)
	}
	return ex
}

// withExample ends a hint with the first example the reports answer now,
// after prefix (a command): "请直接输入问题,例如:工会会员有多少人?"; or
// with a full stop when they answer none.
func (b *Bot) withExample(ctx context.Context, hint, prefix string) string {
	if ex := b.examples(ctx); len(ex) > 0 {
		return hint + ",例如:" + esc(prefix+ex[0])
	}
	return hint + "。"
}

// exampleKeyboard offers examples as buttons, one a row; nil for none.
func exampleKeyboard(examples []string) *models.InlineKeyboardMarkup {
	if len(examples) == 0 {
		return nil
	}
	var rows [][]models.InlineKeyboardButton
	for i, q := range examples {
		// The data says which button, its text what to ask: two long
		// examples cut to 64 bytes could have the same data.
		rows = append(rows, []models.InlineKeyboardButton{{Text: q, CallbackData: fmt.Sprintf("q:%d", i)}})
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func (b *Bot) onCallback(ctx context.Context, cq *models.CallbackQuery, received time.Time) {
	// A confirmed replace is an admin's work, bounded by adminTimeout
	// (withProgress), not by a reply's deadline: it keeps ctx.
	work := ctx
	ctx, cancel := context.WithTimeout(ctx, replyDeadline)
	defer cancel()
	ack := func(text string) {
		_, err := retry(ctx, b, "answerCallbackQuery", isTransient, func(ctx context.Context) (bool, error) {
			return b.tg.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cq.ID, Text: text})
		})
		if err != nil {
			b.log.Warn("answerCallbackQuery failed", "err", err)
		}
	}
	msg := cq.Message.Message
	verb, arg, ok := parseCallback(cq.Data)
	switch {
	case !ok:
		b.log.Warn("malformed callback data refused", "user", cq.From.ID, "data", cq.Data)
		ack("这个按钮无效。")
		return
	case msg == nil:
		ack("这条消息太久了,按钮已失效。")
		return
	case !onKeyboard(msg, cq.Data):
		// Telegram sends back the data of a button the bot made; data
		// no button of the message carries was made up by a client.
		b.log.Warn("callback data not on the message's buttons refused", "user", cq.From.ID, "data", cq.Data)
		ack("这个按钮无效。")
		return
	}
	l := memberLane(msg, cq.From.ID)
	switch verb {
	case "replace", "cancel":
		b.onAdminCallback(work, cq, l, verb, arg, ack)
	case "rm", "keep":
		b.onRemoveCallback(work, cq, l, verb, arg, ack)
	case "us", "ud":
		b.onLearnCallback(ctx, cq, l, verb, arg, ack)
	case "q":
		// The question is the button's text: its data is the example's
		// number, or, on a help sent by an earlier version, the question
		// cut to Telegram's 64 bytes (trim64).
		q := arg
		if button, ok := keyboardButton(msg, cq.Data); ok && button.Text != "" {
			q = button.Text
		}
		// A press asks a question as a message does: under the same
		// limit, checked before the engine is asked.
		switch b.limiter.allow(cq.From.ID) {
		case tooFast:
			ack("问得太快啦,请稍等一会儿再问。")
			return
		case stillFast:
			ack("")
			return
		}
		ask := asking{lane: l, conv: conversationOf(msg, cq.From.ID), replyTo: msg.ID, text: q, received: received}
		// Asked once: its answer says whether the reports still answer it.
		a, turn, err := b.ask(ctx, ask)
		if err == nil && !a.Found {
			// Offered by a help sent before the reports changed: not
			// answered (the member would be told the reports do not say,
			// and /unanswered would list the bot's own question), and
			// the help's buttons become the examples answered now. An
			// engine that failed says nothing of that: the buttons stay.
			ack("这个示例已不适用于现在的报告。")
			b.setButtons(ctx, l, msg, exampleKeyboard(b.examples(ctx)))
			return
		}
		ack("")
		b.reply(ctx, ask, a, turn, err)
	case "alt":
		n, _ := strconv.Atoi(arg)
		a, err := b.again(ctx, msg)
		if errors.Is(err, errForgotten) {
			ack("这条消息太久了,按钮已失效。")
			return
		}
		if err != nil || n > len(a.Alternatives) {
			ack("没有更多相关段落了")
			return
		}
		ack("")
		text := renderPassage(a.Alternatives[n-1])
		kb := answerKeyboard(a, n)
		if button, ok := keyboardButton(msg, leanButton.CallbackData); ok {
			kb = withLeanButton(kb, button) // not used yet: still offered
		}
		_, err = paced(ctx, b, l, "editMessageText", func(ctx context.Context) (*models.Message, error) {
			return b.tg.EditMessageText(ctx, &tg.EditMessageTextParams{
				ChatID: msg.Chat.ID, MessageID: msg.ID, Text: split(text, maxMessageRunes)[0],
				ParseMode: models.ParseModeHTML, ReplyMarkup: kb,
			})
		})
		if err != nil {
			b.log.Warn("editMessageText failed", "chat", msg.Chat.ID, "err", err)
		}
	case "lean":
		sent := sentAnswer{chat: msg.Chat.ID, message: msg.ID}
		was, ok := b.remembered(ctx, sent)
		if !ok || was.turn.Otherwise() == nil {
			ack("这条消息太久了,按钮已失效。")
			return
		}
		if seen, _ := b.taken.ContainsOrAdd(sent, struct{}{}); seen {
			// Pressed again before the keyboard changed: one answer,
			// and one question against the limit.
			ack("")
			return
		}
		// A press asks a question as a message does: under the same limit.
		switch b.limiter.allow(cq.From.ID) {
		case tooFast:
			b.taken.Remove(sent)
			ack("问得太快啦,请稍等一会儿再问。")
			return
		case stillFast:
			b.taken.Remove(sent)
			ack("")
			return
		}
		ack("")
		b.instead(ctx, l, msg, was, received)
	case "up", "down":
		if b.cfg.Feedback == nil {
			ack("谢谢反馈!")
			return
		}
		err := b.cfg.Feedback.Record(ctx, Feedback{Time: time.Now(), User: cq.From.ID, Question: b.answeredQuestion(ctx, msg), Passage: arg, Vote: verb, Found: true,
			Chat: msg.Chat.ID, Message: msg.ID})
		switch {
		case errors.Is(err, ErrSameVote):
			ack("你已经评价过这条回答了。")
		case err != nil:
			b.log.Error("feedback not recorded", "err", err)
			ack("抱歉,反馈没有记下,请稍后再试。")
		default:
			ack("谢谢反馈!")
		}
	}
}

// setButtons replaces the buttons of msg with kb (nil: none): a
// question answered, or a help's examples refreshed.
func (b *Bot) setButtons(ctx context.Context, l lane, msg *models.Message, kb *models.InlineKeyboardMarkup) {
	ctx, cancel := context.WithTimeout(ctx, replyDeadline)
	defer cancel()
	markup := models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	if kb != nil {
		markup = *kb
	}
	_, err := paced(ctx, b, l, "editMessageReplyMarkup", func(ctx context.Context) (*models.Message, error) {
		return b.tg.EditMessageReplyMarkup(ctx, &tg.EditMessageReplyMarkupParams{ChatID: msg.Chat.ID, MessageID: msg.ID, ReplyMarkup: markup})
	})
	if err != nil {
		b.log.Warn("editMessageReplyMarkup failed", "chat", msg.Chat.ID, "err", err)
	}
}

// instead answers, as the member chose, the other reading of the question
// an answer message was given for: read with the asker's question before
// it, or alone (answer.Turn.Otherwise). The reply goes to the question; the asker's conversation leans on
// the reading chosen, whoever pressed (in a group, the reading is built
// from the asker's question, not the presser's), unless the asker has
// asked something since; and the button is taken off the message, its
// offer taken up. The chosen reading is no new question: the question log
// has the message already.
func (b *Bot) instead(ctx context.Context, l lane, msg *models.Message, was answered, received time.Time) {
	replyTo := msg.ID
	if msg.ReplyToMessage != nil {
		replyTo = msg.ReplyToMessage.ID
	}
	askCtx, cancel := context.WithTimeout(ctx, answerTimeout)
	a, chosen, err := b.convs.Instead(askCtx, b.cfg.Engine, was.conv, was.turn)
	cancel()
	if err != nil {
		b.log.Error("answer failed", "err", err)
		b.taken.Remove(sentAnswer{chat: msg.Chat.ID, message: msg.ID}) // the button may be pressed again
		b.send(ctx, l, replyTo, "抱歉,出了点问题,请稍后再试。", nil)
		return
	}
	_, err = paced(ctx, b, l, "editMessageReplyMarkup", func(ctx context.Context) (*models.Message, error) {
		return b.tg.EditMessageReplyMarkup(ctx, &tg.EditMessageReplyMarkupParams{
			ChatID: msg.Chat.ID, MessageID: msg.ID, ReplyMarkup: withoutLeanButton(msg.ReplyMarkup)})
	})
	if err != nil {
		b.log.Warn("editMessageReplyMarkup failed", "chat", msg.Chat.ID, "err", err)
	}
	// The chosen reading may be answered by the passage already shown,
	// with another figure: its photo is in the chat already.
	photo := !a.Found || a.Passage.Key != was.turn.PassageKey()
	b.sendAnswer(ctx, l, replyTo, a, answered{turn: chosen, conv: was.conv}, received, photo)
}

// sendAnswer replies to message replyTo with a, given for was.turn, with
// its buttons: other passages and votes when found, and the reading it
// offers (answer.Turn.Otherwise), then, when photo is set, the report's
// photo that belongs to it; it counts the answer and remembers the turn
// for the buttons that need it. Every answer goes out this way, the
// reading a member chose too, so none goes without its photo.
func (b *Bot) sendAnswer(ctx context.Context, l lane, replyTo int, a answer.Answer, was answered, received time.Time, photo bool) {
	var kb *models.InlineKeyboardMarkup
	if a.Found {
		kb = answerKeyboard(a, 0)
	}
	offers := was.turn.Otherwise() != nil
	if offers {
		kb = withLeanButton(kb, offerButton(was.turn))
	}
	// Tracked while in flight only if it will be remembered: a press
	// waits for nothing else.
	remember := a.Found && len(a.Alternatives) > 0 || offers
	sent := func() {}
	if remember {
		f := b.sending.start(l.chat)
		sent = sync.OnceFunc(func() { b.sending.end(l.chat, f) })
		defer sent()
	}
	if m, ok := b.sendMessage(ctx, l, replyTo, renderAnswer(a), kb); ok {
		b.cfg.Metrics.answered(a.Found, time.Since(received))
		if remember {
			b.answers.Add(sentAnswer{chat: l.chat, message: m.ID}, was)
		}
		sent() // remembered: the photo is nothing a press waits for
		if photo && a.Found && a.Illustration != nil && a.Illustration.Image != "" && b.cfg.Images != nil {
			b.sendPhoto(ctx, l, a.Illustration) // not without the answer it belongs to
		}
	}
}

// answeredQuestion is the question an answer message was given for: its
// remembered turn's, or else the question of the message it replied to
// as the bot read it (without /ask or the @mention); "" when that
// message is the bot's own (the help under which an example question
// was pressed), which no question is.
func (b *Bot) answeredQuestion(ctx context.Context, msg *models.Message) string {
	if was, ok := b.remembered(ctx, sentAnswer{chat: msg.Chat.ID, message: msg.ID}); ok {
		return was.turn.Question()
	}
	r := msg.ReplyToMessage
	if r == nil || r.From != nil && r.From.ID == b.id {
		return ""
	}
	return b.questionOf(r)
}

// questionOf is the question of a message an answer replied to, as the
// bot read it, or its text when the bot read none in it (a reply to the
// bot, whose text is the question).
func (b *Bot) questionOf(m *models.Message) string {
	if q, _, _ := b.question(m); q != "" {
		return q
	}
	return m.Text
}

// again answers once more the question an answer message was given for,
// as it was read: a follow-up with the question before it. An answer the
// bot no longer remembers (sent before a restart, or past
// answersRemembered) is asked again from the message it replied to;
// errForgotten when that is gone or the bot's own (the help under which
// an example was pressed), whose text is no question.
func (b *Bot) again(ctx context.Context, msg *models.Message) (answer.Answer, error) {
	if was, ok := b.remembered(ctx, sentAnswer{chat: msg.Chat.ID, message: msg.ID}); ok {
		return b.cfg.Engine.Again(ctx, was.turn)
	}
	r := msg.ReplyToMessage
	if r == nil || r.From != nil && r.From.ID == b.id {
		return answer.Answer{}, errForgotten
	}
	return b.cfg.Engine.Ask(ctx, b.questionOf(r))
}

// errForgotten is again's error for an answer whose question the bot
// neither remembers nor can read again.
var errForgotten = errors.New("bot: the question of an answer not remembered is not in the message it replied to")

// parseCallback splits a button's data into its verb and argument and
// checks their form: an example question (q), another passage (alt:1…),
// the other reading, with the question before or alone (lean:1), a vote on a passage
// (up/down:report/n), the admins' replace/cancel of an upload, rm/keep
// of a report /remove named (rm:key, keep:key), or their
// synonym (us:group:suggestion) and dismissal (ud:group) under
// /unanswered.
func parseCallback(data string) (verb, arg string, ok bool) {
	verb, arg, ok = strings.Cut(data, ":")
	if !ok || arg == "" || !utf8.ValidString(data) || len(data) > 64 {
		return "", "", false
	}
	switch verb {
	case "q", "replace", "cancel":
		return verb, arg, true
	case "alt":
		n, err := strconv.Atoi(arg)
		return verb, arg, err == nil && n >= 1 && strconv.Itoa(n) == arg
	case "lean":
		return verb, arg, arg == "1"
	case "up", "down":
		return verb, arg, passageKeyRe.MatchString(arg)
	case "us":
		return verb, arg, suggestionRe.MatchString(arg)
	case "ud", "rm", "keep":
		return verb, arg, groupRe.MatchString(arg)
	}
	return "", "", false
}

// passageKeyRe is the form of a passage key, "report-id/7", possibly cut
// short to fit a button's 64 bytes.
var passageKeyRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*(/[0-9]*)?$`)

// groupRe and suggestionRe are the forms of the /unanswered buttons'
// arguments: a group's ID, and a group's and a suggestion's, in hex.
var (
	groupRe      = regexp.MustCompile(`^[0-9a-f]+$`)
	suggestionRe = regexp.MustCompile(`^[0-9a-f]+:[0-9a-f]+$`)
)

// onKeyboard reports whether data is one of msg's buttons.
func onKeyboard(msg *models.Message, data string) bool {
	_, ok := keyboardButton(msg, data)
	return ok
}

// keyboardButton is the button of msg's keyboard whose data is data.
func keyboardButton(msg *models.Message, data string) (models.InlineKeyboardButton, bool) {
	if msg.ReplyMarkup == nil {
		return models.InlineKeyboardButton{}, false
	}
	for _, row := range msg.ReplyMarkup.InlineKeyboard {
		for _, button := range row {
			if button.CallbackData == data {
				return button, true
			}
		}
	}
	return models.InlineKeyboardButton{}, false
}

func (b *Bot) onInline(ctx context.Context, iq *models.InlineQuery) {
	ctx, cancel := context.WithTimeout(ctx, replyDeadline)
	defer cancel()
	results := []models.InlineQueryResult{}
	var a answer.Answer
	var err error
	cache := 60
	user := int64(0)
	if iq.From != nil {
		user = iq.From.ID
	}
	if b.inlineLimiter.allow(user) == allowed {
		a, err = b.cfg.Engine.Ask(ctx, iq.Query)
	} else {
		// Over the limit: no results (a is no answer), and none cached,
		// so the same query asked again once allowed is answered.
		cache = 0
	}
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
	_, err = retry(ctx, b, "answerInlineQuery", isTransient, func(ctx context.Context) (bool, error) {
		return b.tg.AnswerInlineQuery(ctx, &tg.AnswerInlineQueryParams{InlineQueryID: iq.ID, Results: results, CacheTime: cache})
	})
	if err != nil {
		b.log.Warn("answerInlineQuery failed", "err", err)
	}
}

// inlineQueriesPerQuestion is how many inline queries count as one
// question against the rate limit: a client sends one each time the
// member pauses while typing, about five for a short question.
const inlineQueriesPerQuestion = 5

// send replies in l with HTML text, split to Telegram's limit, keyboard
// on the last part. It reports whether every part was sent.
func (b *Bot) send(ctx context.Context, l lane, replyTo int, text string, kb *models.InlineKeyboardMarkup) bool {
	_, ok := b.sendMessage(ctx, l, replyTo, text, kb)
	return ok
}

// sendMessage is send, also returning the last part's message. It tries
// for replyDeadline at most, also where the caller set no deadline (help,
// /id, the admins' replies): a reply stuck longer would hold up the rest
// of its lane.
func (b *Bot) sendMessage(ctx context.Context, l lane, replyTo int, text string, kb *models.InlineKeyboardMarkup) (*models.Message, bool) {
	ctx, cancel := context.WithTimeout(ctx, replyDeadline)
	defer cancel()
	parts := split(text, maxMessageRunes)
	var last *models.Message
	for i, part := range parts {
		p := &tg.SendMessageParams{ChatID: l.chat, MessageThreadID: l.thread, Text: part, ParseMode: models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tg.True()}}
		if i == 0 && replyTo != 0 {
			p.ReplyParameters = &models.ReplyParameters{MessageID: replyTo, AllowSendingWithoutReply: true}
		}
		if i == len(parts)-1 && kb != nil {
			p.ReplyMarkup = kb
		}
		m, err := paced(ctx, b, l, "sendMessage", func(ctx context.Context) (*models.Message, error) { return b.tg.SendMessage(ctx, p) })
		if err != nil {
			b.log.Warn("sendMessage failed", "chat", l.chat, "err", err)
			return nil, false
		}
		last = m
	}
	return last, true
}

// paced makes a call that puts a message into l's chat (a send or an
// edit), retrying a 429, a server or a network error until ctx ends
// (replyDeadline); every attempt first waits its turn under Telegram's
// limits, since Telegram counts each one.
func paced[T any](ctx context.Context, b *Bot, l lane, method string, call func(context.Context) (T, error)) (T, error) {
	return retry(ctx, b, method, isTransient, func(ctx context.Context) (T, error) {
		if err := b.pace.wait(ctx, l); err != nil {
			var zero T
			return zero, fmt.Errorf("wait for a turn to send to chat %d: %w", l.chat, err)
		}
		defer b.pace.done(l)
		return call(ctx)
	})
}

func esc(s string) string { return htmlpkg.EscapeString(s) }
