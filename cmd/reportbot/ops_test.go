package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/fakebotapi"
)

func get(t *testing.T, method, url string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestOpsEndpoints(t *testing.T) {
	var indexOpen atomic.Bool
	ops := newOpsHandler(newRegistry(), []readyCheck{
		{"index", func(context.Context) error {
			if !indexOpen.Load() {
				return errors.New("not open yet")
			}
			return nil
		}},
		{"bot_api", func(context.Context) error { return nil }},
	})
	srv := httptest.NewServer(ops)
	defer srv.Close()

	if code, body, _ := get(t, "GET", srv.URL+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, body, _ := get(t, "GET", srv.URL+"/readyz"); code != 503 || !strings.Contains(body, "index: not open yet") || !strings.Contains(body, "bot_api: ok") {
		t.Errorf("/readyz before the index: %d %q", code, body)
	}
	indexOpen.Store(true)
	if code, body, _ := get(t, "GET", srv.URL+"/readyz"); code != 200 || !strings.Contains(body, "index: ok") {
		t.Errorf("/readyz with the index: %d %q", code, body)
	}
	code, body, h := get(t, "GET", srv.URL+"/metrics")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		t.Errorf("/metrics: %d, %s", code, h.Get("Content-Type"))
	}
	for _, want := range []string{"go_goroutines ", "go_gc_duration_seconds", "process_resident_memory_bytes ", "go_build_info{", "promhttp_metric_handler_requests_total"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code, _, h := get(t, "POST", srv.URL+"/healthz"); code != 405 || h.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /healthz: %d, Allow %q", code, h.Get("Allow"))
	}
	if code, _, _ := get(t, "GET", srv.URL+"/telegram"); code != 404 {
		t.Errorf("/telegram without a webhook: %d", code)
	}
	ops.handleRest(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "webhook "+r.URL.Path) }))
	if code, body, _ := get(t, "POST", srv.URL+"/telegram"); code != 200 || body != "webhook /telegram" {
		t.Errorf("/telegram with a webhook: %d %q", code, body)
	}
}

func TestProbeURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":          "http://127.0.0.1:8080/healthz",
		"0.0.0.0:8080":   "http://127.0.0.1:8080/healthz",
		"[::]:8080":      "http://[::1]:8080/healthz",
		"10.1.2.3:9090":  "http://10.1.2.3:9090/healthz",
		"localhost:9090": "http://localhost:9090/healthz",
	} {
		if got := probeURL(addr, "/healthz"); got != want {
			t.Errorf("probeURL(%q) = %q, want %q", addr, got, want)
		}
	}
	for _, same := range [][2]string{{":8080", "0.0.0.0:8080"}, {"[::]:8080", ":8080"}, {"127.0.0.1:80", "127.0.0.1:80"}} {
		if !sameAddr(same[0], same[1]) {
			t.Errorf("sameAddr(%q, %q) = false", same[0], same[1])
		}
	}
	for _, other := range [][2]string{{":8080", ":8081"}, {"127.0.0.1:8080", ":8080"}} {
		if sameAddr(other[0], other[1]) {
			t.Errorf("sameAddr(%q, %q) = true", other[0], other[1])
		}
	}
}

// freeAddr is a loopback address nothing listens on (at the moment).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestHealthCommandFails(t *testing.T) {
	addr := freeAddr(t)
	code, errOut := runEnv(t, map[string]string{"REPORTBOT_HTTP_ADDR": addr}, "health")
	if code != 1 || !strings.Contains(errOut, "http://"+addr+"/healthz") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		t.Errorf("nothing listening: exit %d, %q", code, errOut)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "index: not open yet\nbot_api: ok", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	code, errOut = runEnv(t, nil, "health", "--ready", "--http-addr", strings.TrimPrefix(srv.URL, "http://"))
	if code != 1 || !strings.Contains(errOut, "/readyz: 503 Service Unavailable: index: not open yet bot_api: ok") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		t.Errorf("not ready: exit %d, %q", code, errOut)
	}
	// No address: unhealthy (1), not Docker's reserved 2.
	code, errOut = runEnv(t, nil, "health")
	if code != 1 || !strings.Contains(errOut, "REPORTBOT_HTTP_ADDR") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		t.Errorf("no address: exit %d, %q", code, errOut)
	}
	// Nor a refused setting or flag: 1 as well, with the usual message.
	for _, tc := range []struct {
		vars map[string]string
		args []string
		want string
	}{
		{map[string]string{"REPORTBOT_HTTP_ADDR": "nonsense"}, []string{"health"}, `reportbot health: REPORTBOT_HTTP_ADDR="nonsense": not an address`},
		{nil, []string{"health", "--timeout", "soon"}, `reportbot health: --timeout "soon": not a duration`},
		{nil, []string{"health", "--nope"}, `reportbot health: unknown flag --nope`},
	} {
		code, errOut = runEnv(t, tc.vars, tc.args...)
		if code != 1 || !strings.HasPrefix(errOut, tc.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v %v: exit %d, %q; want 1, one line starting %q", tc.vars, tc.args, code, errOut, tc.want)
		}
	}
	// Other commands' usage errors still exit 2.
	if code, errOut = runEnv(t, map[string]string{"REPORTBOT_HTTP_ADDR": "nonsense"}, "serve"); code != 2 {
		t.Errorf("serve with REPORTBOT_HTTP_ADDR=nonsense: exit %d, %q", code, errOut)
	}
}

