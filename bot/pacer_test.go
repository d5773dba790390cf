package bot

import (
	"context"
	"testing"
	"time"
)

func TestPacerSpacesMessages(t *testing.T) {
	start := time.Unix(1700000000, 0)
	now := start
	var slept []time.Duration
	p := newPacer()
	p.now = func() time.Time { return now }
	p.sleep = func(ctx context.Context, d time.Duration) error { slept = append(slept, d); return nil }

	// Three messages into one group: a second apart.
	for i := 0; i < 3; i++ {
		p.wait(context.Background(), -100)
	}
	if len(slept) != 2 || slept[0] != groupInterval || slept[1] != 2*groupInterval {
		t.Errorf("group waits %v, want 1s and 2s", slept)
	}
	// Private chats only share the global limit: 30 a second.
	now = start.Add(10 * time.Second)
	slept = nil
	for i := 0; i < 31; i++ {
		p.wait(context.Background(), int64(i+1))
	}
	if len(slept) != 30 || slept[29] != 30*globalInterval {
		t.Errorf("%d waits, last %v; want 30, last %v", len(slept), slept[len(slept)-1], 30*globalInterval)
	}
}

func TestPacerStopsWithContext(t *testing.T) {
	p := newPacer()
	p.wait(context.Background(), -5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.wait(ctx, -5); err == nil {
		t.Error("wait ignored a cancelled context")
	}
}
