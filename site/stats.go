package site

import (
	"context"
	"fmt"
	"strings"
	"time"

	"pitboss/apiclients/coinhive"
	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/units"
)

// stats is /coinhive: the site's figures from the poller's latest observation (no API call for what the
// poller reads), with their age, and the payout rate, which only the API knows.
func (s *Site) stats(ctx context.Context, r *bot.Request) error {
	if s.Client == nil {
		return errNoCoinhive
	}
	site, l, err := s.latestSite()
	if err != nil {
		return err
	}
	var sb strings.Builder
	writeSite(&sb, site, l, s.Now())
	_ = r.Typing(ctx)
	p, err := s.Client.PayoutStats(ctx)
	if err != nil {
		s.Log.Warn("coinhive call failed", "call", "payout stats", "error", err)
		sb.WriteString("Payout rate: Coinhive did not say (the details are in the log).\n")
	} else {
		writePayout(&sb, p)
	}
	return r.Reply(ctx, sb.String())
}

// latestSite is the site as the poller last read it; its error, for the user, says why there is none.
func (s *Site) latestSite() (coinhive.Site, monitor.Latest, error) {
	l, ok := s.Sources.Latest(source)
	switch {
	case !ok:
		return coinhive.Site{}, l, errNoCoinhive
	case l.Observation == nil && l.Failures > 0:
		return coinhive.Site{}, l, bot.UserErrorf("Coinhive has not answered yet (%d failed poll%s); /sources says more.",
			l.Failures, plural(int64(l.Failures), "", "s"))
	case l.Observation == nil:
		return coinhive.Site{}, l, bot.UserErrorf("Coinhive has not been polled yet; try again in a moment.")
	}
	site, ok := l.Observation.Detail.(coinhive.Site)
	if !ok {
		return coinhive.Site{}, l, fmt.Errorf("the coinhive observation holds %T, not a coinhive.Site", l.Observation.Detail)
	}
	return site, l, nil
}

func writeSite(sb *strings.Builder, site coinhive.Site, l monitor.Latest, now time.Time) {
	title := "the site"
	if site.Name != "" {
		title = bot.Escape(site.Name)
	}
	fmt.Fprintf(sb, "<b>Coinhive — %s</b> (data %s old)\n", title, units.FormatDuration(now.Sub(l.At)))
	if l.Failures > 0 {
		fmt.Fprintf(sb, "⚠️ The last %d poll%s failed: these figures are the last Coinhive gave.\n", l.Failures,
			plural(int64(l.Failures), "", "s"))
	}
	fmt.Fprintf(sb, "Hashrate: %s\n", units.FormatHashrate(site.HashesPerSecond))
	fmt.Fprintf(sb, "Hashes mined: %s\n", count(site.HashesTotal))
	fmt.Fprintf(sb, "XMR pending: %s · paid: %s\n", xmr(site.XMRPending), xmr(site.XMRPaid))
}

func writePayout(sb *strings.Builder, p coinhive.Payout) {
	fmt.Fprintf(sb, "Payout: %s XMR per million hashes", xmr(p.PayoutPer1MHashes))
	if p.XMRToUSD > 0 {
		fmt.Fprintf(sb, " (about $%.4f)", p.PayoutPer1MHashes*p.XMRToUSD)
	}
	if p.PayoutPercentage > 0 {
		fmt.Fprintf(sb, ", %g%% of the block reward", p.PayoutPercentage) // a percentage: 85
	}
	sb.WriteString("\n")
	if p.XMRToUSD > 0 {
		fmt.Fprintf(sb, "XMR: $%.2f\n", p.XMRToUSD)
	}
}

// history is /ch_history [hours]: the site's hashrate hour by hour, asked of Coinhive.
func (s *Site) history(ctx context.Context, r *bot.Request) error {
	if s.Client == nil {
		return errNoCoinhive
	}
	hours, err := parseHours(r.Args)
	if err != nil {
		return err
	}
	now := s.Now()
	_ = r.Typing(ctx)
	points, err := s.Client.History(ctx, now.Add(-time.Duration(hours)*time.Hour), now)
	if err != nil {
		return s.serviceError("history", err)
	}
	if len(points) == 0 {
		return r.Reply(ctx, fmt.Sprintf("Coinhive has no history for the last %d hour%s.", hours, plural(int64(hours), "", "s")))
	}
	return r.Reply(ctx, historyText(points, hours))
}

// historyText is the hours, oldest first, after a line with the average and the peak.
func historyText(points []coinhive.HistoryPoint, hours int) string {
	var sum float64
	peak := points[0]
	for _, p := range points {
		sum += p.HashesPerSecond
		if p.HashesPerSecond > peak.HashesPerSecond {
			peak = p
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "<b>Coinhive, the last %d hour%s</b> (UTC)\n", hours, plural(int64(hours), "", "s"))
	fmt.Fprintf(&sb, "Average %s, peak %s at %s\n", units.FormatHashrate(sum/float64(len(points))),
		units.FormatHashrate(peak.HashesPerSecond), peak.Time.UTC().Format("Jan 2 15:04"))
	if mined := points[len(points)-1].HashesTotal - points[0].HashesTotal; mined > 0 {
		fmt.Fprintf(&sb, "Mined: %s hashes\n", count(mined))
	}
	sb.WriteString("\n")
	for _, p := range points {
		fmt.Fprintf(&sb, "<code>%s</code> %s\n", p.Time.UTC().Format("Jan 02 15:04"), units.FormatHashrate(p.HashesPerSecond))
	}
	return sb.String()
}
