package main

import (
	"bytes"
	"os"
	"testing"
)

// TestCheckedInFilesAreCurrent regenerates the dictionary and its table
// from the gse this module builds with and compares them with the files
// index embeds: after a gse upgrade or a change to the compiler, run
// go generate ./index.
func TestCheckedInFilesAreCurrent(t *testing.T) {
	mod, err := locateGse()
	if err != nil {
		t.Fatal(err)
	}
	text, table, err := generate(mod, defaultMinFreq)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{"../../dict/zh_s_min.txt": text, "../../dict/zh_s_min.tab": table} {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s (%d bytes) is not what dictgen makes now (%d bytes): run go generate ./index", name, len(got), len(want))
		}
	}
}
