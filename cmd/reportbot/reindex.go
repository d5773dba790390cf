package main

import (
	"context"
	"fmt"
)

func runReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reindex", "", "Rebuilds the index from the stored reports beside the live one and swaps it in.")
	var sf storeFlags
	sf.register(fs, e)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	lib, closeLib, err := sf.library(ctx, "reportbot reindex")
	if err != nil {
		return err
	}
	defer closeLib()
	stats, err := lib.Reindex(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "reindexed %d reports: %d passages, %d figures in %v\n", stats.Reports, stats.Passages, stats.Figures, stats.Took.Round(1e6))
	return nil
}
