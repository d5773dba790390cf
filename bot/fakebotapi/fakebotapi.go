// Package fakebotapi is a Telegram Bot API server on loopback for tests:
// it queues updates for getUpdates, records every request the bot makes
// and answers them the way Telegram does, including 429 and 5xx failures
// on demand. It can also be down (connections closed unanswered), hold
// the calls of a method until released, and serve an update the bot
// cannot decode (AddUpdate takes any JSON object). It refuses what
// Telegram refuses: HTML it cannot parse, a text, caption or button data
// over its limits.
package fakebotapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// BotUsername is the username getMe reports.
const BotUsername = "report_test_bot"

// BotID is the bot's user id.
const BotID = 1000

// Request is one Bot API call the bot made.
type Request struct {
	Method string
	Params map[string]string
	// Time is when the call reached the server, before its body was
	// read. Calls are recorded once read, so Time may be out of order
	// by a little.
	Time time.Time
	// MessageID is the message_id of the message a sendMessage or
	// sendPhoto makes, or that an editMessageText or editMessageReplyMarkup
	// edits: what the bot knows its message by (a callback query comes
	// back with it). A new message's number is given as the call arrives,
	// also to a call the server then fails on purpose (Down, Fail), whose
	// number stays unused.
	MessageID int
}

// JSON decodes a parameter that holds JSON (reply_markup, results…).
func (r Request) JSON(param string, v any) error {
	return json.Unmarshal([]byte(r.Params[param]), v)
}

type failure struct {
	code       int
	retryAfter int
	after      int // calls of its method to let through first
}

// Server is a fake Bot API server.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	cond     *sync.Cond
	updates  []queued // not yet confirmed, in order
	nextID   int64
	requests []Request
	failures map[string][]failure // by method; "" for any method
	msgID    int
	files    map[string]file // by file_id
	down     bool
	held     map[string]chan struct{} // by method: closed on release
	webhook  string                   // the URL setWebhook set, "" for none
}

// queued is an update and its update_id.
type queued struct {
	id  int64
	raw json.RawMessage
}

type file struct {
	path string
	data []byte
}

// New starts a server on 127.0.0.1; it closes with the test.
func New(tb interface{ Cleanup(func()) }) *Server {
	s := &Server{failures: map[string][]failure{}, nextID: 1, files: map[string]file{}, held: map[string]chan struct{}{}}
	s.cond = sync.NewCond(&s.mu)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// AddUpdate queues an update (as Telegram's JSON) for getUpdates; its
// update_id is assigned here. Any JSON object goes, one whose fields have
// types the Bot API never sends included.
func (s *Server) AddUpdate(update string) {
	var m map[string]any
	if err := json.Unmarshal([]byte(update), &m); err != nil {
		panic(fmt.Sprintf("fakebotapi: bad update JSON: %v", err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m["update_id"] = s.nextID
	b, _ := json.Marshal(m)
	s.updates = append(s.updates, queued{s.nextID, b})
	s.nextID++
}

// AddFile makes a file downloadable: getFile answers fileID with its
// path, and /file/bot<token>/<path> serves data.
func (s *Server) AddFile(fileID, path string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[fileID] = file{path: path, data: data}
}

// Fail makes the next call of method ("" for the next call of any
// method) fail with an HTTP code (429 with retryAfter seconds, 400, 5xx…).
func (s *Server) Fail(method string, code, retryAfter int) { s.FailAfter(method, 0, code, retryAfter) }

// FailAfter is Fail for the call of method after the next n calls of
// it, which go through: the getUpdates after the one that hands out a
// batch, say.
func (s *Server) FailAfter(method string, n, code, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], failure{code, retryAfter, n})
}

// Down makes the server unreachable, as far as a client can tell: every
// request is recorded, then its connection is closed without an answer.
func (s *Server) Down() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = true
}

// Up makes the server answer again.
func (s *Server) Up() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = false
}

// Hold makes calls of method wait, once recorded, until release is
// called (as a slow or stuck Bot API would).
func (s *Server) Hold(method string) (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.held[method] = ch
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			if s.held[method] == ch {
				delete(s.held, method)
			}
			s.mu.Unlock()
			close(ch)
		})
	}
}

// SetWebhook sets the webhook URL getWebhookInfo reports, as a run in
// webhook mode would have left it.
func (s *Server) SetWebhook(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook = url
}

// Requests returns the calls of method so far ("" for all).
func (s *Server) Requests(method string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if method == "" || r.Method == method {
			out = append(out, r)
		}
	}
	return out
}

