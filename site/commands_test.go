package site

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"pitboss/bot/bottest"
	"pitboss/monitor"
	simcoinhive "pitboss/sim/coinhive"
)

func TestSourceIsTheMonitorsCoinhiveSource(t *testing.T) {
	if name := (&monitor.Coinhive{}).Name(); name != source {
		t.Fatalf("the monitor calls the Coinhive source %q, the site commands look for %q", name, source)
	}
}

func TestCoinhiveShowsTheLatestPollWithItsAgeAndThePayoutRate(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: func(ch *simcoinhive.Sim) { ch.SetHashrate(2400) }})
	m := h.SayPrivately(vic, "/coinhive")
	bottest.MustContain(t, "reply", m.Plain, "Coinhive — test <site> & co (data 3m old)", "Hashrate: 2.40 kH/s",
		"Payout: 0.000071 XMR per million hashes (about $0.0086), 85% of the block reward", "XMR: $120.50")
	if n := len(h.requests("/stats/site")); n != 0 {
		t.Fatalf("%d calls for site stats the poller has", n)
	}
	if len(h.TG.Calls("sendChatAction")) == 0 {
		t.Fatal("no typing while Coinhive was asked for the payout rate")
	}
}

func TestBalanceEscapesNamesAndExplainsUnknownUsers(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: func(ch *simcoinhive.Sim) { ch.AddUser("<b>&_x", 5_000, 1_000) }})
	bottest.MustContain(t, "balance", h.SayPrivately(vic, "/ch_balance <b>&_x").Plain, "<b>&_x\nBalance: 4,000 hashes\nMined: 5,000 · withdrawn: 1,000")
	bottest.MustContain(t, "unknown user", h.SayPrivately(vic, "/ch_balance nobody").Plain,
		"Coinhive does not know the user “nobody”: they have never mined on the site.")
	bottest.MustContain(t, "no name", h.SayPrivately(vic, "/ch_balance").Plain, "Say which user.\nUsage: /ch_balance <name>")
}

func TestTopRanksByTheChosenOrder(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: func(ch *simcoinhive.Sim) {
		ch.AddUser("ann", 10_000, 9_000) // balance 1,000
		ch.AddUser("bob", 5_000, 0)      // balance 5,000
		ch.AddUser("cat", 7_000, 1_000)  // balance 6,000
	}})
	m := h.SayPrivately(vic, "/ch_top balance 2")
	bottest.MustContain(t, "top", m.Plain, "Top 2 Coinhive users by balance\n1. cat — total 7,000 · balance 6,000 · withdrawn 1,000\n2. bob —")
	bottest.MustNotContain(t, "top", m.Plain, "ann")
	bottest.MustContain(t, "default", h.SayPrivately(vic, "/ch_top").Plain, "Top 3 Coinhive users by total\n1. ann")
	last, _ := h.ch.Recorder.Last()
	if q, _ := url.ParseQuery(last.RawQuery); q.Get("count") != "10" || q.Get("order") != "total" {
		t.Fatalf("/ch_top asked for %v, want the default count 10 by total", q)
	}
	for args, want := range map[string]string{
		"0":         "The count must be 1 to 100, not “0”.",
		"101":       "The count must be 1 to 100, not “101”.",
		"5 richest": "Order by total, balance or withdrawn, not “richest”.",
		"5 5":       "Give the count once.",
		"1 2 3":     "Too many words.",
	} {
		bottest.MustContain(t, "/ch_top "+args, h.SayPrivately(vic, "/ch_top "+args).Plain, want, "Usage: /ch_top [count] [total|balance|withdrawn]")
	}
}

// withUsers is a site with n users who have mined, named user000 on, and one whose name needs escaping.
func withUsers(n int) func(ch *simcoinhive.Sim) {
	return func(ch *simcoinhive.Sim) {
		for i := range n - 1 {
			ch.AddUser(fmt.Sprintf("user%03d", i), int64(1000+i), 0)
		}
		ch.AddUser("zz <top> & _bottom_", 1, 0)
		ch.AddUser("grace", 0, 0) // never mined: not listed
	}
}

