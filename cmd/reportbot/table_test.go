package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/reportbot/reportbot/store"
)

func TestWriteTableAlignsChineseColumns(t *testing.T) {
	var b strings.Builder
	rows := [][]string{
		{"ID", "TITLE", "FORMAT"},
		{"a", "聚焦职能定位 坚持改革创新", "text"},
		{"longer-id", "政府工作报告", "markdown"},
		{"x", strings.Repeat("很长的标题", 20), "pdf"},
	}
	if err := writeTable(&b, rows, nil); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) != len(rows) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(rows), b.String())
	}
	// The last column starts at the same terminal column on every line.
	want := -1
	for i, line := range lines {
		at := runewidth.StringWidth(line[:strings.LastIndex(line, rows[i][2])])
		if want < 0 {
			want = at
		}
		if at != want {
			t.Errorf("line %d: FORMAT column at %d, want %d:\n%s", i, at, want, b.String())
		}
	}
	if !strings.Contains(lines[3], "…") || runewidth.StringWidth(lines[3]) > 2*maxCellWidth {
		t.Errorf("an over-long title is not cut: %q", lines[3])
	}
}

// TestWriteTableKeepsWholeColumns: a column given whole (an ID, a command
// to paste) is never cut, and one given a width is cut at it.
func TestWriteTableKeepsWholeColumns(t *testing.T) {
	var b strings.Builder
	cmd := "synonyms add '" + strings.Repeat("职工服务", 8) + " => 服务卡'"
	rows := [][]string{{"ID", "TITLE", "TRY"}, {strings.Repeat("a-", 30), strings.Repeat("标题", 20), cmd}}
	if err := writeTable(&b, rows, widths{"ID": whole, "TITLE": 10, "TRY": whole}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, rows[1][0]) || !strings.Contains(out, cmd) {
		t.Errorf("a whole column was cut:\n%s", out)
	}
	if !strings.Contains(out, "标题标题… ") || strings.Contains(out, "标题标题标题") {
		t.Errorf("the title is not cut at 10 columns:\n%s", out)
	}
}

// reportList is a library listing metas.
type reportList []store.Meta

func (l reportList) Reports() ([]store.Meta, error) { return l, nil }

// TestReportsListCutsTitlesBesideLongIDs: the titles give up the columns
// an ID takes beyond a cell down to minTitleWidth; an ID 81 columns wide
// or more made their width whole, and the titles were not cut at all.
func TestReportsListCutsTitlesBesideLongIDs(t *testing.T) {
	for idWidth, want := range map[int]int{10: maxCellWidth, 50: 30, 80: minTitleWidth, 81: minTitleWidth, 200: minTitleWidth} {
		if got := titleWidth(idWidth); got != want {
			t.Errorf("titleWidth(%d) = %d, want %d", idWidth, got, want)
		}
	}
	title := strings.Repeat("职工服务阵地建设", 8)
	var out bytes.Buffer
	if err := listReports(&env{stdout: &out}, reportList{{ID: strings.Repeat("a", 90), Title: title, Format: "markdown"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), strings.Repeat("a", 90)) || strings.Contains(out.String(), title) {
		t.Errorf("a 90-column ID with its title:\n%s", out.String())
	}
}
