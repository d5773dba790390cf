package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/peterh/liner"
	"golang.org/x/term"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/bot"
)

// chatCmd is reportbot chat: questions one after another in the terminal.
type chatCmd struct {
	storeFlags
}

func (c *chatCmd) Help() string {
	return "Asks questions interactively: type a question, get the same answer the bot gives. " +
		"In a terminal the line can be edited and ↑/↓ bring back earlier questions. " +
		"A message answered alone that may lean on the question before it says so; the line 接着 then reads it with that question. " +
		"A message read with the question before because alone it was ambiguous says so too; the line 单独 then reads it alone. " +
		"Ctrl-D (end of input), Ctrl-C or a line saying 退出, exit or quit ends it; an empty line is ignored."
}

// examples are the example questions the bot offers (bot.Config.Examples)
// and chat's hints: written for the embedded report, each is offered
// only while the reports answer it.
func examples() []string {
	return []string{"工会会员有多少人?", "会员卡发出去多少张?", "疫情的时候帮小企业退了多少钱?"}
}

// withExample ends a hint with the first example eng answers now, by the
// bot's rule (answer.Engine.Answerable), as the bot's hints do; with a
// full stop when it answers none.
func withExample(ctx context.Context, eng *answer.Engine, hint string) string {
	// An engine that fails offers them unchecked, as the bot does: that
	// says nothing of the reports.
	if ex, _ := eng.Answerable(ctx, examples()); len(ex) > 0 {
		return hint + ",例如:" + ex[0]
	}
	return hint + "。"
}

// isQuit reports a line that ends the chat: only a word of leaving.
func isQuit(line string) bool { return line == "退出" || line == "exit" || line == "quit" }

func (c *chatCmd) Run(ctx context.Context, e *env) error {
	st, eng, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	lines := newLineReader(e)
	defer lines.close()
	// One conversation: a follow-up ("那去年呢?") is read with the
	// question before it, as the bot reads it.
	conv := answer.NewConversations[struct{}](1, answer.FollowupTTL)
	var last *answer.Turn // the last message's turn, for 接着
	fmt.Fprintln(e.stdout, "请输入问题(Ctrl-D 或输入“退出”结束):")
	for {
		line, err := lines.read(ctx, "> ")
		switch {
		case errors.Is(err, io.EOF):
			fmt.Fprintln(e.stdout)
			return nil
		case ctx.Err() != nil:
			fmt.Fprintln(e.stdout)
			return nil // interrupted: the user is leaving
		case err != nil:
			return err
		}
		q := strings.TrimSpace(line)
		switch {
		case q == "":
			continue
		case isQuit(q):
			if !lines.echoes() {
				fmt.Fprintln(e.stdout) // the prompt's line, left open
			}
			return nil
		case !utf8.ValidString(q):
			// From a pipe: a file in GBK would be asked as mojibake.
			fmt.Fprintln(e.stdout, "这一行不是 UTF-8 编码的文字,请先转换编码(如 iconv -f GB18030 -t UTF-8)。")
			continue
		}
		lines.remember(q)
		var (
			a    answer.Answer
			turn *answer.Turn
		)
		switch {
		case isLean(q) && (last == nil || last.Otherwise() == nil):
			fmt.Fprintln(e.stdout, "上一句没有别的理解可选。")
			continue
		case isLean(q) && offerWord(last) != q:
			// The other word: not the reading on offer.
			fmt.Fprintf(e.stdout, "上一句可选的理解请输入“%s”。\n", offerWord(last))
			continue
		case isLean(q):
			// The last message read the other way, as the bot's
			// "接着上一个问题理解" and "单独理解这个问题" buttons read it.
			a, turn, err = conv.Instead(ctx, eng, struct{}{}, last)
		default:
			a, turn, err = conv.Ask(ctx, eng, struct{}{}, q)
		}
		switch {
		case errors.Is(err, answer.ErrEmptyQuestion): // no letter or digit: "???"
			fmt.Fprintln(e.stdout, withExample(ctx, eng, "请写上问题"))
			continue
		case errors.Is(err, answer.ErrQuestionTooLong):
			fmt.Fprintln(e.stdout, bot.TooLongReply()) // as the bot says it
			continue
		case ctx.Err() != nil:
			return nil // interrupted: the user is leaving
		case err != nil:
			return err
		}
		writeAnswer(e.stdout, a)
		last = turn
		switch other := turn.Otherwise(); {
		case other == nil:
		case other.LeansOnPrevious():
			fmt.Fprintln(e.stdout, "(这句若是接着上一个问题问的,输入“接着”按上一个问题理解。)")
		default:
			fmt.Fprintln(e.stdout, "(这句若是单独问的,输入“单独”按单独的问题理解。)")
		}
	}
}

