package site

import (
	"strings"
	"testing"

	"pitboss/bot/bottest"
	simcoinhive "pitboss/sim/coinhive"
)

// withAlice is a site where alice has mined 3,000,000 hashes and withdrawn 1,000,000 of them.
func withAlice(ch *simcoinhive.Sim) { ch.AddUser("alice", 3_000_000, 1_000_000) }

func TestWithdrawPreviewShowsTheBalanceBeforeAndAfterAndCallsNothingYet(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAlice})
	preview := h.SayPrivately(ada, "/ch_withdraw alice 1.5M")
	bottest.MustContain(t, "preview", preview.Plain, "Withdraw from Coinhive", "User: alice", "Amount: 1,500,000 hashes",
		"Balance: 2,000,000 → 500,000 hashes", "Confirm within 5 minutes.")
	if bottest.ConfirmData(preview) == "" {
		t.Fatalf("no Confirm button: %+v", preview.Keyboard)
	}
	if n := len(h.requests("/user/withdraw")); n != 0 {
		t.Fatalf("%d withdrawals before the confirmation", n)
	}
}

func TestWithdrawConfirmedTwiceAtOnceRunsOnce(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAlice})
	preview := h.SayPrivately(ada, "/ch_withdraw alice 1500000")
	h.PressAtOnce(preview, bottest.ConfirmData(preview), ada, ada)
	done := h.WaitEdit(ada.ID, preview.ID, "Done")
	bottest.MustContain(t, "outcome", done.Plain, "✅ Done: Withdrew 1,500,000 hashes from alice.")
	h.assertWithdrawnOnce(1_500_000)
	if action, result := h.auditResult(); action != "ch_withdraw" || !strings.HasPrefix(result, "done") {
		t.Fatalf("audit: %s %q", action, result)
	}
}

func TestWithdrawConfirmedByTwoAdminsRunsOnce(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAlice})
	preview := h.Say(ada, room, "/ch_withdraw alice 2000000")
	h.PressAtOnce(preview, bottest.ConfirmData(preview), ada, otto, otto, ada)
	h.WaitEdit(room.ID, preview.ID, "Done")
	h.assertWithdrawnOnce(2_000_000)
}

// assertWithdrawnOnce checks that Coinhive got exactly one withdrawal, of amount, from alice.
func (h *harness) assertWithdrawnOnce(amount int64) {
	h.t.Helper()
	reqs := h.requests("/user/withdraw")
	if len(reqs) != 1 {
		h.t.Fatalf("%d withdrawal requests, want 1", len(reqs))
	}
	if u, _ := h.ch.User("alice"); u.Withdrawn != 1_000_000+amount {
		h.t.Fatalf("alice after the withdrawal: %+v", u)
	}
}

func TestWithdrawRefusesWhatCannotBeWithdrawnBeforeWithdrawing(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAlice})
	for _, tc := range []struct {
		args string
		want string
		// asks says whether Coinhive may be asked anything: the balance, to check the amount against it.
		asks bool
	}{
		{"alice 2000001", "“alice” has only 2,000,000 hashes to withdraw, not 2,000,001.", true},
		{"alice 0", "The number of hashes must be more than zero, not “0”.", false},
		{"alice -5", "The number of hashes must be more than zero, not “-5”.", false},
		{"alice lots", "“lots” is not a number of hashes.\nUsage: /ch_withdraw <name> <amount>", false},
		{"alice 1.5", "“1.5” is not a whole number of hashes.", false},
		{"alice", "Say whose hashes to withdraw, and how many.", false},
		{"", "Say whose hashes to withdraw, and how many.", false},
		{"mallory 5", "Coinhive does not know the user “mallory”", true},
	} {
		t.Run(tc.args, func(t *testing.T) {
			h.ch.Recorder.Reset()
			m := h.SayPrivately(ada, strings.TrimSpace("/ch_withdraw "+tc.args))
			bottest.MustContain(t, "reply", m.Plain, tc.want)
			if len(m.Keyboard) != 0 {
				t.Fatalf("a refusal with buttons: %+v", m.Keyboard)
			}
			if n := len(h.requests("/user/withdraw")); n != 0 {
				t.Fatalf("%d withdrawal requests", n)
			}
			if n := len(h.ch.Recorder.Requests()); !tc.asks && n != 0 {
				t.Fatalf("%d requests to Coinhive for input that is wrong on its face", n)
			}
		})
	}
	if u, _ := h.ch.User("alice"); u.Balance != 2_000_000 {
		t.Fatalf("alice: %+v", u)
	}
}

