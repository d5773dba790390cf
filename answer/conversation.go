package answer

import (
	"context"
	"errors"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// FollowupTTL is how long a conversation's last turn may be leaned on. A
// follow-up comes right after the answer it follows, once the member has
// read it (a minute or two); five minutes on, a short message is more
// likely a new thought than a follow-up, and reading it with a question
// the member has moved on from would change what it asks.
const FollowupTTL = 5 * time.Minute

// Conversations remember the last turn of each conversation, keyed by K
// (the bot's chat, thread and member; one key for a terminal session), so
// a follow-up is read with the question before it. Memory is bounded: at
// most capacity conversations, the least recently active forgotten first,
// and a turn older than the TTL is not leaned on. Safe for concurrent use;
// messages of one conversation are expected in order.
type Conversations[K comparable] struct {
	turns *lru.Cache[K, stamped]
	ttl   time.Duration
	// mu makes Instead's look and replace one step against a message's
	// turn being stored.
	mu sync.Mutex
	// Now is the clock (time.Now); tests set their own.
	Now func() time.Time
}

type stamped struct {
	turn *Turn
	at   time.Time
}

// NewConversations remembers up to capacity conversations (at least one)
// for ttl each.
func NewConversations[K comparable](capacity int, ttl time.Duration) *Conversations[K] {
	c, err := lru.New[K, stamped](max(capacity, 1))
	if err != nil {
		panic(err) // only for a size below one, which max rules out
	}
	return &Conversations[K]{turns: c, ttl: ttl, Now: time.Now}
}

// Ask answers message in conversation key with e (Engine.Follow): read
// with the conversation's last turn when that is fresh and the message
// leans on it. It also returns the turn answered, which Engine.Again
// answers again as it was read. A message that cannot be asked leaves the
// conversation as it was.
func (c *Conversations[K]) Ask(ctx context.Context, e *Engine, key K, message string) (Answer, *Turn, error) {
	now := c.Now()
	var prev *Turn
	if s, ok := c.turns.Get(key); ok && now.Sub(s.at) <= c.ttl {
		prev = s.turn
	}
	a, turn, err := e.Follow(ctx, prev, message)
	if err != nil {
		return a, nil, err
	}
	c.mu.Lock()
	c.turns.Add(key, stamped{turn: turn, at: now})
	c.mu.Unlock()
	return a, turn, nil
}

// Instead answers the reading turn offers in place of its own (the
// message read with the question before it, or alone: Turn.Otherwise), as
// the member chose it. When turn is still the conversation's last and fresh, the
// chosen reading takes its place, so the next message leans on what the
// member meant; a conversation that has moved on since keeps its newer
// turn, and one gone quiet is not woken.
// ErrNoOtherReading when turn offers none.
func (c *Conversations[K]) Instead(ctx context.Context, e *Engine, key K, turn *Turn) (Answer, *Turn, error) {
	other := turn.Otherwise()
	if other == nil {
		return Answer{}, nil, ErrNoOtherReading
	}
	a, err := e.Again(ctx, other)
	if err != nil {
		return a, nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.Now()
	if s, ok := c.turns.Get(key); ok && s.turn == turn && now.Sub(s.at) <= c.ttl {
		c.turns.Add(key, stamped{turn: other, at: now})
	}
	return a, other, nil
}

// ErrNoOtherReading is Instead's error for a turn offering no other reading.
var ErrNoOtherReading = errors.New("answer: no other reading of the message")

// Len is the number of conversations remembered (fresh or not).
func (c *Conversations[K]) Len() int { return c.turns.Len() }