// waitHealthy runs reportbot health (args) until it exits 0, and returns
// its output.
func waitHealthy(t *testing.T, vars map[string]string, args ...string) string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
		if run(t.Context(), e, append([]string{"health"}, args...)) == 0 {
			return out.String()
		}
		if time.Now().After(deadline) {
			t.Fatalf("health %v: still failing after a minute: %s", args, errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestServeWebhookAndProbesShareAPort runs serve in webhook mode with
// --http-addr equal to --listen: /healthz, /readyz and /metrics answer
// on the port the updates arrive on, and an update posted there with the
// secret is answered through the fake Bot API.
func TestServeWebhookAndProbesShareAPort(t *testing.T) {
	api := fakebotapi.New(t)
	addr := freeAddr(t)
	const secret = "webhook_secret-1"
	vars := map[string]string{
		"REPORTBOT_DATA": t.TempDir(), "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": api.URL,
		"REPORTBOT_WEBHOOK_URL": "https://bot.example.invalid/telegram", "REPORTBOT_WEBHOOK_SECRET": secret,
		"REPORTBOT_LISTEN": addr, "REPORTBOT_HTTP_ADDR": addr,
	}
	defer serveWith(t, vars)()

	if got := waitHealthy(t, vars); !strings.Contains(got, "/healthz: ok") {
		t.Errorf("health: %q", got)
	}
	if got := waitHealthy(t, vars, "--ready"); !strings.Contains(got, "index: ok bot_api: ok") {
		t.Errorf("health --ready: %q", got)
	}
	if set := api.WaitFor("setWebhook", 1, 10*time.Second); len(set) != 1 || set[0].Params["url"] != "https://bot.example.invalid/telegram" {
		t.Fatalf("setWebhook: %+v", set)
	}
	if code, body, _ := get(t, "GET", "http://"+addr+"/metrics"); code != 200 || !strings.Contains(body, "go_goroutines ") {
		t.Errorf("/metrics on the shared port: %d", code)
	}

	post := func(secret string) int {
		update := `{"update_id":1,"message":{"message_id":1,"date":1,"from":{"id":42,"is_bot":false,"first_name":"a"},"chat":{"id":77,"type":"private"},"text":"工会会员有多少人?"}}`
		req, _ := http.NewRequest("POST", "http://"+addr+"/telegram", strings.NewReader(update))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("forged"); code != http.StatusForbidden {
		t.Errorf("an update without the secret: %d, want 403", code)
	}
	if code := post(secret); code != http.StatusOK {
		t.Errorf("an update with the secret: %d", code)
	}
	sent := api.WaitFor("sendMessage", 1, 20*time.Second)
	if len(sent) != 1 || sent[0].Params["chat_id"] != "77" || !strings.Contains(sent[0].Params["text"], "693.96万人") {
		t.Errorf("reply to the webhook update: %+v", sent)
	}
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeReadyOnceTheBotAPIIsUp runs serve while the Bot API is down:
// /readyz says the Bot API is not reached, though the index is open,
// until the API comes up; then the bot answers, and /metrics counts the
// question with the bot's own counter.
func TestServeReadyOnceTheBotAPIIsUp(t *testing.T) {
	api := fakebotapi.New(t)
	api.Down()
	addr := freeAddr(t)
	vars := map[string]string{
		"REPORTBOT_DATA": t.TempDir(), "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": api.URL,
		"REPORTBOT_HTTP_ADDR": addr,
	}
	defer serveWith(t, vars)()

	waitHealthy(t, vars)
	// The index opens (built on this first start) while getMe keeps failing.
	var code int
	var body string
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if code, body, _ = get(t, "GET", "http://"+addr+"/readyz"); strings.Contains(body, "index: ok") && len(api.Requests("getMe")) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("index not open or getMe not retried within a minute: /readyz %d %q, %d getMe", code, body, len(api.Requests("getMe")))
		}
	}
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "bot_api: not reached yet") {
		t.Errorf("/readyz while the Bot API is down: %d %q", code, body)
	}

	api.Up()
	if got := waitHealthy(t, vars, "--ready"); !strings.Contains(got, "index: ok bot_api: ok") {
		t.Errorf("health --ready once the Bot API is up: %q", got)
	}
	_, before, _ := get(t, "GET", "http://"+addr+"/metrics")
	if strings.Contains(before, `reportbot_questions_total{result="found"}`) {
		t.Errorf("a question counted before any was asked:\n%s", before)
	}
	api.AddUpdate(`{"message":{"message_id":1,"date":1,"from":{"id":42,"is_bot":false,"first_name":"a"},"chat":{"id":77,"type":"private"},"text":"工会会员有多少人?"}}`)
	if sent := api.WaitFor("sendMessage", 1, 20*time.Second); len(sent) != 1 || !strings.Contains(sent[0].Params["text"], "693.96万人") {
		t.Fatalf("reply: %+v", sent)
	}
	// The counter goes up once the reply is sent, just after the fake
	// Bot API has recorded it.
	const counted = `reportbot_questions_total{result="found"} 1`
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(body, counted); time.Sleep(20 * time.Millisecond) {
		if _, body, _ = get(t, "GET", "http://"+addr+"/metrics"); time.Now().After(deadline) {
			t.Fatalf("/metrics lacks %s:\n%s", counted, body)
		}
	}
	for _, want := range []string{"reportbot_answer_seconds_count 1", `reportbot_botapi_errors_total{method="getMe"}`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// reportbot reindex beside serve goes through its admin socket, and
	// the rebuild is observed like the bot's own.
	if code, out, errOut := runCmd(t, vars["REPORTBOT_DATA"], "", "reindex"); code != 0 || !strings.Contains(out, "reindexed") {
		t.Fatalf("reindex beside serve: exit %d %q %s", code, out, errOut)
	}
	if _, body, _ = get(t, "GET", "http://"+addr+"/metrics"); !strings.Contains(body, `reportbot_reindex_seconds_count{result="ok"} 1`) {
		t.Errorf("/metrics lacks the reindex through the admin socket:\n%s", body)
	}
}

// TestServeReadyOnceTheWebhookIsSet: in webhook mode no update arrives
// until Telegram has taken the URL, so /readyz says not ready while
// setWebhook is still being tried, though the Bot API answered getMe.
func TestServeReadyOnceTheWebhookIsSet(t *testing.T) {
	api := fakebotapi.New(t)
	release := api.Hold("setWebhook")
	defer release()
	addr, ops := freeAddr(t), freeAddr(t)
	vars := map[string]string{
		"REPORTBOT_DATA": t.TempDir(), "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": api.URL,
		"REPORTBOT_WEBHOOK_URL": "https://bot.example.invalid/telegram", "REPORTBOT_WEBHOOK_SECRET": "secret-1",
		"REPORTBOT_LISTEN": addr, "REPORTBOT_HTTP_ADDR": ops,
	}
	defer serveWith(t, vars)()
	api.WaitFor("setWebhook", 1, time.Minute)
	var code int
	var body string
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if code, body, _ = get(t, http.MethodGet, "http://"+ops+"/readyz"); strings.Contains(body, "index: ok") && strings.Contains(body, "bot_api: ok") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("index not open or Bot API not reached within a minute: /readyz %d %q", code, body)
		}
	}
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "webhook: not set yet") {
		t.Errorf("/readyz while setWebhook has not succeeded: %d %q", code, oneLine(body))
	}
	release()
	if got := waitHealthy(t, vars, "--ready"); !strings.Contains(got, "webhook: ok") {
		t.Errorf("health --ready once the webhook is set: %q", got)
	}
}

