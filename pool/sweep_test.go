package pool

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"pitboss/bot/bottest"
	simviabtc "pitboss/sim/viabtc"
)

func TestSweepPreviewShowsTheBalanceAndConfirmSettlesItOnce(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAccount})
	preview := h.Say(ada, room, "/pool_sweep btc")
	bottest.MustContain(t, "preview", preview.Plain, "Settle the ViaBTC BTC balance\nAmount: 0.00184233 BTC (the balance now)\n"+
		"To: bc1qpitbosstest000000000000000000000000w5nk4x", "Confirm within 5 minutes.")
	if n := len(h.requests(http.MethodPost, "/wallet/sweep")); n != 0 {
		t.Fatalf("%d sweeps before the confirmation", n)
	}
	h.PressAtOnce(preview, bottest.ConfirmData(preview), ada, otto, ada, otto)
	done := h.WaitEdit(room.ID, preview.ID, "Done")
	bottest.MustContain(t, "outcome", done.Plain, "✅ Done: ViaBTC settled 0.00184233 BTC.")
	if n := len(h.requests(http.MethodPost, "/wallet/sweep")); n != 1 {
		t.Fatalf("%d sweep requests, want 1", n)
	}
	if b := h.vb.Balance("BTC"); b != "0" {
		t.Fatalf("balance after the sweep %q", b)
	}
	if pays := h.vb.Payments("BTC"); len(pays) != 1 || pays[0].Amount != "0.00184233" {
		t.Fatalf("payments after the sweep: %+v", pays)
	}
	es, err := h.st.AuditLog(context.Background(), 1)
	if err != nil || len(es) != 1 || es[0].Action != "pool_sweep" || !strings.Contains(es[0].Params, `"balance_shown":"0.00184233"`) {
		t.Fatalf("audit %+v %v", es, err)
	}
}

func TestSweepIsRefusedWithNothingToSettleOrNowhereToPay(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: func(vb *simviabtc.Sim) {
		withAccount(vb)
		vb.SetBalance("BTC", "0")
		vb.SetBalance("LTC", "0.4129") // and no LTC withdraw address
	}})
	for cmd, want := range map[string]string{
		"/pool_sweep BTC": "Nothing to settle: the ViaBTC BTC balance is 0 BTC.",
		"/pool_sweep LTC": "ViaBTC has no withdraw address for LTC, so it would refuse to settle",
	} {
		m := h.SayPrivately(ada, cmd)
		bottest.MustContain(t, cmd, m.Plain, want)
		if len(m.Keyboard) != 0 {
			t.Fatalf("%s: buttons %+v", cmd, m.Keyboard)
		}
	}
	if n := len(h.requests(http.MethodPost, "/wallet/sweep")); n != 0 {
		t.Fatalf("%d sweep requests", n)
	}
}

func TestSweepWhoseAnswerIsLostIsReportedUnknownAndNotRetried(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAccount})
	preview := h.SayPrivately(ada, "/pool_sweep BTC")
	h.vb.Faults.Drop(1) // the request arrives, the answer never does
	h.Press(ada, preview, bottest.ConfirmData(preview))
	m := h.WaitEdit(ada.ID, preview.ID, "Outcome unknown")
	bottest.MustContain(t, "outcome", m.Plain, "Check before retrying")
	if n := len(h.requests(http.MethodPost, "/wallet/sweep")); n != 1 {
		t.Fatalf("%d sweep requests, want exactly 1", n)
	}
}

func TestViewersCannotSweep(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAccount})
	bottest.MustContain(t, "viewer's command", h.SayPrivately(vic, "/pool_sweep BTC").Plain, "Only admins can use /pool_sweep.")
	preview := h.Say(ada, room, "/pool_sweep BTC")
	bottest.MustContain(t, "viewer's tap", h.Press(vic, preview, bottest.ConfirmData(preview)).Text, "only admins can use the buttons")
	if n := len(h.requests(http.MethodPost, "/wallet/sweep")); n != 0 {
		t.Fatalf("%d sweep requests", n)
	}
	if b := h.vb.Balance("BTC"); b != "0.00184233" {
		t.Fatalf("balance %q", b)
	}
}
