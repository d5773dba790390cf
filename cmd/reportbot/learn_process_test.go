package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/fakebotapi"
)

// TestSynonymsBesideServe: a member's question the bot could not answer
// is listed by `reportbot unanswered` beside the running bot; `reportbot
// synonyms add` goes through the bot's admin socket and the bot answers
// the same question at once, without a restart.
func TestSynonymsBesideServe(t *testing.T) {
	api := fakebotapi.New(t)
	dir := t.TempDir()
	srv := startChild(t, dir, []string{"TELEGRAM_BOT_TOKEN=123456:TESTtokenTESTtokenTESTtoken", "TELEGRAM_API_URL=" + api.URL}, "serve")
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "admin.sock")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no admin socket: %s", srv.stderr.String())
		}
	}
	ask := func(n int) string {
		api.AddUpdate(fmt.Sprintf(`{"message":{"message_id":%d,"date":1,"from":{"id":42,"is_bot":false,"first_name":"a"},"chat":{"id":77,"type":"private"},"text":"饭卡发了多少张?"}}`, n))
		sent := api.WaitFor("sendMessage", n, 30*time.Second)
		if len(sent) < n {
			t.Fatalf("no answer %d: %s", n, srv.stderr.String())
		}
		return sent[n-1].Params["text"]
	}
	if got := ask(1); strings.Contains(got, "281.59万张") {
		t.Fatalf("answered before the synonym: %s", got)
	}
	out := runChild(t, dir, "unanswered")
	if !strings.Contains(out, "饭卡发了多少张?") || !strings.Contains(out, "synonyms add '饭卡 => 服务卡'") {
		t.Fatalf("unanswered beside serve:\n%s", out)
	}
	if out := runChild(t, dir, "synonyms", "add", "--lock-timeout", "2s", "饭卡", "=>", "服务卡"); !strings.Contains(out, "added 饭卡 => 服务卡") {
		t.Fatalf("synonyms add beside serve:\n%s", out)
	}
	if got := ask(2); !strings.Contains(got, "281.59万张") {
		t.Errorf("the bot's answer after the CLI added the synonym:\n%s", got)
	}
	if out := runChild(t, dir, "synonyms", "list"); !regexp.MustCompile(`饭卡 => 服务卡 +\d{4}-\d\d-\d\d \d\d:\d\d +cli:`).MatchString(out) {
		t.Errorf("synonyms list:\n%s", out)
	}
	if out := runChild(t, dir, "stats", "--days", "1"); !strings.Contains(out, "last 1 day: 2 questions, 1 answered (50%), 1 member;") {
		t.Errorf("stats:\n%s", out)
	}
	if out := runChild(t, dir, "unanswered"); !strings.Contains(out, "1 group is answered now") {
		t.Errorf("unanswered after the synonym:\n%s", out)
	}
	if out := runChild(t, dir, "synonyms", "remove", "--lock-timeout", "2s", "饭卡"); !strings.Contains(out, "removed 饭卡 => 服务卡") {
		t.Errorf("synonyms remove beside serve:\n%s", out)
	}
	if got := ask(3); strings.Contains(got, "281.59万张") {
		t.Errorf("still answered after the synonym was removed:\n%s", got)
	}
	// Dismissed through the bot's socket: gone from the list.
	lines := strings.Split(runChild(t, dir, "unanswered"), "\n")
	if len(lines) < 2 || !strings.Contains(lines[1], "饭卡") {
		t.Fatalf("unanswered after removal:\n%s", strings.Join(lines, "\n"))
	}
	id := strings.Fields(lines[1])[0]
	if out := runChild(t, dir, "unanswered", "--dismiss", id); !strings.Contains(out, "dismissed 1 question as out of scope") {
		t.Errorf("dismiss beside serve:\n%s", out)
	}
	if out := runChild(t, dir, "unanswered"); strings.Contains(out, "饭卡") || !strings.Contains(out, "no questions") {
		t.Errorf("unanswered after dismissing:\n%s", out)
	}
}
