package asklog

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/reportbot/reportbot/lang"
)

// SameQuestion is how alike two questions must be (Similarity: Dice
// coefficient of their character bigrams, question words of two or more
// characters left out) to be one group in /unanswered. Measured on the
// suite's 203 tuning questions (TestSameQuestionThreshold): of the 20,496
// pairs about different passages, 21 reach 0.55 (0.10%), most of them one
// question in two sets ("省级高技能人才培训基地有多少个" / "…有几个"), a few
// a modifier apart ("省级…" / "国家级高技能人才培训基地有几个"), which
// bigrams cannot tell and the group's listed variants show; of the 7
// pairs about one passage, 4 reach it ("饭卡发了多少张" / "饭卡发了几张":
// 0.67; "国企职代会建会率多少" / "国有企业职代会建会率是多少": 0.59). At 0.5
// it is 33 and 4, at 0.6 20 and 1: 0.55 gathers the most rewordings
// before different questions start to merge.
const SameQuestion = 0.55

// core is a question as compared: width-folded, simplified, lower-cased,
// its question words taken out, letters and digits only.
func core(q string) string {
	q = strings.ToLower(lang.ToSimplified(norm.NFKC.String(q)))
	q = questionWords().Replace(q)
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, q)
}

// minStripped: question words of one character (几, 吗, and the measure
// words and light verbs lang lists: 人, 上, 下) are parts of other words
// too (上海, 人数): only longer ones (多少, 什么, 哪些) are taken out of a
// question's text.
const minStripped = 2

// questionWords strips lang's question words, longest first.
var questionWords = sync.OnceValue(func() *strings.Replacer {
	var args []string
	for _, w := range lang.Default().QuestionWords() {
		if utf8.RuneCountInString(w) >= minStripped {
			args = append(args, w, "")
		}
	}
	return strings.NewReplacer(args...)
})

// bigrams are a text's distinct character bigrams (a lone character for a
// one-character text), sorted.
func bigrams(s string) []string {
	rs := []rune(s)
	if len(rs) == 1 {
		return []string{s}
	}
	var out []string
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// dice is the Dice coefficient of two sorted sets.
func dice(a, b []string) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	shared := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch strings.Compare(a[i], b[j]) {
		case 0:
			shared++
			i++
			j++
		case -1:
			i++
		default:
			j++
		}
	}
	return 2 * float64(shared) / float64(len(a)+len(b))
}

// Similarity is how alike two questions read, 0–1: the Dice coefficient
// of the character bigrams of their cores (question words out). Bigrams
// rather than index/neardup's trigram MinHash: a question is ten or so
// characters, too short for trigrams to overlap on a reworded one and
// too short to need MinHash's sketch.
func Similarity(a, b string) float64 { return dice(bigrams(core(a)), bigrams(core(b))) }

// Group is questions that read alike, not answered or answered and
// disliked, as /unanswered lists them.
type Group struct {
	// ID names the group in buttons and commands: a hash of its first
	// question's core, the same while that question leads the group.
	ID string
	// Questions are the group's distinct questions, as the bot read
	// them, most asked first.
	Questions []Asked
	// Unanswered counts the times they were not answered, Disliked the 👎
	// on their answers; Members the distinct members who asked.
	Unanswered, Disliked, Members int
	First, Last                   time.Time
	// Section is the nearest section (not answered) or the section
	// answered from (disliked), the most frequent.
	Section string
}

// Question is the group's most asked question as the bot read it
// (Asked.AsRead): what the engine is asked again to tell whether the
// reports answer it now, and what a dismissal keeps.
func (g Group) Question() string { return g.Questions[0].AsRead() }

// Count is a name and how often it came.
type Count struct {
	Name string
	N    int
}

// Asked is one of a group's distinct questions, as a member sent it and
// as the bot read it, and how often it came.
type Asked struct {
	// Name is the question as the member sent it ("那女职工呢").
	Name string
	// Reading is how the bot read it as a follow-up; nil when it read it
	// alone.
	Reading *Reading
	N       int
}

