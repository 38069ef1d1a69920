package charts

import (
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"
)

// maxTimeLabels is how many times the axis names at most: a phone shows a 1280-pixel picture about
// 400 points wide, where more would run into each other.
const maxTimeLabels = 8

// timeStep is a distance between labelled times on the axis, in the clock of the zone.
type timeStep struct {
	hours, days int    // one of them is set
	minorHours  int    // unlabelled ticks between the labels; 0 for none
	format      string // how a label is written
	monday      bool   // weeks start on Monday
}

var timeSteps = []timeStep{
	{hours: 1, format: "15:04"},
	{hours: 2, minorHours: 1, format: "15:04"},
	{hours: 3, minorHours: 1, format: "15:04"},
	{hours: 6, minorHours: 1, format: "15:04"},
	{hours: 12, minorHours: 3, format: "15:04"},
	{days: 1, minorHours: 6, format: "Mon 2"},
	{days: 2, minorHours: 24, format: "Mon 2"},
	{days: 7, minorHours: 24, format: "2 Jan", monday: true},
	{days: 14, minorHours: 24 * 7, format: "2 Jan", monday: true},
}

// timeTicks labels the time axis in a zone: on whole hours or midnights there (which stay whole across a
// change of daylight-saving time), with the date at midnight. blank keeps the ticks and leaves out the
// labels, for a panel with another under it.
type timeTicks struct {
	zone  *time.Location
	blank bool
}

// Ticks implements plot.Ticker.
func (t timeTicks) Ticks(lo, hi float64) []plot.Tick {
	from, to := time.Unix(int64(math.Floor(lo)), 0).In(t.zone), time.Unix(int64(math.Ceil(hi)), 0).In(t.zone)
	step := pickStep(to.Sub(from))
	var ticks []plot.Tick
	seen := map[int64]bool{}
	add := func(at time.Time, label string) {
		if at.Before(from) || at.After(to) || seen[at.Unix()] {
			return
		}
		seen[at.Unix()] = true
		if t.blank && label != "" {
			label = " " // a major tick still, with room for nothing
		}
		ticks = append(ticks, plot.Tick{Value: float64(at.Unix()), Label: label})
	}
	y, m, d := from.Date()
	for day := time.Date(y, m, d, 0, 0, 0, 0, t.zone); !day.After(to); day = day.AddDate(0, 0, 1) {
		for h := 0; h < 24; h++ {
			at := time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, t.zone)
			switch {
			case step.labels(at, h):
				add(at, label(at, h, step))
			case step.minorHours > 0 && h%step.minorHours == 0:
				add(at, "")
			}
		}
	}
	return ticks
}

// pickStep is the finest step that labels span at most maxTimeLabels times.
func pickStep(span time.Duration) timeStep {
	for _, s := range timeSteps {
		if span/s.duration() <= maxTimeLabels {
			return s
		}
	}
	return timeSteps[len(timeSteps)-1]
}

func (s timeStep) duration() time.Duration {
	return time.Duration(s.hours)*time.Hour + time.Duration(s.days)*24*time.Hour
}

// labels says whether the hour h of a day, at, gets a label.
func (s timeStep) labels(at time.Time, h int) bool {
	if s.hours > 0 {
		return h%s.hours == 0
	}
	if h != 0 {
		return false
	}
	if s.monday {
		return at.Weekday() == time.Monday && (s.days == 7 || civilDay(at)/7%2 == 0)
	}
	return civilDay(at)%s.days == 0
}

// civilDay numbers the calendar days, so that every other day is the same whatever the window.
func civilDay(at time.Time) int {
	y, m, d := at.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// label is what a labelled time reads: the time of day, or the date at midnight.
func label(at time.Time, h int, s timeStep) string {
	if s.hours > 0 && h == 0 {
		return at.Format("Mon 2")
	}
	return at.Format(s.format)
}

// valueTicks labels a value axis with about six round steps, in one unit for the whole axis.
type valueTicks struct{ unit Unit }

// Ticks implements plot.Ticker.
func (v valueTicks) Ticks(lo, hi float64) []plot.Tick {
	scale, suffix := unitOf(v.unit, math.Max(math.Abs(lo), math.Abs(hi)))
	step := niceStep((hi - lo) / scale / 6)
	if step <= 0 || math.IsNaN(step) {
		return nil
	}
	prec := decimals(step)
	var ticks []plot.Tick
	for x := math.Ceil(lo/scale/step) * step; x <= hi/scale+step*1e-9; x += step {
		ticks = append(ticks, plot.Tick{Value: x * scale, Label: strconv.FormatFloat(x, 'f', prec, 64) + " " + suffix})
	}
	return ticks
}

// unitOf is the scale and unit an axis reaching top is labelled in: hashrates with the SI prefix of
// units.FormatHashrate, so that the largest value reads between 1 and 1000.
func unitOf(u Unit, top float64) (scale float64, suffix string) {
	if u == Celsius {
		return 1, "°C"
	}
	prefixes := []string{"H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"}
	i := 0
	for scale = 1; top >= scale*1000 && i < len(prefixes)-1; i++ {
		scale *= 1000
	}
	return scale, prefixes[i]
}

// niceStep rounds a step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsInf(raw, 0) || math.IsNaN(raw) {
		return 0
	}
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*pow*(1+1e-9) {
			return m * pow
		}
	}
	return 10 * pow
}

// decimals is how many decimals the multiples of step need.
func decimals(step float64) int {
	for d := 0; d < 6; d++ {
		x := step * math.Pow(10, float64(d))
		if math.Abs(x-math.Round(x)) < 1e-6*x {
			return d
		}
	}
	return 6
}
