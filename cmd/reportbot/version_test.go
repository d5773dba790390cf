package main

import (
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	code, out, errOut := runCmd(t, t.TempDir(), "", "version")
	if code != 0 || !strings.HasPrefix(out, "reportbot ") || !strings.Contains(out, "\ngo go1.") {
		t.Errorf("version: code %d, stdout %q, stderr %q", code, out, errOut)
	}
}
