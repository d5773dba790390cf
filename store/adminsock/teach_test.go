package adminsock

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/synfile"
)

// teacher is a Teacher that records what it was asked.
type teacher struct{ asked []string }

func (f *teacher) AddSynonym(_ context.Context, input, by string) (synfile.Rule, []string, error) {
	f.asked = append(f.asked, "add "+input+" by "+by)
	if input == "饭卡 服务卡" {
		return synfile.Rule{}, nil, fmt.Errorf("%w: 饭卡, 服务卡", store.ErrSynonymExists)
	}
	r, err := synfile.ParseInput(input)
	return r, []string{"饭卡发了多少张"}, err
}

func (f *teacher) RemoveSynonyms(_ context.Context, words []string) ([]synfile.Rule, error) {
	f.asked = append(f.asked, "remove "+strings.Join(words, " "))
	return nil, fmt.Errorf("%w: none", store.ErrNotFound)
}

func (f *teacher) Dismiss(_ context.Context, group, by string) ([]string, error) {
	f.asked = append(f.asked, "dismiss "+group+" by "+by)
	return []string{"明天下雨吗"}, nil
}

func serve(t *testing.T, srv *Server) *Client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, dir) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := Dial(ctx, dir)
		if err == nil {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
	}
}

// The admins' synonyms and dismissals cross the socket with their
// errors' kinds.
func TestTeachOverTheSocket(t *testing.T) {
	ctx := context.Background()
	f := &teacher{}
	c := serve(t, &Server{Teach: f, MaxBytes: 1 << 20})
	r, opens, err := c.AddSynonym(ctx, "劳模 劳动模范", "cli:root")
	if err != nil || r.Line() != "劳模, 劳动模范" || len(opens) != 1 {
		t.Errorf("AddSynonym = %v %v %v", r, opens, err)
	}
	if _, _, err := c.AddSynonym(ctx, "饭卡 服务卡", "cli:root"); !errors.Is(err, store.ErrSynonymExists) {
		t.Errorf("existing: %v, want ErrSynonymExists", err)
	}
	if _, _, err := c.AddSynonym(ctx, "孤单", "cli:root"); !errors.Is(err, synfile.ErrBadRule) {
		t.Errorf("one word: %v, want ErrBadRule", err)
	}
	if _, err := c.RemoveSynonyms(ctx, []string{"劳模"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("remove: %v, want ErrNotFound", err)
	}
	if qs, err := c.Dismiss(ctx, "abcd1234", "cli:root"); err != nil || len(qs) != 1 {
		t.Errorf("Dismiss = %v %v", qs, err)
	}
	if got := strings.Join(f.asked, "; "); got != "add 劳模 劳动模范 by cli:root; add 饭卡 服务卡 by cli:root; add 孤单 by cli:root; remove 劳模; dismiss abcd1234 by cli:root" {
		t.Errorf("the teacher was asked: %s", got)
	}
	// A server without a teacher says so.
	bare := serve(t, &Server{MaxBytes: 1 << 20})
	if _, _, err := bare.AddSynonym(ctx, "劳模 劳动模范", "x"); err == nil || !strings.Contains(err.Error(), "does not manage synonyms") {
		t.Errorf("bare server: %v", err)
	}
}
