package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/alecthomas/kong"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/adminsock"
	"github.com/reportbot/reportbot/store/dirlock"
)

// storeFlags are the settings of every command that uses the data
// directory.
type storeFlags struct {
	Data        string        `help:"data directory holding reports and the index" default:"${data_dir}" type:"datadir" envvar:"REPORTBOT_DATA" setting:"data directory" placeholder:"DIR"`
	Analyzer    analyzerName  `help:"index analyzer: zh_gse, or cjk for the bleve baseline; a command that changes the data directory, given none, keeps the one its index was built with" default:"${analyzer}" envvar:"REPORTBOT_ANALYZER" setting:"index analyzer" placeholder:"NAME"`
	LockTimeout time.Duration `help:"how long to wait while another process changes the data directory (0: do not wait)" default:"${lock_timeout}" envvar:"REPORTBOT_LOCK_TIMEOUT" setting:"lock wait"`

	// analyzerGiven is whether --analyzer or REPORTBOT_ANALYZER was given
	// (AfterApply), not the default taken.
	analyzerGiven bool
}

// AfterApply notes whether the analyzer was given: kong calls it once the
// command line and the environment are read. Only a flag or variable
// kong read shows in the parse path; a default does not.
func (sf *storeFlags) AfterApply(kctx *kong.Context) error {
	for _, p := range kctx.Path {
		if p.Flag != nil && p.Flag.Target.Addr().Interface() == &sf.Analyzer {
			sf.analyzerGiven = true
		}
	}
	return nil
}

// pauseEnv names a point of a change at which the process stops (prints
// "paused at POINT" on stderr and sleeps): the crash tests kill it there.
const pauseEnv = "REPORTBOT_TEST_PAUSE"

func (sf *storeFlags) options(e *env, holder string, readOnly bool) store.Options {
	opt := store.Options{Analyzer: string(sf.Analyzer), ReadOnly: readOnly, LockTimeout: sf.LockTimeout, Holder: holder}
	// A command that may change the directory keeps the analyzer its index
	// was built with unless one is given: the deployment chose it (reindex
	// --analyzer cjk), and an add with the default would silently rebuild
	// it with zh_gse. A reader given none still fails on a mismatch with
	// analyzerHint's advice, as it rebuilds nothing.
	opt.KeepAnalyzer = !readOnly && !sf.analyzerGiven
	if readOnly {
		opt.MayRepair = func() error { return readerMayWrite(sf.Data) }
	}
	if opt.LockTimeout == 0 {
		opt.LockTimeout = -1 // --lock-timeout 0: do not wait
	}
	if point := e.getenv(pauseEnv); point != "" {
		opt.Pause = func(p string) {
			if p != point {
				return
			}
			fmt.Fprintf(e.stderr, "paused at %s\n", p)
			for {
				time.Sleep(time.Hour)
			}
		}
	}
	return opt
}

// open opens the data directory to answer and list: without its lock, from
// the live index (building it from the embedded report on first start,
// repairing it when it does not match the reports, in a directory this
// process's user may write: readerMayWrite).
func (sf *storeFlags) open(ctx context.Context, e *env) (*store.Store, *answer.Engine, error) {
	if err := checkDataDir(sf.Data, false); err != nil {
		return nil, nil, err
	}
	st, err := store.Open(ctx, sf.Data, sf.options(e, "reportbot", true))
	if err != nil {
		return nil, nil, analyzerHint(err)
	}
	warn(e, st)
	return st, engineOn(st), nil
}

// analyzerHint says what to do about an index a reader found built with
// another analyzer: a reader does not rebuild it.
func analyzerHint(err error) error {
	if ae := (*store.AnalyzerError)(nil); errors.As(err, &ae) {
		return fmt.Errorf("%w: set --analyzer (REPORTBOT_ANALYZER) to %s, or rebuild it with reindex --analyzer %s", err, ae.Built, ae.Want)
	}
	return err
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
func (sf *storeFlags) openOwner(ctx context.Context, e *env, holder string) (*store.Store, *answer.Engine, error) {
	if err := checkDataDir(sf.Data, true); err != nil {
		return nil, nil, err
	}
	return sf.openLocked(ctx, e, holder, sf.LockTimeout)
}

// openLocked opens the checked data directory for writing, waiting at
// most wait for its lock (0: not at all).
func (sf *storeFlags) openLocked(ctx context.Context, e *env, holder string, wait time.Duration) (*store.Store, *answer.Engine, error) {
	opt := sf.options(e, holder, false)
	opt.LockTimeout = wait
	if wait <= 0 {
		opt.LockTimeout = -1 // do not wait
	}
	st, err := store.Open(ctx, sf.Data, opt)
	if err != nil {
		return nil, nil, err
	}
	warn(e, st)
	return st, engineOn(st), nil
}

// library is what the reports and reindex commands change reports through.
type library interface {
	Reports() ([]store.Meta, error)
	Add(ctx context.Context, name string, data []byte, opt store.AddOptions) (store.Meta, store.Stats, error)
	Remove(ctx context.Context, id string) (store.Stats, error)
	Reindex(ctx context.Context, progress func(done, total int)) (store.Stats, error)
	ReextractAll(ctx context.Context, progress func(done, total int)) (store.Reextracted, error)
}

// errInterrupted is a change cut short by a signal (Ctrl-C) and rolled
// back: the data directory is as it was.
var errInterrupted = errors.New("interrupted; nothing changed")

// interrupted is the error of a change of reports (Add, Remove, Reindex),
// errInterrupted in place of the context's own when ctx was cancelled and
// cut the change short: the store rolls back a change that failed, as
// serve does one whose command hangs up, and says when it could not
// (store.ErrNotUndone), which err then says.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) && !errors.Is(err, store.ErrNotUndone) {
		return errInterrupted
	}
	return err
}

