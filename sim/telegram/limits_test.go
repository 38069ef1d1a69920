package telegram_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	simtelegram "pitboss/sim/telegram"
)

func TestPerChatLimitAnswers429WithRetryAfter(t *testing.T) {
	e := start(t, simtelegram.Limits{}) // Telegram's figures: 1/s per chat, burst 3
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	for i := 0; i < 3; i++ {
		e.send(t, alice.ID, "burst", nil)
	}

	_, err := e.bot.Send(tgbotapi.NewMessage(alice.ID, "one too many"))
	apiErr := wantAPIError(t, err, http.StatusTooManyRequests, "Too Many Requests: retry after 1")
	if apiErr.RetryAfter != 1 {
		t.Fatalf("retry_after %d", apiErr.RetryAfter)
	}

	// Another chat has its own bucket.
	e.srv.AddChat(simtelegram.PrivateChat(bob))
	e.send(t, bob.ID, "hello bob", nil)

	e.clock.Advance(time.Second)
	e.send(t, alice.ID, "after waiting", nil)
	if n := len(e.srv.Messages(alice.ID)); n != 4 {
		t.Fatalf("%d messages delivered, want 4", n)
	}
}

func TestGroupLimitIsTwentyAMinute(t *testing.T) {
	e := start(t, simtelegram.Limits{PerChatRate: -1}) // only the group and global limits
	e.srv.AddChat(rigs)
	for i := 0; i < 20; i++ {
		e.send(t, rigs.ID, "alert", nil)
	}
	_, err := e.bot.Send(tgbotapi.NewMessage(rigs.ID, "21st"))
	// One message every 3 s refills a 20-a-minute bucket.
	if apiErr := wantAPIError(t, err, http.StatusTooManyRequests, "Too Many Requests: retry after 3"); apiErr.RetryAfter != 3 {
		t.Fatalf("retry_after %d", apiErr.RetryAfter)
	}
	e.clock.Advance(3 * time.Second)
	e.send(t, rigs.ID, "after waiting", nil)
}

func TestGlobalLimitSpansChats(t *testing.T) {
	e := start(t, simtelegram.Limits{PerChatRate: -1, GlobalRate: 2, GlobalBurst: 2})
	for _, u := range []simtelegram.User{alice, bob} {
		e.srv.AddChat(simtelegram.PrivateChat(u))
		e.send(t, u.ID, "hi", nil)
	}
	e.srv.AddChat(rigs)
	_, err := e.bot.Send(tgbotapi.NewMessage(rigs.ID, "third chat"))
	wantAPIError(t, err, http.StatusTooManyRequests, "Too Many Requests: retry after 1")
}

func TestEditsCountAgainstTheChatLimit(t *testing.T) {
	e := start(t, simtelegram.Limits{PerChatBurst: 1})
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	sent := e.send(t, alice.ID, "Applying flight sheet…", nil)
	_, err := e.bot.Send(tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "Applied to 3 rigs"))
	wantAPIError(t, err, http.StatusTooManyRequests, "Too Many Requests: retry after 1")
}

func TestRefusedRequestsAndFreeMethodsDoNotSpendTheLimit(t *testing.T) {
	e := start(t, simtelegram.Limits{PerChatBurst: 1})
	e.srv.AddChat(simtelegram.PrivateChat(alice))

	bad := tgbotapi.NewMessage(alice.ID, "<blink>")
	bad.ParseMode = tgbotapi.ModeHTML
	if _, err := e.bot.Send(bad); err == nil {
		t.Fatal("bad HTML accepted")
	}
	for i := 0; i < 5; i++ {
		if _, err := e.bot.Request(tgbotapi.NewChatAction(alice.ID, tgbotapi.ChatTyping)); err != nil {
			t.Fatalf("chat action: %v", err)
		}
	}
	e.send(t, alice.ID, "the one message the bucket holds", nil)
}

func TestRateLimitedUploadCarriesRetryAfterButNoCode(t *testing.T) {
	e := start(t, simtelegram.Limits{PerChatBurst: 1})
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	e.send(t, alice.ID, "chart follows", nil)

	_, err := e.bot.Send(tgbotapi.NewPhoto(alice.ID, tgbotapi.FileBytes{Name: "chart.png", Bytes: pngImage(t, 40, 30)}))
	// tgbotapi's upload path leaves Code at 0; the bot must read RetryAfter (the server still answers HTTP 429).
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) || apiErr.Code != 0 || apiErr.RetryAfter != 1 ||
		apiErr.Message != "Too Many Requests: retry after 1" {
		t.Fatalf("got %#v", err)
	}
	calls := e.srv.Calls("sendPhoto")
	if len(calls) != 1 || calls[0].Status != http.StatusTooManyRequests {
		t.Fatalf("calls %+v", calls)
	}
}

func TestSetLimitsCanRelaxAndDisable(t *testing.T) {
	e := start(t, simtelegram.Limits{PerChatBurst: 1})
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	e.send(t, alice.ID, "first", nil)
	if _, err := e.bot.Send(tgbotapi.NewMessage(alice.ID, "second")); err == nil {
		t.Fatal("second message within the second was accepted")
	}
	e.srv.SetLimits(simtelegram.Limits{Disabled: true})
	for i := 0; i < 50; i++ {
		e.send(t, alice.ID, "flood", nil)
	}
}
