package bot

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/reportbot/reportbot/answer"
)

// defaultConversations bounds the conversations the bot remembers for
// follow-up questions. A turn holds one question's reading and the passage
// that answered it (a few kilobytes with its figures); 4096 members asking
// within the same few minutes (answer.FollowupTTL) is far beyond a union's
// or an office's chats, and costs some 20 MB at most (twice that if every
// turn offered another reading, which few do).
const defaultConversations = 4096

// conversation is whose follow-ups lean on whose questions: one member in
// one chat, and in a group with topics, in one thread. Two members of a
// group never lean on each other's questions.
type conversation struct {
	chat   int64
	thread int
	user   int64
}

// newConversations is the bot's memory of last turns, of Config's size.
func newConversations(size int) *answer.Conversations[conversation] {
	if size <= 0 {
		size = defaultConversations
	}
	return answer.NewConversations[conversation](size, answer.FollowupTTL)
}

// conversationOf is the conversation a message belongs to. Its thread is
// a forum topic's only: in a supergroup without topics Telegram gives a
// reply the thread of the message it answers (the bot's answer, say), and
// a member replying to the bot is still in the same conversation.
func conversationOf(m *models.Message, user int64) conversation {
	c := conversation{chat: m.Chat.ID, user: user}
	if m.IsTopicMessage {
		c.thread = m.MessageThreadID
	}
	return c
}

// renderReading says, for a follow-up, how it was read (readAs).
func renderReading(a answer.Answer) string {
	if a.Reading == nil {
		return ""
	}
	return "<i>" + esc(readAs(a.Reading.Phrase())) + "</i>\n\n"
}

// readAs says how a follow-up was read, given its reading's phrase
// (answer.Reading.Phrase): "按「女职工 + 全省 + 有多少职工」理解", as its
// answer says and /unanswered, which asks the group again so rather than
// as the bare "那女职工呢" (learn.Admin.Unanswered).
func readAs(phrase string) string { return "按「" + phrase + "」理解" }

// answersRemembered bounds the answers whose question, as it was read, the
// bot keeps for their "其他相关段落", "接着上一个问题理解" and "单独理解这个问题" buttons. A turn
// (the question's reading, its passage and paragraph) holds about 12 KB
// (measured over 200 turns of ten starter questions), and one offering
// another reading twice that, so 1024 answers keep at most ~24 MB; they
// cover hours of a union's or an office's chats, where the buttons are
// pressed within minutes of the answer. Older answers fall back to
// asking their message again ("其他相关段落") or say the button has expired.
const answersRemembered = 1024

// sentAnswer is the bot's message that carries an answer's buttons.
type sentAnswer struct {
	chat    int64
	message int
}

// answered is what the bot keeps of an answer it sent: the turn it was
// given for, and the conversation that asked it (which the chosen reading
// leans).
type answered struct {
	turn *answer.Turn
	conv conversation
}

// newSentCache is a memory of the bot's last answersRemembered answer
// messages: the answers it sent (answered), or the offers taken up
// (pressed once, an offer is not answered again).
func newSentCache[V any]() *lru.Cache[sentAnswer, V] {
	c, err := lru.New[sentAnswer, V](answersRemembered)
	if err != nil {
		panic(err) // only for a size below one
	}
	return c
}

// sending tracks the answers being sent in each chat. Telegram shows an
// answer, buttons and all, before the bot hears back with its message ID
// and remembers it (Bot.answers), so a member may press a button under an
// answer the bot does not know yet; the press then waits for the answers
// of that chat that were in flight when it came (not for later ones, so a
// busy group cannot keep it waiting).
type sending struct {
	mu    sync.Mutex
	chats map[int64][]*inFlight // by chat; only the last takes new answers
}

// inFlight are answers of one chat being sent; done closes when the last
// one is sent and remembered (or failed). A press seals it: later answers
// start another.
type inFlight struct {
	n      int
	sealed bool
	done   chan struct{}
}

func newSending() *sending { return &sending{chats: map[int64][]*inFlight{}} }

// start counts an answer of chat in flight; end(f) ends it.
func (s *sending) start(chat int64) *inFlight {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs := s.chats[chat]
	if len(fs) == 0 || fs[len(fs)-1].sealed {
		fs = append(fs, &inFlight{done: make(chan struct{})})
		s.chats[chat] = fs
	}
	f := fs[len(fs)-1]
	f.n++
	return f
}

func (s *sending) end(chat int64, f *inFlight) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.n--; f.n > 0 {
		return
	}
	close(f.done)
	fs := slices.DeleteFunc(s.chats[chat], func(g *inFlight) bool { return g == f })
	if len(fs) == 0 {
		delete(s.chats, chat)
	} else {
		s.chats[chat] = fs
	}
}

// wait returns once the answers of chat in flight now are sent, or ctx
// ends. Answers started later count apart.
func (s *sending) wait(ctx context.Context, chat int64) {
	s.mu.Lock()
	fs := slices.Clone(s.chats[chat])
	if len(fs) > 0 {
		fs[len(fs)-1].sealed = true
	}
	s.mu.Unlock()
	for _, f := range fs {
		select {
		case <-f.done:
		case <-ctx.Done():
			return
		}
	}
}

// pressWait bounds how long a press waits for the answers in flight in its
// chat: an answer is remembered within a round trip to the Bot API, so ten
// seconds is ample unless the API is failing, and a member watching a
// button spin should not wait for its retries (an answer older than the
// bot's memory would otherwise wait for every answer then in flight).
const pressWait = 10 * time.Second

// remembered is the turn an answer message was given for, waiting (up to
// pressWait) for the chat's answers in flight when the bot does not know
// it yet.
func (b *Bot) remembered(ctx context.Context, sent sentAnswer) (answered, bool) {
	if was, ok := b.answers.Get(sent); ok {
		return was, true
	}
	ctx, cancel := context.WithTimeout(ctx, pressWait)
	defer cancel()
	b.sending.wait(ctx, sent.chat)
	return b.answers.Get(sent)
}
