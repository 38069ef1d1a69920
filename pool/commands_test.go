package pool

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pitboss/apiclients/hiveauth"
	"pitboss/bot/bottest"
	"pitboss/monitor"
	simviabtc "pitboss/sim/viabtc"
)

func TestSourceNamesAreTheMonitors(t *testing.T) {
	if got := (&monitor.ViaBTC{}).Name(); got != source {
		t.Errorf("the monitor calls the ViaBTC source %q, the pool commands look for %q", got, source)
	}
	if got := (&monitor.HiveAuth{}).Name(); got != authSource {
		t.Errorf("the monitor calls the auth source %q, /auth looks for %q", got, authSource)
	}
}

// withAccount is an account with two active BTC workers of 100 TH/s and one inactive, profit for today
// and for yesterday (November 22 in Beijing), and a balance with an address to pay it to.
func withAccount(vb *simviabtc.Sim) {
	vb.AddWorker(simviabtc.WorkerSpec{Name: "s19-01", Coin: "BTC", Hashrate: 100e12})
	vb.AddWorker(simviabtc.WorkerSpec{Name: "s19-02", Coin: "BTC", Hashrate: 100e12})
	vb.AddWorker(simviabtc.WorkerSpec{Name: "s19-03", Coin: "BTC", Hashrate: 100e12, Inactive: true})
	vb.AddWorker(simviabtc.WorkerSpec{Name: "l7-01", Coin: "LTC", Hashrate: 9.5e9})
	vb.SetProfit("BTC", "0.0002", "0", "0")
	vb.AddDay("BTC", simviabtc.Day{Date: "2026-11-21", PPS: "0.00029"})
	vb.AddDay("BTC", simviabtc.Day{Date: "2026-11-22", PPS: "0.00031"})
	vb.SetBalance("BTC", "0.00184233")
	vb.SetWithdrawAddress("BTC", "bc1qpitbosstest000000000000000000000000w5nk4x")
}

func TestPoolShowsThePolledHashrateWithProfitAndBalance(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAccount})
	m := h.SayPrivately(vic, "/pool")
	bottest.MustContain(t, "reply", m.Plain, "ViaBTC · BTC\nHashrate: 200 TH/s (10 min) · 200 TH/s (1 h)", "Workers: 2 active, 1 inactive",
		"Profit: 0.0002 BTC today · 0.00031 BTC yesterday", "Balance: 0.00184233 BTC", "as polled 3m ago")
	if n := len(h.requests(http.MethodGet, "/hashrate")); n != 0 {
		t.Fatalf("%d hashrate calls for a coin the poller has read", n)
	}
	hist := h.requests(http.MethodGet, "/profit/history")
	if len(hist) != 1 {
		t.Fatalf("%d profit history calls", len(hist))
	}
	if q, _ := url.ParseQuery(hist[0].RawQuery); q.Get("start_date") != "2026-11-22" || q.Get("end_date") != "2026-11-22" {
		t.Fatalf("yesterday asked as %v", q)
	}
}

func TestPoolAsksViaBTCForACoinThePollerHasNotRead(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAccount})
	m := h.SayPrivately(vic, "/pool ltc")
	bottest.MustContain(t, "reply", m.Plain, "ViaBTC · LTC\nHashrate: 9.50 GH/s (10 min)", "Workers: 1 active, 0 inactive",
		"Profit: 0 LTC today · none listed yesterday", "Balance: 0 LTC", "Hashrate just asked of ViaBTC")
	if n := len(h.requests(http.MethodGet, "/hashrate")); n != 1 {
		t.Fatalf("%d hashrate calls, want 1", n)
	}
}

func TestCoinsDefaultToTheFirstConfiguredAndUnknownOnesAreRefused(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAccount})
	for cmd, want := range map[string]string{
		"/pool doge":       "“doge” is not a coin pitboss watches on ViaBTC: use BTC, LTC.\nUsage: /pool [coin]",
		"/pool btc ltc":    "Name one coin.\nUsage: /pool [coin]",
		"/workers <x&y>":   "“<x&y>” is not a coin pitboss watches on ViaBTC: use BTC, LTC.\nUsage: /workers [coin]",
		"/payouts XMR":     "“XMR” is not a coin pitboss watches on ViaBTC: use BTC, LTC.\nUsage: /payouts [coin]",
		"/pool_sweep":      "Say which coin: BTC, LTC.\nUsage: /pool_sweep <coin>",
		"/pool_sweep doge": "“doge” is not a coin pitboss watches on ViaBTC",
	} {
		bottest.MustContain(t, cmd, h.SayPrivately(ada, cmd).Plain, want)
	}
	if n := len(h.vb.Recorder.Requests()); n != 0 {
		t.Fatalf("%d requests to ViaBTC for coins that are not configured", n)
	}
}

