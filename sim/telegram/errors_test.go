package telegram_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	simtelegram "pitboss/sim/telegram"
)

func TestWrongTokenIsUnauthorized(t *testing.T) {
	e := start(t, unlimited)
	_, err := tgbotapi.NewBotAPIWithClient("7000000001:stolen", e.srv.Endpoint(), http.DefaultClient)
	wantAPIError(t, err, http.StatusUnauthorized, "Unauthorized")

	calls := e.srv.Calls("getMe")
	last := calls[len(calls)-1]
	if last.Status != http.StatusUnauthorized || last.Description != "Unauthorized" {
		t.Fatalf("refused call recorded as %+v", last)
	}
}

func TestUnknownMethodIsNotFound(t *testing.T) {
	e := start(t, unlimited)
	_, err := e.bot.MakeRequest("sendDragon", nil)
	wantAPIError(t, err, http.StatusNotFound, "Not Found")

	// Method names are case-insensitive, as in the Bot API.
	if _, err := e.bot.MakeRequest("GETME", nil); err != nil {
		t.Fatalf("GETME: %v", err)
	}
}

func TestTextLengthIsCountedInUTF16AfterMarkup(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	tooLong := "Bad Request: message is too long"
	cases := []struct {
		name string
		text string
		ok   bool
	}{
		{"4096 letters", strings.Repeat("a", 4096), true},
		{"4097 letters", strings.Repeat("a", 4097), false},
		{"markup does not count", "<b>" + strings.Repeat("a", 4096) + "</b>", true},
		{"an entity counts as one", strings.Repeat("&lt;", 4096), true},
		{"2048 emoji are 4096 units", strings.Repeat("😀", 2048), true},
		{"2049 emoji are 4098 units", strings.Repeat("😀", 2049), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := tgbotapi.NewMessage(alice.ID, c.text)
			cfg.ParseMode = tgbotapi.ModeHTML
			_, err := e.bot.Send(cfg)
			if c.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !c.ok {
				wantAPIError(t, err, http.StatusBadRequest, tooLong)
			}
		})
	}
}

func TestEmptyTextIsRefused(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	empty := "Bad Request: message text is empty"

	// tgbotapi leaves out an empty text, which is what Telegram sees as empty.
	_, err := e.bot.Send(tgbotapi.NewMessage(alice.ID, ""))
	wantAPIError(t, err, http.StatusBadRequest, empty)

	// Markup around nothing but spaces is empty too.
	cfg := tgbotapi.NewMessage(alice.ID, "<b> </b>")
	cfg.ParseMode = tgbotapi.ModeHTML
	_, err = e.bot.Send(cfg)
	wantAPIError(t, err, http.StatusBadRequest, empty)
}

func TestUnknownAndDeletedChatsAreNotFound(t *testing.T) {
	e := start(t, unlimited)
	notFound := "Bad Request: chat not found"

	// Nobody in chat 424242 ever wrote to the bot.
	_, err := e.bot.Send(tgbotapi.NewMessage(424242, "hello"))
	wantAPIError(t, err, http.StatusBadRequest, notFound)

	e.srv.AddChat(rigs)
	e.send(t, rigs.ID, "Rig room alerts on", nil)
	e.srv.DeleteChat(rigs.ID)
	_, err = e.bot.Send(tgbotapi.NewMessage(rigs.ID, "still there?"))
	wantAPIError(t, err, http.StatusBadRequest, notFound)

	_, err = e.bot.MakeRequest("sendMessage", tgbotapi.Params{"text": "no chat"})
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: chat_id is empty")
}

