package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/synfile"
)

// synonymUsage explains /synonym.
const synonymUsage = "用法:/synonym 劳模 劳动模范(两个词意思相同)或 /synonym 饭卡 => 服务卡(成员说「饭卡」时按「服务卡」查)。"

// badRule says what a synonym must be, for one refused whose fault is
// not known (synfile.ErrBadRule without a synfile.RuleError).
func badRule() string {
	return fmt.Sprintf("格式不对:要两个或更多意思相同的词,或「成员的词 => 报告里的词」,同一个词不能在 => 两边;"+
		"词里不能有标点,每个词最多 %d 个字。", synfile.MaxWordRunes)
}

// synonymsFull says the rules are full (store.ErrSynonymsFull).
func synonymsFull() string {
	return fmt.Sprintf("同义词最多 %d 条,已经满了,请先用 /unsynonym 删掉一些。", store.MaxSynonymRules)
}

// addSynonym is /synonym WORDS.
func (b *Bot) addSynonym(ctx context.Context, arg, by string) string {
	if strings.TrimSpace(arg) == "" {
		return synonymUsage
	}
	rule, opens, err := b.cfg.Learn.AddSynonym(ctx, arg, by)
	switch {
	case errors.Is(err, store.ErrSynonymsFull):
		return "没有添加:" + synonymsFull()
	case errors.Is(err, synfile.ErrBadRule):
		b.log.Info("synonym refused", "input", arg, "err", err)
		return "没有添加:" + ruleFault(err) + "\n" + synonymUsage
	case errors.Is(err, store.ErrSynonymExists):
		return "已经有这个同义词了:" + esc(arg)
	case err != nil:
		return b.learnFailed("/synonym", "没有添加:", err)
	}
	return "已添加同义词 <b>" + esc(rule.Line()) + "</b>,下一个问题起生效。" + opensWarning(opens)
}

// ruleFault says which of a synonym's rules a refused input breaks
// (synfile.RuleError), or, when err does not say, every rule (badRule).
func ruleFault(err error) string {
	var re *synfile.RuleError
	if !errors.As(err, &re) {
		return badRule()
	}
	switch re.Fault {
	case synfile.OneWord:
		return "只有一个词,同义词要两个或更多意思相同的词。"
	case synfile.EmptySide:
		return "=> 两边都要有词:左边是成员说的词,右边是报告里的词。"
	case synfile.BothSides:
		return "「" + esc(re.Word) + "」在 => 两边都有,同一个词只能写在一边。"
	case synfile.Punctuation:
		return "「" + esc(re.Word) + "」里有标点,词里不能有标点(词与词之间用空格或逗号隔开)。"
	case synfile.TooLong:
		return fmt.Sprintf("「%s」太长了,每个词最多 %d 个字。", esc(re.Word), synfile.MaxWordRunes)
	case synfile.ManyArrows:
		return "只能有一个 =>。"
	}
	return badRule()
}

// opensWarning flags the known negatives a synonym makes answerable.
func opensWarning(opens []string) string {
	if len(opens) == 0 {
		return ""
	}
	return "\n⚠️ 注意:它让已标为超出范围的问题也有了答案:" + esc(strings.Join(opens, " / ")) + "。如果不对,用 /unsynonym 删除。"
}

// synonymList is /synonyms.
func (b *Bot) synonymList(ctx context.Context) string {
	listed, err := b.cfg.Learn.Synonyms(ctx)
	var sb strings.Builder
	if err != nil {
		// The rules read are listed; what went wrong is in the log.
		b.log.Warn("synonyms not all read or checked", "err", err)
		sb.WriteString("⚠️ 同义词没能全部读出或检查(synonyms.txt 可能有写错的行),详情已记在日志里。\n\n")
	}
	if len(listed) == 0 {
		sb.WriteString("还没有管理员添加的同义词。" + synonymUsage)
		return sb.String()
	}
	fmt.Fprintf(&sb, "<b>管理员添加的同义词</b>(%d 条,提问时生效)\n", len(listed))
	for _, l := range listed {
		sb.WriteString("\n• " + esc(l.Line()))
		if !l.Added.IsZero() {
			sb.WriteString(" — " + esc(shownName(l.By)) + "," + l.Added.Local().Format("2006-01-02 15:04"))
		} else {
			sb.WriteString(" — 手写在 synonyms.txt")
		}
		if len(l.Opens) > 0 {
			sb.WriteString("\n  ⚠️ 让超出范围的问题有了答案:" + esc(strings.Join(l.Opens, " / ")))
		}
	}
	sb.WriteString("\n\n删除:/unsynonym 词")
	return sb.String()
}

// removeSynonym is /unsynonym WORDS.
func (b *Bot) removeSynonym(ctx context.Context, arg string) string {
	words := strings.Fields(arg)
	if len(words) == 0 {
		return "用法:/unsynonym 劳模(删除含有这个词的同义词)"
	}
	removed, err := b.cfg.Learn.RemoveSynonyms(ctx, words)
	if errors.Is(err, store.ErrNotFound) {
		return "没有含 " + esc(strings.Join(words, " ")) + " 的同义词。发送 /synonyms 查看。"
	}
	if err != nil {
		return b.learnFailed("/unsynonym", "没有删除:", err)
	}
	var lines []string
	for _, r := range removed {
		lines = append(lines, r.Line())
	}
	return "已删除:" + esc(strings.Join(lines, ";")) + "。下一个问题起不再使用。"
}
