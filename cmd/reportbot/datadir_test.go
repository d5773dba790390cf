package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/fakebotapi"
)

// nonroot is the user the Docker image runs as (distroless's nonroot).
const nonroot = 65532

// TestDataDirOfANonRootServer starts the built binary's serve as the
// image does, as a user that is not root, on a data directory it cannot
// write (as a volume owned by root is): it stops in one line naming the
// directory and the user. On a directory the user owns it starts, and
// health --ready passes. Run as root, the test drops to uid 65532 for
// the child; run as another user, it uses a directory without write
// permission.
func TestDataDirOfANonRootServer(t *testing.T) {
	exe, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	api := fakebotapi.New(t)
	base := t.TempDir()
	readOnly, writable := filepath.Join(base, "root-owned"), filepath.Join(base, "owned")
	for _, d := range []string{readOnly, writable} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var cred *syscall.Credential
	user := os.Getuid()
	if user == 0 {
		// The child must reach its binary and the directories.
		buildDir, _ := buildDir()
		for _, d := range []string{buildDir, base, filepath.Dir(base)} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chown(writable, nonroot, nonroot); err != nil {
			t.Fatal(err)
		}
		cred, user = &syscall.Credential{Uid: nonroot, Gid: nonroot}, nonroot
	} else if err := os.Chmod(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	serve := func(dir string, env ...string) (*child, error) {
		cmd := exec.Command(exe, "serve")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		env = append(env, "TELEGRAM_BOT_TOKEN="+testToken, "TELEGRAM_API_URL="+api.URL)
		c := &child{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "REPORTBOT_DATA=" + dir}, env...)
		cmd.Stdout, cmd.Stderr = c.stdout, c.stderr
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		go func() { cmd.Wait(); close(c.done) }()
		t.Cleanup(func() { cmd.Process.Kill(); <-c.done })
		return c, nil
	}

	c, err := serve(readOnly)
	if errors.Is(err, syscall.EPERM) {
		t.Skipf("cannot start a process as uid %d here: %v (TestDataDirNotADirectory still runs the same check)", nonroot, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	code := c.wait(t, time.Minute)
	msg := strings.TrimSpace(c.stderr.String())
	want := fmt.Sprintf("reportbot serve: data directory %s cannot be written (permission denied for user %d)", readOnly, user)
	if code != 1 || strings.Count(msg, "\n") > 0 || !strings.HasPrefix(msg, want) {
		t.Errorf("serve as uid %d on a directory it cannot write: exit %d, %q", user, code, msg)
	}
	if entries, _ := os.ReadDir(readOnly); len(entries) != 0 {
		t.Errorf("the refused start left %d entries in the directory", len(entries))
	}

	addr := freeAddr(t)
	c, err = serve(writable, "REPORTBOT_HTTP_ADDR="+addr)
	if err != nil {
		t.Fatal(err)
	}
	if got := waitHealthy(t, map[string]string{"REPORTBOT_HTTP_ADDR": addr}, "--ready"); !strings.Contains(got, "index: ok") {
		t.Errorf("health --ready: %q", got)
	}
	fi, err := os.Stat(filepath.Join(writable, "index", "CURRENT"))
	if err != nil {
		t.Fatalf("no index in the writable directory: %v; %s", err, c.stderr.String())
	}
	if st := fi.Sys().(*syscall.Stat_t); int(st.Uid) != user {
		t.Errorf("index written by uid %d, want %d", st.Uid, user)
	}
}

// TestDataDirNotADirectory gives commands a file where the data directory
// should be: each refuses in one line naming it. It is the same start-up
// check as above, and runs as any user.
func TestDataDirNotADirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(file, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		command string // as the error names it
		args    []string
	}{
		{"serve", []string{"serve", "--token", testToken}},
		{"reindex", []string{"reindex"}},
		{"ask", []string{"ask", "会员"}},
		{"reports list", []string{"reports", "list"}},
		// The commands that change through the admin socket, or else
		// the lock: not a dial error naming admin.sock.
		{"synonyms add", []string{"synonyms", "add", "劳模", "劳动模范"}},
		{"unanswered", []string{"unanswered", "--dismiss", "x"}},
	} {
		code, _, errOut := runCmd(t, file, "", tc.args...)
		if code != 1 || strings.TrimSpace(errOut) != "reportbot "+tc.command+": data directory "+file+" is not a directory" {
			t.Errorf("%v: exit %d, %q", tc.args, code, errOut)
		}
	}
	// And a data directory that cannot be created: its parent is a file.
	code, _, errOut := runCmd(t, filepath.Join(file, "sub"), "", "reindex")
	if code != 1 || !strings.HasPrefix(errOut, "reportbot reindex: data directory "+filepath.Join(file, "sub")+": not a directory") {
		t.Errorf("reindex under a file: exit %d, %q", code, errOut)
	}
}

// TestLongDataDirPath: with a data directory path of ~100 bytes or more,
// <dir>/admin.sock is longer than a unix socket's address holds. The
// commands that change the directory dial it first: with no server they
// must take the lock (they failed with "connect: invalid argument"), and
// beside serve they reach it (through the directory's descriptor).
func TestLongDataDirPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 60), strings.Repeat("e", 40))
	if code, _, errOut := runCmd(t, dir, "", "reports", "list"); code != 0 {
		t.Fatalf("reports list: %d %s", code, errOut)
	}
	for _, args := range [][]string{{"reindex"}, {"synonyms", "add", "劳模", "劳动模范"}} {
		if code, _, errOut := runCmd(t, dir, "", args...); code != 0 {
			t.Errorf("%v on a %d-byte data dir path, no server running: exit %d: %s", args, len(dir), code, strings.TrimSpace(errOut))
		}
	}
	if runtime.GOOS != "linux" {
		return
	}
	api := fakebotapi.New(t)
	defer serveInProcess(t, dir, api)()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "admin.sock")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("serve made no admin.sock within 30s")
		}
	}
	// With the lock held by serve, only the socket gets it done at once.
	code, out, errOut := runCmd(t, dir, "", "synonyms", "remove", "劳模", "劳动模范")
	if code != 0 {
		t.Errorf("synonyms remove beside serve: exit %d: %s %s", code, out, strings.TrimSpace(errOut))
	}
}