func TestWithdrawWhoseAnswerIsLostIsReportedUnknownAndNotRetried(t *testing.T) {
	t.Parallel()
	for name, fault := range map[string]func(ch *simcoinhive.Sim){
		"connection dropped": func(ch *simcoinhive.Sim) { ch.Faults.Drop(1) },
		"answer cut off":     func(ch *simcoinhive.Sim) { ch.Faults.Malform(1) },
	} {
		t.Run(name, func(t *testing.T) {
			h := start(t, config{setup: withAlice})
			preview := h.SayPrivately(ada, "/ch_withdraw alice 1000")
			fault(h.ch)
			h.Press(ada, preview, bottest.ConfirmData(preview))
			m := h.WaitEdit(ada.ID, preview.ID, "Outcome unknown")
			bottest.MustContain(t, "outcome", m.Plain, "Check before retrying")
			if len(m.Keyboard) != 0 {
				t.Fatalf("the outcome still has buttons: %+v", m.Keyboard)
			}
			if n := len(h.requests("/user/withdraw")); n != 1 {
				t.Fatalf("%d withdrawal requests, want exactly 1", n)
			}
			if action, result := h.auditResult(); action != "ch_withdraw" || !strings.HasPrefix(result, "unknown") {
				t.Fatalf("audit: %s %q", action, result)
			}
		})
	}
}

func TestWithdrawOverTheBalanceAtConfirmationIsExplained(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAlice})
	preview := h.SayPrivately(ada, "/ch_withdraw alice 1500000")
	h.ch.AddUser("alice", 3_000_000, 2_000_000) // someone withdrew meanwhile
	h.Press(ada, preview, bottest.ConfirmData(preview))
	m := h.WaitEdit(ada.ID, preview.ID, "Failed")
	bottest.MustContain(t, "outcome", m.Plain, "does not have that many hashes", "nothing was withdrawn")
}

func TestViewersAndStrangersCannotWithdraw(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAlice})
	preview := h.Say(ada, room, "/ch_withdraw alice 1000")
	data := bottest.ConfirmData(preview)
	bottest.MustContain(t, "viewer's tap", h.Press(vic, preview, data).Text, "only admins can use the buttons")
	bottest.MustContain(t, "stranger's tap", h.Press(eve, preview, data).Text, "Not authorised")
	bottest.MustContain(t, "viewer's command", h.SayPrivately(vic, "/ch_withdraw alice 1000").Plain, "Only admins can use /ch_withdraw.")
	if n := len(h.requests("/user/withdraw")); n != 0 {
		t.Fatalf("%d withdrawal requests", n)
	}
	// The admin can still go ahead: the refused taps did not use the action up.
	h.Press(ada, preview, data)
	h.WaitEdit(room.ID, preview.ID, "Done")
}

func TestCancelledWithdrawalSendsNothing(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAlice})
	preview := h.SayPrivately(ada, "/ch_withdraw alice 1000")
	h.Press(ada, preview, bottest.ButtonData(preview, ":no"))
	h.WaitEdit(ada.ID, preview.ID, "Cancelled by Ada")
	if _, err := h.TG.PressButton(ada, preview.ChatID, preview.ID, bottest.ConfirmData(preview)); err == nil {
		t.Fatal("the cancelled preview still has its Confirm button")
	}
	if n := len(h.requests("/user/withdraw")); n != 0 {
		t.Fatalf("%d withdrawal requests", n)
	}
}
