package bot

import (
	"context"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"
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

// catchUp is how many messages may go at once to make up for turns the
// dispatcher woke up late for: on a busy machine timers fire late, and
// at one token a turn every late wake-up would be a turn lost. The
// window (burst) still bounds what Telegram sees.
const catchUp = 3

// tokenSlack absorbs the floating-point error of rate.Limiter's token
// count, so that a token due now counts as there.
const tokenSlack = 1e-9

// lane is one conversation whose messages go out in order and take their
// turns together: a private chat, one member's questions in a group, or
// an admin's status message.
type lane struct {
	chat int64
	// sender is the member in a group (0 in a private chat), or
	// statusSender for the admins' progress edits.
	sender int64
	// thread is the forum topic the lane's messages go to (0: none):
	// a message sent without it goes to the forum's General topic.
	thread int
}

// statusSender is the sender of a status lane: Telegram user IDs are
// positive, so no member's lane is the same.
const statusSender = -1

// isGroup: group chats have negative IDs in the Bot API.
func (l lane) isGroup() bool { return l.chat < 0 }

// pacer gives outgoing messages their turns under Telegram's limits.
// Excess waits its turn rather than being dropped.
//
// Turns go round the lanes with a message waiting: each lane sends one
// message and goes to the back, so a chat, or a member in a group, with
// many messages holds up nobody else for more than one turn. A lane
// whose group is not free keeps its place and is skipped until it is.
//
// Spacing is kept by rate.Limiters: one for all messages (the global
// interval apart on average, up to catchUp at once), one per group with a message waiting or sent lately.
// Telegram counts a message when it arrives, which the bot cannot see, so
// a group's token is taken when its message has been sent and answered,
// and a group has one message in flight at a time: Telegram sees the
// group interval between two, however long a request took. For the same
// reason a message also goes only while fewer than burst others are in
// flight or were answered within burst global intervals: each of those
// arrived within that window or is still to arrive, so Telegram never
// sees more than burst in any such window, however the requests bunched
// on the way.
type pacer struct {
	groupEvery time.Duration // least time between two messages into one group
	window     time.Duration // burst global intervals
	metrics    *Metrics

	mu       sync.Mutex
	global   *rate.Limiter
	groups   map[int64]*groupTurns
	waiting  map[lane][]*ticket // messages waiting, by lane, in order
	turns    []lane             // lanes with a message waiting, in the order of their next turn
	queued   int                // messages waiting
	inFlight int                // messages let go and not yet answered
	answered []time.Time        // when messages were answered within the window, oldest first
	pruned   time.Time          // when idle groups were last forgotten
	running  bool               // the dispatcher is running
	kick     chan struct{}      // wakes the dispatcher: a message came or was answered
}

// groupTurns is what the pacer knows of one group.
type groupTurns struct {
	next     *rate.Limiter // one token a group interval, taken when a message there is answered
	inFlight bool
	waiting  int   // messages waiting in the group's lanes
	last     int64 // the sender whose message went last
}

// ticket is one message waiting for its turn.
type ticket struct {
	lane    lane
	granted chan struct{} // closed when the message may go
}

// newPacer spaces messages global apart, and group apart within a group
// chat; zero or less means Telegram's limit.
func newPacer(global, group time.Duration, m *Metrics) *pacer {
	if global <= 0 {
		global = globalInterval
	}
	if group <= 0 {
		group = groupInterval
	}
	return &pacer{
		groupEvery: group, window: burst * global, metrics: m,
		global: rate.NewLimiter(rate.Every(global), catchUp),
		groups: map[int64]*groupTurns{}, waiting: map[lane][]*ticket{},
		kick: make(chan struct{}, 1),
	}
}

// wait queues a message in l and blocks until its turn comes. When it
// returns nil, call done once the message has been sent (or failed).
func (p *pacer) wait(ctx context.Context, l lane) error {
	t := &ticket{lane: l, granted: make(chan struct{})}
	p.mu.Lock()
	p.enqueue(t)
	if !p.running {
		p.running = true
		go p.dispatch()
	} else {
		p.poke()
	}
	p.mu.Unlock()
	select {
	case <-t.granted:
		return nil
	case <-ctx.Done():
		p.mu.Lock()
		removed := p.remove(t)
		p.mu.Unlock()
		if !removed {
			p.done(l) // the turn came as ctx ended: give it back
		}
		return ctx.Err()
	}
}

// done records that a message in l, let go by wait, was sent and
// answered (or failed).
func (p *pacer) done(l lane) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finish(l, time.Now())
	p.poke()
}

// dispatch lets messages go as their turns come, until none waits.
func (p *pacer) dispatch() {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		p.mu.Lock()
		if p.queued == 0 {
			p.running = false
			p.mu.Unlock()
			return
		}
		next := p.grant(time.Now())
		p.mu.Unlock()
		if next.IsZero() {
			<-p.kick // an answer or a new message changes what may go
			continue
		}
		timer.Reset(time.Until(next))
		select {
		case <-timer.C:
		case <-p.kick:
		}
	}
}

