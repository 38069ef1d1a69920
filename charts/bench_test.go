package charts_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/charts"
	"pitboss/store"
)

// benchPoll is one poll of rigs rigs with gpus GPUs each, as the Hive OS adapter normalises it: a tenth of
// the rigs mine kawpow, the rest ethash, so the chart has two lines.
func benchPoll(rigs, gpus int, at time.Time) []alerts.Reading {
	rs := make([]alerts.Reading, 0, rigs*(3+2*gpus))
	for r := range rigs {
		id, algo, rate := fmt.Sprint(10256+r), "ethash", 250e6+float64(r%7)*1e6
		if r%10 == 0 {
			algo, rate = "kawpow", 180e6
		}
		rs = append(rs,
			alerts.Reading{Source: "hiveos", Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigOnline, Value: 1, At: at},
			alerts.Reading{Source: "hiveos", Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: algo, Value: rate, At: at},
			alerts.Reading{Source: "hiveos", Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigPower, Value: 1200, At: at})
		for g := range gpus {
			rs = append(rs,
				alerts.Reading{Source: "hiveos", Rig: id, GPU: g, Metric: alerts.GPUTemp, Value: float64(55 + (r+g)%20), At: at},
				alerts.Reading{Source: "hiveos", Rig: id, GPU: g, Metric: alerts.GPUFan, Value: float64(50 + (r*g)%40), At: at},
				alerts.Reading{Source: "hiveos", Rig: id, GPU: g, Metric: alerts.GPUHashrate, Value: rate / float64(gpus), At: at})
		}
	}
	return rs
}

// seedMonth gives s the history retention leaves of 30 days of a farm polled every minute: hourly
// rollups for the first 28 days and raw polls for the last 2, the last half-hour not rolled up yet. The
// rollups are made by RollUp from one poll at the start of each hour, which makes rows like the real ones
// (with polls = 1) in a fraction of the time 40,000 polls would take.
func seedMonth(b *testing.B, s *store.Store, rigs, gpus int, now time.Time) {
	b.Helper()
	ctx := context.Background()
	readings := benchPoll(rigs, gpus, now)
	save := func(at time.Time) {
		for i := range readings {
			readings[i].At = at
		}
		if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: at, Readings: readings}); err != nil {
			b.Fatal(err)
		}
	}
	start := now.Add(-30 * 24 * time.Hour)
	rawFrom := now.Add(-48 * time.Hour)
	for at := start; at.Before(rawFrom); at = at.Add(time.Hour) {
		save(at)
	}
	for at := rawFrom; at.Before(now); at = at.Add(time.Minute) {
		save(at)
	}
	if _, err := s.RollUp(ctx, now); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Prune(ctx, rawFrom, now.Add(-400*24*time.Hour)); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFarmChart30Days500Rigs draws the 30-day farm chart of a farm of 500 rigs × 8 GPUs: the query
// (28 days of rollups and the raw polls not rolled up yet, summed in SQL), the user's alerts, and the PNG.
// The sub-benchmarks split it, and measure the 24-hour chart, which reads raw polls.
func BenchmarkFarmChart30Days500Rigs(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "p.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	seedMonth(b, s, 500, 8, now)
	c := &charts.Charts{Store: s, Sources: farmSources(), Now: func() time.Time { return now }}
	u := store.User{ID: 1}
	month := now.Add(-30 * 24 * time.Hour)
	b.Run("query+draw", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.FarmChart(ctx, u, month, now); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("query", func(b *testing.B) {
		for b.Loop() {
			if tr, err := s.FarmTrend(ctx, "hiveos", month, now); err != nil || !tr.Hourly {
				b.Fatal(tr.Hourly, err)
			}
		}
	})
	b.Run("24h-raw-query+draw", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.FarmChart(ctx, u, now.Add(-24*time.Hour), now); err != nil {
				b.Fatal(err)
			}
		}
	})
}
