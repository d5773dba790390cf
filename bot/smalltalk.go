package bot

import (
	"context"
	"strings"
	"unicode"

	"github.com/reportbot/reportbot/lang"
)

// chat is the small talk a message is: one that only greets, thanks or
// is emoji asks the reports nothing. Searched, "你好" and "谢谢" were told
// 报告里没有找到 and each filled /unanswered as a group, and "👍", which
// holds no word, was told to write a question after a command.
type chat int

const (
	notChat chat = iota // a question, or anything but small talk
	greets              // 你好, 老师好, 在吗, 早上好, hi
	thanks              // 谢谢, 多谢, 辛苦了, thx
	symbols             // 👍, 🙏🙏, ?: no letter or digit at all
)

// chatOf is the small talk text is, or notChat: every clause of it
// (cut at anything but a letter or a digit) a greeting, thanks or
// particles (lang's data/chat.txt: IsThanks, IsSalutation, IsParticle and the
// engine's own greetings, IsAside), or none a letter or a digit. A greeting before a question
// ("你好,工会会员有多少人?") is a question, which the engine reads
// without its greeting.
func chatOf(text string) chat {
	t := strings.ReplaceAll(lang.Fold(text), "thank you", "thanks")
	clauses := strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(clauses) == 0 {
		if strings.TrimSpace(t) == "" {
			return notChat // nothing at all: no message to answer
		}
		return symbols
	}
	kind := symbols
	for _, c := range clauses {
		// The modal particles closing it ("你好呀") or making it ("哈哈").
		c = strings.TrimRightFunc(c, lang.Default().IsParticle)
		switch {
		case c == "":
			// Particles only: laughter, a nod.
		case lang.Default().IsThanks(c):
			kind = thanks
		case lang.Default().IsSalutation(c) || lang.Default().IsAside(c):
			if kind != thanks {
				kind = greets
			}
		default:
			return notChat
		}
	}
	return kind
}

// chatReply answers small talk in l: it says what the bot does, with an
// example the reports answer, in a group how to ask it there. Emoji in a
// group get none ("") when they reply to the bot's answer (reply), as a
// member's nod to it; after an explicit /ask or mention they asked
// nothing, and are told to write the question.
func (b *Bot) chatReply(ctx context.Context, l lane, kind chat, reply bool) string {
	var opener string
	switch kind {
	case greets:
		opener = "你好!"
	case thanks:
		opener = "不客气!"
	}
	if l.isGroup() {
		switch {
		case kind == symbols && reply:
			return ""
		case kind == symbols:
			return b.emptyQuestion(ctx)
		}
		return b.withExample(ctx, opener+"我可以回答这些报告里的问题:在群里请 @"+esc(b.username)+" 或用 /ask 加上问题", "/ask ") +
			"\n发送 /help 查看有哪些报告。"
	}
	return b.withExample(ctx, opener+"我可以回答这些报告里的问题,直接把问题发给我就行", "") + "\n发送 /help 查看有哪些报告。"
}

// emptyQuestion is what an /ask or a mention with no question is told.
func (b *Bot) emptyQuestion(ctx context.Context) string {
	return b.withExample(ctx, "请在命令或提及后写上问题", "/ask ")
}
