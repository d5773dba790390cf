package bot

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"regexp"
	"time"

	"github.com/cenkalti/backoff/v5"
	tg "github.com/go-telegram/bot"
)

// replyDeadline is how long the bot keeps trying to deliver a reply
// (retries and turns under the sending limits included) before it gives
// up. Telegram's flood waits (retry_after) run to a minute or so and a
// self-hosted Bot API restarts within a couple; five minutes rides out
// both, while an answer later than that is to a question the member has
// likely given up on, and would hold up the rest of their conversation.
const replyDeadline = 5 * time.Minute

// maxBackoff caps the wait between two attempts after a server or network
// error, so that a Bot API coming back is noticed within half a minute.
const maxBackoff = 30 * time.Second

// backoffJitter spreads the waits ±50% (backoff's default), so that the
// calls failing together do not all come back in the same instant.
const backoffJitter = 0.5

// retryPolicy says whether a failed call is worth another attempt.
type retryPolicy func(error) bool

// anyError retries every failure: the calls the bot cannot run without
// (getMe, getUpdates, setWebhook) wait out anything, a revoked token or
// a Bot API that is not up yet included; the operator sees the errors in
// the log and /readyz, and the bot carries on once they are fixed.
func anyError(error) bool { return true }

// retry runs call until it succeeds, the policy refuses an error, or ctx
// ends (a caller bounds a reply with replyDeadline). A 429's retry_after
// is waited out as Telegram asks; other errors back off exponentially
// from b.cfg.Backoff, with jitter, up to maxBackoff. Every failure is
// counted for method, and logged in English with the token removed.
func retry[T any](ctx context.Context, b *Bot, method string, policy retryPolicy, call func(context.Context) (T, error)) (T, error) {
	bo := backoff.NewExponentialBackOff()
	bo.InitialInterval, bo.MaxInterval, bo.RandomizationFactor = b.cfg.Backoff, maxBackoff, backoffJitter
	return backoff.Retry(ctx, func() (T, error) {
		v, err := call(ctx)
		if err == nil {
			return v, nil
		}
		// Judged by the error itself; shown without the token.
		shown := redact(err, b.cfg.Token)
		if ctx.Err() != nil || !policy(err) {
			b.cfg.Metrics.apiError(method, false)
			return v, backoff.Permanent(shown)
		}
		b.cfg.Metrics.apiError(method, true)
		if wait := waitAsked(err); wait != nil {
			b.log.Warn("Bot API asks to slow down", "method", method, "wait", wait.Duration)
			return v, wait
		}
		return v, shown
	}, backoff.WithBackOff(bo), backoff.WithMaxElapsedTime(0), backoff.WithNotify(func(err error, wait time.Duration) {
		var after *backoff.RetryAfterError
		if !errors.As(err, &after) {
			b.log.Log(ctx, retryLogLevel(method), "Bot API call failed; trying again", "method", method, "err", err, "wait", wait.Round(time.Millisecond))
		}
	}))
}

// waitAsked is the wait a 429 asks for (its retry_after), as backoff
// takes it; nil for other errors, and for a 429 without one, which backs
// off as usual.
func waitAsked(err error) *backoff.RetryAfterError {
	var tooMany *tg.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter <= 0 {
		return nil
	}
	return &backoff.RetryAfterError{Duration: time.Duration(tooMany.RetryAfter) * time.Second}
}

// retryLogLevel: a failed long poll is routine while the network is
// down and would fill the log at warning level once the backoff is
// capped; the others are worth a warning each.
func retryLogLevel(method string) slog.Level {
	if method == "getUpdates" {
		return slog.LevelInfo
	}
	return slog.LevelWarn
}

// isTransient reports an error worth retrying for a reply: a 429, a
// server error (5xx), a network error, or an answer that is not the Bot
// API's JSON (a proxy's error page in front of a self-hosted server).
// Other errors (a bad request, a bot blocked by the member) will not go
// away by trying again.
func isTransient(err error) bool {
	var tooMany *tg.TooManyRequestsError
	var ne net.Error
	if errors.As(err, &tooMany) || errors.As(err, &ne) {
		return true
	}
	return transientRe.MatchString(err.Error())
}

// transientRe matches go-telegram/bot's errors for a 5xx answer and for
// a body that is not JSON.
var transientRe = regexp.MustCompile(`error response from telegram for method \S+, 5\d\d|error decode response body`)
