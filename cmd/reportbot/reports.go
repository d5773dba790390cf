package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/mattn/go-runewidth"

	"github.com/reportbot/reportbot/corpus/extract"
	"github.com/reportbot/reportbot/store"
)

// reportsCmd is reportbot reports list | add | remove.
type reportsCmd struct {
	storeFlags
	List   reportsListCmd   `cmd:"" help:"List the stored reports."`
	Add    reportsAddCmd    `cmd:"" help:"Add a report and reindex; a refused file changes nothing."`
	Remove reportsRemoveCmd `cmd:"" help:"Remove a report and reindex."`
}

type reportsListCmd struct{}

func (reportsListCmd) Run(ctx context.Context, e *env, r *reportsCmd) error {
	st, _, err := r.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	return listReports(e, st)
}

// uploadFlags are the settings of what a report file may be.
type uploadFlags struct {
	MaxUploadMB int64 `name:"max-upload-mb" aliases:"max-mb" help:"largest report file accepted, in MB, at most 1024 (Telegram lets bots download 20)" default:"20" min:"1" max:"1024" envvar:"REPORTBOT_MAX_UPLOAD_MB" setting:"largest report file" placeholder:"MB"`
}

func (u uploadFlags) maxBytes() int64 { return u.MaxUploadMB << 20 }

type reportsAddCmd struct {
	uploadFlags
	Title   string `help:"title of the added report (default: from the document)" option:""`
	Replace bool   `help:"replace a stored report of the same title" option:""`
	File    string `arg:"" help:"the report: text (UTF-8, GB18030/GBK), Markdown, HTML, DOCX, ODT or PDF" placeholder:"FILE"`
}

// Validate refuses - for stdin: the file's name gives the report its
// format and its ID, which stdin has none of.
func (c *reportsAddCmd) Validate() error {
	if c.File == "-" {
		return usagef("reports add reads a file, not stdin: give the report's path (its name gives the format and the ID)")
	}
	return nil
}

func (c *reportsAddCmd) Run(ctx context.Context, e *env, r *reportsCmd) error {
	// Check the title and read the file before opening the store: a
	// refused title, a missing or oversized file change nothing.
	if _, err := store.CleanTitle(c.Title); err != nil {
		return err
	}
	data, err := readLimited(c.File, c.maxBytes())
	if err != nil {
		return err
	}
	lib, closeLib, err := r.library(ctx, e, "reportbot reports add")
	if err != nil {
		return err
	}
	defer closeLib()
	m, stats, err := lib.Add(ctx, c.File, data, store.AddOptions{Title: c.Title, Replace: c.Replace, MaxBytes: c.maxBytes()})
	if errors.Is(err, store.ErrExists) {
		return fmt.Errorf("%w: --replace replaces it, --title adds this one beside it under another title", err)
	}
	if err != nil {
		return interrupted(ctx, err)
	}
	// Say which happened: --replace adds when no report of that title is
	// stored, and an admin reading "added" after asking to replace would
	// look for the copy they meant to replace.
	did, note := "added", ""
	if stats.Replaced {
		did = "replaced"
	} else if c.Replace {
		note = " (no report of this title was stored to replace)"
	}
	fmt.Fprintf(e.stdout, "%s %s %q: %s, %s; reindexed %s in %v%s\n",
		did, m.ID, m.Title, plural(m.Passages, "passage"), plural(m.Figures, "figure"), plural(stats.Reports, "report"), stats.Took.Round(1e6), note)
	return listReports(e, lib)
}

type reportsRemoveCmd struct {
	ID string `arg:"" help:"the report's ID, as reports list shows it" placeholder:"ID"`
}

func (c *reportsRemoveCmd) Run(ctx context.Context, e *env, r *reportsCmd) error {
	lib, closeLib, err := r.library(ctx, e, "reportbot reports remove")
	if err != nil {
		return err
	}
	defer closeLib()
	stats, err := lib.Remove(ctx, c.ID)
	if err != nil {
		return interrupted(ctx, err)
	}
	fmt.Fprintf(e.stdout, "removed %s; reindexed %s in %v\n", c.ID, plural(stats.Reports, "report"), stats.Took.Round(1e6))
	return listReports(e, lib)
}

// listReports prints the stored reports as a table. IDs are whole, to be
// pasted into reports remove; the titles give up the columns an ID takes
// beyond maxCellWidth, so the table stays as wide.
func listReports(e *env, lib interface{ Reports() ([]store.Meta, error) }) error {
	metas, err := lib.Reports()
	if err != nil {
		return err
	}
	rows := [][]string{{"ID", "TITLE", "FORMAT", "PASSAGES", "FIGURES", "ADDED"}}
	idWidth := 0
	for _, m := range metas {
		added := "embedded"
		if !m.Added.IsZero() {
			added = m.Added.Format("2006-01-02 15:04")
		}
		rows = append(rows, []string{m.ID, m.Title, m.Format, strconv.Itoa(m.Passages), strconv.Itoa(m.Figures), added})
		idWidth = max(idWidth, runewidth.StringWidth(m.ID))
	}
	return writeTable(e.stdout, rows, widths{"ID": whole, "TITLE": titleWidth(idWidth)})
}

// minTitleWidth is the narrowest a title is cut to, however long the IDs.
const minTitleWidth = 10

// titleWidth is the width of the titles beside IDs idWidth wide: what an
// ID takes beyond maxCellWidth is given up by the titles, down to
// minTitleWidth (never below: a width of whole, -1, would not cut them).
func titleWidth(idWidth int) int {
	return max(maxCellWidth-max(idWidth-maxCellWidth, 0), minTitleWidth)
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
		return fmt.Errorf("%s: %w: %s, the limit is %d MB (--max-upload-mb)", name, extract.ErrTooLarge, size, limit>>20)
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
