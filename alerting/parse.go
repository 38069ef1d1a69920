package alerting

import (
	"math"
	"strconv"
	"strings"
	"time"

	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/units"
)

// valueSpec is how one threshold's value is written and checked.
type valueSpec struct {
	label string // the threshold as /thresholds lists it
	what  string // the threshold in a sentence
	form  string // the valid forms and range, as the help and every error show them
	parse func(s string) (alerts.Limit, bool)
}

var specs = map[alerts.Threshold]valueSpec{
	alerts.TempMax: {"GPU temperature", "GPU temperature", "°C from 30 to 120, such as 80 or 80C", celsius(30, 120)},
	alerts.FanMax: {"GPU fan", "GPU fan speed", "% from 1 to 100, such as 90 or 90%", func(s string) (alerts.Limit, bool) {
		v, ok := number(strings.TrimSuffix(s, "%"))
		return alerts.Limit{Value: v, Set: true}, ok && v >= 1 && v <= 100
	}},
	alerts.HashrateLow: {"Rig hashrate", "rig hashrate", "a drop under the rig's usual hashrate from 1% to 99%, such as 20%, or a hashrate such as 150M",
		func(s string) (alerts.Limit, bool) {
			if p, isPercent := strings.CutSuffix(s, "%"); isPercent {
				v, ok := number(p)
				return alerts.Limit{Value: v, Percent: true, Set: true}, ok && v >= 1 && v <= 99
			}
			return hashrate(s)
		}},
	alerts.OfflineAfter: {"Rig offline after", "time without data before a rig counts as offline", "from 1m to 24h, such as 10m or 1h30m",
		func(s string) (alerts.Limit, bool) {
			d, err := time.ParseDuration(s)
			return alerts.Limit{Value: d.Seconds(), Set: true}, err == nil && d >= time.Minute && d <= 24*time.Hour
		}},
	alerts.PoolLow: {"Pool hashrate", "pool hashrate", "a hashrate such as 40T or 500G", hashrate},
	alerts.WorkersMax: {"Inactive pool workers", "number of inactive pool workers tolerated", "a whole number from 0 (any inactive worker alerts) to 10000",
		func(s string) (alerts.Limit, bool) {
			n, err := strconv.Atoi(s)
			return alerts.Limit{Value: float64(n), Set: true}, err == nil && n >= 0 && n <= 10000
		}},
	alerts.SiteLow:    {"Site hashrate", "site hashrate", "a hashrate such as 1k or 500H/s", hashrate},
	alerts.MemTempMax: {"GPU memory temperature", "GPU memory temperature", "°C from 30 to 130, such as 100 or 100C", celsius(30, 130)},
}

// celsius reads a temperature from lo to hi °C: "80", "80C", "80°C".
func celsius(lo, hi float64) func(s string) (alerts.Limit, bool) {
	return func(s string) (alerts.Limit, bool) {
		v, ok := number(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "C"), "c"), "°"))
		return alerts.Limit{Value: v, Set: true}, ok && v >= lo && v <= hi
	}
}

func number(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

func hashrate(s string) (alerts.Limit, bool) {
	v, err := units.ParseHashrate(s)
	return alerts.Limit{Value: v, Set: true}, err == nil && v > 0 && v <= 1e21
}

// names lists the thresholds' names as the commands take them: "temp|fan|...".
func names() string {
	var ns []string
	for _, t := range alerts.Thresholds() {
		ns = append(ns, t.String())
	}
	return strings.Join(ns, "|")
}

// setting is a parsed /set.
type setting struct {
	threshold alerts.Threshold
	limit     alerts.Limit
	target    string // the rig, coin or site as typed; "" for every one
}

// parseSet reads "<threshold> <value> [rig]". Its errors are for the user: they say what was wrong and
// show the right form.
func parseSet(args string) (setting, error) {
	fields := strings.Fields(args)
	if len(fields) < 2 {
		return setting{}, bot.UserErrorf("Usage: /set &lt;%s&gt; &lt;value&gt; [rig]\nFor example: /set temp 80, /set hashrate 20%%, /set offline 10m rig01", names())
	}
	t, err := parseThreshold(fields[0])
	if err != nil {
		return setting{}, err
	}
	spec := specs[t]
	limit, ok := spec.parse(fields[1])
	if !ok {
		return setting{}, bot.UserErrorf("%s is not a valid %s. Give %s.", bot.Quote(fields[1]), spec.what, spec.form)
	}
	return setting{threshold: t, limit: limit, target: strings.Join(fields[2:], " ")}, nil
}

// parseThreshold reads a threshold's name.
func parseThreshold(name string) (alerts.Threshold, error) {
	t, ok := alerts.ParseThreshold(strings.ToLower(name))
	if !ok {
		return 0, bot.UserErrorf("There is no threshold %s. The thresholds are: %s.", bot.Quote(name), strings.ReplaceAll(names(), "|", ", "))
	}
	return t, nil
}

// parseMuteDuration reads how long a mute lasts: from a minute to 30 days.
func parseMuteDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if days, isDays := strings.CutSuffix(s, "d"); isDays {
		n, nerr := strconv.Atoi(days)
		if nerr != nil || n < 0 || n > 30 { // checked before it is multiplied, which could wrap round
			n, nerr = 0, strconv.ErrRange
		}
		d, err = time.Duration(n)*24*time.Hour, nerr
	}
	if err != nil || d < time.Minute || d > 30*24*time.Hour {
		return 0, bot.UserErrorf("%s is not a duration from 1m to 30d, such as 30m, 2h or 1d.", bot.Quote(s))
	}
	return d, nil
}
