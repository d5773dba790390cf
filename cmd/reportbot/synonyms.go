package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/reportbot/reportbot/store/synfile"
)

// synonymsCmd is reportbot synonyms list | add | remove.
type synonymsCmd struct {
	storeFlags
	List   synonymsListCmd   `cmd:"" help:"List the admins' synonyms, with who added them and when."`
	Add    synonymsAddCmd    `cmd:"" help:"Add a synonym: 劳模 劳动模范 (interchangeable) or '饭卡 => 服务卡' (quoted: the first looked up as the rest)."`
	Remove synonymsRemoveCmd `cmd:"" help:"Remove every synonym naming the words."`
}

func (c *synonymsCmd) Help() string {
	return "Lists, adds or removes the admins' synonyms (synonyms.txt in the data directory, Solr format). " +
		"A change is in effect for the next question, in a running bot too; a synonym that makes a question " +
		"admins dismissed answerable is flagged."
}

type synonymsListCmd struct{}

func (synonymsListCmd) Run(ctx context.Context, e *env, s *synonymsCmd) error {
	return listSynonyms(ctx, e, &s.storeFlags)
}

type synonymsAddCmd struct {
	Words []string `arg:"" help:"the words: 劳模 劳动模范, or '饭卡 => 服务卡' (quoted, or a shell reads > as a redirection)" placeholder:"WORDS"`
}

func (c *synonymsAddCmd) Run(ctx context.Context, e *env, s *synonymsCmd) error {
	// Checked before the data directory is opened (and made): a bad rule
	// changes nothing.
	// The shell cuts the rule at its > wherever it stands: 饭卡 => 服务卡
	// 会员卡 leaves "饭卡 = 会员卡", and 饭卡 -> 服务卡 (ParseInput's
	// other spelling) "饭卡 -". No word of a rule ends in = or -.
	in := strings.Join(c.Words, " ")
	if slices.ContainsFunc(strings.Fields(in), func(w string) bool { return strings.HasSuffix(w, "=") || strings.HasSuffix(w, "-") }) {
		return usagef("the rule %q has a = or - with no >: a shell took the > of => as a redirection (into a file named after the next word); quote the rule: reportbot synonyms add '饭卡 => 服务卡'", in)
	}
	if _, err := synfile.ParseInput(in); err != nil {
		return usagef("%v", err)
	}
	t, closeT, err := s.teacher(ctx, e, "reportbot synonyms add")
	if err != nil {
		return err
	}
	defer closeT()
	r, opens, err := t.AddSynonym(ctx, in, cliAdmin())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added %s (in effect for the next question)\n", r.Line())
	for _, q := range opens {
		fmt.Fprintf(e.stderr, "reportbot: warning: it makes a question admins dismissed as out of scope answerable: %s\n", q)
	}
	return nil
}

type synonymsRemoveCmd struct {
	Words []string `arg:"" help:"words whose synonyms to remove" placeholder:"WORDS"`
}

func (c *synonymsRemoveCmd) Run(ctx context.Context, e *env, s *synonymsCmd) error {
	words, err := synfile.Words(strings.Join(c.Words, " "))
	switch {
	case err != nil:
		return usagef("%v", err)
	case len(words) == 0:
		return usagef("name the words of the synonym to remove")
	}
	t, closeT, err := s.teacher(ctx, e, "reportbot synonyms remove")
	if err != nil {
		return err
	}
	defer closeT()
	removed, err := t.RemoveSynonyms(ctx, c.Words)
	if err != nil {
		return err
	}
	for _, r := range removed {
		fmt.Fprintf(e.stdout, "removed %s\n", r.Line())
	}
	return nil
}

func listSynonyms(ctx context.Context, e *env, sf *storeFlags) error {
	l, closeL, err := sf.reader(ctx, e)
	if err != nil {
		return err
	}
	defer closeL()
	listed, fileErr := l.Synonyms(ctx)
	if fileErr != nil {
		fmt.Fprintf(e.stderr, "reportbot: warning: %v\n", fileErr)
	}
	rows := [][]string{{"SYNONYM", "ADDED", "BY", "FLAG"}}
	for _, s := range listed {
		added, flag := "by hand", ""
		if !s.Added.IsZero() {
			added = s.Added.Local().Format("2006-01-02 15:04")
		}
		if len(s.Opens) > 0 {
			flag = "answers dismissed: " + strings.Join(s.Opens, " / ")
		}
		rows = append(rows, []string{s.Line(), added, s.By, flag})
	}
	return writeTable(e.stdout, rows, nil)
}
