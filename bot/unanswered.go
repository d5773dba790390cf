package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/reportbot/reportbot/learn"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/store/asklog"
	"github.com/reportbot/reportbot/store/synfile"
)

// learnCommands are the admin commands served by Config.Learn; /feedback
// is the overview /stats gives.
var learnCommands = []string{"unanswered", "synonym", "synonyms", "unsynonym", "stats", "feedback"}

// Callback data of the buttons under /unanswered.
const (
	useSuggestion = "us:" // us:<group>:<suggestion>: add the synonym offered
	dismissGroup  = "ud:" // ud:<group>: the group is out of scope
)

// onLearnCommand serves an admin's /unanswered, /synonym, /synonyms,
// /unsynonym, /stats and /feedback in lane l. It reports whether it
// handled the command; the caller has checked the sender is an admin in
// a private chat.
func (b *Bot) onLearnCommand(ctx context.Context, m *models.Message, l lane, cmd, arg string) bool {
	if !slices.Contains(learnCommands, cmd) {
		return false
	}
	if b.cfg.Learn == nil {
		b.send(ctx, l, m.ID, "这个命令需要数据目录里的问题记录(由 reportbot serve 提供)。", nil)
		return true
	}
	by := adminName(m.From.ID)
	switch cmd {
	case "unanswered":
		text, kb := b.unansweredList(ctx)
		b.send(ctx, l, m.ID, text, kb)
	case "synonym":
		b.send(ctx, l, m.ID, b.addSynonym(ctx, arg, by), nil)
	case "synonyms":
		b.send(ctx, l, m.ID, b.synonymList(ctx), nil)
	case "unsynonym":
		b.send(ctx, l, m.ID, b.removeSynonym(ctx, arg), nil)
	case "stats", "feedback":
		b.send(ctx, l, m.ID, b.stats(), nil)
	}
	return true
}

// adminName is how an admin's change records who made it ("telegram:777";
// the command line writes "cli:" and the login name).
func adminName(user int64) string { return "telegram:" + strconv.FormatInt(user, 10) }

// shownName is who made a change, as admins read it in a reply.
func shownName(by string) string {
	if id, ok := strings.CutPrefix(by, "telegram:"); ok {
		return "管理员 " + id
	}
	if login, ok := strings.CutPrefix(by, "cli:"); ok {
		return "命令行(" + login + ")"
	}
	return by
}

// maxListed is how many groups /unanswered shows: with two buttons each,
// as many as a phone shows without scrolling far.
const maxListed = 8

