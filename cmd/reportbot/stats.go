package main

import (
	"context"
	"fmt"
	"strconv"
)

// statsCmd is reportbot stats: the members' questions summed up.
type statsCmd struct {
	storeFlags
	// At most ten years: the summary has a row a day, and the question
	// log, bounded, holds far less.
	Days int `help:"days to sum up, ending today" default:"14" min:"1" max:"3660" option:"" placeholder:"N"`
}

func (c *statsCmd) Help() string {
	return "Sums up the members' questions: per day, the share answered, the sections asked about most and the answers disliked most."
}

func (c *statsCmd) Run(ctx context.Context, e *env) error {
	days := &c.Days
	l, closeL, err := c.reader(ctx, e)
	if err != nil {
		return err
	}
	defer closeL()
	st, err := l.Stats(*days)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "last %s: %s, %d answered (%.0f%%), %s; %d 👍, %d 👎\n\n",
		plural(*days, "day"), plural(st.Asked, "question"), st.Answered, 100*st.Share(), plural(st.Members, "member"), st.Up, st.Down)
	rows := [][]string{{"DAY", "QUESTIONS", "ANSWERED"}}
	for _, d := range st.Days {
		rows = append(rows, []string{d.Date.Format("2006-01-02"), strconv.Itoa(d.Asked), strconv.Itoa(d.Answered)})
	}
	if err := writeTable(e.stdout, rows, nil); err != nil {
		return err
	}
	if len(st.Sections) > 0 {
		fmt.Fprintln(e.stdout)
		rows = [][]string{{"SECTION ASKED ABOUT", "ANSWERS"}}
		for _, s := range st.Sections[:min(10, len(st.Sections))] {
			rows = append(rows, []string{s.Name, strconv.Itoa(s.N)})
		}
		if err := writeTable(e.stdout, rows, nil); err != nil {
			return err
		}
	}
	if len(st.Disliked) > 0 {
		fmt.Fprintln(e.stdout)
		rows = [][]string{{"DISLIKED ANSWER", "SECTION", "👎", "👍", "ASKED AS"}}
		for _, d := range st.Disliked[:min(10, len(st.Disliked))] {
			rows = append(rows, []string{d.Passage, d.Section, strconv.Itoa(d.Down), strconv.Itoa(d.Up), d.Question})
		}
		return writeTable(e.stdout, rows, nil)
	}
	return nil
}
