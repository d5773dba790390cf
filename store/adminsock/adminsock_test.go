package adminsock

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/corpus/extract"
	"github.com/reportbot/reportbot/store"
)

const planText = "2024年贵州省总工会工作要点\n\n1 服务职工\n\n全年计划新建职工驿站320个,为户外劳动者提供休息场所。\n\n全省工会将开展职工健康体检,覆盖一线职工12.5万人。\n"

func TestServeAndCall(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	if _, err := Dial(ctx, dir); !errors.Is(err, ErrNoServer) {
		t.Fatalf("Dial without a server: %v, want ErrNoServer", err)
	}
	st, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := &Server{Lib: st, MaxBytes: 1 << 20}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, dir) }()
	var c *Client
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err = Dial(ctx, dir); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server never answered: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v, %v; want 0600", fi.Mode(), err)
	}

	m, stats, err := c.Add(ctx, "plan-2024.txt", []byte(planText), store.AddOptions{})
	if err != nil || m.ID == "" || stats.Reports != 2 {
		t.Fatalf("Add = %+v %+v %v", m, stats, err)
	}
	// The server's own store sees it at once.
	if metas, _ := st.Reports(); len(metas) != 2 {
		t.Errorf("server's store has %d reports", len(metas))
	}
	if _, _, err := c.Add(ctx, "plan-2024.txt", []byte(planText), store.AddOptions{}); !errors.Is(err, store.ErrExists) {
		t.Errorf("second Add: %v, want ErrExists", err)
	}
	// Sent with a larger limit of the client's own: the server stops
	// reading, and says why rather than the client a broken pipe.
	if _, _, err := c.Add(ctx, "big.txt", make([]byte, 2<<20), store.AddOptions{MaxBytes: 4 << 20}); !errors.Is(err, extract.ErrTooLarge) ||
		!strings.Contains(err.Error(), "over the server's 1 MB limit") {
		t.Errorf("a file over the server's limit: %v", err)
	}
	if _, err := c.Remove(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Remove unknown: %v, want ErrNotFound", err)
	}
	if _, err := c.Reindex(ctx, nil); err != nil {
		t.Errorf("Reindex: %v", err)
	}
	// Just added, the report is extracted by this version already.
	if r, err := c.ReextractAll(ctx, nil); err != nil || len(r.Done) != 0 || len(r.Current) != 1 || r.Current[0] != m.ID ||
		len(r.Kept) != 1 || r.Kept[0] != corpus.DefaultReportID || r.Last().Reports != 2 {
		t.Errorf("ReextractAll = %+v, %v", r, err)
	}
	if _, err := c.Remove(ctx, m.ID); err != nil {
		t.Errorf("Remove: %v", err)
	}
	metas, err := c.Reports()
	if err != nil || len(metas) != 1 {
		t.Errorf("Reports = %d, %v", len(metas), err)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !os.IsNotExist(err) {
		t.Errorf("socket left after Serve: %v", err)
	}
}

// TestSilentClientDoesNotHoldShutdown connects and sends nothing: the
// server still stops when asked.
func TestSilentClientDoesNotHoldShutdown(t *testing.T) {
	// The pause lets the handler start reading.
	stopBeside(t, &Server{Lib: nil, MaxBytes: 1 << 20}, "", 50*time.Millisecond, "a client said nothing")
}

// stopBeside serves srv, connects a raw client that sends send (perhaps
// nothing) and reads nothing, stops the server after settle and fails t
// unless Serve returns within ten seconds: while says what the client did.
func stopBeside(t *testing.T, srv *Server, send string, settle time.Duration, while string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, dir) }()
	var conn net.Conn
	var err error
	for deadline := time.Now().Add(10 * time.Second); ; {
		if conn, err = net.Dial("unix", filepath.Join(dir, FileName)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	defer conn.Close()
	if send != "" {
		if _, err := conn.Write([]byte(send)); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(settle)
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("Serve did not stop while %s", while)
	}
}

// manyReports is a library listing more reports than a socket's buffers
// hold in one answer.
type manyReports struct{ Library }

func (manyReports) Reports() ([]store.Meta, error) {
	metas := make([]store.Meta, 20000)
	for i := range metas {
		metas[i] = store.Meta{ID: fmt.Sprintf("report-%05d", i), Title: strings.Repeat("报告", 40)}
	}
	return metas, nil
}

// A client that asks for the list and never reads the answer does not
// hold a stopping server: the handler blocked writing is hung up on.
func TestUnreadAnswerDoesNotHoldShutdown(t *testing.T) {
	// The pause lets the handler fill the socket and block.
	stopBeside(t, &Server{Lib: manyReports{}, MaxBytes: 1 << 20}, `{"op":"list"}`+"\n", 200*time.Millisecond, "a client left its answer unread")
}

// stoppedMidway is a library whose re-extraction stops at a failed
// rebuild after extracting one report anew.
type stoppedMidway struct{ *store.Store }

func (stoppedMidway) ReextractAll(ctx context.Context, _ func(done, total int)) (store.Reextracted, error) {
	return store.Reextracted{Done: []store.Meta{{ID: "plan-2024"}}, Kept: []string{corpus.DefaultReportID}},
		fmt.Errorf("1 of 2 reports extracted anew, then other: %w", store.ErrTooLong)
}

// TestReextractStoppedMidway: what a re-extraction did before it stopped
// crosses the socket with its error.
func TestReextractStoppedMidway(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() }) // after the server stops (serve's cleanup)
	c := serve(t, &Server{Lib: stoppedMidway{st}, MaxBytes: 1 << 20})
	r, err := c.ReextractAll(ctx, nil)
	if !errors.Is(err, store.ErrTooLong) || len(r.Done) != 1 || r.Done[0].ID != "plan-2024" || len(r.Kept) != 1 {
		t.Errorf("ReextractAll = %+v, %v; want what was done and ErrTooLong", r, err)
	}
}

