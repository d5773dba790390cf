package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/fakebotapi"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store/dirlock"
)

// runCmd runs reportbot in-process with its data directory in dir.
func runCmd(t *testing.T, dir, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string {
			if k == "REPORTBOT_DATA" {
				return dir
			}
			return ""
		},
	}
	code = run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestAskReadable(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCmd(t, dir, "", "ask", "会员卡发出去多少张?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"281.59万张", "【会员】", "7 强基础 增活力"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The first run built the index in the data directory.
	if _, err := os.Stat(filepath.Join(dir, "index", "CURRENT")); err != nil {
		t.Errorf("no index in data dir: %v", err)
	}
}

func TestAskJSON(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCmd(t, dir, "", "ask", "--json", "疫情的时候帮小企业退了多少钱?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a struct {
		Found   bool `json:"found"`
		Passage struct {
			Text, Section, Report string
		} `json:"passage"`
		Figure *struct {
			Text, Label string
		} `json:"figure"`
		Alternatives []json.RawMessage `json:"alternatives"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if !a.Found || a.Figure == nil || a.Figure.Text != "10.44亿元" || !strings.Contains(a.Passage.Text, "返还小微企业") || a.Passage.Report == "" {
		t.Errorf("answer = %+v", a)
	}
}

func TestAskJSONLinesFromStdin(t *testing.T) {
	dir := t.TempDir()
	in := "会员卡发出去多少张?\n\n明天上海会下雨吗?\n" + strings.Repeat("长", 400) + "\n全国模范职工之家有多少个?\n"
	code, out, errOut := runCmd(t, dir, in, "ask", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines, want 4:\n%s", len(lines), out)
	}
	var got []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		got = append(got, m)
	}
	if got[0]["found"] != true || got[1]["found"] != false || got[2]["error"] == nil || got[3]["found"] != true {
		t.Errorf("answers: %v", got)
	}
	if fig, _ := got[3]["figure"].(map[string]any); fig["text"] != "96个" {
		t.Errorf("figure of line 4 = %v", got[3]["figure"])
	}
}

// TestAskLinesEncoding: a byte order mark before the first line is no
// part of the question; a line that is not UTF-8 (GBK) yields an error
// object, where it was asked as mojibake and not found, and the next line
// is asked. chat says so too.
func TestAskLinesEncoding(t *testing.T) {
	dir := t.TempDir()
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("会员卡发出去多少张?")
	if err != nil {
		t.Fatal(err)
	}
	in := "\uFEFF会员卡发出去多少张?\n" + gbk + "\n全国模范职工之家有多少个?\n"
	code, out, errOut := runCmd(t, dir, in, "ask", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		got = append(got, m)
	}
	if len(got) != 3 {
		t.Fatalf("%d answers, want 3:\n%s", len(got), out)
	}
	if got[0]["question"] != "会员卡发出去多少张?" || got[0]["found"] != true {
		t.Errorf("first line, after a byte order mark: %v", got[0])
	}
	if e, _ := got[1]["error"].(string); !strings.Contains(e, "not UTF-8") || strings.Contains(e, "\n") {
		t.Errorf("a GBK line: %v, want an error saying it is not UTF-8", got[1])
	}
	if got[2]["found"] != true {
		t.Errorf("the line after it: %v", got[2])
	}
	code, out, errOut = runCmd(t, dir, gbk+"\n会员卡发出去多少张?\n", "chat")
	if code != 0 || !strings.Contains(out, "不是 UTF-8") || !strings.Contains(out, "281.59万张") {
		t.Errorf("chat with a GBK line: exit %d, %s\n%s", code, errOut, out)
	}
}

func TestErrorsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"unknown command", []string{"frobnicate"}, 2},
		{"no question", []string{"ask"}, 2},
		{"empty question", []string{"ask", "  "}, 1},
		{"missing eval file", []string{"eval", filepath.Join(dir, "nope.tsv")}, 1},
		{"bad flag", []string{"ask", "--nope", "x"}, 2},
		{"no reports action", []string{"reports"}, 2},
		{"unknown reports action", []string{"reports", "rename", "x"}, 2},
		{"two eval files", []string{"eval", "a.tsv", "b.tsv"}, 2},
		{"reports add from stdin", []string{"reports", "add", "-"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, dir, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if errOut == "" || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("error is not one line: %q", errOut)
			}
			if tt.code == 2 && !strings.Contains(errOut, "--help") {
				t.Errorf("usage error without the --help hint: %q", errOut)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"ask", "--help"}, {"eval", "-h"}, {"chat", "--help"}, {"help", "serve"}, {"reports", "add", "--help"}} {
		code, out, errOut := runCmd(t, t.TempDir(), "", args...)
		if code != 0 || !strings.Contains(out, "Usage: reportbot") || errOut != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	// Without a command, the usage is the error.
	code, out, errOut := runCmd(t, t.TempDir(), "")
	if code != 2 || out != "" || !strings.Contains(errOut, "Commands:") {
		t.Errorf("no command: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestChat(t *testing.T) {
	// A line of spaces is skipped, not the end; 退出 ends the chat and
	// what follows it is not asked.
	in := "贵州全省有多少职工?\n   \n\t\n会员卡发出去多少张?\n退出\n疫情的时候帮小企业退了多少钱?\n"
	code, out, errOut := runCmd(t, t.TempDir(), in, "chat")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"700多万", "281.59万张", "Ctrl-D"} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "10.44亿元") {
		t.Errorf("chat went on after 退出:\n%s", out)
	}
	// From a pipe, the last prompt's line is ended, as at end of input.
	if !strings.HasSuffix(out, "> \n") {
		t.Errorf("chat left by 退出 does not end its last line: %q", out[max(0, len(out)-20):])
	}
	// End of input ends it too, after the last question.
	code, out, errOut = runCmd(t, t.TempDir(), "会员卡发出去多少张?", "chat")
	if code != 0 || !strings.Contains(out, "281.59万张") {
		t.Errorf("chat to EOF: exit %d, %s\n%s", code, errOut, out)
	}
}

// TestChatSpeaksChinese: chat refuses an over-long question in the
// bot's Chinese words, and one with no words in Chinese too, where it
// printed answer's English errors.
func TestChatSpeaksChinese(t *testing.T) {
	code, out, errOut := runCmd(t, t.TempDir(), strings.Repeat("长", 400)+"\n???\n", "chat")
	if code != 0 || !strings.Contains(out, bot.TooLongReply()) || !strings.Contains(out, "请写上问题") || strings.Contains(out, "the question is") {
		t.Errorf("exit %d, %s\n%s", code, errOut, out)
	}
}

// TestChatExampleFollowsTheReports: chat's hint offers an example the
// reports answer, as the bot's do: none once the embedded report the
// examples were written for is removed.
func TestChatExampleFollowsTheReports(t *testing.T) {
	if code, out, _ := runCmd(t, t.TempDir(), "???\n", "chat"); code != 0 || !strings.Contains(out, "请写上问题,例如:工会会员有多少人?") {
		t.Errorf("on the embedded report: exit %d\n%s", code, out)
	}
	dir := t.TempDir()
	plan := filepath.Join(t.TempDir(), "plan-2024.md")
	if err := os.WriteFile(plan, []byte("# 2024年工作要点\n\n全年计划新建职工驿站320个。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"reports", "add", plan}, {"reports", "remove", "guizhou-trade-union-2023"}} {
		if code, _, errOut := runCmd(t, dir, "", args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	if code, out, _ := runCmd(t, dir, "???\n", "chat"); code != 0 || !strings.Contains(out, "请写上问题。") {
		t.Errorf("without the embedded report: exit %d\n%s", code, out)
	}
}

// TestChatLean: a message answered alone that may lean on the question
// before it says so, and 接着 reads it with that question, as the bot's
// button does; the next message leans on that reading.
func TestChatLean(t *testing.T) {
	in := "接着\n参加职工医疗互助的累计有多少人次\n截止到啥时候的数?\n接着\n那发了多少钱\n接着\n"
	code, out, errOut := runCmd(t, t.TempDir(), in, "chat")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// With nothing offered, 接着 says so and asks nothing: first, and
	// after a message read with the one before it.
	if n := strings.Count(out, "上一句没有别的理解可选。"); n != 2 {
		t.Errorf("接着 with nothing offered said so %d times, want 2:\n%s", n, out)
	}
	offer := strings.Index(out, "输入“接着”")
	chosen := strings.Index(out, "▶ 2023年11月底")
	next := strings.Index(out, "▶ 6.19亿元")
	if offer < 0 || chosen < offer || next < chosen || !strings.Contains(out[offer:chosen], "(按「") {
		t.Errorf("offer at %d, chosen reading at %d, next at %d:\n%s", offer, chosen, next, out)
	}
}

// TestChatAlone: a message read with the question before it though alone
// it finds an answer too (it opens by pointing back) says its own answer
// is a word away, and 单独 gives it.
func TestChatAlone(t *testing.T) {
	const message = "这个数是截止到啥时候的?"
	dir := t.TempDir()
	in := "单独\n参加职工医疗互助的累计有多少人次\n" + message + "\n接着\n单独\n"
	code, out, errOut := runCmd(t, dir, in, "chat")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, alone, errOut := runCmd(t, dir, "", "ask", message)
	if code != 0 {
		t.Fatalf("ask: exit %d: %s", code, errOut)
	}
	aloneFirst, _, _ := strings.Cut(strings.TrimSpace(alone), "\n")
	// With nothing offered, 单独 says so and asks nothing; the other word
	// than the one offered takes nothing either.
	if !strings.Contains(out, "上一句没有别的理解可选。") || !strings.Contains(out, "上一句可选的理解请输入“单独”。") {
		t.Errorf("单独 with nothing offered, or 接着 offered 单独:\n%s", out)
	}
	offer := strings.Index(out, "输入“单独”按")
	if offer < 0 || !strings.Contains(out[:offer], "(按「") || strings.Contains(out[offer:], "(按「") ||
		aloneFirst == "" || !strings.Contains(out[offer:], aloneFirst) {
		t.Errorf("no offer of the message's own answer (%q), or not taken:\n%s", aloneFirst, out)
	}
}

// TestSignalEndsStdinReaders: chat (reading plain lines) and ask - wait
// for the next line of a stdin whose writer stays open, as a terminal or
// a producer does; a signal (ctx cancelled) must end them there, where
// before the read ignored it and only SIGKILL did. chat is left by the
// user: exit 0. ask - is a batch whose input was not all answered: exit
// 1, saying it was cancelled, so a script does not take the output for
// whole.
func TestSignalEndsStdinReaders(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"chat"}, 0, ""},
		{[]string{"ask", "-"}, 1, "reportbot ask: context canceled"},
	} {
		args := tc.args
		t.Run(args[0], func(t *testing.T) {
			pr, pw := io.Pipe()
			defer pw.Close()
			out := &lockedBuffer{b: &bytes.Buffer{}}
			var errb bytes.Buffer
			e := &env{stdin: pr, stdout: out, stderr: &errb, getenv: func(k string) string {
				if k == "REPORTBOT_DATA" {
					return dir
				}
				return ""
			}}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan int, 1)
			go func() { done <- run(ctx, e, args) }()
			// One question answered: the command is past its start and
			// waits for the next line.
			if _, err := io.WriteString(pw, "会员卡发出去多少张?\n"); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(time.Minute)
			for !strings.Contains(out.String(), "281.59万张") {
				if time.Now().After(deadline) {
					t.Fatalf("no answer within a minute: %s", out.String())
				}
				time.Sleep(10 * time.Millisecond)
			}
			cancel() // SIGINT / SIGTERM
			select {
			case code := <-done:
				if got := strings.TrimSpace(errb.String()); code != tc.code || got != tc.stderr {
					t.Errorf("reportbot %v after the signal: exit %d, %q; want %d, %q", args, code, got, tc.code, tc.stderr)
				}
			case <-time.After(10 * time.Second):
				pw.Close() // let it go
				<-done
				t.Errorf("reportbot %v still waiting for stdin 10s after its context ended", args)
			}
		})
	}
}

// TestInterruptedChangeSaysNothingChanged: a signal during reindex or
// reports add (here the context ending once the command holds the lock,
// while it indexes) says in one line that the change was interrupted and
// nothing changed, where it printed "reindex: build index: context
// canceled"; and nothing did.
func TestInterruptedChangeSaysNothingChanged(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("大报告\n\n")
	for i := range 3000 {
		if i%50 == 0 {
			fmt.Fprintf(&b, "一、第%d部分\n\n", i)
		}
		fmt.Fprintf(&b, "全年新建职工书屋%d个,配送图书%d万册,服务职工%d万人次。\n\n", i, 3*i, 7*i)
	}
	big := writeFile(t, t.TempDir(), "big.txt", b.String()) // seconds to index
	if code, _, errOut := runCmd(t, dir, "", "reports", "add", big); code != 0 {
		t.Fatalf("add: exit %d, %s", code, errOut)
	}
	state := func() string {
		_, list, _ := runCmd(t, dir, "", "reports", "list")
		current, _ := os.ReadFile(filepath.Join(dir, "index", "CURRENT"))
		return list + string(current)
	}
	before := state()
	for _, args := range [][]string{{"reindex"}, {"reports", "add", "--title", "另一份大报告", big}} {
		var out, errb bytes.Buffer // read once run returns
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string {
			if k == "REPORTBOT_DATA" {
				return dir
			}
			return ""
		}}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		go func() { done <- run(ctx, e, args) }()
		// Until the command holds the lock: bounded, and not past its
		// return (a command that fails first would never take it).
		deadline := time.After(10 * time.Second)
		for !dirlock.Held(dir) {
			select {
			case code := <-done:
				cancel()
				t.Fatalf("%v returned before it took the lock: exit %d, %s", args, code, errb.String())
			case <-deadline:
				cancel()
				t.Fatalf("%v did not take the lock within 10 s", args)
			case <-time.After(time.Millisecond):
			}
		}
		cancel() // SIGINT
		code := <-done
		want := "reportbot " + strings.Join(args[:min(2, len(args))], " ") + ": interrupted; nothing changed"
		if got := strings.TrimSpace(errb.String()); code != 1 || got != want {
			t.Errorf("%v interrupted: exit %d, %q; want 1, %q", args, code, got, want)
		}
		if after := state(); after != before {
			t.Errorf("%v interrupted changed the directory:\n%s\n→\n%s", args, before, after)
		}
		if l := leftovers(t, dir); len(l) > 0 {
			t.Errorf("%v interrupted left %v", args, l)
		}
	}
}

func TestEvalCommand(t *testing.T) {
	dir := t.TempDir()
	tsv := filepath.Join(dir, "q.tsv")
	neg := filepath.Join(dir, "neg.txt")
	os.WriteFile(tsv, []byte("会员卡发出去多少张?\t281.59万张\t会员服务卡\n省职工医院是什么定点医院?\t-\t定点医院\n"), 0o644)
	os.WriteFile(neg, []byte("明天上海会下雨吗?\n"), 0o644)
	code, out, errOut := runCmd(t, dir, "", "eval", tsv, "--negatives", neg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"zh_gse", "passage top-1 100.0% (2/2)", "negatives refused 100.0% (1/1)", "cjk"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	// --ablation and --calibrate run the suite: a file beside them is
	// refused, not silently left out.
	for _, flag := range []string{"--ablation", "--calibrate"} {
		if code, out, errOut := runCmd(t, dir, "", "eval", flag, tsv); code != 2 || out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("eval %s FILE: exit %d, %q, %q", flag, code, out, errOut)
		}
	}
	// The default suite is a path from the repository's top: elsewhere
	// the error says how to name it.
	if code, _, errOut := runCmd(t, dir, "", "eval", "--suite", filepath.Join(dir, "no-suite")); code != 1 || !strings.Contains(errOut, "--suite") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("eval of a missing suite: exit %d, %q", code, errOut)
	}
}

// TestEvalSuiteWithoutFollowupFiles: a suite with no follow-up files
// still asks its question sets' questions one after another and prints
// whether each was answered as alone (the consecutive sets), as the
// suite test holds every suite to.
func TestEvalSuiteWithoutFollowupFiles(t *testing.T) {
	dir := t.TempDir()
	sets := filepath.Join(dir, "suite", corpus.DefaultReportID)
	if err := os.MkdirAll(sets, 0o755); err != nil {
		t.Fatal(err)
	}
	rows := "会员卡发出去多少张?\t281.59万张\t会员服务卡\n省职工医院是什么定点医院?\t-\t定点医院\n"
	for _, name := range []string{"tuning.tsv", "heldout.tsv"} {
		if err := os.WriteFile(filepath.Join(sets, name), []byte(rows), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runCmd(t, dir, "", "eval", "--suite", filepath.Join(dir, "suite"), "--baseline", "")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"| " + corpus.DefaultReportID + "/tuning, consecutive | 0 | – | – | – | – | – | 100.0% (1/1) |",
		"| " + corpus.DefaultReportID + "/heldout, consecutive | 0 | – | – | – | – | – | 100.0% (1/1) |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
}

// TestEvalDataKeepsTheDirectorysIndex: eval --data only reads the data
// directory's reports and builds its own index of them for each analyzer
// it compares: on a directory built with cjk it neither rebuilds the live
// index with zh_gse (as it did, and the next cjk command rebuilt it back)
// nor refuses to evaluate zh_gse (as it did next, telling the user to
// rebuild the live bot's index with reindex --analyzer). A reader that
// searches the live index with another analyzer still refuses, saying
// what to do instead.
func TestEvalDataKeepsTheDirectorysIndex(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"REPORTBOT_DATA": dir, "REPORTBOT_ANALYZER": "cjk"}
	if code, errOut := runEnv(t, vars, "reports", "list"); code != 0 {
		t.Fatalf("reports list: %d %s", code, errOut)
	}
	current := func() string {
		b, _ := os.ReadFile(filepath.Join(dir, "index", "CURRENT"))
		return strings.TrimSpace(string(b))
	}
	before := current()
	set := filepath.Join(t.TempDir(), "q.tsv")
	if err := os.WriteFile(set, []byte("会员卡发出去多少张?\t281.59万张\t会员卡\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"eval", set, "--baseline", ""}, {"eval", set, "--analyzer", "zh_gse", "--baseline", ""}} {
		if code, errOut := runEnv(t, vars, args...); code != 0 {
			t.Errorf("%v on a cjk directory: exit %d, %q", args, code, strings.TrimSpace(errOut))
		}
		if after := current(); after != before {
			t.Errorf("%v rebuilt the directory's live index:\n before %s\n after  %s", args, before, after)
		}
	}
	code, errOut := runEnv(t, vars, "ask", "--analyzer", "zh_gse", "会员卡发出去多少张?")
	if code != 1 || !strings.Contains(errOut, "built with analyzer cjk, not zh_gse: set --analyzer (REPORTBOT_ANALYZER) to cjk") {
		t.Errorf("ask --analyzer zh_gse on a cjk index: exit %d, %q", code, strings.TrimSpace(errOut))
	}
	if after := current(); after != before {
		t.Errorf("ask --analyzer zh_gse rebuilt the directory's live index:\n before %s\n after  %s", before, after)
	}
}

// TestChangesKeepTheDirectorysAnalyzer: a command that changes the data
// directory with no analyzer given (no --analyzer, no REPORTBOT_ANALYZER)
// rebuilds with the analyzer the live index was built with, where it
// rebuilt a cjk directory with the default zh_gse; a given one changes it.
func TestChangesKeepTheDirectorysAnalyzer(t *testing.T) {
	dir := t.TempDir()
	analyzer := func() string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, "index", "CURRENT"))
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(string(b))
		return index.FingerprintAnalyzer(f[len(f)-1])
	}
	mine := writeFile(t, t.TempDir(), "mine.txt", "我的报告\n\n一、总体\n\n今年职工人数达到12万人。\n")
	vars := map[string]string{"REPORTBOT_DATA": dir}
	steps := []struct {
		env  string // REPORTBOT_ANALYZER
		args []string
		want string
	}{
		{"", []string{"reindex", "--analyzer", "cjk"}, "cjk"},
		{"", []string{"reports", "add", mine}, "cjk"},
		{"", []string{"reports", "remove", "mine"}, "cjk"},
		{"", []string{"reindex"}, "cjk"},
		{"", []string{"synonyms", "add", "劳模", "劳动模范"}, "cjk"},
		{"zh_gse", []string{"reindex"}, "zh_gse"},
		{"", []string{"reports", "add", mine}, "zh_gse"},
		{"", []string{"reindex", "--analyzer", "cjk"}, "cjk"},
		{"zh_gse", []string{"reindex", "--analyzer", "cjk"}, "cjk"}, // the flag over the variable
	}
	for _, s := range steps {
		vars["REPORTBOT_ANALYZER"] = s.env
		if code, errOut := runEnv(t, vars, s.args...); code != 0 {
			t.Fatalf("%v: exit %d, %s", s.args, code, errOut)
		}
		if got := analyzer(); got != s.want {
			t.Errorf("REPORTBOT_ANALYZER=%q %v: index built with %s, want %s", s.env, s.args, got, s.want)
		}
	}
	// serve too.
	api := fakebotapi.New(t)
	serve := map[string]string{"REPORTBOT_DATA": dir, "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": api.URL}
	stop := serveWith(t, serve)
	waitFile(t, filepath.Join(dir, "admin.sock"))
	stop()
	if got := analyzer(); got != "cjk" {
		t.Errorf("serve with no analyzer given: index built with %s, want cjk", got)
	}
}

func TestReportsCommand(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan-2024.md")
	os.WriteFile(plan, []byte("# 2024年贵州省总工会工作要点\n\n全年计划新建职工驿站320个,为户外劳动者提供休息场所。\n"), 0o644)
	code, out, errOut := runCmd(t, dir, "", "reports", "add", plan)
	if code != 0 || !strings.Contains(out, "added plan-2024") || !strings.Contains(out, "guizhou-trade-union-2023") {
		t.Fatalf("add: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCmd(t, dir, "", "ask", "--json", "2024年计划新建多少个职工驿站?")
	if code != 0 || !strings.Contains(out, `"text":"320个"`) || !strings.Contains(out, `"report_id":"plan-2024"`) {
		t.Errorf("ask after add: exit %d\n%s", code, out)
	}
	for _, bad := range []string{filepath.Join(dir, "missing.txt"), plan} {
		code, _, errOut = runCmd(t, dir, "", "reports", "add", bad)
		if code != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("add %s: exit %d, %q", bad, code, errOut)
		}
	}
	// The same title again says how to replace it or add it beside;
	// --replace says it replaced, and, with nothing of that title
	// stored, that it added.
	if code, _, errOut = runCmd(t, dir, "", "reports", "add", plan); !strings.Contains(errOut, "--replace") {
		t.Errorf("add of a stored title: exit %d, %q, want a hint of --replace", code, errOut)
	}
	if code, out, errOut = runCmd(t, dir, "", "reports", "add", "--replace", plan); code != 0 || !strings.HasPrefix(out, "replaced plan-2024 ") {
		t.Errorf("add --replace: exit %d\n%s%s", code, out, errOut)
	}
	other := filepath.Join(dir, "plan-2025.md")
	os.WriteFile(other, []byte("# 2025年贵州省总工会工作要点\n\n全年计划新建职工驿站300个。\n"), 0o644)
	if code, out, errOut = runCmd(t, dir, "", "reports", "add", "--replace", other); code != 0 || !strings.HasPrefix(out, "added plan-2025 ") || !strings.Contains(out, "(no report of this title was stored to replace)") {
		t.Errorf("add --replace of a new title: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCmd(t, dir, "", "reports", "remove", "plan-2024")
	if code != 0 || strings.Contains(out, "plan-2024 ") {
		t.Errorf("remove: exit %d\n%s", code, out)
	}
}

// TestReportsListShowsWholeIDs: reports list shows an ID longer than a
// cell whole, for reports remove to take as pasted; the title is cut
// shorter instead, so the table is no wider.
func TestReportsListShowsWholeIDs(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, t.TempDir(), "贵州省总工会关于进一步加强职工服务阵地建设工作的报告.md",
		"# "+strings.Repeat("职工服务阵地建设", 8)+"\n\n全年计划新建职工驿站320个。\n")
	if code, out, errOut := runCmd(t, dir, "", "reports", "add", file); code != 0 {
		t.Fatalf("add: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, dir, "", "reports", "list")
	if code != 0 {
		t.Fatalf("list: exit %d, %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	id := strings.Fields(lines[len(lines)-1])[0]
	if len(id) <= maxCellWidth || strings.Contains(id, "…") {
		t.Fatalf("the added report's ID in the list is %q, want one longer than %d, whole:\n%s", id, maxCellWidth, out)
	}
	last := lines[len(lines)-1]
	if at := runewidth.StringWidth(last[:strings.Index(last, "markdown")]); at > 2*(maxCellWidth+2) {
		t.Errorf("FORMAT starts at column %d, past two cells' %d: the title was not cut shorter\n%s", at, 2*(maxCellWidth+2), out)
	}
	if code, out, errOut := runCmd(t, dir, "", "reports", "remove", id); code != 0 {
		t.Errorf("remove %s as listed: exit %d\n%s%s", id, code, out, errOut)
	}
}

// TestReportsAddTitle: a --title of several lines or with tabs is kept
// on one line, so the list stays a table; one of 2,000 characters is
// refused in one line and changes nothing.
func TestReportsAddTitle(t *testing.T) {
	dir := t.TempDir()
	plan := writeFile(t, t.TempDir(), "plan.md", "# 计划\n\n全年计划新建职工驿站320个。\n")
	code, out, errOut := runCmd(t, dir, "", "reports", "add", plan, "--title", "line1\nline2\tthree")
	if code != 0 || !strings.Contains(out, `"line1 line2 three"`) {
		t.Fatalf("add: exit %d\n%s%s", code, out, errOut)
	}
	_, before, _ := runCmd(t, dir, "", "reports", "list")
	if n := strings.Count(before, "\n"); n != 3 || !strings.Contains(before, "line1 line2 three") {
		t.Errorf("list of two reports in %d lines:\n%s", n, before)
	}
	code, _, errOut = runCmd(t, dir, "", "reports", "add", plan, "--title", strings.Repeat("长", 2000))
	if code != 1 || !strings.Contains(errOut, "title refused: 2000 characters, the limit is 200") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("add with a title of 2,000 characters: exit %d, %q", code, errOut)
	}
	if _, after, _ := runCmd(t, dir, "", "reports", "list"); after != before {
		t.Errorf("a refused title changed the list:\n%s\n→\n%s", before, after)
	}
}

// TestReportsAddFromStdin: reports add - says it reads a file, not
// stdin, where it said "open -: no such file or directory".
func TestReportsAddFromStdin(t *testing.T) {
	code, _, errOut := runCmd(t, t.TempDir(), "一份报告\n", "reports", "add", "-")
	if code != 2 || !strings.Contains(errOut, "reads a file, not stdin") {
		t.Errorf("exit %d, %q", code, errOut)
	}
}

// TestCountsOfOne: a count of one is singular ("reindexed 1 report",
// "1 passage, 1 figure").
func TestCountsOfOne(t *testing.T) {
	dir := t.TempDir()
	if code, out, errOut := runCmd(t, dir, "", "reindex"); code != 0 || !strings.HasPrefix(out, "reindexed 1 report: 59 passages, 77 figures in ") {
		t.Errorf("reindex: exit %d, %q %s", code, out, errOut)
	}
	one := writeFile(t, t.TempDir(), "one.md", "# 计划\n\n全年计划新建职工驿站320个。\n")
	if code, out, errOut := runCmd(t, dir, "", "reports", "add", one); code != 0 || !strings.HasPrefix(out, `added one "计划": 1 passage, 1 figure; reindexed 2 reports in `) {
		t.Errorf("add: exit %d, %q %s", code, out, errOut)
	}
}

func TestServeRefusesBadConfig(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--token", ""},
		{"serve", "--token", "not-a-token"},
		{"serve", "--token", "123456:TESTtokenTESTtokenTESTtoken", "--admins", "12,abc"},
		{"serve", "--token", "123456:TESTtokenTESTtokenTESTtoken", "--webhook-url", "https://example.invalid/hook"},
	} {
		code, _, errOut := runCmd(t, t.TempDir(), "", args...)
		if code != 2 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || strings.Contains(errOut, "TESTtoken") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	// Telegram posts updates only over HTTPS (setWebhook would be
	// refused, and retried, forever); a self-hosted Bot API server takes
	// an http:// webhook. Parsed only: the refusal comes before serve runs.
	webhook := []string{"serve", "--token", testToken, "--webhook-url", "http://bot.internal/hook", "--webhook-secret", "s1"}
	if _, err := parseWith(t, nil, webhook...); !errors.As(err, new(*usageError)) || !strings.Contains(err.Error(), "https://") {
		t.Errorf("http:// webhook for Telegram's Bot API: %v", err)
	}
	if _, err := parseWith(t, nil, append(webhook, "--api-url", "http://127.0.0.1:8081")...); err != nil {
		t.Errorf("http:// webhook with --api-url: %v", err)
	}
	// So does a port other than 443, 80, 88 or 8443.
	for _, url := range []string{"https://bot.example.com:8080/hook", "https://bot.example.com:3000/telegram"} {
		webhook := []string{"serve", "--token", testToken, "--webhook-url", url, "--webhook-secret", "s1"}
		if _, err := parseWith(t, nil, webhook...); !errors.As(err, new(*usageError)) || !strings.Contains(err.Error(), "ports 443, 80, 88 and 8443") {
			t.Errorf("--webhook-url %s for Telegram's Bot API: %v", url, err)
		}
		if _, err := parseWith(t, nil, append(webhook, "--api-url", "http://127.0.0.1:8081")...); err != nil {
			t.Errorf("--webhook-url %s with --api-url: %v", url, err)
		}
	}
	// An empty --listen would take a port no proxy knows.
	if _, err := parseWith(t, nil, "serve", "--token", testToken, "--webhook-url", "https://bot.example.com/hook", "--webhook-secret", "s1", "--listen", ""); !errors.As(err, new(*usageError)) || !strings.Contains(err.Error(), "--listen") {
		t.Errorf("webhook with --listen \"\": %v", err)
	}
	for _, url := range []string{"https://bot.example.com/hook", "https://bot.example.com:8443/hook", "https://bot.example.com:88/hook"} {
		if _, err := parseWith(t, nil, "serve", "--token", testToken, "--webhook-url", url, "--webhook-secret", "s1"); err != nil {
			t.Errorf("--webhook-url %s: %v", url, err)
		}
	}
}

func TestServeAnswersThroughTheFakeBotAPI(t *testing.T) {
	srv := fakebotapi.New(t)
	dir := t.TempDir()
	stop := serveInProcess(t, dir, srv)
	srv.AddUpdate(`{"message":{"message_id":1,"date":1,"from":{"id":42,"is_bot":false,"first_name":"a"},"chat":{"id":77,"type":"private"},"text":"工会会员有多少人?"}}`)
	sent := srv.WaitFor("sendMessage", 1, 20*time.Second)
	stop()
	if len(sent) != 1 || sent[0].Params["chat_id"] != "77" || !strings.Contains(sent[0].Params["text"], "<b>693.96万人</b>") {
		t.Fatalf("reply: %+v", sent)
	}
}

// TestServeSendsTheReportsPhoto: an answer whose passage has a picture
// in the report gets the picture too, through serve's own wiring.
func TestServeSendsTheReportsPhoto(t *testing.T) {
	srv := fakebotapi.New(t)
	dir := t.TempDir()
	// A one-pixel PNG, inline in a saved page, as browsers save small images.
	const pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
	page := filepath.Join(t.TempDir(), "games.html")
	if err := os.WriteFile(page, []byte(`<html><head><meta charset="utf-8"><title>职工运动会</title></head><body><article><h1>职工运动会</h1>
<p>工会举办全省职工运动会,共有3000名职工参加,比赛持续两天,项目包括拔河和长跑。</p>
<figure><img src="data:image/png;base64,`+pixel+`" alt="职工运动会开幕式现场"><figcaption>职工运动会开幕式现场。</figcaption></figure>
<p>另外,工会还组织了职工书法比赛,收到作品500件。</p></article></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd(t, dir, "", "reports", "add", page); code != 0 {
		t.Fatalf("reports add: exit %d: %s", code, errOut)
	}
	stop := serveInProcess(t, dir, srv)
	srv.AddUpdate(`{"message":{"message_id":1,"date":1,"from":{"id":42,"is_bot":false,"first_name":"a"},"chat":{"id":77,"type":"private"},"text":"职工运动会有多少名职工参加?"}}`)
	photos := srv.WaitFor("sendPhoto", 1, 20*time.Second)
	stop()
	if len(photos) != 1 || photos[0].Params["chat_id"] != "77" || !strings.Contains(photos[0].Params["caption"], "职工运动会开幕式现场") {
		t.Fatalf("sendPhoto: %+v", photos)
	}
}

// TestLargerClientLimitBesideServe: reports add --max-upload-mb 30
// reads a 25 MB file and sends it to serve's admin socket, whose own limit
// is 20 MB: the server stops reading the request at its bound, and the
// command says the file is over the server's limit (it said "broken
// pipe").
func TestLargerClientLimitBesideServe(t *testing.T) {
	vars, stop := serveBeside(t)
	defer stop()
	dir := vars["REPORTBOT_DATA"]
	file := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(file, bytes.Repeat([]byte("工会会员693.96万人。\n"), 25<<20/26), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd(t, dir, "", "reports", "add", "--max-upload-mb", "30", file)
	if code == 0 {
		t.Fatal("a file over the server's limit was added")
	}
	if strings.Contains(errOut, "admin socket") || !strings.Contains(errOut, "over the server's 20 MB limit") {
		t.Errorf("want an error naming the server's 20 MB limit, got %q", strings.TrimSpace(errOut))
	}
}

// TestInterruptedChangeBesideServe: reports add beside serve goes through
// the admin socket. Interrupted (Ctrl-C, SIGTERM) while the server works,
// the command fails, and the server rolls the add back before the command
// exits, as the command does without serve (the server went on and added
// the report the user was told failed).
func TestInterruptedChangeBesideServe(t *testing.T) {
	vars, stop := serveBeside(t)
	defer stop()
	dir := vars["REPORTBOT_DATA"]

	// A report large enough that indexing it takes a while.
	var b strings.Builder
	b.WriteString("长篇报告\n\n")
	for i := 0; b.Len() < 400_000; i++ {
		fmt.Fprintf(&b, "第%d项工作完成投资%d万元,同比增长%d.%d%%,新建站点%d个。\n", i, 1000+i, i%30, i%10, i%500)
		if i%5 == 4 {
			b.WriteString("\n")
		}
	}
	file := filepath.Join(t.TempDir(), "long.txt")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond) // the user's Ctrl-C
	defer cancel()
	code := run(ctx, e, []string{"reports", "add", file})
	if code == 0 {
		t.Skipf("the add finished within 300ms; nothing to show (%s)", out.String())
	}
	// The command returned once the server had rolled the add back.
	if _, list, _ := runCmd(t, dir, "", "reports", "list"); strings.Contains(list, "长篇报告") {
		t.Errorf("reports add exited %d (%q) but the server added the report anyway:\n%s", code, strings.TrimSpace(errb.String()), list)
	}
}

// serveStarting starts serve on an empty data directory and returns as
// soon as serve holds the directory's lock, while it builds the first
// index; stop ends it.
func serveStarting(t *testing.T) (dir string, stop func()) {
	t.Helper()
	api := fakebotapi.New(t)
	dir = t.TempDir() // empty: serve's start builds the index
	vars := map[string]string{"REPORTBOT_DATA": dir, "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": api.URL}
	stop = serveWith(t, vars)
	for deadline := time.Now().Add(time.Minute); !strings.Contains(dirlock.Holder(dir), "reportbot serve"); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			stop()
			t.Fatal("serve did not take the lock within a minute")
		}
	}
	return dir, stop
}

