package bot

import "sync"

// chatQueue runs the work queued in one lane one piece at a time, in the
// order it was queued, so a private chat's answers, and each member's in
// a group, go out in question order; different lanes run concurrently,
// so a member flooding a group holds up only themselves. A lane's
// goroutine ends when its queue is empty.
type chatQueue struct {
	mu      sync.Mutex
	pending map[lane][]func() // queued work of the lanes being served
}

func newChatQueue() *chatQueue {
	return &chatQueue{pending: map[lane][]func(){}}
}

// do queues work in l and returns at once.
func (q *chatQueue) do(l lane, work func()) {
	q.mu.Lock()
	queue, busy := q.pending[l]
	q.pending[l] = append(queue, work)
	q.mu.Unlock()
	if !busy {
		go q.serve(l)
	}
}

// serve runs l's work until its queue is empty.
func (q *chatQueue) serve(l lane) {
	for {
		q.mu.Lock()
		queue := q.pending[l]
		if len(queue) == 0 {
			delete(q.pending, l)
			q.mu.Unlock()
			return
		}
		work := queue[0]
		queue[0] = nil
		q.pending[l] = queue[1:]
		q.mu.Unlock()
		work()
	}
}
