// Command reportbot answers questions about reports, in Telegram and in
// the terminal.
//
//	reportbot ask "问题"          answer one question
//	reportbot chat                 ask questions interactively (the test harness)
//	reportbot eval FILE.tsv        measure answer quality on a question set
//	reportbot serve                run the Telegram bot
//	reportbot health               check a running server (the Docker HEALTHCHECK)
//	reportbot reports list|add|remove   manage reports
//	reportbot reindex [--extract]  rebuild the index (extracting the reports anew first)
//	reportbot synonyms list|add|remove  manage the admins' synonyms
//	reportbot unanswered           the questions not answered or disliked, grouped
//	reportbot stats                questions per day, share answered, sections, dislikes
//	reportbot bench                measure speed and memory against the cjk baseline
//	reportbot version              print the build
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/alecthomas/kong"

	"github.com/reportbot/reportbot/index"
	"github.com/reportbot/reportbot/store"
)

// cli is the command line: every command with its flags, and through
// their tags (config.go) the environment variables that set them. It is
// the one place the configuration is defined.
type cli struct {
	Ask        askCmd        `cmd:"" help:"Answer a question (--json for JSON; - reads one question a line from stdin)."`
	Chat       chatCmd       `cmd:"" help:"Ask questions interactively in the terminal."`
	Eval       evalCmd       `cmd:"" help:"Run a question set and print accuracy against the cjk baseline."`
	Serve      serveCmd      `cmd:"" help:"Run the Telegram bot (long polling, or a webhook with --webhook-url)."`
	Health     healthCmd     `cmd:"" help:"Check that a running serve answers on --http-addr (exit 0 or 1): the Docker HEALTHCHECK."`
	Reports    reportsCmd    `cmd:"" help:"List, add or remove reports."`
	Reindex    reindexCmd    `cmd:"" help:"Rebuild the index from the stored reports."`
	Synonyms   synonymsCmd   `cmd:"" help:"List, add or remove the admins' synonyms (in effect for the next question)."`
	Unanswered unansweredCmd `cmd:"" help:"List the questions not answered or disliked, grouped (--dismiss ID: out of scope)."`
	Stats      statsCmd      `cmd:"" help:"Questions per day, share answered, top sections, most disliked answers."`
	Bench      benchCmd      `cmd:"" help:"Measure build time, size, latency, throughput and memory on 1 to 1,000 reports, gse against cjk."`
	Version    versionCmd    `cmd:"" help:"Print the build: version, commit and Go version."`
}

// env is what commands read and write, so tests can run them in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal asks the command to stop; the next one kills, as
	// without this handler, should the command be slow to stop.
	context.AfterFunc(ctx, stop)
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// Exit codes: 2 for a command line or setting refused before the command
// runs (the shell's convention for usage errors; health's is 1, see
// usageExit), 1 for a command that failed.
const (
	exitFailed = 1
	exitUsage  = 2
)

// parser builds the parser of the command line into c. vars fill the
// defaults that are known only at run time; exit receives the code kong
// would exit with (after --help).
func parser(c *cli, e *env, vars kong.Vars, exit func(int)) (*kong.Kong, error) {
	opts := []kong.Option{
		kong.Name("reportbot"),
		kong.Description("reportbot answers questions about reports, in Telegram and in the terminal."),
		kong.Writers(e.stdout, e.stderr),
		kong.Exit(exit),
		kong.Vars(vars),
		kong.ValueFormatter(helpValue),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, NoExpandSubcommands: true}),
		kong.Resolvers(envResolver(e)),
	}
	return kong.New(c, append(opts, mappers()...)...)
}

// defaultVars are the defaults that live elsewhere, each where it is
// defined.
func defaultVars() kong.Vars {
	return kong.Vars{
		"data_dir":     store.DefaultDir(),
		"analyzer":     index.AnalyzerGse,
		"baseline":     index.AnalyzerCJK,
		"lock_timeout": store.DefaultLockTimeout.String(),
	}
}

// run executes one command line and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	exited := -1
	k, err := parser(&cli{}, e, defaultVars(), func(code int) {
		if exited < 0 {
			exited = code
		}
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "reportbot: %v\n", err)
		return exitFailed
	}
	switch {
	case len(args) == 0:
		// Not asked for: the usage goes where errors go.
		k.Stdout = e.stderr
		k.Parse([]string{"--help"})
		return exitUsage
	case args[0] == "help":
		args = append(args[1:], "--help")
	case !strings.HasPrefix(args[0], "-") && !isCommand(k, args[0]):
		fmt.Fprintf(e.stderr, "reportbot: unknown command %q (see reportbot --help)\n", args[0])
		return exitUsage
	}
	kctx, err := k.Parse(args)
	if exited >= 0 { // --help
		return exited
	}
	if err != nil {
		var pe *kong.ParseError
		path := ""
		if errors.As(err, &pe) {
			path = commandPath(pe.Context)
		}
		fmt.Fprintf(e.stderr, "%s: %s (see %s --help)\n", path, reason(err), path)
		return usageExit(pe.Context)
	}
	kctx.BindTo(ctx, (*context.Context)(nil))
	if err := kctx.Run(e); err != nil {
		var ue *usageError
		var bad *badValue
		if errors.As(err, &ue) || errors.As(err, &bad) {
			fmt.Fprintf(e.stderr, "%s: %s (see %s --help)\n", commandPath(kctx), reason(err), commandPath(kctx))
			return usageExit(kctx)
		}
		fmt.Fprintf(e.stderr, "%s: %v\n", commandPath(kctx), err)
		return exitFailed
	}
	return 0
}

// usageExit is the exit code of a command line or setting refused for
// the command kctx selected: exitUsage, unless the command has its own
// (usageExiter).
func usageExit(kctx *kong.Context) int {
	if kctx != nil {
		if n := kctx.Selected(); n != nil && n.Target.CanAddr() {
			if u, ok := n.Target.Addr().Interface().(usageExiter); ok {
				return u.usageExit()
			}
		}
	}
	return exitUsage
}

// usageExiter is a command whose refused command line or setting exits
// with another code than exitUsage.
type usageExiter interface{ usageExit() int }

// reason is what was wrong, without what kong adds around our own
// errors ("--rate-limit=INT: ").
func reason(err error) string {
	if bad := (*badValue)(nil); errors.As(err, &bad) {
		return bad.Error()
	}
	if ue := (*usageError)(nil); errors.As(err, &ue) {
		return ue.Error()
	}
	return err.Error()
}

func isCommand(k *kong.Kong, name string) bool {
	for _, c := range k.Model.Children {
		if c.Name == name {
			return true
		}
	}
	return false
}

// commandPath names the command being run: "reportbot reports add".
func commandPath(kctx *kong.Context) string {
	var names []string
	if kctx != nil {
		for n := kctx.Selected(); n != nil && n.Type == kong.CommandNode; n = n.Parent {
			names = append([]string{n.Name}, names...)
		}
	}
	return strings.Join(append([]string{"reportbot"}, names...), " ")
}
