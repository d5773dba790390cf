package index

import "context"

// SearchWithBleve runs Search with bleve's own query evaluation, as it
// ran before the postings tables, for tests outside the package.
func SearchWithBleve(ctx context.Context, ix *Index, terms []WeightedTerm, size int) ([]Hit, int, error) {
	return ix.searchWithBleve(ctx, terms, size)
}
