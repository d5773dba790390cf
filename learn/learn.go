// Package learn is what admins do with what members ask: the questions
// the reports did not answer, or answered to a 👎 (store/asklog), grouped
// and offered synonyms (answer.SuggestSynonyms); the admins' own
// synonyms (store), each flagged when it would make a known negative
// answerable; and the overview of questions per day. The bot's admin
// commands and the command line both call it, so they say the same.
//
// Known negatives are the questions an admin dismissed as out of the
// reports' scope (asklog.Negatives): the directory's own record of what
// the bot should not answer. A synonym that would answer one of them is
// flagged when added and in every listing, not refused: the admin may
// have changed their mind.
package learn

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/lang"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/asklog"
	"github.com/reportbot/reportbot/store/synfile"
)

// Synonyms is what learn needs of the data directory: store.Store.
type Synonyms interface {
	Dir() string
	SynonymRules() ([]synfile.Rule, error)
	AddSynonym(r synfile.Rule, by string) (synfile.Rule, error)
	RemoveSynonyms(words []string) ([]synfile.Rule, error)
}

// Admin serves the admins of one data directory.
type Admin struct {
	Store Synonyms
	// Engine answers from the directory's index with its synonyms in
	// effect (AdminSynonyms set to Store).
	Engine *answer.Engine
	// Log is the directory's question log, for dismissing groups; nil
	// when the directory is open to read only.
	Log *asklog.Log
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// ErrNoGroup is returned for a group ID that /unanswered no longer lists
// (asked again since, or dismissed).
var ErrNoGroup = errors.New("no such group of unanswered questions (list them again)")

// ErrDismissed is returned for the ID of a group an admin dismissed, as
// /unanswered listed it before.
var ErrDismissed = errors.New("this group of questions is already dismissed as out of scope")

// ErrReadOnly is returned for a change asked of an Admin without a log.
var ErrReadOnly = errors.New("the question log is open to read only")

func (a *Admin) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *Admin) entries() ([]asklog.Entry, error) { return asklog.Read(a.Store.Dir()) }

// AddSynonym adds a rule as an admin typed it (synfile.ParseInput) and
// returns it with the known negatives it makes answerable (a warning:
// it is added all the same).
func (a *Admin) AddSynonym(ctx context.Context, input, by string) (synfile.Rule, []string, error) {
	r, err := synfile.ParseInput(input)
	if err != nil {
		return synfile.Rule{}, nil, err
	}
	rules, err := a.Store.SynonymRules()
	if err != nil {
		return synfile.Rule{}, nil, err
	}
	entries, err := a.entries()
	if err != nil {
		return synfile.Rule{}, nil, err
	}
	opens, err := a.Engine.NewlyAnswered(ctx, synfile.Synonyms(append(rules, r)), asklog.Negatives(entries))
	if err != nil {
		return synfile.Rule{}, nil, err
	}
	added, err := a.Store.AddSynonym(r, by)
	if err != nil {
		return synfile.Rule{}, nil, err
	}
	return added, opens, nil
}

// RemoveSynonyms removes every rule naming all of words (as typed:
// simplified, lower-cased like the rules).
func (a *Admin) RemoveSynonyms(_ context.Context, words []string) ([]synfile.Rule, error) {
	norm, err := synfile.Words(strings.Join(words, " "))
	if err != nil {
		return nil, err
	}
	if len(norm) == 0 {
		return nil, fmt.Errorf("%w: name a word of the synonym to remove", synfile.ErrBadRule)
	}
	return a.Store.RemoveSynonyms(norm)
}

// Listed is a rule as listed, with the known negatives it makes
// answerable (each of them answered now and not without the rule).
type Listed struct {
	synfile.Rule
	Opens []string
}

// Synonyms lists the admins' rules, oldest first, flagged. The error is
// the synonyms file's when it does not parse (the rules listed are then
// the last good ones, in effect).
func (a *Admin) Synonyms(ctx context.Context) ([]Listed, error) {
	rules, fileErr := a.Store.SynonymRules()
	out := make([]Listed, len(rules))
	for i, r := range rules {
		out[i].Rule = r
	}
	entries, err := a.entries()
	if err != nil {
		return out, errors.Join(fileErr, err)
	}
	// Each known negative answered now is asked without the admins' rules
	// (one question); only if that refuses it is each rule that could
	// fire on it (one of its words is in the question) taken out in
	// turn: a listing costs about a question per negative, not one per
	// negative and rule.
	none := *a.Engine
	none.AdminSynonyms = fixed{}
	// Each rule's words folded as the engine reads them: a rule written
	// by hand keeps its capitals and traditional characters (FK, 飯卡).
	from := make([][]string, len(rules))
	for i, r := range rules {
		from[i] = lang.FoldAll(r.From)
	}
	for _, q := range asklog.Negatives(entries) {
		now, err := a.Engine.Ask(ctx, q)
		if err != nil || !now.Found {
			continue
		}
		if b, err := none.Ask(ctx, q); err != nil || b.Found {
			continue // answered without any admin rule: none opens it
		}
		text, err := answer.Normalize(q)
		if err != nil {
			continue
		}
		text = lang.Fold(text) // as the rules' words are
		for i := range rules {
			if !slices.ContainsFunc(from[i], func(w string) bool { return strings.Contains(text, w) }) {
				continue // none of its words is in the question
			}
			without := *a.Engine
			without.AdminSynonyms = fixed{synfile.Synonyms(slices.Delete(slices.Clone(rules), i, i+1))}
			if b, err := without.Ask(ctx, q); err == nil && !b.Found {
				out[i].Opens = append(out[i].Opens, q)
			}
		}
	}
	return out, fileErr
}

