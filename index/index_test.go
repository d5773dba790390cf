package index

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"

	"github.com/reportbot/reportbot/corpus"
)

func TestGseTokenizerInBleve(t *testing.T) {
	cache := registry.NewCache()
	a, err := cache.AnalyzerNamed(AnalyzerGse)
	if err != nil {
		t.Fatalf("analyzer %s not registered: %v", AnalyzerGse, err)
	}
	text := "全省公有制建会企业,非公有制企业的ＡＢＣ工会会员693.96万人。"
	var terms []string
	for _, tok := range a.Analyze([]byte(text)) {
		terms = append(terms, string(tok.Term))
		// Offsets point at the original bytes (before width folding).
		if tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End {
			t.Fatalf("token %q has bad offsets %d:%d", tok.Term, tok.Start, tok.End)
		}
	}
	for _, want := range []string{"全省", "公有制", "非公有制", "公有", "企业", "工会", "会员", "693.96", "abc"} {
		if !slices.Contains(terms, want) {
			t.Errorf("terms %q lack %q", terms, want)
		}
	}
	for _, stop := range []string{"的", ",", "。"} {
		if slices.Contains(terms, stop) {
			t.Errorf("terms %q keep stop word or punctuation %q", terms, stop)
		}
	}
}

func TestSearchModeSharesPosition(t *testing.T) {
	tok, err := NewGseTokenizer(true)
	if err != nil {
		t.Fatal(err)
	}
	positions := map[string]int{}
	for _, tk := range tok.Tokenize([]byte("非公有制企业")) {
		positions[string(tk.Term)] = tk.Position
	}
	if positions["公有制"] == 0 || positions["公有制"] != positions["非公有制"] {
		t.Errorf("parts of a compound should share its position: %v", positions)
	}
	plain, _ := NewGseTokenizer(false)
	for _, tk := range plain.Tokenize([]byte("非公有制企业")) {
		if string(tk.Term) == "公有制" {
			t.Error("plain mode emitted a compound's part")
		}
	}
}

func TestBuildOpenSearch(t *testing.T) {
	ctx := context.Background()
	r, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, analyzer := range []string{AnalyzerGse, AnalyzerCJK} {
		t.Run(analyzer, func(t *testing.T) {
			dir := t.TempDir() + "/ix"
			ix, err := Build(ctx, dir, []*corpus.Report{r}, Options{Analyzer: analyzer, BatchSize: 7})
			if err != nil {
				t.Fatal(err)
			}
			ix.Close()
			ix, err = Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if ix.AnalyzerName() != analyzer {
				t.Errorf("analyzer = %s", ix.AnalyzerName())
			}
			n, _ := ix.DocCount()
			if n != len(r.Passages) {
				t.Errorf("doc count %d, want %d", n, len(r.Passages))
			}
			var q []WeightedTerm
			for _, term := range ix.Analyze("会员服务卡") {
				q = append(q, WeightedTerm{Text: term.Text, Weight: 1})
			}
			hits, err := ix.Search(ctx, q, 3)
			if err != nil || len(hits) == 0 {
				t.Fatalf("search: %v, %d hits", err, len(hits))
			}
			top := hits[0]
			if !strings.Contains(top.Passage.Text, "281.59万张") || top.ReportTitle != r.Title || len(top.Passage.Figures) == 0 {
				t.Errorf("top hit %q (report %q)", top.Passage.Text, top.ReportTitle)
			}
			for _, s := range top.Spans {
				if s.Start < 0 || s.End > len(top.Passage.Text) {
					t.Errorf("span %v outside passage", s)
				}
			}
		})
	}
}

func TestBuildStopsOnCheckError(t *testing.T) {
	r, _ := corpus.Default()
	boom := context.Canceled
	_, err := Build(context.Background(), "", []*corpus.Report{r}, Options{BatchSize: 5, Check: func(done int) error {
		if done >= 10 {
			return boom
		}
		return nil
	}})
	if err == nil {
		t.Fatal("build succeeded despite failing check")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, "", []*corpus.Report{r}, Options{}); err == nil {
		t.Fatal("build succeeded on a cancelled context")
	}
}

// sourceOf yields reports in the order given, as a stored collection
// read one report at a time does.
func sourceOf(passages int, reports ...*corpus.Report) Source {
	return Source{Passages: passages, Reports: func(yield func(*corpus.Report, error) bool) {
		for _, r := range reports {
			if !yield(r, nil) {
				return
			}
		}
	}}
}

