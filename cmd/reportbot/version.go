package main

import (
	"fmt"
	"runtime/debug"
)

// runVersion prints what the binary was built from: the module version,
// the commit and its time when the build recorded them, and Go's version.
// versionCmd is reportbot version.
type versionCmd struct{}

func (versionCmd) Run(e *env) error {
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
