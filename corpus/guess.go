package corpus

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// GuessRange reads an amount a member guesses in a question (a match of
// GuessPattern: "7千多万", "快700w", "几个亿", "两百多万张") as the range of
// values it allows, in the units a figure's Value is in (元, 人, 吨…
// with place values applied). A guessed amount is rough: an amount
// stated plainly ("10个亿") allows two thirds to one and a half times
// it (6.19亿 for "6个亿", not 11.78亿 for "7个亿"); one with 多 or 余
// above it up to its next step ("7千多万": 7000万 to 8000万, and a little
// over), one after 快 or 近 a little under it up to it, and 几 any digit.
// ok is false for an amount with no place value of at least 万: a
// member's "七十多" is as likely an age as an amount.
func (g *Grammar) GuessRange(s string) (lo, hi float64, ok bool) {
	s = strings.TrimSpace(s)
	s0 := s
	under := false // 快, 近: up to the amount, not over it
	for _, b := range g.guessBefore {
		if rest, found := strings.CutPrefix(s, b); found {
			s, under = rest, true
			break
		}
	}
	// The number: digits, or characters (两百, 三千, 几千).
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.') {
		end++
	}
	var nLo, nHi float64
	var step float64 // the number's last place: a "多" is up to one more of it
	if end > 0 {
		v, err := strconv.ParseFloat(s[:end], 64)
		if err != nil {
			return 0, 0, false
		}
		nLo, nHi, step = v, v, 1
		s = s[end:]
	} else {
		var num strings.Builder
		for _, r := range s {
			_, digit := g.digits[r]
			m := g.multipliers[string(r)]
			if !digit && !(m > 0 && m < 1e4) && !g.isGuessDigit(r) {
				break
			}
			num.WriteRune(r)
		}
		text := num.String()
		if text == "" {
			return 0, 0, false
		}
		s = s[len(text):]
		var okLo, okHi bool
		nLo, okLo = g.chineseNumber(strings.ReplaceAll(text, "几", "一"))
		nHi, okHi = g.chineseNumber(strings.ReplaceAll(text, "几", "九"))
		if !okLo || !okHi {
			return 0, 0, false
		}
		step = 1
		if last, _ := utf8.DecodeLastRuneInString(text); g.multipliers[string(last)] > 0 {
			step = g.multipliers[string(last)]
		}
	}
	// Then place values, with 个 and 多 among them ("两个多亿", "7千多万"):
	// a 多 is up to one more of the number's last place ("7千多万": up to
	// 8千万).
	approx, unknown := false, strings.Contains(s0, "几")
	mult := 1.0
	for s != "" {
		if a := g.approxPrefix(s); a != "" {
			s, approx = s[len(a):], true
			continue
		}
		if m := g.measurePrefix(s); m != "" {
			s = s[len(m):]
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		m := g.multipliers[string(r)]
		if m == 0 && g.isGuessMultiplier(string(r)) {
			m = 1e4 // w: 万 in chat
		}
		if m == 0 {
			break
		}
		mult *= m
		s = s[size:]
	}
	if mult < 1e4 {
		return 0, 0, false
	}
	lo, hi = nLo*mult, nHi*mult
	switch {
	case approx:
		hi += step * mult
	case unknown:
		// 几: any digit, up to the next place ("几个亿": 1亿 to 10亿).
		hi += step * mult
	case under:
		lo = 0.7 * lo
	default:
		lo, hi = lo/1.5, hi*1.5
	}
	return lo, hi * 1.05, true
}

func (g *Grammar) approxPrefix(s string) string {
	for _, a := range g.approximate {
		if strings.HasPrefix(s, a) {
			return a
		}
	}
	return ""
}

func (g *Grammar) measurePrefix(s string) string {
	for _, m := range g.guessMeasures {
		if strings.HasPrefix(s, m) {
			return m
		}
	}
	return ""
}

func (g *Grammar) isGuessDigit(r rune) bool {
	for _, d := range g.guessDigits {
		if d == string(r) {
			return true
		}
	}
	return false
}

func (g *Grammar) isGuessMultiplier(s string) bool {
	for _, m := range g.guessMults {
		if m == s {
			return true
		}
	}
	return false
}
