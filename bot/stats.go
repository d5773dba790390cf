package bot

import (
	"fmt"
	"strings"
)

// statsDays is how far back /stats looks: two weeks show a weekly rhythm
// twice and fit one message.
const statsDays = 14

// stats is /stats: questions per day, the share answered, the sections
// asked about most and the answers disliked most.
func (b *Bot) stats() string {
	st, err := b.cfg.Learn.Stats(statsDays)
	if err != nil {
		return b.learnFailed("/stats", "读取问题记录失败:", err)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "<b>最近 %d 天</b>\n提问 %d 次,答上 %d 次(%.0f%%),%d 位成员提问;👍 %d 👎 %d\n",
		statsDays, st.Asked, st.Answered, 100*st.Share(), st.Members, st.Up, st.Down)
	if st.Asked > 0 {
		sb.WriteString("\n<b>每天</b>(提问 / 答上)\n")
		for _, d := range st.Days {
			if d.Asked > 0 {
				fmt.Fprintf(&sb, "%s  %d / %d\n", d.Date.Format("01-02"), d.Asked, d.Answered)
			}
		}
	}
	if len(st.Sections) > 0 {
		sb.WriteString("\n<b>问得最多的章节</b>\n")
		for i, s := range st.Sections[:min(5, len(st.Sections))] {
			fmt.Fprintf(&sb, "%d. %s(%d 次)\n", i+1, esc(s.Name), s.N)
		}
	}
	if len(st.Disliked) > 0 {
		sb.WriteString("\n<b>👎 最多的回答</b>\n")
		for i, d := range st.Disliked[:min(5, len(st.Disliked))] {
			where := d.Section
			if where == "" {
				where = d.Passage
			}
			fmt.Fprintf(&sb, "%d. %s(👎 %d 👍 %d)", i+1, esc(where), d.Down, d.Up)
			if d.Question != "" {
				sb.WriteString(" 例:" + esc(d.Question))
			}
			sb.WriteString("\n")
		}
	}
	if st.Asked > st.Answered {
		sb.WriteString("\n没答上的问题:/unanswered")
	}
	return sb.String()
}
