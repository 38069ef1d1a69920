package alerting

import (
	"context"
	"fmt"
	"strings"
	"time"

	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/store"
	"pitboss/units"
)

// formatLimit writes a threshold's value with its unit.
func formatLimit(t alerts.Threshold, l alerts.Limit) string {
	if !l.Set {
		return "off"
	}
	switch t {
	case alerts.TempMax, alerts.MemTempMax:
		return fmt.Sprintf("%g °C", l.Value)
	case alerts.FanMax:
		return fmt.Sprintf("%g %%", l.Value)
	case alerts.HashrateLow:
		if l.Percent {
			return fmt.Sprintf("%g %% under the rig's usual", l.Value)
		}
		return "under " + units.FormatHashrate(l.Value)
	case alerts.OfflineAfter:
		return units.FormatDuration(time.Duration(l.Value * float64(time.Second)))
	case alerts.WorkersMax:
		if l.Value == 0 {
			return "any inactive"
		}
		return fmt.Sprintf("more than %g inactive", l.Value)
	}
	return "under " + units.FormatHashrate(l.Value)
}

// thresholds lists the user's effective thresholds and where each comes from, then their per-rig ones.
func (a *Alerting) thresholds(ctx context.Context, r *bot.Request) error {
	rows, err := a.Store.UserThresholds(ctx, r.User.ID)
	if err != nil {
		return err
	}
	red, rigRed := a.redTemp(), a.rigRedLines()
	p := monitor.UserPolicy(a.Rules, rows, "")
	var sb strings.Builder
	sb.WriteString("<b>Your alert thresholds</b>\n")
	for _, t := range alerts.Thresholds() {
		l, origin := p.Resolve(t, "", red)
		if lines := rigRed[t]; len(lines) > 0 && origin < alerts.OriginDefault {
			// Nothing of the user's or the config's: each rig's own red line applies.
			var vs []string
			for _, v := range lines {
				vs = append(vs, formatLimit(t, alerts.Limit{Value: v, Set: true}))
			}
			fmt.Fprintf(&sb, "%s: each rig's red line in Hive OS (%s)\n", specs[t].label, strings.Join(vs, " or "))
			continue
		}
		fmt.Fprintf(&sb, "%s: %s", specs[t].label, formatLimit(t, l))
		if l.Set {
			fmt.Fprintf(&sb, " (%s)", origin)
		}
		sb.WriteString("\n")
	}
	var own []string
	names := a.rigNames()
	for _, row := range rows {
		if row.Source == "" {
			continue
		}
		t, ok := alerts.ParseThreshold(row.Name)
		if !ok {
			continue
		}
		name := nameOf(names[row.Source], row.Rig)
		own = append(own, fmt.Sprintf("%s: %s %s", bot.Escape(name), t, formatLimit(t, alerts.Limit{Value: row.Value, Percent: row.Percent, Set: true})))
	}
	if len(own) > 0 {
		sb.WriteString("\n<b>For one rig, coin or site</b>\n" + strings.Join(own, "\n") + "\n")
	}
	sb.WriteString("\nChange one with /set, such as /set temp 85 or /set temp 85 rig02; go back to the default with /unset temp [rig].")
	return r.Reply(ctx, sb.String())
}

// set stores one of the user's thresholds, overall or for one rig (coin, site).
func (a *Alerting) set(ctx context.Context, r *bot.Request) error {
	s, err := parseSet(r.Args)
	if err != nil {
		return err
	}
	row := store.Threshold{UserID: r.User.ID, Name: s.threshold.String(), Value: s.limit.Value, Percent: s.limit.Percent}
	scope := "for every " + targetKind(s.threshold)
	if s.target != "" {
		t, err := a.findTarget(s.target, targetKind(s.threshold))
		if err != nil {
			return err
		}
		row.Source, row.Rig = t.source, t.id
		scope = "for " + bot.Escape(t.name)
	}
	if err := a.Store.SetThreshold(ctx, row); err != nil {
		return err
	}
	return r.Reply(ctx, fmt.Sprintf("Your %s is now %s %s. It applies from the next poll.", specs[s.threshold].what,
		formatLimit(s.threshold, s.limit), scope))
}

// unset removes one of the user's thresholds: the default (or their overall value) applies again.
func (a *Alerting) unset(ctx context.Context, r *bot.Request) error {
	fields := strings.Fields(r.Args)
	if len(fields) == 0 {
		return bot.UserErrorf("Usage: /unset &lt;%s&gt; [rig]\nFor example: /unset temp, /unset temp rig02", names())
	}
	t, err := parseThreshold(fields[0])
	if err != nil {
		return err
	}
	source, rig, scope := "", "", ""
	if len(fields) > 1 {
		tg, err := a.findTarget(strings.Join(fields[1:], " "), targetKind(t))
		if err != nil {
			return err
		}
		source, rig, scope = tg.source, tg.id, " for "+bot.Escape(tg.name)
	}
	removed, err := a.Store.UnsetThreshold(ctx, r.User.ID, source, rig, t.String())
	if err != nil {
		return err
	}
	if !removed {
		return r.Reply(ctx, fmt.Sprintf("You have no %s of your own%s: nothing to undo.", specs[t].what, scope))
	}
	rows, err := a.Store.UserThresholds(ctx, r.User.ID)
	if err != nil {
		return err
	}
	p := monitor.UserPolicy(a.Rules, rows, source)
	l, origin := a.resolve(&p, t, source, rig)
	now := formatLimit(t, l)
	if l.Set {
		now += fmt.Sprintf(" (%s)", origin)
	}
	return r.Reply(ctx, fmt.Sprintf("Removed your %s%s. It is now %s.", specs[t].what, scope, now))
}

// resolve is the user's effective limit of t for rig of source (or for every rig, rig ""), with the rig's
// farm and red lines from the latest poll, as the alert engine resolves it.
func (a *Alerting) resolve(p *alerts.Policy, t alerts.Threshold, source, rig string) (alerts.Limit, alerts.Origin) {
	for _, l := range a.Sources.All() {
		if l.Source == source && rig != "" {
			farm, farmRed, rigRed := l.RigLimits(rig, t)
			if farmRed == 0 {
				farmRed = a.redTemp()
			}
			return p.ResolveRig(t, rig, farm, farmRed, rigRed)
		}
	}
	return p.Resolve(t, rig, a.redTemp())
}
