package reports

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"pitboss/alerts"
	"pitboss/apiclients/viabtc"
	"pitboss/store"
)

// Figures are one day of the farm, the site and the pool, as a report shows them.
type Figures struct {
	From, To  time.Time
	Algos     []AlgoFigure // by name
	Uptime    float64      // the farm's polls online, 0–1; NaN without polls
	LowUptime []RigFigure  // the rigs that were offline at times, the least up first (at most 3)
	Hottest   []HotFigure  // the hottest GPU of the hottest rigs (at most 3)
	Alerts    []AlertFigure
	Site      *SiteFigure
	Pools     []PoolFigure
	PowerW    float64 // average, NaN when no rig reported power
	EnergyKWh float64
}

// AlgoFigure is the farm's hashrate of one algorithm: average and lowest over the day.
type AlgoFigure struct {
	Algo     string
	Avg, Min float64
}

// RigFigure is a rig's share of polls online.
type RigFigure struct {
	Name   string
	Uptime float64
}

// HotFigure is a rig's hottest GPU and when.
type HotFigure struct {
	Name string
	GPU  int
	Temp float64
	At   time.Time
}

// AlertFigure is an alert that fired in the day, and how long it lasted within it.
type AlertFigure struct {
	What   string
	Lasted time.Duration
}

// SiteFigure is the Coinhive site's day: hashes mined, and the change in XMR pending and paid.
type SiteFigure struct {
	Hashes, Pending, Paid float64
}

// PoolFigure is one coin of the pool: its 24-hour hashrate at the day's end, the profit of its last
// complete day, and the payouts in the day (NaN when ViaBTC did not say).
type PoolFigure struct {
	Coin        string
	Hashrate24h float64
	Profit      float64
	Payouts     float64
}

// gather reads a day's figures for the user.
func (rp *Reports) gather(ctx context.Context, u store.User, from, to time.Time) (Figures, error) {
	f := Figures{From: from, To: to, Uptime: math.NaN(), PowerW: math.NaN()}
	day, err := rp.Store.FarmDay(ctx, "hiveos", from, to)
	if err != nil {
		return f, err
	}
	names := rp.names("hiveos")
	f.addFarm(day, names)
	log, err := rp.Store.AlertLog(ctx, u.ID, from, to)
	if err != nil {
		return f, err
	}
	f.addAlerts(log, names, to)
	if f.Site, err = rp.site(ctx, from, to); err != nil {
		return f, err
	}
	for _, coin := range rp.Coins {
		p, err := rp.pool(ctx, coin, from, to)
		if err != nil {
			return f, err
		}
		f.Pools = append(f.Pools, p)
	}
	return f, nil
}

func (f *Figures) addFarm(day store.Day, names map[string]string) {
	sums := map[string][]float64{}
	for _, point := range day.Hashrate {
		for algo, v := range point {
			sums[algo] = append(sums[algo], v)
		}
	}
	for algo, vs := range sums {
		f.Algos = append(f.Algos, AlgoFigure{Algo: cmp.Or(algo, "unknown"), Avg: mean(vs), Min: slices.Min(vs)})
	}
	slices.SortFunc(f.Algos, func(a, b AlgoFigure) int { return cmp.Compare(a.Algo, b.Algo) })

	polls, online := 0, 0
	for _, r := range day.Rigs {
		polls, online = polls+r.Polls, online+r.Online
		name := cmp.Or(names[r.Rig], r.Rig)
		if r.Polls > 0 && r.Online < r.Polls {
			f.LowUptime = append(f.LowUptime, RigFigure{Name: name, Uptime: float64(r.Online) / float64(r.Polls)})
		}
		if !math.IsNaN(r.HotTemp) {
			f.Hottest = append(f.Hottest, HotFigure{Name: name, GPU: r.HotGPU, Temp: r.HotTemp, At: r.HotAt})
		}
	}
	if polls > 0 {
		f.Uptime = float64(online) / float64(polls)
	}
	slices.SortStableFunc(f.LowUptime, func(a, b RigFigure) int { return cmp.Compare(a.Uptime, b.Uptime) })
	slices.SortStableFunc(f.Hottest, func(a, b HotFigure) int { return cmp.Compare(b.Temp, a.Temp) })
	f.LowUptime, f.Hottest = f.LowUptime[:min(3, len(f.LowUptime))], f.Hottest[:min(3, len(f.Hottest))]

	if len(day.Power) > 0 && slices.Max(day.Power) > 0 {
		f.PowerW = mean(day.Power)
		f.EnergyKWh = f.PowerW * f.To.Sub(f.From).Hours() / 1000
	}
}

