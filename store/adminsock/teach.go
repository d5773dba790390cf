package adminsock

import (
	"context"
	"errors"

	"github.com/reportbot/reportbot/store/synfile"
)

// Teacher is what the socket serves of the admins' work on what members
// ask (learn.Admin): the synonyms and the dismissal of unanswered groups.
// Lists are read from the directory's files by the command itself, as
// `reports list` reads the reports; only changes go through the server.
type Teacher interface {
	// AddSynonym adds a rule as typed and returns it with the known
	// negatives it makes answerable.
	AddSynonym(ctx context.Context, input, by string) (synfile.Rule, []string, error)
	RemoveSynonyms(ctx context.Context, words []string) ([]synfile.Rule, error)
	// Dismiss marks a group of unanswered questions out of scope and
	// returns its questions.
	Dismiss(ctx context.Context, groupID, by string) ([]string, error)
}

// Operations of a Teacher.
const (
	opSynonymAdd    = "synonym-add"
	opSynonymRemove = "synonym-remove"
	opDismiss       = "dismiss"
)

// teachRequest are a request's fields for a Teacher.
type teachRequest struct {
	Input string   `json:"input,omitempty"`
	Words []string `json:"words,omitempty"`
	Group string   `json:"group,omitempty"`
	By    string   `json:"by,omitempty"`
}

// teachResponse are a response's fields from a Teacher.
type teachResponse struct {
	Rules     []synfile.Rule `json:"rules,omitempty"`
	Opens     []string       `json:"opens,omitempty"`
	Questions []string       `json:"questions,omitempty"`
}

// errNoTeacher is the answer of a server that serves reports only.
var errNoTeacher = errors.New("the server does not manage synonyms or questions")

// teach serves a Teacher's operation; handled is false for any other.
func (s *Server) teach(ctx context.Context, req request, resp *response) (handled bool, err error) {
	switch req.Op {
	case opSynonymAdd, opSynonymRemove, opDismiss:
	default:
		return false, nil
	}
	if s.Teach == nil {
		return true, errNoTeacher
	}
	switch req.Op {
	case opSynonymAdd:
		r, opens, err := s.Teach.AddSynonym(ctx, req.Input, req.By)
		if err == nil {
			resp.Rules, resp.Opens = []synfile.Rule{r}, opens
		}
		return true, err
	case opSynonymRemove:
		resp.Rules, err = s.Teach.RemoveSynonyms(ctx, req.Words)
		return true, err
	default:
		resp.Questions, err = s.Teach.Dismiss(ctx, req.Group, req.By)
		return true, err
	}
}

// AddSynonym adds a synonym through the server: in effect for the bot's
// next question.
func (c *Client) AddSynonym(ctx context.Context, input, by string) (synfile.Rule, []string, error) {
	resp, err := c.call(ctx, request{Op: opSynonymAdd, teachRequest: teachRequest{Input: input, By: by}})
	if err != nil {
		return synfile.Rule{}, nil, err
	}
	if len(resp.Rules) != 1 {
		return synfile.Rule{}, nil, errors.New("admin socket: incomplete answer")
	}
	return resp.Rules[0], resp.Opens, nil
}

// RemoveSynonyms removes synonyms through the server.
func (c *Client) RemoveSynonyms(ctx context.Context, words []string) ([]synfile.Rule, error) {
	resp, err := c.call(ctx, request{Op: opSynonymRemove, teachRequest: teachRequest{Words: words}})
	return resp.Rules, err
}

// Dismiss dismisses a group of unanswered questions through the server.
func (c *Client) Dismiss(ctx context.Context, groupID, by string) ([]string, error) {
	resp, err := c.call(ctx, request{Op: opDismiss, teachRequest: teachRequest{Group: groupID, By: by}})
	return resp.Questions, err
}
