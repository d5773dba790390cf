package main

// Tests between processes: the reportbot binary run as child processes on
// one data directory, killed with SIGKILL at named points of a change
// (REPORTBOT_TEST_PAUSE), racing each other and beside a running server.

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/fakebotapi"
)

// buildDir holds the binary built for the process tests, removed by TestMain.
var buildDir = sync.OnceValues(func() (string, error) { return os.MkdirTemp("", "reportbot-proc-") })

// binary builds reportbot once per test run (without -race: the children
// are the program under test, the race detector watches this process).
var binary = sync.OnceValues(func() (string, error) {
	dir, err := buildDir()
	if err != nil {
		return "", err
	}
	exe := filepath.Join(dir, "reportbot")
	out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return exe, nil
})

func TestMain(m *testing.M) {
	code := m.Run()
	if dir, err := buildDir(); err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// syncBuffer is a bytes.Buffer a child writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// child is a running reportbot process.
type child struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	done           chan struct{}
}

// startChild starts reportbot on data directory dir with extra
// environment (KEY=value).
func startChild(t *testing.T, dir string, env []string, args ...string) *child {
	t.Helper()
	exe, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	return startProgram(t, exe, dir, env, args...)
}

// startProgram starts exe (reportbot or a wrapper of it) on dir.
func startProgram(t *testing.T, exe, dir string, env []string, args ...string) *child {
	t.Helper()
	return startCmd(t, exec.Command(exe, args...), dir, env)
}

// startCmd starts cmd on data directory dir with extra environment.
func startCmd(t *testing.T, cmd *exec.Cmd, dir string, env []string) *child {
	t.Helper()
	c := &child{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	c.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "REPORTBOT_DATA=" + dir}, env...)
	c.cmd.Stdout, c.cmd.Stderr = c.stdout, c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.cmd.Wait(); close(c.done) }()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.done
	})
	return c
}

// waitStderr waits until the child has written text on stderr.
func (c *child) waitStderr(t *testing.T, text string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(c.stderr.String(), text) {
		select {
		case <-c.done:
			t.Fatalf("%v exited before %q: %s", c.cmd.Args[1:], text, c.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v: no %q after %v: %s", c.cmd.Args[1:], text, timeout, c.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// startMeasured starts reportbot under GNU time, whose report of the
// child's peak RSS rss returns once the child has exited (0 without
// /usr/bin/time). The child's own rusage would not do: a process started
// from this one counts this process's memory in its peak.
func startMeasured(t *testing.T, dir string, args ...string) (c *child, rss func() int64) {
	t.Helper()
	exe, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		c := startChild(t, dir, nil, args...)
		return c, func() int64 { return 0 }
	}
	c = startProgram(t, "/usr/bin/time", dir, nil, append([]string{"-f", "maxrss-kb %M", exe}, args...)...)
	return c, func() int64 {
		<-c.done
		var kb int64
		if i := strings.LastIndex(c.stderr.String(), "maxrss-kb "); i >= 0 {
			fmt.Sscan(c.stderr.String()[i+len("maxrss-kb "):], &kb)
		}
		return kb << 10
	}
}

// wait waits for the child to exit and returns its exit code.
func (c *child) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-c.done:
		return c.cmd.ProcessState.ExitCode()
	case <-time.After(timeout):
		t.Fatalf("%v still running after %v", c.cmd.Args[1:], timeout)
		return -1
	}
}

// kill9 kills the child with SIGKILL and waits for it.
func (c *child) kill9(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-c.done
}

// runChild runs reportbot to the end and fails the test on a non-zero exit.
func runChild(t *testing.T, dir string, args ...string) string {
	t.Helper()
	c := startChild(t, dir, nil, args...)
	if code := c.wait(t, 2*time.Minute); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, c.stderr.String())
	}
	return c.stdout.String()
}

// Reports for the change tests: plan v1 and v2 (same title, another
// figure) and an unrelated one.
const (
	planV1 = "2024年贵州省总工会工作要点\n\n1 服务职工\n\n全年计划新建职工驿站320个,为户外劳动者提供休息场所。\n\n全省工会将开展职工健康体检,覆盖一线职工12.5万人。\n"
	other  = "2025年职工书屋建设方案\n\n1 阅读阵地\n\n全年新建职工书屋88个,配送图书两万册。\n\n每个书屋配备管理员一名,开放时间不少于每周三十小时。\n"
)

var planV2 = strings.Replace(planV1, "320个", "450个", 1)

