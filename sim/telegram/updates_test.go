package telegram_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	simtelegram "pitboss/sim/telegram"
)

type pollResult struct {
	updates []tgbotapi.Update
	err     error
}

// poll runs one getUpdates in the background, as the bot's update loop does.
func poll(bot *tgbotapi.BotAPI, cfg tgbotapi.UpdateConfig) <-chan pollResult {
	ch := make(chan pollResult, 1)
	go func() {
		u, err := bot.GetUpdates(cfg)
		ch <- pollResult{u, err}
	}()
	return ch
}

func receive(t *testing.T, ctx context.Context, ch <-chan pollResult) pollResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-ctx.Done():
		t.Fatal("getUpdates did not return")
		return pollResult{}
	}
}

func TestUpdateSentDuringLongPollIsDelivered(t *testing.T) {
	e := start(t, unlimited)
	ctx := testCtx(t)
	res := poll(e.bot, tgbotapi.UpdateConfig{Timeout: 30})
	if err := e.srv.WaitPoll(ctx); err != nil {
		t.Fatal(err)
	}

	id := e.srv.SendText(alice, simtelegram.PrivateChat(alice), "/status@pitboss_test_bot rig-7")

	r := receive(t, ctx, res)
	if r.err != nil || len(r.updates) != 1 {
		t.Fatalf("got %d updates, err %v", len(r.updates), r.err)
	}
	m := r.updates[0].Message
	if m == nil || m.MessageID != id || m.From.ID != alice.ID || m.From.UserName != "alice" ||
		m.Chat.ID != alice.ID || m.Chat.Type != "private" || m.Chat.FirstName != "Alice" || m.Date != int(day.Unix()) {
		t.Fatalf("message %+v", m)
	}
	if m.Command() != "status" || m.CommandArguments() != "rig-7" {
		t.Fatalf("command %q args %q", m.Command(), m.CommandArguments())
	}
}

func TestConfirmedUpdatesAreNotRedelivered(t *testing.T) {
	e := start(t, unlimited)
	e.srv.SendText(alice, simtelegram.PrivateChat(alice), "one")
	e.srv.SendText(bob, simtelegram.PrivateChat(bob), "two")

	first, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(first) != 2 || first[1].UpdateID != first[0].UpdateID+1 {
		t.Fatalf("first batch %+v, err %v", first, err)
	}
	again, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{Offset: first[1].UpdateID + 1})
	if err != nil || len(again) != 0 {
		t.Fatalf("confirmed updates came back: %+v, err %v", again, err)
	}
	if n := e.srv.Pending(); n != 0 {
		t.Fatalf("%d updates still pending", n)
	}
}

func TestUnconfirmedBatchIsRedelivered(t *testing.T) {
	e := start(t, unlimited)
	for _, text := range []string{"a", "b", "c"} {
		e.srv.SendText(alice, simtelegram.PrivateChat(alice), text)
	}
	batch, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{Limit: 2})
	if err != nil || len(batch) != 2 || batch[0].Message.Text != "a" {
		t.Fatalf("batch %+v, err %v", batch, err)
	}
	// A bot that crashed before confirming gets the same updates again.
	same, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{Limit: 2})
	if err != nil || len(same) != 2 || same[0].UpdateID != batch[0].UpdateID || same[1].UpdateID != batch[1].UpdateID {
		t.Fatalf("redelivery %+v, err %v", same, err)
	}
	// Confirming the first one only moves the window by one.
	next, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{Offset: batch[0].UpdateID + 1})
	if err != nil || len(next) != 2 || next[0].Message.Text != "b" || next[1].Message.Text != "c" {
		t.Fatalf("after confirming one: %+v, err %v", next, err)
	}
}

func TestNegativeOffsetForgetsAllButTheNewest(t *testing.T) {
	e := start(t, unlimited)
	for _, text := range []string{"old", "older", "newest"} {
		e.srv.SendText(alice, simtelegram.PrivateChat(alice), text)
	}
	got, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{Offset: -1})
	if err != nil || len(got) != 1 || got[0].Message.Text != "newest" {
		t.Fatalf("got %+v, err %v", got, err)
	}
	if n := e.srv.Pending(); n != 1 {
		t.Fatalf("pending %d, want 1", n)
	}
}

