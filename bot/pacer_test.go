package bot

import (
	"context"
	"errors"
	"testing"
	"time"
)

var epoch = time.Unix(1700000000, 0)

// TestPacerBooks books messages all at one moment, as when many answers
// are ready at once, and checks when each may go.
func TestPacerBooks(t *testing.T) {
	const tick = globalInterval
	many := func(n int, chat func(i int) int64) []int64 {
		var chats []int64
		for i := 0; i < n; i++ {
			chats = append(chats, chat(i))
		}
		return chats
	}
	ticks := func(n int) []time.Duration {
		var at []time.Duration
		for i := 0; i < n; i++ {
			at = append(at, time.Duration(i)*tick)
		}
		return at
	}
	tests := []struct {
		name  string
		chats []int64 // in the order they book, negative for groups
		want  []time.Duration
	}{
		{"one message goes at once", []int64{5}, []time.Duration{0}},
		{"private chats share 30 a second", many(31, func(i int) int64 { return int64(i + 1) }), ticks(31)},
		{"one private chat too", many(3, func(int) int64 { return 5 }), ticks(3)},
		{"a group gets one a second", []int64{-100, -100, -100}, []time.Duration{0, time.Second, 2 * time.Second}},
		{"a waiting group holds nobody up", []int64{-100, -100, 5, 6}, []time.Duration{0, time.Second, tick, 2 * tick}},
		{"two groups", []int64{-100, -200, -100, -200}, []time.Duration{0, tick, time.Second, time.Second + tick}},
		// Ticks 1 to 28 are free before the group's second message; 29
		// would be too close to it.
		{"a gap before a group's turn is filled", append([]int64{-100, -100}, many(28, func(i int) int64 { return int64(i + 1) })...),
			append([]time.Duration{0, time.Second}, ticks(29)[1:]...)},
		{"then the group's turn is skipped", append([]int64{-100, -100}, many(30, func(i int) int64 { return int64(i + 1) })...),
			append(append([]time.Duration{0, time.Second}, ticks(29)[1:]...), time.Second+tick, time.Second+2*tick)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPacer(0, 0)
			for i, chat := range tt.chats {
				if got := p.book(chat, epoch).Sub(epoch); got != tt.want[i] {
					t.Errorf("message %d (chat %d) at %v, want %v", i, chat, got, tt.want[i])
				}
			}
		})
	}
}

func TestPacerIntervalsAreConfigurable(t *testing.T) {
	p := newPacer(time.Millisecond, 10*time.Millisecond)
	var got []time.Duration
	for _, chat := range []int64{-1, -1, 2, 3} {
		got = append(got, p.book(chat, epoch).Sub(epoch))
	}
	want := []time.Duration{0, 10 * time.Millisecond, time.Millisecond, 2 * time.Millisecond}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("times %v, want %v", got, want)
			break
		}
	}
}

// fakeClock advances when slept on, late by late.
type fakeClock struct {
	now   time.Time
	late  time.Duration
	slept []time.Duration
}

func (c *fakeClock) pacer(global, group time.Duration) *pacer {
	p := newPacer(global, group)
	p.now = func() time.Time { return c.now }
	p.sleep = func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.slept = append(c.slept, d)
		c.now = c.now.Add(d + c.late)
		return nil
	}
	return p
}

// TestPacerWaitsForGroupAnswers: the next message into a group waits a
// second from when the last one was answered, not only from when it left.
func TestPacerWaitsForGroupAnswers(t *testing.T) {
	c := &fakeClock{now: epoch}
	p := c.pacer(0, 0)
	ctx := context.Background()
	p.wait(ctx, -100)
	c.now = c.now.Add(300 * time.Millisecond) // the request took 300ms
	p.done(-100)
	p.wait(ctx, -100)
	p.done(-100)
	if len(c.slept) != 1 || c.slept[0] != time.Second {
		t.Errorf("slept %v, want 1s after the answer", c.slept)
	}
	// Private chats do not wait for answers.
	c.now = c.now.Add(time.Minute)
	c.slept = nil
	p.wait(ctx, 5)
	p.done(5)
	p.wait(ctx, 5)
	if len(c.slept) != 1 || c.slept[0] != globalInterval {
		t.Errorf("private chat slept %v, want %v", c.slept, globalInterval)
	}
}