// TestChangeDuringServesStart: a change asked while serve starts
// (holding the directory's lock to build its first index, its admin
// socket not up yet) goes through the socket once it is up. It waited
// for the lock, which serve holds for its whole life, and failed after
// --lock-timeout: "data directory in use: … (reportbot serve)".
func TestChangeDuringServesStart(t *testing.T) {
	dir, stop := serveStarting(t)
	defer stop()
	if _, err := os.Stat(filepath.Join(dir, "admin.sock")); err == nil {
		t.Skip("serve's start was over before the command could run")
	}
	code, out, errOut := runCmd(t, dir, "", "reindex", "--lock-timeout", "20s")
	if code != 0 || !strings.Contains(out, "reindexed 1 report:") {
		t.Errorf("reindex during serve's start: exit %d %q %s", code, out, strings.TrimSpace(errOut))
	}
}

// TestReadDuringServesFirstStart: a reader (reports list, ask) started
// while serve builds the first index waits for that index, not for the
// lock, which serve holds for its whole life: it failed after
// --lock-timeout with "no usable index … data directory in use".
func TestReadDuringServesFirstStart(t *testing.T) {
	dir, stop := serveStarting(t)
	defer stop()
	if _, err := os.Stat(filepath.Join(dir, "index", "CURRENT")); err == nil {
		t.Skip("serve built the index before the command could run")
	}
	code, out, errOut := runCmd(t, dir, "", "reports", "list", "--lock-timeout", "20s")
	if code != 0 || !strings.Contains(out, "embedded") {
		t.Errorf("reports list during serve's first start: exit %d %q %s", code, out, strings.TrimSpace(errOut))
	}
}

