package telegram_test

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	simtelegram "pitboss/sim/telegram"
)

func TestButtonPressRoundTrip(t *testing.T) {
	e := start(t, unlimited)
	ctx := testCtx(t)
	e.srv.SendText(alice, simtelegram.PrivateChat(alice), "/withdraw 0.5")
	ups, err := e.bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 {
		t.Fatalf("updates %+v, err %v", ups, err)
	}
	offset := ups[0].UpdateID + 1
	asked := e.send(t, alice.ID, "Withdraw <b>0.5 XMR</b> to 4A…f9?", confirmKeyboard("42"))

	qid, err := e.srv.PressButton(alice, alice.ID, asked.MessageID, "confirm:42")
	if err != nil {
		t.Fatal(err)
	}

	// The bot sees the press with the whole message under it.
	ups, err = e.bot.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Timeout: 10})
	if err != nil || len(ups) != 1 || ups[0].CallbackQuery == nil {
		t.Fatalf("updates %+v, err %v", ups, err)
	}
	cq := ups[0].CallbackQuery
	if cq.ID != qid || cq.Data != "confirm:42" || cq.From.ID != alice.ID || cq.ChatInstance == "" ||
		cq.Message == nil || cq.Message.MessageID != asked.MessageID || cq.Message.Text != "Withdraw 0.5 XMR to 4A…f9?" ||
		cq.Message.ReplyMarkup == nil || *cq.Message.ReplyMarkup.InlineKeyboard[0][1].CallbackData != "cancel:42" {
		t.Fatalf("callback query %+v", cq)
	}

	// It answers, and edits the confirmation in place to show the outcome.
	if _, err := e.bot.Request(tgbotapi.NewCallbackWithAlert(cq.ID, "Withdrawal sent")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.bot.Send(tgbotapi.NewEditMessageText(alice.ID, cq.Message.MessageID, "Withdrawn: 0.5 XMR")); err != nil {
		t.Fatal(err)
	}

	a, err := e.srv.WaitAnswer(ctx, qid)
	if err != nil || a.Text != "Withdrawal sent" || !a.ShowAlert || a.QueryID != qid {
		t.Fatalf("answer %+v, err %v", a, err)
	}
	m, err := e.srv.WaitMessage(ctx, alice.ID, func(m simtelegram.Message) bool { return m.Edits > 0 })
	if err != nil || m.ID != asked.MessageID || m.Plain != "Withdrawn: 0.5 XMR" || m.Keyboard != nil {
		t.Fatalf("edited message %+v, err %v", m, err)
	}
	if _, err := e.srv.PressButton(alice, alice.ID, asked.MessageID, "confirm:42"); err == nil {
		t.Fatal("pressed a button the edit removed")
	}
}

func TestPressButtonRefusesWhatIsNotThere(t *testing.T) {
	e := start(t, unlimited)
	e.srv.AddChat(simtelegram.PrivateChat(alice))
	sent := e.send(t, alice.ID, "Mute rig-7?", confirmKeyboard("7"))
	userMsg := e.srv.SendText(alice, simtelegram.PrivateChat(alice), "hmm")

	for name, press := range map[string]func() error{
		"unknown data": func() error { _, err := e.srv.PressButton(alice, alice.ID, sent.MessageID, "confirm:8"); return err },
		"unknown message": func() error {
			_, err := e.srv.PressButton(alice, alice.ID, sent.MessageID+10, "confirm:7")
			return err
		},
		"a user's message": func() error { _, err := e.srv.PressButton(alice, alice.ID, userMsg, "confirm:7"); return err },
		"unknown chat":     func() error { _, err := e.srv.PressButton(alice, 999, sent.MessageID, "confirm:7"); return err },
	} {
		if press() == nil {
			t.Errorf("%s: press accepted", name)
		}
	}
	if _, err := e.srv.WaitAnswer(testCtx(t), "nope"); err == nil {
		t.Fatal("WaitAnswer on an unknown query did not fail")
	}
}
