// Command dictgen writes the pruned gse dictionary that index embeds.
//
// gse's simplified-Chinese dictionary holds 352k words; loading it costs
// about a second and 130 MB of heap. Most of that is rare compounds seen
// three times or fewer in gse's corpus, which search-mode segmentation and
// gse's HMM handle well without. dictgen keeps every word of one or two
// characters and longer words seen at least minFreq times.
//
// Run it through go generate in index/ after upgrading gse.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

func main() {
	out := flag.String("o", "dict/zh_s_min.txt", "output file")
	minFreq := flag.Int("min-freq", 4, "keep words of 3+ characters seen at least this often")
	flag.Parse()
	if err := run(*out, *minFreq); err != nil {
		fmt.Fprintln(os.Stderr, "dictgen:", err)
		os.Exit(1)
	}
}

func run(out string, minFreq int) error {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
	if err != nil {
		return fmt.Errorf("locate gse module: %w", err)
	}
	in, err := os.Open(filepath.Join(strings.TrimSpace(string(dir)), "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		return err
	}
	defer in.Close()
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
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
			fmt.Fprintln(w, sc.Text())
			kept++
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Printf("kept %d of %d words\n", kept, total)
	return f.Close()
}
