package bot

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Feedback is one 👍/👎 vote, or a question the reports did not answer.
type Feedback struct {
	Time     time.Time `json:"time"`
	User     int64     `json:"user"`
	Question string    `json:"question,omitempty"`
	Passage  string    `json:"passage,omitempty"`
	Vote     string    `json:"vote,omitempty"` // "up" or "down"
	Found    bool      `json:"found"`
	// Chat and Message are where the answer voted on was sent.
	Chat    int64 `json:"chat,omitempty"`
	Message int   `json:"message,omitempty"`
}

// voteKey is what one vote is about: one user's opinion of one passage
// given as one answer. A user has one vote per key; a later one replaces
// it.
type voteKey struct {
	user    int64
	chat    int64
	message int
	passage string
}

func (f Feedback) voteKey() voteKey { return voteKey{f.User, f.Chat, f.Message, f.Passage} }

// ErrSameVote is returned for a vote the user has already given.
var ErrSameVote = errors.New("the same vote again")

// FeedbackStore keeps feedback for the admins' summary. A vote replaces
// the same user's earlier vote on the same answer; the same vote again
// is ErrSameVote and keeps nothing.
type FeedbackStore interface {
	Record(ctx context.Context, f Feedback) error
}

// FileFeedback appends feedback as JSON lines to a file. A changed vote
// is appended too: the summary counts each user's last vote on an answer.
type FileFeedback struct {
	Path string

	mu    sync.Mutex
	votes map[voteKey]string // the votes in the file, read on the first vote
}

// Record appends f to the file, unless it repeats the user's vote.
func (s *FileFeedback) Record(ctx context.Context, f Feedback) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Vote != "" {
		if s.votes == nil {
			if s.votes, err = readVotes(s.Path); err != nil {
				return fmt.Errorf("record feedback: %w", err)
			}
		}
		if s.votes[f.voteKey()] == f.Vote {
			return ErrSameVote
		}
	}
	file, err := os.OpenFile(s.Path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	defer file.Close()
	if _, err := file.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	if f.Vote != "" {
		s.votes[f.voteKey()] = f.Vote
	}
	return nil
}

// readVotes is each user's last vote on each answer in a feedback file.
func readVotes(path string) (map[voteKey]string, error) {
	votes := map[voteKey]string{}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return votes, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	err = eachFeedback(f, func(fb Feedback) {
		if fb.Vote != "" {
			votes[fb.voteKey()] = fb.Vote
		}
	})
	return votes, err
}

// eachFeedback calls fn on each record of a feedback file, skipping
// lines that do not decode (a line cut short by a crash).
func eachFeedback(r io.Reader, fn func(Feedback)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var fb Feedback
		if json.Unmarshal(sc.Bytes(), &fb) == nil {
			fn(fb)
		}
	}
	return sc.Err()
}

// tally counts the votes, each user's last on each answer, and how often
// each question went unanswered.
func tally(r io.Reader) (up, down int, missing map[string]int, err error) {
	votes := map[voteKey]string{}
	missing = map[string]int{}
	err = eachFeedback(r, func(fb Feedback) {
		switch {
		case fb.Vote == "up" || fb.Vote == "down":
			votes[fb.voteKey()] = fb.Vote
		case !fb.Found && fb.Question != "":
			missing[fb.Question]++
		}
	})
	for _, v := range votes {
		if v == "up" {
			up++
		} else {
			down++
		}
	}
	return up, down, missing, err
}
