package bot

import (
	"sync"
	"time"
)

// rateLimiter allows each user a number of questions per window.
type rateLimiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex
	users map[int64][]time.Time
}

func newRateLimiter(limit int, window time.Duration) *rateLimiter {
	return &rateLimiter{limit: limit, window: window, now: time.Now, users: map[int64][]time.Time{}}
}

// allow records a question from user and reports whether it is within the limit.
func (r *rateLimiter) allow(user int64) bool {
	if r.limit <= 0 {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	recent := r.users[user][:0]
	for _, t := range r.users[user] {
		if now.Sub(t) < r.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= r.limit {
		r.users[user] = recent
		return false
	}
	r.users[user] = append(recent, now)
	return true
}
