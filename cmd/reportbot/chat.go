package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/reportbot/reportbot/answer"
)

func runChat(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "chat", "", "Asks questions interactively: type a question, get the same answer the bot gives. Empty line or Ctrl-D quits.")
	var sf storeFlags
	sf.register(fs, e)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	st, eng, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	// One conversation: a follow-up ("那去年呢?") is read with the
	// question before it, as the bot reads it.
	conv := answer.NewConversations[struct{}](1, answer.FollowupTTL)
	fmt.Fprintln(e.stdout, "请输入问题(空行退出):")
	sc := bufio.NewScanner(e.stdin)
	for {
		fmt.Fprint(e.stdout, "> ")
		if !sc.Scan() || strings.TrimSpace(sc.Text()) == "" {
			fmt.Fprintln(e.stdout)
			return sc.Err()
		}
		a, err := conv.Ask(ctx, eng, struct{}{}, sc.Text())
		switch {
		case errors.Is(err, answer.ErrEmptyQuestion), errors.Is(err, answer.ErrQuestionTooLong):
			fmt.Fprintln(e.stdout, err)
			continue
		case err != nil:
			return err
		}
		writeAnswer(e.stdout, a)
	}
}
