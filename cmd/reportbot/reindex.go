package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/reportbot/reportbot/store"
)

// reindexCmd is reportbot reindex.
type reindexCmd struct {
	storeFlags
	Extract bool `help:"first extract every report kept with its original file and extracted by another version anew, as reports add would today (after an upgrade that reads a format better); its ID, title and date added stay" option:""`
}

func (c *reindexCmd) Help() string {
	return "Rebuilds the index from the stored reports beside the live one and swaps it in. " +
		"With --extract, each report kept with its original file and extracted by another version is first extracted anew from it, one at a time, " +
		"each change journaled as a replace is (one rebuild a report): a report is never lost, and one that fails " +
		"to extract stays as it was, as do the ones after it."
}

func (c *reindexCmd) Run(ctx context.Context, e *env) error {
	lib, closeLib, err := c.library(ctx, e, "reportbot reindex")
	if err != nil {
		return err
	}
	defer closeLib()
	if c.Extract {
		return reextractAll(ctx, e, lib)
	}
	stats, err := lib.Reindex(ctx, nil)
	if err != nil {
		return interrupted(ctx, err)
	}
	printReindexed(e, stats)
	return nil
}

// printReindexed says what a rebuild indexed.
func printReindexed(e *env, st store.Stats) {
	fmt.Fprintf(e.stdout, "reindexed %s: %s, %s in %v\n", plural(st.Reports, "report"), plural(st.Passages, "passage"), plural(st.Figures, "figure"), st.Took.Round(time.Millisecond))
}

// reextractAll extracts every report kept with its original and extracted
// by another version anew (store.Store.ReextractAll) and says what it did,
// also when it stopped early. A report whose original no longer extracts is named and makes
// the command fail, once the others are done.
func reextractAll(ctx context.Context, e *env, lib library) error {
	r, err := lib.ReextractAll(ctx, nil)
	for _, m := range r.Done {
		fmt.Fprintf(e.stdout, "%s: extracted anew: %s, %s\n", m.ID, plural(m.Passages, "passage"), plural(m.Figures, "figure"))
	}
	for _, id := range r.Current {
		fmt.Fprintf(e.stdout, "%s: kept as stored (extracted by this version)\n", id)
	}
	for _, id := range r.Kept {
		fmt.Fprintf(e.stdout, "%s: kept as stored (no original file)\n", id)
	}
	for _, f := range r.Failed {
		fmt.Fprintf(e.stdout, "%s: kept as stored: its original no longer extracts: %s\n", f.ID, f.Error)
	}
	switch {
	case err == nil:
	case len(r.Done) > 0 && errors.Is(interrupted(ctx, err), errInterrupted):
		// The reports extracted anew before stay so.
		return fmt.Errorf("interrupted after %d of the reports were extracted anew (above); the others are as they were", len(r.Done))
	default:
		return interrupted(ctx, err)
	}
	printReindexed(e, r.Last())
	if len(r.Failed) > 0 {
		return fmt.Errorf("%d of the reports could not be extracted anew; they are as they were", len(r.Failed))
	}
	return nil
}
