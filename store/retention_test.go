package store_test

import (
	"context"
	"math"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/store"
)

// saveMinutes stores one poll a minute of one rig with two GPUs over [from, to): the GPU temperatures
// climb a degree a minute from 60 and 70, the rig is offline on the minutes where offline says so.
func saveMinutes(t *testing.T, s *store.Store, from, to time.Time, offline func(m int) bool) {
	t.Helper()
	ctx := context.Background()
	for at, m := from, 0; at.Before(to); at, m = at.Add(time.Minute), m+1 {
		on := 1.0
		rs := []alerts.Reading{{Source: "hiveos", Rig: "A", GPU: alerts.NoGPU, Metric: alerts.RigOnline, At: at}}
		if offline == nil || !offline(m) {
			rs = append(rs[:0], alerts.Reading{Source: "hiveos", Rig: "A", GPU: alerts.NoGPU, Metric: alerts.RigOnline, Value: on, At: at},
				alerts.Reading{Source: "hiveos", Rig: "A", GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: "ethash", Value: float64(100 + m), At: at},
				alerts.Reading{Source: "hiveos", Rig: "A", GPU: 0, Metric: alerts.GPUTemp, Value: float64(60 + m%60), At: at},
				alerts.Reading{Source: "hiveos", Rig: "A", GPU: 1, Metric: alerts.GPUTemp, Value: float64(70 + m%60), At: at},
				alerts.Reading{Source: "hiveos", Rig: "BTC", GPU: alerts.NoGPU, Metric: alerts.PoolHashrate, Value: 40e12, At: at})
		}
		if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: at, Readings: rs}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRollUpSumsUpEachCompleteHour(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		// Two hours and a half; the rig is offline for the last ten minutes of the first hour.
		saveMinutes(t, s, day, day.Add(150*time.Minute), func(m int) bool { return m >= 50 && m < 60 })
		n, err := s.RollUp(ctx, day.Add(150*time.Minute))
		if err != nil || n != 2 {
			t.Fatalf("rolled up %d hours, %v; want the two complete ones", n, err)
		}
		got, err := s.RigRollups(ctx, "hiveos", "A", day, day.Add(3*time.Hour))
		if err != nil || len(got) != 2 {
			t.Fatalf("rollups: %+v %v", got, err)
		}
		first := got[0]
		if first.Polls != 60 || first.Online != 50 || first.Algo != "ethash" || first.HashrateMin != 100 ||
			first.HashrateMax != 149 || first.Hashrate != 124.5 {
			t.Fatalf("first hour: %+v", first)
		}
		if len(first.GPUMax) != 2 || first.GPUMin[0].Temp != 60 || first.GPUMax[0].Temp != 109 || first.GPUMax[1].Temp != 119 ||
			first.GPUAvg[1].Temp != 95 /* 94.5, kept in whole °C */ || !math.IsNaN(first.GPUAvg[0].Fan) {
			t.Fatalf("first hour's GPUs: min %+v avg %+v max %+v", first.GPUMin, first.GPUAvg, first.GPUMax)
		}
		if got[1].Online != 60 || got[1].HashrateMin != 160 {
			t.Fatalf("second hour: %+v", got[1])
		}
		// Again, later: only the hour completed since.
		if n, err := s.RollUp(ctx, day.Add(4*time.Hour)); err != nil || n != 1 {
			t.Fatalf("second roll-up: %d %v", n, err)
		}
	})
}

func TestRollUpStepsOverHoursWithoutPolls(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		saveMinutes(t, s, day, day.Add(10*time.Minute), nil)
		saveMinutes(t, s, day.Add(72*time.Hour), day.Add(72*time.Hour+10*time.Minute), nil) // pitboss was down three days
		n, err := s.RollUp(ctx, day.Add(73*time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("rolled up %d hours, %v", n, err)
		}
	})
}

func TestPruneRemovesExactlyTheOldRawPollsAndKeepsTheRollups(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		saveMinutes(t, s, day, day.Add(5*time.Hour), nil)
		now := day.Add(5 * time.Hour)
		// Nothing is rolled up yet: nothing may go, however old.
		if p, err := s.Prune(ctx, now, now.Add(-24*time.Hour)); err != nil || p.Samples != 0 {
			t.Fatalf("pruned before any roll-up: %+v %v", p, err)
		}
		if _, err := s.RollUp(ctx, now); err != nil {
			t.Fatal(err)
		}
		cut := day.Add(3*time.Hour + 30*time.Minute)
		p, err := s.Prune(ctx, cut, day.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		// 210 minutes of one rig and one pool series go; the first hour's rollups (a rig's and a series') too.
		if p.Samples != 420 || p.Rollups != 2 {
			t.Fatalf("pruned %+v", p)
		}
		raw, _ := s.RigSamples(ctx, "hiveos", "A", day, now)
		if len(raw) != 90 || !raw[0].At.Equal(cut) {
			t.Fatalf("raw left: %d from %v", len(raw), raw[0].At)
		}
		ups, _ := s.RigRollups(ctx, "hiveos", "A", day, now)
		if len(ups) != 4 || !ups[0].Hour.Equal(day.Add(time.Hour)) {
			t.Fatalf("rollups left: %d from %v", len(ups), ups[0].Hour)
		}
	})
}
