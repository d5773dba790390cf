package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// said is an update: member user says text in chat (and thread, when not 0).
func said(id int, chat int64, chatType string, thread int, user int64, text string) string {
	threadField := ""
	if thread != 0 {
		threadField = fmt.Sprintf(`,"message_thread_id":%d,"is_topic_message":true`, thread)
	}
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1700000000,"from":{"id":%d,"is_bot":false,"first_name":"职工"},
		"chat":{"id":%d,"type":%q},"text":%q%s}}`, id, id, user, chat, chatType, text, threadField)
}

// TestFollowupInPrivateChat: a short message after a question is read
// with it, and the reply says how.
func TestFollowupInPrivateChat(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(said(1, 5001, "private", 0, 42, "全省工会会员有多少人"))
	srv.WaitFor("sendMessage", 1, 5*time.Second)
	srv.AddUpdate(said(2, 5001, "private", 0, 42, "那基层工会呢?"))
	sent := srv.WaitFor("sendMessage", 2, 5*time.Second)
	if len(sent) != 2 {
		t.Fatalf("sendMessage calls: %d", len(sent))
	}
	if first := sent[0].Params["text"]; strings.Contains(first, "理解") || !strings.Contains(first, "693.96万人") {
		t.Errorf("the first question is answered alone:\n%s", first)
	}
	text := sent[1].Params["text"]
	if !strings.HasPrefix(text, "<i>按「基层工会") || !strings.Contains(text, "」理解</i>") || !strings.Contains(text, "<b>5.51万个</b>") {
		t.Errorf("the follow-up is not read with the question before it:\n%s", text)
	}
}

// TestFollowupKeepsMembersAndThreadsApart: in a group, a member's short
// message never leans on another member's question, nor on a question in
// another topic thread.
func TestFollowupKeepsMembersAndThreadsApart(t *testing.T) {
	srv, _, _ := start(t, nil)
	srv.AddUpdate(said(1, -100, "supergroup", 7, 42, "/ask 全省工会会员有多少人"))
	srv.WaitFor("sendMessage", 1, 5*time.Second)
	srv.AddUpdate(said(2, -100, "supergroup", 7, 43, "/ask 那基层工会呢?")) // another member
	srv.AddUpdate(said(3, -100, "supergroup", 8, 42, "/ask 那基层工会呢?")) // another thread
	srv.AddUpdate(said(4, -100, "supergroup", 7, 42, "/ask 那基层工会呢?")) // the same member and thread
	sent := srv.WaitFor("sendMessage", 4, 5*time.Second)
	if len(sent) != 4 {
		t.Fatalf("sendMessage calls: %d", len(sent))
	}
	for i, want := range []bool{false, false, true} {
		text := sent[i+1].Params["text"]
		if got := strings.Contains(text, "」理解"); got != want {
			t.Errorf("message %d read as a follow-up: %v, want %v:\n%s", i+2, got, want, text)
		}
	}
}