// serviceUsersDir makes a data directory owned by the service's user
// (nonroot, as the image's /data) in base, and run, which runs the
// binary on it as cred (nil: root, as the admin's sudo) and returns its
// output and exit code. It skips a test not run as root.
func serviceUsersDir(t *testing.T) (base, dir string, run func(cred *syscall.Credential, args ...string) (string, int)) {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("needs root to act as the admin's sudo")
	}
	exe, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	base = t.TempDir()
	buildDir, _ := buildDir()
	for _, d := range []string{buildDir, base, filepath.Dir(base)} {
		os.Chmod(d, 0o755)
	}
	dir = filepath.Join(base, "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, nonroot, nonroot); err != nil {
		t.Fatal(err)
	}
	run = func(cred *syscall.Credential, args ...string) (string, int) {
		cmd := exec.Command(exe, args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "REPORTBOT_DATA=" + dir}
		out, _ := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), cmd.ProcessState.ExitCode()
	}
	return base, dir, run
}

// TestRootCLIOnServiceUsersDir: the service runs as 65532 on a directory
// it owns (the image's /data); an admin runs `sudo reportbot reports add`
// on it while serve is down. The files root wrote (0600, 0700) the owner
// could not read: its `reports list` and `reindex` silently left the
// report out. Now root's command refuses, naming the owner, and a report
// the owner cannot read is an error, not skipped.
func TestRootCLIOnServiceUsersDir(t *testing.T) {
	base, dir, run := serviceUsersDir(t)
	service := &syscall.Credential{Uid: nonroot, Gid: nonroot}
	if out, code := run(service, "reports", "list"); code != 0 {
		t.Skipf("cannot run as uid %d: exit %d %s", nonroot, code, out)
	}
	file := filepath.Join(base, "games.txt")
	os.WriteFile(file, []byte("职工运动会\n\n工会举办全省职工运动会,共有3000名职工参加。\n"), 0o644)
	for _, args := range [][]string{{"reports", "add", file}, {"reindex"}, {"synonyms", "add", "劳模", "劳动模范"}} {
		out, code := run(nil, args...) // root
		want := fmt.Sprintf("data directory %s belongs to user %d, not to this process's user 0", dir, nonroot)
		if code != 1 || !strings.Contains(out, want) || strings.Count(out, "\n") > 0 {
			t.Errorf("root's %v on the service's directory: exit %d, %q", args, code, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "reports", "games")); err == nil {
		t.Error("root's refused add wrote the report")
	}

	// A report folder the owner cannot read (as root's add wrote them
	// before) fails the list and the reindex rather than leaving it out.
	games := filepath.Join(dir, "reports", "games")
	if err := os.Mkdir(games, 0o700); err != nil {
		t.Fatal(err)
	}
	meta, _ := os.ReadFile(filepath.Join(dir, "reports", "guizhou-trade-union-2023", "meta.json"))
	os.WriteFile(filepath.Join(games, "meta.json"), meta, 0o600)
	for _, args := range [][]string{{"reports", "list"}, {"reindex"}} {
		out, code := run(service, args...)
		if code != 1 || !strings.Contains(out, filepath.Join(games, "meta.json")) || !strings.Contains(out, "permission denied") {
			t.Errorf("the owner's %v with a report it cannot read: exit %d, %q", args, code, out)
		}
	}
}

// TestRootReaderOnServiceUsersDir: the readers (ask, reports list …)
// repair the directory under its lock when they find it needs it and no
// one holds the lock, and build the first index of an empty one. Root's
// `sudo reportbot ask` on the service's directory, serve down, did so as
// root: a LOCK file and report folders of 0600/0700 the owner could not
// open, so its reports list, reindex and serve all failed. Now root's
// reader refuses as root's writer does when it has no index to answer
// from, and answers from the index it has, warning, when there is one;
// it writes nothing, and the owner's commands still work after.
func TestRootReaderOnServiceUsersDir(t *testing.T) {
	_, dir, run := serviceUsersDir(t)
	rootOwned := func() (paths []string) {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if fi, err := d.Info(); err == nil && fi.Sys().(*syscall.Stat_t).Uid == 0 {
				paths = append(paths, strings.TrimPrefix(p, dir))
			}
			return nil
		})
		return paths
	}
	refusal := fmt.Sprintf("data directory %s belongs to user %d, not to this process's user 0", dir, nonroot)
	service := &syscall.Credential{Uid: nonroot, Gid: nonroot}
	owners := func(when string) {
		t.Helper()
		for _, args := range [][]string{{"reports", "list"}, {"reindex"}} {
			if out, code := run(service, args...); code != 0 {
				t.Errorf("the owner's %v %s: exit %d: %s", args, when, code, out)
			}
		}
	}

	// The image's /data before the service's first start: empty.
	for _, args := range [][]string{{"ask", "会员卡发出去多少张?"}, {"reports", "list"}} {
		out, code := run(nil, args...)
		if code != 1 || !strings.Contains(out, refusal) || strings.Count(out, "\n") > 0 {
			t.Errorf("root's %v on the service's empty directory: exit %d, %q", args, code, out)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("root's refused readers left %d entries in the empty directory", len(entries))
	}
	owners("on its fresh directory after root's readers")

	// The live index lost (a crash, a disk cleaned): nothing to answer from.
	if err := os.Remove(filepath.Join(dir, "index", "CURRENT")); err != nil {
		t.Fatal(err)
	}
	if out, code := run(nil, "ask", "会员卡发出去多少张?"); code != 1 || !strings.Contains(out, refusal) {
		t.Errorf("root's ask with the index to rebuild: exit %d, %q", code, out)
	}
	if paths := rootOwned(); len(paths) > 0 {
		t.Errorf("root's ask wrote %d root-owned entries, e.g. %v", len(paths), paths[:min(4, len(paths))])
	}
	owners("after root's ask on its directory without an index")

	// A leftover to clean up, the index still live: root answers from it.
	leftover := filepath.Join(dir, "index", "gen-leftover")
	if err := os.Mkdir(leftover, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chown(leftover, nonroot, nonroot)
	out, code := run(nil, "ask", "会员卡发出去多少张?")
	if code != 0 || !strings.Contains(out, "281.59") || !strings.Contains(out, "not repaired: "+refusal) {
		t.Errorf("root's ask with a leftover beside the live index: exit %d, %q", code, out)
	}
	if _, err := os.Stat(leftover); err != nil {
		t.Errorf("root's ask removed the owner's leftover: %v", err)
	}
	if paths := rootOwned(); len(paths) > 0 {
		t.Errorf("root's ask wrote %d root-owned entries, e.g. %v", len(paths), paths[:min(4, len(paths))])
	}
	owners("after root's ask beside a leftover")
}
