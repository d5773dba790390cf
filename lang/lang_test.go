package lang

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

func TestParseSynonyms(t *testing.T) {
	s, err := ParseSynonyms(strings.NewReader("# comment\n经费, 资金\n钱 => 资金, 经费 # money\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"经费", []string{"资金"}},
		{"资金", []string{"经费"}},
		{"钱", []string{"资金", "经费"}},
		{"元", nil}, // one-way: 钱 → 元 does not make 元 → 钱
	} {
		if got := s.Lookup(tc.word); !slices.Equal(got, tc.want) {
			t.Errorf("Lookup(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	for _, bad := range []string{"单独", "a =>", "=> b"} {
		if _, err := ParseSynonyms(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ParseSynonyms(%q) error = %v, want a line 1 error", bad, err)
		}
	}
}

func TestMergeKeepsBoth(t *testing.T) {
	a, _ := ParseSynonyms(strings.NewReader("劳模, 劳动模范"))
	b, _ := ParseSynonyms(strings.NewReader("劳模 => 先进工作者"))
	m := a.Merge(b)
	if got := m.Lookup("劳模"); !slices.Equal(got, []string{"劳动模范", "先进工作者"}) {
		t.Errorf("merged Lookup(劳模) = %q", got)
	}
	if got := a.Lookup("劳模"); !slices.Equal(got, []string{"劳动模范"}) {
		t.Errorf("Merge changed its receiver: %q", got)
	}
}

func TestEmbeddedData(t *testing.T) {
	d := Default()
	if d.Synonyms().Len() < 20 {
		t.Errorf("embedded synonyms: %d words", d.Synonyms().Len())
	}
	// The everyday words (data/colloquial.txt) are read with them.
	if got := d.Synonyms().Lookup("城里人"); !slices.Contains(got, "城镇居民") {
		t.Errorf("城里人 is looked up as %q, want 城镇居民 among them", got)
	}
	for _, w := range []string{"多少", "怎么", "吗", "出来"} {
		if !d.IsQuestionWord(w) {
			t.Errorf("%q is not a question word", w)
		}
	}
	if !d.IsAgeNoun("青年") || d.IsAgeNoun("年末") {
		t.Error("age nouns: 青年 is not one, or 年末 is")
	}
	if d.IsQuestionWord("过去") {
		t.Error("过去 (also a time word) is a question word")
	}
	if !d.IsStopWord("了") || d.IsStopWord("工会") || d.IsStopWord("#") {
		t.Error("stop words: 了 is not one, or 工会 or # is")
	}
	if d.IsQuestionWord("工会") {
		t.Error("工会 is a question word")
	}
	for _, w := range []string{"方面", "对于", "报告", "提出", "意思", "一年", "每月"} {
		if !d.IsFrameWord(w) {
			t.Errorf("%q is not a frame word", w)
		}
	}
	if d.IsFrameWord("工会") || d.IsFrameWord("什么") || !d.AsksKind("什么") || !d.AsksKind("哪些") || d.AsksKind("多少") ||
		!d.IsKindMeasure("个") || d.IsKindMeasure("省") {
		t.Error("question frames: 工会 or 什么 frames, 什么/哪些 ask no kind, 多少 does, or 个/省 misread as a measure between them")
	}
	for _, section := range intentSections {
		if len(d.IntentCues(section)) == 0 {
			t.Errorf("no intent cues in [%s]", section)
		}
	}
	if got := d.ScopeWords(); len(got) < 3 || got[0] != "全国" || slices.Contains(got, "") || slices.Contains(got, "#") {
		t.Errorf("scope words %q: want 全国 first, no comment or blank", got)
	}
	m := analysis.NewTokenMap()
	if err := m.LoadBytes(StopWords()); err != nil {
		t.Fatal(err)
	}
	if !m["的"] || m["#"] || len(m) < 40 {
		t.Errorf("stop words as a bleve TokenMap: %d words, 的=%v", len(m), m["的"])
	}
}

func TestParseSections(t *testing.T) {
	known := []string{"a", "b"}
	got, err := parseSections([]byte("# c\n[a]\nx y # z\n\n[b]\nw\n[a]\nv\n"), known)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string][]string{"a": {"x", "y", "v"}, "b": {"w"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("parseSections = %v, want %v", got, want)
	}
	for text, want := range map[string]string{
		"x\n[a]\n":                "line 1: words before",
		"[a]\nx\n[b] y\n":         `line 3: "[b] y" is not a section line`,
		"[a]\nx\n[b\n":            `line 3: "[b" is not a section line`,
		"[a]\n[]\nx\n":            `line 2: "[]" is not a section line`,
		"[a]\n[a b]\n":            `line 2: "[a b]" is not a section line`,
		"[a]\nx\n\n[c]\ny\n":      "line 4: unknown section [c]",
		"[a]\nx\n[b]]\n":          `line 3: "[b]]" is not a section line`,
		"[a]\nx\n  [b]  # c\ny\n": "",
	} {
		_, err := parseSections([]byte(text), known)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("parseSections(%q) error = %v, want %q", text, err, want)
		}
	}
}

func TestFollowupCues(t *testing.T) {
	c := Followup()
	if len(c.Lead) == 0 || c.Lead[0] == "那" || !slices.Contains(c.Lead, "那") {
		t.Errorf("leads %q: want 那 among them, after the longer ones", c.Lead)
	}
	if !slices.Contains(c.Tail, "呢") || !slices.Contains(c.Interrogatives, "多少") {
		t.Errorf("tail %q, interrogatives %q", c.Tail, c.Interrogatives)
	}
	if !c.IsDemonstrative("这个") || !c.IsElaboration("具体") || !c.IsMeasure("比重") || c.IsMeasure("职工") {
		t.Error("a demonstrative, an elaboration or a measure word is not read as one")
	}
	for _, bad := range []string{"那", "[nowhere]\n那", "[lead]\n那 么"} {
		if _, err := ParseFollowupCues(bad); err == nil || !strings.Contains(err.Error(), "line") {
			t.Errorf("ParseFollowupCues(%q) error = %v, want a line error", bad, err)
		}
	}
}

func TestSynonymsFindPhrases(t *testing.T) {
	s, err := ParseSynonyms(strings.NewReader("打工人 => 职工\nGDP, 国内生产总值\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := s.Find("我们打工人的gdp")
	if len(got) != 2 || got[0].Others[0] != "职工" && got[1].Others[0] != "职工" {
		t.Fatalf("Find: %+v", got)
	}
	for _, m := range got {
		if w := "我们打工人的gdp"[m.Start:m.End]; w != "打工人" && w != "gdp" {
			t.Errorf("match at %d–%d is %q", m.Start, m.End, w)
		}
	}
	if from, to, err := ParseSynonymRule("a => b, c"); err != nil || len(from) != 1 || len(to) != 2 {
		t.Errorf("ParseSynonymRule: %v %v %v", from, to, err)
	}
}

func TestIsAside(t *testing.T) {
	d := Default()
	for _, tc := range []struct {
		clause string
		want   bool
	}{
		{"你好", true},
		{"老师好", true},
		{"王老师好", true},
		{"各位大佬好", true},
		{" 您好 ", true},
		{"在吗", true},
		{"老师在吗", true},
		{"李师傅好", true},
		// 好 without an address, or an opener after a thing, says
		// something of its own.
		{"服务站建得好", false},
		{"服务站还在吗", false},
		{"工会对你们好", false},
		{"你们哪个好", false},
		{"亲子好", false},
		{"朋友圈好", false},
		{"为人民服务老师好", false},
		{"经济形势好", false},
		{"好", false},
		{"我是退休职工", false}, // who asks may be what is asked about
		{"职工服务越来越好", false},
		{"工会会员有多少", false},
		{"", false},
	} {
		if got := d.IsAside(tc.clause); got != tc.want {
			t.Errorf("IsAside(%q) = %v, want %v", tc.clause, got, tc.want)
		}
	}
}

// Keys and right-hand words are folded as a question's words are (NFKC,
// t2s, lower case): a rule written by hand in traditional characters or
// full width fires on the question's words, and its right-hand words are
// searched as simplified.
func TestSynonymsFoldedLikeQuestions(t *testing.T) {
	s, err := ParseSynonyms(strings.NewReader("飯卡 => 服務卡\nＦＫ => 服务卡\n"))
	if err != nil {
		t.Fatal(err)
	}
	// 飯卡 and ＦＫ as the engine reads a member's question: NFKC'd,
	// simplified, lower-cased.
	for _, w := range []string{"饭卡", "fk", "FK"} {
		if got := s.Lookup(w); !slices.Equal(got, []string{"服务卡"}) {
			t.Errorf("Lookup(%q) = %q, want [服务卡]; keys %q", w, got, s.words)
		}
	}
	if ms := s.Find("饭卡发了多少张"); len(ms) != 1 || ms[0].Start != 0 {
		t.Errorf("Find: %+v", ms)
	}
	if got := Fold("ＧＤＰ 國內生產總值"); got != "gdp 国内生产总值" {
		t.Errorf("Fold = %q", got)
	}
}

// A rule written with capitals does not map a word to itself: the words
// are compared folded.
func TestSynonymNotItself(t *testing.T) {
	custom, err := ParseSynonyms(strings.NewReader("GDP, 国内生产总值\nＣＰＩ => cpi, 居民消费价格\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []Synonyms{Default().Synonyms(), custom} {
		for _, w := range []string{"GDP", "gdp", "CPI", "cpi"} {
			if got := s.Lookup(w); slices.ContainsFunc(got, func(o string) bool { return strings.EqualFold(o, w) }) {
				t.Errorf("Lookup(%q) = %q: holds the word itself", w, got)
			}
		}
	}
}

// The embedded data is compared with questions as they are folded (NFKC,
// t2s, lower case; answer.Normalize and the analyzer), so every entry is
// written folded (synonyms may keep capitals: their table folds them),
// and no list names a word twice.
func TestEmbeddedDataFolded(t *testing.T) {
	check := func(where string, words []string, keepCase bool) {
		t.Helper()
		seen := map[string]bool{}
		for _, w := range words {
			want := w
			if keepCase {
				want = strings.ToLower(w)
			}
			if f := Fold(w); f != want {
				t.Errorf("%s: %q is not folded (%q)", where, w, f)
			}
			if seen[w] {
				t.Errorf("%s: %q twice", where, w)
			}
			seen[w] = true
		}
	}
	for name, b := range map[string][]byte{"stopwords": stopWords, "question-words": questionWords, "scope": scopeWords, "places": placeNames} {
		check(name, wordList(b), false)
	}
	for name, text := range map[string]string{"intent": string(intentCues), "frame": string(frameWords), "chat": string(chatWords), "followup": followupData} {
		sections := map[string][]string{}
		err := EachSectionLine(text, func(_ int, section string, words []string) error {
			sections[section] = append(sections[section], words...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for section, words := range sections {
			check(name+" ["+section+"]", words, false)
		}
	}
	for name, b := range map[string][]byte{"synonyms": synonyms, "colloquial": colloquial} {
		var lefts []string
		for i, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(stripComment(line)); line == "" {
				continue
			}
			from, to, err := ParseSynonymRule(line)
			if err != nil {
				t.Fatalf("%s line %d: %v", name, i+1, err)
			}
			where := fmt.Sprintf("%s line %d", name, i+1)
			check(where, from, true)
			check(where, to, true)
			lefts = append(lefts, from...)
		}
		check(name+": words looked up", lefts, true)
	}
}

// A synonyms file saved with a byte order mark (Windows Notepad) is read
// as without it: TrimSpace does not strip U+FEFF.
func TestParseSynonymsBOM(t *testing.T) {
	for _, text := range []string{"\ufeff劳模, 劳动模范\n", "\ufeff# mine\n劳模, 劳动模范\n"} {
		s, err := ParseSynonyms(strings.NewReader(text))
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if got := s.Lookup("劳模"); !slices.Equal(got, []string{"劳动模范"}) {
			t.Errorf("%q: Lookup(劳模) = %q; keys %q", text, got, s.words)
		}
	}
}

// Find's offsets are offsets in the text given, whatever the lower case
// of the letters before the match: strings.ToLower makes some longer or
// shorter (Ⱥ U+023A: 2 bytes, its lower case 3; İ U+0130: 2, i: 1).
func TestSynonymsFindOffsetsInText(t *testing.T) {
	s, err := ParseSynonyms(strings.NewReader("打工人 => 劳动者\nGDP, 国内生产总值\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Ⱥ打工人有多少", []string{"打工人"}},
		{"İ打工人有多少", []string{"打工人"}},
		{"ȺȺ的GDP和İ打工人", []string{"GDP", "打工人"}},
		{"\xff打工人\xfe", []string{"打工人"}},
	} {
		var got []string
		for _, m := range s.Find(tc.text) {
			got = append(got, tc.text[m.Start:m.End])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Find(%q) matched %q, want %q", tc.text, got, tc.want)
		}
	}
}

// IsStopWord knows the words the index drops, and only those: both read
// the file as bleve's TokenMap does (# or | comments, every word of a
// line), so a line such as "a an" or "的 | particle" cannot make them
// disagree.
func TestStopWordsReadAsTheIndexReadsThem(t *testing.T) {
	for _, file := range []string{string(stopWords), "的 | particle\na an # articles\n"} {
		index := analysis.NewTokenMap()
		if err := index.LoadBytes([]byte(file)); err != nil {
			t.Fatal(err)
		}
		ours, err := stopSet([]byte(file))
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(ours, map[string]bool(index)) {
			t.Errorf("file %.20q…: IsStopWord reads %v, the index %v", file, ours, index)
		}
	}
	if ours, _ := stopSet([]byte("的 | particle\na an\n")); !ours["的"] || !ours["an"] || ours["particle"] {
		t.Errorf("stop words: %v", ours)
	}
}

// Odd input (empty, invalid UTF-8, full-width spaces) does not panic, and
// a greeting between full-width spaces is one.
func TestOddInput(t *testing.T) {
	d := Default()
	s, err := ParseSynonyms(strings.NewReader("打工人 => 劳动者\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"", "\xff\xfe", "好\xff", "\xff好", strings.Repeat("老", 10), "\u3000老师好\u3000"} {
		_ = ToSimplified(in)
		_ = d.IsAside(in)
		_ = s.Find(in)
		_ = AllHan(in)
		_ = Fold(in)
	}
	if !d.IsAside("\u3000老师好\u3000") {
		t.Error("a greeting between full-width spaces is not one")
	}
}

// TestPlaceNames: every province and prefecture by its full name and
// without its suffix; no suffix, compass point or common noun alone.
func TestPlaceNames(t *testing.T) {
	d := Default()
	for _, w := range []string{"周口市", "周口", "贵州省", "贵州", "黔东南苗族侗族自治州", "黔东南", "内蒙古", "香港"} {
		if !d.IsPlaceName(w) {
			t.Errorf("IsPlaceName(%q) = false", w)
		}
	}
	for _, w := range []string{"市", "省", "东南", "全市", "城市", "工会", ""} {
		if d.IsPlaceName(w) {
			t.Errorf("IsPlaceName(%q) = true", w)
		}
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		" 工会\t会员\n有多少人 ": "工会 会员 有多少人",
		"a\u0000\u0007b": "a b",
		"\n\t ":          "",
	} {
		if got := OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsParticle(t *testing.T) {
	d := Default()
	for _, r := range "呀啊啦哈嗯" {
		if !d.IsParticle(r) {
			t.Errorf("IsParticle(%q) = false", r)
		}
	}
	for _, r := range "好谢吗a" {
		if d.IsParticle(r) {
			t.Errorf("IsParticle(%q) = true", r)
		}
	}
}