// fixed is an answer.SynonymSource that never changes.
type fixed struct{ s lang.Synonyms }

func (f fixed) Synonyms() lang.Synonyms { return f.s }

// Item is a group of unanswered or disliked questions as listed, with
// the synonyms offered for it.
type Item struct {
	asklog.Group
	Suggestions []answer.Suggestion
}

// Unanswered lists the groups of questions not answered or answered to a
// 👎, most frequent first, at most limit of them (all for limit < 0)
// with synonyms offered for each. A group all of whose questions went
// unanswered and whose first question the reports answer now (a synonym
// or a report added since) is not listed: resolved counts those met
// before the list was full (only the groups listed or passed over are
// asked again: a log of thousands would cost as many questions). A
// question is asked again, and offered synonyms, as the bot read it
// (asklog.Asked.AsRead): a follow-up by its reading, not its message
// alone ("那女职工呢" alone is answered, about all members' women).
func (a *Admin) Unanswered(ctx context.Context, limit int) (items []Item, resolved int, err error) {
	entries, err := a.entries()
	if err != nil {
		return nil, 0, err
	}
	for _, g := range asklog.Groups(entries) {
		if len(items) == limit {
			break
		}
		if a.resolved(ctx, g) {
			resolved++
			continue
		}
		it, err := a.suggest(ctx, g)
		if err != nil {
			return nil, 0, err
		}
		items = append(items, it)
	}
	return items, resolved, nil
}

// resolved reports whether a group all of whose questions went unanswered
// is answered now: its first question, as the bot read it, finds a
// passage.
func (a *Admin) resolved(ctx context.Context, g asklog.Group) bool {
	if g.Disliked > 0 {
		return false
	}
	ans, err := a.Engine.Ask(ctx, g.Question())
	return err == nil && ans.Found
}

// suggest offers synonyms for a group's first question as the bot read
// it.
func (a *Admin) suggest(ctx context.Context, g asklog.Group) (Item, error) {
	it := Item{Group: g}
	if g.Unanswered == 0 {
		return it, nil
	}
	var err error
	it.Suggestions, err = a.Engine.SuggestSynonyms(ctx, g.Question())
	if errors.Is(err, answer.ErrEmptyQuestion) || errors.Is(err, answer.ErrQuestionTooLong) {
		err = nil
	}
	return it, err
}

// SuggestionID names a suggestion in a button (Telegram allows 64 bytes
// of callback data; two words may take 120).
func SuggestionID(s answer.Suggestion) string {
	sum := sha256.Sum256([]byte(s.Word + "=>" + s.For))
	return hex.EncodeToString(sum[:3])
}

// Rule is a suggestion as the rule it adds: the member's word looked up
// as the report's, one way.
func Rule(s answer.Suggestion) string { return s.Word + " => " + s.For }

// AddSuggested adds the synonym suggested for a group (by SuggestionID):
// the one step from /unanswered. It returns the rule, the known
// negatives it opens and the group's first question as the bot read it.
func (a *Admin) AddSuggested(ctx context.Context, groupID, suggestionID, by string) (synfile.Rule, []string, string, error) {
	it, err := a.item(ctx, groupID)
	if err != nil {
		return synfile.Rule{}, nil, "", err
	}
	for _, s := range it.Suggestions {
		if SuggestionID(s) == suggestionID {
			r, opens, err := a.AddSynonym(ctx, Rule(s), by)
			return r, opens, it.Question(), err
		}
	}
	return synfile.Rule{}, nil, it.Question(), fmt.Errorf("%w: the suggestion changed", ErrNoGroup)
}

// item finds a listed group by its ID, with its suggestions: a group
// resolved since it was listed is not found, and one dismissed since is
// ErrDismissed.
func (a *Admin) item(ctx context.Context, groupID string) (Item, error) {
	entries, err := a.entries()
	if err != nil {
		return Item{}, err
	}
	for _, g := range asklog.Groups(entries) {
		if g.ID == groupID && !a.resolved(ctx, g) {
			return a.suggest(ctx, g)
		}
	}
	if asklog.Dismissed(entries, groupID) {
		return Item{}, ErrDismissed
	}
	return Item{}, ErrNoGroup
}

// maxDismissed is how many of a group's questions a dismissal keeps as
// known negatives: the most asked ones say what the group is about, and
// every one costs a question asked when a synonym is added.
const maxDismissed = 10

// Dismiss marks a group as out of scope: it leaves /unanswered, and its
// questions, as the bot read them, become known negatives. It returns
// them.
func (a *Admin) Dismiss(ctx context.Context, groupID, by string) ([]string, error) {
	if a.Log == nil {
		return nil, ErrReadOnly
	}
	it, err := a.item(ctx, groupID)
	if err != nil {
		return nil, err
	}
	var qs []string
	for _, q := range it.Questions {
		if len(qs) == maxDismissed {
			break
		}
		if !slices.Contains(qs, q.AsRead()) { // two messages read alike
			qs = append(qs, q.AsRead())
		}
	}
	return qs, a.Log.Dismiss(a.now(), by, qs)
}

// Stats sums up the last days (ending today).
func (a *Admin) Stats(days int) (asklog.Stats, error) {
	entries, err := a.entries()
	if err != nil {
		return asklog.Stats{}, err
	}
	return asklog.Summarize(entries, days, a.now()), nil
}

var _ Synonyms = (*store.Store)(nil)
