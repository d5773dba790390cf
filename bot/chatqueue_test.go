package bot

import (
	"sync"
	"testing"
	"time"
)

// TestChatQueueKeepsOrderPerChat: work in one chat runs in the order it
// was queued, one at a time; a chat that is busy holds up no other.
func TestChatQueueKeepsOrderPerChat(t *testing.T) {
	q := newChatQueue()
	var (
		mu      sync.Mutex
		ran     = map[int64][]int{}
		running = map[int64]int{}
		overlap bool
		wg      sync.WaitGroup
	)
	block := make(chan struct{})
	wg.Add(1)
	q.do(lane{chat: -1, sender: 5}, func() { defer wg.Done(); <-block }) // a slow answer in a group
	for i := 0; i < 300; i++ {
		chat := int64(i%3 - 1) // -1, 0 and 1
		wg.Add(1)
		q.do(lane{chat: chat, sender: max(0, -5*chat)}, func() {
			defer wg.Done()
			mu.Lock()
			running[chat]++
			overlap = overlap || running[chat] > 1
			mu.Unlock()
			time.Sleep(10 * time.Microsecond)
			mu.Lock()
			running[chat]--
			ran[chat] = append(ran[chat], i)
			mu.Unlock()
		})
	}
	// The other chats finish while the group waits.
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(ran[0]) + len(ran[1])
		waiting := len(ran[-1])
		mu.Unlock()
		if waiting != 0 {
			t.Fatal("the group's work ran before its first piece finished")
		}
		if n == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("other chats held up by a busy one: %d of 200 done", n)
		}
		time.Sleep(time.Millisecond)
	}
	close(block)
	wg.Wait()
	if overlap {
		t.Error("two pieces of one chat's work ran at once")
	}
	for chat, order := range ran {
		for j := 1; j < len(order); j++ {
			if order[j] < order[j-1] {
				t.Errorf("chat %d ran %d after %d", chat, order[j], order[j-1])
				break
			}
		}
	}
	// A chat's goroutine leaves the queue just after its last work
	// returns, which may be after wg.Wait: give it a moment.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		q.mu.Lock()
		n := len(q.pending)
		q.mu.Unlock()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("%d chats still queued after all work ran", n)
			break
		}
	}
}
