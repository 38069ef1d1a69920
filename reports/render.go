package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"pitboss/bot"
	"pitboss/units"
)

// render writes a day's report, each figure beside the day before's change (▲ / ▼ %). late says when the
// report was due if it goes out late. The text fits a photo's caption (1,024 characters).
func render(cur, prev Figures, loc *time.Location, late time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📊 <b>Daily report</b> · %s – %s", cur.From.In(loc).Format("2 Jan 15:04"), cur.To.In(loc).Format("2 Jan 15:04 MST"))
	if !late.IsZero() {
		fmt.Fprintf(&b, "\n⏰ <i>Late: due at %s, when pitboss was not running.</i>", late.In(loc).Format("15:04"))
	}
	prevAlgos := map[string]AlgoFigure{}
	for _, a := range prev.Algos {
		prevAlgos[a.Algo] = a
	}
	for _, a := range cur.Algos {
		p, ok := prevAlgos[a.Algo]
		if !ok {
			p = AlgoFigure{Avg: math.NaN(), Min: math.NaN()}
		}
		fmt.Fprintf(&b, "\n⛏ %s %s avg%s, low %s%s", bot.Escape(a.Algo), units.FormatHashrate(a.Avg), change(a.Avg, p.Avg),
			units.FormatHashrate(a.Min), change(a.Min, p.Min))
	}
	if !math.IsNaN(cur.Uptime) {
		fmt.Fprintf(&b, "\n🟢 Uptime %s%s", percent(cur.Uptime), change(cur.Uptime, prev.Uptime))
		if len(cur.LowUptime) > 0 {
			var low []string
			for _, r := range cur.LowUptime {
				low = append(low, bot.Escape(r.Name)+" "+percent(r.Uptime))
			}
			b.WriteString(" · lowest " + strings.Join(low, ", "))
		}
	}
	if len(cur.Hottest) > 0 {
		var hot []string
		for _, h := range cur.Hottest {
			hot = append(hot, fmt.Sprintf("%s GPU %d %g °C at %s", bot.Escape(h.Name), h.GPU, h.Temp, h.At.In(loc).Format("15:04")))
		}
		prevHot := math.NaN()
		if len(prev.Hottest) > 0 {
			prevHot = prev.Hottest[0].Temp
		}
		fmt.Fprintf(&b, "\n🔥 Hottest %s%s", strings.Join(hot, "; "), change(cur.Hottest[0].Temp, prevHot))
	}
	b.WriteString("\n" + alertsLine(cur, prev))
	if s := cur.Site; s != nil {
		prevHashes := math.NaN()
		if prev.Site != nil {
			prevHashes = prev.Site.Hashes
		}
		fmt.Fprintf(&b, "\n🌐 Coinhive %s hashes%s, XMR pending %s, paid %s", count(s.Hashes), change(s.Hashes, prevHashes),
			signed(s.Pending), signed(s.Paid))
	}
	prevPools := map[string]PoolFigure{}
	for _, p := range prev.Pools {
		prevPools[p.Coin] = p
	}
	for _, p := range cur.Pools {
		b.WriteString("\n" + poolLine(p, prevPools[p.Coin]))
	}
	if !math.IsNaN(cur.PowerW) {
		fmt.Fprintf(&b, "\n⚡ %.2f kW average, %.1f kWh%s", cur.PowerW/1000, cur.EnergyKWh, change(cur.EnergyKWh, prev.EnergyKWh))
	}
	return b.String()
}

func alertsLine(cur, prev Figures) string {
	if len(cur.Alerts) == 0 {
		return fmt.Sprintf("✅ No alerts%s", countChange(0, len(prev.Alerts)))
	}
	line := fmt.Sprintf("🚨 %d alert%s%s", len(cur.Alerts), plural(len(cur.Alerts)), countChange(len(cur.Alerts), len(prev.Alerts)))
	var longest []string
	for _, a := range cur.Alerts[:min(3, len(cur.Alerts))] {
		longest = append(longest, bot.Escape(a.What)+" "+units.FormatDuration(a.Lasted))
	}
	return line + ", longest: " + strings.Join(longest, "; ")
}

func poolLine(p, prev PoolFigure) string {
	if prev.Coin == "" {
		prev = PoolFigure{Hashrate24h: math.NaN(), Profit: math.NaN(), Payouts: math.NaN()}
	}
	line := "🏊 ViaBTC " + bot.Escape(p.Coin)
	if !math.IsNaN(p.Hashrate24h) {
		line += " " + units.FormatHashrate(p.Hashrate24h) + " over 24 h" + change(p.Hashrate24h, prev.Hashrate24h)
	}
	if !math.IsNaN(p.Profit) {
		line += fmt.Sprintf(", profit %s %s%s", coinAmount(p.Profit), bot.Escape(p.Coin), change(p.Profit, prev.Profit))
	}
	if !math.IsNaN(p.Payouts) {
		line += fmt.Sprintf(", payouts %s %s", coinAmount(p.Payouts), bot.Escape(p.Coin))
	}
	return line
}

// change is the day before's change of a figure: " (▲ 3.1 %)", " (▼ 0.4 %)", " (=)"; nothing when the
// day before has no figure to compare with.
func change(cur, prev float64) string {
	if math.IsNaN(cur) || math.IsNaN(prev) || prev == 0 {
		return ""
	}
	pct := (cur - prev) / math.Abs(prev) * 100
	switch {
	case math.Abs(pct) < 0.05:
		return " (=)"
	case pct > 0:
		return fmt.Sprintf(" (▲ %.1f %%)", pct)
	}
	return fmt.Sprintf(" (▼ %.1f %%)", -pct)
}

// countChange compares small counts by their difference, which reads better than a percentage.
func countChange(cur, prev int) string {
	switch {
	case cur > prev:
		return fmt.Sprintf(" (▲ %d)", cur-prev)
	case cur < prev:
		return fmt.Sprintf(" (▼ %d)", prev-cur)
	}
	return " (=)"
}

func percent(v float64) string {
	if v >= 0.9995 {
		return "100 %"
	}
	return strconv.FormatFloat(v*100, 'f', 1, 64) + " %"
}

// count writes a large count with a prefix: 12.3 M.
func count(v float64) string {
	return strings.TrimSpace(strings.TrimSuffix(units.FormatHashrate(v), "H/s"))
}

func signed(v float64) string { return fmt.Sprintf("%+.4f", v) }

func coinAmount(v float64) string { return strconv.FormatFloat(v, 'f', 8, 64) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func itoa(n int) string { return strconv.Itoa(n) }
