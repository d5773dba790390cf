package lang

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data/followup.txt
var followupData string

// FollowupCues are the words by which a message leans on the question
// before it (data/followup.txt). They never change once read and are safe
// for concurrent use.
type FollowupCues struct {
	// Lead are connectives opening a message ("那", "那么"), longest first.
	Lead []string
	// Tail are particles ending an elliptical question ("呢"), longest first.
	Tail []string
	// Interrogatives make a message ask something of its own ("多少", "哪").
	Interrogatives []string
	demonstrative  map[string]bool
	elaboration    map[string]bool
	measure        map[string]bool
	predicate      map[string]bool
}

// IsDemonstrative reports whether w stands for what was just talked
// about ("这个", "该", "它").
func (c *FollowupCues) IsDemonstrative(w string) bool { return c.demonstrative[w] }

// IsElaboration reports whether w asks for more of the answer given
// ("具体", "分别").
func (c *FollowupCues) IsElaboration(w string) bool { return c.elaboration[w] }

// IsMeasure reports whether w names a measure of something rather than a
// thing ("比重", "人数").
func (c *FollowupCues) IsMeasure(w string) bool { return c.measure[w] }

// IsPredicate reports whether w is a verb that says what happened to a
// thing rather than names one ("召开", "发放").
func (c *FollowupCues) IsPredicate(w string) bool { return c.predicate[w] }

// Followup returns the embedded follow-up cues, parsed once per process.
var Followup = sync.OnceValue(func() *FollowupCues {
	c, err := ParseFollowupCues(followupData)
	if err != nil {
		// Compiled in and tested: an error is found by the first test run.
		panic(fmt.Sprintf("lang: embedded follow-up cues: %v", err))
	}
	return c
})

// ParseFollowupCues reads cues in the format of data/followup.txt:
// "[section]" lines, then one word a line; "#" starts a comment.
func ParseFollowupCues(text string) (*FollowupCues, error) {
	c := &FollowupCues{demonstrative: map[string]bool{}, elaboration: map[string]bool{}, measure: map[string]bool{}, predicate: map[string]bool{}}
	lists := map[string]*[]string{"lead": &c.Lead, "tail": &c.Tail, "interrogative": &c.Interrogatives}
	sets := map[string]map[string]bool{"demonstrative": c.demonstrative, "elaboration": c.elaboration, "measure": c.measure, "predicate": c.predicate}
	err := EachSectionLine(text, func(n int, section string, words []string) error {
		switch {
		case words == nil:
			if lists[section] == nil && sets[section] == nil {
				return fmt.Errorf("follow-up cues line %d: unknown section [%s]", n, section)
			}
		case len(words) != 1:
			return fmt.Errorf("follow-up cues line %d: want one word, got %q", n, strings.Join(words, " "))
		case lists[section] != nil:
			*lists[section] = append(*lists[section], words[0])
		case sets[section] != nil:
			sets[section][words[0]] = true
		default:
			return fmt.Errorf("follow-up cues line %d: %q outside a section", n, words[0])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, l := range []*[]string{&c.Lead, &c.Tail} {
		// Longest first: "那么" is a lead before "那" is.
		slices.SortStableFunc(*l, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	}
	return c, nil
}