// TestLongDirectoryPath: <dir>/admin.sock longer than a unix socket's
// address holds (108 bytes). Without a server, Dial says ErrNoServer (the
// command then takes the lock) rather than failing with EINVAL; on Linux
// the server listens, and clients reach it, through a descriptor of the
// directory.
func TestLongDirectoryPath(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 60), strings.Repeat("e", 40))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if n := len(filepath.Join(dir, FileName)); n <= 108 {
		t.Fatalf("socket path of %d bytes: not long enough", n)
	}
	if _, err := Dial(ctx, dir); !errors.Is(err, ErrNoServer) {
		t.Fatalf("Dial without a server: %v, want ErrNoServer", err)
	}
	if _, err := Dial(ctx, filepath.Join(dir, strings.Repeat("f", 200))); !errors.Is(err, ErrNoServer) {
		t.Errorf("Dial on a missing directory of a long path: %v, want ErrNoServer", err)
	}
	if runtime.GOOS != "linux" {
		t.Skip("the server listens on such a path only on Linux")
	}
	st, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	served := make(chan error, 1)
	go func() { served <- (&Server{Lib: st, MaxBytes: 1 << 20}).Serve(ctx, dir) }()
	var c *Client
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err = Dial(ctx, dir); err == nil {
			break
		}
		select {
		case err := <-served:
			t.Fatalf("Serve: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server never answered: %v", err)
		}
	}
	if metas, err := c.Reports(); err != nil || len(metas) != 1 {
		t.Errorf("Reports = %d, %v", len(metas), err)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket left behind: %v", err)
	}
}

// slowAdd is a library whose Add runs until its context ends, as a long
// indexing does, and then fails as the store's rolled-back change does.
type slowAdd struct {
	Library
	started chan struct{}
	ended   chan struct{}
	fail    error // what Add fails with once its context ends; nil: the context's error
}

func newSlowAdd() *slowAdd { return &slowAdd{started: make(chan struct{}), ended: make(chan struct{})} }

func (a *slowAdd) Add(ctx context.Context, _ string, _ []byte, _ store.AddOptions) (store.Meta, store.Stats, error) {
	close(a.started)
	<-ctx.Done()
	close(a.ended)
	if a.fail != nil {
		return store.Meta{}, store.Stats{}, a.fail
	}
	return store.Meta{}, store.Stats{}, fmt.Errorf("build index: %w", ctx.Err())
}

// TestClientHangUpEndsTheChange: a command interrupted while the server
// makes its change is told it failed, so the server must not go on with
// it: the change's context ends when the client hangs up (it went on, and
// the report the user was told failed was added), and the client returns
// once the server has rolled it back, as it would without a server.
func TestClientHangUpEndsTheChange(t *testing.T) {
	lib := newSlowAdd()
	c := serve(t, &Server{Lib: lib, MaxBytes: 1 << 20})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	added := make(chan error, 1)
	go func() {
		_, _, err := c.Add(ctx, "plan.txt", []byte(planText), store.AddOptions{})
		added <- err
	}()
	<-lib.started
	cancel() // Ctrl-C
	select {
	case err := <-added:
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "context canceled") {
			t.Errorf("interrupted Add: %v, want the change's context canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server's change still runs 10s after the client hung up")
	}
	select {
	case <-lib.ended:
	default:
		t.Error("the interrupted client returned before the server's change ended")
	}
}