// TestPacerReleasesAtMostBurst: no more than burst messages are in
// flight or answered within burst global intervals.
func TestPacerReleasesAtMostBurst(t *testing.T) {
	p := newPacer(0, 0)
	at := func(d time.Duration) time.Time { return epoch.Add(d) }
	for i := 0; i < burst; i++ {
		if next := p.release(at(0)); !next.IsZero() {
			t.Fatalf("message %d held until %v", i, next.Sub(epoch))
		}
	}
	window := burst * globalInterval
	// One after another, each with the pacer as the one before left it.
	tests := []struct {
		name       string
		answered   int           // how many more messages were answered…
		answeredAt time.Duration // …at this time
		now        time.Duration
		want       time.Duration // -1: goes
	}{
		{"all in flight: try again a tick later", 0, 0, 100 * time.Millisecond, 100*time.Millisecond + globalInterval},
		{"one answered: a window after its answer", 1, 500 * time.Millisecond, 600 * time.Millisecond, 500*time.Millisecond + window},
		{"then it goes", 0, 0, 500*time.Millisecond + window, -1},
		{"the next waits for another answer", 0, 0, 500*time.Millisecond + window, 500*time.Millisecond + window + globalInterval},
		{"the others answered: a window after them", burst - 1, 1600 * time.Millisecond, 1700 * time.Millisecond, 1600*time.Millisecond + window},
		{"then it goes too", 0, 0, 1600*time.Millisecond + window, -1},
	}
	for _, tt := range tests {
		for i := 0; i < tt.answered; i++ {
			p.inFlight--
			p.answered = append(p.answered, at(tt.answeredAt))
		}
		next := p.release(at(tt.now))
		switch {
		case tt.want < 0 && !next.IsZero():
			t.Errorf("%s: held until %v", tt.name, next.Sub(epoch))
		case tt.want >= 0 && !next.Equal(at(tt.want)):
			t.Errorf("%s: held until %v, want %v", tt.name, next.Sub(epoch), tt.want)
		}
	}
}

// TestPacerLateWaiter: a waiter whose time has come sleeps again while
// burst messages were answered within the window.
func TestPacerLateWaiter(t *testing.T) {
	c := &fakeClock{now: epoch, late: 5 * time.Millisecond}
	p := c.pacer(0, 0)
	for i := 0; i < burst; i++ {
		p.answered = append(p.answered, epoch.Add(-time.Duration(burst-i)*time.Millisecond))
	}
	if err := p.wait(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	if want := burst*globalInterval - burst*time.Millisecond; len(c.slept) != 1 || c.slept[0] != want {
		t.Errorf("slept %v, want %v", c.slept, want)
	}
	if p.inFlight != 1 {
		t.Errorf("%d in flight, want 1", p.inFlight)
	}
}

func TestPacerStopsWithContext(t *testing.T) {
	p := newPacer(0, 0)
	p.wait(context.Background(), -5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.wait(ctx, -5); !errors.Is(err, context.Canceled) {
		t.Errorf("wait with a cancelled context: %v", err)
	}
}

// TestPacerForgets: the pacer keeps nothing about chats and times past.
func TestPacerForgets(t *testing.T) {
	p := newPacer(0, 0)
	for i := int64(1); i <= 100; i++ {
		p.book(-i, epoch)
	}
	p.book(5, epoch.Add(time.Hour))
	if len(p.booked) != 1 || len(p.groupNext) != 0 {
		t.Errorf("after an hour: %d times booked, %d groups remembered", len(p.booked), len(p.groupNext))
	}
}