const (
	askStation = "新建职工驿站多少个"
	askLibrary = "新建职工书屋多少个"
)

// answerFigure asks one question in a fresh process and returns the
// printed figure line ("▶ 320个 …"), or "" when none was found.
func answerFigure(t *testing.T, dir, q string) string {
	t.Helper()
	out := runChild(t, dir, "ask", q)
	first, _, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(first, "▶") {
		return ""
	}
	return first
}

// copyDir copies a data directory (no process has it open).
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// leftovers lists what a finished change must not leave: the journal,
// staged or set-aside report folders, index generations but the live one.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	if _, err := os.Stat(filepath.Join(dir, "journal")); err == nil {
		out = append(out, "journal")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "reports"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || strings.HasSuffix(e.Name(), ".old") {
			out = append(out, "reports/"+e.Name())
		}
	}
	gens, _ := filepath.Glob(filepath.Join(dir, "index", "gen-*"))
	if len(gens) != 1 {
		out = append(out, fmt.Sprintf("%d index generations", len(gens)))
	}
	return out
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestKillDuringChange kills a change of reports with SIGKILL at each
// named point and checks that the next process answers from the old or
// the new version (the old until the new index is live), that nothing is
// left over, and that a reindex gives the same answer: the store and the
// index agree.
func TestKillDuringChange(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary some forty times")
	}
	files := t.TempDir()
	v2 := writeFile(t, files, "plan-v2.txt", planV2)
	otherFile := writeFile(t, files, "other.txt", other)
	template := t.TempDir()
	runChild(t, template, "reports", "add", writeFile(t, files, "plan.txt", planV1))

	// none is what an answer without the report holds: the figure the
	// question asks for is not there.
	const old, new, none = "320个", "450个", ""
	cases := []struct {
		name, point string
		args        []string
		q           string
		want        string // figure answered after the restart
		gone        string // figure no longer answered
	}{
		{"replace", "after-intent", []string{"reports", "add", "--replace", v2}, askStation, old, new},
		{"replace", "after-install", []string{"reports", "add", "--replace", v2}, askStation, old, new},
		{"replace", "before-current", []string{"reports", "add", "--replace", v2}, askStation, old, new},
		{"replace", "after-current", []string{"reports", "add", "--replace", v2}, askStation, new, old},
		{"replace", "after-commit", []string{"reports", "add", "--replace", v2}, askStation, new, old},
		{"add", "after-install", []string{"reports", "add", otherFile}, askLibrary, none, "88个"},
		{"add", "after-current", []string{"reports", "add", otherFile}, askLibrary, "88个", ""},
		{"remove", "after-install", []string{"reports", "remove", "plan"}, askStation, old, ""},
		{"remove", "after-current", []string{"reports", "remove", "plan"}, askStation, none, old},
		{"reindex", "before-current", []string{"reindex"}, askStation, old, new},
	}
	for _, tc := range cases {
		t.Run(tc.name+"/"+tc.point, func(t *testing.T) {
			t.Parallel() // each case has its own directory
			dir := t.TempDir()
			copyDir(t, template, dir)
			c := startChild(t, dir, []string{pauseEnv + "=" + tc.point}, tc.args...)
			c.waitStderr(t, "paused at "+tc.point, time.Minute)
			c.kill9(t)

			got := answerFigure(t, dir, tc.q)
			if !strings.Contains(got, tc.want) || (tc.gone != "" && strings.Contains(got, tc.gone)) {
				t.Errorf("after kill at %s: answer %q, want %q and not %q", tc.point, got, tc.want, tc.gone)
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("left over after restart: %v", l)
			}
			runChild(t, dir, "reindex")
			if again := answerFigure(t, dir, tc.q); again != got {
				t.Errorf("after a reindex: answer %q, before it %q: store and index disagreed", again, got)
			}
		})
	}
}

