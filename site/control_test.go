package site

import (
	"net/url"
	"strings"
	"testing"

	"pitboss/bot/bottest"
	simcoinhive "pitboss/sim/coinhive"
)

func TestResetAllPreviewCountsTheUsersItAffects(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withUsers(70)})
	preview := h.SayPrivately(ada, "/ch_resetall")
	bottest.MustContain(t, "preview", preview.Plain, "Reset every Coinhive user\nThis affects 70 users", "the 71,347 hashes they have left")
	if n := len(h.requests("/user/reset-all")); n != 0 {
		t.Fatalf("%d resets before the confirmation", n)
	}
	h.Press(ada, preview, bottest.ConfirmData(preview))
	done := h.WaitEdit(ada.ID, preview.ID, "Done")
	bottest.MustContain(t, "outcome", done.Plain, "Every user's hashes were reset: Coinhive says 70 users were affected.")
	if u, _ := h.ch.User("user007"); u.Total != 0 {
		t.Fatalf("user007 after the reset: %+v", u)
	}
	if n := len(h.requests("/user/reset-all")); n != 1 {
		t.Fatalf("%d reset-all requests", n)
	}
	bottest.MustContain(t, "with a name", h.SayPrivately(ada, "/ch_resetall alice").Plain, "/ch_resetall takes no name")
}

func TestResetAllWithNobodyToResetProposesNothing(t *testing.T) {
	t.Parallel()
	h := start(t, config{})
	m := h.SayPrivately(ada, "/ch_resetall")
	bottest.MustContain(t, "reply", m.Plain, "No Coinhive user has any hashes: there is nothing to reset.")
	if len(m.Keyboard) != 0 {
		t.Fatalf("buttons: %+v", m.Keyboard)
	}
}

func TestResetShowsWhatTheUserLosesAndRefusesUnknownNames(t *testing.T) {
	t.Parallel()
	h := start(t, config{setup: withAlice})
	preview := h.SayPrivately(ada, "/ch_reset alice")
	bottest.MustContain(t, "preview", preview.Plain, "User: alice\nMined 3,000,000 → 0 · withdrawn 1,000,000 → 0\nTheir 2,000,000 hashes")
	h.Press(ada, preview, bottest.ConfirmData(preview))
	bottest.MustContain(t, "outcome", h.WaitEdit(ada.ID, preview.ID, "Done").Plain, "alice now has no hashes.")
	if u, _ := h.ch.User("alice"); u.Total != 0 || u.Withdrawn != 0 {
		t.Fatalf("alice after the reset: %+v", u)
	}
	// Coinhive would answer success for a name it does not know; pitboss refuses it instead.
	bottest.MustContain(t, "unknown", h.SayPrivately(ada, "/ch_reset alcie").Plain, "Coinhive does not know the user “alcie”")
	bottest.MustContain(t, "no name", h.SayPrivately(ada, "/ch_reset").Plain, "Say which user.\nUsage: /ch_reset <name>")
	if n := len(h.requests("/user/reset")); n != 1 {
		t.Fatalf("%d reset requests", n)
	}
}

func TestLinkTakesOnlyWebURLs(t *testing.T) {
	t.Parallel()
	h := start(t, config{})
	for args, want := range map[string]string{
		"ftp://x 100":                 "“ftp://x” is not an http:// or https:// URL",
		"javascript:alert(1) 100":     "is not an http:// or https:// URL",
		"https:///nohost 100":         "is not an http:// or https:// URL",
		"https://example.com":         "Give a URL and a number of hashes.",
		"https://example.com lots":    "“lots” is not a number of hashes.",
		"https://example.com 0":       "must be more than zero",
		"https://example.com 256 512": "Give a URL and a number of hashes.",
	} {
		m := h.SayPrivately(ada, "/ch_link "+args)
		bottest.MustContain(t, "/ch_link "+args, m.Plain, want)
		if len(m.Keyboard) != 0 {
			t.Fatalf("/ch_link %s: buttons %+v", args, m.Keyboard)
		}
	}
	if n := len(h.ch.Recorder.Requests()); n != 0 {
		t.Fatalf("%d requests to Coinhive", n)
	}
}

func TestLinkIsMadeOnceConfirmed(t *testing.T) {
	t.Parallel()
	h := start(t, config{})
	target := "https://example.com/get?file=a&b=<c>"
	preview := h.SayPrivately(ada, "/ch_link "+target+" 1k")
	bottest.MustContain(t, "preview", preview.Plain, "To: "+target+"\nVisitors solve 1,000 hashes")
	h.Press(ada, preview, bottest.ConfirmData(preview))
	done := h.WaitEdit(ada.ID, preview.ID, "Done")
	_, short, _ := strings.Cut(done.Plain, "The shortlink is ")
	l, ok := h.ch.Link(strings.TrimSpace(short))
	if !ok || l.Target != target || l.Hashes != 1000 {
		t.Fatalf("the shortlink %q: %+v %v", short, l, ok)
	}
	reqs := h.requests("/link/create")
	if len(reqs) != 1 {
		t.Fatalf("%d link requests", len(reqs))
	}
	if form, _ := url.ParseQuery(string(reqs[0].Body)); form.Get("url") != target {
		t.Fatalf("sent url %q", form.Get("url"))
	}
}

func TestVerifyUsesTheTokenUpOnce(t *testing.T) {
	t.Parallel()
	var token string
	h := start(t, config{setup: func(ch *simcoinhive.Sim) { token = ch.AddToken("", 512) }})
	preview := h.SayPrivately(ada, "/ch_verify "+token+" 256")
	bottest.MustContain(t, "preview", preview.Plain, "Token: "+token, "at least 256 hashes", "Verifying uses the token up")
	if n := len(h.requests("/token/verify")); n != 0 {
		t.Fatalf("%d verifications before the confirmation", n)
	}
	h.Press(ada, preview, bottest.ConfirmData(preview))
	bottest.MustContain(t, "outcome", h.WaitEdit(ada.ID, preview.ID, "Done").Plain, "The token is good: it reached 512 hashes, and was made at 2026-11-23 09:00 UTC.")

	again := h.SayPrivately(ada, "/ch_verify "+token+" 256")
	h.Press(ada, again, bottest.ConfirmData(again))
	bottest.MustContain(t, "second outcome", h.WaitEdit(ada.ID, again.ID, "Failed").Plain, "Coinhive says the token is not valid")
	if n := len(h.requests("/token/verify")); n != 2 {
		t.Fatalf("%d verifications, want one per confirmation", n)
	}
	bottest.MustContain(t, "bad input", h.SayPrivately(ada, "/ch_verify "+token).Plain, "Give the token and the number of hashes")
}