// waitFile waits until path exists.
func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within a minute", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// serveInProcess runs reportbot serve on dir against the fake Bot API;
// stop ends it and fails the test if it did not exit cleanly.
func serveInProcess(t *testing.T, dir string, srv *fakebotapi.Server) (stop func()) {
	t.Helper()
	return serveWith(t, map[string]string{"REPORTBOT_DATA": dir, "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": srv.URL})
}

// serveWith runs reportbot serve in this process with vars as its
// environment; stop ends it and fails the test, with serve's log, if it
// did not exit cleanly.
// serveBeside runs serve on a new data directory against a fake Bot API
// and waits for its admin socket, for a command to run beside it; vars
// are serve's settings, REPORTBOT_DATA the directory.
func serveBeside(t *testing.T) (vars map[string]string, stop func()) {
	t.Helper()
	api := fakebotapi.New(t)
	vars = map[string]string{"REPORTBOT_DATA": t.TempDir(), "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": api.URL}
	stop = serveWith(t, vars)
	waitFile(t, filepath.Join(vars["REPORTBOT_DATA"], "admin.sock"))
	return vars, stop
}

func serveWith(t *testing.T, vars map[string]string) (stop func()) {
	t.Helper()
	logs := &lockedBuffer{b: &bytes.Buffer{}}
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: logs, getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- run(ctx, e, []string{"serve"}) }()
	return func() {
		t.Helper()
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, logs.String())
		}
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  *bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func TestBenchCommand(t *testing.T) {
	code, out, errOut := runCmd(t, t.TempDir(), "", "bench", "--in-process", "--sizes", "1", "--rounds", "20", "--parallel", "50ms")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"reports", "p99", "answers/s", "zh_gse", "cjk", "zh_gse/cjk", "targets (zh_gse)", "p99 answer, 1 report"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}

	// One configuration as child processes report it, one building and one
	// answering: two reports whose older one repeats the newer, so only
	// the newer's passages are current.
	dir := t.TempDir()
	child := func(phase string) benchRun {
		t.Helper()
		code, out, errOut := runCmd(t, t.TempDir(), "", "bench", "--child", "--phase", phase, "--dir", dir, "--sizes", "2", "--analyzers", "zh_gse", "--rounds", "20", "--parallel", "50ms")
		if code != 0 {
			t.Fatalf("%s child exit %d: %s", phase, code, errOut)
		}
		var r benchRun
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%s child output is not a result: %v\n%s", phase, err, out)
		}
		return r
	}
	built := child("build")
	if built.Reports != 2 || built.Passages == 0 || built.IndexBytes <= 0 || built.BuildRSS <= 0 || built.P50 != 0 {
		t.Errorf("build child result = %+v", built)
	}
	r := child("answer")
	if r.Reports != 2 || r.Analyzer != "zh_gse" || r.Current == 0 || r.Current >= built.Passages || r.RSS <= 0 {
		t.Errorf("answer child result = %+v", r)
	}
	if r.P50 <= 0 || r.P99 < r.P50 || r.PerSecond <= 0 || r.Passage < 0.9 {
		t.Errorf("answer child measured nothing sensible: %+v", r.Result)
	}
	if code, _, errOut := runCmd(t, t.TempDir(), "", "bench", "--child", "--phase", "answer", "--sizes", "2", "--analyzers", "zh_gse"); code == 0 || !strings.Contains(errOut, "--phase") {
		t.Errorf("--phase without --dir: exit %d, %q", code, errOut)
	}

	code, _, errOut = runCmd(t, t.TempDir(), "", "bench", "--sizes", "0")
	if code == 0 || !strings.Contains(errOut, "--sizes") {
		t.Errorf("bad --sizes: exit %d, %q", code, errOut)
	}
}

