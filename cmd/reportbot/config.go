package main

// The configuration: every flag of every command is a field of a command
// struct (see cli in main.go), declared once with kong's struct tags, and
// this file gives those flags their environment variables, their parsing
// and their errors. Tags of our own:
//
//	envvar:"NAME"   the environment variable that sets the flag when the
//	                command line does not: the flag is a setting, listed
//	                in README's configuration table
//	option:""       a choice of one run (ask --json, bench --sizes), not a
//	                setting: it has no environment variable
//	setting:"…"     the setting's name in README's table
//	secret:""       its value is never printed, in help or in an error
//	min:"N"         the least number accepted
//	max:"N"         the greatest number accepted
//	type:"datadir"  a data directory: one starting with ~ is refused, and
//	                an empty one where the flag has a default (where it
//	                has none, as eval's, empty is none)
//
// TestEveryFlagIsASettingOrAnOption checks that each flag has envvar or
// option, and TestREADMEConfigTable that README's table is the one these
// definitions give.

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/alecthomas/kong"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/index"
)

// badValue is a flag, argument or environment variable whose value is
// refused: REPORTBOT_RATE_LIMIT="abc": not a number.
type badValue struct {
	source  string // "--rate-limit", "REPORTBOT_RATE_LIMIT" or "<file>"
	value   string
	secret  bool // do not print the value
	problem string
}

func (b *badValue) Error() string {
	switch {
	case b.secret:
		return fmt.Sprintf("%s: %s", b.source, b.problem)
	case strings.HasPrefix(b.source, "-") || strings.HasPrefix(b.source, "<"):
		return fmt.Sprintf("%s %q: %s", b.source, b.value, b.problem)
	default:
		return fmt.Sprintf("%s=%q: %s", b.source, b.value, b.problem)
	}
}

// usageError is a command line or configuration refused before the
// command runs: printed on one line with the --help hint, exit 2.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// refuse returns the badValue for what ctx is decoding.
func refuse(ctx *kong.DecodeContext, value, problem string) error {
	return &badValue{source: sourceName(ctx.Value), value: value, secret: ctx.Value.Tag.Has("secret"), problem: problem}
}

// sourceName names a flag (--name) or a positional argument (<name>).
func sourceName(v *kong.Value) string {
	if v.Flag != nil {
		return "--" + v.Name
	}
	return "<" + v.Name + ">"
}

// scanString takes the value being decoded as a string. A flag with
// nothing after it, or a flag after it, is refused saying so (kong said
// "expected value value but got …").
func scanString(ctx *kong.DecodeContext) (string, error) {
	if t := ctx.Scan.Peek(); !t.IsValue() {
		name := sourceName(ctx.Value)
		if t.IsEOL() {
			return "", usagef("%s needs a value", name)
		}
		return "", usagef("%s needs a value, not %s (write %s=%s if that is the value)", name, t, name, t)
	}
	t := ctx.Scan.Pop()
	if s, ok := t.Value.(string); ok {
		return s, nil
	}
	return fmt.Sprint(t.Value), nil
}

// scanNumber is scanString, taking a negative number too ("--limit -1"),
// which reads as a short flag: it is then refused as the number it is
// ("must be at least 1"), not as a flag.
func scanNumber(ctx *kong.DecodeContext) (string, error) {
	if t := ctx.Scan.Peek(); t.Type == kong.UntypedToken {
		if s, ok := t.Value.(string); ok && len(s) > 1 && s[0] == '-' && (s[1] == '.' || '0' <= s[1] && s[1] <= '9') {
			ctx.Scan.Pop()
			return s, nil
		}
	}
	return scanString(ctx)
}

