package bot

import (
	"sync"
	"time"
)

// verdict is what the rate limiter says of a question.
type verdict int

const (
	allowed   verdict = iota
	tooFast           // over the limit: tell the member, once for this flood
	stillFast         // over the limit again: already told, stay silent
)

// rateLimiter allows each user a number of questions per window. A
// member over the limit is told so once: the questions after that, until
// one is allowed again, are dropped silently, so that a flood does not
// become a flood of notices (in a group, each one a turn of its one
// message a second).
type rateLimiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex
	users map[int64]*asker
	swept time.Time // when users with nothing in the window were last forgotten
}

// asker is one user's recent questions.
type asker struct {
	times []time.Time // allowed questions within the window, oldest first
	told  bool        // told of the limit since the last allowed question
}

func newRateLimiter(limit int, window time.Duration) *rateLimiter {
	return &rateLimiter{limit: limit, window: window, now: time.Now, users: map[int64]*asker{}}
}

// allow records a question from user and says whether it is within the
// limit, and if not, whether to tell them.
func (r *rateLimiter) allow(user int64) verdict {
	if r.limit <= 0 {
		return allowed
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	r.sweep(now)
	a := r.users[user]
	if a == nil {
		a = &asker{}
		r.users[user] = a
	}
	a.times = r.recent(a.times, now)
	switch {
	case len(a.times) < r.limit:
		a.times = append(a.times, now)
		a.told = false
		return allowed
	case a.told:
		return stillFast
	default:
		a.told = true
		return tooFast
	}
}

// recent keeps the times within the window before now.
func (r *rateLimiter) recent(times []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(times) && now.Sub(times[i]) >= r.window {
		i++
	}
	return times[i:]
}

// sweep forgets, once a window, the users with no question in the
// window: their next question is allowed anyway. The caller holds r.mu.
func (r *rateLimiter) sweep(now time.Time) {
	if now.Sub(r.swept) < r.window {
		return
	}
	r.swept = now
	for id, a := range r.users {
		if len(r.recent(a.times, now)) == 0 {
			delete(r.users, id)
		}
	}
}
