package bot

import (
	"context"
	"errors"
	"testing"
	"time"
)

var epoch = time.Unix(1700000000, 0)

// queue puts a message in l and returns its ticket.
func queue(p *pacer, l lane) *ticket {
	t := &ticket{lane: l, granted: make(chan struct{})}
	p.enqueue(t)
	return t
}

func granted(t *ticket) bool {
	select {
	case <-t.granted:
		return true
	default:
		return false
	}
}

// run lets messages go at each tick from epoch on, each answered at
// once, until none waits, and returns the lanes in the order they went
// and when.
func run(t *testing.T, p *pacer, tick time.Duration, tickets []*ticket) ([]lane, []time.Duration) {
	t.Helper()
	var order []lane
	var at []time.Duration
	done := map[*ticket]bool{}
	for now := epoch; len(done) < len(tickets); now = now.Add(tick) {
		if now.Sub(epoch) > time.Minute {
			t.Fatalf("%d of %d messages went in a minute", len(done), len(tickets))
		}
		p.grant(now)
		for _, tk := range tickets {
			if !done[tk] && granted(tk) {
				done[tk] = true
				order = append(order, tk.lane)
				at = append(at, now.Sub(epoch))
				p.finish(tk.lane, now)
			}
		}
	}
	return order, at
}

// TestPacerTakesTurns: a lane with many messages waiting sends one and
// goes to the back; a lane that comes later is not held up behind them.
func TestPacerTakesTurns(t *testing.T) {
	p := newPacer(0, 0, nil)
	a, b, c := lane{chat: 1}, lane{chat: 2}, lane{chat: 3}
	var tickets []*ticket
	for _, l := range []lane{a, a, a, b, c} {
		tickets = append(tickets, queue(p, l))
	}
	order, at := run(t, p, globalInterval, tickets)
	want := []lane{a, b, c, a, a}
	// catchUp messages may go at once, then one an interval.
	wantAt := []time.Duration{0, 0, 0, globalInterval, 2 * globalInterval}
	for i := range want {
		if order[i] != want[i] || at[i] != wantAt[i] {
			t.Fatalf("went %v at %v, want %v at %v", order, at, want, wantAt)
		}
	}
}

// TestPacerFloodInAGroup: a member with many messages waiting in a group
// and another member with one take turns at the group's one a second.
func TestPacerFloodInAGroup(t *testing.T) {
	p := newPacer(0, 0, nil)
	flooder, other, private := lane{chat: -100, sender: 1}, lane{chat: -100, sender: 2}, lane{chat: 5}
	var tickets []*ticket
	for i := 0; i < 5; i++ {
		tickets = append(tickets, queue(p, flooder))
	}
	tickets = append(tickets, queue(p, other), queue(p, private))
	order, at := run(t, p, 10*time.Millisecond, tickets)
	want := []lane{flooder, private, other, flooder, flooder, flooder, flooder}
	wantAt := []time.Duration{0, 0, time.Second, 2 * time.Second, 3 * time.Second, 4 * time.Second, 5 * time.Second}
	for i := range want {
		if order[i] != want[i] || at[i] != wantAt[i] {
			t.Fatalf("went %v at %v, want %v at %v", order, at, want, wantAt)
		}
	}
}

// TestPacerWaitsForGroupAnswers: the next message into a group waits the
// group interval from when the last one was answered, not from when it
// left; private chats do not wait for answers.
func TestPacerWaitsForGroupAnswers(t *testing.T) {
	p := newPacer(0, 0, nil)
	g1, g2 := queue(p, lane{chat: -100, sender: 1}), queue(p, lane{chat: -100, sender: 2})
	p.grant(epoch)
	if !granted(g1) || granted(g2) {
		t.Fatal("the group's first message did not go alone")
	}
	if again := p.grant(epoch.Add(time.Hour)); !again.IsZero() || granted(g2) {
		t.Fatalf("a group's second message went while the first was in flight (look again at %v)", again)
	}
	answered := epoch.Add(300 * time.Millisecond)
	p.finish(g1.lane, answered)
	if again := p.grant(answered.Add(time.Second - time.Millisecond)); granted(g2) || again.Before(answered.Add(time.Second)) || again.After(answered.Add(time.Second+time.Millisecond)) {
		t.Fatalf("second message: granted %v, look again at %v; want at %v", granted(g2), again.Sub(epoch), time.Second+300*time.Millisecond)
	}
	p.grant(answered.Add(time.Second))
	if !granted(g2) {
		t.Error("the group's second message did not go a second after the first was answered")
	}
	p1, p2 := queue(p, lane{chat: 5}), queue(p, lane{chat: 6})
	now := epoch.Add(time.Minute)
	p.grant(now)
	p.grant(now.Add(globalInterval))
	if !granted(p1) || !granted(p2) {
		t.Error("private chats waited for answers")
	}
}

func TestPacerIntervalsAreConfigurable(t *testing.T) {
	p := newPacer(time.Millisecond, 10*time.Millisecond, nil)
	g1, g2 := lane{chat: -1, sender: 1}, lane{chat: -1, sender: 2}
	var tickets []*ticket
	for _, l := range []lane{g1, g2, {chat: 2}, {chat: 3}, {chat: 4}, {chat: 5}} {
		tickets = append(tickets, queue(p, l))
	}
	order, at := run(t, p, time.Millisecond, tickets)
	want := []lane{g1, {chat: 2}, {chat: 3}, {chat: 4}, {chat: 5}, g2}
	wantAt := []time.Duration{0, 0, 0, time.Millisecond, 2 * time.Millisecond, 10 * time.Millisecond}
	for i := range want {
		if order[i] != want[i] || at[i] != wantAt[i] {
			t.Fatalf("went %v at %v, want %v at %v", order, at, want, wantAt)
		}
	}
}

