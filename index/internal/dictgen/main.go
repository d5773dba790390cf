// Command dictgen writes the pruned gse dictionary that index segments
// with, as text and compiled into the table index embeds.
//
// gse's simplified-Chinese dictionary holds 352k words; loading it costs
// about a second and 130 MB of heap. Most of that is rare compounds seen
// three times or fewer in gse's corpus, which search-mode segmentation and
// gse's HMM handle well without. dictgen keeps every word of one or two
// characters and longer words seen at least minFreq times (the text,
// dict/zh_s_min.txt).
//
// Loading even the pruned text was most of a cold start, so dictgen then
// loads it into gse itself and writes what gse's Cut(text, true) reads —
// each word's key, frequency and part of speech as gse holds them, gse's
// total frequency, and the HMM emission probabilities of gse's model — as
// a table searched in place (dict/zh_s_min.tab, see package
// index/dict). Taking the words from a loaded gse rather than parsing the
// text again keeps gse's own rules (frequency 2 for single characters,
// words under 2 dropped, the first of two equal keys kept, Latin letters
// lower-cased).
//
// Run it through go generate in index/ after upgrading gse.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/reportbot/reportbot/index/dict"
)

// defaultMinFreq keeps half of gse's words: below four sightings the
// rest are compounds its search mode and HMM cut as well without.
const defaultMinFreq = 4

func main() {
	out := flag.String("o", "dict/zh_s_min.txt", "dictionary text to write")
	table := flag.String("table", "dict/zh_s_min.tab", "compiled table to write")
	minFreq := flag.Int("min-freq", defaultMinFreq, "keep words of 3+ characters seen at least this often")
	flag.Parse()
	if err := run(*out, *table, *minFreq); err != nil {
		fmt.Fprintln(os.Stderr, "dictgen:", err)
		os.Exit(1)
	}
}

func run(out, table string, minFreq int) error {
	mod, err := locateGse()
	if err != nil {
		return err
	}
	text, tab, err := generate(mod, minFreq)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, text, 0o644); err != nil {
		return err
	}
	return os.WriteFile(table, tab, 0o644)
}

// gseModule is where gse's source is and which version it is.
type gseModule struct{ Dir, Version string }

// locateGse finds the gse module this build uses, for its data files.
func locateGse() (gseModule, error) {
	b, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}\t{{.Version}}", "github.com/go-ego/gse").Output()
	if err != nil {
		return gseModule{}, fmt.Errorf("locate gse module: %w", err)
	}
	dir, version, _ := strings.Cut(strings.TrimSpace(string(b)), "\t")
	return gseModule{Dir: dir, Version: version}, nil
}

// generate returns the pruned dictionary text and its compiled table.
func generate(mod gseModule, minFreq int) (text, table []byte, err error) {
	if text, err = prune(filepath.Join(mod.Dir, "data", "dict", "zh", "s_1.txt"), minFreq); err != nil {
		return nil, nil, err
	}
	var seg gse.Segmenter
	if err := seg.LoadDictStr(string(text)); err != nil {
		return nil, nil, fmt.Errorf("load pruned dictionary into gse: %w", err)
	}
	src := dict.Source{
		TotalFreq: seg.Dict.TotalFreq(),
		Text:      string(text),
		Provenance: fmt.Sprintf("reportbot's gse dictionary: github.com/go-ego/gse %s data/dict/zh/s_1.txt, "+
			"words of 1-2 characters and longer ones seen at least %d times (index/dict/zh_s_min.txt), as gse %[1]s loads them; "+
			"HMM emission probabilities of gse's hmm/prob_emit.go (jieba's model). Compiled by index/internal/dictgen.\n",
			mod.Version, minFreq),
	}
	for i := range seg.Dict.Tokens {
		tok := &seg.Dict.Tokens[i]
		src.Words = append(src.Words, dict.Word{Text: tok.Text(), Freq: tok.Freq(), Pos: tok.Pos()})
	}
	if src.Emit, err = readEmission(filepath.Join(mod.Dir, "hmm", "prob_emit.go")); err != nil {
		return nil, nil, err
	}
	table, err = dict.Compile(src)
	fmt.Fprintf(os.Stderr, "dictgen: %d words, table %d bytes\n", len(src.Words), len(table))
	return text, table, err
}

// prune keeps the lines of gse's dictionary worth loading.
func prune(path string, minFreq int) ([]byte, error) {
	in, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	var out bytes.Buffer
	sc := bufio.NewScanner(in)
	kept, total := 0, 0
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		total++
		freq, err := strconv.Atoi(fields[1])
		if err != nil {
			continue
		}
		if utf8.RuneCountInString(fields[0]) <= 2 || freq >= minFreq {
			fmt.Fprintln(&out, sc.Text())
			kept++
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "dictgen: kept %d of %d words\n", kept, total)
	return out.Bytes(), nil
}

// readEmission reads gse's HMM emission probabilities from the Go source
// that holds them: gse keeps them in unexported maps filled by
// loadDefEmit, as `probEmit['B'] = map[rune]float64{'\u4e00': -3.65…, …}`.
// strconv.ParseFloat rounds a literal to the float64 nearest to it, as the
// Go compiler does with the constant.
func readEmission(path string) (emit [4]map[rune]float64, err error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return emit, err
	}
	stateIndex := map[rune]int{'B': 0, 'E': 1, 'M': 2, 'S': 3} // the table's order
	ast.Inspect(f, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || err != nil || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return err == nil
		}
		ix, ok := as.Lhs[0].(*ast.IndexExpr)
		lit, ok2 := as.Rhs[0].(*ast.CompositeLit)
		if !ok || !ok2 {
			return true
		}
		if name, ok := ix.X.(*ast.Ident); !ok || name.Name != "probEmit" {
			return true
		}
		state, e := charLit(ix.Index)
		s, known := stateIndex[state]
		if e != nil || !known || emit[s] != nil {
			err = fmt.Errorf("%s: unexpected probEmit state %s", path, types(ix.Index))
			return false
		}
		emit[s] = make(map[rune]float64, len(lit.Elts))
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				err = fmt.Errorf("%s: unexpected map element", path)
				return false
			}
			r, e1 := charLit(kv.Key)
			p, e2 := floatLit(kv.Value)
			if e1 != nil || e2 != nil {
				err = fmt.Errorf("%s: unexpected map element %s: %v", path, types(kv), e1)
				return false
			}
			emit[s][r] = p
		}
		return true
	})
	for s, m := range emit {
		if err == nil && len(m) == 0 {
			err = fmt.Errorf("%s: no emission probabilities for state %d", path, s)
		}
	}
	return emit, err
}

func charLit(e ast.Expr) (rune, error) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.CHAR {
		return 0, fmt.Errorf("not a character literal")
	}
	s, err := strconv.Unquote(b.Value)
	if err != nil || utf8.RuneCountInString(s) != 1 {
		return 0, fmt.Errorf("bad character literal %s", b.Value)
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r, nil
}

func floatLit(e ast.Expr) (float64, error) {
	sign := ""
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		sign, e = "-", u.X
	}
	b, ok := e.(*ast.BasicLit)
	if !ok || (b.Kind != token.FLOAT && b.Kind != token.INT) {
		return 0, fmt.Errorf("not a number literal")
	}
	return strconv.ParseFloat(sign+b.Value, 64)
}

// types names an expression's syntax for an error message.
func types(n ast.Node) string { return fmt.Sprintf("%T", n) }
