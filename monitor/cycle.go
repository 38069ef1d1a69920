package monitor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"pitboss/alerts"
	"pitboss/store"
)

// cycle polls one source and carries the poll through: judge every user's alerts, render what to tell
// them, write history, states and messages in one transaction, wake the sender. Evaluation and rendering
// happen before the transaction, so that it stays short.
func (m *Monitor) cycle(ctx context.Context, w *watched) error {
	w.run.Lock()
	defer w.run.Unlock()
	name := w.src.Name()
	if err := m.loadFacts(ctx, w); err != nil {
		m.log.Error("reading what is known of the source failed; skipping this poll", "source", name, "error", err)
		return err
	}
	now := m.now()
	pctx, cancel := context.WithTimeout(ctx, m.timeout(w))
	started := time.Now()
	obs, err := w.src.Poll(pctx, now)
	took := time.Since(started)
	cancel()
	if ctx.Err() != nil {
		return ctx.Err() // shutting down: a poll cut short says nothing about the source
	}
	if err == nil && len(w.facts.expected) > 0 && !hasRigs(obs) {
		// A farm whose rigs all vanish at once is an answer gone wrong, not a farm dismantled: judging it
		// would end every rig's alert, and the next good answer would fire them all again.
		err = errNoRigs
	}
	if m.opts.Counter != nil {
		m.opts.Counter.Polled(name, took, err)
	}
	resumed := w.failing()
	failures, downSince, names := w.record(obs, err, now)
	poll := alerts.Poll{Source: name, At: now, Failed: err != nil, Failures: failures, DownSince: downSince,
		Resumed: resumed && err == nil, Facts: w.facts.forPoll(now)}
	if err != nil {
		m.log.Warn("poll failed", "source", name, "failures", failures, "error", err)
	} else {
		poll.Readings, poll.Farms = obs.Readings, obs.Farms
		if obs.Problem != nil {
			m.log.Warn("source reports a problem", "source", name, "error", obs.Problem)
		}
	}
	view := alerts.NewView(poll)
	c, err := m.judge(ctx, w, view, names, now)
	if err != nil {
		m.log.Error("judging the poll failed", "source", name, "error", err)
		return err
	}
	if err := m.opts.Store.SaveCycle(ctx, c); err != nil {
		m.log.Error("saving the poll failed", "source", name, "error", err)
		return err
	}
	if m.opts.Counter != nil {
		m.opts.Counter.Stored(len(c.Readings))
	}
	w.facts.learn(view, now)
	if len(c.Outbox) > 0 && m.opts.Notifier != nil {
		m.opts.Notifier.Notify()
	}
	return nil
}

// errNoRigs is an answer that lists no rig, from a source whose rigs pitboss knows.
var errNoRigs = errors.New("the answer lists no rigs")

func hasRigs(obs *Observation) bool {
	for _, r := range obs.Readings {
		if r.Metric == alerts.RigOnline {
			return true
		}
	}
	return false
}

// judge evaluates the poll for every user and renders what each must be told.
func (m *Monitor) judge(ctx context.Context, w *watched, view *alerts.View, names map[string]string, now time.Time) (store.Cycle, error) {
	name := w.src.Name()
	c := store.Cycle{Source: name, At: now, Readings: view.Readings, Names: names}
	st := m.opts.Store
	users, err := st.Users(ctx)
	if err != nil {
		return c, err
	}
	thresholds, err := st.Thresholds(ctx)
	if err != nil {
		return c, err
	}
	mutes, err := st.Mutes(ctx, 0, now)
	if err != nil {
		return c, err
	}
	states, err := st.AlertStates(ctx, name)
	if err != nil {
		return c, err
	}
	policies := m.policies(name, users, thresholds, mutes)
	for _, u := range users {
		out := alerts.Evaluate(view, policies[u.ID], states[u.ID], now)
		if len(out.Upserts)+len(out.Deletes) > 0 {
			c.States = append(c.States, store.StateChanges{UserID: u.ID, Upserts: out.Upserts, Deletes: out.Deletes,
				Began: out.Began, Ended: out.Ended})
		}
		if len(out.Transitions) > 0 {
			c.Outbox = append(c.Outbox, m.opts.Renderer.Render(Notice{User: u, Source: name, Title: w.src.Title(),
				Names: names, Transitions: out.Transitions, At: now})...)
		}
	}
	return c, nil
}

// loadFacts reads, once, what the database knows of the source's rigs: their GPU counts and the last hour
// of hashrates, so that a restart neither forgets a lost GPU nor waits an hour to judge hashrates.
func (m *Monitor) loadFacts(ctx context.Context, w *watched) error {
	if w.facts != nil {
		return nil
	}
	name := w.src.Name()
	rigs, err := m.opts.Store.Rigs(ctx, name)
	if err != nil {
		return fmt.Errorf("rigs: %w", err)
	}
	rates, err := m.opts.Store.RigHashrates(ctx, name, m.now().Add(-BaselineWindow))
	if err != nil {
		return fmt.Errorf("hashrates: %w", err)
	}
	f := newFacts()
	names := map[string]string{}
	for _, r := range rigs {
		f.expected[r.ID] = r.GPUs
		if r.Name != "" {
			names[r.ID] = r.Name
		}
	}
	for k, rs := range rates {
		for _, r := range rs {
			f.rates[k] = append(f.rates[k], rateAt{r.At, r.Hashrate})
		}
	}
	w.facts = f
	w.mu.Lock()
	if w.latest.Names == nil {
		w.latest.Names = names
	}
	w.mu.Unlock()
	return nil
}
