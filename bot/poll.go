package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// telegramURL is the Bot API server when Config.APIURL is empty.
const telegramURL = "https://api.telegram.org"

// maxUpdatesBody bounds a getUpdates answer: at most 100 updates, each
// well under the 4096-character messages and captions they carry.
const maxUpdatesBody = 32 << 20

// poll takes updates by long polling until ctx ends and hands each to
// the handlers.
//
// The bot polls itself rather than with go-telegram/bot's Start, because
// that decodes a getUpdates answer into []*models.Update in one go: one
// update it cannot decode (a field of a type it does not expect) fails
// the whole batch, the offset never moves past it, and the same batch is
// fetched again forever while nobody is answered. Its loop also waits at
// most 5 s after an error, whatever retry_after a 429 asked for. Here
// each update is decoded on its own: one that does not decode is logged
// and skipped, the offset moves past it, and the rest are answered.
// Failures are retried by retry, which honours retry_after and backs
// off, for as long as it takes.
//
// Telegram forgets an update once a getUpdates asks from past it (its
// offset): the updates of the last batch before a stop are confirmed as
// the loop ends (confirm), or the next run would answer them again — a
// member's question twice, an admin's /remove once more.
func (b *Bot) poll(ctx context.Context) {
	var offset, confirmed int64
	defer func() {
		if offset > confirmed {
			b.confirm(ctx, offset)
		}
	}()
	for ctx.Err() == nil {
		batch, err := retry(ctx, b, "getUpdates", anyError, func(ctx context.Context) ([]json.RawMessage, error) {
			return b.getUpdates(ctx, offset, longPoll, 100)
		})
		if err != nil {
			return // ctx ended
		}
		confirmed = offset
		for _, raw := range batch {
			id, u, err := decodeUpdate(raw)
			if id >= offset {
				offset = id + 1
			}
			if err != nil {
				b.cfg.Metrics.apiError("getUpdates", false)
				b.log.Error("skipped an update that does not decode", "update_id", id, "err", err, "update", shorten(raw, 500))
				continue
			}
			b.tg.ProcessUpdate(ctx, u)
		}
	}
}

// confirmTimeout bounds the one getUpdates that confirms the last batch
// at a stop: short, as the stop waits for it, and a miss only means the
// next run answers that batch again.
const confirmTimeout = 2 * time.Second

// confirm tells Telegram the updates before offset are taken, with one
// getUpdates that waits for nothing and asks for one update at most,
// which is left for the next run: it is not handed to the bot.
func (b *Bot) confirm(ctx context.Context, offset int64) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), confirmTimeout)
	defer cancel()
	if _, err := b.getUpdates(ctx, offset, 0, 1); err != nil {
		b.log.Warn("could not confirm the last updates taken; the next run answers them again", "offset", offset, "err", err)
	}
}

// decodeUpdate decodes one update. Its update_id is read on its own
// first, so that an update that does not decode can still be skipped;
// 0 if even that is unreadable.
func decodeUpdate(raw json.RawMessage) (int64, *models.Update, error) {
	var head struct {
		ID int64 `json:"update_id"`
	}
	json.Unmarshal(raw, &head) // an error shows below
	u := &models.Update{}
	if err := json.Unmarshal(raw, u); err != nil {
		return head.ID, nil, err
	}
	return u.ID, u, nil
}

// getUpdates asks for at most limit updates from offset on, waiting up
// to wait for one. Its errors are go-telegram/bot's (a 429 is a
// *tg.TooManyRequestsError), so that retry treats them alike.
func (b *Bot) getUpdates(ctx context.Context, offset int64, wait time.Duration, limit int) ([]json.RawMessage, error) {
	body, _ := json.Marshal(map[string]any{"offset": offset, "timeout": int(wait.Seconds()), "limit": limit})
	server := b.cfg.APIURL
	if server == "" {
		server = telegramURL
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, server+"/bot"+b.cfg.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("error do request for method getUpdates, %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxUpdatesBody))
	if err != nil {
		return nil, fmt.Errorf("error read response body for method getUpdates, %w", err)
	}
	var r struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("error decode response body for method getUpdates (HTTP %d), %w", resp.StatusCode, err)
	}
	switch {
	case r.OK:
		return r.Result, nil
	case r.ErrorCode == http.StatusTooManyRequests:
		return nil, &tg.TooManyRequestsError{Message: fmt.Sprintf("%s, %s", tg.ErrorTooManyRequests, r.Description), RetryAfter: r.Parameters.RetryAfter}
	default:
		return nil, fmt.Errorf("error response from telegram for method getUpdates, %d %s", r.ErrorCode, r.Description)
	}
}

// shorten cuts raw JSON for a log line.
func shorten(raw []byte, n int) string {
	if len(raw) <= n {
		return string(raw)
	}
	return string(raw[:n]) + "…"
}
