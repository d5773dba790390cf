package corpus

import "testing"

// TestGuessRange reads the amounts members guess as the values they
// allow.
func TestGuessRange(t *testing.T) {
	g := DefaultGrammar()
	for _, tc := range []struct {
		guess  string
		lo, hi float64 // a value inside
		out    float64 // a value outside
		ok     bool
	}{
		{"7千多万", 7.2e7, 7.9e7, 9e7, true},
		{"快700w", 6.9e6, 7e6, 8e6, true},
		{"几个亿", 1.5e8, 9.5e8, 5e7, true},
		{"两百多万张", 2.0e6, 2.9e6, 4e6, true},
		{"10个亿", 7e8, 1.4e9, 2e9, true},
		{"7个亿", 5e8, 1e9, 1.178e9, true},
		{"2100w", 1.5e7, 3e7, 5e6, true},
		{"五千多万吨", 5.296e7, 5.9e7, 5.508e5, true},
		{"1万多个", 1.5e4, 1.9e4, 3e4, true}, // 个 after the amount: a count
		{"七十多", 0, 0, 0, false},           // no place value of 万: an age as likely
	} {
		lo, hi, ok := g.GuessRange(tc.guess)
		if ok != tc.ok {
			t.Errorf("GuessRange(%q) ok = %v, want %v", tc.guess, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		for _, v := range []float64{tc.lo, tc.hi} {
			if v < lo || v > hi {
				t.Errorf("GuessRange(%q) = [%g, %g], want it to hold %g", tc.guess, lo, hi, v)
			}
		}
		if tc.out >= lo && tc.out <= hi {
			t.Errorf("GuessRange(%q) = [%g, %g], want it not to hold %g", tc.guess, lo, hi, tc.out)
		}
	}
}
