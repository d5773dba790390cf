package bot

import "sync"

// chatQueue runs the work queued for one chat one piece at a time, in the
// order it was queued, so answers in a chat go out in question order;
// different chats run concurrently. A chat's goroutine ends when its
// queue is empty.
type chatQueue struct {
	mu      sync.Mutex
	pending map[int64][]func() // queued work of the chats being served
}

func newChatQueue() *chatQueue {
	return &chatQueue{pending: map[int64][]func(){}}
}

// do queues work for chat and returns at once.
func (q *chatQueue) do(chat int64, work func()) {
	q.mu.Lock()
	queue, busy := q.pending[chat]
	q.pending[chat] = append(queue, work)
	q.mu.Unlock()
	if !busy {
		go q.serve(chat)
	}
}

// serve runs chat's work until its queue is empty.
func (q *chatQueue) serve(chat int64) {
	for {
		q.mu.Lock()
		queue := q.pending[chat]
		if len(queue) == 0 {
			delete(q.pending, chat)
			q.mu.Unlock()
			return
		}
		work := queue[0]
		queue[0] = nil
		q.pending[chat] = queue[1:]
		q.mu.Unlock()
		work()
	}
}