func TestLongPollEndsWhenTheRequestContextEnds(t *testing.T) {
	e := start(t, unlimited)
	ctx := testCtx(t)
	pollCtx, cancel := context.WithCancel(ctx)
	bot := newBot(t, e.srv, pollCtx)
	res := poll(bot, tgbotapi.UpdateConfig{Timeout: 50})
	if err := e.srv.WaitPoll(ctx); err != nil {
		t.Fatal(err)
	}

	cancel()

	if r := receive(t, ctx, res); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("client side: %v", r.err)
	}
	// The server side ends too: the call is recorded only once its handler returns.
	c, err := e.srv.WaitCall(ctx, "getUpdates", nil)
	if err != nil || c.Status != http.StatusOK || c.Params.Get("timeout") != "50" {
		t.Fatalf("call %+v, err %v", c, err)
	}
}

func TestLongPollTimeoutAnswersAnEmptyList(t *testing.T) {
	e := start(t, unlimited)
	got, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 1})
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("got %#v, err %v", got, err)
	}
}

func TestSecondGetUpdatesTerminatesTheWaitingOneWithConflict(t *testing.T) {
	e := start(t, unlimited)
	ctx := testCtx(t)
	first := poll(e.bot, tgbotapi.UpdateConfig{Timeout: 30})
	if err := e.srv.WaitPoll(ctx); err != nil {
		t.Fatal(err)
	}

	// A second bot instance with the same token.
	other := newBot(t, e.srv, ctx)
	if _, err := other.GetUpdates(tgbotapi.UpdateConfig{}); err != nil {
		t.Fatalf("second request: %v", err)
	}

	r := receive(t, ctx, first)
	wantAPIError(t, r.err, http.StatusConflict,
		"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
}

func TestCloseEndsALongPoll(t *testing.T) {
	e := start(t, unlimited)
	ctx := testCtx(t)
	res := poll(e.bot, tgbotapi.UpdateConfig{Timeout: 50})
	if err := e.srv.WaitPoll(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	r := receive(t, ctx, res)
	if r.err == nil && len(r.updates) != 0 {
		t.Fatalf("closed server delivered %+v", r.updates)
	}
}

func TestAllowedUpdatesFilterUpdatesCreatedAfterwards(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	sent := e.send(t, alice.ID, "Restart rig-7?", confirmKeyboard("9"))
	if _, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"callback_query"}}); err != nil {
		t.Fatal(err)
	}

	e.srv.SendText(alice, simtelegram.PrivateChat(alice), "ignored")
	qid, err := e.srv.PressButton(alice, alice.ID, sent.MessageID, "confirm:9")
	if err != nil {
		t.Fatal(err)
	}

	// tgbotapi sends allowed_updates=null when the bot sets none: that keeps the filter.
	got, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(got) != 1 || got[0].CallbackQuery == nil || got[0].CallbackQuery.ID != qid {
		t.Fatalf("got %+v, err %v", got, err)
	}
}

func TestBlockingTheBotTellsTheBotWithMyChatMember(t *testing.T) {
	e := start(t, unlimited)
	e.srv.SendText(alice, simtelegram.PrivateChat(alice), "/start")
	e.srv.BlockBot(alice.ID)

	got, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(got) != 2 {
		t.Fatalf("got %+v, err %v", got, err)
	}
	mcm := got[1].MyChatMember
	if mcm == nil || mcm.Chat.ID != alice.ID || mcm.From.ID != alice.ID ||
		mcm.OldChatMember.Status != "member" || mcm.NewChatMember.Status != "kicked" ||
		mcm.NewChatMember.User.ID != simtelegram.DefaultBotID {
		t.Fatalf("my_chat_member %+v", mcm)
	}
}
