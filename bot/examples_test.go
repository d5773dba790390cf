package bot

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
)

// failingSearcher is an index that fails while fail is set, as a closed
// one does, and counts the searches made.
type failingSearcher struct {
	answer.Searcher
	fail     *atomic.Bool
	searches *atomic.Int32
}

func (f failingSearcher) Search(ctx context.Context, terms []index.WeightedTerm, size int) ([]index.Hit, error) {
	f.searches.Add(1)
	if f.fail.Load() {
		return nil, index.ErrClosed
	}
	return f.Searcher.Search(ctx, terms, size)
}

// TestExampleWhenTheEngineFails: an example pressed while the engine
// fails is asked, and its failure said, where it was taken for an example
// the reports no longer answer (the help's buttons wiped); a help sent
// then offers the examples unchecked. A press is asked under the rate
// limit (checked before the engine is asked).
func TestExampleWhenTheEngineFails(t *testing.T) {
	r, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Build(context.Background(), "", []*corpus.Report{r}, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := failingSearcher{ix, new(atomic.Bool), new(atomic.Int32)}
	srv, _, _ := start(t, func(c *Config) { c.Engine, c.RateLimit = answer.New(f), 2 })
	srv.AddUpdate(message(5001, "private", "/start", ""))
	help := lastSent(t, srv, 1)

	taps(srv, 42, help, "q:0")
	if got := lastSent(t, srv, 2).Params["text"]; !strings.Contains(got, "281.59万张") {
		t.Fatalf("the example's answer: %q", got)
	}

	f.fail.Store(true)
	taps(srv, 42, help, "q:1")
	if got := lastSent(t, srv, 3).Params["text"]; got != "抱歉,出了点问题,请稍后再试。" {
		t.Errorf("an example pressed while the engine fails: %q", got)
	}
	if acks := srv.WaitFor("answerCallbackQuery", 2, 5*time.Second); len(acks) != 2 || acks[1].Params["text"] != "" {
		t.Errorf("acks: %+v", acks)
	}
	if edits := srv.Requests("editMessageReplyMarkup"); len(edits) != 0 {
		t.Errorf("the help's buttons changed: %+v", edits)
	}
	// Over the limit: told so, and the engine not asked.
	f.searches.Store(0)
	taps(srv, 42, help, "q:2")
	if acks := srv.WaitFor("answerCallbackQuery", 3, 5*time.Second); len(acks) != 3 || acks[2].Params["text"] != "问得太快啦,请稍等一会儿再问。" {
		t.Errorf("a press over the limit: %+v", acks)
	}
	if n := f.searches.Load(); n != 0 {
		t.Errorf("a press over the limit made %d searches", n)
	}
	srv.AddUpdate(message(5003, "private", "/help", ""))
	var kb keyboard
	if err := lastSent(t, srv, 4).JSON("reply_markup", &kb); err != nil || len(kb.InlineKeyboard) != 3 {
		t.Errorf("help while the engine fails: %+v, %v", kb, err)
	}
}
