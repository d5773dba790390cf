package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"
)

var update = flag.Bool("update", false, "rewrite README.md's configuration table")

// parseWith parses args with the environment vars, as run does, and
// returns what the command line set.
func parseWith(t *testing.T, vars map[string]string, args ...string) (*cli, error) {
	t.Helper()
	var c cli
	e := &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(k string) string { return vars[k] }}
	k, err := parser(&c, e, defaultVars(), func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	_, err = k.Parse(args)
	return &c, err
}

const testToken = "123456:TESTtokenTESTtokenTESTtoken"

func TestSettingsFromEnvironmentAndFlags(t *testing.T) {
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN":       testToken,
		"REPORTBOT_DATA":           "/srv/reportbot",
		"REPORTBOT_ANALYZER":       "cjk",
		"REPORTBOT_LOCK_TIMEOUT":   "2s",
		"REPORTBOT_RATE_LIMIT":     "5",
		"REPORTBOT_ADMINS":         "11, 22",
		"REPORTBOT_MAX_UPLOAD_MB":  "7",
		"REPORTBOT_HTTP_ADDR":      "127.0.0.1:9090",
		"REPORTBOT_WEBHOOK_URL":    "https://bot.example.org/hook",
		"REPORTBOT_WEBHOOK_SECRET": "s3cret_-",
		"REPORTBOT_LISTEN":         ":8443",
		"TELEGRAM_API_URL":         "http://127.0.0.1:8081",
	}
	c, err := parseWith(t, env, "serve")
	if err != nil {
		t.Fatal(err)
	}
	s := c.Serve
	got := fmt.Sprintln(s.Data, s.Analyzer, s.LockTimeout, s.RateLimit, s.Admins, s.MaxUploadMB, s.HTTPAddr, s.WebhookURL, s.WebhookSecret, s.Listen, s.APIURL, s.Token == testToken)
	want := "/srv/reportbot cjk 2s 5 [11 22] 7 127.0.0.1:9090 https://bot.example.org/hook s3cret_- :8443 http://127.0.0.1:8081 true\n"
	if got != want {
		t.Errorf("serve from the environment:\n got %s\nwant %s", got, want)
	}

	// A flag wins over its variable.
	c, err = parseWith(t, env, "serve", "--rate-limit", "0", "--data", "/tmp/x", "--admins", "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Serve.RateLimit != 0 || c.Serve.Data != "/tmp/x" || len(c.Serve.Admins) != 0 {
		t.Errorf("flags over the environment: rate %d, data %s, admins %v", c.Serve.RateLimit, c.Serve.Data, c.Serve.Admins)
	}

	// One variable sets the same setting in every command; --max-mb is
	// still accepted for --max-upload-mb.
	c, err = parseWith(t, env, "reports", "add", "f.txt")
	if err != nil {
		t.Fatal(err)
	}
	if c.Reports.Add.MaxUploadMB != 7 || c.Reports.Data != "/srv/reportbot" {
		t.Errorf("reports add: max %d MB, data %s", c.Reports.Add.MaxUploadMB, c.Reports.Data)
	}
	c, err = parseWith(t, nil, "reports", "add", "--max-mb", "3", "f.txt")
	if err != nil || c.Reports.Add.MaxUploadMB != 3 {
		t.Errorf("--max-mb 3: %v, %d", err, c.Reports.Add.MaxUploadMB)
	}
	c, err = parseWith(t, env, "health")
	if err != nil || c.Health.HTTPAddr != "127.0.0.1:9090" || c.Health.Timeout != 5*time.Second {
		t.Errorf("health: %v, %q, %v", err, c.Health.HTTPAddr, c.Health.Timeout)
	}

	// Defaults, with nothing set.
	c, err = parseWith(t, nil, "ask", "x")
	if err != nil {
		t.Fatal(err)
	}
	if c.Ask.Analyzer != "zh_gse" || c.Ask.LockTimeout != 30*time.Second || c.Ask.Data == "" {
		t.Errorf("ask defaults: %+v", c.Ask.storeFlags)
	}
}

