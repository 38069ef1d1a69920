package bot

import (
	"context"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/store"
)

// Request is one update on its way through the router: a command in a message, or a button press.
type Request struct {
	Update   tgbotapi.Update
	From     *tgbotapi.User
	Chat     *tgbotapi.Chat
	Message  *tgbotapi.Message       // the message that carried the command, or the one whose button was pressed
	Callback *tgbotapi.CallbackQuery // nil for a message
	Command  string                  // without the slash and @botname; "" for plain text and button presses
	At       string                  // the @botname a command was addressed to, if any
	Args     string                  // what follows the command, or the callback data after its "name:" prefix
	Route    string                  // the command, or the callback's name; what the router dispatches on
	User     *store.User             // nil for a stranger
	Role     store.Role              // "" for a stranger

	bot      *Bot
	handler  HandlerFunc
	answered bool
}

// newRequest reads what pitboss needs from an update; ok is false for updates it does not handle
// (edited messages, channel posts, messages without a sender).
func newRequest(b *Bot, u tgbotapi.Update) (*Request, bool) {
	r := &Request{Update: u, bot: b}
	switch {
	case u.Message != nil && u.Message.From != nil:
		r.Message, r.From, r.Chat = u.Message, u.Message.From, u.Message.Chat
		if name, at, args, ok := parseCommand(u.Message.Text); ok {
			r.Command, r.At, r.Args, r.Route = name, at, args, name
		}
	case u.CallbackQuery != nil && u.CallbackQuery.From != nil:
		r.Callback, r.From = u.CallbackQuery, u.CallbackQuery.From
		r.Message = u.CallbackQuery.Message
		if r.Message != nil {
			r.Chat = r.Message.Chat
		}
		r.Route, r.Args, _ = strings.Cut(u.CallbackQuery.Data, ":")
	default:
		return nil, false
	}
	return r, r.Chat != nil || r.Callback != nil
}

// Private reports whether the request came from a one-to-one chat with the bot.
func (r *Request) Private() bool { return r.Chat != nil && r.Chat.IsPrivate() }

// addressedToOther reports whether a command names another bot (/help@otherbot), as happens in groups.
func (r *Request) addressedToOther() bool {
	return r.At != "" && !strings.EqualFold(r.At, r.bot.tg.Self().UserName)
}

// Reply sends an HTML message to the request's chat. Long texts are split at line breaks.
func (r *Request) Reply(ctx context.Context, html string, keyboard ...[]tgbotapi.InlineKeyboardButton) error {
	if r.Chat == nil {
		return r.Answer(ctx, StripTags(html), true)
	}
	_, err := r.bot.sendHTML(ctx, r.Chat.ID, html, keyboard...)
	return err
}

// ReplyMessage is Reply that returns the (last) message sent, for a feature that will edit it later.
func (r *Request) ReplyMessage(ctx context.Context, html string, keyboard ...[]tgbotapi.InlineKeyboardButton) (tgbotapi.Message, error) {
	if r.Chat == nil {
		return tgbotapi.Message{}, r.Answer(ctx, StripTags(html), true)
	}
	return r.bot.sendHTML(ctx, r.Chat.ID, html, keyboard...)
}

// Answer answers the button press (so the button stops spinning), optionally with a notice. A message
// is answered only once; later calls do nothing.
func (r *Request) Answer(ctx context.Context, text string, alert bool) error {
	if r.Callback == nil || r.answered {
		return nil
	}
	r.answered = true
	cfg := tgbotapi.NewCallback(r.Callback.ID, text)
	cfg.ShowAlert = alert
	return r.bot.tg.request(ctx, cfg)
}

// Edit replaces the text (and buttons) of the message whose button was pressed: the outcome of a choice
// shows where the choice was made.
func (r *Request) Edit(ctx context.Context, html string, keyboard ...[]tgbotapi.InlineKeyboardButton) error {
	if r.Message == nil {
		return r.Reply(ctx, html, keyboard...)
	}
	return r.bot.edit(ctx, r.Chat.ID, r.Message.MessageID, html, keyboard)
}

// BotUsername is the bot's own @username, for links such as invites.
func (r *Request) BotUsername() string { return r.bot.Username() }

// SetMenu sets the command menu of the request's private chat to the user's role, as after joining.
func (r *Request) SetMenu(ctx context.Context) {
	if r.Private() && r.Role != Anyone {
		r.bot.setMenu(ctx, r.Chat.ID, r.Role)
	}
}

// RefuseStranger answers someone who is not a user: why (HTML, may be ""), then that they are not
// authorised and their Telegram id. Repeated refusals to one person are rate-limited.
func (r *Request) RefuseStranger(ctx context.Context, why string) error {
	return r.bot.refuseStranger(ctx, r, why)
}

// Typing shows the user that the bot is working on their request, while an API call takes a moment.
func (r *Request) Typing(ctx context.Context) error { return r.action(ctx, tgbotapi.ChatTyping) }

// UploadingPhoto shows the user that a picture is on its way, while it is drawn.
func (r *Request) UploadingPhoto(ctx context.Context) error {
	return r.action(ctx, tgbotapi.ChatUploadPhoto)
}

func (r *Request) action(ctx context.Context, action string) error {
	if r.Chat == nil {
		return nil
	}
	return r.bot.tg.request(ctx, tgbotapi.NewChatAction(r.Chat.ID, action))
}

// ReplyPhoto sends a PNG to the request's chat, with an HTML caption (at most 1,024 characters are kept).
func (r *Request) ReplyPhoto(ctx context.Context, png []byte, caption string, keyboard ...[]tgbotapi.InlineKeyboardButton) error {
	if r.Chat == nil {
		return r.Answer(ctx, StripTags(caption), true)
	}
	_, err := r.bot.sendWithRetry(ctx, photoMessage(r.Chat.ID, png, caption, keyboard))
	return err
}

// EditMessage replaces the text of a message the bot sent, outside any request: the outcome of something
// that finished later. Its buttons go.
func (b *Bot) EditMessage(ctx context.Context, chatID int64, messageID int, html string) error {
	return b.edit(ctx, chatID, messageID, html, nil)
}

// edit replaces a message's text with html, and its buttons with keyboard (none when it is empty).
func (b *Bot) edit(ctx context.Context, chatID int64, messageID int, html string, keyboard [][]tgbotapi.InlineKeyboardButton) error {
	edit := tgbotapi.NewEditMessageText(chatID, messageID, html)
	edit.ParseMode = tgbotapi.ModeHTML
	edit.DisableWebPagePreview = true
	if len(keyboard) > 0 {
		mk := tgbotapi.NewInlineKeyboardMarkup(keyboard...)
		edit.ReplyMarkup = &mk
	}
	_, err := b.sendWithRetry(ctx, edit)
	return err
}
