package main

import (
	"context"
	"flag"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store"
)

// storeFlags are the flags of every command that uses the data directory.
type storeFlags struct {
	data     string
	analyzer string
}

func (sf *storeFlags) register(fs *flag.FlagSet, e *env) {
	def := e.getenv("REPORTBOT_DATA")
	if def == "" {
		def = store.DefaultDir()
	}
	fs.StringVar(&sf.data, "data", def, "data directory holding reports and the index (env REPORTBOT_DATA)")
	fs.StringVar(&sf.analyzer, "analyzer", index.AnalyzerGse, "index analyzer: zh_gse, or cjk for the bleve baseline")
}

// open opens the data directory, building the index from the embedded
// report on first start.
func (sf *storeFlags) open(ctx context.Context) (*store.Store, *answer.Engine, error) {
	st, err := store.Open(ctx, sf.data, store.Options{Analyzer: sf.analyzer})
	if err != nil {
		return nil, nil, err
	}
	return st, answer.New(st.Searcher()), nil
}
