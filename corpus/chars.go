package corpus

import "unicode"

// Textless reports code points that carry no text a reader could see or
// search: control characters (but the tab and line breaks the caller
// handles itself), the byte-order mark and zero-width space, the
// replacement character U+FFFD, private-use and surrogate code points, and
// the 66 noncharacters (U+FDD0–U+FDEF and the last two code points of
// every plane, U+FFFE … U+10FFFF).
//
// They are dropped, not replaced by U+FFFD: an HTML page writes them as
// numeric references (&#1114111;) that browsers render as nothing or a
// box, and a "�" in a passage would be shown to members in the bot's
// answer and searched as a word. Dropping them keeps the text as read.
func Textless(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case unicode.IsControl(r), r == '\ufeff', r == '\u200b', r == '\ufffd':
		return true
	case unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r):
		return true
	}
	// Noncharacters are reserved for a program's own use, never for
	// interchange (Unicode §23.7).
	return unicode.Is(unicode.Noncharacter_Code_Point, r)
}
