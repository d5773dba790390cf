package bot

import (
	"context"
	"errors"
	"net"
	"regexp"
	"time"

	tg "github.com/go-telegram/bot"
)

// Retry limits for calls to the Bot API.
const (
	maxAttempts   = 4
	maxRetryAfter = 30 * time.Second
)

// retry runs call until it succeeds, waiting out a 429's retry_after and
// backing off after server and network errors. Other errors (a bad
// request, a blocked bot) are returned at once.
func retry[T any](ctx context.Context, backoff time.Duration, call func(context.Context) (T, error)) (T, error) {
	var (
		v   T
		err error
	)
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		v, err = call(ctx)
		if err == nil {
			return v, nil
		}
		var wait time.Duration
		var tooMany *tg.TooManyRequestsError
		switch {
		case errors.As(err, &tooMany):
			wait = min(time.Duration(tooMany.RetryAfter)*time.Second, maxRetryAfter)
		case isTransient(err):
			wait = backoff << (attempt - 1)
		default:
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, ctx.Err()
		case <-time.After(wait):
		}
	}
	return v, err
}

// isTransient reports a server (5xx) or network error worth retrying.
func isTransient(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	return serverErrorRe.MatchString(err.Error())
}

// serverErrorRe matches go-telegram/bot's error for a 5xx answer.
var serverErrorRe = regexp.MustCompile(`error response from telegram for method \S+, 5\d\d`)