// library is the server owning the data directory, through its socket,
// or else the directory itself under its lock. close ends it.
func (sf *storeFlags) library(ctx context.Context, e *env, holder string) (lib library, close func() error, err error) {
	c, st, _, err := sf.serverOrOwner(ctx, e, holder)
	switch {
	case err != nil:
		return nil, nil, err
	case c != nil:
		return c, func() error { return nil }, nil
	}
	return st, st.Close, nil
}

// serverOrOwner is the server owning the data directory, through its
// socket (c), or else the directory itself opened under its lock (st).
// A starting serve holds the lock before its socket is up (while it
// repairs the directory or builds its first index), and then for its
// whole life: so the wait for the lock (--lock-timeout) looks for the
// socket too, and a command asked during the start goes through it.
func (sf *storeFlags) serverOrOwner(ctx context.Context, e *env, holder string) (c *adminsock.Client, st *store.Store, eng *answer.Engine, err error) {
	if err := checkDataDir(sf.Data, false); err != nil {
		return nil, nil, nil, err
	}
	checked := false
	// Waiting, it looks for the server's socket between tries.
	err = dirlock.WhileBusy(ctx, sf.LockTimeout, dirlock.Recheck, func(wait time.Duration) error {
		var err error
		if c, err = adminsock.Dial(ctx, sf.Data); err == nil || !errors.Is(err, adminsock.ErrNoServer) {
			return err
		}
		if !checked {
			if err := checkDataDir(sf.Data, true); err != nil {
				return err
			}
			checked = true
		}
		st, eng, err = sf.openLocked(ctx, e, holder, wait)
		return err
	})
	if c != nil || err != nil {
		return c, nil, nil, err
	}
	return nil, st, eng, nil
}

// warn prints what the store found wrong and did not repair.
func warn(e *env, st *store.Store) {
	for _, p := range st.Problems() {
		fmt.Fprintf(e.stderr, "reportbot: warning: %s\n", p)
	}
}

// checkDataDir refuses, in one line naming it, a data directory that is
// a file, and for a writer one it cannot create or write: the store
// would fail later with the first path it tried (mkdir …/reports), and a
// container running as a non-root user on a root-owned volume is the
// usual cause, so the message names the user.
func checkDataDir(dir string, write bool) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && !fi.IsDir():
		return fmt.Errorf("data directory %s is not a directory", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist): // a parent is a file, or cannot be searched
		return fmt.Errorf("data directory %s: %s", dir, cause(err))
	}
	if !write {
		return nil // a reader creates nothing unless it must repair: readerMayWrite
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create data directory %s (%s)", dir, cause(err))
	}
	if err := checkOwner(dir); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("data directory %s cannot be written (%s): give it a writable directory", dir, cause(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// checkOwner refuses to write a data directory another user owns (root
// aside): what this process writes (0600 and 0700, as its own) the owner,
// the service, could not read, and would skip. Root running the CLI on
// the service's directory is the usual case.
func checkOwner(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data directory %s: %s", dir, cause(err))
	}
	owner, ok := fileOwner(fi)
	if euid := os.Geteuid(); ok && euid >= 0 && owner != euid && owner != 0 {
		return fmt.Errorf("data directory %s belongs to user %d, not to this process's user %d: "+
			"run the command as user %d, or with serve running, so the files stay the owner's", dir, owner, euid, owner)
	}
	return nil
}

// readerMayWrite is asked before a reader writes the data directory (takes
// its lock, repairs it, builds the first index): as for a writer, not
// another user's (checkOwner). A missing directory the reader creates is
// its own.
func readerMayWrite(dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return checkOwner(dir)
}

// cause is what the system said, without the path; a refused permission
// names the user the process runs as.
func cause(err error) string {
	msg := err.Error()
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	if uid := os.Getuid(); errors.Is(err, fs.ErrPermission) && uid >= 0 {
		msg += fmt.Sprintf(" for user %d", uid)
	}
	return msg
}
