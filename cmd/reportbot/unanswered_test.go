package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/answer"
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