// TestMalformedSettingsAreRefused runs commands with one bad setting
// each: exit 2, one line naming the variable or flag and what is wanted,
// and never a secret's value.
func TestMalformedSettingsAreRefused(t *testing.T) {
	tests := []struct {
		env, value string
		args       []string
		want       string
	}{
		{"REPORTBOT_RATE_LIMIT", "abc", []string{"serve"}, `REPORTBOT_RATE_LIMIT="abc": not a number`},
		{"REPORTBOT_RATE_LIMIT", "-1", []string{"serve"}, `REPORTBOT_RATE_LIMIT="-1": must be at least 0`},
		{"REPORTBOT_MAX_UPLOAD_MB", "20MB", []string{"serve"}, `REPORTBOT_MAX_UPLOAD_MB="20MB": not a number`},
		{"REPORTBOT_MAX_UPLOAD_MB", "0", []string{"reports", "add", "x.txt"}, `REPORTBOT_MAX_UPLOAD_MB="0": must be at least 1`},
		{"REPORTBOT_MAX_UPLOAD_MB", "8796093022208", []string{"reports", "add", "x.txt"}, `REPORTBOT_MAX_UPLOAD_MB="8796093022208": must be at most 1024`},
		{"REPORTBOT_MAX_UPLOAD_MB", "1025", []string{"reports", "add", "x.txt"}, `REPORTBOT_MAX_UPLOAD_MB="1025": must be at most 1024`},
		{"REPORTBOT_LOCK_TIMEOUT", "30", []string{"ask", "x"}, `REPORTBOT_LOCK_TIMEOUT="30": not a duration`},
		{"REPORTBOT_ANALYZER", "standard", []string{"ask", "x"}, `REPORTBOT_ANALYZER="standard": not an analyzer (want one of zh_gse, cjk)`},
		{"REPORTBOT_ADMINS", "12,@boss", []string{"serve"}, `REPORTBOT_ADMINS="12,@boss": "@boss" is not a Telegram user ID`},
		{"TELEGRAM_API_URL", "api.telegram.org", []string{"serve"}, `TELEGRAM_API_URL="api.telegram.org": not an http:// or https:// URL`},
		{"REPORTBOT_WEBHOOK_URL", "ftp://x/y", []string{"serve"}, `REPORTBOT_WEBHOOK_URL="ftp://x/y": not an http:// or https:// URL`},
		{"REPORTBOT_LISTEN", "8080", []string{"serve"}, `REPORTBOT_LISTEN="8080": not an address to listen on`},
		{"REPORTBOT_HTTP_ADDR", "localhost", []string{"serve"}, `REPORTBOT_HTTP_ADDR="localhost": not an address to listen on`}, // health exits 1: TestHealthCommandFails
		{"REPORTBOT_WEBHOOK_SECRET", "has spaces and secrets", []string{"serve"}, `REPORTBOT_WEBHOOK_SECRET: not a webhook secret`},
		{"TELEGRAM_BOT_TOKEN", "secret-but-malformed", []string{"serve"}, `TELEGRAM_BOT_TOKEN: not a bot token`},
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			vars := map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "REPORTBOT_DATA": t.TempDir(), tt.env: tt.value}
			code, errOut := runEnv(t, vars, tt.args...)
			prefix := "reportbot " + tt.args[0] + ": "
			if tt.args[0] == "reports" {
				prefix = "reportbot reports add: "
			}
			if code != 2 || !strings.HasPrefix(errOut, prefix+tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 || !strings.Contains(errOut, "--help") {
				t.Errorf("exit %d, %q\nwant exit 2, one line starting %q", code, errOut, prefix+tt.want)
			}
			if strings.Contains(errOut, "secret") && strings.Contains(errOut, tt.value) || strings.Contains(errOut, "TESTtoken") {
				t.Errorf("a secret is printed: %q", errOut)
			}
		})
	}
	// The same checks on the command line name the flag.
	for args, want := range map[string]string{
		"ask --analyzer foo x":        `reportbot ask: --analyzer "foo": not an analyzer (want one of zh_gse, cjk)`,
		"eval --analyzer foo":         `reportbot eval: --analyzer "foo": not an analyzer (want one of zh_gse, cjk)`,
		"eval --baseline foo":         `reportbot eval: --baseline "foo": not an analyzer`,
		"serve --rate-limit 1.5":      `reportbot serve: --rate-limit "1.5": not a number`,
		"ask --lock-timeout=-1s x":    `reportbot ask: --lock-timeout "-1s": must not be negative`,
		"bench --sizes 10,x":          `reportbot bench: --sizes "10,x": "x" is not a number of reports`,
		"serve --http-addr :99999":    `reportbot serve: --http-addr ":99999": not an address to listen on`,
		"reports add --max-mb 0 f.md": `reportbot reports add: --max-upload-mb "0": must be at least 1`,
		// A negative number after a space reads as a short flag: it is
		// refused as a number, not as "expected value value".
		"unanswered --limit -1":    `reportbot unanswered: --limit "-1": must be at least 1`,
		"stats --days -5":          `reportbot stats: --days "-5": must be at least 1`,
		"serve --rate-limit -1":    `reportbot serve: --rate-limit "-1": must be at least 0`,
		"ask --lock-timeout -1s x": `reportbot ask: --lock-timeout "-1s": must not be negative`,
		"stats --days":             `reportbot stats: --days needs a value (see`,
		"ask --analyzer --json x":  `reportbot ask: --analyzer needs a value, not --json (write --analyzer=--json if that is the value)`,
	} {
		code, errOut := runEnv(t, map[string]string{"TELEGRAM_BOT_TOKEN": testToken}, strings.Fields(args)...)
		if code != 2 || !strings.HasPrefix(errOut, want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%s: exit %d, %q; want exit 2, one line starting %q", args, code, errOut, want)
		}
	}
}

