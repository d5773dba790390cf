package bot

import (
	"context"
	"sync"
	"time"
)

// Telegram's limits on what a bot sends: about 30 messages a second in
// all, and one a second into any one group.
const (
	globalInterval = time.Second / 30
	groupInterval  = time.Second
)

// pacer spaces outgoing messages to Telegram's limits. Excess waits its
// turn (in arrival order per chat) rather than being dropped.
type pacer struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu         sync.Mutex
	nextGlobal time.Time
	nextChat   map[int64]time.Time
}

func newPacer() *pacer {
	return &pacer{now: time.Now, sleep: sleepCtx, nextChat: map[int64]time.Time{}}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// wait reserves the next slot for a message into chat and sleeps until it.
// Group chats have negative IDs in the Bot API.
func (p *pacer) wait(ctx context.Context, chat int64) error {
	p.mu.Lock()
	now := p.now()
	at := maxTime(now, p.nextGlobal)
	if chat < 0 {
		at = maxTime(at, p.nextChat[chat])
		p.nextChat[chat] = at.Add(groupInterval)
	}
	p.nextGlobal = at.Add(globalInterval)
	p.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return p.sleep(ctx, d)
	}
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
