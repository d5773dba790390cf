package synfile

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseInput(t *testing.T) {
	for in, want := range map[string]string{
		"劳模 劳动模范":       "劳模, 劳动模范",
		"劳模,劳动模范":       "劳模, 劳动模范",
		"劳模、 勞動模範":      "劳模, 劳动模范", // traditional characters are simplified, as questions are
		"饭卡 => 服务卡":     "饭卡 => 服务卡",
		"饭卡→服务卡, 会员服务卡": "饭卡 => 服务卡, 会员服务卡",
		"ＧＤＰ  国内生产总值":   "gdp, 国内生产总值",
		"劳模 劳模 劳动模范":    "劳模, 劳动模范",
	} {
		r, err := ParseInput(in)
		if err != nil || r.Line() != want {
			t.Errorf("ParseInput(%q) = %q, %v; want %q", in, r.Line(), err, want)
		}
	}
	long := strings.Repeat("长", MaxWordRunes+1)
	for bad, want := range map[string]RuleError{
		"":             {Fault: OneWord},
		"劳模":           {Fault: OneWord},
		"=> 服务卡":       {Fault: EmptySide},
		"饭卡 =>":        {Fault: EmptySide},
		"a => b => c":  {Fault: ManyArrows},
		"饭卡 => 饭卡 服务卡": {Fault: BothSides, Word: "饭卡"},
		"饭#卡 服务卡":      {Fault: Punctuation, Word: "饭#卡"},
		"劳模 劳动.模范":     {Fault: Punctuation, Word: "劳动.模范"},
		"饭卡 " + long:   {Fault: TooLong, Word: long},
	} {
		_, err := ParseInput(bad)
		var re *RuleError
		if !errors.Is(err, ErrBadRule) || !errors.As(err, &re) || *re != want {
			t.Errorf("ParseInput(%q): %v, want ErrBadRule, %+v", bad, err, want)
		}
	}
}

func TestFormatParsesBack(t *testing.T) {
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	rules := []Rule{
		{From: []string{"劳模", "劳动模范"}, Added: at, By: "telegram:777"},
		{From: []string{"饭卡"}, To: []string{"服务卡"}, Notes: []string{"# 食堂的卡"}},
	}
	b := Format(rules)
	got, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rules) {
		t.Errorf("parsed back:\n%+v\nwant\n%+v\nfile:\n%s", got, rules, b)
	}
	if s := Synonyms(got); len(s.Lookup("劳模")) != 1 || s.Lookup("饭卡")[0] != "服务卡" || s.Lookup("服务卡") != nil {
		t.Errorf("table: %v %v %v", s.Lookup("劳模"), s.Lookup("饭卡"), s.Lookup("服务卡"))
	}
	if _, err := Parse([]byte("# added yesterday by me\n劳模, 劳动模范\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad time: %v", err)
	}
	if _, err := Parse([]byte("劳模, 劳动模范\n孤单\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad rule: %v", err)
	}
}

// A file edited by hand and saved with a byte order mark (Windows
// Notepad) is read as without it, and written back without it: the mark
// kept made its first comment a rule, refusing the whole file.
func TestParseBOM(t *testing.T) {
	rules, err := Parse([]byte("\ufeff# mine\n劳模, 劳动模范\n"))
	if err != nil || len(rules) != 1 || rules[0].Line() != "劳模, 劳动模范" || !reflect.DeepEqual(rules[0].Notes, []string{"# mine"}) {
		t.Fatalf("Parse: %+v %v", rules, err)
	}
	if out := Format(rules); strings.Contains(string(out), "\ufeff") {
		t.Errorf("Format wrote the mark back: %q", out)
	}
	if rules, err := Parse([]byte("\ufeff劳模, 劳动模范\n")); err != nil || len(rules) != 1 || rules[0].From[0] != "劳模" {
		t.Errorf("a rule on the first line: %+v %v", rules, err)
	}
}

// TestRuleFoldsAsTheEngine: the engine reads a rule's words folded as a
// question's are (lang.Fold: width, simplified, lower case), so a
// hand-written "ＦＫ => 服务卡" fires on fk. Has and Same fold the same
// way: `synonyms remove fk 服务卡` finds it, and "fk => 服务卡" added
// beside it is a duplicate (they folded without NFKC and did not).
func TestRuleFoldsAsTheEngine(t *testing.T) {
	rules, err := Parse([]byte("ＦＫ => 服务卡\n飯卡 => 服务卡\n"))
	if err != nil || len(rules) != 2 {
		t.Fatalf("Parse: %+v %v", rules, err)
	}
	for i, typed := range []string{"fk 服务卡", "饭卡 服务卡"} {
		words, err := Words(typed)
		if err != nil || !rules[i].Has(words...) {
			t.Errorf("rule %q does not have %q (%v), the words the engine reads it as", rules[i].Line(), words, err)
		}
	}
	for typed, rule := range map[string]Rule{"fk => 服务卡": rules[0], "ｆｋ => 服务卡": rules[0], "饭卡 => 服务卡": rules[1]} {
		r, err := ParseInput(typed)
		if err != nil || !rule.Same(r) {
			t.Errorf("%q and %q act alike in the engine but are not Same (%v)", rule.Line(), typed, err)
		}
	}
}