// TestDataDirWithTilde: a data directory starting with ~ (REPORTBOT_DATA
// from a docker --env-file, a systemd Environment= line or a quoted
// assignment, where no shell expands it) is refused in one line, exit 2,
// where before it made a directory named "~" in the working directory.
func TestDataDirWithTilde(t *testing.T) {
	wd := t.TempDir()
	t.Chdir(wd)
	set := filepath.Join(t.TempDir(), "q.tsv")
	if err := os.WriteFile(set, []byte("会员卡发出去多少张?\t281.59万张\t会员卡\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		vars map[string]string
		args []string
		want string
	}{
		{map[string]string{"REPORTBOT_DATA": "~/reportbot"}, []string{"reports", "list"}, `reportbot reports list: REPORTBOT_DATA="~/reportbot": starts with ~`},
		{map[string]string{"REPORTBOT_DATA": "~"}, []string{"ask", "会员"}, `reportbot ask: REPORTBOT_DATA="~": starts with ~`},
		{nil, []string{"reindex", "--data", "~/reportbot"}, `reportbot reindex: --data "~/reportbot": starts with ~`},
		{map[string]string{"REPORTBOT_DATA": "~/reportbot"}, []string{"eval", set, "--baseline", ""}, `reportbot eval: REPORTBOT_DATA="~/reportbot": starts with ~`},
	} {
		code, errOut := runEnv(t, tc.vars, tc.args...)
		if code != 2 || !strings.HasPrefix(errOut, tc.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v %v: exit %d, %q; want exit 2, one line starting %q", tc.vars, tc.args, code, errOut, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(wd, "~")); err == nil {
		t.Errorf("made %s", filepath.Join(wd, "~"))
	}
}

// TestEmptyDataDir: --data "" is refused as a flag error, exit 2, where
// it failed with "open data dir: mkdir : no such file or directory"; for
// eval, whose --data has no default, it is none: the embedded report.
func TestEmptyDataDir(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{{"reports", "add", "--data", "", "x.txt"}, {"reindex", "--data", ""}, {"ask", "--data", " ", "会员"}, {"serve", "--data=", "--token", testToken}} {
		code, errOut := runEnv(t, nil, args...)
		want := "reportbot " + strings.Join(args[:min(2, len(args))], " ")
		if args[0] != "reports" {
			want = "reportbot " + args[0]
		}
		if want += `: --data "`; code != 2 || !strings.HasPrefix(errOut, want) || !strings.Contains(errOut, "empty") || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v: exit %d, %q; want exit 2, one line starting %q", args, code, errOut, want)
		}
	}
	c, err := parseWith(t, map[string]string{"REPORTBOT_DATA": t.TempDir()}, "eval", "q.tsv", "--data", "")
	if err != nil || c.Eval.Data != "" {
		t.Errorf("eval --data \"\": %q, %v; want none", c.Eval.Data, err)
	}
}

// runEnv runs reportbot in-process with exactly the environment vars.
func runEnv(t *testing.T, vars map[string]string, args ...string) (code int, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	return run(t.Context(), e, args), errb.String()
}

func TestBenchHelpShowsOnlyUserFlags(t *testing.T) {
	code, out, _ := runCmd(t, t.TempDir(), "", "bench", "--help")
	if code != 0 || strings.Contains(out, "--child") || strings.Contains(out, "internal") || !strings.Contains(out, "--sizes") {
		t.Errorf("bench --help: exit %d\n%s", code, out)
	}
}

// TestEveryFlagIsASettingOrAnOption keeps the configuration in one
// place: a flag has an environment variable (a setting) or says it is a
// choice of one run; a variable means one setting, with one default.
func TestEveryFlagIsASettingOrAnOption(t *testing.T) {
	k, err := parser(&cli{}, &env{getenv: func(string) string { return "" }}, defaultVars(), func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]*kong.Flag{}
	for _, f := range allFlags(k) {
		env, option := f.Tag.Get("envvar"), f.Tag.Has("option")
		switch {
		case env == "" && !option:
			t.Errorf("--%s has neither an envvar nor the option tag", f.Name)
		case env != "" && option:
			t.Errorf("--%s is both a setting (%s) and an option", f.Name, env)
		case env != "" && !strings.HasPrefix(env, "REPORTBOT_") && !strings.HasPrefix(env, "TELEGRAM_"):
			t.Errorf("--%s: variable %s is not REPORTBOT_ or TELEGRAM_", f.Name, env)
		}
		if env == "" || f.Name == "data" && f.Default == "" { // eval --data: the embedded report by default
			continue
		}
		if first, ok := seen[env]; ok && (first.Name != f.Name || first.Default != f.Default || first.Help != f.Help) {
			t.Errorf("%s sets --%s (default %q) and --%s (default %q) differently", env, first.Name, first.Default, f.Name, f.Default)
		}
		if f.Tag.Get("setting") == "" {
			t.Errorf("--%s (%s) has no setting name for README's table", f.Name, env)
		}
		seen[env] = f
	}
}

// allFlags lists every command's flags, commands in the order of cli.
func allFlags(k *kong.Kong) []*kong.Flag {
	var flags []*kong.Flag
	var walk func(n *kong.Node)
	walk = func(n *kong.Node) {
		for _, f := range n.Flags {
			if f.Name != "help" {
				flags = append(flags, f)
			}
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(k.Model.Node)
	return flags
}

// configTable renders README's configuration table from the flags: one
// row a setting.
func configTable(t *testing.T) string {
	vars := defaultVars()
	vars["data_dir"] = "the user cache dir (`~/.cache/reportbot`)"
	k, err := parser(&cli{}, &env{getenv: func(string) string { return "" }}, vars, func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		flag     *kong.Flag
		commands []string
	}
	var order []string
	rows := map[string]*row{}
	var walk func(n *kong.Node)
	walk = func(n *kong.Node) {
		for _, f := range n.Flags {
			env := f.Tag.Get("envvar")
			if env == "" {
				continue
			}
			r, ok := rows[env]
			if !ok {
				r = &row{flag: f}
				rows[env] = r
				order = append(order, env)
			}
			// A parent's flags (reports --data) belong to its commands.
			names := []string{strings.TrimSpace(n.Path())}
			if len(n.Children) > 0 {
				names = nil
				for _, c := range n.Children {
					names = append(names, strings.TrimSpace(c.Path()))
				}
			}
			if f.Default != r.flag.Default { // eval --data: the embedded report
				names[len(names)-1] += " (no default)"
			}
			r.commands = append(r.commands, names...)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(k.Model.Node)
	var sb strings.Builder
	sb.WriteString("| setting | flag | env | default | commands | meaning |\n|---|---|---|---|---|---|\n")
	for _, env := range order {
		r := rows[env]
		f := r.flag
		flagText := "`--" + f.Name + "`"
		for _, a := range f.Aliases {
			flagText += " (or `--" + a + "`)"
		}
		def := "—"
		switch {
		case f.Default == vars["data_dir"]:
			def = f.Default
		case f.Default != "":
			def = "`" + f.Default + "`"
		}
		cmds := slices.Compact(r.commands)
		fmt.Fprintf(&sb, "| %s | %s | `%s` | %s | %s | %s |\n", f.Tag.Get("setting"), flagText, env, def, strings.Join(cmds, ", "), f.Help)
	}
	return sb.String()
}

const (
	tableStart = "<!-- config-table: generated from cmd/reportbot's flags by `go test ./cmd/reportbot -run TestREADMEConfigTable -update` -->\n"
	tableEnd   = "<!-- /config-table -->"
)

// TestREADMEConfigTable checks README's configuration table against the
// flags (with -update, rewrites it).
func TestREADMEConfigTable(t *testing.T) {
	const readme = "../../README.md"
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i, j := strings.Index(text, tableStart), strings.Index(text, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q … %q section", strings.TrimSpace(tableStart), tableEnd)
	}
	want := configTable(t)
	if got := text[i+len(tableStart) : j]; got != want {
		if *update {
			if err := os.WriteFile(readme, []byte(text[:i+len(tableStart)]+want+text[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's configuration table is not the flags' (run go test ./cmd/reportbot -run TestREADMEConfigTable -update):\n got:\n%s\nwant:\n%s", got, want)
	}
}

// TestDockerfile checks the image's settings against the flags: each
// variable it sets is a setting whose value parses, its HEALTHCHECK is a
// valid health command line, and the data directory belongs to the user
// it runs as.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(b), "\\\n", " ")
	k, err := parser(&cli{}, &env{getenv: func(string) string { return "" }}, defaultVars(), func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]bool{}
	for _, f := range allFlags(k) {
		settings[f.Tag.Get("envvar")] = true
	}
	vars := map[string]string{"TELEGRAM_BOT_TOKEN": testToken}
	var user, owner string
	var health []string
	for _, line := range strings.Split(text, "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		switch fields[0] {
		case "ENV":
			name, value, _ := strings.Cut(fields[1], "=")
			if strings.HasPrefix(name, "REPORTBOT_") || strings.HasPrefix(name, "TELEGRAM_") {
				if !settings[name] {
					t.Errorf("Dockerfile sets %s, which is no setting", name)
				}
				vars[name] = value
			}
		case "USER":
			user = fields[1]
		case "COPY":
			if o, ok := strings.CutPrefix(fields[2], "--chown="); ok && strings.HasSuffix(line, " /data") {
				owner = o
			}
		case "HEALTHCHECK":
			_, cmd, _ := strings.Cut(line, "CMD ")
			for _, a := range strings.Split(strings.Trim(cmd, "[] "), ",") {
				health = append(health, strings.Trim(strings.TrimSpace(a), `"`))
			}
		}
	}
	if _, err := parseWith(t, vars, "serve"); err != nil {
		t.Errorf("serve with the image's settings: %v", err)
	}
	if len(health) < 2 || health[0] != "/usr/local/bin/reportbot" || health[1] != "health" {
		t.Fatalf("HEALTHCHECK runs %q, not reportbot health", health)
	}
	c, err := parseWith(t, vars, health[1:]...)
	if err != nil || c.Health.HTTPAddr == "" {
		t.Errorf("HEALTHCHECK %v: %v, address %q", health[1:], err, c.Health.HTTPAddr)
	}
	if user == "" || user != owner {
		t.Errorf("the image runs as %q and /data belongs to %q", user, owner)
	}
}
