package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/learn"
)

// unansweredCmd is reportbot unanswered: the questions to act on.
type unansweredCmd struct {
	storeFlags
	Limit   int    `help:"groups to list" default:"20" min:"1" option:"" placeholder:"N"`
	Dismiss string `help:"ID of a group to dismiss as out of scope" option:"" placeholder:"ID"`
}

func (c *unansweredCmd) Help() string {
	return "Lists the members' questions the reports did not answer, or answered to a 👎, grouped when alike, " +
		"most frequent first, with counts, dates, the nearest section and a synonym to try; " +
		"a follow-up is listed, and checked against the reports, as it was read with the question before it. " +
		"--dismiss ID marks a group as out of scope: it leaves the list and its questions become known negatives."
}

func (c *unansweredCmd) Run(ctx context.Context, e *env) error {
	sf, limit, dismiss := &c.storeFlags, &c.Limit, &c.Dismiss
	if *dismiss != "" {
		t, closeT, err := sf.teacher(ctx, e, "reportbot unanswered --dismiss")
		if err != nil {
			return err
		}
		defer closeT()
		qs, err := t.Dismiss(ctx, *dismiss, cliAdmin())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "dismissed %s as out of scope: %s\n", plural(len(qs), "question"), strings.Join(qs, " / "))
		return nil
	}
	l, closeL, err := sf.reader(ctx, e)
	if err != nil {
		return err
	}
	defer closeL()
	items, resolved, err := l.Unanswered(ctx, *limit)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		fmt.Fprintf(e.stdout, "no questions left unanswered or disliked (%d %s answered now)\n", resolved, groupsAre(resolved))
		return nil
	}
	// A follow-up is listed with how it was read, and asked again so: its
	// message alone ("那女职工呢", "去年呢") says little. The column is
	// there only when a follow-up is listed.
	followups := slices.ContainsFunc(items, func(it learn.Item) bool { return it.Questions[0].Reading != nil })
	header := []string{"ID", "UNANSWERED", "👎", "MEMBERS", "FIRST", "LAST", "NEAREST SECTION", "QUESTION"}
	if followups {
		header = append(header, "READ AS")
	}
	rows := [][]string{append(header, "TRY")}
	for _, it := range items {
		try := ""
		if len(it.Suggestions) > 0 {
			try = tryCommand(it.Suggestions[0])
		}
		lead := it.Questions[0]
		q := lead.Name
		if n := len(it.Questions); n > 1 {
			q += fmt.Sprintf(" (+%d alike)", n-1)
		}
		row := []string{it.ID, strconv.Itoa(it.Unanswered), strconv.Itoa(it.Disliked), strconv.Itoa(it.Members),
			it.First.Local().Format("2006-01-02"), it.Last.Local().Format("2006-01-02"), it.Section, q}
		if followups {
			read := ""
			if lead.Reading != nil {
				read = fmt.Sprintf("%s (after %s)", lead.AsRead(), lead.Reading.Previous)
			}
			row = append(row, read)
		}
		rows = append(rows, append(row, try))
	}
	// The ID is for --dismiss and TRY a command: both are pasted. A
	// reading and the question it followed take more than a question.
	if err := writeTable(e.stdout, rows, widths{"ID": whole, "TRY": whole, "READ AS": 2 * maxCellWidth}); err != nil {
		return err
	}
	if resolved > 0 {
		fmt.Fprintf(e.stdout, "%d more %s answered now\n", resolved, groupsAre(resolved))
	}
	return nil
}

// groupsAre is what n groups are: "groups are", or "group is" for one.
func groupsAre(n int) string {
	if n == 1 {
		return "group is"
	}
	return "groups are"
}

// tryCommand is the command that adds s, quoted to be pasted into a
// shell: unquoted, the shell reads the > of => as a redirection, runs
// "synonyms add 饭卡 =" and writes an empty file named 服务卡. A word of a
// rule holds no punctuation (synfile), so no quote inside to escape.
func tryCommand(s answer.Suggestion) string {
	return "synonyms add '" + learn.Rule(s) + "'"
}
