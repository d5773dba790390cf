// Package adminsock lets CLI commands change a data directory that a
// running server owns: the server listens on a unix socket in the
// directory (owner-only), and a command sends it one JSON request per
// connection and reads one JSON response. The server makes the change
// with its own store, so the bot answers from an added report at once.
package adminsock

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/reportbot/reportbot/corpus/extract"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/synfile"
)

// FileName is the socket's name in the data directory.
const FileName = "admin.sock"

// Library is what the socket serves: the data directory's store.
type Library interface {
	Reports() ([]store.Meta, error)
	Add(ctx context.Context, name string, data []byte, opt store.AddOptions) (store.Meta, store.Stats, error)
	Remove(ctx context.Context, id string) (store.Stats, error)
	Reindex(ctx context.Context, progress func(done, total int)) (store.Stats, error)
	ReextractAll(ctx context.Context, progress func(done, total int)) (store.Reextracted, error)
}

// Operations of a request.
const (
	opList    = "list"
	opAdd     = "add"
	opRemove  = "remove"
	opReindex = "reindex"
	// opReextract extracts the reports another version extracted anew.
	opReextract = "reextract"
)

// request is one command sent to the server.
type request struct {
	Op       string `json:"op"`
	Name     string `json:"name,omitempty"`
	Data     []byte `json:"data,omitempty"`
	Title    string `json:"title,omitempty"`
	Replace  bool   `json:"replace,omitempty"`
	MaxBytes int64  `json:"max_bytes,omitempty"`
	ID       string `json:"id,omitempty"`
	teachRequest
}

// response is the server's answer. Kind names the store error an Error
// wraps, so the client can give errors.Is the same answer.
type response struct {
	Error string       `json:"error,omitempty"`
	Kind  string       `json:"kind,omitempty"`
	Meta  *store.Meta  `json:"meta,omitempty"`
	Metas []store.Meta `json:"metas,omitempty"`
	Stats *store.Stats `json:"stats,omitempty"`
	// Reextracted answers opReextract.
	Reextracted *store.Reextracted `json:"reextracted,omitempty"`
	teachResponse
}

// kinds are the store errors that cross the socket.
var kinds = map[string]error{
	"exists":      store.ErrExists,
	"busy":        store.ErrBusy,
	"not-found":   store.ErrNotFound,
	"no-original": store.ErrNoOriginal,
	"read-only":   store.ErrReadOnly,
	"too-long":    store.ErrTooLong,
	"too-large":   extract.ErrTooLarge,
	"bad-title":   store.ErrBadTitle,
	// A change the client's interruption cut short and rolled back, and
	// one whose rollback failed (which is also cut short: it wins).
	"canceled":   context.Canceled,
	"not-undone": store.ErrNotUndone,
	// The admins' synonyms (teach.go).
	"synonym-exists": store.ErrSynonymExists,
	"bad-rule":       synfile.ErrBadRule,
	"synonyms-full":  store.ErrSynonymsFull,
}

// Server serves a Library on a data directory's socket.
type Server struct {
	// Lib is the store the requests change.
	Lib Library
	// MaxBytes is the largest report file accepted (the server's upload limit).
	MaxBytes int64
	// Log receives one line per request.
	Log *slog.Logger
	// Teach, if set, serves the admins' synonyms and dismissals (teach.go).
	Teach Teacher

	// changing serialises the socket's changes: two commands sent at
	// once queue as they would on the lock, rather than the second being
	// told the store is busy.
	changing sync.Mutex
}

// requestOverhead is what a request holds beside the file: JSON and the
// base64 encoding's third.
const requestOverhead = 64 << 10

