package index

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/reportbot/reportbot/corpus"
	"github.com/reportbot/reportbot/lang"
)

// dictionaryText is the text the embedded table was compiled from; the
// binary carries only the table.
//
//go:embed dict/zh_s_min.txt
var dictionaryText string

// gseReference is gse itself loaded with that text, as the tokenizer
// loaded it before the table.
var gseReference = sync.OnceValues(func() (*gse.Segmenter, error) {
	var seg gse.Segmenter
	err := seg.LoadDictStr(dictionaryText)
	return &seg, err
})

// TestSegmentationMatchesGse segments the embedded report, the eval
// suite's reports and every question set with the compiled table and with
// gse loaded from the same dictionary: each line whole, and each piece of
// it as the tokenizer hands pieces over. It stops at the first difference.
func TestSegmentationMatchesGse(t *testing.T) {
	seg, err := gseReference()
	if err != nil {
		t.Fatal(err)
	}
	d, err := Dictionary()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"embedded report": corpus.DefaultText()}
	var files []string
	err = filepath.WalkDir("../answer/eval/testdata", func(path string, e fs.DirEntry, err error) error {
		// Reports (.txt, .md), question sets (.tsv) and negatives (.txt).
		if err == nil && !e.IsDir() && e.Name() != "README.md" {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The starter set lies beside the repository, when it is there (as in
	// CI).
	shared, _ := filepath.Glob("../../shared/eval/*")
	if len(shared) == 0 {
		t.Log("no ../shared/eval beside the repository: its question sets are not compared")
	}
	files = append(files, shared...)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[f] = string(b)
	}
	if len(texts) < 15 {
		t.Fatalf("only %d texts to compare: %v", len(texts), files)
	}
	r, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	var passages []string
	for _, p := range r.Passages {
		passages = append(passages, p.Text, p.Paragraph)
	}
	texts["embedded report's passages"] = strings.Join(passages, "\n")

	words := 0
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range texts {
			if !yield(k) {
				return
			}
		}
	}) {
		for n, line := range strings.Split(texts[name], "\n") {
			inputs := append([]string{line}, segments(line)...)
			for _, in := range inputs {
				got, want := d.Cut(in), seg.Cut(in, true)
				if !slices.Equal(got, want) {
					i := 0
					for i < len(got) && i < len(want) && got[i] == want[i] {
						i++
					}
					t.Fatalf("%s line %d: segmentation of %q differs from gse at word %d:\n got  %q\n gse  %q", name, n+1, in, i, got, want)
				}
				words += len(got)
				for _, w := range got {
					if _, gp, _ := seg.Find(w); PartOfSpeech(w) != gp {
						t.Fatalf("%s line %d: part of speech of %q is %q, gse's %q", name, n+1, w, PartOfSpeech(w), gp)
					}
				}
			}
		}
	}
	t.Logf("%d texts, %d words segmented as gse does", len(texts), words)
}

// TestFingerprintUnchanged checks that the gse analyzer's fingerprint is
// the hash of the dictionary text and the stop words, as it was when the
// text itself was embedded: indexes built before the table stay valid.
func TestFingerprintUnchanged(t *testing.T) {
	h := sha256.New()
	h.Write([]byte(dictionaryText))
	h.Write(lang.StopWords())
	want := AnalyzerGse + "-" + hex.EncodeToString(h.Sum(nil))[:12]
	if got := gseFingerprint(); got != want {
		t.Fatalf("gse fingerprint %s, want %s", got, want)
	}
}

// TestEverydayFrequencyIsMedian checks everydayFrequency against the
// dictionary text: the median of its words' frequencies. It also checks
// that IsEverydayWord reads the table as the text says.
func TestEverydayFrequencyIsMedian(t *testing.T) {
	var freqs []int
	for line := range strings.Lines(dictionaryText) {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		f, err := strconv.Atoi(fields[1])
		if err != nil {
			t.Fatalf("dictionary line %q: %v", line, err)
		}
		freqs = append(freqs, f)
	}
	slices.Sort(freqs)
	if median := freqs[len(freqs)/2]; median != everydayFrequency {
		t.Fatalf("dictionary median frequency %d, everydayFrequency %d", median, everydayFrequency)
	}
	for word, want := range map[string]bool{
		"生病":  true,  // 469 in the dictionary
		"个税":  false, // 4: rarer than half the words
		"祝融号": false, // a name gse does not know
	} {
		if got := IsEverydayWord(word); got != want {
			t.Errorf("IsEverydayWord(%q) = %v, want %v", word, got, want)
		}
	}
}

// TestLowerCaseOfAnotherLength: a character whose lower case takes
// another number of bytes (ẞ → ß) no longer shifts the words after it
// (their offsets ran past the text, and indexing such a passage crashed
// the process); the words beside it are found.
func TestLowerCaseOfAnotherLength(t *testing.T) {
	tok, err := NewGseTokenizer(true)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"ẞẞ电阻元件测试", "温度ẞ的电阻元件测试", "İstanbul的电阻元件测试", "ȺȺȺ电阻元件"} {
		var words []string
		for _, tk := range tok.Tokenize([]byte(text)) {
			if tk.End > len(text) || string(tk.Term) != text[tk.Start:tk.End] {
				t.Fatalf("%q: token %q at %d-%d", text, tk.Term, tk.Start, tk.End)
			}
			words = append(words, string(tk.Term))
		}
		if !slices.Contains(words, "电阻") {
			t.Errorf("%q: words %q, want 电阻", text, words)
		}
	}
}

// TestInvalidUTF8KeepsOffsets: a byte that is no UTF-8 (a GBK line in a
// hand-edited file, a question piped in by another tool) no longer
// shifts the words after it: strings.ToLower made each such byte three,
// so the words were looked for past their place, dropped or cut from the
// wrong bytes, and a few such bytes before a word crashed the process.
func TestInvalidUTF8KeepsOffsets(t *testing.T) {
	tok, err := NewGseTokenizer(true)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"工会\xff会员服务", "\xff\xff\xff\xff电阻元件", "A\xff\xff\xff\xff\xffB电阻", "\xe5\xb7电阻元件"} {
		var words []string
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%q: panic %v", text, p)
				}
			}()
			for _, tk := range tok.Tokenize([]byte(text)) {
				if tk.End > len(text) || string(tk.Term) != text[tk.Start:tk.End] || !utf8.Valid(tk.Term) {
					t.Errorf("%q: token %q at %d-%d", text, tk.Term, tk.Start, tk.End)
				}
				words = append(words, string(tk.Term))
			}
		}()
		if !slices.Contains(words, "电阻") && !slices.Contains(words, "会员") {
			t.Errorf("%q: words %q, want 电阻 or 会员", text, words)
		}
	}
}
