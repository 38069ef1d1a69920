package farm

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/units"
)

// hive is the name of the Hive OS source in the monitor.
const hive = "hiveos"

// farmView is the latest Hive OS poll, indexed by rig, with the rigs' names and its age.
type farmView struct {
	view  *alerts.View
	names map[string]string
	at    time.Time
}

// latestFarm returns what the poller last read of the farm; ok is false before the first poll.
func (f *Farm) latestFarm() (farmView, monitor.Latest, bool) {
	l, ok := f.Sources.Latest(hive)
	if !ok || l.Observation == nil {
		return farmView{}, l, false
	}
	return farmView{view: alerts.NewView(alerts.Poll{Source: hive, Readings: l.Observation.Readings, Farms: l.Observation.Farms}), names: l.Names, at: l.At}, l, true
}

func (fv farmView) name(id string) string { return cmp.Or(fv.names[id], id) }

// noData explains why there is nothing to show about the farm yet.
func noData(l monitor.Latest) error {
	switch {
	case l.Source == "":
		return errNoHiveOS
	case l.Err != nil:
		return bot.UserErrorf("Hive OS has not answered yet (%d failed polls); /sources says more.", l.Failures)
	}
	return bot.UserErrorf("Hive OS has not been polled yet; try again in a moment.")
}

// status is the farm at a glance, from the monitor's latest state: no API is called.
func (f *Farm) status(ctx context.Context, r *bot.Request) error {
	var sb strings.Builder
	now := f.Now()
	if fv, _, ok := f.latestFarm(); ok {
		if err := f.writeFarm(ctx, &sb, r, fv, now); err != nil {
			return err
		}
	}
	alertsNow, err := f.Store.UserAlerts(ctx, r.User.ID)
	if err != nil {
		return err
	}
	firing := 0
	for _, a := range alertsNow {
		if a.Phase == alerts.Firing {
			firing++
		}
	}
	if firing > 0 {
		fmt.Fprintf(&sb, "🔥 %d alert%s firing for you: /alerts\n", firing, plural(firing))
	} else {
		sb.WriteString("Nothing is firing for you.\n")
	}
	sb.WriteString("\n<b>Sources</b>\n")
	for _, l := range f.Sources.All() {
		sb.WriteString(sourceLine(l, now) + "\n")
	}
	return r.Reply(ctx, sb.String())
}

// writeFarm writes the rigs online, hashrate per algorithm, the hottest GPU against the user's line, power.
func (f *Farm) writeFarm(ctx context.Context, sb *strings.Builder, r *bot.Request, fv farmView, now time.Time) error {
	online, hottest := 0, struct {
		rig   string
		gpu   int
		temp  float64
		found bool
		farm  string
		red   float64 // the rig's own red line
	}{}
	rates := map[string]float64{}
	for _, rg := range fv.view.Rigs {
		if !rg.Online {
			continue
		}
		online++
		for _, h := range rg.Hashrates {
			rates[cmp.Or(h.Algo, "unknown")] += h.Value
		}
		for i, g := range rg.GPUs {
			if g.HasTemp && (!hottest.found || g.Temp > hottest.temp) {
				hottest.rig, hottest.gpu, hottest.temp, hottest.found = rg.ID, i, g.Temp, true
				hottest.farm, hottest.red = rg.Farm, rg.RedTemp
			}
		}
	}
	fmt.Fprintf(sb, "<b>Farm</b> — %d of %d rigs online (data %s old)\n", online, len(fv.view.Rigs), units.FormatDuration(now.Sub(fv.at)))
	var algos []string
	for a := range rates {
		algos = append(algos, a)
	}
	sort.Strings(algos)
	for _, a := range algos {
		fmt.Fprintf(sb, "%s: %s\n", bot.Escape(a), units.FormatHashrate(rates[a]))
	}
	if hottest.found {
		rows, err := f.Store.UserThresholds(ctx, r.User.ID)
		if err != nil {
			return err
		}
		p := monitor.UserPolicy(f.Rules, rows, hive)
		line, origin := p.ResolveRig(alerts.TempMax, hottest.rig, hottest.farm, fv.view.RedTemp, hottest.red)
		fmt.Fprintf(sb, "Hottest GPU: %s GPU %d at %g °C (your line %g °C, %s)\n", bot.Escape(fv.name(hottest.rig)),
			hottest.gpu, hottest.temp, line.Value, origin)
	}
	if power := sumReadings(fv.view, alerts.RigPower); power > 0 {
		fmt.Fprintf(sb, "Power: %.2f kW\n", power/1000)
	}
	return nil
}

// sumReadings adds up one metric over the poll.
func sumReadings(v *alerts.View, m alerts.Metric) float64 {
	var sum float64
	for _, r := range v.Readings {
		if r.Metric == m {
			sum += r.Value
		}
	}
	return sum
}

// sourceLine is one source's health: answering, and how old its data is.
func sourceLine(l monitor.Latest, now time.Time) string {
	title := "<b>" + bot.Escape(l.Title) + "</b>"
	switch {
	case l.LastPoll.IsZero():
		return "⏳ " + title + " — not polled yet"
	case l.Failures > 0 && l.Observation == nil:
		return fmt.Sprintf("🔴 %s — no answer yet (%d failed poll%s)", title, l.Failures, plural(l.Failures))
	case l.Failures > 0:
		return fmt.Sprintf("🔴 %s — %d failed poll%s in a row; data from %s ago", title, l.Failures, plural(l.Failures),
			units.FormatDuration(now.Sub(l.At)))
	case l.Observation != nil && l.Observation.Problem != nil:
		return fmt.Sprintf("🟠 %s — answers, but reports a problem; polled %s ago", title, units.FormatDuration(now.Sub(l.LastPoll)))
	}
	return fmt.Sprintf("🟢 %s — polled %s ago", title, units.FormatDuration(now.Sub(l.LastPoll)))
}

// rigLine is a rig on one line: status, hashrate, hottest GPU.
func rigLine(fv farmView, rg alerts.RigView, now time.Time) string {
	name := "<b>" + bot.Escape(fv.name(rg.ID)) + "</b>"
	if !rg.Online {
		line := "🔴 " + name + " — offline"
		if !rg.DataAt.IsZero() {
			line += " for " + units.FormatDuration(now.Sub(rg.DataAt))
		}
		return line
	}
	var rates []string
	for _, h := range rg.Hashrates {
		rates = append(rates, units.FormatHashrate(h.Value))
	}
	line := "🟢 " + name + " — " + strings.Join(rates, " + ")
	if len(rg.GPUs) > 0 {
		line += fmt.Sprintf(" · %d GPUs, hottest %g °C", len(rg.GPUs), rg.MaxTemp)
	}
	return line
}

// sortedRigs lists the rigs by name.
func sortedRigs(fv farmView) []alerts.RigView {
	rigs := slices.Clone(fv.view.Rigs)
	slices.SortStableFunc(rigs, func(a, b alerts.RigView) int { return strings.Compare(fv.name(a.ID), fv.name(b.ID)) })
	return rigs
}
