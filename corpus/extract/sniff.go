package extract

import (
	"bytes"
	"unicode/utf8"
)

// looksPDF reports a PDF by its header: "%PDF-" at the start, or further
// into the first KB (the specification allows junk before it) when the
// file is named .pdf or what comes before the header is not text. A text
// file that mentions "%PDF-" is text.
func looksPDF(ext string, head []byte) bool {
	i := bytes.Index(head, []byte("%PDF-"))
	switch {
	case i < 0:
		return false
	case ext == ".pdf":
		return true
	}
	before := bytes.TrimLeft(head[:i], "\xef\xbb\xbf \t\r\n")
	return len(before) == 0 || !utf8.Valid(before) || bytes.IndexByte(before, 0) >= 0
}