// TestCommandsDuringAChange runs other commands while a replace is
// stopped midway: they answer from the old version, list, wait for the
// lock and say who holds it, and clean nothing up.
func TestCommandsDuringAChange(t *testing.T) {
	files := t.TempDir()
	dir := t.TempDir()
	runChild(t, dir, "reports", "add", writeFile(t, files, "plan.txt", planV1))
	c := startChild(t, dir, []string{pauseEnv + "=before-current"}, "reports", "add", "--replace", writeFile(t, files, "plan-v2.txt", planV2))
	c.waitStderr(t, "paused at before-current", time.Minute)
	entries := func() []string {
		var names []string
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if d != nil && d.IsDir() {
				names = append(names, path)
			}
			return nil
		})
		return names
	}
	before := entries()

	if got := answerFigure(t, dir, askStation); !strings.Contains(got, "320个") {
		t.Errorf("ask during the change: %q, want the old 320个", got)
	}
	if out := runChild(t, dir, "reports", "list"); !strings.Contains(out, "plan") {
		t.Errorf("list during the change:\n%s", out)
	}
	w := startChild(t, dir, nil, "reports", "remove", "--lock-timeout", "1s", "plan")
	if code := w.wait(t, time.Minute); code == 0 || !strings.Contains(w.stderr.String(), fmt.Sprintf("PID %d", c.cmd.Process.Pid)) {
		t.Errorf("second writer: exit %d, %q; want a refusal naming PID %d", code, w.stderr.String(), c.cmd.Process.Pid)
	}
	if after := entries(); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("the other commands changed the directory:\nbefore %v\nafter  %v", before, after)
	}
	c.kill9(t)
	if got := answerFigure(t, dir, askStation); !strings.Contains(got, "320个") {
		t.Errorf("after the kill: %q, want the old 320个", got)
	}
}

// TestRacingCommands starts writers at the same moment: the second waits
// for the first, both succeed, and a question asked during a reindex is
// answered.
func TestRacingCommands(t *testing.T) {
	files := t.TempDir()
	dir := t.TempDir()
	runChild(t, dir, "reports", "list")
	for round := range 2 {
		a := startChild(t, dir, nil, "reports", "add", "--replace", writeFile(t, files, "plan.txt", planV1))
		b := startChild(t, dir, nil, "reports", "add", "--replace", writeFile(t, files, "other.txt", other))
		for _, c := range []*child{a, b} {
			if code := c.wait(t, 2*time.Minute); code != 0 {
				t.Fatalf("round %d: %v: exit %d: %s", round, c.cmd.Args[1:], code, c.stderr.String())
			}
		}
		r := startChild(t, dir, nil, "reindex")
		time.Sleep(300 * time.Millisecond)
		q := startChild(t, dir, nil, "ask", askLibrary)
		for _, c := range []*child{r, q} {
			if code := c.wait(t, 2*time.Minute); code != 0 {
				t.Fatalf("round %d: %v: exit %d: %s", round, c.cmd.Args[1:], code, c.stderr.String())
			}
		}
		if !strings.Contains(q.stdout.String(), "88个") {
			t.Errorf("round %d: ask during reindex: %s", round, q.stdout.String())
		}
	}
	if got := answerFigure(t, dir, askStation); !strings.Contains(got, "320个") {
		t.Errorf("after the races: %q", got)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left over: %v", l)
	}
}

