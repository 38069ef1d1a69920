package monitor

import (
	"slices"
	"time"

	"pitboss/alerts"
)

// BaselineWindow is how far back a rig's hashrate median looks.
const BaselineWindow = time.Hour

// minBaselineSamples is how many polls make a median worth judging a rig against.
const minBaselineSamples = 5

// facts is what the monitor learns of a source's rigs across polls: the most GPUs each has reported (a
// card that falls off the bus shows as fewer) and each rig's recent hashrates per algorithm.
type facts struct {
	expected map[string]int
	rates    map[string][]rateAt // alerts.BaselineKey: oldest first, within BaselineWindow
}

type rateAt struct {
	at   time.Time
	rate float64
}

func newFacts() *facts {
	return &facts{expected: map[string]int{}, rates: map[string][]rateAt{}}
}

// forPoll is what the engine needs for a poll at now: the expected GPU counts and the medians of the
// hashrates seen before it.
func (f *facts) forPoll(now time.Time) alerts.Facts {
	out := alerts.Facts{ExpectedGPUs: f.expected, Baselines: make(map[string]float64, len(f.rates))}
	var buf []float64
	for k, rs := range f.rates {
		rs = recent(rs, now)
		f.rates[k] = rs
		if len(rs) < minBaselineSamples {
			continue
		}
		buf = buf[:0]
		for _, r := range rs {
			buf = append(buf, r.rate)
		}
		out.Baselines[k] = median(buf)
	}
	return out
}

// learn takes in a poll the engine has judged: online rigs' GPU counts and hashrates.
func (f *facts) learn(v *alerts.View, now time.Time) {
	for _, r := range v.Rigs {
		if !r.Online {
			continue
		}
		if n := len(r.GPUs); n > f.expected[r.ID] {
			f.expected[r.ID] = n
		}
		for _, a := range r.Hashrates {
			k := alerts.BaselineKey(r.ID, a.Algo)
			f.rates[k] = append(f.rates[k], rateAt{now, a.Value})
		}
	}
}

// recent drops what is older than the window.
func recent(rs []rateAt, now time.Time) []rateAt {
	cut := now.Add(-BaselineWindow)
	i := 0
	for i < len(rs) && !rs[i].at.After(cut) {
		i++
	}
	if i == len(rs) {
		return nil
	}
	return rs[i:]
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
