package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/learn"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/adminsock"
	"github.com/reportbot/reportbot/store/asklog"
)

// serveCmd is reportbot serve: the Telegram bot and its operations endpoints.
type serveCmd struct {
	storeFlags
	uploadFlags
	httpFlags
	Token         botToken      `help:"bot token from @BotFather (required)" envvar:"TELEGRAM_BOT_TOKEN" secret:"" setting:"bot token" placeholder:"TOKEN"`
	APIURL        httpURL       `name:"api-url" help:"Bot API server URL, for a self-hosted server (empty: Telegram's)" envvar:"TELEGRAM_API_URL" setting:"Bot API server" placeholder:"URL"`
	Admins        adminIDs      `help:"comma-separated Telegram user IDs of admins" envvar:"REPORTBOT_ADMINS" setting:"admin user IDs" placeholder:"IDS"`
	RateLimit     int           `help:"questions one user may ask per minute, 0 for no limit" default:"20" min:"0" envvar:"REPORTBOT_RATE_LIMIT" setting:"questions per user per minute" placeholder:"N"`
	WebhookURL    httpURL       `name:"webhook-url" help:"public HTTPS URL Telegram posts updates to; empty for long polling" envvar:"REPORTBOT_WEBHOOK_URL" setting:"webhook URL" placeholder:"URL"`
	Listen        listenAddr    `help:"address the webhook server listens on" default:":8080" envvar:"REPORTBOT_LISTEN" setting:"webhook listen address" placeholder:"ADDR"`
	WebhookSecret webhookSecret `help:"secret token Telegram must send with every webhook request (required with --webhook-url)" envvar:"REPORTBOT_WEBHOOK_SECRET" secret:"" setting:"webhook secret token" placeholder:"SECRET"`
}

func (c *serveCmd) Help() string {
	return "Runs the Telegram bot: long polling by default, or a webhook behind HTTPS with --webhook-url. " +
		"With --http-addr it serves /healthz, /readyz and /metrics (Prometheus) there, from the start."
}

// Validate refuses settings that are each well-formed but do not go
// together, before anything starts.
func (c *serveCmd) Validate() error {
	if c.Token == "" {
		return usagef("no bot token: set TELEGRAM_BOT_TOKEN or --token (from @BotFather)")
	}
	if c.WebhookURL != "" && c.WebhookSecret == "" {
		return usagef("--webhook-url (REPORTBOT_WEBHOOK_URL) needs --webhook-secret (REPORTBOT_WEBHOOK_SECRET) so forged updates are refused")
	}
	if c.WebhookURL != "" && c.Listen == "" {
		// An empty address would listen on a port the kernel picks,
		// which no proxy in front of the bot knows.
		return usagef("--listen (REPORTBOT_LISTEN) is empty: the webhook needs an address to listen on, such as :8080")
	}
	// Telegram delivers updates only over HTTPS, and would refuse the
	// URL at every setWebhook, retried forever; a self-hosted Bot API
	// server accepts http://.
	u, err := url.Parse(string(c.WebhookURL))
	if err != nil || c.WebhookURL == "" || c.APIURL != "" {
		return nil
	}
	if u.Scheme == "http" {
		return usagef("--webhook-url (REPORTBOT_WEBHOOK_URL) must be https://: Telegram posts updates only over HTTPS (http:// is for a self-hosted Bot API server, set with --api-url)")
	}
	// Telegram refuses the other ports the same way.
	if port := u.Port(); port != "" && !telegramWebhookPorts[port] {
		return usagef("--webhook-url (REPORTBOT_WEBHOOK_URL) port %s: Telegram posts updates only to ports 443, 80, 88 and 8443 (any port is for a self-hosted Bot API server, set with --api-url)", port)
	}
	return nil
}

// telegramWebhookPorts are the ports Telegram's Bot API posts updates to.
var telegramWebhookPorts = map[string]bool{"443": true, "80": true, "88": true, "8443": true}

