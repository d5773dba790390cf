package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"
)

// Feedback is one 👍/👎 vote, or a question asked, answered or not.
type Feedback struct {
	Time     time.Time `json:"time"`
	User     int64     `json:"user"`
	Question string    `json:"question,omitempty"`
	Passage  string    `json:"passage,omitempty"`
	Vote     string    `json:"vote,omitempty"` // "up" or "down"
	Found    bool      `json:"found"`
	// Section is where the answer came from, or the nearest section.
	Section string `json:"section,omitempty"`
}

// FeedbackStore keeps feedback for the admins' summary.
type FeedbackStore interface {
	Record(ctx context.Context, f Feedback) error
}

// FileFeedback appends feedback as JSON lines to a file.
type FileFeedback struct {
	Path string
	mu   sync.Mutex
}

// Record appends f to the file.
func (s *FileFeedback) Record(ctx context.Context, f Feedback) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	file, err := os.OpenFile(s.Path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	defer file.Close()
	_, err = file.Write(append(b, '\n'))
	return err
}
