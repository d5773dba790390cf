package asklog

import (
	"slices"
	"strings"
	"time"
)

// Stats is the admins' overview (/stats, reportbot stats).
type Stats struct {
	// Days are the last days, oldest first, each with its questions.
	Days []Day
	// Asked and Answered count the questions of those days; Members the
	// distinct members who asked them.
	Asked, Answered, Members int
	// Up and Down count the votes of those days.
	Up, Down int
	// Sections are the sections answers came from, most asked first.
	Sections []Count
	// Disliked are the answers with the most 👎, most first.
	Disliked []Disliked
}

// Day is one day's questions.
type Day struct {
	Date            time.Time // midnight, in the location Summarize was given
	Asked, Answered int
}

// Disliked is an answer members voted 👎.
type Disliked struct {
	Passage, Section string
	// Question is the question most often asked of it with a 👎.
	Question string
	Down, Up int
}

// Share is the share of questions answered, 0–1 (0 with none asked).
func (s Stats) Share() float64 {
	if s.Asked == 0 {
		return 0
	}
	return float64(s.Answered) / float64(s.Asked)
}

// Summarize sums up the days ending with now's (in now's location). A
// member's vote on an answer counts once, as they last gave it.
func Summarize(entries []Entry, days int, now time.Time) Stats {
	entries = counted(withSections(entries))
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	from := today.AddDate(0, 0, -(days - 1))
	st := Stats{Days: make([]Day, days)}
	for i := range st.Days {
		st.Days[i].Date = from.AddDate(0, 0, i)
	}
	members := map[string]bool{}
	sections := map[string]int{}
	type votes struct {
		up, down  int
		questions map[string]int
	}
	// A key's votes of two sections (withSections) are on two passages.
	type voted struct{ passage, section string }
	byPassage := map[voted]*votes{}
	for _, e := range entries {
		t := e.Time.In(now.Location())
		if t.Before(from) || t.After(now) {
			continue
		}
		switch e.Kind {
		case KindAsked:
			d := &st.Days[int(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, now.Location()).Sub(from).Hours()/24+0.5)]
			d.Asked++
			st.Asked++
			if e.Found {
				d.Answered++
				st.Answered++
				if e.Section != "" {
					sections[e.Section]++
				}
			}
			if e.User != "" {
				members[e.User] = true
			}
		case KindVote:
			if e.Passage == "" {
				continue
			}
			on := voted{e.Passage, e.Section}
			v := byPassage[on]
			if v == nil {
				v = &votes{questions: map[string]int{}}
				byPassage[on] = v
			}
			switch e.Vote {
			case "up":
				v.up++
				st.Up++
			case "down":
				v.down++
				st.Down++
				if e.Question != "" {
					v.questions[e.Question]++
				}
			}
		}
	}
	st.Members = len(members)
	st.Sections = ranked(sections)
	for on, v := range byPassage {
		if v.down == 0 {
			continue
		}
		d := Disliked{Passage: on.passage, Section: on.section, Down: v.down, Up: v.up}
		if q := ranked(v.questions); len(q) > 0 {
			d.Question = q[0].Name
		}
		st.Disliked = append(st.Disliked, d)
	}
	slices.SortFunc(st.Disliked, func(a, b Disliked) int {
		if a.Down != b.Down {
			return b.Down - a.Down
		}
		if a.Up != b.Up {
			return a.Up - b.Up
		}
		if c := strings.Compare(a.Passage, b.Passage); c != 0 {
			return c
		}
		return strings.Compare(a.Section, b.Section)
	})
	return st
}

// withSections is entries with each vote's section: its own, else that
// of the passage it is on. A passage's key is its report and place in
// it, so after the report is replaced the key may name another passage:
// a vote is on the passage the key named when it was given, told by the
// section of the answers from it up to then, and a changed vote on an
// answer is on the passage its first vote was (counted keeps the last,
// which was given after, maybe after the report was replaced). A vote on
// a key no answer came from yet (a passage 其他相关段落 showed, which
// logs no question) takes the section of the key's next answers.
func withSections(entries []Entry) []Entry {
	out := slices.Clone(entries)
	sectionOf := map[string]string{} // passage key → its section, from the answers so far
	first := map[voteKey]int{}       // a member's answer and passage → the place of its first vote
	unknown := map[string][]int{}    // passage key → its votes given before any answer from it
	link := map[int]int{}            // a changed vote → its first
	for i, e := range out {
		if e.Kind == KindAsked && e.Found && e.Passage != "" && e.Section != "" {
			sectionOf[e.Passage] = e.Section
			for _, j := range unknown[e.Passage] {
				out[j].Section = e.Section
			}
			delete(unknown, e.Passage)
		}
		if e.Kind != KindVote || e.Passage == "" {
			continue
		}
		if e.Answer != "" {
			if j, ok := first[e.voteKey()]; ok {
				if e.Section == "" {
					link[i] = j
				}
				continue
			}
			first[e.voteKey()] = i
		}
		if e.Section == "" {
			if sec, ok := sectionOf[e.Passage]; ok {
				out[i].Section = sec
			} else {
				unknown[e.Passage] = append(unknown[e.Passage], i)
			}
		}
	}
	// A changed vote's first may have learnt its section after it.
	for i, j := range link {
		out[i].Section = out[j].Section
	}
	return out
}