// isLean reports a line asking for the last message read the other way:
// only the word 接着 (with the question before) or 单独 (alone), as the
// bot's buttons say them.
func isLean(line string) bool { return line == "接着" || line == "单独" }

// offerWord is the word that takes the reading turn offers.
func offerWord(turn *answer.Turn) string {
	if turn.Otherwise().LeansOnPrevious() {
		return "接着"
	}
	return "单独"
}

// lineReader reads the lines of a chat: io.EOF ends it.
type lineReader interface {
	read(ctx context.Context, prompt string) (string, error)
	remember(line string) // for ↑ on the next lines
	// echoes reports whether the line read shows after its prompt, ended
	// by the Enter that ended it (a terminal's): plain lines, read from a
	// pipe, leave the prompt's line open.
	echoes() bool
	close()
}

// newLineReader edits lines with liner when stdin and stdout are the
// process's own terminal, and else (a pipe, a file, a test) reads plain
// lines from e.stdin.
func newLineReader(e *env) lineReader {
	in, inOK := e.stdin.(*os.File)
	out, outOK := e.stdout.(*os.File)
	if inOK && outOK && in == os.Stdin && out == os.Stdout &&
		term.IsTerminal(int(in.Fd())) && term.IsTerminal(int(out.Fd())) && liner.TerminalSupported() {
		l := liner.NewLiner()
		l.SetCtrlCAborts(true)
		l.SetMultiLineMode(true) // long questions wrap instead of scrolling sideways
		return &editedLines{l}
	}
	return &plainLines{r: readLines(e.stdin, maxLineBytes), w: e.stdout}
}

type editedLines struct{ l *liner.State }

// read edits a line in raw mode, where Ctrl-C is a key, not a signal. A
// signal (SIGTERM, or SIGINT from kill) ends ctx, which liner does not
// watch: read then gives the terminal its mode back and returns, and the
// prompt, left waiting for a key, ends with the process (it kept chat
// waiting until a second signal killed it, raw mode left on).
func (t *editedLines) read(ctx context.Context, prompt string) (string, error) {
	type line struct {
		s   string
		err error
	}
	got := make(chan line, 1)
	go func() {
		s, err := t.l.Prompt(prompt)
		got <- line{s, err}
	}()
	select {
	case l := <-got:
		if errors.Is(l.err, liner.ErrPromptAborted) {
			return "", io.EOF // Ctrl-C
		}
		return l.s, l.err
	case <-ctx.Done():
		t.l.Close()
		return "", ctx.Err()
	}
}

func (t *editedLines) remember(line string) { t.l.AppendHistory(line) }
func (t *editedLines) echoes() bool         { return true }
func (t *editedLines) close()               { t.l.Close() }

type plainLines struct {
	r *stdinLines
	w io.Writer
}

func (p *plainLines) read(ctx context.Context, prompt string) (string, error) {
	fmt.Fprint(p.w, prompt)
	line, _, err := p.r.next(ctx) // an over-long line is cut, and refused as too long
	return line, err
}

func (p *plainLines) remember(string) {}
func (p *plainLines) echoes() bool    { return false }
func (p *plainLines) close()          { p.r.close() }