func TestUsersPagesOverNextPageInPlace(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withUsers(70)})
	first := h.SayPrivately(vic, "/ch_users")
	bottest.MustContain(t, "page 1", first.Plain, "Coinhive users — page 1\n• user000 — ", "• user031 — ")
	bottest.MustNotContain(t, "page 1", first.Plain, "user032", "grace")
	if got := bottest.Buttons(first); got != "▶" {
		t.Fatalf("page 1 buttons %q", got)
	}
	h.Press(vic, first, bottest.ButtonData(first, ":1"))
	second := h.WaitEdit(vic.ID, first.ID, "page 2")
	bottest.MustContain(t, "page 2", second.Plain, "• user032 — ", "• user063 — ")
	if got := bottest.Buttons(second); got != "◀ ▶" {
		t.Fatalf("page 2 buttons %q", got)
	}
	h.Press(vic, second, bottest.ButtonData(second, ":2"))
	third := h.WaitEdit(vic.ID, first.ID, "page 3")
	bottest.MustContain(t, "page 3", third.Plain, "• user064 — ", "• zz <top> & _bottom_ — ", "That is everyone.")
	if got := bottest.Buttons(third); got != "◀" {
		t.Fatalf("page 3 buttons %q", got)
	}
	h.Press(vic, third, bottest.ButtonData(third, ":1"))
	h.WaitEdit(vic.ID, first.ID, "page 2")
	pages := map[string]bool{}
	for _, r := range h.requests("/user/list") {
		q, _ := url.ParseQuery(r.RawQuery)
		pages[q.Get("page")] = true
	}
	if len(pages) != 3 || !pages[""] {
		t.Fatalf("the pages asked for: %v; want the first and two nextPage tokens", pages)
	}
	if n := len(h.TG.Messages(vic.ID)); n != 1 {
		t.Fatalf("%d messages: paging should edit the one message", n)
	}
}

func TestUsersButtonsExpireAfterAnHourUnused(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withUsers(40)})
	first := h.SayPrivately(vic, "/ch_users")
	h.clock.Advance(pagesTTL + time.Minute)
	bottest.MustContain(t, "answer", h.Press(vic, first, bottest.ButtonData(first, ":1")).Text, "This list has expired: run /ch_users again.")
}

func TestHistoryShowsTheHoursAsked(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: func(ch *simcoinhive.Sim) { ch.SetHashrate(1000) }})
	h.clock.Advance(4 * time.Hour)
	m := h.SayPrivately(vic, "/ch_history 3")
	bottest.MustContain(t, "history", m.Plain, "Coinhive, the last 3 hours (UTC)\nAverage 1.00 kH/s, peak 1.00 kH/s at Nov 23 10:00", "Mined: 10,800,000 hashes", "Nov 23 13:00 1.00 kH/s")
	bottest.MustContain(t, "default", h.SayPrivately(vic, "/ch_history").Plain, "the last 24 hours")
	for _, args := range []string{"0", "169", "soon", "-1"} {
		bottest.MustContain(t, "/ch_history "+args, h.SayPrivately(vic, "/ch_history "+args).Plain,
			"The hours must be a whole number from 1 to 168", "Usage: /ch_history [hours]")
	}
}

func TestEveryCommandSaysWhenCoinhiveIsNotConfigured(t *testing.T) {
	t.Parallel()
	h := start(t, config{offline: true})
	for _, cmd := range []string{"/coinhive", "/ch_balance alice", "/ch_top", "/ch_users", "/ch_history",
		"/ch_withdraw alice 5", "/ch_reset alice", "/ch_resetall", "/ch_link https://example.com 5", "/ch_verify abc 5"} {
		bottest.MustContain(t, cmd, h.SayPrivately(ada, cmd).Plain, "Coinhive is not configured: add its secret to the config file.")
	}
}
