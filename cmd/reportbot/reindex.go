package main

import (
	"context"
	"fmt"
)

// reindexCmd is reportbot reindex.
type reindexCmd struct {
	storeFlags
}

func (c *reindexCmd) Help() string {
	return "Rebuilds the index from the stored reports beside the live one and swaps it in."
}

func (c *reindexCmd) Run(ctx context.Context, e *env) error {
	lib, closeLib, err := c.library(ctx, e, "reportbot reindex")
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
