package main

import (
	"context"
	"fmt"
)

// reindexCmd is reportbot reindex.
type reindexCmd struct {
	storeFlags
	Extract bool `help:"first extract every report kept with its original file anew, as reports add would today (after an upgrade that reads a format better); its ID, title and date added stay" option:""`
}

func (c *reindexCmd) Help() string {
	return "Rebuilds the index from the stored reports beside the live one and swaps it in. " +
		"With --extract, each report kept with its original file is first extracted anew from it, one at a time, " +
		"each change journaled as a replace is: a report is never lost, and one that fails to extract stays as it was."
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
		return err
	}
	fmt.Fprintf(e.stdout, "reindexed %d reports: %d passages, %d figures in %v\n", stats.Reports, stats.Passages, stats.Figures, stats.Took.Round(1e6))
	return nil
}

// reextractAll extracts every report kept with its original anew, then
// reindexes once more when none was (so the command always ends on a
// fresh index). It stops at the first failure: the reports before it are
// re-extracted, it and the rest are as they were.
func reextractAll(ctx context.Context, e *env, lib library) error {
	metas, err := lib.Reports()
	if err != nil {
		return err
	}
	done := 0
	for _, m := range metas {
		if m.Original == "" {
			fmt.Fprintf(e.stdout, "%s: kept as stored (no original file)\n", m.ID)
			continue
		}
		got, stats, err := lib.Reextract(ctx, m.ID, nil)
		if err != nil {
			return fmt.Errorf("%d of the reports re-extracted; %w", done, err)
		}
		done++
		fmt.Fprintf(e.stdout, "%s: extracted anew: %d passages, %d figures (were %d, %d); reindexed in %v\n",
			m.ID, got.Passages, got.Figures, m.Passages, m.Figures, stats.Took.Round(1e6))
	}
	if done == 0 {
		stats, err := lib.Reindex(ctx, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "reindexed %d reports: %d passages, %d figures in %v\n", stats.Reports, stats.Passages, stats.Figures, stats.Took.Round(1e6))
	}
	return nil
}