// AsRead is the question as the bot read it: a follow-up's reading
// ("女职工 + 全省 + 有多少职工"), else the question as sent. Asked alone,
// the engine reads a reading's phrase as its words, which holds all of
// it: the question before may itself have been a follow-up ("去年呢"
// after "那女职工呢"), read with one before it that the log does not keep,
// so asking that question and then the message would read it otherwise.
func (q Asked) AsRead() string {
	if q.Reading != nil && len(q.Reading.Words) > 0 {
		return q.Reading.Phrase()
	}
	return q.Name
}

// askedKey tells a group's distinct questions apart: one sent alike but
// read otherwise is another.
type askedKey struct{ name, previous, phrase string }

func keyOf(e Entry) askedKey {
	k := askedKey{name: e.Question}
	if e.Reading != nil {
		k.previous, k.phrase = e.Reading.Previous, e.Reading.Phrase()
	}
	return k
}

// item is one distinct question (by core) with its tallies.
type item struct {
	core              string
	unanswered, down  int
	users             map[string]bool
	first, last       time.Time
	sections          map[string]int
	bigrams           []string
	questionsVerbatim map[askedKey]*Asked
}

// Groups gathers the questions not answered and the answers voted 👎
// into groups of alike questions (SameQuestion), each as the bot read
// it (a follow-up by its reading: Entry.Reading), the most frequent
// first, leaving out the groups an admin dismissed: a group whose first
// question reads like the first of a dismissed group, or is one of its
// questions. Alike is not transitive: a group whose first question only
// reads like another of a dismissed group's questions is a group of its
// own, listed. A member's vote on an answer counts once, as they last
// gave it.
func Groups(entries []Entry) []Group {
	entries = counted(entries)
	items := map[string]*item{}
	var order []*item
	var dismissedLeads [][]string
	dismissedCores := map[string]bool{}
	for _, e := range entries {
		switch {
		case e.Kind == KindDismiss:
			if len(e.Questions) > 0 {
				dismissedLeads = append(dismissedLeads, bigrams(core(e.Questions[0])))
			}
			for _, q := range e.Questions {
				dismissedCores[core(q)] = true
			}
			continue
		case e.Kind == KindAsked && !e.Found && e.Question != "":
		case e.Kind == KindVote && e.Vote == "down" && e.Question != "":
		default:
			continue
		}
		c := core(Asked{Name: e.Question, Reading: e.Reading}.AsRead())
		if c == "" {
			continue
		}
		it := items[c]
		if it == nil {
			it = &item{core: c, users: map[string]bool{}, sections: map[string]int{}, first: e.Time, bigrams: bigrams(c), questionsVerbatim: map[askedKey]*Asked{}}
			items[c] = it
			order = append(order, it)
		}
		if e.Kind == KindVote {
			it.down++
		} else {
			it.unanswered++
		}
		k := keyOf(e)
		q := it.questionsVerbatim[k]
		if q == nil {
			q = &Asked{Name: e.Question, Reading: e.Reading}
			it.questionsVerbatim[k] = q
		}
		q.N++
		if e.User != "" {
			it.users[e.User] = true
		}
		if e.Section != "" {
			it.sections[e.Section]++
		}
		it.first, it.last = minTime(it.first, e.Time), maxTime(it.last, e.Time)
	}
	slices.SortStableFunc(order, func(a, b *item) int {
		if n := (b.unanswered + b.down) - (a.unanswered + a.down); n != 0 {
			return n
		}
		return b.last.Compare(a.last)
	})
	var out []Group
	for _, members := range group(order) {
		lead := members[0]
		if dismissedCores[lead.core] || slices.ContainsFunc(dismissedLeads, func(d []string) bool { return dice(d, lead.bigrams) >= SameQuestion }) {
			continue
		}
		out = append(out, summarize(members))
	}
	slices.SortStableFunc(out, func(a, b Group) int {
		if n := (b.Unanswered + b.Disliked) - (a.Unanswered + a.Disliked); n != 0 {
			return n
		}
		return b.Last.Compare(a.Last)
	})
	return out
}

