package dict

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/go-ego/gse"
	"github.com/go-ego/gse/hmm"
)

// The dictionary text and its compiled table, as index embeds them.
var (
	//go:embed zh_s_min.txt
	sourceText string
	//go:embed zh_s_min.tab
	compiled string
)

// reference is gse itself loaded with the dictionary text: what the table
// must answer and segment like.
var reference = sync.OnceValues(func() (*gse.Segmenter, error) {
	var seg gse.Segmenter
	err := seg.LoadDictStr(sourceText)
	return &seg, err
})

func load(t testing.TB) (*gse.Segmenter, *Table) {
	t.Helper()
	seg, err := reference()
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Open(compiled)
	if err != nil {
		t.Fatal(err)
	}
	return seg, tab
}

// TestTableIsFromText checks that the embedded table was compiled from
// the embedded text (go generate ./index after changing either).
func TestTableIsFromText(t *testing.T) {
	_, tab := load(t)
	h, err := tab.SourceHash()
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256([]byte(sourceText))
	if got := h.Sum(nil); string(got) != string(want[:]) {
		t.Fatalf("table compiled from text with SHA-256 %x, the text's is %x: run go generate ./index", got, want)
	}
	if !strings.Contains(tab.Provenance(), "gse") {
		t.Errorf("provenance %q does not name gse", tab.Provenance())
	}
}

// TestFindMatchesGse asks the table and gse for every word of the
// dictionary, every start of one, and strings that are neither.
func TestFindMatchesGse(t *testing.T) {
	seg, tab := load(t)
	if got, want := tab.TotalFreq(), seg.Dict.TotalFreq(); math.Float64bits(got) != math.Float64bits(want) {
		t.Fatalf("total frequency %v, gse %v", got, want)
	}
	check := func(w string) {
		t.Helper()
		f, p, ok := tab.Find(w)
		gf, gp, gok := seg.Dict.Find([]byte(w))
		if f != gf || p != gp || ok != gok {
			t.Fatalf("Find(%q) = %v, %q, %v; gse %v, %q, %v", w, f, p, ok, gf, gp, gok)
		}
	}
	n := 0
	for i := range seg.Dict.Tokens {
		w := seg.Dict.Tokens[i].Text()
		for j := range w {
			if j > 0 {
				check(w[:j])
			}
		}
		check(w)
		check(w + "的")
		check("的" + w)
		check(w + "\x00") // cedar's quirk, see Find
		check(w + "\x00的")
		n++
	}
	for _, w := range []string{"", "x", "zzzz", "\xff", "中华人民共和国万岁万岁万万岁"} {
		check(w)
	}
	t.Logf("%d words and their starts found alike", n)
}

// TestViterbiMatchesGse compares the HMM on every character of its model,
// alone and in runs of two and three, with gse's: the same score to the
// bit and the same states. It checks every emission probability the table
// holds.
func TestViterbiMatchesGse(t *testing.T) {
	_, tab := load(t)
	hmm.LoadModel()
	states := []byte{'B', 'M', 'E', 'S'}
	stateByte := [4]byte{stateB: 'B', stateE: 'E', stateM: 'M', stateS: 'S'}
	var rs []rune
	for i := range tab.nemit {
		rs = append(rs, rune(u32(tab.data, tab.emitRunes+4*i)))
	}
	if len(rs) < 1000 {
		t.Fatalf("only %d characters in the HMM model", len(rs))
	}
	rs = append(rs, 'a', '1', 0x2A700) // not in the model
	for size := 1; size <= 3; size++ {
		for i := 0; i+size <= len(rs); i++ {
			obs := rs[i : i+size]
			p, st := tab.viterbi(obs)
			gp, gst := hmm.Viterbi(obs, states)
			got := make([]byte, len(st))
			for j, s := range st {
				got[j] = stateByte[s]
			}
			if math.Float64bits(p) != math.Float64bits(gp) || string(got) != string(gst) {
				t.Fatalf("Viterbi(%q) = %v %s; gse %v %s", string(obs), p, got, gp, gst)
			}
		}
	}
}

