package alerting

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/store"
	"pitboss/units"
)

// alerts lists what is firing for the user, then what is building up to it.
func (a *Alerting) alerts(ctx context.Context, r *bot.Request) error {
	states, err := a.Store.UserAlerts(ctx, r.User.ID)
	if err != nil {
		return err
	}
	if len(states) == 0 {
		return r.Reply(ctx, "Nothing is firing for you. /thresholds shows what would make something fire.")
	}
	titles, names, now := a.titles(), a.rigNames(), a.Now()
	mutes, err := a.Store.Mutes(ctx, r.User.ID, now)
	if err != nil {
		return err
	}
	var lines []string
	firing := 0
	for _, s := range states {
		where := whereOf(cmp.Or(titles[s.Source], s.Source), names[s.Source], s.State)
		line := icon(s.Kind) + " <b>" + where + "</b>: " + firingText(s.State)
		if s.Phase == alerts.Firing {
			firing++
			line += " — for " + units.FormatDuration(now.Sub(s.Since))
			if s.Acked {
				line += " (acknowledged)"
			}
			if until, ok := mutedUntil(mutes, s.Source, s.Rig); ok {
				line += " (muted until " + a.clock(r.User, until) + ")"
			}
		} else {
			line = "⏳ " + strings.TrimPrefix(line, icon(s.Kind)+" ") + " — fires if it lasts"
		}
		lines = append(lines, line)
	}
	head := fmt.Sprintf("<b>%d firing for you</b>", firing)
	if pending := len(states) - firing; pending > 0 {
		head += fmt.Sprintf(", %d building up", pending)
	}
	return r.Reply(ctx, head+"\n"+strings.Join(lines, "\n")+"\n/ack stops reminders; /mute silences.")
}

// mutedUntil is when the user's mute of source's rig (or of everything) ends, if one is in force.
func mutedUntil(mutes []store.Mute, source, rig string) (time.Time, bool) {
	var until time.Time
	for _, m := range mutes {
		if (m.Source == "" || (m.Source == source && m.Rig == rig)) && m.Until.After(until) {
			until = m.Until
		}
	}
	return until, !until.IsZero()
}
