package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateVersion = flag.Bool("update-version", false, "write testdata/version.golden from what Extract returns now")

// versionGolden holds extract.Version and a digest of what Extract returns
// for every test file, so a change to extraction cannot go out under the
// version of the extraction before it (store.Store.ReextractAll would
// leave the reports stored by it as they are).
const versionGolden = "testdata/version.golden"

// TestVersionNamesTheExtraction fails when what Extract returns for the
// test files changed and Version did not: bump Version, then run
//
//	go test ./corpus/extract -run TestVersionNamesTheExtraction -update-version
func TestVersionNamesTheExtraction(t *testing.T) {
	var names []string
	for _, glob := range []string{"testdata/*", "testdata/realtools/*"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, m...)
	}
	slices.Sort(names)
	h := sha256.New()
	files := 0
	for _, name := range names {
		if fi, err := os.Stat(name); err != nil || fi.IsDir() || strings.HasSuffix(name, ".golden") || filepath.Base(name) == "README.md" ||
			strings.HasSuffix(name, ".sh") || strings.HasSuffix(name, ".py") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Extract(context.Background(), filepath.Base(name), data, Options{})
		out := struct {
			Doc Document
			Err string
		}{Doc: doc}
		if err != nil {
			out.Err = err.Error()
		}
		b, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(filepath.ToSlash(name) + "\n"))
		h.Write(b)
		files++
	}
	if files < 10 {
		t.Fatalf("only %d test files extracted", files)
	}
	got := Version + " " + hex.EncodeToString(h.Sum(nil)) + "\n"
	if *updateVersion {
		if err := os.WriteFile(versionGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(versionGolden)
	if err != nil {
		t.Fatal(err)
	}
	wantVersion, _, _ := strings.Cut(string(want), " ")
	switch {
	case string(want) == got:
	case wantVersion == Version:
		t.Errorf("what Extract returns for the test files changed, and Version is still %q: bump it, then run with -update-version", Version)
	default:
		t.Errorf("Version is %q, %s was written for %q: run with -update-version", Version, versionGolden, wantVersion)
	}
}