// TestClientHangUpRollbackFailed: a change the client's interruption cut
// short whose rollback failed is told as not undone (store.ErrNotUndone),
// not as cancelled, which the CLI would report as "nothing changed".
func TestClientHangUpRollbackFailed(t *testing.T) {
	lib := newSlowAdd()
	lib.fail = errors.Join(fmt.Errorf("build index: %w", context.Canceled), fmt.Errorf("undo add of plan: I/O error: %w", store.ErrNotUndone))
	c := serve(t, &Server{Lib: lib, MaxBytes: 1 << 20})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	added := make(chan error, 1)
	go func() {
		_, _, err := c.Add(ctx, "plan.txt", []byte(planText), store.AddOptions{})
		added <- err
	}()
	<-lib.started
	cancel()
	if err := <-added; !errors.Is(err, store.ErrNotUndone) || errors.Is(err, context.Canceled) {
		t.Errorf("interrupted Add whose rollback failed: %v, want ErrNotUndone and not context.Canceled", err)
	}
}

// slowReextract is a library whose re-extraction extracts one report
// anew, then runs until its context ends and stops there, as
// store.ReextractAll does: the report done stays extracted anew.
type slowReextract struct {
	Library
	started chan struct{}
}

func (s *slowReextract) ReextractAll(ctx context.Context, _ func(done, total int)) (store.Reextracted, error) {
	close(s.started)
	<-ctx.Done()
	return store.Reextracted{Done: []store.Meta{{ID: "plan-2024"}}, Kept: []string{corpus.DefaultReportID}},
		fmt.Errorf("1 of 2 reports extracted anew, then build index: %w", ctx.Err())
}

// TestServerStoppingMidChange: a server stopped while it makes a change
// rolls it back and tells the client so, rather than hanging up (the
// client read "no answer from the server: EOF"). It says "rolled back"
// only of a change the stop cut short: not of another failure met
// meanwhile, nor of a re-extraction, which keeps the reports it
// extracted anew (it said "change rolled back" of both).
func TestServerStoppingMidChange(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fail  error // what the slow Add fails with; nil: the stop's cancellation
		reext bool
		want  string // the client's error, whole
	}{
		{name: "add", want: "server stopping: change rolled back (build index: context canceled)"},
		{name: "add failing otherwise", fail: errors.New("disk full"), want: "disk full"},
		{name: "re-extraction", reext: true,
			want: "server stopping: re-extraction stopped after 1 report(s) extracted anew, which stay so (1 of 2 reports extracted anew, then build index: context canceled)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			add := newSlowAdd()
			add.fail = tc.fail
			reext := &slowReextract{Library: add, started: make(chan struct{})}
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			dir := t.TempDir()
			served := make(chan error, 1)
			go func() { served <- (&Server{Lib: reext, MaxBytes: 1 << 20}).Serve(ctx, dir) }()
			var c *Client
			var err error
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				if c, err = Dial(context.Background(), dir); err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal(err)
				}
			}
			done := make(chan error, 1)
			var r store.Reextracted
			started := add.started
			if tc.reext {
				started = reext.started
				go func() {
					var err error
					r, err = c.ReextractAll(context.Background(), nil)
					done <- err
				}()
			} else {
				go func() {
					_, _, err := c.Add(context.Background(), "plan.txt", []byte(planText), store.AddOptions{})
					done <- err
				}()
			}
			<-started
			stop() // SIGTERM to serve
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("no answer 10s after the server was stopped")
			}
			if err == nil || err.Error() != tc.want {
				t.Errorf("while the server stops: %v, want %q", err, tc.want)
			}
			if tc.reext && len(r.Done) != 1 {
				t.Errorf("re-extraction cut short: %+v, want the report it did", r)
			}
			if err := <-served; err != nil {
				t.Errorf("Serve: %v", err)
			}
		})
	}
}

// TestStopAnswersEveryTime: a server stopped mid-change always answers
// that it rolled the change back. Its stop hung up on the connection
// while the answer was written, in a goroutine of its own racing the
// write: the client was often told "no answer from the server: EOF"
// (under -race within a few stops), not knowing what became of its change.
func TestStopAnswersEveryTime(t *testing.T) {
	const want = "server stopping: change rolled back (build index: context canceled)"
	for i := range 40 {
		add := newSlowAdd()
		ctx, stop := context.WithCancel(context.Background())
		dir := t.TempDir()
		served := make(chan error, 1)
		go func() { served <- (&Server{Lib: add, MaxBytes: 1 << 20}).Serve(ctx, dir) }()
		var c *Client
		var err error
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if c, err = Dial(context.Background(), dir); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal(err)
			}
		}
		done := make(chan error, 1)
		go func() {
			_, _, err := c.Add(context.Background(), "plan.txt", []byte(planText), store.AddOptions{})
			done <- err
		}()
		<-add.started
		stop()
		if err := <-done; err == nil || err.Error() != want {
			t.Fatalf("stop %d: %v, want %q", i+1, err, want)
		}
		if err := <-served; err != nil {
			t.Fatalf("Serve: %v", err)
		}
	}
}