// group gathers items greedily, in their order: each joins the first
// group (the earliest made) whose lead, its first item, it reads like
// (SameQuestion), or leads a new one. Only the leads sharing a bigram with
// an item are compared with it, through an index from bigram to the
// leads holding it: a Dice coefficient over zero needs a shared bigram,
// and comparing every lead made listing 10,000 distinct questions take
// seconds. Counting the shared bigrams gives the coefficient dice does,
// and taking the lowest group over the threshold the group the
// lead-by-lead scan took, so the groups are the same.
func group(order []*item) [][]*item {
	var groups [][]*item
	leads := map[string][]int{} // bigram → groups whose lead has it, ascending
	shared := []int{}           // by group: bigrams shared with the item at hand
	var touched []int
	for _, it := range order {
		for _, b := range it.bigrams {
			for _, g := range leads[b] {
				if shared[g] == 0 {
					touched = append(touched, g)
				}
				shared[g]++
			}
		}
		best := -1
		for _, g := range touched {
			lead := groups[g][0]
			d := 2 * float64(shared[g]) / float64(len(lead.bigrams)+len(it.bigrams))
			if d >= SameQuestion && (best < 0 || g < best) {
				best = g
			}
			shared[g] = 0
		}
		touched = touched[:0]
		if best >= 0 {
			groups[best] = append(groups[best], it)
			continue
		}
		for _, b := range it.bigrams {
			leads[b] = append(leads[b], len(groups))
		}
		groups = append(groups, []*item{it})
		shared = append(shared, 0)
	}
	return groups
}

func summarize(members []*item) Group {
	g := Group{First: members[0].first, Last: members[0].last, ID: groupID(members[0].core)}
	users, questions, sections := map[string]bool{}, map[askedKey]*Asked{}, map[string]int{}
	for _, it := range members {
		g.Unanswered += it.unanswered
		g.Disliked += it.down
		g.First, g.Last = minTime(g.First, it.first), maxTime(g.Last, it.last)
		for u := range it.users {
			users[u] = true
		}
		for k, q := range it.questionsVerbatim {
			if all := questions[k]; all != nil {
				all.N += q.N
			} else {
				c := *q
				questions[k] = &c
			}
		}
		for s, n := range it.sections {
			sections[s] += n
		}
	}
	g.Members = len(users)
	g.Questions = rankedAsked(questions)
	if s := ranked(sections); len(s) > 0 {
		g.Section = s[0].Name
	}
	return g
}

// groupID is the ID of the group a question of core c leads.
func groupID(c string) string {
	sum := sha256.Sum256([]byte(c))
	return hex.EncodeToString(sum[:4])
}

// Dismissed reports whether id names a group an admin dismissed: one led
// by a question dismissed, which Groups leaves out for that.
func Dismissed(entries []Entry, id string) bool {
	for _, e := range entries {
		if e.Kind == KindDismiss && slices.ContainsFunc(e.Questions, func(q string) bool { return groupID(core(q)) == id }) {
			return true
		}
	}
	return false
}

// ranked lists counts most frequent first, then by name.
func ranked(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// rankedAsked lists a group's distinct questions most asked first, then
// by name and by reading.
func rankedAsked(m map[askedKey]*Asked) []Asked {
	out := make([]Asked, 0, len(m))
	for _, q := range m {
		out = append(out, *q)
	}
	slices.SortFunc(out, func(a, b Asked) int {
		if a.N != b.N {
			return b.N - a.N
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		if c := strings.Compare(a.AsRead(), b.AsRead()); c != 0 {
			return c
		}
		return strings.Compare(previous(a), previous(b))
	})
	return out
}

// previous is the question q was read with, "" when read alone.
func previous(q Asked) string {
	if q.Reading == nil {
		return ""
	}
	return q.Reading.Previous
}

// Negatives are the known negatives: the questions admins dismissed as
// out of scope. A synonym that makes one of them answerable is flagged
// when it is added. (The quality suite's negatives are not here: they
// belong to the suite's reports, not to a data directory's.)
func Negatives(entries []Entry) []string {
	var out []string
	for _, e := range entries {
		if e.Kind == KindDismiss {
			for _, q := range e.Questions {
				if !slices.Contains(out, q) {
					out = append(out, q)
				}
			}
		}
	}
	return out
}

func minTime(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
