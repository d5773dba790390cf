package fakebotapi

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"unicode/utf8"
)

// Telegram's limits on what a bot sends, as the Bot API enforces them.
const (
	maxTextRunes     = 4096 // a message's text, after entities are parsed
	maxCaptionRunes  = 1024 // a photo's caption, likewise
	maxCallbackBytes = 64   // a button's callback_data
	maxAlertRunes    = 200  // answerCallbackQuery's text
)

// htmlTags are the tags Telegram's HTML parse mode knows.
var htmlTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true, "s": true, "strike": true, "del": true,
	"span": true, "tg-spoiler": true, "a": true, "code": true, "pre": true, "blockquote": true, "tg-emoji": true,
}

// parseHTML reads text as Telegram's HTML parse mode does and returns its
// plain text, or the error Telegram answers: a < that opens no tag it
// knows, or a tag left open or closed out of turn.
func parseHTML(text string) (string, error) {
	var plain strings.Builder
	var open []string
	for i := 0; i < len(text); {
		c := text[i]
		switch c {
		case '<':
			end := strings.IndexByte(text[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("can't parse entities: unexpected end of name token at byte offset %d", i)
			}
			tag := text[i+1 : i+end]
			name, closing := strings.CutPrefix(tag, "/")
			name, _, _ = strings.Cut(name, " ")
			if !htmlTags[name] {
				return "", fmt.Errorf("can't parse entities: unsupported start tag %q at byte offset %d", name, i)
			}
			if closing {
				if len(open) == 0 || open[len(open)-1] != name {
					return "", fmt.Errorf("can't parse entities: unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, strings.Join(open, ">, </"), name)
				}
				open = open[:len(open)-1]
			} else {
				open = append(open, name)
			}
			i += end + 1
		case '&':
			// Telegram decodes the entities it knows and keeps any other & as is.
			end := strings.IndexByte(text[i:], ';')
			if end > 0 {
				if s := html.UnescapeString(text[i : i+end+1]); s != text[i:i+end+1] {
					plain.WriteString(s)
					i += end + 1
					continue
				}
			}
			plain.WriteByte(c)
			i++
		default:
			plain.WriteByte(c)
			i++
		}
	}
	if len(open) > 0 {
		return "", fmt.Errorf("can't find end tag corresponding to start tag %q", open[len(open)-1])
	}
	return plain.String(), nil
}

// checkText checks a text (or caption) as Telegram does before sending it,
// in parse mode mode: the error is the Bad Request's description.
func checkText(text, mode string, limit int, what string) error {
	plain := text
	if strings.EqualFold(mode, "HTML") {
		var err error
		if plain, err = parseHTML(text); err != nil {
			return err
		}
	}
	if what == "message text" && strings.TrimSpace(plain) == "" {
		return fmt.Errorf("message text is empty")
	}
	if n := utf8.RuneCountInString(plain); n > limit {
		return fmt.Errorf("%s is too long (%d characters, at most %d)", what, n, limit)
	}
	return nil
}

// checkMarkup checks an inline keyboard's callback data.
func checkMarkup(markup string) error {
	if markup == "" {
		return nil
	}
	var kb struct {
		InlineKeyboard [][]struct {
			CallbackData *string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(markup), &kb); err != nil {
		return fmt.Errorf("can't parse reply keyboard markup JSON object")
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil && (len(*b.CallbackData) == 0 || len(*b.CallbackData) > maxCallbackBytes || !utf8.ValidString(*b.CallbackData)) {
				return fmt.Errorf("BUTTON_DATA_INVALID")
			}
		}
	}
	return nil
}

// check is the Bad Request description Telegram answers a call with, ""
// for a call it takes.
func check(method string, params map[string]string) string {
	var err error
	switch method {
	case "sendMessage", "editMessageText":
		err = checkText(params["text"], params["parse_mode"], maxTextRunes, "message text")
	case "sendPhoto":
		err = checkText(params["caption"], params["parse_mode"], maxCaptionRunes, "message caption")
	case "answerCallbackQuery":
		if utf8.RuneCountInString(params["text"]) > maxAlertRunes {
			err = fmt.Errorf("MESSAGE_TOO_LONG")
		}
	}
	if err == nil {
		err = checkMarkup(params["reply_markup"])
	}
	if err != nil {
		return "Bad Request: " + err.Error()
	}
	return ""
}

// Check is check, for probing.
func Check(method string, params map[string]string) string { return check(method, params) }
