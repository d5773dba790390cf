package dirlock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestAcquireRelease(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	l, err := Acquire(ctx, dir, "test one", 0)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks are per open file: a second Acquire in this process is
	// refused like another process would be.
	start := time.Now()
	_, err = Acquire(ctx, dir, "test two", 200*time.Millisecond)
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("second Acquire: %v, want ErrBusy", err)
	}
	if time.Since(start) < 150*time.Millisecond {
		t.Errorf("second Acquire gave up before its timeout")
	}
	want := "PID " + strconv.Itoa(os.Getpid()) + " (test one)"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name %q", err, want)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(ctx, dir, "test two", time.Second)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	l2.Release()
}

func TestAcquireWaits(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	l, err := Acquire(ctx, dir, "first", 0)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		l.Release()
	}()
	l2, err := Acquire(ctx, dir, "second", 10*time.Second)
	if err != nil {
		t.Fatalf("waiting Acquire: %v", err)
	}
	l2.Release()
}

// TestHeld: Held sees another holder's lock, and neither creates nor
// writes the lock file.
func TestHeld(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if Held(dir) {
		t.Error("Held without a lock file")
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Held made the lock file: %v", err)
	}
	l, err := Acquire(ctx, dir, "holder", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !Held(dir) {
		t.Error("Held misses a held lock")
	}
	if got := Holder(dir); !strings.Contains(got, "(holder)") {
		t.Errorf("Held changed the lock file: holder %q", got)
	}
	l.Release()
	if Held(dir) {
		t.Error("Held after Release")
	}
}

// WhileBusy tries again only while the lock is busy and time is left,
// each try waiting at most every.
func TestWhileBusy(t *testing.T) {
	busy := fmt.Errorf("wrapped: %w", ErrBusy)
	other := errors.New("no such directory")
	for _, tc := range []struct {
		name    string
		results []error // what each try returns; busy after the last
		timeout time.Duration
		want    error
		tries   int
	}{
		{"free at once", []error{nil}, time.Second, nil, 1},
		{"free after two busy tries", []error{busy, busy, nil}, time.Minute, nil, 3},
		{"another error ends it", []error{busy, other}, time.Minute, other, 2},
		{"busy past the timeout", nil, 30 * time.Millisecond, ErrBusy, -1},
	} {
		tries := 0
		err := WhileBusy(context.Background(), tc.timeout, 10*time.Millisecond, func(wait time.Duration) error {
			if wait > 10*time.Millisecond {
				t.Errorf("%s: a try waits %v, more than every", tc.name, wait)
			}
			tries++
			if tries <= len(tc.results) {
				return tc.results[tries-1]
			}
			time.Sleep(wait)
			return busy
		})
		if !errors.Is(err, tc.want) || tc.want == nil && err != nil {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		if tc.tries >= 0 && tries != tc.tries {
			t.Errorf("%s: %d tries, want %d", tc.name, tries, tc.tries)
		}
	}
}
