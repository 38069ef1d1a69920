package viabtc

import (
	"math"
	"strconv"
	"time"
)

// workerView is a worker as the API shows it at one moment.
type workerView struct {
	w          *worker
	active     bool
	h10, h1    float64
	h24        float64
	lastActive time.Time
}

// flakyOff is the part of every hour a demo flaky worker spends offline: minutes 40 to 49.
func flakyOff(now time.Time) (time.Time, bool) {
	start := now.Truncate(time.Hour).Add(40 * time.Minute)
	return start, !now.Before(start) && now.Before(start.Add(10*time.Minute))
}

// drift is a small deterministic wobble (±3 %) for demo hashrates: the same slot always gives the same value.
func drift(seed int64, slot int64) float64 {
	return 1 + 0.03*math.Sin(float64(slot)*0.7+float64(seed))
}

func (w *worker) view(now time.Time) workerView {
	v := workerView{w: w, active: w.active, h24: w.base}
	if !w.active {
		v.lastActive = w.lastActive
		return v
	}
	if w.flaky {
		if start, off := flakyOff(now); off {
			v.active = false
			v.h1 = w.base * 5 / 6
			v.lastActive = start
			return v
		}
	}
	v.h10, v.h1 = w.base, w.base
	if w.wobble {
		v.h10 = w.base * drift(w.id, now.Unix()/600)
	}
	// A share every few seconds: the last one was just now.
	v.lastActive = now.Truncate(10 * time.Second)
	return v
}

// status is how the API spells a worker's state.
func (v workerView) status() string {
	if v.active {
		return "active"
	}
	return "unactive"
}

// totals sums worker views.
type totals struct {
	active, inactive int
	h10, h1, h24     float64
	reject           float64 // hashrate-weighted
}

func (t *totals) add(v workerView) {
	if v.active {
		t.active++
	} else {
		t.inactive++
	}
	t.h10 += v.h10
	t.h1 += v.h1
	t.h24 += v.h24
	t.reject += v.w.reject * v.h1
}

func (t totals) rejectRate() float64 {
	if t.h1 == 0 {
		return 0
	}
	return t.reject / t.h1
}

// hashrate formats H/s as the service does: an integer in a string.
func hashrate(h float64) string { return strconv.FormatFloat(math.Round(h), 'f', 0, 64) }

// fraction formats a reject rate: a short decimal in a string.
func fraction(f float64) string { return strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64) }