// TestCommandsBesideServe runs the CLI while serve owns the directory:
// changes go through its socket, the bot answers from an added report at
// once, and a second server is refused with the first one's PID.
func TestCommandsBesideServe(t *testing.T) {
	api := fakebotapi.New(t)
	files := t.TempDir()
	dir := t.TempDir()
	srv := startChild(t, dir, []string{"TELEGRAM_BOT_TOKEN=123456:TESTtokenTESTtokenTESTtoken", "TELEGRAM_API_URL=" + api.URL}, "serve")
	deadline := time.Now().Add(time.Minute)
	for {
		if _, err := os.Stat(filepath.Join(dir, "admin.sock")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no admin socket: %s", srv.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if out := runChild(t, dir, "reports", "add", "--lock-timeout", "2s", writeFile(t, files, "plan.txt", planV1)); !strings.Contains(out, "added plan") {
		t.Errorf("add beside serve:\n%s", out)
	}
	api.AddUpdate(`{"message":{"message_id":1,"date":1,"from":{"id":42,"is_bot":false,"first_name":"a"},"chat":{"id":77,"type":"private"},"text":"` + askStation + `"}}`)
	sent := api.WaitFor("sendMessage", 1, 30*time.Second)
	if len(sent) != 1 || !strings.Contains(sent[0].Params["text"], "320个") {
		t.Errorf("bot's answer after the CLI add: %+v", sent)
	}
	if got := answerFigure(t, dir, askStation); !strings.Contains(got, "320个") {
		t.Errorf("ask beside serve: %q", got)
	}
	if out := runChild(t, dir, "reindex", "--lock-timeout", "2s"); !strings.Contains(out, "reindexed 2 reports") {
		t.Errorf("reindex beside serve: %s", out)
	}
	if out := runChild(t, dir, "reports", "remove", "--lock-timeout", "2s", "plan"); strings.Contains(out, "plan ") {
		t.Errorf("remove beside serve left it listed:\n%s", out)
	}
	second := startChild(t, dir, []string{"TELEGRAM_BOT_TOKEN=123456:TESTtokenTESTtokenTESTtoken", "TELEGRAM_API_URL=" + api.URL}, "serve", "--lock-timeout", "500ms")
	if code := second.wait(t, time.Minute); code == 0 || !strings.Contains(second.stderr.String(), fmt.Sprintf("PID %d (reportbot serve)", srv.cmd.Process.Pid)) {
		t.Errorf("second serve: exit %d, %q", code, second.stderr.String())
	}
	// A server killed outright leaves its socket: the next writer finds
	// nobody listening and takes the lock.
	srv.kill9(t)
	if out := runChild(t, dir, "reports", "add", "--lock-timeout", "2s", writeFile(t, files, "other.txt", other)); !strings.Contains(out, "added") {
		t.Errorf("add after the server died:\n%s", out)
	}
}

// TestReadOnlyDataDir answers from a data directory mounted read-only
// and refuses changes in one line. It needs unprivileged user namespaces
// (unshare -rm).
func TestReadOnlyDataDir(t *testing.T) {
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("no unshare")
	}
	exe, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	runChild(t, dir, "reports", "list")
	ro := func(args ...string) (string, string, error) {
		script := `mount --bind -o ro "$0" "$0" && exec "$@"`
		cmd := exec.Command("unshare", append([]string{"-rm", "sh", "-c", script, dir, exe}, args...)...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "REPORTBOT_DATA=" + dir}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), err
	}
	if _, errOut, err := ro("true"); err != nil && strings.Contains(errOut, "mount") {
		t.Skipf("cannot mount read-only here: %s", errOut)
	}
	out, errOut, err := ro("ask", "会员卡发出去多少张?")
	if err != nil || !strings.Contains(out, "281.59万张") {
		t.Errorf("ask on a read-only dir: %v %s\n%s", err, errOut, out)
	}
	if out, errOut, err := ro("reports", "list"); err != nil || !strings.Contains(out, "guizhou-trade-union-2023") {
		t.Errorf("list on a read-only dir: %v %s\n%s", err, errOut, out)
	}
	_, errOut, err = ro("reindex")
	if err == nil || !strings.Contains(errOut, "read-only") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		t.Errorf("reindex on a read-only dir: %v, %q; want a one-line refusal", err, errOut)
	}
}

// TestLongInputsAreBounded adds the inputs that took quadratic time and
// memory: a 60,000-character paragraph (30 s, 600 MB allowed), a 200,000-
// character report (60 s, 600 MB), 2,000 numbers in a row, and refuses
// /dev/zero without reading it whole.
func TestLongInputsAreBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 260,000 characters")
	}
	files := t.TempDir()
	paragraph := func(n int) string {
		const words = "工会会员职工服务发展建设推进全省基层组织工作经济社会改革创新"
		rs := []rune(words)
		var sb strings.Builder
		for i := range n {
			sb.WriteRune(rs[(i*7+i/3)%len(rs)])
			if i%37 == 36 {
				sb.WriteRune(',')
			}
		}
		return sb.String()
	}
	var nums strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&nums, "%d ", i*7919%99991)
	}
	cases := []struct {
		name, text string
		took       time.Duration
		rss        int64
	}{
		{"60k-paragraph", "长段落报告\n\n" + paragraph(60000) + "\n", 30 * time.Second, 600 << 20},
		{"200k-report", "二十万字报告\n\n" + strings.Repeat(paragraph(2000)+"。\n\n", 100), 60 * time.Second, 600 << 20},
		{"numbers", "数字报告\n\n" + nums.String() + "\n", 30 * time.Second, 600 << 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			runChild(t, dir, "reports", "list")
			start := time.Now()
			c, rss := startMeasured(t, dir, "reports", "add", writeFile(t, files, tc.name+".txt", tc.text))
			code := c.wait(t, 2*tc.took)
			took := time.Since(start)
			t.Logf("%s: exit %d in %v, peak RSS %d MB", tc.name, code, took.Round(time.Millisecond), rss()>>20)
			if code != 0 && !strings.Contains(c.stderr.String(), "too long") {
				t.Errorf("neither added nor refused as too long: %s", c.stderr.String())
			}
			if took > tc.took || rss() > tc.rss {
				t.Errorf("took %v (limit %v), peak RSS %d MB (limit %d MB)", took, tc.took, rss()>>20, tc.rss>>20)
			}
		})
	}
	t.Run("dev-zero", func(t *testing.T) {
		dir := t.TempDir()
		c, rss := startMeasured(t, dir, "reports", "add", "/dev/zero")
		if code := c.wait(t, time.Minute); code == 0 || !strings.Contains(c.stderr.String(), "too large") {
			t.Errorf("/dev/zero: exit %d, %s", code, c.stderr.String())
		}
		if rss() > 200<<20 {
			t.Errorf("/dev/zero: peak RSS %d MB", rss()>>20)
		}
		if _, err := os.Stat(filepath.Join(dir, "reports")); err == nil {
			t.Errorf("a refused file created the data directory")
		}
	})
}

