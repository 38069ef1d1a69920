package bot

import (
	"context"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxRetryAfter is the longest pause pitboss accepts from a 429 before giving up on a reply.
const maxRetryAfter = 60 * time.Second

// sendHTML sends html to chatID as a reply, split into as many messages as Telegram's limit needs; the
// keyboard goes under the last part. It returns the last message sent.
func (b *Bot) sendHTML(ctx context.Context, chatID int64, html string, keyboard ...[]tgbotapi.InlineKeyboardButton) (tgbotapi.Message, error) {
	var last tgbotapi.Message
	for _, msg := range htmlMessages(chatID, html, keyboard) {
		m, err := b.sendWithRetry(ctx, msg)
		if err != nil {
			return last, err
		}
		last = m
	}
	return last, nil
}

// htmlMessages is html as the messages that carry it: split at Telegram's limit, the keyboard (if any)
// under the last part, without link previews.
func htmlMessages(chatID int64, html string, keyboard [][]tgbotapi.InlineKeyboardButton) []tgbotapi.MessageConfig {
	parts := splitMessage(html, maxText)
	msgs := make([]tgbotapi.MessageConfig, len(parts))
	for i, part := range parts {
		msg := tgbotapi.NewMessage(chatID, part)
		msg.ParseMode = tgbotapi.ModeHTML
		msg.DisableWebPagePreview = true
		if i == len(parts)-1 && len(keyboard) > 0 {
			msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(keyboard...)
		}
		msgs[i] = msg
	}
	return msgs
}

// sendWithRetry sends c as a reply: ahead of queued notifications for the global budget, within its chat's
// budget, and waiting out Telegram's 429s as it asks (the limiter holds the chat off for retry_after, so the
// next attempt waits there). Any other failure is returned at once: a reply that cannot be delivered now is
// not worth more than the user's next command.
func (b *Bot) sendWithRetry(ctx context.Context, c tgbotapi.Chattable) (tgbotapi.Message, error) {
	for {
		m, err := b.tg.send(ctx, c, replyPriority)
		wait, limited := retryAfter(err)
		if !limited || wait > maxRetryAfter {
			if err != nil && unreachable(err) {
				b.log.Warn("chat unreachable: the user blocked the bot or the chat is gone", "error", err)
			}
			return m, err
		}
		b.log.Info("rate limited by Telegram", "retry_after", wait)
	}
}

// maxCaption is Telegram's limit on a photo's caption.
const maxCaption = 1024

// photoMessage is a PNG with an HTML caption (cut at Telegram's limit, at a line) and a keyboard under it.
func photoMessage(chatID int64, png []byte, caption string, keyboard [][]tgbotapi.InlineKeyboardButton) tgbotapi.PhotoConfig {
	p := tgbotapi.NewPhoto(chatID, tgbotapi.FileBytes{Name: "chart.png", Bytes: png})
	p.Caption = splitMessage(caption, maxCaption)[0]
	p.ParseMode = tgbotapi.ModeHTML
	if len(keyboard) > 0 {
		p.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(keyboard...)
	}
	return p
}
