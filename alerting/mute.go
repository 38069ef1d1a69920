package alerting

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pitboss/bot"
	"pitboss/store"
	"pitboss/units"
)

// buttonMute is how long the buttons under an alert mute for.
const buttonMute = time.Hour

// mute silences the user's alerts, all of them or one rig's (coin's, site's), for a while. Without
// arguments it shows the mutes in force.
func (a *Alerting) mute(ctx context.Context, r *bot.Request) error {
	fields := strings.Fields(r.Args)
	if len(fields) == 0 {
		return a.showMutes(ctx, r)
	}
	d, err := parseMuteDuration(fields[0])
	if err != nil {
		return err
	}
	m := store.Mute{UserID: r.User.ID, Until: a.Now().Add(d)}
	what := "all your alerts"
	if len(fields) > 1 {
		t, err := a.findTarget(strings.Join(fields[1:], " "), "")
		if err != nil {
			return err
		}
		m.Source, m.Rig, what = t.source, t.id, "alerts about "+bot.Escape(t.name)
	}
	if err := a.Store.SetMute(ctx, m); err != nil {
		return err
	}
	return r.Reply(ctx, fmt.Sprintf("Muted %s until %s. /unmute ends it sooner.", what, a.clock(r.User, m.Until)))
}

// clock is a time as the user reads it: in their zone, with the day when it is not today.
func (a *Alerting) clock(u *store.User, t time.Time) string {
	loc := a.zone(u)
	t, now := t.In(loc), a.Now().In(loc)
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04") + " (" + loc.String() + ")"
	}
	return t.Format("Mon 2 Jan 15:04") + " (" + loc.String() + ")"
}

func (a *Alerting) showMutes(ctx context.Context, r *bot.Request) error {
	ms, err := a.Store.Mutes(ctx, r.User.ID, a.Now())
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return r.Reply(ctx, "Nothing is muted.\nUsage: /mute &lt;duration&gt; [rig], such as /mute 2h or /mute 30m rig02.")
	}
	var lines []string
	names := a.rigNames()
	for _, m := range ms {
		what := "Everything"
		if m.Source != "" {
			what = bot.Escape(nameOf(names[m.Source], m.Rig))
		}
		lines = append(lines, fmt.Sprintf("%s: until %s", what, a.clock(r.User, m.Until)))
	}
	return r.Reply(ctx, "<b>Muted</b>\n"+strings.Join(lines, "\n")+"\n/unmute [rig] ends a mute.")
}

// unmute ends the user's mute of one rig (coin, site), or every mute.
func (a *Alerting) unmute(ctx context.Context, r *bot.Request) error {
	source, rig, what := "", "", "every mute"
	if r.Args != "" {
		t, err := a.findTarget(r.Args, "")
		if err != nil {
			return err
		}
		source, rig, what = t.source, t.id, "the mute of "+bot.Escape(t.name)
	}
	n, err := a.Store.Unmute(ctx, r.User.ID, source, rig)
	if err != nil {
		return err
	}
	if n == 0 {
		return r.Reply(ctx, "Nothing to unmute.")
	}
	return r.Reply(ctx, fmt.Sprintf("Ended %s. Alerts that fired meanwhile are told at the next poll.", what))
}

// ack acknowledges everything firing for the user: no reminders until each resolves.
func (a *Alerting) ack(ctx context.Context, r *bot.Request) error {
	n, err := a.Store.Ack(ctx, r.User.ID, "", time.Time{})
	if err != nil {
		return err
	}
	if n == 0 {
		return r.Reply(ctx, "Nothing is firing that needs acknowledging.")
	}
	return r.Reply(ctx, fmt.Sprintf("Acknowledged %d alert%s: no reminders until %s.", n, plural(n), itThey(n)))
}

func plural(n int64) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func itThey(n int64) string {
	if n == 1 {
		return "it resolves"
	}
	return "they resolve"
}

// muteButton is "🔕 rig02 1 h" ("mute:<source>:<rig>") or "🔕 All 1 h" ("mute:*") under an alert.
func (a *Alerting) muteButton(ctx context.Context, r *bot.Request) error {
	m := store.Mute{UserID: r.User.ID, Until: a.Now().Add(buttonMute)}
	what := "All your alerts are"
	if r.Args != "*" {
		source, rig, ok := strings.Cut(r.Args, ":")
		if !ok || source == "" || rig == "" {
			return r.Answer(ctx, "This button is no longer in use.", false)
		}
		m.Source, m.Rig = source, rig
		what = "Alerts about " + nameOf(a.rigNames()[source], rig) + " are"
	}
	if err := a.Store.SetMute(ctx, m); err != nil {
		return err
	}
	return r.Answer(ctx, fmt.Sprintf("%s muted for %s, until %s.", what, units.FormatDuration(buttonMute), a.clock(r.User, m.Until)), false)
}

// ackButton acknowledges what the alert message told of ("ack:<source>:<unix time of the message>"): the
// source's alerts that had fired by then, reminded since or not.
func (a *Alerting) ackButton(ctx context.Context, r *bot.Request) error {
	source, at, _ := strings.Cut(r.Args, ":")
	sec, err := strconv.ParseInt(at, 10, 64)
	if err != nil || source == "" {
		return r.Answer(ctx, "This button is no longer in use.", false)
	}
	// The button carries the message's time in whole seconds: what fired within that second is in it.
	n, err := a.Store.Ack(ctx, r.User.ID, source, time.Unix(sec+1, 0))
	if err != nil {
		return err
	}
	if n == 0 {
		return r.Answer(ctx, "Nothing from this message is still firing unacknowledged.", false)
	}
	return r.Answer(ctx, fmt.Sprintf("Acknowledged %d alert%s: no reminders until %s.", n, plural(n), itThey(n)), false)
}
