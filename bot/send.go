package bot

import (
	"context"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxRetryAfter is the longest pause pitboss accepts from a 429 before giving up on a reply.
const maxRetryAfter = 60 * time.Second

// sendHTML sends html to chatID, split into as many messages as Telegram's limit needs; the keyboard
// goes under the last part. It returns the last message sent.
func (b *Bot) sendHTML(ctx context.Context, chatID int64, html string, keyboard ...[]tgbotapi.InlineKeyboardButton) (tgbotapi.Message, error) {
	parts := splitMessage(html, maxText)
	var last tgbotapi.Message
	for i, part := range parts {
		msg := tgbotapi.NewMessage(chatID, part)
		msg.ParseMode = tgbotapi.ModeHTML
		msg.DisableWebPagePreview = true
		if i == len(parts)-1 && len(keyboard) > 0 {
			msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(keyboard...)
		}
		m, err := b.sendWithRetry(ctx, msg)
		if err != nil {
			return last, err
		}
		last = m
	}
	return last, nil
}

// sendWithRetry sends c, waiting out Telegram's 429s as it asks. Any other failure is returned at once:
// a reply that cannot be delivered now is not worth more than the user's next command.
func (b *Bot) sendWithRetry(ctx context.Context, c tgbotapi.Chattable) (tgbotapi.Message, error) {
	for {
		m, err := b.tg.send(ctx, c)
		wait, limited := retryAfter(err)
		if !limited || wait > maxRetryAfter {
			if err != nil && unreachable(err) {
				b.log.Warn("chat unreachable: the user blocked the bot or the chat is gone", "error", err)
			}
			return m, err
		}
		b.log.Info("rate limited by Telegram", "retry_after", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return m, ctx.Err()
		case <-t.C:
		}
	}
}
