package main

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/store/asklog"
)

// TestTryCommandSurvivesAShell: the TRY column of `reportbot unanswered`
// pasted into a shell adds the rule it names; unquoted, the shell took
// the > of => as a redirection, wrote a file named 服务卡 and ran
// "synonyms add 饭卡 =".
func TestTryCommandSurvivesAShell(t *testing.T) {
	cmd := tryCommand(answer.Suggestion{Word: "饭卡", For: "服务卡"})
	dir := t.TempDir()
	c := exec.Command("sh", "-c", `printf '%s\n' `+cmd)
	c.Dir = dir
	out, err := c.Output()
	if err != nil {
		t.Skipf("no sh: %v", err)
	}
	if got, want := strings.Split(strings.TrimSpace(string(out)), "\n"), []string{"synonyms", "add", "饭卡 => 服务卡"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s read by a shell: %q, want %q", cmd, got, want)
	}
}

// TestSynonymsAddShellRedirect: the rule a shell cut at its > (synonyms
// add 饭卡 => 服务卡, unquoted) is refused with the way out, quoting it,
// and nothing is made: also with more words after it (饭卡 => 服务卡
// 会员卡 leaves 饭卡 = 会员卡) and spelt -> (饭卡 -).
func TestSynonymsAddShellRedirect(t *testing.T) {
	for _, args := range [][]string{{"饭卡", "="}, {"饭卡="}, {"饭卡", "=", "会员卡"}, {"饭卡=", "会员卡"}, {"饭卡", "-"}} {
		dir := t.TempDir()
		code, _, errOut := runCmd(t, dir, "", append([]string{"synonyms", "add"}, args...)...)
		if code != 2 || !strings.Contains(errOut, "quote the rule") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("synonyms add %q: exit %d, stderr %q", args, code, errOut)
		}
	}
}

// TestUnansweredShowsTheReading: a follow-up the bot read with the
// question before it and did not answer is listed with that reading and
// the question it followed, and not counted as answered now for its
// message alone ("那女职工呢" alone is answered).
func TestUnansweredShowsTheReading(t *testing.T) {
	dir := t.TempDir()
	l, err := asklog.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	read := &asklog.Reading{Previous: "全省有多少职工?", Words: []string{"女职工", "全省", "有多少职工"}}
	if err := l.AskedAs(time.Now(), 1, "那女职工呢", read, false, "", ""); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, dir, "", "unanswered")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], " READ AS ") ||
		!strings.Contains(lines[1], " 那女职工呢  女职工 + 全省 + 有多少职工 (after 全省有多少职工?)") {
		t.Errorf("unanswered:\n%s", out)
	}
}