// Serve listens on dir's socket until ctx is done. The caller must hold
// the directory's lock: a socket file already there is a dead server's
// and is replaced. The socket is made under a temporary name, given
// owner-only permissions and only then renamed into place, so no other
// user ever finds it open.
func (s *Server) Serve(ctx context.Context, dir string) error {
	path := filepath.Join(dir, FileName)
	tmpName := ".admin-" + strconv.Itoa(os.Getpid()) + ".sock"
	tmp := filepath.Join(dir, tmpName)
	os.Remove(tmp)
	addr, release := sockAddr(dir, tmpName)
	l, err := net.Listen("unix", addr)
	release()
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	ul := l.(*net.UnixListener)
	ul.SetUnlinkOnClose(false) // it is renamed; removed below
	if err := os.Chmod(tmp, 0o600); err != nil {
		l.Close()
		os.Remove(tmp)
		return fmt.Errorf("admin socket: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		l.Close()
		os.Remove(tmp)
		return fmt.Errorf("admin socket: %w", err)
	}
	var wg sync.WaitGroup
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	defer func() {
		os.Remove(path)
		wg.Wait()
	}()
	for {
		conn, err := ul.AcceptUnix()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("admin socket: %w", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer conn.Close()
			s.handle(ctx, conn)
		}()
	}
}

// readTimeout bounds reading a request: a local client sends even a
// 20 MB report in well under a second, and a client that connects and
// says nothing must not hold a handler (and the server's shutdown).
const readTimeout = 30 * time.Second

// handle answers one request. The change it asks for ends with the
// client: one that hangs up (interrupted, and told the change failed)
// has it rolled back, as it would be without the server. A server
// stopping mid-change rolls it back and says so (stopped).
func (s *Server) handle(ctx context.Context, conn *net.UnixConn) {
	// Until the request is read, a stopping server hangs up.
	stopReading := context.AfterFunc(ctx, func() { conn.Close() })
	defer stopReading()
	conn.SetReadDeadline(time.Now().Add(readTimeout))
	var resp response
	if err := checkPeer(conn); err != nil {
		resp.Error = err.Error()
		json.NewEncoder(conn).Encode(resp)
		return
	}
	var req request
	limit := s.MaxBytes*4/3 + requestOverhead
	body := &io.LimitedReader{R: conn, N: limit}
	if err := json.NewDecoder(body).Decode(&req); err != nil {
		resp.Error = fmt.Sprintf("bad request (at most %d bytes of JSON): %v", limit, err)
		if body.N <= 0 {
			// A client with a larger --max-upload-mb than the server's
			// sent a file the server would refuse anyway.
			resp.Error = fmt.Sprintf("%v: over the server's %d MB limit (serve's --max-upload-mb)", extract.ErrTooLarge, s.MaxBytes>>20)
			resp.Kind = "too-large"
		}
		json.NewEncoder(conn).Encode(resp)
		return
	}
	if !stopReading() {
		return // the server is stopping: the connection is closed
	}
	conn.SetReadDeadline(time.Time{}) // a change takes as long as it takes
	reqCtx, hungUp := context.WithCancel(ctx)
	defer hungUp()
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		watchHangUp(conn)
		hungUp()
	}()
	defer func() {
		conn.CloseRead() // ends watchHangUp's read
		<-watched
	}()
	start := time.Now()
	err := s.do(reqCtx, req, &resp)
	if err != nil {
		resp.Error = stopped(ctx, req.Op, err, resp.Reextracted)
		for k, e := range kinds {
			if errors.Is(err, e) {
				resp.Kind = k
			}
		}
		if errors.Is(err, store.ErrNotUndone) {
			resp.Kind = "not-undone" // not "canceled": the change is not undone
		}
	}
	if s.Log != nil {
		s.Log.Info("admin socket", "op", req.Op, "name", req.Name, "id", req.ID, "took", time.Since(start), "error", resp.Error)
	}
	// A client that does not read its answer holds neither this handler
	// nor a stopping server: the write has a deadline, which a stop cuts
	// short. (A stop hung up instead, racing the write of the answer to
	// the change it had itself cut short.)
	conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	stopWriting := context.AfterFunc(ctx, func() { conn.SetWriteDeadline(time.Now().Add(stopWriteTimeout)) })
	defer stopWriting()
	json.NewEncoder(conn).Encode(resp)
}

// writeTimeout bounds writing an answer: a local client reads even a long
// report list at once.
const writeTimeout = 30 * time.Second

// stopWriteTimeout bounds writing an answer once the server stops: a
// client reading its answer has it in the socket's buffer at once.
const stopWriteTimeout = time.Second

// stopped is the error a client is told: when the server's stop cut the
// change short (err wraps the context's cancellation, not another
// failure met meanwhile, nor a failed rollback), it says so, and what
// became of the change. A re-extraction keeps the reports it extracted
// anew before the stop, so it is not "rolled back".
func stopped(ctx context.Context, op string, err error, r *store.Reextracted) string {
	if ctx.Err() == nil || op == opList || !errors.Is(err, context.Canceled) || errors.Is(err, store.ErrNotUndone) {
		return err.Error()
	}
	if op == opReextract && r != nil {
		return fmt.Sprintf("server stopping: re-extraction stopped after %d report(s) extracted anew, which stay so (%v)", len(r.Done), err)
	}
	return fmt.Sprintf("server stopping: change rolled back (%v)", err)
}