func (c *serveCmd) Run(ctx context.Context, e *env) error {
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	// The data directory is checked first: a directory the process cannot
	// write is the usual start-up failure of a container.
	if err := checkDataDir(c.Data, true); err != nil {
		return err
	}

	// The operations endpoints answer from the start: /healthz while the
	// index is built on a first start, /readyz once it is open and the Bot
	// API was reached.
	reg := newRegistry()
	metrics := bot.NewMetrics(reg)
	var opened atomic.Pointer[store.Store]
	var started atomic.Pointer[bot.Bot]
	var webhookSet atomic.Bool
	checks := []readyCheck{
		{"index", func(context.Context) error {
			st := opened.Load()
			if st == nil {
				return errors.New("not open yet")
			}
			_, err := st.Searcher().DocCount()
			return err
		}},
		// The bot waits for the Bot API for as long as it takes (getMe,
		// retried), and takes no update until it has answered.
		{"bot_api", func(context.Context) error {
			if b := started.Load(); b == nil || !b.Ready() {
				return errors.New("not reached yet")
			}
			return nil
		}},
	}
	if c.WebhookURL != "" {
		// No update arrives until Telegram has taken the webhook's URL.
		checks = append(checks, readyCheck{"webhook", func(context.Context) error {
			if !webhookSet.Load() {
				return errors.New("not set yet")
			}
			return nil
		}})
	}
	ops := newOpsHandler(reg, checks)
	shared := c.WebhookURL != "" && c.HTTPAddr != "" && sameAddr(string(c.HTTPAddr), string(c.Listen))
	if c.HTTPAddr != "" {
		stop, err := serveHTTP(string(c.HTTPAddr), ops, log, "--http-addr")
		if err != nil {
			return err
		}
		defer stop()
	}

	st, eng, err := c.openOwner(ctx, e, "reportbot serve")
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while the start repaired or rebuilt: an ordinary stop
		}
		return err
	}
	defer st.Close()
	opened.Store(st)
	questions, err := asklog.Open(st.Dir())
	if err != nil {
		return err
	}
	teach := &learn.Admin{Store: st, Engine: eng, Log: questions}
	// CLI commands on the same directory go through the server; their
	// rebuilds are observed like the bot's.
	admin := &adminsock.Server{Lib: metrics.ObserveLibrary(st), MaxBytes: c.maxBytes(), Log: log, Teach: teach}
	adminCtx, stopAdmin := context.WithCancel(ctx)
	adminDone := make(chan struct{})
	defer func() { stopAdmin(); <-adminDone }()
	go func() {
		defer close(adminDone)
		if err := admin.Serve(adminCtx, st.Dir()); err != nil {
			log.Warn("admin socket not served: CLI changes wait for the bot to stop", "err", err)
		}
	}()
	titles := func() []string {
		metas, _ := st.Reports()
		var out []string
		for _, m := range metas {
			out = append(out, m.Title)
		}
		return out
	}
	b, err := bot.New(ctx, bot.Config{
		Token: string(c.Token), APIURL: string(c.APIURL), Engine: eng, Reports: titles,
		// The bot offers each only while the reports answer it.
		Examples:  examples(),
		RateLimit: c.RateLimit, RateWindow: time.Minute,
		Feedback: bot.QuestionLog{Log: questions}, Learn: teach,
		Admins: c.Admins, Library: st, MaxUpload: c.maxBytes(),
		WebhookSecret: string(c.WebhookSecret), Logger: log, Metrics: metrics,
		// Answers send the report's own picture where one belongs.
		Images: st.Image,
	})
	if err != nil {
		return err
	}
	started.Store(b)
	if c.WebhookURL == "" {
		return b.Run(ctx)
	}
	h, err := b.Webhook(ctx)
	if err != nil {
		return err
	}
	// stopIntake stops taking updates: then the bot answers those taken.
	var stopIntake func()
	if shared {
		ops.handleRest(h)
		stopIntake = func() { ops.handleRest(http.HandlerFunc(stopping)) }
	} else {
		stop, err := serveHTTP(string(c.Listen), h, log, "--listen")
		if err != nil {
			return err
		}
		stopIntake = sync.OnceFunc(stop)
		defer stopIntake()
	}
	// SetWebhook tries until it succeeds or serve is stopped.
	err = b.SetWebhook(ctx, string(c.WebhookURL))
	if err == nil {
		webhookSet.Store(true)
		<-ctx.Done()
	}
	// The updates taken are answered before the store closes.
	stopIntake()
	b.Wait()
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("setWebhook: %w", err)
	}
	return nil
}

// stopping answers a webhook request that arrives while serve stops:
// Telegram delivers it again later.
func stopping(w http.ResponseWriter, _ *http.Request) {
	http.Error(w, "stopping", http.StatusServiceUnavailable)
}
