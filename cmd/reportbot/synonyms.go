package main

import (
	"context"
	"fmt"
	"strings"
)

func runSynonyms(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "synonyms", "list | add WORDS… | remove WORDS…",
		"Lists, adds or removes the admins' synonyms (synonyms.txt in the data directory, Solr format).\n"+
			"add 劳模 劳动模范 makes the words interchangeable; add 饭卡 => 服务卡 looks the first up as the rest.\n"+
			"remove 劳模 removes every synonym naming the word. A change is in effect for the next question,\n"+
			"in a running bot too; a synonym that makes a question admins dismissed answerable is flagged.")
	var sf storeFlags
	sf.register(fs, e)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	usage := func() error { fs.Usage(); return errUsage }
	if len(rest) == 0 {
		return usage()
	}
	switch rest[0] {
	case "list":
		if len(rest) != 1 {
			return usage()
		}
		return listSynonyms(ctx, e, &sf)
	case "add", "remove":
		if len(rest) < 2 {
			return usage()
		}
	default:
		return usage()
	}
	t, closeT, err := sf.teacher(ctx, "reportbot synonyms "+rest[0])
	if err != nil {
		return err
	}
	defer closeT()
	if rest[0] == "add" {
		r, opens, err := t.AddSynonym(ctx, strings.Join(rest[1:], " "), cliAdmin())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added %s (in effect for the next question)\n", r.Line())
		for _, q := range opens {
			fmt.Fprintf(e.stderr, "reportbot: warning: it makes a question admins dismissed as out of scope answerable: %s\n", q)
		}
		return nil
	}
	removed, err := t.RemoveSynonyms(ctx, rest[1:])
	if err != nil {
		return err
	}
	for _, r := range removed {
		fmt.Fprintf(e.stdout, "removed %s\n", r.Line())
	}
	return nil
}

func listSynonyms(ctx context.Context, e *env, sf *storeFlags) error {
	l, closeL, err := sf.reader(ctx)
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
	return writeTable(e.stdout, rows)
}
