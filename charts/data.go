package charts

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/store"
	"pitboss/units"
)

// errNoHistory is a chart with nothing to draw: no history of it in the window yet.
var errNoHistory = errors.New("charts: no history in the window")

// build reads what t's chart shows over [from, to) and makes the chart and its caption.
func (c *Charts) build(ctx context.Context, u *store.User, t target, from, to time.Time, w window) (Chart, string, error) {
	ch := Chart{From: from, To: to, Zone: c.zoneOf(u)}
	var hourly bool
	var err error
	switch t.kind {
	case kindFarm:
		hourly, err = c.farm(ctx, u, &ch)
	case kindRig:
		hourly, err = c.rigChart(ctx, u, t.id, &ch)
	case kindPool:
		name := store.SeriesName(alerts.Reading{Rig: t.id, Metric: alerts.PoolHashrate})
		hourly, err = c.series(ctx, u, &ch, poolSource, name, t.id+" pool hashrate (10 min)",
			func(e store.AlertLogEntry) bool { return e.Source == poolSource && (e.Rig == t.id || e.Rig == "") })
	case kindSite:
		name := store.SeriesName(alerts.Reading{Rig: siteID, Metric: alerts.SiteHashrate})
		hourly, err = c.series(ctx, u, &ch, siteSource, name, "site hashrate",
			func(e store.AlertLogEntry) bool { return e.Source == siteSource })
	}
	if errors.Is(err, errNoHistory) {
		return ch, "", bot.UserErrorf("No history for %s in the last %s yet.", bot.Escape(t.name), w.label)
	}
	if err != nil {
		return ch, "", err
	}
	what := title(t)
	ch.Title = what + " · last " + w.label + " · " + resolution(hourly)
	caption := fmt.Sprintf("<b>%s</b>, last %s (%s); times in %s.", bot.Escape(what), w.label, resolution(hourly), bot.Escape(ch.Zone.String()))
	if len(ch.Alerts) > 0 {
		caption += " Shaded: while your alerts fired."
	}
	return ch, caption, nil
}

func title(t target) string {
	switch t.kind {
	case kindFarm:
		return "Farm hashrate"
	case kindRig:
		return bot.Shorten(t.name, maxTitleName)
	}
	return bot.Shorten(t.name, maxTitleName) + " hashrate"
}

// maxTitleName bounds a name in the picture's title line, which it would otherwise run off.
const maxTitleName = 40

func resolution(hourly bool) string {
	if hourly {
		return "hourly averages"
	}
	return "every poll"
}

// FarmChart draws the farm's hashrate over [from, to) for u, as /chart farm does, for a report to go out
// with; nil, and no error, when there is no history to draw.
func (c *Charts) FarmChart(ctx context.Context, u store.User, from, to time.Time) ([]byte, error) {
	ch := Chart{From: from, To: to, Zone: c.zoneOf(&u)}
	hourly, err := c.farm(ctx, &u, &ch)
	if errors.Is(err, errNoHistory) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ch.Title = "Farm hashrate · last " + units.FormatDuration(to.Sub(from)) + " · " + resolution(hourly)
	return Render(ch)
}

// farm is the farm's hashrate, a line per algorithm, shaded while the user had any Hive OS alert.
func (c *Charts) farm(ctx context.Context, u *store.User, ch *Chart) (bool, error) {
	tr, err := c.Store.FarmTrend(ctx, hiveSource, ch.From, ch.To)
	if err != nil {
		return false, err
	}
	p := Panel{Unit: Hashrate}
	for _, algo := range store.Algos(tr.Algos) {
		p.Lines = append(p.Lines, Line{Name: algoName(algo), Points: points(tr.Algos[algo], tr.Hourly, false)})
	}
	if !hasPoints(p) {
		return false, errNoHistory
	}
	ch.Panels = []Panel{p}
	ch.Alerts, err = c.alertPeriods(ctx, u, ch.From, ch.To, func(e store.AlertLogEntry) bool { return e.Source == hiveSource })
	return tr.Hourly, err
}