// poke wakes the dispatcher without blocking. The caller holds p.mu.
func (p *pacer) poke() {
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

// enqueue puts t at the end of its lane; a lane that had nothing
// waiting joins the back of the turns. The caller holds p.mu.
func (p *pacer) enqueue(t *ticket) {
	l := t.lane
	if len(p.waiting[l]) == 0 {
		p.turns = append(p.turns, l)
	}
	p.waiting[l] = append(p.waiting[l], t)
	if l.isGroup() {
		g := p.groups[l.chat]
		if g == nil {
			g = &groupTurns{next: rate.NewLimiter(rate.Every(p.groupEvery), 1)}
			p.groups[l.chat] = g
		}
		g.waiting++
	}
	p.setQueued(p.queued + 1)
}

// remove takes t out of its lane, reporting false if it is not waiting
// (its turn has come). The caller holds p.mu.
func (p *pacer) remove(t *ticket) bool {
	l := t.lane
	i := slices.Index(p.waiting[l], t)
	if i < 0 {
		return false
	}
	p.unqueue(l, i)
	p.poke()
	return true
}

// unqueue takes the i-th message out of lane l. The caller holds p.mu.
func (p *pacer) unqueue(l lane, i int) {
	p.waiting[l] = slices.Delete(p.waiting[l], i, i+1)
	if len(p.waiting[l]) == 0 {
		delete(p.waiting, l)
		p.turns = slices.DeleteFunc(p.turns, func(x lane) bool { return x == l })
	}
	if l.isGroup() {
		p.groups[l.chat].waiting--
	}
	p.setQueued(p.queued - 1)
}

func (p *pacer) setQueued(n int) {
	p.queued = n
	p.metrics.queued(n)
}

// grant lets go, at now, every message whose turn has come. It returns
// when to look again: the zero time when nothing can go until a message
// is answered or another comes. The caller holds p.mu.
func (p *pacer) grant(now time.Time) time.Time {
	p.forgetIdleGroups(now)
	for len(p.turns) > 0 {
		if again, ok := p.release(now); !ok {
			return again
		}
		if tokens := p.global.TokensAt(now); tokens < 1-tokenSlack {
			return now.Add(tokenWait(p.global, tokens))
		}
		var again time.Time // the earliest a waiting group is free
		pick := -1
		for i, l := range p.turns {
			if !l.isGroup() {
				pick = i
				break
			}
			g := p.groups[l.chat]
			if g.inFlight {
				continue
			}
			if tokens := g.next.TokensAt(now); tokens < 1-tokenSlack {
				if at := now.Add(tokenWait(g.next, tokens)); again.IsZero() || at.Before(again) {
					again = at
				}
				continue
			}
			pick = p.nextInGroup(i, g)
			break
		}
		if pick < 0 {
			return again
		}
		l := p.turns[pick]
		t := p.waiting[l][0]
		p.unqueue(l, 0)
		if len(p.waiting[l]) > 0 { // to the back of the turns
			p.turns = append(slices.Delete(p.turns, pick, pick+1), l)
		}
		p.global.ReserveN(now, 1)
		p.inFlight++
		if l.isGroup() {
			g := p.groups[l.chat]
			g.inFlight, g.last = true, l.sender
		}
		close(t.granted)
	}
	return time.Time{}
}

// nextInGroup is the turn to take in the group of p.turns[i], whose
// turn it is: the first of its lanes in the turns, unless that is the
// member whose message went last while another member waits there. A
// member sending again and again would otherwise often queue their next
// message before another member's first came, and go first once more.
// The caller holds p.mu.
func (p *pacer) nextInGroup(i int, g *groupTurns) int {
	l := p.turns[i]
	if l.sender != g.last {
		return i
	}
	for j := i + 1; j < len(p.turns); j++ {
		// Another member's lane: the same member's in another forum
		// topic is not another member.
		if p.turns[j].chat == l.chat && p.turns[j].sender != l.sender {
			return j
		}
	}
	return i
}

// tokenWait is how long lim takes to refill from tokens to one.
func tokenWait(lim *rate.Limiter, tokens float64) time.Duration {
	return time.Duration((1-tokens)/float64(lim.Limit())*float64(time.Second)) + time.Microsecond
}

// release reports whether a message may go at now: fewer than burst are
// in flight or were answered within the last burst global intervals.
// If not, it returns when to look again (zero: once one is answered).
// The caller holds p.mu.
func (p *pacer) release(now time.Time) (time.Time, bool) {
	old := 0
	for old < len(p.answered) && !p.answered[old].After(now.Add(-p.window)) {
		old++
	}
	p.answered = slices.Delete(p.answered, 0, old)
	free := burst - p.inFlight
	if free <= 0 {
		return time.Time{}, false
	}
	if len(p.answered) >= free {
		return p.answered[len(p.answered)-free].Add(p.window), false
	}
	return time.Time{}, true
}

// finish records at now that a message in l was answered: a group's
// next message waits the group interval from now. The caller holds p.mu.
func (p *pacer) finish(l lane, now time.Time) {
	p.inFlight--
	p.answered = append(p.answered, now)
	if l.isGroup() {
		g := p.groups[l.chat]
		g.inFlight = false
		g.next.ReserveN(now, 1)
	}
}

// forgetIdleGroups drops, once a group interval, the groups with nothing
// waiting or in flight whose interval has passed. The caller holds p.mu.
func (p *pacer) forgetIdleGroups(now time.Time) {
	if now.Sub(p.pruned) < p.groupEvery {
		return
	}
	p.pruned = now
	for id, g := range p.groups {
		if g.waiting == 0 && !g.inFlight && g.next.TokensAt(now) >= 1-tokenSlack {
			delete(p.groups, id)
		}
	}
}
