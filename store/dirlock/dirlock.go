// Package dirlock is the one lock on a data directory that whoever changes
// it holds: a LOCK file locked with flock(2), naming the holder's PID.
// The kernel drops the lock when its holder dies, even by kill -9, so a
// crash never leaves the directory locked.
package dirlock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"
)

// FileName is the lock file's name in the data directory.
const FileName = "LOCK"

// retryDelay is how often a waiting Acquire tries again: short beside the
// seconds a change takes, long beside the cost of a try.
const retryDelay = 50 * time.Millisecond

// ErrBusy is wrapped by Acquire's error when another process holds the lock.
var ErrBusy = errors.New("data directory in use")

// ErrReadOnly is wrapped by Acquire's error when the directory cannot be
// written, so the lock file cannot be made or opened for writing.
var ErrReadOnly = errors.New("data directory is read-only")

// Recheck is how often a process waiting for the lock looks, between
// tries, for what the holder makes meanwhile (WhileBusy's every): a
// quarter second is no wait a person at a terminal notices, and a few
// cheap looks (a socket dial, an index's CURRENT file) a second.
const Recheck = 250 * time.Millisecond

// WhileBusy calls try until it does not fail with ErrBusy, timeout has
// passed or ctx has ended, and returns its last error. try takes the
// lock waiting at most wait, at most every: a process waiting for the
// lock looks between tries for what its holder makes meanwhile (a
// starting server's socket, its first index), which ends the wait
// sooner than the lock, held for the server's whole life, would.
func WhileBusy(ctx context.Context, timeout, every time.Duration, try func(wait time.Duration) error) error {
	deadline := time.Now().Add(timeout)
	for {
		err := try(min(time.Until(deadline), every))
		if err == nil || !errors.Is(err, ErrBusy) || time.Until(deadline) <= 0 || ctx.Err() != nil {
			return err
		}
	}
}

// Lock is a held directory lock.
type Lock struct {
	fl   *flock.Flock
	path string
}

// Acquire takes the lock of dir, waiting at most timeout (0: try once).
// what names the holder ("reportbot serve") in the lock file, so that a
// process kept waiting can say who holds it.
func Acquire(ctx context.Context, dir, what string, timeout time.Duration) (*Lock, error) {
	path := filepath.Join(dir, FileName)
	fl := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err == nil && !ok && timeout > 0 {
		wait, cancel := context.WithTimeout(ctx, timeout)
		ok, err = fl.TryLockContext(wait, retryDelay)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = nil // timed out: busy, said below
		}
	}
	switch {
	case err != nil && readOnly(err):
		return nil, fmt.Errorf("%w: %s: %w", ErrReadOnly, dir, err)
	case err != nil:
		return nil, fmt.Errorf("lock data directory %s: %w", dir, err)
	case !ok:
		return nil, fmt.Errorf("%w: %s is held by %s; try again when it is done", ErrBusy, dir, Holder(dir))
	}
	l := &Lock{fl: fl, path: path}
	// The holder is written into the locked file itself (same inode), so
	// it is never stale while the lock is held.
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+" "+what+"\n"), 0o600); err != nil {
		l.Release()
		if readOnly(err) {
			return nil, fmt.Errorf("%w: %s: %w", ErrReadOnly, dir, err)
		}
		return nil, fmt.Errorf("lock data directory %s: %w", dir, err)
	}
	return l, nil
}

// Held reports whether another process holds dir's lock. Unlike
// Acquire it neither creates nor writes the lock file, so a process that
// may not write the directory can ask; a missing lock file is not held.
func Held(dir string) bool {
	// A shared lock conflicts with the holder's exclusive one, and can be
	// taken on a file opened read-only.
	fl := flock.New(filepath.Join(dir, FileName), flock.SetFlag(os.O_RDONLY))
	ok, err := fl.TryRLock()
	if err != nil {
		return false
	}
	if ok {
		fl.Unlock()
	}
	return !ok
}

// Holder describes the process named in dir's lock file ("PID 123
// (reportbot serve)"), or "another process" when it names none.
func Holder(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	pid, what, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	if err != nil || pid == "" {
		return "another process"
	}
	if what == "" {
		return "PID " + pid
	}
	return "PID " + pid + " (" + what + ")"
}

// Release lets the lock go.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	return l.fl.Unlock()
}

func readOnly(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, os.ErrPermission)
}