// TestServeStopsCleanlyWhileSetWebhookRetries: a SIGTERM (ctx cancelled)
// while setWebhook is still being tried (the Bot API slow or refusing) is
// an ordinary stop: exit 0, not "setWebhook: context canceled".
func TestServeStopsCleanlyWhileSetWebhookRetries(t *testing.T) {
	api := fakebotapi.New(t)
	release := api.Hold("setWebhook")
	defer release()
	vars := map[string]string{
		"REPORTBOT_DATA": t.TempDir(), "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": api.URL,
		"REPORTBOT_WEBHOOK_URL": "https://bot.example.invalid/telegram", "REPORTBOT_WEBHOOK_SECRET": "secret-1",
		"REPORTBOT_LISTEN": freeAddr(t),
	}
	stop := serveWith(t, vars)
	if got := api.WaitFor("setWebhook", 1, time.Minute); len(got) == 0 {
		stop()
		t.Fatal("setWebhook never called")
	}
	stop() // fails the test when serve exits non-zero
}

// TestServeStoppedDuringStart: a SIGTERM while serve's start builds or
// repairs the index is an ordinary stop, exit 0 (systemd would mark the
// unit failed on "reindex: build index: context canceled"); the next
// start builds the index.
func TestServeStoppedDuringStart(t *testing.T) {
	api := fakebotapi.New(t)
	dir := t.TempDir() // empty: the start builds the index
	var logs bytes.Buffer
	vars := map[string]string{"REPORTBOT_DATA": dir, "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": api.URL}
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &logs, getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the signal came before the build could finish
	if code := run(ctx, e, []string{"serve"}); code != 0 {
		t.Errorf("serve stopped during its start exited %d: %s", code, logs.String())
	}
	if code, out, errOut := runCmd(t, dir, "", "ask", "会员卡发出去多少张?"); code != 0 || !strings.Contains(out, "281.59万张") {
		t.Errorf("ask after the stopped start: exit %d %s %s", code, out, errOut)
	}
}
