package monitor

import (
	"maps"
	"time"

	"pitboss/alerts"
)

// Latest is what the monitor last learnt of a source, for the chat to answer from without asking the
// service again.
type Latest struct {
	Source string
	Title  string
	// Observation is the last successful poll's, taken at At; nil before the first.
	Observation *Observation
	At          time.Time
	LastPoll    time.Time // the last poll, successful or not; zero before the first
	Err         error     // the last poll's failure, nil when it answered
	Failures    int       // failed polls in a row
	// Names are the names of the source's rigs (coins, site) by id: the latest the source gave, kept across
	// restarts, so that the chat can name them before the first poll and while the source is down.
	Names map[string]string
}

// Latest returns the latest state of the named source.
func (m *Monitor) Latest(name string) (Latest, bool) {
	w, ok := m.byName[name]
	if !ok {
		return Latest{}, false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.latest, true
}

// All returns the latest state of every source, in the order given to New.
func (m *Monitor) All() []Latest {
	out := make([]Latest, len(m.sources))
	for i, w := range m.sources {
		w.mu.Lock()
		out[i] = w.latest
		w.mu.Unlock()
	}
	return out
}

// failing reports whether the source's last poll failed.
func (w *watched) failing() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.failures > 0
}

// record keeps a poll's outcome and returns the failure streak and the names to show.
func (w *watched) record(obs *Observation, err error, at time.Time) (failures int, downSince time.Time, names map[string]string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.latest.LastPoll, w.latest.Err = at, err
	if err != nil {
		if w.failures == 0 {
			w.downSince = at
		}
		w.failures++
	} else {
		w.failures = 0
		w.latest.Observation, w.latest.At = obs, at
		names := maps.Clone(w.latest.Names)
		if names == nil {
			names = map[string]string{}
		}
		for id, name := range obs.Names {
			if name != "" {
				names[id] = name
			}
		}
		w.latest.Names = names // replaced, never changed in place: readers hold the old map
	}
	w.latest.Failures = w.failures
	return w.failures, w.downSince, w.latest.Names
}

// RigLimits is what the latest poll says of a rig's limit t, as the alert engine resolves it: the rig's
// farm ("" for a source of one farm), the farm's red temperature, and the rig's own red line for t (0 where
// the source sets none).
func (l Latest) RigLimits(rig string, t alerts.Threshold) (farm string, farmRed, rigRed float64) {
	if l.Observation == nil {
		return "", 0, 0
	}
	farm = l.Observation.Farms[rig]
	for _, r := range l.Observation.Readings {
		if r.Metric == alerts.FarmRedTemp {
			farmRed = r.Value
		} else if of, ok := alerts.RedLineOf(r.Metric); ok && of == t && r.Rig == rig {
			rigRed = r.Value
		}
	}
	return farm, farmRed, rigRed
}
