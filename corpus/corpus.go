// Package corpus turns a report's text into passages and figures.
//
// Reports arrive as plain text laid out the way PDF and newspaper exports
// leave them: paragraphs broken mid-sentence across blank lines, numbered
// section headings with a subtitle line, short photo captions standing on
// their own and a source line at the end. Parse mends that layout and cuts
// the text into chat-sized passages, each knowing its section, position,
// nearby captions and the figures (quantities, dates) it states.
package corpus

import (
	_ "embed"
	"errors"
	"time"
)

// DefaultReportID is the ID of the report embedded in the binary.
const DefaultReportID = "guizhou-trade-union-2023"

//go:embed reports/guizhou-trade-union-2023.txt
var defaultReportText string

// DefaultText returns the text of the report embedded in the binary, so a
// fresh binary can answer with no files around.
func DefaultText() string { return defaultReportText }

// Default parses the embedded report.
func Default() (*Report, error) { return Parse(DefaultReportID, defaultReportText) }

// ErrNoText is returned for a report that holds no readable text.
var ErrNoText = errors.New("report has no text")

// Report is one parsed report.
type Report struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Subtitle string    `json:"subtitle,omitempty"`
	Source   string    `json:"source,omitempty"`
	Sections []Section `json:"sections"`
	Captions []Caption `json:"captions,omitempty"`
	Passages []Passage `json:"passages"`
	// Added is when the report joined the collection; newer reports win
	// ties between passages that say the same thing.
	Added time.Time `json:"added,omitzero"`
}

// Section is a numbered part of a report.
type Section struct {
	Number   int    `json:"number"`
	Title    string `json:"title"`
	Subtitle string `json:"subtitle,omitempty"`
	// Sub are the headings of lower levels the passage is under, as
	// written, the highest first: "（三）2026年一般公共预算收入预计和支出
	// 安排" within "二、2026年预算草案".
	Sub []string `json:"sub,omitempty"`
}

// Name is the section as shown in citations: "1 提站位 准定位 强化创新理论武装",
// with a subtitle "5 强组织 聚战力 · 扎实推进党的建设", with parts "2 2026年
// 预算草案 · （三）2026年一般公共预算收入预计和支出安排".
func (s Section) Name() string {
	name := s.Title
	if s.Number > 0 {
		name = itoa(s.Number) + " " + name
	}
	for _, part := range append([]string{s.Subtitle}, s.Sub...) {
		if part != "" {
			name += " · " + part
		}
	}
	return name
}

// Caption is a short standalone line describing a photo.
type Caption struct {
	Text string `json:"text"`
	// Image is the file name of the picture when the report has one.
	Image string `json:"image,omitempty"`
	// Position is the caption's paragraph position in the report.
	Position int `json:"position"`
}

// Passage is one idea of a report: about a paragraph, at most a few sentences.
type Passage struct {
	// Key identifies the passage across the index: "<report id>/<position>".
	Key      string `json:"key"`
	ReportID string `json:"report_id"`
	// Position counts passages from 0 in reading order.
	Position int `json:"position"`
	// Section is the display name of the passage's section ("" before the first).
	Section string `json:"section,omitempty"`
	Text    string `json:"text"`
	// Paragraph is the whole mended paragraph the passage was cut from; it
	// gives split passages their context when searching.
	Paragraph string    `json:"paragraph,omitempty"`
	Captions  []Caption `json:"captions,omitempty"`
	Figures   []Figure  `json:"figures,omitempty"`
	// Years are the years ("2023年") the whole report mentions, the most
	// mentioned first (the year an annual report is of, whatever plans
	// and dates it names): a question about another year is not answered
	// by it.
	Years []int `json:"years,omitempty"`
}