// mappers parse numbers and durations with errors that name the flag or
// variable and say what is wanted, and check a field's min tag.
func mappers() []kong.Option {
	integer := func(bits int, unsigned bool) kong.MapperFunc {
		return func(ctx *kong.DecodeContext, target reflect.Value) error {
			s, err := scanNumber(ctx)
			if err != nil {
				return err
			}
			s = strings.TrimSpace(s)
			var n int64
			if unsigned {
				var u uint64
				u, err = strconv.ParseUint(s, 10, bits)
				n = int64(u)
			} else {
				n, err = strconv.ParseInt(s, 10, bits)
			}
			if err != nil {
				return refuse(ctx, s, "not a number")
			}
			if err := checkMin(ctx, s, n); err != nil {
				return err
			}
			if unsigned {
				target.SetUint(uint64(n))
			} else {
				target.SetInt(n)
			}
			return nil
		}
	}
	duration := func(ctx *kong.DecodeContext, target reflect.Value) error {
		s, err := scanNumber(ctx)
		if err != nil {
			return err
		}
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return refuse(ctx, s, "not a duration (such as 500ms, 30s or 2m)")
		}
		if d < 0 {
			return refuse(ctx, s, "must not be negative")
		}
		target.SetInt(int64(d))
		return nil
	}
	return []kong.Option{
		kong.NamedMapper("datadir", kong.MapperFunc(dataDir)),
		kong.TypeMapper(reflect.TypeFor[int](), integer(strconv.IntSize, false)),
		kong.TypeMapper(reflect.TypeFor[int64](), integer(64, false)),
		kong.TypeMapper(reflect.TypeFor[uint64](), integer(64, true)),
		kong.TypeMapper(reflect.TypeFor[time.Duration](), kong.MapperFunc(duration)),
	}
}

// checkMin refuses n under the flag's min tag, and over its max tag
// (checkMax).
func checkMin(ctx *kong.DecodeContext, s string, n int64) error {
	m := ctx.Value.Tag.Get("min")
	if m == "" {
		return checkMax(ctx, s, n)
	}
	least, err := strconv.ParseInt(m, 10, 64)
	if err != nil {
		return fmt.Errorf("min tag %q of %s: %w", m, sourceName(ctx.Value), err)
	}
	if n < least {
		return refuse(ctx, s, fmt.Sprintf("must be at least %d", least))
	}
	return checkMax(ctx, s, n)
}

func checkMax(ctx *kong.DecodeContext, s string, n int64) error {
	m := ctx.Value.Tag.Get("max")
	if m == "" {
		return nil
	}
	most, err := strconv.ParseInt(m, 10, 64)
	if err != nil {
		return fmt.Errorf("max tag %q of %s: %w", m, sourceName(ctx.Value), err)
	}
	if n > most {
		return refuse(ctx, s, fmt.Sprintf("must be at most %d", most))
	}
	return nil
}

// dataDir decodes a data directory (type:"datadir"), refusing an empty
// one where the flag has a default, and one that starts with ~: only a
// shell expands it, and REPORTBOT_DATA=~/reportbot from a docker
// --env-file, a systemd Environment= line or a quoted assignment would
// otherwise make a directory named "~" in the working directory (which
// a later `rm -rf ~` meant for it takes the home with).
func dataDir(ctx *kong.DecodeContext, target reflect.Value) error {
	s, err := scanString(ctx)
	if err != nil {
		return err
	}
	if strings.HasPrefix(s, "~") {
		return refuse(ctx, s, "starts with ~, which only a shell expands: give the whole path")
	}
	// Empty, the store would make its folders in the working directory,
	// and fail first naming none ("mkdir : no such file or directory").
	if strings.TrimSpace(s) == "" && ctx.Value.HasDefault {
		return refuse(ctx, s, "empty: give the data directory's path, or leave the flag out for "+ctx.Value.Default)
	}
	target.SetString(s)
	return nil
}

// analyzerName is an index analyzer reportbot can build.
type analyzerName string

// analyzers lists the analyzers an index may be built with: the default
// first.
func analyzers() []string { return []string{index.AnalyzerGse, index.AnalyzerCJK} }

func (a *analyzerName) Decode(ctx *kong.DecodeContext) error {
	s, err := scanString(ctx)
	if err != nil {
		return err
	}
	for _, name := range analyzers() {
		if s == name {
			*a = analyzerName(s)
			return nil
		}
	}
	return refuse(ctx, s, "not an analyzer (want one of "+strings.Join(analyzers(), ", ")+")")
}

// adminIDs are Telegram user IDs, comma-separated.
type adminIDs []int64