// TestPacerReleasesAtMostBurst: no more than burst messages are in
// flight or answered within burst global intervals.
func TestPacerReleasesAtMostBurst(t *testing.T) {
	p := newPacer(0, 0, nil)
	at := func(d time.Duration) time.Time { return epoch.Add(d) }
	for i := 0; i < burst; i++ {
		if next, ok := p.release(at(0)); !ok {
			t.Fatalf("message %d held until %v", i, next.Sub(epoch))
		}
		p.inFlight++
	}
	window := burst * globalInterval
	// One after another, each with the pacer as the one before left it.
	tests := []struct {
		name       string
		answered   int           // how many more messages were answered…
		answeredAt time.Duration // …at this time
		now        time.Duration
		want       time.Duration // -1: goes; 0: held until an answer comes
	}{
		{"all in flight: held until an answer comes", 0, 0, 100 * time.Millisecond, 0},
		{"one answered: a window after its answer", 1, 500 * time.Millisecond, 600 * time.Millisecond, 500*time.Millisecond + window},
		{"then it goes", 0, 0, 500*time.Millisecond + window, -1},
		{"the next waits for another answer", 0, 0, 500*time.Millisecond + window, 0},
		{"the others answered: a window after them", burst - 1, 1600 * time.Millisecond, 1700 * time.Millisecond, 1600*time.Millisecond + window},
		{"then it goes too", 0, 0, 1600*time.Millisecond + window, -1},
	}
	for _, tt := range tests {
		for i := 0; i < tt.answered; i++ {
			p.inFlight--
			p.answered = append(p.answered, at(tt.answeredAt))
		}
		next, ok := p.release(at(tt.now))
		switch {
		case tt.want < 0 && !ok:
			t.Errorf("%s: held until %v", tt.name, next.Sub(epoch))
		case tt.want == 0 && (ok || !next.IsZero()):
			t.Errorf("%s: goes %v, or held until %v", tt.name, ok, next.Sub(epoch))
		case tt.want > 0 && (ok || !next.Equal(at(tt.want))):
			t.Errorf("%s: goes %v, or held until %v, want %v", tt.name, ok, next.Sub(epoch), tt.want)
		}
		if ok {
			p.inFlight++
		}
	}
}

// TestPacerWaitStopsWithContext: a message whose context ends while it
// waits leaves the queue, and the pacer's goroutine ends with nothing
// waiting.
func TestPacerWaitStopsWithContext(t *testing.T) {
	p := newPacer(0, 0, nil)
	g := lane{chat: -5, sender: 1}
	if err := p.wait(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	// The group's first message is in flight: the second waits.
	if err := p.wait(ctx, lane{chat: -5, sender: 2}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("wait with an expired context: %v", err)
	}
	p.done(g)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		p.mu.Lock()
		queued, running, lanes := p.queued, p.running, len(p.turns)+len(p.waiting)
		p.mu.Unlock()
		if queued == 0 && !running && lanes == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d queued in %d lanes, dispatcher running %v", queued, lanes, running)
		}
	}
}

// TestPacerForgets: the pacer keeps nothing about groups past.
func TestPacerForgets(t *testing.T) {
	p := newPacer(0, 0, nil)
	var tickets []*ticket
	for i := int64(1); i <= 100; i++ {
		tickets = append(tickets, queue(p, lane{chat: -i, sender: i}))
	}
	run(t, p, globalInterval, tickets)
	p.grant(epoch.Add(time.Hour))
	if len(p.groups) != 0 || len(p.waiting) != 0 || len(p.turns) != 0 {
		t.Errorf("after an hour: %d groups, %d lanes remembered", len(p.groups), len(p.waiting)+len(p.turns))
	}
}

// TestPacerGroupPrefersAnotherMember: a member whose message just went
// into a group, and who queued the next before another member's came,
// still lets the other member go first.
func TestPacerGroupPrefersAnotherMember(t *testing.T) {
	p := newPacer(0, 0, nil)
	flooder, other := lane{chat: -100, sender: 1}, lane{chat: -100, sender: 2}
	first := queue(p, flooder)
	p.grant(epoch)
	p.finish(flooder, epoch)
	if !granted(first) {
		t.Fatal("the first message did not go")
	}
	again, theirs := queue(p, flooder), queue(p, other)
	p.grant(epoch.Add(time.Second))
	if !granted(theirs) || granted(again) {
		t.Errorf("the other member's went %v, the flooder's second %v", granted(theirs), granted(again))
	}
}

// TestPacerGroupTopicsAreOneMember: the member whose message just went,
// asking again in another forum topic (a lane of its own), still lets
// another member go first.
func TestPacerGroupTopicsAreOneMember(t *testing.T) {
	p := newPacer(0, 0, nil)
	flooder, other := lane{chat: -100, sender: 1, thread: 7}, lane{chat: -100, sender: 2, thread: 7}
	elsewhere := lane{chat: -100, sender: 1, thread: 8}
	first := queue(p, flooder)
	p.grant(epoch)
	p.finish(flooder, epoch)
	if !granted(first) {
		t.Fatal("the first message did not go")
	}
	again, topic, theirs := queue(p, flooder), queue(p, elsewhere), queue(p, other)
	p.grant(epoch.Add(time.Second))
	if !granted(theirs) || granted(again) || granted(topic) {
		t.Errorf("the other member's went %v, the flooder's %v and %v", granted(theirs), granted(again), granted(topic))
	}
}