func TestBuildFromRefusesOlderFirst(t *testing.T) {
	older, _ := corpus.Parse("older", "旧报告\n\n全省建成职工书屋1206家。\n")
	newer, _ := corpus.Parse("newer", "新报告\n\n全省建成职工书屋1300家。\n")
	newer.Added = older.Added.AddDate(1, 0, 0)
	if ix, err := BuildFrom(context.Background(), "", sourceOf(0, older, newer), Options{}); err == nil {
		ix.Close()
		t.Fatal("built from a source that gave the older report first")
	} else if !strings.Contains(err.Error(), "comes after the older") {
		t.Errorf("error %q does not say the order is wrong", err)
	}
	ix, err := BuildFrom(context.Background(), "", sourceOf(0, newer, older), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// Read newest first, the older report's repeat is filed under the newer.
	hits, err := ix.Search(context.Background(), []WeightedTerm{{Text: "书屋", Weight: 1}}, 10)
	if err != nil || len(hits) != 1 || hits[0].Passage.ReportID != "newer" {
		t.Errorf("Search(书屋) = %v, %v; want the newer report's passage alone", hits, err)
	}
}

func TestBuildFromNoReports(t *testing.T) {
	ix, err := BuildFrom(context.Background(), "", Source{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.DocCount(); n != 0 {
		t.Errorf("DocCount = %d, want 0", n)
	}
}

func TestBuildFromStopsOnSourceError(t *testing.T) {
	r, _ := corpus.Default()
	broken := errors.New("report 2 is unreadable")
	src := Source{Reports: func(yield func(*corpus.Report, error) bool) {
		if yield(r, nil) {
			yield(nil, broken)
		}
	}}
	ix, err := BuildFrom(context.Background(), "", src, Options{})
	if !errors.Is(err, broken) || ix != nil {
		t.Fatalf("BuildFrom = %v, %v; want nil and the source's error", ix, err)
	}
}

func TestProgressNeverPastTotal(t *testing.T) {
	r, _ := corpus.Default()
	for _, stated := range []int{0, 10, len(r.Passages), len(r.Passages) + 50} { // unknown, stale low, right, stale high
		var last [2]int
		ix, err := BuildFrom(context.Background(), "", sourceOf(stated, r), Options{BatchSize: 7, Progress: func(done, total int) {
			if done > total {
				t.Errorf("stated %d: progress %d of %d", stated, done, total)
			}
			last = [2]int{done, total}
		}})
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
		if want := [2]int{len(r.Passages), len(r.Passages)}; last != want {
			t.Errorf("stated %d: last progress %v, want %v", stated, last, want)
		}
	}
}

func TestNewerReportSupersedes(t *testing.T) {
	older, err := corpus.Parse("yunnan-2022", "云南省总工会工作报告\n\n目前云南省有基层工会5.08万个、工会会员683.56万人,县级工会加强年等专项工作有序推进。\n\n全省各级工会建成城区户外劳动者综合服务站8399个,其中474个获命名为全国最美服务站。\n\n全省建成职工书屋1206家,覆盖全部县区,方便一线职工就近读书学习。\n")
	if err != nil {
		t.Fatal(err)
	}
	newer, err := corpus.Parse("guizhou-2023", "贵州省总工会工作报告\n\n目前贵州省有基层工会5.51万个、工会会员693.96万人,县级工会加强年等专项工作有序推进。\n\n全省各级工会建成城区户外劳动者综合服务站10017个,其中512个获命名为全国最美服务站。\n")
	if err != nil {
		t.Fatal(err)
	}
	older.Added = newer.Added.AddDate(-1, 0, 0)
	newer.Added = older.Added.AddDate(1, 0, 0)
	for _, path := range []string{"", t.TempDir() + "/ix"} {
		ix, err := Build(context.Background(), path, []*corpus.Report{older, newer}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if path != "" {
			ix.Close()
			if ix, err = Open(path); err != nil {
				t.Fatal(err)
			}
		}
		// Statistics count the passages no newer report repeats: the
		// newer report's two and the older one's own third.
		if n, _ := ix.DocCount(); n != 3 {
			t.Errorf("DocCount = %d, want 3", n)
		}
		// A word only older passages use counts as found in one passage.
		for word, want := range map[string]int{"书屋": 1, "服务站": 1, "云南": 1, "火星": 0} {
			if f, err := ix.TermFreqs(word); err != nil || f.In(FieldText) != want {
				t.Errorf("TermFreqs(%s) in text = %d (%v), want %d", word, f.In(FieldText), err, want)
			}
		}
		tests := []struct {
			terms []string
			want  []string // passage keys, in any order
		}{
			{[]string{"户外", "服务站"}, []string{"guizhou-2023/1"}},
			{[]string{"工会", "会员"}, []string{"guizhou-2023/0", "guizhou-2023/1"}},
			// A word only the older report uses reaches its passages.
			{[]string{"云南", "会员"}, []string{"yunnan-2022/0"}},
			// A passage no newer report repeats stays current.
			{[]string{"书屋"}, []string{"yunnan-2022/2"}},
		}
		for _, tt := range tests {
			var wt []WeightedTerm
			for _, s := range tt.terms {
				wt = append(wt, WeightedTerm{Text: s, Weight: 1})
			}
			hits, err := ix.Search(context.Background(), wt, 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Passage.Key)
				if h.Passage.Key == "yunnan-2022/0" && h.Group != "guizhou-2023/0" {
					t.Errorf("older passage's group = %q, want the newer passage it repeats", h.Group)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("path %q, Search(%v) = %v, want %v", path, tt.terms, got, tt.want)
			}
		}
		ix.Close()
	}
}

func TestCommonWordsDoNotFindPassages(t *testing.T) {
	r, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(context.Background(), "", []*corpus.Report{r}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	n, _ := ix.DocCount()
	search := func(words ...string) []Hit {
		var wt []WeightedTerm
		for _, w := range words {
			wt = append(wt, WeightedTerm{Text: w, Weight: 1})
		}
		hits, err := ix.Search(context.Background(), wt, n)
		if err != nil {
			t.Fatal(err)
		}
		return hits
	}
	// "工会" is in most passages: alone it still finds them all...
	f, _ := ix.TermFreqs("工会")
	if df := f.In(FieldText); df <= n/5 || len(search("工会")) < df {
		t.Fatalf("工会 in %d of %d passages; search alone found %d", df, n, len(search("工会")))
	}
	// ...beside a rarer word it only adds to the score of the passages
	// holding that word in their own text.
	hits := search("工会", "服务卡")
	if len(hits) == 0 {
		t.Fatal("no passage for 服务卡")
	}
	for _, h := range hits {
		if !strings.Contains(h.Passage.Text, "服务卡") {
			t.Errorf("found %s, which lacks 服务卡: %s", h.Passage.Key, h.Passage.Text)
		}
		if i := strings.Index(h.Passage.Text, "工会"); i >= 0 {
			if !slices.Contains(h.Matched[FieldText], "工会") {
				t.Errorf("%s holds 工会 but it was not matched", h.Passage.Key)
			}
			if !slices.Contains(h.Spans, Span{Start: i, End: i + len("工会")}) {
				t.Errorf("%s: 工会 at %d not highlighted: %v", h.Passage.Key, i, h.Spans)
			}
		}
	}
	// Words of the section title and the rest of the paragraph are
	// matched on the candidates found.
	card := slices.IndexFunc(search("服务卡", "基础"), func(h Hit) bool { return strings.Contains(h.Passage.Text, "服务卡") })
	if card < 0 {
		t.Fatal("服务卡 passage not found")
	}
	if h := search("服务卡", "基础")[card]; !strings.Contains(h.Passage.Section, "基础") || !slices.Contains(h.Matched[FieldSection], "基础") {
		t.Fatalf("section %q: matched %v", h.Passage.Section, h.Matched)
	}
	if len(search("基础")) != 0 && slices.ContainsFunc(search("基础"), func(h Hit) bool { return !strings.Contains(h.Passage.Text, "基础") }) {
		t.Error("a section word alone found passages without it in their text")
	}
}

// TestEqualScoresNewestFirst: passages of equal score come in the order
// they were indexed, newest report first, whatever order bleve keeps its
// documents in.
func TestEqualScoresNewestFirst(t *testing.T) {
	text := "报告\n\n全省建成职工书屋1206家,覆盖全部县区。\n"
	var reports []*corpus.Report
	for i, id := range []string{"r2019", "r2023", "r2021", "r2022", "r2020"} {
		r, err := corpus.Parse(id, text)
		if err != nil {
			t.Fatal(err)
		}
		r.Added = r.Added.AddDate(0, 0, []int{0, 4, 2, 3, 1}[i])
		reports = append(reports, r)
	}
	for _, path := range []string{"", t.TempDir() + "/ix"} {
		// KeepRepeats keeps all five current, with equal scores.
		ix, err := Build(context.Background(), path, reports, Options{KeepRepeats: true, BatchSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		hits, err := ix.Search(context.Background(), []WeightedTerm{{Text: "书屋", Weight: 1}}, 3)
		ix.Close()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Passage.ReportID)
			if h.Score != hits[0].Score {
				t.Errorf("%s scores %v, %s %v", h.Passage.Key, h.Score, hits[0].Passage.Key, hits[0].Score)
			}
		}
		if want := []string{"r2023", "r2022", "r2021"}; !slices.Equal(got, want) {
			t.Errorf("path %q: equal hits %v, want the newest first %v", path, got, want)
		}
	}
}

func TestOpenWithoutPostingsTable(t *testing.T) {
	r, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir() + "/ix"
	ix, err := Build(context.Background(), dir, []*corpus.Report{r}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if err := os.Remove(dir + "/" + currentDir + tableSuffix); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("Open without a postings table: %v", err)
	}
}

// TestStoredPassagesDecode: every passage of the embedded report comes
// back from the index as it was stored.
func TestStoredPassagesDecode(t *testing.T) {
	r, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Passages {
		p = boundContext(p)
		blob, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var got corpus.Passage
		if err := decodePassage(blob, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Errorf("passage %s decodes as %+v, stored %+v", p.Key, got, p)
		}
	}
	var p corpus.Passage
	if err := decodePassage([]byte(`{"key":`), &p); err == nil {
		t.Error("a truncated passage decoded")
	}
}
