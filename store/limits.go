package store

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrTooLong is returned by Add for a report with more text or passages
// than one report may have.
var ErrTooLong = errors.New("report too long to index")

// Limits of one report, checked before anything is indexed. Indexing is
// linear in the text (see index's bounds): at these limits an add takes
// seconds and a few hundred MB.
const (
	// maxTextRunes is the most extracted text one report may have. A
	// provincial five-year work report is 10,000–30,000 characters and
	// the longest government reports with annexes about 100,000; 500,000
	// leaves room for any real report and refuses decompression bombs
	// (a 539 KB DOCX held 150 MiB of text).
	maxTextRunes = 500_000
	// maxPassages is the most passages one report may have: 500,000
	// characters cut into passages of about 120 make some 4,200; more
	// means many tiny paragraphs, which no real report is.
	maxPassages = 10_000
	// maxTitleRunes is the longest title a report may be given. A title
	// is on every answer's source line and in the list of reports; the
	// longest real ones (关于2023年国民经济和社会发展计划执行情况与2024年
	// 国民经济和社会发展计划草案的报告) are under 60 characters, and 200
	// leaves room for any while refusing a paragraph pasted as a title.
	maxTitleRunes = 200
)

// checkLength refuses text over maxTextRunes, before it is parsed.
func checkLength(text string) error {
	if len(text) > maxTextRunes { // at least one byte a rune: count only when it may be over
		if n := utf8.RuneCountInString(text); n > maxTextRunes {
			return fmt.Errorf("%w: %d characters of text, the limit is %d", ErrTooLong, n, maxTextRunes)
		}
	}
	return nil
}

// checkPassages refuses a parsed report of over maxPassages passages.
func checkPassages(n int) error {
	if n > maxPassages {
		return fmt.Errorf("%w: %d passages, the limit is %d", ErrTooLong, n, maxPassages)
	}
	return nil
}
