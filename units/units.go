// Package units writes and reads the quantities miners talk in: hashrates with SI prefixes (125 MH/s,
// 44.6 TH/s) and short durations (4m, 2h 5m).
package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// FormatHashrate writes a hashrate in H/s with the unit a miner would use: 44.63 TH/s, 812 H/s.
func FormatHashrate(hps float64) string {
	units := []string{"H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"}
	i := 0
	for hps >= 1000 && i < len(units)-1 {
		hps /= 1000
		i++
	}
	switch {
	case i == 0:
		return fmt.Sprintf("%.0f %s", hps, units[i])
	case hps >= 100:
		return fmt.Sprintf("%.0f %s", hps, units[i])
	case hps >= 10:
		return fmt.Sprintf("%.1f %s", hps, units[i])
	}
	return fmt.Sprintf("%.2f %s", hps, units[i])
}

var prefixes = map[byte]float64{'k': 1e3, 'K': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18}

// ParseHashrate reads a hashrate a person typed: a number with an SI prefix and optionally the unit, such
// as "150M", "150MH/s", "40T", "1.5 GH/s", "900k", "500H/s". A bare number is refused: whether "20" means
// H/s or a percentage is not for pitboss to guess.
func ParseHashrate(s string) (float64, error) {
	t := strings.TrimSpace(s)
	for _, unit := range []string{"H/s", "h/s", "Hs", "hs", "H", "h"} {
		if strings.HasSuffix(t, unit) {
			t = strings.TrimSpace(strings.TrimSuffix(t, unit))
			break
		}
	}
	scale, unitGiven := 1.0, t != strings.TrimSpace(s)
	if n := len(t); n > 0 {
		if p, ok := prefixes[t[n-1]]; ok {
			scale, unitGiven, t = p, true, strings.TrimSpace(t[:n-1])
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !unitGiven || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a hashrate (write it with its unit, such as 150M, 40T or 500H/s)", s)
	}
	return v * scale, nil
}

// FormatDuration writes d the short way a chat reads well: "45s", "5m", "2h 5m", "3d 4h".
func FormatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
		if s == 0 || m >= 10 {
			return fmt.Sprintf("%dm", m)
		}
		return fmt.Sprintf("%dm %ds", m, s)
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return fmt.Sprintf("%dh", h)
		}
		return fmt.Sprintf("%dh %dm", h, m)
	}
	days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if h == 0 {
		return fmt.Sprintf("%dd", days)
	}
	return fmt.Sprintf("%dd %dh", days, h)
}
