package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/learn"
	"github.com/reportbot/reportbot/store/adminsock"
	"github.com/reportbot/reportbot/store/asklog"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "", "Runs the Telegram bot: long polling by default, or a webhook behind HTTPS with --webhook-url.")
	var sf storeFlags
	sf.register(fs, e)
	token := fs.String("token", e.getenv("TELEGRAM_BOT_TOKEN"), "bot token from @BotFather (env TELEGRAM_BOT_TOKEN)")
	apiURL := fs.String("api-url", e.getenv("TELEGRAM_API_URL"), "Bot API server URL, for a self-hosted server (env TELEGRAM_API_URL; default Telegram's)")
	admins := fs.String("admins", e.getenv("REPORTBOT_ADMINS"), "comma-separated Telegram user IDs of admins (env REPORTBOT_ADMINS)")
	rateLimit := fs.Int("rate-limit", envInt(e, "REPORTBOT_RATE_LIMIT", 20), "questions one user may ask per minute, 0 for no limit (env REPORTBOT_RATE_LIMIT)")
	webhookURL := fs.String("webhook-url", e.getenv("REPORTBOT_WEBHOOK_URL"), "public HTTPS URL Telegram posts updates to; empty for long polling (env REPORTBOT_WEBHOOK_URL)")
	listen := fs.String("listen", envOr(e, "REPORTBOT_LISTEN", ":8080"), "address the webhook server listens on (env REPORTBOT_LISTEN)")
	secret := fs.String("webhook-secret", e.getenv("REPORTBOT_WEBHOOK_SECRET"), "secret token Telegram must send with every webhook request (env REPORTBOT_WEBHOOK_SECRET)")
	maxMB := fs.Int64("max-upload-mb", 20, "largest report file admins may upload, in MB (Telegram allows bots 20)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := bot.CheckToken(strings.TrimSpace(*token)); err != nil {
		return err
	}
	adminIDs, err := parseAdmins(*admins)
	if err != nil {
		return err
	}
	if *webhookURL != "" && *secret == "" {
		return errors.New("--webhook-url needs --webhook-secret (REPORTBOT_WEBHOOK_SECRET) so forged updates are refused")
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	st, eng, err := sf.openOwner(ctx, "reportbot serve")
	if err != nil {
		return err
	}
	defer st.Close()
	questions, err := asklog.Open(st.Dir())
	if err != nil {
		return err
	}
	teach := &learn.Admin{Store: st, Engine: eng, Log: questions}
	// CLI commands on the same directory go through the server.
	admin := &adminsock.Server{Lib: st, MaxBytes: *maxMB << 20, Log: log, Teach: teach}
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
		Token: strings.TrimSpace(*token), APIURL: *apiURL, Engine: eng, Reports: titles,
		Examples:  []string{"工会会员有多少人?", "会员卡发出去多少张?", "疫情的时候帮小企业退了多少钱?"},
		RateLimit: *rateLimit, RateWindow: time.Minute,
		Feedback: bot.QuestionLog{Log: questions}, Learn: teach,
		Admins: adminIDs, Library: st, MaxUpload: *maxMB << 20,
		WebhookSecret: *secret, Logger: log,
	})
	if err != nil {
		return err
	}
	if *webhookURL == "" {
		return b.Run(ctx)
	}
	h, err := b.Webhook(ctx)
	if err != nil {
		return err
	}
	if err := b.SetWebhook(ctx, *webhookURL); err != nil {
		return fmt.Errorf("setWebhook: %w", err)
	}
	srv := &http.Server{Addr: *listen, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		// Let answers in flight finish before closing.
		shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	log.Info("webhook listening", "addr", *listen)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	b.Wait()
	return nil
}

// parseAdmins reads comma-separated Telegram user IDs.
func parseAdmins(s string) ([]int64, error) {
	var ids []int64
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("REPORTBOT_ADMINS: %q is not a Telegram user ID", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func envOr(e *env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

func envInt(e *env, key string, def int) int {
	if v, err := strconv.Atoi(e.getenv(key)); err == nil {
		return v
	}
	return def
}