// watchHangUp returns once the client has hung up (or the connection is
// shut for reading): a client sends nothing after its request but waits
// for the answer.
func watchHangUp(conn *net.UnixConn) {
	buf := make([]byte, 64)
	for {
		if _, err := conn.Read(buf); err != nil {
			return
		}
	}
}

func (s *Server) do(ctx context.Context, req request, resp *response) error {
	if req.Op != opList {
		s.changing.Lock()
		defer s.changing.Unlock()
	}
	if handled, err := s.teach(ctx, req, resp); handled {
		return err
	}
	switch req.Op {
	case opList:
		metas, err := s.Lib.Reports()
		resp.Metas = metas
		return err
	case opAdd:
		maxBytes := s.MaxBytes
		if req.MaxBytes > 0 && req.MaxBytes < maxBytes {
			maxBytes = req.MaxBytes
		}
		m, st, err := s.Lib.Add(ctx, req.Name, req.Data, store.AddOptions{Title: req.Title, Replace: req.Replace, MaxBytes: maxBytes})
		if err == nil {
			resp.Meta, resp.Stats = &m, &st
		}
		return err
	case opRemove:
		st, err := s.Lib.Remove(ctx, req.ID)
		if err == nil {
			resp.Stats = &st
		}
		return err
	case opReindex:
		st, err := s.Lib.Reindex(ctx, nil)
		if err == nil {
			resp.Stats = &st
		}
		return err
	case opReextract:
		// What it did goes back with an error too: the reports it
		// extracted anew before stopping stay so.
		r, err := s.Lib.ReextractAll(ctx, nil)
		resp.Reextracted = &r
		return err
	}
	return fmt.Errorf("unknown operation %q", req.Op)
}

// ErrNoServer is returned by Dial when no server owns the directory.
var ErrNoServer = errors.New("no server on the data directory")

// dialTimeout bounds connecting: a live server accepts at once.
const dialTimeout = 2 * time.Second

// rollbackWait bounds how long an interrupted client waits for the
// server to roll its change back and answer.
const rollbackWait = 30 * time.Second

// Client sends requests to the server owning a data directory. It
// implements Library.
type Client struct {
	dir string
}

// Dial checks that a server owns dir and answers. It returns ErrNoServer
// when there is no socket or nobody listens on it (a dead server's), or
// when the socket's path is too long to reach (no server can listen on
// it either).
func Dial(ctx context.Context, dir string) (*Client, error) {
	c := &Client{dir: dir}
	conn, err := c.dial(ctx)
	if err != nil {
		return nil, err
	}
	conn.Close()
	return c, nil
}

func (c *Client) dial(ctx context.Context) (net.Conn, error) {
	d := net.Dialer{Timeout: dialTimeout}
	addr, release := sockAddr(c.dir, FileName)
	defer release()
	conn, err := d.DialContext(ctx, "unix", addr)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ECONNREFUSED) ||
			errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENAMETOOLONG) {
			return nil, fmt.Errorf("%w: %v", ErrNoServer, err)
		}
		return nil, fmt.Errorf("admin socket: %w", err)
	}
	return conn, nil
}

// maxSockPath is the longest path a unix socket's address holds: sun_path
// is 108 bytes on Linux, 104 on the BSDs, with its terminating NUL.
const maxSockPath = 103

// sockAddr is the address to bind or dial the socket name in dir by.
// A path too long for a socket's address (a data directory of some 90
// bytes or more) is reached, on Linux, through a descriptor of dir:
// /proc/self/fd/N/name, which release closes once bound or connected.
// Elsewhere, or when dir cannot be opened, it is the path itself, which
// then fails with EINVAL.
func sockAddr(dir, name string) (addr string, release func()) {
	path := filepath.Join(dir, name)
	if len(path) <= maxSockPath || runtime.GOOS != "linux" {
		return path, func() {}
	}
	f, err := os.Open(dir)
	if err != nil {
		return path, func() {}
	}
	short := fmt.Sprintf("/proc/self/fd/%d/%s", f.Fd(), name)
	if _, err := os.Stat(filepath.Dir(short)); err != nil { // no /proc
		f.Close()
		return path, func() {}
	}
	return short, func() { f.Close() }
}