// addAlerts counts the alerts of the day, each for the time it fired within the day.
func (f *Figures) addAlerts(log []store.AlertLogEntry, names map[string]string, now time.Time) {
	for _, e := range log {
		start, end := later(e.FiredAt, f.From), e.Ended()
		if end.IsZero() || end.After(f.To) {
			end = f.To
		}
		f.Alerts = append(f.Alerts, AlertFigure{What: describe(e, names), Lasted: max(end.Sub(start), 0)})
	}
	slices.SortStableFunc(f.Alerts, func(a, b AlertFigure) int { return cmp.Compare(b.Lasted, a.Lasted) })
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// describe names an alert in a few words: "rig02 GPU 1 temperature".
func describe(e store.AlertLogEntry, names map[string]string) string {
	what := map[alerts.Kind]string{
		alerts.KindGPUTemp: "temperature", alerts.KindGPUFan: "fan", alerts.KindRigOffline: "offline",
		alerts.KindGPULost: "GPU lost", alerts.KindRigHashrate: "hashrate low", alerts.KindPoolHashrate: "pool hashrate low",
		alerts.KindPoolWorkers: "workers inactive", alerts.KindSiteHashrate: "site hashrate low",
		alerts.KindSourceDown: "unreachable", alerts.KindAuthFailing: "token failing",
		alerts.KindGPUMemTemp: "memory temperature", alerts.KindRigProblem: "problem",
	}[alerts.Kind(e.Kind)]
	subject := e.Source
	if e.Rig != "" {
		subject = cmp.Or(names[e.Rig], e.Rig)
	}
	if e.Idx >= 0 {
		subject += " GPU " + itoa(e.Idx)
	}
	if e.Kind == string(alerts.KindRigProblem) {
		what += " " + strings.ReplaceAll(e.Algo, "_", " ")
	}
	return subject + " " + cmp.Or(what, e.Kind)
}

// site reads the Coinhive site's day from the series the poller keeps: the change of each total.
func (rp *Reports) site(ctx context.Context, from, to time.Time) (*SiteFigure, error) {
	var out SiteFigure
	found := false
	for _, s := range []struct {
		name string
		into *float64
	}{{"site_hashes_total", &out.Hashes}, {"site_xmr_pending", &out.Pending}, {"site_xmr_paid", &out.Paid}} {
		points, err := rp.Store.Series(ctx, "coinhive", "site/"+s.name, from, to)
		if err != nil {
			return nil, err
		}
		if len(points) > 0 {
			found = true
			*s.into = growth(points, s.name == "site_hashes_total")
		}
	}
	if !found {
		return nil, nil
	}
	return &out, nil
}

// pool reads a coin's day: its 24-hour hashrate as last polled, and from ViaBTC its last day's profit and
// the payouts in the day. What ViaBTC does not answer is NaN.
func (rp *Reports) pool(ctx context.Context, coin string, from, to time.Time) (PoolFigure, error) {
	p := PoolFigure{Coin: coin, Hashrate24h: math.NaN(), Profit: math.NaN(), Payouts: math.NaN()}
	points, err := rp.Store.Series(ctx, "viabtc", coin+"/"+string(alerts.PoolHashrate24h), from, to)
	if err != nil {
		return p, err
	}
	if len(points) > 0 {
		p.Hashrate24h = points[len(points)-1].Hashrate
	}
	if rp.Pool == nil {
		return p, nil
	}
	day := to.UTC().AddDate(0, 0, -1)
	if rows, err := rp.Pool.ProfitHistory(ctx, coin, viabtc.HistoryQuery{Start: day, End: day, UTC: true}); err == nil && len(rows.Items) > 0 {
		p.Profit = rows.Items[0].Total.Float64()
	} else if err != nil {
		rp.Log.Warn("reading the pool's profit for a report failed", "coin", coin, "error", err)
	}
	if pays, err := rp.Pool.PaymentHistory(ctx, coin, viabtc.HistoryQuery{Start: from.UTC(), End: to.UTC(), UTC: true}); err == nil {
		p.Payouts = 0
		for _, pay := range pays.Items {
			if !pay.Created.Before(from) && pay.Created.Before(to) {
				p.Payouts += pay.Amount.Float64()
			}
		}
	} else {
		rp.Log.Warn("reading the pool's payouts for a report failed", "coin", coin, "error", err)
	}
	return p, nil
}

func mean(vs []float64) float64 {
	if len(vs) == 0 {
		return math.NaN()
	}
	var s float64
	for _, v := range vs {
		s += v
	}
	return s / float64(len(vs))
}

// growth is how much a series grew over its points. For a counter (total hashes) a fall is a reset, not a
// loss: only the rises are added up.
func growth(points []store.RateSample, counter bool) float64 {
	if !counter {
		return points[len(points)-1].Hashrate - points[0].Hashrate
	}
	var sum float64
	for i := 1; i < len(points); i++ {
		if d := points[i].Hashrate - points[i-1].Hashrate; d > 0 {
			sum += d
		}
	}
	return sum
}
