package main

import (
	"context"
	"fmt"
	"time"

	"pitboss/alerting"
	"pitboss/monitor"
	"pitboss/sim/simhttp"
	"pitboss/store"
)

// demoHistoryDays and the steps shape the history the demo starts with: the farm every quarter of an
// hour, the pool and the site, which change slowly, every half hour.
const (
	demoHistoryDays     = 3
	demoHistoryStep     = 15 * time.Minute
	demoHistorySlowStep = 30 * time.Minute
)

// seedDemoHistory gives the demo a few days of history, so that /chart and /report have something to show
// on the first run. It polls simulators of the demo's services, started that many days ago and run on a
// clock of their own, through the real sources and monitor, into the database of cfg (the demo's); then it
// rolls the hours up as retention would.
func seedDemoHistory(ctx context.Context, cfg Config, now time.Time) error {
	st, err := store.Open(ctx, cfg.Database.Path, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	start := now.Add(-demoHistoryDays * 24 * time.Hour)
	clock := simhttp.NewClock(start)
	stop, err := startDemoServices(&cfg, clock.Now) // cfg is a copy: the demo's own keeps its simulators
	if err != nil {
		return err
	}
	defer stop()
	svc, err := newServices(&cfg, nil)
	if err != nil {
		return err
	}
	defer svc.close()
	m, err := monitor.New(monitor.Options{Store: st, Renderer: alerting.Renderer{}, Rules: alertRules(DefaultConfig().Alerts), Now: clock.Now},
		svc.polled...)
	if err != nil {
		return err
	}
	for at := start; at.Before(now); at = at.Add(demoHistoryStep) {
		clock.Set(at)
		names := []string{"hiveos"}
		if at.Sub(start)%demoHistorySlowStep == 0 {
			names = append(names, "viabtc", "coinhive")
		}
		for _, name := range names {
			if err := m.Poll(ctx, name); err != nil {
				return fmt.Errorf("demo history at %s: %w", at.Format(time.DateTime), err)
			}
		}
	}
	_, err = st.RollUp(ctx, now)
	return err
}