// rigChart is a rig's GPU temperatures with the user's line over its hashrate, shaded while the user had
// an alert about the rig (or about Hive OS itself).
func (c *Charts) rigChart(ctx context.Context, u *store.User, id string, ch *Chart) (bool, error) {
	tr, err := c.Store.RigTrend(ctx, hiveSource, id, ch.From, ch.To)
	if err != nil {
		return false, err
	}
	temps := Panel{Title: "GPU temperature", Unit: Celsius}
	if tr.Hourly {
		temps.Title += ", hourly highest"
	}
	for i, ps := range tr.Temps {
		if len(ps) > 0 {
			temps.Lines = append(temps.Lines, Line{Name: fmt.Sprintf("GPU %d", i), Points: points(ps, tr.Hourly, true)})
		}
	}
	rates := Panel{Title: "Hashrate", Unit: Hashrate}
	algos := store.Algos(tr.Hashrates)
	for _, algo := range algos {
		name := algoName(algo)
		if len(algos) == 1 {
			name = "hashrate (" + name + ")"
		}
		rates.Lines = append(rates.Lines, Line{Name: name, Points: points(tr.Hashrates[algo], tr.Hourly, false)})
	}
	if !hasPoints(temps) && !hasPoints(rates) {
		return false, errNoHistory
	}
	line, err := c.tempLine(ctx, u, id)
	if err != nil {
		return false, err
	}
	temps.Marks = []Mark{line}
	ch.Panels = []Panel{temps, rates}
	ch.Alerts, err = c.alertPeriods(ctx, u, ch.From, ch.To, func(e store.AlertLogEntry) bool {
		return e.Source == hiveSource && (e.Rig == id || e.Rig == "")
	})
	return tr.Hourly, err
}

// series is a pool's or the site's hashrate, with its hourly range as a band.
func (c *Charts) series(ctx context.Context, u *store.User, ch *Chart, source, name, label string, about func(store.AlertLogEntry) bool) (bool, error) {
	tr, err := c.Store.SeriesTrend(ctx, source, name, ch.From, ch.To)
	if err != nil {
		return false, err
	}
	p := Panel{Unit: Hashrate, Lines: []Line{{Name: label, Points: points(tr.Points, tr.Hourly, false)}}}
	if !hasPoints(p) {
		return false, errNoHistory
	}
	ch.Panels = []Panel{p}
	ch.Alerts, err = c.alertPeriods(ctx, u, ch.From, ch.To, about)
	return tr.Hourly, err
}

func algoName(algo string) string {
	if algo == "" {
		return "unnamed algorithm"
	}
	return algo
}

// points turns history into a line: an hour is drawn at its middle, with its range as a band; highest
// draws an hour at its highest instead, the value to hold against a threshold.
func points(ps []store.ChartPoint, hourly, highest bool) []Point {
	out := make([]Point, len(ps))
	for i, p := range ps {
		out[i] = Point{At: p.At, V: p.Avg, Lo: math.NaN(), Hi: math.NaN()}
		if !hourly {
			continue
		}
		out[i].At = p.At.Add(30 * time.Minute)
		if highest && isFinite(p.Max) {
			out[i].V = p.Max
		} else {
			out[i].Lo, out[i].Hi = p.Min, p.Max
		}
	}
	return out
}

func hasPoints(p Panel) bool {
	for _, l := range p.Lines {
		if len(l.Points) > 0 {
			return true
		}
	}
	return false
}

// tempLine is the user's GPU temperature threshold for the rig, as the alerts judge it: theirs for the
// rig or its farm, else theirs, else the config's, else the rig's red line, else the farm's red_temp,
// else the built-in.
func (c *Charts) tempLine(ctx context.Context, u *store.User, rig string) (Mark, error) {
	rows, err := c.Store.UserThresholds(ctx, u.ID)
	if err != nil {
		return Mark{}, err
	}
	p := monitor.UserPolicy(c.Rules, rows, hiveSource)
	latest, _ := c.Sources.Latest(hiveSource)
	farm, farmRed, rigRed := latest.RigLimits(rig, alerts.TempMax)
	l, origin := p.ResolveRig(alerts.TempMax, rig, farm, farmRed, rigRed)
	return Mark{Name: fmt.Sprintf("your line %g °C (%s)", l.Value, origin), Value: l.Value}, nil
}

// alertPeriods are the spans of [from, to) in which an alert of the user's that about accepts fired,
// overlapping ones joined.
func (c *Charts) alertPeriods(ctx context.Context, u *store.User, from, to time.Time, about func(store.AlertLogEntry) bool) ([]Period, error) {
	es, err := c.Store.AlertLog(ctx, u.ID, from, to)
	if err != nil {
		return nil, err
	}
	var ps []Period
	for _, e := range es {
		end := e.Ended()
		if end.IsZero() || end.After(to) {
			end = to
		}
		if p := (Period{From: later(e.FiredAt, from), To: end}); about(e) && p.To.After(p.From) {
			ps = append(ps, p)
		}
	}
	return mergePeriods(ps), nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// mergePeriods sorts periods and joins those that overlap or touch.
func mergePeriods(ps []Period) []Period {
	slices.SortFunc(ps, func(a, b Period) int { return a.From.Compare(b.From) })
	var out []Period
	for _, p := range ps {
		if n := len(out); n > 0 && !p.From.After(out[n-1].To) {
			out[n-1].To = later(out[n-1].To, p.To)
			continue
		}
		out = append(out, p)
	}
	return out
}
