package monitor

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Rules returns the rules in force: the config's, or those of its last reload.
func (m *Monitor) Rules() Rules {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rules
}

// Rules lets a fixed set of rules stand where the rules in force are asked for.
func (r Rules) Rules() Rules { return r }

// SetRules puts new rules in force from the next poll on. Alerts already pending or firing are judged by
// them from then on: a lowered line fires sooner, a raised one lets an alert resolve.
func (m *Monitor) SetRules(r Rules) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rules = r
}

// Reschedule gives sources new schedules, by name. Every spec is checked before any is applied, so a bad
// one changes nothing. A source whose spec is unchanged keeps its place in the schedule; a changed one
// is next polled at the new schedule's next time. An unknown name is an error.
func (m *Monitor) Reschedule(specs map[string]string) error {
	parsed := map[*watched]cron.Schedule{}
	for name, spec := range specs {
		w, ok := m.byName[name]
		if !ok {
			return fmt.Errorf("monitor: no source %q", name)
		}
		sched, err := cron.ParseStandard(spec)
		if err != nil {
			return fmt.Errorf("monitor: %s schedule %q: %w", name, spec, err)
		}
		parsed[w] = sched
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for w, sched := range parsed {
		if w.spec == specs[w.src.Name()] {
			continue
		}
		m.log.Info("poll schedule changed", "source", w.src.Name(), "from", w.spec, "to", specs[w.src.Name()])
		w.spec, w.schedule, w.timeout = specs[w.src.Name()], sched, pollTimeout(sched, m.now())
		if m.cron != nil {
			m.cron.Remove(w.entry)
			w.entry = m.cron.Schedule(sched, m.job(w))
		}
	}
	return nil
}

// timeout is the bound of one poll of w, which follows its schedule.
func (m *Monitor) timeout(w *watched) time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return w.timeout
}

// RuleSource gives the rules in force: the monitor, or a fixed Rules.
type RuleSource interface {
	Rules() Rules
}

// RulesOf is the rules s gives; none when s is nil.
func RulesOf(s RuleSource) Rules {
	if s == nil {
		return Rules{}
	}
	return s.Rules()
}
