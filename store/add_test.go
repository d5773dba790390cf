package store

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/reportbot/reportbot/answer"
	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/corpus/extract"
)

// A second report with facts the first does not have.
const planText = `2024年贵州省总工会工作要点

1 服务职工

全年计划新建职工驿站320个,为户外劳动者提供休息场所。

全省工会将开展职工健康体检,覆盖一线职工12.5万人。
`

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "corpus", "extract", "testdata", name))
	if err != nil {
		t.Skipf("fixture %s: %v", name, err)
	}
	return b
}

func TestAddFormats(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"report-gb18030.txt", "report.md", "report-gbk.html", "report.docx", "report.pdf"} {
		t.Run(name, func(t *testing.T) {
			st, err := Open(ctx, t.TempDir(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			// The fixtures reuse the embedded report's title: name them apart.
			m, stats, err := st.Add(ctx, name, fixture(t, name), AddOptions{Title: "fixture " + name})
			if err != nil {
				t.Fatal(err)
			}
			if m.Passages == 0 || stats.Reports != 2 || m.Original == "" {
				t.Errorf("meta %+v stats %+v", m, stats)
			}
			if _, err := os.Stat(filepath.Join(st.Dir(), reportsDir, m.ID, m.Original)); err != nil {
				t.Errorf("original not kept: %v", err)
			}
		})
	}
}

// withPlan is a store in a new data directory, closed when the test ends,
// with the plan report (planText) added to the embedded one.
func withPlan(t *testing.T) (*Store, Meta) {
	t.Helper()
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m, _, err := st.Add(ctx, "plan-2024.txt", []byte(planText), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return st, m
}

// TestTitles: a title given is kept on one line, its runs of white space
// and control characters one space; one over maxTitleRunes is refused and
// changes nothing. A document's own long title is cut, not refused.
func TestTitles(t *testing.T) {
	for in, want := range map[string]string{
		"  line1\nline2  ": "line1 line2",
		"a\t\tb\r\nc":      "a b c",
		"聚焦职能定位\u3000坚持改革创新": "聚焦职能定位 坚持改革创新",
		"x\x1b[31my": "x [31my",
		"":           "",
	} {
		if got, err := CleanTitle(in); got != want || err != nil {
			t.Errorf("CleanTitle(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{strings.Repeat("长", maxTitleRunes+1), "\xff\xfe"} {
		if _, err := CleanTitle(bad); !errors.Is(err, ErrBadTitle) {
			t.Errorf("CleanTitle(%.20q…) = %v, want ErrBadTitle", bad, err)
		}
	}

	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m, _, err := st.Add(ctx, "plan.txt", []byte(planText), AddOptions{Title: "line1\nline2\tend "})
	if err != nil || m.Title != "line1 line2 end" {
		t.Errorf("add with a title of three lines: %q, %v", m.Title, err)
	}
	before, _ := st.Reports()
	gens := generations(t, dir)
	if _, _, err := st.Add(ctx, "other.txt", []byte(planText), AddOptions{Title: strings.Repeat("长", 2000)}); !errors.Is(err, ErrBadTitle) || strings.Contains(err.Error(), "\n") {
		t.Errorf("add with a title of 2,000 characters: %v, want ErrBadTitle", err)
	}
	if after, _ := st.Reports(); !reflect.DeepEqual(after, before) || !slices.Equal(generations(t, dir), gens) {
		t.Errorf("a refused title changed the store: %d reports → %d", len(before), len(after))
	}
	long := "# " + strings.Repeat("标题", maxTitleRunes) + "\n\n全年计划新建职工驿站320个。\n"
	m, _, err = st.Add(ctx, "long.md", []byte(long), AddOptions{})
	if err != nil || utf8.RuneCountInString(m.Title) != maxTitleRunes || !strings.HasSuffix(m.Title, "…") {
		t.Errorf("a document's own long title: %d characters, %v", utf8.RuneCountInString(m.Title), err)
	}
}

func TestSecondReportIsCited(t *testing.T) {
	ctx := context.Background()
	st, m := withPlan(t)
	if m.ID != "plan-2024" || m.Title != "2024年贵州省总工会工作要点" {
		t.Errorf("meta %+v", m)
	}
	a := ask(t, st, "2024年计划新建多少个职工驿站?")
	if !a.Found || a.Figure == nil || a.Figure.Text != "320个" || a.Passage.ReportID != "plan-2024" || a.Passage.Report != m.Title {
		t.Errorf("answer from the new report: %+v %+v", a.Passage, a.Figure)
	}
	if a := ask(t, st, "工会会员有多少人"); !a.Found || a.Passage.ReportID != "guizhou-trade-union-2023" {
		t.Errorf("answer from the first report: %+v", a.Passage)
	}
	_, _, err := st.Add(ctx, "other.txt", []byte(planText), AddOptions{})
	if ee := (*ExistsError)(nil); !errors.Is(err, ErrExists) || !errors.As(err, &ee) || ee.Existing.ID != "plan-2024" || ee.Existing.Title != m.Title {
		t.Errorf("same title again: %v, want ErrExists naming plan-2024", err)
	}
	if _, stats, err := st.Add(ctx, "other.txt", []byte(planText), AddOptions{Replace: true}); err != nil || !stats.Replaced {
		t.Errorf("replace: replaced %v, %v", stats.Replaced, err)
	}
	if _, err := st.Remove(ctx, "plan-2024"); err != nil {
		t.Fatal(err)
	}
	if a := ask(t, st, "2024年计划新建多少个职工驿站?"); a.Found {
		t.Errorf("removed report still answers: %+v", a.Passage)
	}
	// Replace with no report of the title stored adds it: nothing replaced.
	if _, stats, err := st.Add(ctx, "other.txt", []byte(planText), AddOptions{Replace: true}); err != nil || stats.Replaced {
		t.Errorf("replace with nothing to replace: replaced %v, %v", stats.Replaced, err)
	}
}

func TestRefusedFilesChangeNothing(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	before, _ := st.Reports()
	beforeAnswer := ask(t, st, "会员卡发出去多少张?")
	tests := []struct {
		name string
		data []byte
		err  error
	}{
		{"empty.txt", nil, extract.ErrEmpty},
		{"blank.txt", []byte(" \n\n "), extract.ErrEmpty},
		{"program.bin", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x02\x03"), nil},
		{"photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), nil},
		{"sheet.xlsx", []byte("PK\x03\x04 not really a sheet"), nil},
		{"broken.docx", []byte("PK\x03\x04\x14\x00broken"), nil},
		{"huge.txt", make([]byte, 2<<20), extract.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := AddOptions{}
			if tt.name == "huge.txt" {
				opt.MaxBytes = 1 << 20
			}
			_, _, err := st.Add(ctx, tt.name, tt.data, opt)
			if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) {
				t.Fatalf("Add(%s) error = %v, want %v", tt.name, err, tt.err)
			}
			after, _ := st.Reports()
			if !reflect.DeepEqual(before, after) {
				t.Errorf("reports changed: %+v", after)
			}
			if a := ask(t, st, "会员卡发出去多少张?"); a.Passage.Key != beforeAnswer.Passage.Key {
				t.Errorf("answer changed")
			}
		})
	}
	if _, err := st.Remove(ctx, "guizhou-trade-union-2023"); err == nil {
		t.Error("removed the only report")
	}
	if _, err := st.Remove(ctx, "../etc"); !errors.Is(err, ErrNotFound) {
		t.Errorf("remove unknown: %v", err)
	}
}

// TestAnswersDuringReindex asks from several goroutines while reports are
// added and reindexed: no answer may fail.
func TestAnswersDuringReindex(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	eng := answer.New(st.Searcher())
	stop := make(chan struct{})
	var asked, failed atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				a, err := eng.Ask(ctx, "会员卡发出去多少张?")
				asked.Add(1)
				if err != nil || !a.Found || a.Figure == nil || a.Figure.Text != "281.59万张" {
					failed.Add(1)
				}
			}
		}()
	}
	for i := 0; i < 3; i++ {
		if _, err := st.Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := st.Add(ctx, "plan-2024.txt", []byte(planText), AddOptions{}); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if asked.Load() == 0 || failed.Load() != 0 {
		t.Errorf("%d of %d answers failed during reindexing", failed.Load(), asked.Load())
	}
	if gens := generations(t, st.Dir()); len(gens) != 1 {
		t.Errorf("generations left: %v", gens)
	}
}

// TestOddButValidInputs adds text that mentions a PDF header and reports
// of a title and one or two short paragraphs: all are reports.
func TestOddButValidInputs(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, tt := range []struct{ name, text, q, want string }{
		{"pdf-note.txt", "文件格式说明\n\n扫描件开头带有%PDF-标记的文件是PDF,本单位共收到这类文件37份,均已转换。\n", "收到多少份PDF文件", "37份"},
		{"one.txt", "简短通知\n\n全省新建职工书屋88个。\n", "新建职工书屋多少个", "88个"},
		{"two.txt", "简短报告\n\n工会会员有一百二十万人。\n\n全省新建职工篮球场16个。\n", "新建职工篮球场多少个", "16个"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, _, err := st.Add(ctx, tt.name, []byte(tt.text), AddOptions{})
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if m.Passages == 0 {
				t.Errorf("no passages: %+v", m)
			}
			if a := ask(t, st, tt.q); !a.Found || !strings.Contains(a.Passage.Text, tt.want) {
				t.Errorf("ask %q: %+v", tt.q, a.Passage)
			}
		})
	}
}

// docxOf returns a DOCX whose document is paragraphs copies of para.
func docxOf(t *testing.T, para string, paragraphs int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			strings.Repeat("<w:p><w:r><w:t>"+para+"</w:t></w:r></w:p>", paragraphs) + `</w:body></w:document>`,
	}
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDOCXBombs refuses a DOCX whose text, within the decompression
// budget, is past what one report may hold, and one past the budget with
// a message that names the budget.
func TestDOCXBombs(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	para := strings.Repeat("全省工会会员人数持续增长,职工之家建设稳步推进。", 20)
	opt := AddOptions{MaxBytes: 256 << 10} // XML budget 2.5 MiB
	within := docxOf(t, para, 2<<20/(len(para)+40))
	if _, _, err := st.Add(ctx, "within.docx", within, opt); !errors.Is(err, extract.ErrTooLarge) || !strings.Contains(err.Error(), "characters") {
		t.Errorf("%d KB DOCX of 2 MiB XML: %v, want ErrTooLarge for its characters", len(within)>>10, err)
	}
	past := docxOf(t, "会", 3<<20/40) // little text, much XML
	_, _, err = st.Add(ctx, "past.docx", past, opt)
	if !errors.Is(err, extract.ErrTooLarge) || !strings.Contains(err.Error(), "2.5 MiB") {
		t.Errorf("DOCX of 3 MiB XML: %v, want ErrTooLarge naming the 2.5 MiB budget", err)
	}
	if metas, _ := st.Reports(); len(metas) != 1 {
		t.Errorf("%d reports after the refusals", len(metas))
	}
}

// TestAddKeepsBlocks: an upload's structure survives a reindex: the
// blocks are stored beside text.txt, a caption longer than a guessed one
// (41 characters) keeps its image, and a bold heading stays a section.
func TestAddKeepsBlocks(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	caption := "全省职工职业技能大赛决赛在贵阳举行，来自九个市州的二百四十名选手同台竞技展示技能。"
	page := `<html><head><title>职工技能大赛综述 - 贵州工会网</title></head><body><article><h1>职工技能大赛综述</h1>
<p>全省各级工会组织职工技能大赛，参赛职工12.5万人次，带动一线职工学技术、练本领。</p>
<figure><img src="data:image/png;base64,iVBORw0KGgo="><figcaption>` + caption + `</figcaption></figure>
<p><strong>一、赛事规模</strong></p><p>今年大赛设立32个工种，决赛选手240名。</p></article></body></html>`
	m, _, err := st.Add(ctx, "大赛.html", []byte(page), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(st.Dir(), reportsDir, m.ID, blocksFile)); err != nil {
		t.Fatalf("no blocks stored: %v", err)
	}
	if _, err := st.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	reports, err := st.Parsed()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		if r.ID != m.ID {
			continue
		}
		if len(r.Sections) != 1 || r.Sections[0].Title != "赛事规模" {
			t.Errorf("sections %+v", r.Sections)
		}
		var found bool
		for _, p := range r.Passages {
			for _, c := range p.Captions {
				found = found || (c.Text == caption && c.Image == m.ID+"/"+m.Images[0].File)
			}
		}
		if !found {
			t.Errorf("caption with its image lost; images %+v", m.Images)
		}
		return
	}
	t.Fatalf("report %s not parsed", m.ID)
}