// call sends one request and reads the response.
func (c *Client) call(ctx context.Context, req request) (response, error) {
	conn, err := c.dial(ctx)
	if err != nil {
		return response{}, err
	}
	defer conn.Close()
	// Interrupted, the client tells the server by closing its side, and
	// waits for the answer the server gives once it has rolled the change
	// back: then, as without a server, the command exits with the
	// directory as it was.
	stop := context.AfterFunc(ctx, func() {
		conn.(*net.UnixConn).CloseWrite()
		conn.SetDeadline(time.Now().Add(rollbackWait))
	})
	defer stop()
	w := bufio.NewWriter(conn)
	sendErr := json.NewEncoder(w).Encode(req)
	if sendErr == nil {
		sendErr = w.Flush()
	}
	// A server that refuses a request before reading it all (one over
	// its size limit) answers and hangs up: its answer, read even after
	// a failed write, says why better than the broken pipe.
	var resp response
	if err := json.NewDecoder(conn).Decode(&resp); err != nil || ctx.Err() != nil && sendErr != nil {
		switch {
		case ctx.Err() != nil && sendErr != nil: // the request cut short: no change was made
			return response{}, ctx.Err()
		case ctx.Err() != nil:
			// Not ctx's error: the change may have been made, or not.
			return response{}, fmt.Errorf("admin socket: interrupted, and the server did not say what became of the change (%v)", err)
		case sendErr != nil:
			return response{}, fmt.Errorf("admin socket: %w", sendErr)
		}
		return response{}, fmt.Errorf("admin socket: no answer from the server: %w", err)
	}
	if resp.Error != "" {
		return resp, &remoteError{msg: resp.Error, kind: kinds[resp.Kind]}
	}
	return resp, nil
}

// remoteError is an error the server returned: its message, wrapping the
// store error it wrapped there.
type remoteError struct {
	msg  string
	kind error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.kind }

// Reports lists the server's reports.
func (c *Client) Reports() ([]store.Meta, error) {
	resp, err := c.call(context.Background(), request{Op: opList})
	return resp.Metas, err
}

// Add adds a report through the server. opt.Progress is not reported.
func (c *Client) Add(ctx context.Context, name string, data []byte, opt store.AddOptions) (store.Meta, store.Stats, error) {
	resp, err := c.call(ctx, request{Op: opAdd, Name: name, Data: data, Title: opt.Title, Replace: opt.Replace, MaxBytes: opt.MaxBytes})
	if err != nil {
		return store.Meta{}, store.Stats{}, err
	}
	if resp.Meta == nil || resp.Stats == nil {
		return store.Meta{}, store.Stats{}, errors.New("admin socket: incomplete answer")
	}
	return *resp.Meta, *resp.Stats, nil
}

// Remove removes a report through the server.
func (c *Client) Remove(ctx context.Context, id string) (store.Stats, error) {
	resp, err := c.call(ctx, request{Op: opRemove, ID: id})
	if err != nil || resp.Stats == nil {
		return store.Stats{}, errors.Join(err, nilStats(resp))
	}
	return *resp.Stats, nil
}

// Reindex rebuilds the server's index. progress is not reported.
func (c *Client) Reindex(ctx context.Context, _ func(done, total int)) (store.Stats, error) {
	resp, err := c.call(ctx, request{Op: opReindex})
	if err != nil || resp.Stats == nil {
		return store.Stats{}, errors.Join(err, nilStats(resp))
	}
	return *resp.Stats, nil
}

// ReextractAll extracts the reports another version extracted anew through
// the server, returning what it did with its error too. progress is not
// reported.
func (c *Client) ReextractAll(ctx context.Context, _ func(done, total int)) (store.Reextracted, error) {
	resp, err := c.call(ctx, request{Op: opReextract})
	if resp.Reextracted == nil {
		if err == nil {
			err = errors.New("admin socket: incomplete answer")
		}
		return store.Reextracted{}, err
	}
	return *resp.Reextracted, err
}

func nilStats(resp response) error {
	if resp.Stats == nil && resp.Error == "" {
		return errors.New("admin socket: incomplete answer")
	}
	return nil
}
