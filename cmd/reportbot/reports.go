package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/reportbot/reportbot/corpus/extract"
	"github.com/reportbot/reportbot/store"
)

func runReports(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reports", "list | add FILE [--title T] [--replace] | remove ID",
		"Lists, adds or removes reports. Adding or removing reindexes at once; a refused file changes nothing.")
	var sf storeFlags
	sf.register(fs, e)
	title := fs.String("title", "", "title of an added report (default: from the document)")
	replace := fs.Bool("replace", false, "replace a stored report of the same title")
	maxMB := fs.Int64("max-mb", 20, "largest file accepted, in MB")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		fs.Usage()
		return errUsage
	}
	usage := func() error { fs.Usage(); return errUsage }
	switch rest[0] {
	case "list":
		if len(rest) != 1 {
			return usage()
		}
	case "add", "remove":
		if len(rest) != 2 {
			return usage()
		}
	default:
		return usage()
	}
	var data []byte
	if rest[0] == "add" {
		// Read the file before opening the store: a missing or oversized
		// file changes nothing.
		if data, err = readLimited(rest[1], *maxMB<<20); err != nil {
			return err
		}
	}
	var lib library
	if rest[0] == "list" {
		st, _, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		lib = st
	} else {
		l, closeLib, err := sf.library(ctx, "reportbot reports "+rest[0])
		if err != nil {
			return err
		}
		defer closeLib()
		lib = l
	}
	switch rest[0] {
	case "add":
		m, stats, err := lib.Add(ctx, rest[1], data, store.AddOptions{Title: *title, Replace: *replace, MaxBytes: *maxMB << 20})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added %s %q: %d passages, %d figures; reindexed %d reports in %v\n",
			m.ID, m.Title, m.Passages, m.Figures, stats.Reports, stats.Took.Round(1e6))
	case "remove":
		stats, err := lib.Remove(ctx, rest[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "removed %s; reindexed %d reports in %v\n", rest[1], stats.Reports, stats.Took.Round(1e6))
	}
	metas, err := lib.Reports()
	if err != nil {
		return err
	}
	rows := [][]string{{"ID", "TITLE", "FORMAT", "PASSAGES", "FIGURES", "ADDED"}}
	for _, m := range metas {
		added := "embedded"
		if !m.Added.IsZero() {
			added = m.Added.Format("2006-01-02 15:04")
		}
		rows = append(rows, []string{m.ID, m.Title, m.Format, strconv.Itoa(m.Passages), strconv.Itoa(m.Figures), added})
	}
	return writeTable(e.stdout, rows)
}

// readLimited reads a file of at most limit bytes, refusing a larger one
// before reading it (or, for what has no size, such as /dev/zero, after
// limit+1 bytes): a huge file never fills memory.
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooLarge := func(size string) error {
		return fmt.Errorf("%s: %w: %s, the limit is %d MB (--max-mb)", name, extract.ErrTooLarge, size, limit>>20)
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", name)
	}
	if fi.Mode().IsRegular() && fi.Size() > limit {
		return nil, tooLarge(fmt.Sprintf("%.1f MB", float64(fi.Size())/(1<<20)))
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(fmt.Sprintf("more than %d MB", limit>>20))
	}
	return data, nil
}
