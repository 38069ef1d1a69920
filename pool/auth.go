package pool

import (
	"context"
	"fmt"
	"strings"
	"time"

	"pitboss/apiclients/hiveauth"
	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/store"
	"pitboss/units"
)

// authSource is the monitor's name for the Hive blockchain auth source (monitor.HiveAuth.Name).
const authSource = "hiveauth"

// Auth registers /auth: the Hive blockchain auth token's health, as the monitor last saw it. It is its
// own feature, beside Pool rather than in it, because it needs neither the ViaBTC client nor its coins:
// it works whether or not ViaBTC is configured. It asks no API: the poller keeps the token alive.
type Auth struct {
	Sources Sources
	Now     func() time.Time
}

// Register adds /auth.
func (a *Auth) Register(rt *bot.Router) {
	if a.Now == nil {
		a.Now = time.Now
	}
	rt.Command(bot.Command{Name: "auth", Help: "the Hive blockchain auth token: valid until, last refresh, last error",
		Role: store.RoleViewer, Handle: a.auth})
}

func (a *Auth) auth(ctx context.Context, r *bot.Request) error {
	l, ok := a.Sources.Latest(authSource)
	switch {
	case !ok:
		return bot.UserErrorf("Hive blockchain auth is not configured: add its id and secret key to the config file.")
	case l.Observation == nil:
		return bot.UserErrorf("The Hive blockchain auth token has not been checked yet; try again in a moment.")
	}
	h, ok := l.Observation.Detail.(hiveauth.Health)
	if !ok {
		return fmt.Errorf("the hiveauth observation holds %T, not a hiveauth.Health", l.Observation.Detail)
	}
	return r.Reply(ctx, healthText(h, l, a.Now()))
}

// healthText is the token's state. Health holds no token or secret, and its LastError is redacted.
func healthText(h hiveauth.Health, l monitor.Latest, now time.Time) string {
	var sb strings.Builder
	sb.WriteString("<b>Hive blockchain auth</b>\n")
	switch {
	case h.ValidUntil.IsZero():
		sb.WriteString("❌ No token yet.\n")
	case now.Before(h.ValidUntil):
		fmt.Fprintf(&sb, "✅ Token valid until %s (%s from now)\n", utc(h.ValidUntil), units.FormatDuration(h.ValidUntil.Sub(now)))
	default:
		fmt.Fprintf(&sb, "❌ Token expired at %s (%s ago)\n", utc(h.ValidUntil), units.FormatDuration(now.Sub(h.ValidUntil)))
	}
	if !h.RefreshValidUntil.IsZero() {
		fmt.Fprintf(&sb, "Refresh token valid until %s\n", utc(h.RefreshValidUntil))
	}
	if h.LastRefresh.IsZero() {
		sb.WriteString("Last refresh: never\n")
	} else {
		fmt.Fprintf(&sb, "Last refresh: %s, %s ago (%s)\n", utc(h.LastRefresh), units.FormatDuration(now.Sub(h.LastRefresh)),
			bot.Escape(h.LastKind))
	}
	if h.LastError == "" {
		sb.WriteString("Last error: none\n")
	} else {
		fmt.Fprintf(&sb, "Last error: %s, %s ago\n", bot.Escape(bot.Shorten(h.LastError, 300)), units.FormatDuration(now.Sub(h.LastErrorAt)))
	}
	if h.ConsecutiveFailures > 0 {
		fmt.Fprintf(&sb, "⚠️ %d renewal%s in a row got no token.\n", h.ConsecutiveFailures, plural(h.ConsecutiveFailures, "", "s"))
	}
	fmt.Fprintf(&sb, "<i>Checked %s ago.</i>", units.FormatDuration(now.Sub(l.At)))
	return sb.String()
}