// TestReindexCountsWhatItIndexed: a reindex reads the reports one at a
// time and sums them as they are read; its counts are the collection's.
func TestReindexCountsWhatItIndexed(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := st.Add(ctx, "plan-2024.txt", []byte(planText), AddOptions{}); err != nil {
		t.Fatal(err)
	}
	var progressed [2]int
	got, err := st.Reindex(ctx, func(done, total int) { progressed = [2]int{done, total} })
	if err != nil {
		t.Fatal(err)
	}
	reports, err := st.Parsed()
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{Reports: len(reports)}
	for _, r := range reports {
		want.Passages += len(r.Passages)
		for _, p := range r.Passages {
			want.Figures += len(p.Figures)
		}
	}
	got.Took = 0
	if got != want || want.Reports != 2 {
		t.Errorf("Reindex stats %+v, want %+v", got, want)
	}
	if progressed != [2]int{want.Passages, want.Passages} {
		t.Errorf("last progress %v, want all %d passages", progressed, want.Passages)
	}
}

// TestReextractAll: a report stored by an older extraction is extracted
// anew from its kept original, keeping its ID, title and the time it was
// added, while the embedded report, kept as text, stays; an original that
// no longer extracts, or is gone, is listed as failed and changes nothing,
// and the reports after it are still extracted anew.
func TestReextractAll(t *testing.T) {
	ctx := context.Background()
	st, m := withPlan(t)
	// What an older extractor might have stored: another text, no blocks,
	// and no version of its own.
	aged := func(id string) {
		t.Helper()
		markExtractedBy(t, filepath.Join(st.Dir(), reportsDir, id), "")
	}
	if m.Extracted != extract.Version {
		t.Errorf("added with extraction %q, want %q", m.Extracted, extract.Version)
	}
	aged(m.ID)
	folder := filepath.Join(st.Dir(), reportsDir, m.ID)
	if err := os.Remove(filepath.Join(folder, blocksFile)); err != nil {
		t.Fatal(err)
	}
	older := strings.Replace(planText, "320个", "300个", 1)
	if err := os.WriteFile(filepath.Join(folder, textFile), []byte(older), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	const q = "2024年计划新建多少个职工驿站?"
	if a := ask(t, st, q); a.Figure == nil || a.Figure.Text != "300个" {
		t.Fatalf("before: %+v", a.Figure)
	}
	r, err := st.ReextractAll(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Done) != 1 || len(r.Failed) != 0 || !reflect.DeepEqual(r.Kept, []string{corpus.DefaultReportID}) || len(r.Rebuilds) != 1 || r.Last().Reports != 2 {
		t.Fatalf("ReextractAll = %+v", r)
	}
	if got := r.Done[0]; got.ID != m.ID || got.Title != m.Title || !got.Added.Equal(m.Added) || got.Original != m.Original {
		t.Errorf("re-extracted %+v, was %+v", got, m)
	}
	if a := ask(t, st, q); a.Figure == nil || a.Figure.Text != "320个" || a.Passage.ReportID != m.ID {
		t.Errorf("after: %+v", a.Figure)
	}
	if _, err := os.Stat(filepath.Join(folder, blocksFile)); err != nil {
		t.Errorf("the extraction's blocks are not stored: %v", err)
	}
	// A second run finds it extracted by this version: nothing to do but
	// one reindex.
	if r, err := st.ReextractAll(ctx, nil); err != nil || len(r.Done) != 0 || !reflect.DeepEqual(r.Current, []string{m.ID}) || len(r.Rebuilds) != 1 {
		t.Errorf("ReextractAll again = %+v, %v; want %s current", r, err, m.ID)
	}

	// A second report, after which the first's original breaks (binary
	// bytes), then is gone: each time the first is listed as failed and
	// unchanged, the second is still extracted anew, and no staged folder
	// is left behind.
	const later = "2025年职工书屋建设要点\n\n1 书屋\n\n全年计划新建职工书屋150家,配送图书两万册。\n"
	m2, _, err := st.Add(ctx, "zz-later.txt", []byte(later), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(filepath.Join(folder, textFile))
	original := filepath.Join(folder, m.Original)
	for _, tc := range []struct {
		breakIt func() error
		why     string
	}{
		{func() error { return os.WriteFile(original, []byte{0, 1, 2, 0xff, 0, 0, 7}, 0o644) }, extract.ErrBinary.Error()},
		{func() error { return os.Remove(original) }, ErrNoOriginal.Error()},
	} {
		if err := tc.breakIt(); err != nil {
			t.Fatal(err)
		}
		aged(m.ID)
		aged(m2.ID)
		before, _ := st.Reports()
		r, err := st.ReextractAll(ctx, nil)
		if err != nil || len(r.Failed) != 1 || r.Failed[0].ID != m.ID || !strings.Contains(r.Failed[0].Error, tc.why) ||
			len(r.Done) != 1 || r.Done[0].ID != m2.ID {
			t.Errorf("ReextractAll with a broken original = %+v, %v; want %s failed (%s)", r, err, m.ID, tc.why)
		}
		after, _ := st.Reports()
		now, _ := os.ReadFile(filepath.Join(folder, textFile))
		if !reflect.DeepEqual(after[slices.IndexFunc(after, func(x Meta) bool { return x.ID == m.ID })], before[slices.IndexFunc(before, func(x Meta) bool { return x.ID == m.ID })]) ||
			string(now) != string(text) {
			t.Errorf("a failed re-extraction changed the report")
		}
		if staged, _ := filepath.Glob(filepath.Join(st.Dir(), reportsDir, ".new-*")); len(staged) != 0 {
			t.Errorf("staged folders left: %v", staged)
		}
	}
	if a := ask(t, st, q); a.Figure == nil || a.Figure.Text != "320个" {
		t.Errorf("after the failures: %+v", a.Figure)
	}
}