func TestBlockedUserGetsForbiddenUntilUnblocked(t *testing.T) {
	e := start(t, unlimited)
	chat := simtelegram.PrivateChat(alice)
	e.srv.SendText(alice, chat, "/start")
	sent := e.send(t, alice.ID, "Welcome", confirmKeyboard("1"))
	e.srv.BlockBot(alice.ID)
	blocked := "Forbidden: bot was blocked by the user"

	_, err := e.bot.Send(tgbotapi.NewMessage(alice.ID, "GPU 3 is at 91 °C"))
	wantAPIError(t, err, http.StatusForbidden, blocked)
	_, err = e.bot.Send(tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "edited"))
	wantAPIError(t, err, http.StatusForbidden, blocked)
	_, err = e.bot.Request(tgbotapi.NewChatAction(alice.ID, tgbotapi.ChatTyping))
	wantAPIError(t, err, http.StatusForbidden, blocked)

	// Group chats that user is in are not affected.
	e.srv.AddChat(rigs)
	e.send(t, rigs.ID, "group still works", nil)

	e.srv.UnblockBot(alice.ID)
	e.send(t, alice.ID, "back again", nil)
}

func TestEditWithTheSameResultIsNotModified(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	kb := confirmKeyboard("5")
	sent := e.send(t, alice.ID, "<b>Withdraw 0.5 XMR?</b>", kb)
	notModified := "Bad Request: message is not modified: specified new message content and reply markup are " +
		"exactly the same as a current content and reply markup of the message"

	same := tgbotapi.NewEditMessageTextAndMarkup(alice.ID, sent.MessageID, "<b>Withdraw 0.5 XMR?</b>", kb)
	same.ParseMode = tgbotapi.ModeHTML
	_, err := e.bot.Send(same)
	wantAPIError(t, err, http.StatusBadRequest, notModified)

	// Different markup for the same result is still the same message.
	strong := tgbotapi.NewEditMessageTextAndMarkup(alice.ID, sent.MessageID, "<strong>Withdraw 0.5 XMR?</strong>", kb)
	strong.ParseMode = tgbotapi.ModeHTML
	_, err = e.bot.Send(strong)
	wantAPIError(t, err, http.StatusBadRequest, notModified)

	_, err = e.bot.Request(tgbotapi.NewEditMessageReplyMarkup(alice.ID, sent.MessageID, kb))
	wantAPIError(t, err, http.StatusBadRequest, notModified)

	// The same text without reply_markup is a change: Telegram removes the keyboard.
	plainEdit := tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "<b>Withdraw 0.5 XMR?</b>")
	plainEdit.ParseMode = tgbotapi.ModeHTML
	if _, err := e.bot.Send(plainEdit); err != nil {
		t.Fatalf("edit without keyboard: %v", err)
	}
	got := e.srv.Messages(alice.ID)[0]
	if got.Keyboard != nil || got.Edits != 1 || got.Plain != "Withdraw 0.5 XMR?" || !got.EditDate.Equal(day) {
		t.Fatalf("after edit %+v", got)
	}
}

