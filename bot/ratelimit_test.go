package bot

import (
	"testing"
	"time"
)

// TestRateLimitTellsOncePerFlood: a member over the limit is told once;
// the questions after that are dropped silently until one is allowed
// again, and the next flood is told once more.
func TestRateLimitTellsOncePerFlood(t *testing.T) {
	r := newRateLimiter(2, time.Minute)
	now := epoch
	r.now = func() time.Time { return now }
	var got []verdict
	for i := 0; i < 5; i++ {
		got = append(got, r.allow(7))
	}
	now = now.Add(time.Minute) // the window has passed
	for i := 0; i < 4; i++ {
		got = append(got, r.allow(7))
	}
	want := []verdict{allowed, allowed, tooFast, stillFast, stillFast, allowed, allowed, tooFast, stillFast}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("verdicts %v, want %v", got, want)
		}
	}
	if v := r.allow(8); v != allowed {
		t.Errorf("another member: %v", v)
	}
	now = now.Add(time.Hour)
	r.allow(9)
	if len(r.users) != 1 {
		t.Errorf("%d members remembered an hour later, want only the one who just asked", len(r.users))
	}
}