// TestCutMatchesGse segments hand-picked text: words in and out of the
// dictionary, Latin letters in both cases, numbers, punctuation, bad
// UTF-8. The reports and questions are compared in package index.
func TestCutMatchesGse(t *testing.T) {
	seg, tab := load(t)
	for _, text := range cutSamples {
		compareCut(t, seg, tab, text)
	}
}

var cutSamples = []string{
	"",
	"全省工会会员达到523.6万人，比上年增长3.2%。",
	"非公有制企业建会率达到92%以上",
	"GDP增长8.1%，CPI上涨0.9%，iPhone和WiFi覆盖率",
	"ＡＢＣ全角字母１２３和İstanbul",
	"黔东南州、黔南州、毕节市的劳模工匠创新工作室",
	"龘靐齉爩鱻麤",
	"坚持稳字当头、稳中求进",
	"a\xffb中\xfe国",
	"000增\x00加\x00",
	"   \t\n",
	"一二三四五六七八九十百千万亿",
	"2022年3月5日上午9时",
}

func compareCut(t *testing.T, seg *gse.Segmenter, tab *Table, text string) {
	t.Helper()
	got, want := tab.Cut(text), seg.Cut(text, true)
	if !slices.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("Cut(%q) differs from gse at word %d:\n got  %q\n gse  %q", text, i, got, want)
	}
}

// FuzzCut compares the table's segmentation with gse's on any text.
func FuzzCut(f *testing.F) {
	for _, s := range cutSamples {
		f.Add(s)
	}
	seg, tab := load(f)
	f.Fuzz(func(t *testing.T, text string) {
		if utf8.RuneCountInString(text) > 200 {
			// gse's HMM is quadratic in a run of unknown characters.
			t.Skip()
		}
		compareCut(t, seg, tab, text)
	})
}

// TestCompileRejects checks the compiler's refusals.
func TestCompileRejects(t *testing.T) {
	ok := Source{Words: []Word{{Text: "中国", Freq: 10, Pos: "ns"}}, TotalFreq: 10}
	if _, err := Compile(ok); err != nil {
		t.Fatal(err)
	}
	for name, words := range map[string][]Word{
		"empty word":    {{Text: "", Freq: 3}},
		"bad UTF-8":     {{Text: "\xff", Freq: 3}},
		"zero":          {{Text: "中", Freq: 0}},
		"fraction":      {{Text: "中", Freq: 2.5}},
		"twice":         {{Text: "中", Freq: 2}, {Text: "中", Freq: 3}},
		"over a uint32": {{Text: "中", Freq: 1 << 33}},
	} {
		if _, err := Compile(Source{Words: words, TotalFreq: 10}); err == nil {
			t.Errorf("%s: compiled", name)
		}
	}
	if _, err := Open("not a table"); err == nil {
		t.Error("opened a string that is not a table")
	}
	b, _ := Compile(ok)
	if _, err := Open(string(b[:len(b)-1])); err == nil {
		t.Error("opened a truncated table")
	}
}

// TestCompileIsDeterministic compiles a small source twice.
func TestCompileIsDeterministic(t *testing.T) {
	src := Source{
		Words:     []Word{{Text: "中国", Freq: 10, Pos: "ns"}, {Text: "中", Freq: 2}, {Text: "国人", Freq: 4, Pos: "n"}},
		TotalFreq: 16, Text: "dictionary text", Provenance: "test\n",
		Emit: [4]map[rune]float64{{'中': -1}, {'国': -2}, {'中': -3}, {'人': -4}},
	}
	a, err := Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Compile(src)
	if hex.EncodeToString(a) != hex.EncodeToString(b) {
		t.Fatal("two compilations of one source differ")
	}
	tab, err := Open(string(a))
	if err != nil {
		t.Fatal(err)
	}
	if f, p, ok := tab.Find("中国"); f != 10 || p != "ns" || !ok {
		t.Errorf("Find(中国) = %v %q %v", f, p, ok)
	}
	if f, p, ok := tab.Find("国"); f != 0 || p != "" || !ok {
		t.Errorf("Find(国), the start of 国人, = %v %q %v", f, p, ok)
	}
	if _, _, ok := tab.Find("人"); ok {
		t.Error("found 人, neither a word nor the start of one")
	}
	if e := tab.emission('人'); e != [4]float64{minFloat, minFloat, minFloat, -4} {
		t.Errorf("emission(人) = %v", e)
	}
}
