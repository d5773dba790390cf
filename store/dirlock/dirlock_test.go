package dirlock

import (
	"context"
	"errors"
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
