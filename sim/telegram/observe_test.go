package telegram_test

import (
	"errors"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	simtelegram "pitboss/sim/telegram"
)

func TestSubscribeReportsWhatTheBotDoes(t *testing.T) {
	e := start(t, unlimited)
	events, unsubscribe := e.srv.Subscribe(16)
	defer unsubscribe()
	e.srv.AddChat(simtelegram.PrivateChat(alice))

	if _, err := e.bot.Request(tgbotapi.NewChatAction(alice.ID, tgbotapi.ChatTyping)); err != nil {
		t.Fatal(err)
	}
	sent := e.send(t, alice.ID, "Apply flight sheet?", confirmKeyboard("1"))
	qid, err := e.srv.PressButton(alice, alice.ID, sent.MessageID, "confirm:1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.bot.Request(tgbotapi.NewCallback(qid, "Applying")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.bot.Send(tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "Applied")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.bot.Request(tgbotapi.NewDeleteMessage(alice.ID, sent.MessageID)); err != nil {
		t.Fatal(err)
	}

	want := []simtelegram.EventKind{simtelegram.EventChatAction, simtelegram.EventSent, simtelegram.EventAnswered,
		simtelegram.EventEdited, simtelegram.EventDeleted}
	ctx := testCtx(t)
	for i, kind := range want {
		var ev simtelegram.Event
		select {
		case ev = <-events:
		case <-ctx.Done():
			t.Fatalf("event %d (%v) never came", i, kind)
		}
		if ev.Kind != kind || ev.ChatID != alice.ID || !ev.At.Equal(day) {
			t.Fatalf("event %d: %+v, want %v", i, ev, kind)
		}
		switch kind {
		case simtelegram.EventChatAction:
			if ev.Action != "typing" {
				t.Fatalf("action %q", ev.Action)
			}
		case simtelegram.EventAnswered:
			if ev.Answer.QueryID != qid || ev.Answer.Text != "Applying" {
				t.Fatalf("answer %+v", ev.Answer)
			}
		case simtelegram.EventEdited:
			if ev.Message.Plain != "Applied" || ev.Message.Edits != 1 {
				t.Fatalf("edited %+v", ev.Message)
			}
		case simtelegram.EventDeleted:
			if !ev.Message.Deleted || ev.Message.ID != sent.MessageID {
				t.Fatalf("deleted %+v", ev.Message)
			}
		}
	}
}

func TestSlowSubscriberLosesEventsInsteadOfBlockingTheServer(t *testing.T) {
	e := start(t, unlimited)
	events, unsubscribe := e.srv.Subscribe(1)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	for i := 0; i < 3; i++ {
		e.send(t, alice.ID, "alert", nil)
	}
	if n := e.srv.DroppedEvents(); n != 2 {
		t.Fatalf("dropped %d, want 2", n)
	}
	unsubscribe()
	if ev, ok := <-events; !ok || ev.Kind != simtelegram.EventSent {
		t.Fatalf("buffered event %+v, ok %v", ev, ok)
	}
	if _, ok := <-events; ok {
		t.Fatal("channel still open after unsubscribe")
	}
	unsubscribe() // a second call is harmless
}

func TestCloseEndsSubscriptionsAndWaits(t *testing.T) {
	e := start(t, unlimited)
	events, _ := e.srv.Subscribe(0)
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-events; ok {
		t.Fatal("subscription open after Close")
	}
	if _, err := e.srv.WaitMessage(testCtx(t), alice.ID, nil); !errors.Is(err, simtelegram.ErrClosed) {
		t.Fatalf("WaitMessage after Close: %v", err)
	}
}
