package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// runVersion prints what the binary was built from: the module version,
// the commit and its time when the build recorded them, and Go's version.
func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "", "Prints the build: version, commit, commit time and Go version.")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fmt.Errorf("no build information in this binary")
	}
	fmt.Fprintf(e.stdout, "reportbot %s\n", info.Main.Version)
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision", "vcs.time", "vcs.modified":
			fmt.Fprintf(e.stdout, "%s %s\n", s.Key, s.Value)
		}
	}
	fmt.Fprintf(e.stdout, "go %s\n", info.GoVersion)
	return nil
}