// TestAskLinesOverLongLine answers a 2 MB line with an error object and
// goes on with the next line.
func TestAskLinesOverLongLine(t *testing.T) {
	in := "会员卡发出去多少张?\n" + strings.Repeat("长", 700000) + "\n全国模范职工之家有多少个?\n"
	code, out, errOut := runCmd(t, t.TempDir(), in, "ask", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], `"error"`) || !strings.Contains(lines[2], "模范职工之家") {
		t.Errorf("%d lines: %.300s", len(lines), out)
	}
}

// indexedForChat is the built binary and a data directory with its index
// built, so that chat started on it is at its prompt at once.
func indexedForChat(t *testing.T) (exe, dir string) {
	t.Helper()
	exe, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	runChild(t, dir, "reports", "list")
	return exe, dir
}

// TestSignalsStopTheProcess: SIGTERM ends chat waiting for a line of a
// pipe whose writer stays open, and when a command does not stop on the
// first signal (here paused in a change), the next SIGINT kills it, as a
// second Ctrl-C should.
func TestSignalsStopTheProcess(t *testing.T) {
	exe, dir := indexedForChat(t)

	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	cmd := exec.Command(exe, "chat")
	cmd.Stdin = pr
	chat := startCmd(t, cmd, dir, nil)
	pr.Close()
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(chat.stdout.String(), "> ") {
		if time.Now().After(deadline) {
			t.Fatalf("chat: no prompt within a minute: %s", chat.stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	chat.cmd.Process.Signal(syscall.SIGTERM)
	if code := chat.wait(t, 30*time.Second); code != 0 {
		t.Errorf("chat stopped by SIGTERM: exit %d: %s", code, chat.stderr.String())
	}

	paused := startChild(t, dir, []string{pauseEnv + "=before-current"}, "reindex")
	paused.waitStderr(t, "paused at before-current", time.Minute)
	for range 50 {
		paused.cmd.Process.Signal(os.Interrupt)
		select {
		case <-paused.done:
			if ws, ok := paused.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != os.Interrupt {
				t.Errorf("reindex after a second SIGINT: %v", paused.cmd.ProcessState)
			}
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Errorf("reindex still running after 50 SIGINTs: only SIGKILL ends it")
}

// TestSignalStopsChatAtATerminal: at a terminal chat reads with liner,
// in raw mode, which does not watch the context: the first SIGTERM left
// it at its prompt, and only a second one killed it, the terminal left
// raw. Now the first one ends it (exit 0) with the terminal's mode
// given back. Linux only (a pseudo terminal opened by hand).
func TestSignalStopsChatAtATerminal(t *testing.T) {
	exe, dir := indexedForChat(t)

	cmd := exec.Command(exe, "chat")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "REPORTBOT_DATA=" + dir, "TERM=xterm"}
	ptmx, tty, err := startOnPty(cmd)
	if err != nil {
		t.Skipf("no pseudo terminal: %v", err)
	}
	defer tty.Close()
	defer ptmx.Close() // ends the read below
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	defer func() { cmd.Process.Kill(); <-done }()
	var seen syncBuffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			seen.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	// At the prompt, in raw mode: liner sets it before it writes the prompt.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		ok, err := cooked(tty)
		if strings.Contains(seen.String(), "> ") && err == nil && !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chat: no prompt in raw mode within a minute: %q (cooked %v, %v)", seen.String(), ok, err)
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("chat at a terminal still at its prompt 10s after SIGTERM")
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("chat stopped by SIGTERM: exit %d: %q", code, seen.String())
	}
	if ok, err := cooked(tty); err != nil || !ok {
		t.Errorf("chat left the terminal in raw mode (%v)", err)
	}
}
