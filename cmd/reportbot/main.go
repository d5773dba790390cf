// Command reportbot answers questions about reports, in Telegram and in
// the terminal.
//
//	reportbot ask "问题"          answer one question
//	reportbot chat                 ask questions interactively (the test harness)
//	reportbot eval FILE.tsv        measure answer quality on a question set
//	reportbot serve                run the Telegram bot
//	reportbot reports list|add|remove   manage reports
//	reportbot reindex              rebuild the index from the stored reports
//	reportbot synonyms list|add|remove  manage the admins' synonyms
//	reportbot unanswered           the questions not answered or disliked, grouped
//	reportbot stats                questions per day, share answered, sections, dislikes
//	reportbot bench                measure speed and memory against the cjk baseline
//	reportbot version              print the build
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what commands read and write, so tests can run them in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// errUsage marks a usage error already explained by the flag package.
var errUsage = errors.New("usage")

func commands() map[string]command {
	return map[string]command{
		"ask":        {"answer a question (--json for JSON; - reads one question a line from stdin)", runAsk},
		"chat":       {"ask questions interactively in the terminal", runChat},
		"eval":       {"run a question set and print accuracy against the cjk baseline", runEval},
		"reindex":    {"rebuild the index from the stored reports", runReindex},
		"serve":      {"run the Telegram bot (TELEGRAM_BOT_TOKEN; long polling or --webhook-url)", runServe},
		"reports":    {"list, add or remove reports (reports list | add FILE | remove ID)", runReports},
		"bench":      {"measure build time, size, latency, throughput and memory on 1 to 1,000 reports, gse against cjk", runBench},
		"version":    {"print the build: version, commit and Go version", runVersion},
		"synonyms":   {"list, add or remove the admins' synonyms (synonyms list | add WORDS | remove WORDS)", runSynonyms},
		"unanswered": {"list the questions not answered or disliked, grouped (--dismiss ID: out of scope)", runUnanswered},
		"stats":      {"questions per day, share answered, top sections, most disliked answers", runStats},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// run executes one command line and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "reportbot: unknown command %q (run reportbot --help)\n", args[0])
		return 2
	}
	if err := cmd.run(ctx, e, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		if !errors.Is(err, errUsage) {
			fmt.Fprintf(e.stderr, "reportbot %s: %v\n", args[0], err)
		}
		return 1
	}
	return 0
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "reportbot answers questions about reports, in Telegram and in the terminal.")
	fmt.Fprintln(w, "\nUsage: reportbot <command> [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun reportbot <command> --help for a command's flags.")
}

// newFlags returns a flag set that prints its usage to e.stderr and
// reports errors instead of exiting.
func newFlags(e *env, name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: reportbot %s [flags] %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning a flag error into errUsage (the flag
// package has already printed it). Flags may follow positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
