package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/reportbot/reportbot/store/synfile"
)

// The report says 会员服务卡, never 饭卡: the question is answered only
// once an admin says 饭卡 stands for 服务卡.
const fanka = "饭卡发了多少张"

func answersFanka(t *testing.T, st *Store) bool {
	t.Helper()
	a := ask(t, st, fanka)
	return a.Found && strings.Contains(a.Passage.Text, "281.59万张")
}

func rule(t *testing.T, s string) synfile.Rule {
	t.Helper()
	r, err := synfile.ParseInput(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// An admin's synonym is in effect for the next question: no reindex, no
// restart, no new index generation; removing it takes it out again.
func TestAdminSynonymTakesEffectAtTheNextQuestion(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if answersFanka(t, st) {
		t.Fatal("answered before any synonym")
	}
	gens := generations(t, dir)
	added, err := st.AddSynonym(rule(t, "饭卡 => 服务卡"), "telegram:777")
	if err != nil {
		t.Fatal(err)
	}
	if added.By != "telegram:777" || added.Added.IsZero() {
		t.Errorf("added rule: %+v", added)
	}
	if !answersFanka(t, st) {
		t.Fatal("not answered after the synonym was added")
	}
	if g := generations(t, dir); strings.Join(g, " ") != strings.Join(gens, " ") {
		t.Errorf("adding a synonym built an index: %v → %v", gens, g)
	}
	if _, err := st.AddSynonym(rule(t, "饭卡 => 服务卡"), "cli:root"); !errors.Is(err, ErrSynonymExists) {
		t.Errorf("the same rule again: %v, want ErrSynonymExists", err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, SynonymsFile))
	if !strings.Contains(string(b), "by telegram:777\n饭卡 => 服务卡\n") {
		t.Errorf("synonyms.txt:\n%s", b)
	}

	// A reader in another process (here: a read-only store on the same
	// directory, as `reportbot chat` is) sees a change at its next question.
	rd, err := Open(ctx, dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if !answersFanka(t, rd) {
		t.Fatal("the reader does not see the synonym")
	}
	if _, err := rd.AddSynonym(rule(t, "劳模 劳动模范"), "x"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("add on a read-only store: %v", err)
	}
	removed, err := st.RemoveSynonyms([]string{"饭卡"})
	if err != nil || len(removed) != 1 {
		t.Fatalf("remove: %v %+v", err, removed)
	}
	if answersFanka(t, st) || answersFanka(t, rd) {
		t.Error("still answered after the synonym was removed")
	}
	if _, err := st.RemoveSynonyms([]string{"饭卡"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("remove again: %v", err)
	}
}

// A synonyms file broken by hand leaves the last good rules in effect,
// is reported, and is not written over.
func TestBrokenSynonymsFile(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.AddSynonym(rule(t, "饭卡 => 服务卡"), "telegram:1"); err != nil {
		t.Fatal(err)
	}
	answersFanka(t, st)
	path := filepath.Join(dir, SynonymsFile)
	good, _ := os.ReadFile(path)
	broken := append(append([]byte{}, good...), "只有一个词\n"...)
	if err := os.WriteFile(path, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	rules, err := st.SynonymRules()
	if err == nil || !strings.Contains(err.Error(), "line") || len(rules) != 1 {
		t.Fatalf("rules %+v, err %v: want the last good rule and the broken line", rules, err)
	}
	if !answersFanka(t, st) {
		t.Error("a broken file dropped the synonyms in effect")
	}
	if _, err := st.AddSynonym(rule(t, "劳模 劳动模范"), "telegram:1"); err == nil || !strings.Contains(err.Error(), "mend it first") {
		t.Errorf("add on a broken file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != string(broken) {
		t.Error("a broken file was written over")
	}
	// Mended by hand, with a rule of its own: read at the next question.
	if err := os.WriteFile(path, []byte("# mine\n饭卡, 会员服务卡\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rules, err = st.SynonymRules()
	if err != nil || len(rules) != 1 || rules[0].Line() != "饭卡, 会员服务卡" || rules[0].Notes[0] != "# mine" {
		t.Fatalf("mended: %+v %v", rules, err)
	}
}

// A data directory whose live index generation holds the admins'
// synonyms (as reindexes wrote them before synonyms were read at
// question time) gets them as its synonyms.txt at the next start.
func TestSynonymsMoveOutOfTheIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	gen, _ := st.current()
	st.Close()
	legacy := filepath.Join(dir, indexDir, gen, SynonymsFile)
	if err := os.WriteFile(legacy, []byte("饭卡 => 服务卡\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A reader repairs it when nobody holds the lock.
	rd, err := Open(ctx, dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if _, err := os.Stat(legacy); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the generation's copy is still there: %v", err)
	}
	if !answersFanka(t, rd) {
		t.Error("the moved synonyms are not in effect")
	}
}

// Synonyms is read on every question from many goroutines while the
// file changes (run with -race).
func TestSynonymsConcurrentReaders(t *testing.T) {
	st, err := Open(context.Background(), t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				st.Synonyms().Lookup("饭卡")
			}
		}()
	}
	for _, in := range []string{"饭卡 => 服务卡", "劳模 劳动模范", "打工人 => 职工"} {
		if _, err := st.AddSynonym(rule(t, in), "t"); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
	if got := st.Synonyms().Lookup("打工人"); len(got) != 1 || got[0] != "职工" {
		t.Errorf("打工人 → %v", got)
	}
}

// TestHandWrittenSynonymsSurviveAnEdit: a rule written by hand, with its
// own capitals, traditional characters and comments, is kept whole when
// an admin adds or removes another; it is removed and found a duplicate
// by the words as typed (gdp, 国内生产总值).
func TestHandWrittenSynonymsSurviveAnEdit(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	path := filepath.Join(dir, SynonymsFile)
	hand := "GDP, 國內生產總值 # by hand\n饭卡 => 服务卡\n# 饭票, 服务卡 (off for now)\n"
	if err := os.WriteFile(path, []byte(hand), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddSynonym(rule(t, "gdp 國內生產總值"), "telegram:1"); !errors.Is(err, ErrSynonymExists) {
		t.Errorf("the hand rule added again as typed: %v", err)
	}
	if _, err := st.AddSynonym(rule(t, "劳模 劳动模范"), "telegram:1"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	for _, want := range []string{"# by hand", "GDP, 國內生產總值", "# 饭票, 服务卡 (off for now)", "饭卡 => 服务卡", "劳模, 劳动模范"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("after an add the file lost %q:\n%s", want, b)
		}
	}
	rules, err := st.SynonymRules()
	if err != nil || len(rules) != 3 {
		t.Fatalf("rules: %+v %v", rules, err)
	}
	// The rule added and then removed takes no hand-written comment with it.
	if _, err := st.RemoveSynonyms([]string{"劳模"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "# 饭票, 服务卡 (off for now)") {
		t.Errorf("removing the added rule took the closing comment:\n%s", b)
	}
	removed, err := st.RemoveSynonyms([]string{"gdp"})
	if err != nil || len(removed) != 1 || removed[0].Line() != "GDP, 國內生產總值" {
		t.Fatalf("remove gdp: %+v %v", removed, err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "# 饭票, 服务卡 (off for now)") || strings.Contains(string(b), "GDP") {
		t.Errorf("after a remove:\n%s", b)
	}
}
