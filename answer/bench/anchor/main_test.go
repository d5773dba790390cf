package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunAnswersFromParagraphs checks that the anchor really searches:
// each question gets the paragraph that shares its words.
func TestRunAnswersFromParagraphs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paragraphs.txt")
	text := "全省工会会员达到523万人。\n\n职工书屋建成1200家。\n劳模工匠创新工作室新增300个。\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(path, strings.NewReader("职工书屋有多少家\n工作室新增了几个\n"), &out); err != nil {
		t.Fatal(err)
	}
	want := "职工书屋建成1200家。\n劳模工匠创新工作室新增300个。\n"
	if out.String() != want {
		t.Fatalf("answers %q, want %q", out.String(), want)
	}
	if err := run(filepath.Join(t.TempDir(), "missing"), strings.NewReader(""), &out); err == nil {
		t.Error("no error for a missing paragraphs file")
	}
}