func (a *adminIDs) Decode(ctx *kong.DecodeContext) error {
	s, err := scanString(ctx)
	if err != nil {
		return err
	}
	var ids adminIDs
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return refuse(ctx, s, fmt.Sprintf("%q is not a Telegram user ID", f))
		}
		ids = append(ids, id)
	}
	*a = ids
	return nil
}

// httpURL is an absolute http or https URL, or empty.
type httpURL string

func (u *httpURL) Decode(ctx *kong.DecodeContext) error {
	s, err := scanString(ctx)
	if err != nil {
		return err
	}
	s = strings.TrimSpace(s)
	if s != "" {
		p, err := url.Parse(s)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return refuse(ctx, s, "not an http:// or https:// URL")
		}
	}
	*u = httpURL(s)
	return nil
}

// listenAddr is a host:port to listen on (":8080", "127.0.0.1:9090"), or
// empty.
type listenAddr string

func (a *listenAddr) Decode(ctx *kong.DecodeContext) error {
	s, err := scanString(ctx)
	if err != nil {
		return err
	}
	s = strings.TrimSpace(s)
	if s != "" {
		_, port, err := net.SplitHostPort(s)
		if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
			return refuse(ctx, s, "not an address to listen on (want host:port or :port, such as :8080)")
		}
	}
	*a = listenAddr(s)
	return nil
}

// secretTokenRe is what Telegram accepts as a webhook's secret_token:
// 1–256 characters of A–Z, a–z, 0–9, _ and -.
var secretTokenRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// webhookSecret is the secret token Telegram sends with every update.
type webhookSecret string

func (w *webhookSecret) Decode(ctx *kong.DecodeContext) error {
	s, err := scanString(ctx)
	if err != nil {
		return err
	}
	if s != "" && !secretTokenRe.MatchString(s) {
		return refuse(ctx, s, "not a webhook secret (1–256 characters of A–Z, a–z, 0–9, _ and -)")
	}
	*w = webhookSecret(s)
	return nil
}

// botToken is a Bot API token from @BotFather, or empty.
type botToken string

func (t *botToken) Decode(ctx *kong.DecodeContext) error {
	s, err := scanString(ctx)
	if err != nil {
		return err
	}
	s = strings.TrimSpace(s)
	if s != "" && bot.CheckToken(s) != nil {
		return refuse(ctx, s, "not a bot token (want 123456:ABC…, from @BotFather)")
	}
	*t = botToken(s)
	return nil
}

// envResolver sets a flag from its environment variable (envvar tag),
// read through e.getenv, when the command line does not set it. An empty
// variable counts as unset. A value that does not parse is refused
// naming the variable.
func envResolver(e *env) kong.Resolver {
	return kong.ResolverFunc(func(_ *kong.Context, _ *kong.Path, flag *kong.Flag) (any, error) {
		name := flag.Tag.Get("envvar")
		if name == "" {
			return nil, nil
		}
		v := e.getenv(name)
		if v == "" {
			return nil, nil
		}
		// Decode it once here, so that a bad value is named by its
		// variable rather than by the flag kong would blame.
		scratch := reflect.New(flag.Target.Type()).Elem()
		scan := kong.ScanFromTokens(kong.Token{Type: kong.FlagValueToken, Value: v})
		err := flag.Mapper.Decode(&kong.DecodeContext{Value: flag.Value, Scan: scan}, scratch)
		if bad := (*badValue)(nil); errors.As(err, &bad) {
			b := *bad
			b.source = name
			return nil, &b
		}
		if err != nil {
			return nil, &badValue{source: name, value: v, secret: flag.Tag.Has("secret"), problem: err.Error()}
		}
		return v, nil
	})
}

// helpValue is a flag's help line: its text, then its environment
// variable and default.
func helpValue(v *kong.Value) string {
	var notes []string
	if name := v.Tag.Get("envvar"); name != "" {
		notes = append(notes, "$"+name)
	}
	// Kong shows a default in place of a flag's placeholder when it has
	// none: say it only where it does not show.
	if v.HasDefault && v.Default != "" && !v.Tag.Has("secret") && (v.Flag == nil || v.Flag.PlaceHolder != "") {
		notes = append(notes, "default "+v.Default)
	}
	if len(notes) == 0 {
		return v.Help
	}
	return v.Help + " (" + strings.Join(notes, ", ") + ")"
}
