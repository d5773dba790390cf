package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
)

// askCmd is reportbot ask: one question, or one a line from stdin.
type askCmd struct {
	storeFlags
	JSON     bool     `name:"json" help:"print one JSON object per answer" option:""`
	Question []string `arg:"" help:"the question; - reads one question a line from stdin" placeholder:"问题"`
}

func (c *askCmd) Help() string {
	return "Answers a question about the indexed reports. With - it reads one question a line from stdin."
}

func (c *askCmd) Run(ctx context.Context, e *env) error {
	st, eng, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()

	if len(c.Question) == 1 && c.Question[0] == "-" {
		return askLines(ctx, e, eng, c.JSON)
	}
	a, err := eng.Ask(ctx, strings.Join(c.Question, " "))
	if err != nil {
		return err
	}
	if c.JSON {
		return json.NewEncoder(e.stdout).Encode(a)
	}
	writeAnswer(e.stdout, a)
	return nil
}

// maxLineBytes is the longest stdin line askLines reads: far past any
// question (answer refuses those over a few hundred characters), small
// enough that a runaway line never fills memory.
const maxLineBytes = 64 << 10

// errNotUTF8 is a stdin line that is not UTF-8: a file in GBK, read as
// UTF-8, would be asked as mojibake and quietly not found.
var errNotUTF8 = errors.New("line is not UTF-8 text: convert the input first (such as iconv -f GB18030 -t UTF-8)")

// askLines answers each stdin line. An empty line is skipped; one that
// cannot be asked (too long, not UTF-8) yields an object with an "error"
// and does not stop the run.
func askLines(ctx context.Context, e *env, eng *answer.Engine, asJSON bool) error {
	lines := readLines(e.stdin, maxLineBytes)
	defer lines.close()
	enc := json.NewEncoder(e.stdout)
	for {
		line, tooLong, err := lines.next(ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if strings.TrimSpace(line) == "" && !tooLong {
			continue
		}
		a, err := answer.Answer{Question: line}, error(nil)
		switch {
		case tooLong:
			a.Question = corpus.Shorten(strings.ToValidUTF8(line, ""), 50)
			err = fmt.Errorf("%w: line over %d bytes", answer.ErrQuestionTooLong, maxLineBytes)
		case !utf8.ValidString(line):
			a.Question = corpus.Shorten(strings.ToValidUTF8(line, "\uFFFD"), 50)
			err = errNotUTF8
		default:
			a, err = eng.Ask(ctx, line)
		}
		switch {
		case errors.Is(err, answer.ErrEmptyQuestion), errors.Is(err, answer.ErrQuestionTooLong), errors.Is(err, errNotUTF8):
			if asJSON {
				enc.Encode(struct {
					Question string `json:"question"`
					Found    bool   `json:"found"`
					Error    string `json:"error"`
				}{a.Question, false, err.Error()})
			} else {
				fmt.Fprintf(e.stdout, "? %s\n%v\n\n", a.Question, err)
			}
			continue
		case err != nil:
			return err
		}
		if asJSON {
			if err := enc.Encode(a); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "? %s\n", a.Question)
		writeAnswer(e.stdout, a)
		fmt.Fprintln(e.stdout)
	}
}

// lineRead is one line readLine read, or its error.
type lineRead struct {
	line    string
	tooLong bool
	err     error
}

// stdinLines reads lines in a goroutine, so that a command waiting for
// the next one stops when its ctx ends: a read of stdin (a pipe whose
// writer stays open, a terminal) cannot be interrupted, and a signal
// must still end the command.
type stdinLines struct {
	lines chan lineRead
	done  chan struct{}
}

// readLines reads the lines of r, each of at most max bytes (readLine),
// one ahead of next. A byte order mark at the start of r, which editors
// on Windows write, is no part of the first line.
func readLines(r io.Reader, max int) *stdinLines {
	s := &stdinLines{lines: make(chan lineRead), done: make(chan struct{})}
	br := bufio.NewReaderSize(r, 64<<10)
	go func() {
		for first := true; ; first = false {
			line, tooLong, err := readLine(br, max)
			if first {
				line = strings.TrimPrefix(line, "\uFEFF")
			}
			select {
			case s.lines <- lineRead{line, tooLong, err}:
			case <-s.done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return s
}

// next returns the next line, or ctx's error once ctx ends. After an
// error it must not be called again.
func (s *stdinLines) next(ctx context.Context) (line string, tooLong bool, err error) {
	select {
	case l := <-s.lines:
		return l.line, l.tooLong, l.err
	case <-ctx.Done():
		return "", false, ctx.Err()
	}
}

// close lets the reading goroutine go once its read returns.
func (s *stdinLines) close() { close(s.done) }

// readLine reads one line (without its end) of at most max bytes; of a
// longer line it keeps the first max bytes, skips the rest and reports
// tooLong. It returns io.EOF only when no line is left.
func readLine(r *bufio.Reader, max int) (line string, tooLong bool, err error) {
	var b []byte
	n := 0 // bytes of the line, kept or not
	for {
		chunk, isPrefix, err := r.ReadLine()
		if err != nil {
			if err == io.EOF && n > 0 {
				return string(b), n > max, nil
			}
			return "", false, err
		}
		n += len(chunk)
		if room := max - len(b); room > 0 {
			b = append(b, chunk[:min(room, len(chunk))]...)
		}
		if !isPrefix {
			return string(b), n > max, nil
		}
	}
}

// writeAnswer prints an answer for a terminal: the figure, the passage
// with matched words in 【】, the citation and the alternatives.
func writeAnswer(w io.Writer, a answer.Answer) {
	if a.Reading != nil {
		fmt.Fprintf(w, "(按「%s」理解)\n", a.Reading.Phrase())
	}
	if !a.Found {
		fmt.Fprintln(w, "报告里没有找到这个问题的答案。")
		if a.Nearest != nil {
			fmt.Fprintf(w, "%s\n%s\n—— %s\n", a.NearestLead(), a.Nearest.Text, a.Nearest.Citation())
		} else if len(a.Suggestions) > 0 {
			fmt.Fprintf(w, "可以试试问这些部分:%s\n", strings.Join(a.Suggestions, ";"))
		}
		return
	}
	if a.Figure != nil {
		fmt.Fprintf(w, "▶ %s", a.Figure.Text)
		if a.Figure.Label != "" {
			fmt.Fprintf(w, " (%s)", a.Figure.Label)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, a.Passage.Marked("【", "】", nil))
	if a.Illustration != nil {
		fmt.Fprintf(w, "[图] %s\n", a.Illustration.Caption)
	}
	fmt.Fprintf(w, "—— %s\n", a.Passage.Citation())
	for i, alt := range a.Alternatives {
		fmt.Fprintf(w, "  另见 %d: %s\n", i+1, corpus.Shorten(alt.Text, 50))
	}
}
