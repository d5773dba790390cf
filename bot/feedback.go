package bot

import (
	"context"
	"time"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/store/asklog"
)

// Feedback is one 👍/👎 vote, or a question asked, answered or not.
type Feedback struct {
	Time     time.Time
	User     int64
	Question string
	Passage  string
	Vote     string // "up" or "down"
	Found    bool
	// Section is where the answer came from, or the nearest section.
	Section string
	// Reading is how a question was read as a follow-up (nil: alone).
	Reading *answer.Reading
	// Chat and Message are where the answer voted on was sent.
	Chat    int64
	Message int
}

// ErrSameVote is returned for a vote the user has already given on that
// answer. It is the question log's own error: the log is what keeps the
// votes.
var ErrSameVote = asklog.ErrSameVote

// FeedbackStore keeps the questions and votes for the admins. A vote
// replaces the same user's earlier vote on the same answer; the same vote
// again is ErrSameVote and keeps nothing.
type FeedbackStore interface {
	Record(ctx context.Context, f Feedback) error
}

// QuestionLog records the bot's feedback in the data directory's
// question log (store/asklog): every question with its section (one not
// answered that was read as a follow-up, with its reading), and the
// votes, one per member and answer, members named by a keyed hash.
type QuestionLog struct{ Log *asklog.Log }

// Record appends f to the log.
func (q QuestionLog) Record(_ context.Context, f Feedback) error {
	if f.Vote != "" {
		return q.Log.Voted(f.Time, f.User, f.Chat, f.Message, f.Question, f.Passage, f.Vote)
	}
	var read *asklog.Reading
	if f.Reading != nil {
		read = &asklog.Reading{Previous: f.Reading.Previous, Words: f.Reading.Words}
	}
	return q.Log.AskedAs(f.Time, f.User, f.Question, read, f.Found, f.Section, f.Passage)
}

// askedFeedback is the record of a question asked: where its answer came
// from, or, not answered, the nearest section; and how a follow-up was
// read.
func askedFeedback(user int64, a answer.Answer) Feedback {
	f := Feedback{Time: time.Now(), User: user, Question: a.Question, Found: a.Found, Reading: a.Reading}
	switch {
	case a.Passage != nil:
		f.Section, f.Passage = a.Passage.Citation(), a.Passage.Key
	case a.Nearest != nil:
		f.Section = a.Nearest.Citation()
	case len(a.Suggestions) > 0:
		f.Section = a.Suggestions[0]
	}
	return f
}
