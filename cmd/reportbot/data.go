package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/adminsock"
)

// storeFlags are the flags of every command that uses the data directory.
type storeFlags struct {
	data        string
	analyzer    string
	lockTimeout time.Duration
	e           *env
}

func (sf *storeFlags) register(fs *flag.FlagSet, e *env) {
	sf.e = e
	def := e.getenv("REPORTBOT_DATA")
	if def == "" {
		def = store.DefaultDir()
	}
	fs.StringVar(&sf.data, "data", def, "data directory holding reports and the index (env REPORTBOT_DATA)")
	fs.StringVar(&sf.analyzer, "analyzer", index.AnalyzerGse, "index analyzer: zh_gse, or cjk for the bleve baseline")
	fs.DurationVar(&sf.lockTimeout, "lock-timeout", store.DefaultLockTimeout, "how long to wait while another process changes the data directory")
}

// pauseEnv names a point of a change at which the process stops (prints
// "paused at POINT" on stderr and sleeps): the crash tests kill it there.
const pauseEnv = "REPORTBOT_TEST_PAUSE"

func (sf *storeFlags) options(holder string, readOnly bool) store.Options {
	opt := store.Options{Analyzer: sf.analyzer, ReadOnly: readOnly, LockTimeout: sf.lockTimeout, Holder: holder}
	if opt.LockTimeout == 0 {
		opt.LockTimeout = -1 // --lock-timeout 0: do not wait
	}
	if point := sf.e.getenv(pauseEnv); point != "" {
		opt.Pause = func(p string) {
			if p != point {
				return
			}
			fmt.Fprintf(sf.e.stderr, "paused at %s\n", p)
			for {
				time.Sleep(time.Hour)
			}
		}
	}
	return opt
}

// open opens the data directory to answer and list: without its lock, from
// the live index (building it from the embedded report on first start).
func (sf *storeFlags) open(ctx context.Context) (*store.Store, *answer.Engine, error) {
	st, err := store.Open(ctx, sf.data, sf.options("reportbot", true))
	if err != nil {
		return nil, nil, err
	}
	sf.warn(st)
	return st, engineOn(st), nil
}

// engineOn is the answer engine on a store: its live index and the
// admins' synonyms in effect at each question.
func engineOn(st *store.Store) *answer.Engine {
	eng := answer.New(st.Searcher())
	eng.AdminSynonyms = st
	return eng
}

// openOwner opens the data directory for writing and holds its lock
// until the store is closed: the server's way.
func (sf *storeFlags) openOwner(ctx context.Context, holder string) (*store.Store, *answer.Engine, error) {
	st, err := store.Open(ctx, sf.data, sf.options(holder, false))
	if err != nil {
		return nil, nil, err
	}
	sf.warn(st)
	return st, engineOn(st), nil
}

// library is what the reports and reindex commands change reports through.
type library interface {
	Reports() ([]store.Meta, error)
	Add(ctx context.Context, name string, data []byte, opt store.AddOptions) (store.Meta, store.Stats, error)
	Remove(ctx context.Context, id string) (store.Stats, error)
	Reindex(ctx context.Context, progress func(done, total int)) (store.Stats, error)
}

// library is the server owning the data directory, through its socket,
// or else the directory itself under its lock. close ends it.
func (sf *storeFlags) library(ctx context.Context, holder string) (lib library, close func() error, err error) {
	c, err := adminsock.Dial(ctx, sf.data)
	if err == nil {
		return c, func() error { return nil }, nil
	}
	if !errors.Is(err, adminsock.ErrNoServer) {
		return nil, nil, err
	}
	st, _, err := sf.openOwner(ctx, holder)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Close, nil
}

// warn prints what the store found wrong and did not repair.
func (sf *storeFlags) warn(st *store.Store) {
	for _, p := range st.Problems() {
		fmt.Fprintf(sf.e.stderr, "reportbot: warning: %s\n", p)
	}
}