// unansweredList is /unanswered: the groups, each with the synonym
// offered for it and a button to dismiss it.
func (b *Bot) unansweredList(ctx context.Context) (string, *models.InlineKeyboardMarkup) {
	items, resolved, err := b.cfg.Learn.Unanswered(ctx, maxListed)
	if err != nil {
		return b.learnFailed("/unanswered", "读取问题记录失败:", err), nil
	}
	if len(items) == 0 {
		text := "没有待处理的问题:成员的问题都答上了,也没有 👎。"
		if resolved > 0 {
			text += fmt.Sprintf("(有 %d 组以前没答上的问题现在已能回答。)", resolved)
		}
		return text, nil
	}
	var sb strings.Builder
	sb.WriteString("<b>没答上或被点 👎 的问题</b>(相似的归为一组,问得多的在前)\n")
	var rows [][]models.InlineKeyboardButton
	for i, it := range items {
		n := i + 1
		lead := it.Questions[0]
		fmt.Fprintf(&sb, "\n%d. %s", n, esc(lead.Name))
		if lead.Reading != nil {
			sb.WriteString("\n   " + esc(readAs(lead.AsRead())) + "(接着问「" + esc(lead.Reading.Previous) + "」)")
		}
		sb.WriteString("\n   " + esc(tally(it.Group)))
		for _, q := range it.Questions[1:min(3, len(it.Questions))] {
			sb.WriteString("\n   也问:" + esc(q.Name))
			if q.Reading != nil {
				sb.WriteString("(" + esc(readAs(q.AsRead())) + ")")
			}
		}
		if it.Section != "" {
			sb.WriteString("\n   最近的章节:" + esc(it.Section))
		}
		var row []models.InlineKeyboardButton
		if len(it.Suggestions) > 0 {
			s := it.Suggestions[0]
			row = append(row, models.InlineKeyboardButton{Text: fmt.Sprintf("%d. ➕ %s → %s", n, s.Word, s.For),
				CallbackData: useSuggestion + it.ID + ":" + learn.SuggestionID(s)})
			for _, more := range it.Suggestions[1:] {
				sb.WriteString("\n   或:/synonym " + esc(learn.Rule(more)))
			}
		} else if it.Unanswered > 0 {
			sb.WriteString("\n   加同义词:/synonym 成员的词 报告里的词")
		}
		row = append(row, models.InlineKeyboardButton{Text: fmt.Sprintf("%d. 🚫 超出范围", n), CallbackData: dismissGroup + it.ID})
		rows = append(rows, row)
	}
	if resolved > 0 {
		fmt.Fprintf(&sb, "\n\n另有 %d 组现在已能回答。", resolved)
	}
	return sb.String(), &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// tally says how often a group came and when.
func tally(g asklog.Group) string {
	var parts []string
	if g.Unanswered > 0 {
		parts = append(parts, fmt.Sprintf("没答上 %d 次", g.Unanswered))
	}
	if g.Disliked > 0 {
		parts = append(parts, fmt.Sprintf("👎 %d 次", g.Disliked))
	}
	if g.Members > 0 {
		parts = append(parts, fmt.Sprintf("%d 位成员", g.Members))
	}
	when := g.First.Local().Format("01-02")
	if last := g.Last.Local().Format("01-02"); last != when {
		when += " 至 " + last
	}
	return strings.Join(append(parts, when), " · ")
}

// onLearnCallback handles the buttons under /unanswered: verb "us" adds
// the synonym offered for a group (arg "group:suggestion"), "ud"
// dismisses a group (arg "group"). onCallback has checked the data's
// form and that it is one of the message's buttons.
func (b *Bot) onLearnCallback(ctx context.Context, cq *models.CallbackQuery, l lane, verb, arg string, ack func(string)) {
	if !b.isAdmin(cq.From.ID) {
		ack("只有管理员可以这样做。")
		return
	}
	if b.cfg.Learn == nil {
		ack("这个操作需要数据目录里的问题记录(由 reportbot serve 提供)。")
		return
	}
	msg := cq.Message.Message
	by := adminName(cq.From.ID)
	if verb == "ud" {
		qs, err := b.cfg.Learn.Dismiss(ctx, arg, by)
		if err != nil {
			ack(b.learnFailed("dismiss", "没有成功:", err))
			return
		}
		ack("已标为超出范围")
		b.send(ctx, l, msg.ID, fmt.Sprintf("已将这组 %d 个问题标为超出范围:%s\n它们不再出现在 /unanswered;以后添加的同义词如果让它们有了答案,会提醒你。",
			len(qs), esc(strings.Join(qs, " / "))), nil)
		return
	}
	group, suggestion, _ := strings.Cut(arg, ":")
	rule, opens, question, err := b.cfg.Learn.AddSuggested(ctx, group, suggestion, by)
	if err != nil {
		ack(b.learnFailed("add the synonym offered", "没有成功:", err))
		return
	}
	ack("已添加同义词")
	var sb strings.Builder
	sb.WriteString("已添加同义词 <b>" + esc(rule.Line()) + "</b>,下一个问题起生效。")
	sb.WriteString(opensWarning(opens))
	if a, err := b.cfg.Engine.Ask(ctx, question); err == nil {
		sb.WriteString("\n\n现在「" + esc(question) + "」的回答:\n\n" + renderAnswer(a))
	}
	b.send(ctx, l, msg.ID, sb.String(), nil)
}

// learnFailed says in Chinese why an admin's action on the question log
// or the synonyms failed, after what; the error itself is logged in
// English, as what the admin was doing.
func (b *Bot) learnFailed(doing, what string, err error) string {
	b.log.Warn("admin action failed", "action", doing, "err", err)
	switch {
	case errors.Is(err, learn.ErrDismissed):
		return "这组问题已经标记为超出报告范围了。"
	case errors.Is(err, learn.ErrNoGroup):
		return "这组问题已经变了(可能已能回答或已处理),请重新发送 /unanswered"
	case errors.Is(err, learn.ErrReadOnly):
		return what + "问题记录现在只能读,不能修改。"
	case errors.Is(err, store.ErrSynonymsFull):
		return what + synonymsFull()
	case errors.Is(err, synfile.ErrBadRule):
		return what + ruleFault(err)
	case errors.Is(err, store.ErrSynonymExists):
		return what + "已经有这个同义词了。"
	}
	return what + explain(err)
}