// TestReindexExtract: reindex --extract extracts each report kept with its
// original anew (here after its stored text was changed, as an older
// extractor might have stored it) and says which it kept as stored.
func TestReindexExtract(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "plan-2024.txt")
	plan := "2024年贵州省总工会工作要点\n\n1 服务职工\n\n全年计划新建职工驿站320个,为户外劳动者提供休息场所。\n"
	if err := os.WriteFile(file, []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd(t, dir, "", "reports", "add", file); code != 0 {
		t.Fatalf("add: exit %d: %s", code, errOut)
	}
	stored := filepath.Join(dir, "reports", "plan-2024")
	if err := os.Remove(filepath.Join(stored, "blocks.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stored, "text.txt"), []byte(strings.Replace(plan, "320个", "300个", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// and with no extraction version of its own.
	var meta map[string]any
	b, err := os.ReadFile(filepath.Join(stored, "meta.json"))
	if err == nil {
		err = json.Unmarshal(b, &meta)
	}
	if err != nil || meta["extracted"] == nil {
		t.Fatalf("meta.json: %v, %v", meta, err)
	}
	delete(meta, "extracted")
	if b, err = json.Marshal(meta); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stored, "meta.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd(t, dir, "", "reindex"); code != 0 {
		t.Fatalf("reindex: exit %d: %s", code, errOut)
	}
	const q = "2024年计划新建多少个职工驿站?"
	if _, out, _ := runCmd(t, dir, "", "ask", q); !strings.Contains(out, "300个") {
		t.Fatalf("before: %s", out)
	}
	code, out, errOut := runCmd(t, dir, "", "reindex", "--extract")
	if code != 0 || !strings.Contains(out, "plan-2024: extracted anew") || !strings.Contains(out, "guizhou-trade-union-2023: kept as stored") {
		t.Fatalf("reindex --extract: exit %d %q %s", code, out, errOut)
	}
	if _, out, _ := runCmd(t, dir, "", "ask", q); !strings.Contains(out, "320个") {
		t.Errorf("after: %s", out)
	}
	// Run again, it finds the report extracted by this version.
	if code, out, errOut := runCmd(t, dir, "", "reindex", "--extract"); code != 0 || !strings.Contains(out, "plan-2024: kept as stored (extracted by this version)") {
		t.Errorf("reindex --extract again: exit %d %q %s", code, out, errOut)
	}
}

// TestBadArgumentsChangeNothing: a synonym that is no rule, or a --days
// past its bound, is a one-line usage error (exit 2) before the data
// directory is opened, which is not even made.
func TestBadArgumentsChangeNothing(t *testing.T) {
	for _, args := range [][]string{
		{"synonyms", "add", "劳模"},
		{"synonyms", "add", "a", "=>", "b", "=>", "c"},
		{"synonyms", "remove", "!!"},
		{"stats", "--days", "9000000000000000000"},
		// MB<<20 would wrap to a negative or zero byte limit.
		{"reports", "add", "--max-upload-mb", "8796093022208", "x.txt"},
		{"reports", "add", "--max-upload-mb", "17592186044416", "x.txt"},
	} {
		dir := filepath.Join(t.TempDir(), "data")
		code, _, errOut := runCmd(t, dir, "", args...)
		if code != 2 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and one line", args, code, errOut)
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%q made the data directory: %v", args, err)
		}
	}
}
