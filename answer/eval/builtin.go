package eval

import (
	_ "embed"
	"strings"
)

// The member-style question set, compiled in so that `reportbot bench`
// measures on a fresh machine with no files.
var (
	//go:embed testdata/guizhou-trade-union-2023/colloquial.tsv
	colloquialTSV string
	//go:embed testdata/guizhou-trade-union-2023/colloquial-negatives.txt
	colloquialNegatives string
)

// Builtin returns the project's own question set on the embedded report:
// questions phrased as members ask them, and questions it does not answer.
func Builtin() ([]Case, []string, error) {
	cases, err := ReadCases(strings.NewReader(colloquialTSV))
	if err != nil {
		return nil, nil, err
	}
	negatives, err := ReadNegatives(strings.NewReader(colloquialNegatives))
	return cases, negatives, err
}
