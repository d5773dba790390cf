// Command anchor is the no-effort program `reportbot bench` measures
// reportbot's cold start and memory against: bleve with its cjk analyzer,
// an in-memory index of the paragraphs of a file (one a line), one match
// query per question read from stdin, and the best paragraph printed.
//
// It is a program of its own, which reportbot bench builds with the Go
// toolchain, rather than a hidden reportbot command: inside reportbot's
// binary it would also pay for the initialisation of every package
// reportbot links (pinyin tables, extractors, the bot), and the anchor
// would be slower than what it stands for.
//
// Usage: anchor PARAGRAPHS < questions
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: anchor PARAGRAPHS < questions")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "anchor:", err)
		os.Exit(1)
	}
}

// run indexes the non-empty lines of the file paragraphs and prints, for
// each line of questions, the paragraph that best matches it (or an empty
// line).
func run(paragraphs string, questions io.Reader, out io.Writer) error {
	b, err := os.ReadFile(paragraphs)
	if err != nil {
		return err
	}
	var texts []string
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			texts = append(texts, line)
		}
	}
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = cjk.AnalyzerName
	ix, err := bleve.NewMemOnly(m)
	if err != nil {
		return err
	}
	defer ix.Close()
	batch := ix.NewBatch()
	for i, t := range texts {
		if err := batch.Index(strconv.Itoa(i), map[string]string{"text": t}); err != nil {
			return err
		}
	}
	if err := ix.Batch(batch); err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	sc := bufio.NewScanner(questions)
	for sc.Scan() {
		res, err := ix.Search(bleve.NewSearchRequestOptions(bleve.NewMatchQuery(sc.Text()), 1, 0, false))
		if err != nil {
			return err
		}
		best := ""
		if len(res.Hits) > 0 {
			if i, err := strconv.Atoi(res.Hits[0].ID); err == nil {
				best = texts[i]
			}
		}
		fmt.Fprintln(w, best)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return w.Flush()
}
