package telegram_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	simtelegram "pitboss/sim/telegram"
)

func TestHTMLMessageKeepsRawAndPlainText(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	raw := "<b>rig-7</b>: GPU 3 at 91 °C &gt; 85 °C"
	m := e.send(t, alice.ID, raw, nil)
	if m.Text != "rig-7: GPU 3 at 91 °C > 85 °C" || len(m.Entities) != 1 || !m.Entities[0].IsBold() || m.Entities[0].Length != 5 {
		t.Fatalf("result %q %+v", m.Text, m.Entities)
	}
	if m.From == nil || !m.From.IsBot || m.From.UserName != simtelegram.DefaultBotUsername || m.Chat.ID != alice.ID {
		t.Fatalf("from %+v chat %+v", m.From, m.Chat)
	}
	got := e.srv.Messages(alice.ID)
	if len(got) != 1 || got[0].Text != raw || got[0].Plain != m.Text || got[0].ParseMode != "HTML" || !got[0].Date.Equal(day) {
		t.Fatalf("stored %+v", got)
	}
}

func TestHTMLErrorsReachTheBotVerbatim(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	cfg := tgbotapi.NewMessage(alice.ID, "Wallet <addr> is empty")
	cfg.ParseMode = tgbotapi.ModeHTML
	_, err := e.bot.Send(cfg)
	wantAPIError(t, err, http.StatusBadRequest, `Bad Request: can't parse entities: Unsupported start tag "addr" at byte offset 7`)

	// Without a parse mode the same text is fine.
	cfg.ParseMode = ""
	if _, err := e.bot.Send(cfg); err != nil {
		t.Fatal(err)
	}
}

func TestMessageIDsArePerChatAndShareTheSequenceWithUsers(t *testing.T) {
	e := start(t, unlimited)
	asked := e.srv.SendText(alice, simtelegram.PrivateChat(alice), "/help")
	reply := e.send(t, alice.ID, "help text", nil)
	e.srv.AddChat(rigs)
	inGroup := e.send(t, rigs.ID, "group", nil)
	if asked != 1 || reply.MessageID != 2 || inGroup.MessageID != 1 {
		t.Fatalf("ids %d %d %d", asked, reply.MessageID, inGroup.MessageID)
	}
}

func TestWaitNewMessageFindsTheReplyToWhatWasJustSent(t *testing.T) {
	e := start(t, unlimited)
	ctx := testCtx(t)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	e.send(t, alice.ID, "old news", nil)
	asked := e.srv.SendText(alice, simtelegram.PrivateChat(alice), "/rigs")

	go func() {
		ups, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 10})
		if err != nil || len(ups) == 0 {
			return
		}
		_, _ = e.bot.Send(tgbotapi.NewMessage(alice.ID, "3 rigs online"))
	}()

	m, err := e.srv.WaitNewMessage(ctx, alice.ID, asked, func(m simtelegram.Message) bool { return true })
	if err != nil || m.Plain != "3 rigs online" || m.ID <= asked {
		t.Fatalf("got %+v, err %v", m, err)
	}

	short, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := e.srv.WaitNewMessage(short, alice.ID, m.ID, nil); err == nil {
		t.Fatal("waiting for a message that never comes did not fail")
	}
}

func TestSendPhotoUploadsMultipartPNG(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	img := pngImage(t, 40, 30)
	cfg := tgbotapi.NewPhoto(alice.ID, tgbotapi.FileBytes{Name: "hashrate.png", Bytes: img})
	cfg.Caption = "<b>Hashrate</b>, 24 h"
	cfg.ParseMode = tgbotapi.ModeHTML
	cfg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("7 days", "chart:7d")))

	m, err := e.bot.Send(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Photo) != 1 || m.Photo[0].Width != 40 || m.Photo[0].Height != 30 || m.Photo[0].FileID == "" ||
		m.Caption != "Hashrate, 24 h" || len(m.CaptionEntities) != 1 || m.ReplyMarkup == nil {
		t.Fatalf("result %+v", m)
	}
	stored := e.srv.Messages(alice.ID)[0]
	if !bytes.Equal(stored.Photo, img) || stored.Caption != cfg.Caption || stored.Plain != "Hashrate, 24 h" ||
		stored.Text != "" || stored.PhotoFileID != m.Photo[0].FileID || stored.Keyboard[0][0].Data != "chart:7d" {
		t.Fatalf("stored %+v", stored)
	}
	call := e.srv.Calls("sendPhoto")[0]
	if !strings.HasPrefix(call.Params.Get("photo"), "<file hashrate.png,") || call.Params.Get("caption") != cfg.Caption {
		t.Fatalf("recorded params %v", call.Params)
	}

	// The bot may send the same photo again by file_id, without uploading it.
	again, err := e.bot.Send(tgbotapi.NewPhoto(alice.ID, tgbotapi.FileID(m.Photo[0].FileID)))
	if err != nil || again.Photo[0].FileID != m.Photo[0].FileID || !bytes.Equal(e.srv.Messages(alice.ID)[1].Photo, img) {
		t.Fatalf("resend %+v, err %v", again, err)
	}
}

func TestSendPhotoRefusals(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	upload := func(name string, data []byte, caption string) error {
		cfg := tgbotapi.NewPhoto(alice.ID, tgbotapi.FileBytes{Name: name, Bytes: data})
		cfg.Caption = caption
		_, err := e.bot.Send(cfg)
		return err
	}
	// tgbotapi leaves Code at 0 on uploads, so the code is checked on the recorded call.
	wantUploadError := func(t *testing.T, err error, desc string) {
		t.Helper()
		wantAPIError(t, err, 0, desc)
		calls := e.srv.Calls("sendPhoto")
		if last := calls[len(calls)-1]; last.Status != http.StatusBadRequest || last.Description != desc {
			t.Fatalf("recorded %+v", last)
		}
	}

	wantUploadError(t, upload("x.png", []byte("not an image"), ""), "Bad Request: IMAGE_PROCESS_FAILED")
	wantUploadError(t, upload("strip.png", pngImage(t, 420, 20), ""), "Bad Request: PHOTO_INVALID_DIMENSIONS")
	wantUploadError(t, upload("c.png", pngImage(t, 10, 10), strings.Repeat("c", 1025)),
		"Bad Request: message caption is too long")
	if err := upload("c.png", pngImage(t, 10, 10), strings.Repeat("c", 1024)); err != nil {
		t.Fatalf("1024-character caption: %v", err)
	}

	_, err := e.bot.Send(tgbotapi.NewPhoto(alice.ID, tgbotapi.FileID("AgACAgIAAxkDAAI9999999simPhoto")))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: wrong file identifier/HTTP URL specified")
	_, err = e.bot.Send(tgbotapi.NewPhoto(alice.ID, tgbotapi.FileURL("https://example.com/chart.png")))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: failed to get HTTP URL content")
	_, err = e.bot.MakeRequest("sendPhoto", tgbotapi.Params{"chat_id": "111"})
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: there is no photo in the request")

	// A photo has a caption, not a text.
	photos := e.srv.Messages(alice.ID)
	_, err = e.bot.Send(tgbotapi.NewEditMessageText(alice.ID, photos[0].ID, "text"))
	wantAPIError(t, err, http.StatusBadRequest, "Bad Request: there is no text in the message to edit")
}