// WaitFor waits until n calls of method were made, or timeout passes.
func (s *Server) WaitFor(method string, n int, timeout time.Duration) []Request {
	deadline := time.Now().Add(timeout)
	for {
		if rs := s.Requests(method); len(rs) >= n || time.Now().After(deadline) {
			return rs
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	received := time.Now()
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"); ok {
		s.serveFile(w, r, rest, received)
		return
	}
	// /bot<token>/<method>
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) != 2 || !strings.HasPrefix(parts[0], "bot") {
		http.NotFound(w, r)
		return
	}
	method := parts[1]
	params, err := readParams(r)
	if err != nil {
		reply(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": err.Error()})
		return
	}
	s.mu.Lock()
	req := Request{Method: method, Params: params, Time: received}
	switch method {
	case "sendMessage", "sendPhoto":
		// Numbered as they arrive, so a test reading the request knows
		// the number; a failed call leaves its number unused.
		s.msgID++
		req.MessageID = s.msgID
	case "editMessageText", "editMessageReplyMarkup":
		// Telegram answers an edit with the edited message itself.
		req.MessageID, _ = strconv.Atoi(params["message_id"])
	}
	s.requests = append(s.requests, req)
	if s.down {
		s.mu.Unlock()
		hangUp(w)
		return
	}
	if held := s.held[method]; held != nil {
		s.mu.Unlock()
		select {
		case <-held:
		case <-r.Context().Done():
			return
		}
		s.mu.Lock()
	}
	for _, key := range []string{method, ""} {
		fs := s.failures[key]
		if len(fs) == 0 {
			continue
		}
		f := fs[0]
		if f.after > 0 {
			fs[0].after--
			continue
		}
		s.failures[key] = fs[1:]
		s.mu.Unlock()
		body := map[string]any{"ok": false, "error_code": f.code, "description": http.StatusText(f.code)}
		if f.code == http.StatusTooManyRequests {
			body["description"] = "Too Many Requests: retry after " + fmt.Sprint(f.retryAfter)
			body["parameters"] = map[string]any{"retry_after": f.retryAfter}
		}
		reply(w, f.code, body)
		return
	}
	s.mu.Unlock()

	// Refused as Telegram refuses it: bad HTML, a text or a button's data
	// too long.
	if desc := check(method, params); desc != "" {
		reply(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": desc})
		return
	}
	switch method {
	case "getMe":
		ok(w, map[string]any{"id": BotID, "is_bot": true, "first_name": "Report", "username": BotUsername})
	case "getFile":
		s.mu.Lock()
		f, found := s.files[params["file_id"]]
		s.mu.Unlock()
		if !found {
			reply(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: invalid file_id"})
			return
		}
		ok(w, map[string]any{"file_id": params["file_id"], "file_unique_id": "u" + params["file_id"], "file_size": len(f.data), "file_path": f.path})
	case "getUpdates":
		ok(w, s.takeUpdates(r, params))
	case "setWebhook", "deleteWebhook":
		s.mu.Lock()
		s.webhook = params["url"] // none for deleteWebhook
		s.mu.Unlock()
		ok(w, true)
	case "getWebhookInfo":
		s.mu.Lock()
		url := s.webhook
		s.mu.Unlock()
		ok(w, map[string]any{"url": url, "has_custom_certificate": false, "pending_update_count": 0})
	case "sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto":
		var chat any = params["chat_id"]
		ok(w, map[string]any{"message_id": req.MessageID, "date": time.Now().Unix(), "chat": map[string]any{"id": json.Number(fmt.Sprint(chat)), "type": "private"}, "text": params["text"]})
	default:
		ok(w, true)
	}
}

// takeUpdates hands out the queued updates from the request's offset on
// (at most its limit), waiting briefly like long polling unless its
// timeout is 0. As Telegram does, it keeps an update until a request's
// offset is past its update_id, which confirms it: one handed out and
// never confirmed is handed out again, to the next run of a bot too.
func (s *Server) takeUpdates(r *http.Request, params map[string]string) []json.RawMessage {
	offset, _ := strconv.ParseInt(params["offset"], 10, 64)
	limit, err := strconv.Atoi(params["limit"])
	if err != nil || limit < 1 || limit > 100 {
		limit = 100
	}
	wait := 200 * time.Millisecond
	if params["timeout"] == "0" {
		wait = 0
	}
	deadline := time.Now().Add(wait)
	for {
		s.mu.Lock()
		s.updates = slices.DeleteFunc(s.updates, func(u queued) bool { return u.id < offset })
		if len(s.updates) > 0 || !time.Now().Before(deadline) || r.Context().Err() != nil {
			out := []json.RawMessage{}
			for _, u := range s.updates[:min(len(s.updates), limit)] {
				out = append(out, u.raw)
			}
			s.mu.Unlock()
			return out
		}
		s.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
}

// Unconfirmed is how many updates no getUpdates has confirmed yet: a bot
// that stopped leaving some would answer them again when it starts.
func (s *Server) Unconfirmed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

func readParams(r *http.Request) (map[string]string, error) {
	params := map[string]string{}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		// A call without parameters sends an empty multipart body. A
		// body cut short (a request the bot cancelled while sending it)
		// is an error, not a call without parameters: Telegram never
		// gets such a call, and recorded it read as a message to no chat.
		if err := r.ParseMultipartForm(10 << 20); err != nil {
			if errors.Is(err, io.EOF) {
				return params, nil
			}
			return nil, err
		}
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
	case "application/json":
		var m map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil && err != io.EOF {
			return nil, err
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) == nil {
				params[k] = s
			} else {
				params[k] = string(v)
			}
		}
	default:
		if err := r.ParseForm(); err == nil {
			for k, v := range r.Form {
				params[k] = v[0]
			}
		}
	}
	return params, nil
}

func ok(w http.ResponseWriter, result any) {
	reply(w, http.StatusOK, map[string]any{"ok": true, "result": result})
}

func reply(w http.ResponseWriter, code int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(body)
}

// serveFile serves /file/bot<token>/<path>.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string, received time.Time) {
	_, path, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{Method: "download", Params: map[string]string{"path": path}, Time: received})
	for _, f := range s.files {
		if f.path == path {
			w.Write(f.data)
			return
		}
	}
	http.NotFound(w, r)
}

// hangUp closes the request's connection without an answer.
func hangUp(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(fmt.Sprintf("fakebotapi: cannot hang up: %v", err))
	}
	conn.Close()
}
