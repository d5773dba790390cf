package bot

import (
	"context"
	"slices"
	"sync"
	"time"
)

// burst is how many messages may be in flight or answered within burst
// global intervals (one second at Telegram's limit).
const burst = 30

// Telegram's limits on what a bot sends: about 30 messages a second in
// all (the interval rounded up, so that 30 of them take a whole second),
// and one a second into any one group.
const (
	globalInterval = (time.Second + burst - 1) / burst
	groupInterval  = time.Second
)

// pacer spaces outgoing messages to Telegram's limits. Excess waits its
// turn rather than being dropped.
//
// Each message books a time to go: at least the global interval from
// every other booked time, and into a group, the group interval after the
// previous message there was booked and after it was sent and answered,
// so Telegram sees the gap even when requests take different times. A
// message waiting for its group takes the first free time from then on
// and does not hold up messages to other chats.
//
// Telegram counts messages when they arrive, which the bot cannot see:
// requests that leave on time can arrive bunched (a connection to open, a
// busy machine), and a waiter that wakes up late crowds the ones booked
// after it. So a message also goes only while fewer than burst others are
// in flight or were answered within burst global intervals. Every one of
// those arrived within that window or is still to arrive, so Telegram
// never sees more than burst in any such window. A message held back
// this way tries again, and may then go after one booked later; the bot
// sends into a chat one message at a time, so a chat keeps its order.
type pacer struct {
	global time.Duration // least time between any two messages
	group  time.Duration // least time between two messages into one group
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error

	mu        sync.Mutex
	booked    []time.Time         // booked times, ascending, from one global interval ago on
	groupNext map[int64]time.Time // earliest next message into each group; passed ones dropped
	inFlight  int                 // messages sent and not yet answered
	answered  []time.Time         // when messages were answered within the window, oldest first
}

// newPacer spaces messages global apart, and group apart within a group
// chat; zero or less means Telegram's limit.
func newPacer(global, group time.Duration) *pacer {
	if global <= 0 {
		global = globalInterval
	}
	if group <= 0 {
		group = groupInterval
	}
	return &pacer{global: global, group: group, now: time.Now, sleep: sleepCtx, groupNext: map[int64]time.Time{}}
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

// wait books the next time for a message into chat and sleeps until it
// may go. Group chats have negative IDs in the Bot API. A time given up
// by a cancelled wait stays booked: later messages never go early. When
// wait returns nil, call done once the message has been sent.
func (p *pacer) wait(ctx context.Context, chat int64) error {
	p.mu.Lock()
	at := p.book(chat, p.now())
	p.mu.Unlock()
	for {
		if d := at.Sub(p.now()); d > 0 {
			if err := p.sleep(ctx, d); err != nil {
				return err
			}
		}
		p.mu.Lock()
		at = p.release(p.now())
		p.mu.Unlock()
		if at.IsZero() {
			return nil
		}
	}
}

// done records that a message into chat, let go by wait, was sent and
// answered (or failed): the next one into the same group waits the group
// interval from now.
func (p *pacer) done(chat int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.inFlight--
	p.answered = append(p.answered, now)
	if chat < 0 {
		p.groupNext[chat] = maxTime(p.groupNext[chat], now.Add(p.group))
	}
}

// book takes the first free time for a message into chat from now on and
// returns it. The caller holds p.mu.
func (p *pacer) book(chat int64, now time.Time) time.Time {
	// Forget what can no longer be in the way.
	old := 0
	for old < len(p.booked) && p.booked[old].Add(p.global).Before(now) {
		old++
	}
	p.booked = slices.Delete(p.booked, 0, old)
	for id, next := range p.groupNext {
		if next.Before(now) {
			delete(p.groupNext, id)
		}
	}

	at := now
	if chat < 0 {
		at = maxTime(at, p.groupNext[chat])
	}
	i := 0
	for ; i < len(p.booked); i++ {
		b := p.booked[i]
		if !b.Add(p.global).After(at) {
			continue // well before
		}
		if !at.Add(p.global).After(b) {
			break // fits before b
		}
		at = b.Add(p.global)
	}
	p.booked = slices.Insert(p.booked, i, at)
	if chat < 0 {
		p.groupNext[chat] = at.Add(p.group)
	}
	return at
}

// release lets a message go at now, returning the zero time, unless
// burst messages are in flight or were answered within the last burst
// global intervals: then it returns when to try again. The caller holds
// p.mu.
func (p *pacer) release(now time.Time) time.Time {
	window := burst * p.global
	old := 0
	for old < len(p.answered) && !p.answered[old].After(now.Add(-window)) {
		old++
	}
	p.answered = slices.Delete(p.answered, 0, old)
	free := burst - p.inFlight
	if free <= 0 {
		return now.Add(p.global) // until an answer comes
	}
	if len(p.answered) >= free {
		return p.answered[len(p.answered)-free].Add(window)
	}
	p.inFlight++
	return time.Time{}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
