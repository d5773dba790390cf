package main

import (
	"context"
	"os"
	"os/user"
	"strconv"

	"github.com/reportbot/reportbot/learn"
	"github.com/reportbot/reportbot/store/adminsock"
	"github.com/reportbot/reportbot/store/asklog"
)

// teacher is what the synonyms and unanswered commands change through:
// the server owning the data directory, through its socket, or else the
// directory itself under its lock (adminsock.Teacher, learn.Admin).
func (sf *storeFlags) teacher(ctx context.Context, e *env, holder string) (t adminsock.Teacher, close func() error, err error) {
	c, st, eng, err := sf.serverOrOwner(ctx, e, holder)
	switch {
	case err != nil:
		return nil, nil, err
	case c != nil:
		return c, func() error { return nil }, nil
	}
	lg, err := asklog.Open(st.Dir())
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return &learn.Admin{Store: st, Engine: eng, Log: lg}, st.Close, nil
}

// reader is learn on the data directory opened to read (lists, stats):
// no lock, beside a running bot. close ends it.
func (sf *storeFlags) reader(ctx context.Context, e *env) (*learn.Admin, func() error, error) {
	st, eng, err := sf.open(ctx, e)
	if err != nil {
		return nil, nil, err
	}
	return &learn.Admin{Store: st, Engine: eng}, st.Close, nil
}

// cliAdmin names the person at the terminal in the synonyms file and
// the question log: "cli:" and their login name.
func cliAdmin() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli:uid-" + strconv.Itoa(os.Getuid())
}