func TestEditOrDeleteOfAMissingMessageIsRefused(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	sent := e.send(t, alice.ID, "temporary", nil)

	_, err := e.bot.Send(tgbotapi.NewEditMessageText(alice.ID, 999, "x"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message to edit not found")
	_, err = e.bot.Request(tgbotapi.NewDeleteMessage(alice.ID, 999))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message to delete not found")

	if _, err := e.bot.Request(tgbotapi.NewDeleteMessage(alice.ID, sent.MessageID)); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = e.bot.Request(tgbotapi.NewDeleteMessage(alice.ID, sent.MessageID))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message to delete not found")
	_, err = e.bot.Send(tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "x"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message to edit not found")

	if m := e.srv.Messages(alice.ID); len(m) != 1 || !m[0].Deleted {
		t.Fatalf("messages %+v", m)
	}
}

func TestMessagesOlderThan48HoursCannotBeDeleted(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	sent := e.send(t, alice.ID, "daily report", nil)
	e.clock.Advance(48*time.Hour + time.Second)
	_, err := e.bot.Request(tgbotapi.NewDeleteMessage(alice.ID, sent.MessageID))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message can't be deleted")
}

func TestUsersMessagesCannotBeEdited(t *testing.T) {
	e := start(t, unlimited)
	id := e.srv.SendText(alice, simtelegram.PrivateChat(alice), "hello")
	_, err := e.bot.Send(tgbotapi.NewEditMessageText(alice.ID, id, "goodbye"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message can't be edited")
}

func TestReplyToAMissingMessageIsRefused(t *testing.T) {
	e := start(t, unlimited)
	asked := e.srv.SendText(alice, simtelegram.PrivateChat(alice), "/rigs")
	reply := tgbotapi.NewMessage(alice.ID, "3 rigs online")
	reply.ReplyToMessageID = asked
	m, err := e.bot.Send(reply)
	if err != nil || m.ReplyToMessage == nil || m.ReplyToMessage.Text != "/rigs" {
		t.Fatalf("reply %+v, err %v", m.ReplyToMessage, err)
	}

	reply.ReplyToMessageID = 777
	_, err = e.bot.Send(reply)
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: message to be replied not found")
	reply.AllowSendingWithoutReply = true
	if _, err := e.bot.Send(reply); err != nil {
		t.Fatalf("allow_sending_without_reply: %v", err)
	}
}

func TestInlineKeyboardRules(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	data := func(d string) tgbotapi.InlineKeyboardMarkup {
		return tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Go", d)))
	}
	both := tgbotapi.NewInlineKeyboardButtonData("Go", "x")
	link := "https://hiveos.farm"
	both.URL = &link
	cases := []struct {
		name   string
		markup any
		want   string // "" = accepted
	}{
		{"64 bytes of data", data(strings.Repeat("d", 64)), ""},
		{"65 bytes of data", data(strings.Repeat("d", 65)), "Bad Request: BUTTON_DATA_INVALID"},
		{"64 bytes counted in bytes, not runes", data(strings.Repeat("é", 33)), "Bad Request: BUTTON_DATA_INVALID"},
		{"empty data is a text button", data(""),
			"Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
		{"url and data together", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(both)),
			"Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used"},
		{"url button", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonURL("Open Hive OS", link))), ""},
		{"bad url", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonURL("Open", "hiveos.farm"))), "Bad Request: BUTTON_URL_INVALID"},
		{"button without text", tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("", "x"))), "Bad Request: BUTTON_TEXT_INVALID"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := tgbotapi.NewMessage(alice.ID, "choose")
			cfg.ReplyMarkup = c.markup
			_, err := e.bot.Send(cfg)
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantAPIError(t, err, http.StatusBadRequest, c.want)
		})
	}

	// Raw HTTP for what the client cannot express: a button without a text field.
	_, err := e.bot.MakeRequest("sendMessage", tgbotapi.Params{"chat_id": "111", "text": "x",
		"reply_markup": `{"inline_keyboard":[[{"callback_data":"x"}]]}`})
	wantAPIError(t, err, http.StatusBadRequest, `Bad Request: can't parse inline keyboard button: Can't find field "text"`)
	_, err = e.bot.MakeRequest("sendMessage", tgbotapi.Params{"chat_id": "111", "text": "x", "reply_markup": `{"inline`})
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: can't parse reply keyboard markup JSON object")
}

func TestAnswerCallbackQueryOnlyOnce(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	sent := e.send(t, alice.ID, "Reset stats?", confirmKeyboard("3"))
	invalid := "Bad Request: query is too old and response timeout expired or query ID is invalid"

	_, err := e.bot.Request(tgbotapi.NewCallback("4380000000000009999", ""))
	wantAPIError(t, err, http.StatusBadRequest, invalid)

	qid, err := e.srv.PressButton(alice, alice.ID, sent.MessageID, "cancel:3")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.bot.Request(tgbotapi.NewCallback(qid, "Cancelled")); err != nil {
		t.Fatalf("first answer: %v", err)
	}
	_, err = e.bot.Request(tgbotapi.NewCallback(qid, "Cancelled again"))
	wantAPIError(t, err, http.StatusBadRequest, invalid)
}

func TestUnknownChatActionIsRefused(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	if _, err := e.bot.Request(tgbotapi.NewChatAction(alice.ID, tgbotapi.ChatUploadPhoto)); err != nil {
		t.Fatal(err)
	}
	_, err := e.bot.Request(tgbotapi.NewChatAction(alice.ID, "dancing"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: wrong parameter action in request")
}
