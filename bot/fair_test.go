package bot

import (
	"strings"
	"testing"
	"time"
)

// TestGroupFloodHoldsNobodyUp: one member floods a group with /ask, far
// over the rate limit, at Telegram's real pace of one message a second
// into a group. Another member's question there is answered within 5 s,
// and the flooder is told once that they ask too fast, not once a message.
func TestGroupFloodHoldsNobodyUp(t *testing.T) {
	const limit, flood = 3, 30
	srv, _, _ := start(t, func(c *Config) { c.RateLimit, c.RateWindow = limit, time.Hour })
	const group, flooder, other = -300, 30001, 30002
	for i := 1; i <= flood; i++ {
		srv.AddUpdate(userMessage(i, flooder, group, "/ask 工会会员有多少人?"))
	}
	// The flood is taken before the other member asks.
	srv.WaitFor("sendMessage", 1, 10*time.Second)
	asked := time.Now()
	srv.AddUpdate(userMessage(flood+1, other, group, "/ask 会员卡发出去多少张?"))
	var took time.Duration
	for deadline := time.Now().Add(60 * time.Second); took == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, r := range sentReplies(t, srv) {
			if r.to == flood+1 {
				took = r.at.Sub(asked)
				if !strings.Contains(r.text, "281.59万张") {
					t.Errorf("answer to the other member: %.120q", r.text)
				}
			}
		}
	}
	t.Logf("the other member's question was answered after %v", took.Round(time.Millisecond))
	if took == 0 || took > 5*time.Second {
		t.Errorf("the other member waited %v, want at most 5s", took.Round(time.Millisecond))
	}
	// Every reply the flooder can get: the answers within the limit and one notice.
	srv.WaitFor("sendMessage", limit+2, 20*time.Second)
	time.Sleep(1500 * time.Millisecond) // time enough for another notice to go out
	notices := 0
	for _, r := range sentReplies(t, srv) {
		if strings.Contains(r.text, "问得太快") {
			notices++
		}
	}
	if notices != 1 {
		t.Errorf("%d rate-limit notices for one flood, want 1", notices)
	}
}
