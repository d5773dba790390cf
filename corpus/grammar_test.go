package corpus

import (
	"regexp"
	"testing"
)

func TestGuessPattern(t *testing.T) {
	g := DefaultGrammar()
	re := regexp.MustCompile(g.GuessPattern())
	for _, tt := range []struct {
		q, amount, before string
		inexact           bool
	}{
		{"会员卡是不是发了两百多万张", "两百多万张", "", true},
		{"快700w了吧", "快700w", "快", true},
		{"投了几千万", "几千万", "", true},
		{"除了省总投的2100万还有谁", "2100万", "", false},
		{"差不多三个亿吗", "差不多三个亿", "差不多", false},
		{"上万人参加", "", "", false}, // 上万 is no amount stated
	} {
		m := re.FindStringSubmatch(tt.q)
		got, before := "", ""
		if m != nil {
			got, before = m[0], m[1]
		}
		if got != tt.amount || before != tt.before {
			t.Errorf("%s: amount %q before %q, want %q %q", tt.q, got, before, tt.amount, tt.before)
		}
		if amount := got[len(before):]; got != "" && g.Inexact(amount) != tt.inexact {
			t.Errorf("Inexact(%q) = %v, want %v", amount, !tt.inexact, tt.inexact)
		}
	}
}
