package store_test

import (
	"context"
	"math"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/store"
)

// farmReadings is a poll of rigs rigs with gpus GPUs each, as an adapter would normalise it.
func farmReadings(source string, rigs, gpus int, at time.Time) []alerts.Reading {
	var rs []alerts.Reading
	for r := range rigs {
		id := string(rune('A' + r))
		rs = append(rs,
			alerts.Reading{Source: source, Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigOnline, Value: 1, At: at},
			alerts.Reading{Source: source, Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: "ethash", Value: 125.43e6, At: at},
			alerts.Reading{Source: source, Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigPower, Value: 870, At: at})
		for g := range gpus {
			rs = append(rs,
				alerts.Reading{Source: source, Rig: id, GPU: g, Metric: alerts.GPUTemp, Value: float64(60 + g), At: at},
				alerts.Reading{Source: source, Rig: id, GPU: g, Metric: alerts.GPUFan, Value: float64(70 + g), At: at},
				alerts.Reading{Source: source, Rig: id, GPU: g, Metric: alerts.GPUHashrate, Value: 41.8e6 + float64(g), At: at})
		}
	}
	return rs
}

func TestSaveCycleKeepsEachRigsPollAndReadsItBack(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		readings := farmReadings("hiveos", 2, 3, day)
		// A second algorithm on rig A, a pool figure, the farm's red temperature.
		readings = append(readings[:3:3], append([]alerts.Reading{{Source: "hiveos", Rig: "A", GPU: alerts.NoGPU,
			Metric: alerts.RigHashrate, Algo: "randomx", Value: 5100, At: day}}, readings[3:]...)...)
		readings = append(readings, alerts.Reading{Source: "hiveos", GPU: alerts.NoGPU, Metric: alerts.FarmRedTemp, Value: 80, At: day})
		if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: day, Readings: readings, Names: map[string]string{"A": "rig-a"}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.RigSamples(ctx, "hiveos", "A", day, day.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("%d samples", len(got))
		}
		smp := got[0]
		if !smp.At.Equal(day) || !smp.Online || smp.Algo != "ethash" || smp.Hashrate != 125.43e6 || smp.Algo2 != "randomx" ||
			smp.Hashrate2 != 5100 || smp.Power != 870 || len(smp.GPUs) != 3 {
			t.Fatalf("sample %+v", smp)
		}
		if g := smp.GPUs[2]; g.Temp != 62 || g.Fan != 72 || float32(g.Hash) != float32(41.8e6+2) || !math.IsNaN(g.MemTemp) || !math.IsNaN(g.Power) {
			t.Fatalf("GPU 2: %+v", g)
		}
		b, _ := s.RigSamples(ctx, "hiveos", "B", day, day.Add(time.Minute))
		if len(b) != 1 || b[0].Algo2 != "" || !math.IsNaN(b[0].Hashrate2) {
			t.Fatalf("rig B: %+v", b)
		}
		red, err := s.Series(ctx, "hiveos", "/farm_red_temp", day, day.Add(time.Minute))
		if err != nil || len(red) != 1 || red[0].Hashrate != 80 {
			t.Fatalf("red temp series: %+v %v", red, err)
		}
		rigs, err := s.Rigs(ctx, "hiveos")
		if err != nil || len(rigs) != 2 || rigs[0] != (store.RigFact{ID: "A", Name: "rig-a", GPUs: 3}) {
			t.Fatalf("rigs: %+v %v", rigs, err)
		}
	})
}

func TestRigFactsKeepTheMostGPUsAndTheNewestName(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		save := func(at time.Time, gpus int, name string) {
			t.Helper()
			if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: at, Readings: farmReadings("hiveos", 1, gpus, at),
				Names: map[string]string{"A": name}}); err != nil {
				t.Fatal(err)
			}
		}
		save(day, 6, "old")
		save(day.Add(time.Minute), 5, "")      // a card fell off; the name is not reported this time
		save(day.Add(2*time.Minute), 5, "new") // renamed
		rigs, err := s.Rigs(ctx, "hiveos")
		if err != nil || len(rigs) != 1 || rigs[0] != (store.RigFact{ID: "A", Name: "new", GPUs: 6}) {
			t.Fatalf("rigs: %+v %v", rigs, err)
		}
		// A store opened afresh on the same file knows the same numbers (its cache starts empty).
		hr, err := s.RigHashrates(ctx, "hiveos", day)
		if err != nil || len(hr[alerts.BaselineKey("A", "ethash")]) != 3 {
			t.Fatalf("hashrates %+v %v", hr, err)
		}
	})
}

func TestAFailedCycleLeavesNoRigBehindInTheCache(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: day, Readings: farmReadings("hiveos", 1, 1, day)}); err == nil {
			t.Fatal("a cancelled save succeeded")
		}
		if err := s.SaveCycle(context.Background(), store.Cycle{Source: "hiveos", At: day, Readings: farmReadings("hiveos", 1, 1, day)}); err != nil {
			t.Fatalf("the next save failed: %v", err)
		}
	})
}

func TestAPollSavedAgainReplacesTheFirst(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		for _, rate := range []float64{100e6, 90e6} {
			rs := farmReadings("hiveos", 1, 2, day)
			rs[1].Value = rate
			rs = append(rs, alerts.Reading{Source: "hiveos", Rig: "BTC", GPU: alerts.NoGPU, Metric: alerts.PoolHashrate, Value: rate, At: day})
			if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: day, Readings: rs}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.RigSamples(ctx, "hiveos", "A", day, day.Add(time.Minute))
		if err != nil || len(got) != 1 || got[0].Hashrate != 90e6 || len(got[0].GPUs) != 2 {
			t.Fatalf("samples %+v %v", got, err)
		}
		pool, err := s.Series(ctx, "hiveos", "BTC/pool_hashrate", day, day.Add(time.Minute))
		if err != nil || len(pool) != 1 || pool[0].Hashrate != 90e6 {
			t.Fatalf("series %+v %v", pool, err)
		}
	})
}
