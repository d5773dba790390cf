package bot

import (
	"html"
	"strings"
	"unicode/utf8"

	"github.com/reportbot/reportbot/answer"
)

// maxMessageRunes is Telegram's limit on a message's text.
const maxMessageRunes = 4096

// renderAnswer writes an answer as Telegram HTML: how a follow-up was
// read, the figure in bold with
// what it counts, the passage with the question's words underlined, the
// illustration's caption and the citation. All report text is escaped.
func renderAnswer(a answer.Answer) string {
	var b strings.Builder
	b.WriteString(renderReading(a))
	if !a.Found {
		b.WriteString("报告里没有找到这个问题的答案。")
		if a.Nearest != nil {
			b.WriteString("\n" + html.EscapeString(a.NearestLead()) + "\n\n" + renderPassage(*a.Nearest))
			return b.String()
		}
		if len(a.Suggestions) > 0 {
			b.WriteString("\n可以问问这些部分:")
			for _, s := range a.Suggestions {
				b.WriteString("\n• " + html.EscapeString(s))
			}
		}
		return b.String()
	}
	if a.Figure != nil {
		b.WriteString("<b>" + html.EscapeString(a.Figure.Text) + "</b>")
		if a.Figure.Label != "" {
			b.WriteString(" — " + html.EscapeString(a.Figure.Label))
		}
		b.WriteString("\n\n")
	}
	b.WriteString(renderPassage(*a.Passage))
	if a.Illustration != nil {
		b.WriteString("\n\n📷 " + html.EscapeString(a.Illustration.Caption))
	}
	return b.String()
}

// renderPassage is a passage with its highlights and citation.
func renderPassage(p answer.Passage) string {
	return p.Marked("<u>", "</u>", html.EscapeString) + "\n\n<i>" + html.EscapeString(p.Citation()) + "</i>"
}

// split cuts a message into parts Telegram accepts, at line breaks where
// possible and never inside an HTML tag or entity.
func split(text string, limit int) []string {
	var parts []string
	for utf8.RuneCountInString(text) > limit {
		cut := byteIndexOfRune(text, limit)
		if i := strings.LastIndex(text[:cut], "\n"); i > 0 {
			cut = i
		} else {
			// No line break: cut before an unfinished tag or entity.
			if i := strings.LastIndexAny(text[:cut], "<&"); i > 0 && !strings.ContainsAny(text[i:cut], ">;") {
				cut = i
			}
		}
		parts = append(parts, strings.TrimRight(text[:cut], "\n"))
		text = strings.TrimLeft(text[cut:], "\n")
	}
	return append(parts, text)
}

func byteIndexOfRune(s string, n int) int {
	i := 0
	for j := range s {
		if i == n {
			return j
		}
		i++
	}
	return len(s)
}