func TestWorkersPutsInactiveOnesFirstAndPagesInPlace(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: func(vb *simviabtc.Sim) {
		for i := range 44 {
			vb.AddWorker(simviabtc.WorkerSpec{Name: fmt.Sprintf("a-%02d", i), Coin: "BTC", Hashrate: 100e12})
		}
		vb.AddWorker(simviabtc.WorkerSpec{Name: "<b>&_x", Coin: "BTC", Hashrate: 90e12})
		for i := range 5 {
			vb.AddWorker(simviabtc.WorkerSpec{Name: fmt.Sprintf("zz-dead-%d", i), Coin: "BTC", Inactive: true})
		}
		vb.AddWorker(simviabtc.WorkerSpec{Name: "l7-01", Coin: "LTC", Hashrate: 9.5e9})
	}})
	h.clock.Advance(2 * time.Hour)
	first := h.SayPrivately(vic, "/workers")
	bottest.MustContain(t, "page 1", first.Plain, "ViaBTC · BTC workers — 5 inactive, 45 active (page 1 of 3)\n"+
		"🔴 zz-dead-0 — inactive, last share 2h ago\n🔴 zz-dead-1", "🔴 zz-dead-4 — inactive, last share 2h ago\n🟢 <b>&_x — 90.0 TH/s",
		"🟢 a-00 — 100 TH/s · 1 h 100 TH/s · reject 0.00%", "🟢 a-13")
	bottest.MustNotContain(t, "page 1", first.Plain, "a-14", "l7-01")
	if got := bottest.Buttons(first); got != "▶" {
		t.Fatalf("page 1 buttons %q", got)
	}
	h.Press(vic, first, "workers:BTC:1")
	second := h.WaitEdit(vic.ID, first.ID, "page 2 of 3")
	bottest.MustContain(t, "page 2", second.Plain, "a-14", "a-33")
	bottest.MustNotContain(t, "page 2", second.Plain, "zz-dead", "a-13 ", "a-34")
	if got := bottest.Buttons(second); got != "◀ ▶" {
		t.Fatalf("page 2 buttons %q", got)
	}
	h.Press(vic, second, "workers:BTC:2")
	third := h.WaitEdit(vic.ID, first.ID, "page 3 of 3")
	bottest.MustContain(t, "page 3", third.Plain, "a-34", "a-43")
	if got := bottest.Buttons(third); got != "◀" {
		t.Fatalf("page 3 buttons %q", got)
	}
	h.Press(vic, third, "workers:BTC:1")
	h.WaitEdit(vic.ID, first.ID, "page 2 of 3")
	if n := len(h.TG.Messages(vic.ID)); n != 1 {
		t.Fatalf("%d messages: paging should edit the one message", n)
	}
}

func TestPayoutsListTheNewestFirst(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: func(vb *simviabtc.Sim) {
		vb.AddPayment("BTC", "0.0031", "bc1q<odd>&addr", t0.Add(-14*24*time.Hour))
		vb.AddPayment("BTC", "0.0042", "bc1q<odd>&addr", t0.Add(-7*24*time.Hour))
		vb.AddPayment("LTC", "1.5", "ltc1qaddr", t0.Add(-24*time.Hour))
	}})
	m := h.SayPrivately(vic, "/payouts")
	bottest.MustContain(t, "payouts", m.Plain, "ViaBTC · BTC payouts\n2026-11-16 09:00 0.0042 BTC → bc1q<odd>&addr · tx ",
		"\n2026-11-09 09:00 0.0031 BTC → bc1q<odd>&addr")
	bottest.MustNotContain(t, "payouts", m.Plain, "LTC")
	bottest.MustContain(t, "none", h.SayPrivately(vic, "/payouts LTC").Plain, "1.5 LTC")
}

func TestIPWhitelistRefusalIsExplainedAndLogged(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAccount})
	h.vb.SetIPWhitelistFails(true)
	m := h.SayPrivately(vic, "/pool")
	bottest.MustContain(t, "reply", m.Plain, "ViaBTC refuses this host's IP address: add it to the API key's whitelist on ViaBTC.")
	bottest.MustContain(t, "log", h.logs.String(), "viabtc call failed", "code 12004")
}

func TestEveryCommandSaysWhenViaBTCIsNotConfigured(t *testing.T) {
	t.Parallel()
	h := start(t, config{offline: true})
	for _, cmd := range []string{"/pool", "/workers", "/payouts", "/pool_sweep BTC"} {
		bottest.MustContain(t, cmd, h.SayPrivately(ada, cmd).Plain, "ViaBTC is not configured: add its API key and secret key to the config file.")
	}
	bottest.MustContain(t, "/auth", h.SayPrivately(ada, "/auth").Plain, "Hive blockchain auth is not configured")
}

func TestAuthShowsTheTokensHealthFromTheMonitor(t *testing.T) {
	t.Parallel()
	h := start(t, config{offline: true, auth: &hiveauth.Health{
		ValidUntil: t0.Add(45 * time.Minute), RefreshValidUntil: t0.Add(24 * time.Hour),
		LastRefresh: t0.Add(-15 * time.Minute), LastKind: "refreshed",
		LastError: "refresh refused: <html> & co", LastErrorAt: t0.Add(-2 * time.Hour),
	}})
	m := h.SayPrivately(vic, "/auth")
	bottest.MustContain(t, "auth", m.Plain, "Hive blockchain auth\n✅ Token valid until 2026-11-23 09:45 UTC (45m from now)\n"+
		"Refresh token valid until 2026-11-24 09:00 UTC\nLast refresh: 2026-11-23 08:45 UTC, 15m ago (refreshed)\n"+
		"Last error: refresh refused: <html> & co, 2h ago\nChecked 1m ago.")
	h.clock.Advance(time.Hour)
	bottest.MustContain(t, "an hour later", h.SayPrivately(vic, "/auth").Plain, "❌ Token expired at 2026-11-23 09:45 UTC (15m ago)")
}

func TestAuthSaysWhenRenewalsKeepFailing(t *testing.T) {
	t.Parallel()
	h := start(t, config{offline: true, auth: &hiveauth.Health{LastError: "id refused", LastErrorAt: t0.Add(-time.Minute),
		ConsecutiveFailures: 3}})
	bottest.MustContain(t, "auth", h.SayPrivately(vic, "/auth").Plain, "❌ No token yet.\nLast refresh: never\nLast error: id refused, 1m ago\n"+
		"⚠️ 3 renewals in a row got no token.")
	if strings.Contains(h.SayPrivately(vic, "/help").Plain, "/pool_sweep") {
		t.Fatal("a viewer's /help lists /pool_sweep")
	}
}
