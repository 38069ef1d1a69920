package store_test

import (
	"context"
	"math"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/store"
)

// chartNow is when the chart tests look: three days and a half-hour after the history began, so that the
// raw polls kept (two days) are preceded by a day of rollups and followed by half an hour not rolled up.
var chartNow = day.Add(72*time.Hour + 30*time.Minute)

// seedChartHistory stores a poll every 10 minutes over [from, to): rig A mines ethash at 100 MH/s with GPUs
// at 60 and 70 °C; rig B ethash at 50 MH/s and randomx at 5 kH/s, its GPU at 65 °C; rig C kawpow at 30 MH/s,
// its GPU at 55 °C, offline at the first poll of every hour; and ViaBTC's BTC at 40 TH/s plus 1 GH/s a
// minute past the hour.
func seedChartHistory(t *testing.T, s *store.Store, from, to time.Time) {
	t.Helper()
	ctx := context.Background()
	for at := from; at.Before(to); at = at.Add(10 * time.Minute) {
		rig := func(id string, online bool, rs ...alerts.Reading) []alerts.Reading {
			on := 0.0
			if online {
				on = 1
			}
			out := []alerts.Reading{{Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigOnline, Value: on}}
			if online {
				out = append(out, rs...)
			}
			for i := range out {
				out[i].Source, out[i].Rig, out[i].At = "hiveos", id, at
			}
			return out
		}
		var rs []alerts.Reading
		rs = append(rs, rig("A", true,
			alerts.Reading{GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: "ethash", Value: 100e6},
			alerts.Reading{GPU: 0, Metric: alerts.GPUTemp, Value: 60}, alerts.Reading{GPU: 1, Metric: alerts.GPUTemp, Value: 70})...)
		rs = append(rs, rig("B", true,
			alerts.Reading{GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: "ethash", Value: 50e6},
			alerts.Reading{GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: "randomx", Value: 5000},
			alerts.Reading{GPU: 0, Metric: alerts.GPUTemp, Value: 65})...)
		rs = append(rs, rig("C", at.Minute() != 0,
			alerts.Reading{GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: "kawpow", Value: 30e6},
			alerts.Reading{GPU: 0, Metric: alerts.GPUTemp, Value: 55})...)
		if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: at, Readings: rs}); err != nil {
			t.Fatal(err)
		}
		pool := alerts.Reading{Source: "viabtc", Rig: "BTC", GPU: alerts.NoGPU, Metric: alerts.PoolHashrate,
			Value: 40e12 + float64(at.Minute())*1e9, At: at}
		if err := s.SaveCycle(ctx, store.Cycle{Source: "viabtc", At: at, Readings: []alerts.Reading{pool}}); err != nil {
			t.Fatal(err)
		}
	}
}

// mustChartStore is a store with seedChartHistory from day to chartNow, rolled up and pruned as retention
// leaves it at chartNow with two days of raw polls.
func mustChartStore(t *testing.T, db testDB) *store.Store {
	t.Helper()
	s := mustOpenStore(t, db)
	ctx := context.Background()
	seedChartHistory(t, s, day, chartNow)
	if _, err := s.RollUp(ctx, chartNow); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Prune(ctx, chartNow.Add(-48*time.Hour), chartNow.Add(-400*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	return s
}

// pt is a chart point as the tests write them; NaN extremes stand for "unknown".
type pt struct{ avg, lo, hi float64 }

func same(a, b float64) bool {
	return (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func samePoint(p store.ChartPoint, want pt) bool {
	return same(p.Avg, want.avg) && same(p.Min, want.lo) && same(p.Max, want.hi)
}

// TestTrendsOfHistoryAsRetentionLeavesIt reads one store, seeded once, as each chart does.
func TestTrendsOfHistoryAsRetentionLeavesIt(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustChartStore(t, db)
		t.Run("farm: raw polls inside the raw window, rollups beyond", func(t *testing.T) {
			testFarmTrendReadsRawPollsInsideTheRawWindowAndRollupsBeyond(t, s)
		})
		t.Run("farm: a rig offline counts as nothing", func(t *testing.T) { testFarmTrendCountsARigOfflineAsNothing(t, s) })
		t.Run("rig: each GPU and the hashrate at the window's resolution", func(t *testing.T) {
			testRigTrendReadsEachGPUAndTheHashrateAtTheWindowsResolution(t, s)
		})
		t.Run("series: each hour's range is kept", func(t *testing.T) { testSeriesTrendKeepsEachHoursRange(t, s) })
	})
}

func testFarmTrendReadsRawPollsInsideTheRawWindowAndRollupsBeyond(t *testing.T, s *store.Store) {
	nan := math.NaN()
	for _, tc := range []struct {
		name           string
		from, to       time.Time
		hourly         bool
		points         int
		first          time.Time
		ethash, kawpow pt // at the first point
		lastKawpow     pt
	}{
		{"6 h: every poll", chartNow.Add(-6 * time.Hour), chartNow, false, 36, chartNow.Add(-6 * time.Hour),
			pt{150e6, 150e6, 150e6}, pt{30e6, 30e6, 30e6}, pt{30e6, 30e6, 30e6}},
		{"48 h: the oldest raw poll is the window's start", chartNow.Add(-48 * time.Hour), chartNow, false, 288, chartNow.Add(-48 * time.Hour),
			pt{150e6, 150e6, 150e6}, pt{30e6, 30e6, 30e6}, pt{30e6, 30e6, 30e6}},
		// Rig C is offline one poll in six: 25 MH/s an hour. The half-hour not rolled up yet is read raw and
		// summed up the same way: :00 (offline), :10 and :20 make 20 MH/s.
		{"7 days: hourly rollups, then the hour not rolled up", chartNow.Add(-7 * 24 * time.Hour), chartNow, true, 73, day,
			pt{150e6, nan, nan}, pt{25e6, nan, nan}, pt{20e6, nan, nan}},
		{"a day before the raw polls kept", day, day.Add(10 * time.Hour), true, 10, day,
			pt{150e6, nan, nan}, pt{25e6, nan, nan}, pt{25e6, nan, nan}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := s.FarmTrend(context.Background(), "hiveos", tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Hourly != tc.hourly || len(tr.Algos) != 3 {
				t.Fatalf("hourly %v, %d lines; want %v, 3", tr.Hourly, len(tr.Algos), tc.hourly)
			}
			eth, kaw, rx := tr.Algos["ethash"], tr.Algos["kawpow"], tr.Algos["randomx"]
			if len(eth) != tc.points || len(kaw) != tc.points || len(rx) != tc.points {
				t.Fatalf("%d, %d and %d points; want %d each", len(eth), len(kaw), len(rx), tc.points)
			}
			if !eth[0].At.Equal(tc.first) || !samePoint(eth[0], tc.ethash) || !samePoint(kaw[0], tc.kawpow) ||
				!samePoint(kaw[len(kaw)-1], tc.lastKawpow) || !same(rx[0].Avg, 5000) {
				t.Fatalf("first %v: ethash %+v, kawpow %+v, randomx %+v; last kawpow %+v", eth[0].At, eth[0], kaw[0], rx[0], kaw[len(kaw)-1])
			}
		})
	}
}

func testFarmTrendCountsARigOfflineAsNothing(t *testing.T, s *store.Store) {
	tr, err := s.FarmTrend(context.Background(), "hiveos", chartNow.Add(-time.Hour), chartNow)
	if err != nil {
		t.Fatal(err)
	}
	kaw := tr.Algos["kawpow"]
	for _, p := range kaw {
		want := 30e6
		if p.At.Minute() == 0 {
			want = 0 // rig C, the only kawpow rig, was offline
		}
		if p.Avg != want {
			t.Fatalf("kawpow at %v: %g, want %g", p.At, p.Avg, want)
		}
	}
	if len(kaw) != 6 {
		t.Fatalf("%d kawpow points, want a point at each of the 6 polls", len(kaw))
	}
}

func testRigTrendReadsEachGPUAndTheHashrateAtTheWindowsResolution(t *testing.T, s *store.Store) {
	ctx := context.Background()
	nan := math.NaN()
	for _, tc := range []struct {
		name     string
		rig      string
		from     time.Time
		hourly   bool
		rates    map[string]pt // at the first point
		temps    []pt
		polls    int // hashrate points
		tempPts  int // points of GPU 0
		lastRate pt
	}{
		{"rig A, 6 h", "A", chartNow.Add(-6 * time.Hour), false, map[string]pt{"ethash": {100e6, 100e6, 100e6}},
			[]pt{{60, 60, 60}, {70, 70, 70}}, 36, 36, pt{100e6, 100e6, 100e6}},
		{"rig B, 7 days, two algorithms", "B", chartNow.Add(-7 * 24 * time.Hour), true,
			map[string]pt{"ethash": {50e6, 50e6, 50e6}, "randomx": {5000, nan, nan}}, []pt{{65, 65, 65}}, 73, 73, pt{50e6, 50e6, 50e6}},
		// Rig C is offline at the first poll of each hour: raw, a point of 0 and no temperature; hourly,
		// five sixths of its hashrate, and 0 as the lowest.
		{"rig C, from an offline poll", "C", chartNow.Add(-6*time.Hour - 30*time.Minute), false, map[string]pt{"kawpow": {0, 0, 0}},
			nil, 39, 32, pt{30e6, 30e6, 30e6}},
		{"rig C, 7 days", "C", chartNow.Add(-7 * 24 * time.Hour), true, map[string]pt{"kawpow": {25e6, 0, 30e6}},
			[]pt{{55, 55, 55}}, 73, 73, pt{20e6, 0, 30e6}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := s.RigTrend(ctx, "hiveos", tc.rig, tc.from, chartNow)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Hourly != tc.hourly || len(tr.Hashrates) != len(tc.rates) {
				t.Fatalf("hourly %v with %d hashrate lines", tr.Hourly, len(tr.Hashrates))
			}
			for algo, want := range tc.rates {
				ps := tr.Hashrates[algo]
				if len(ps) != tc.polls || !samePoint(ps[0], want) {
					t.Fatalf("%s: %d points from %+v; want %d from %+v", algo, len(ps), ps, tc.polls, want)
				}
			}
			main := tr.Hashrates[store.Algos(tr.Hashrates)[0]]
			if !samePoint(main[len(main)-1], tc.lastRate) {
				t.Fatalf("last hashrate %+v, want %+v", main[len(main)-1], tc.lastRate)
			}
			if len(tr.Temps) == 0 || len(tr.Temps[0]) != tc.tempPts {
				t.Fatalf("temperatures %+v; want %d points of GPU 0", tr.Temps, tc.tempPts)
			}
			for i, want := range tc.temps {
				if !samePoint(tr.Temps[i][0], want) {
					t.Fatalf("GPU %d: %+v, want %+v", i, tr.Temps[i][0], want)
				}
			}
		})
	}
}

func testSeriesTrendKeepsEachHoursRange(t *testing.T, s *store.Store) {
	ctx := context.Background()
	raw, err := s.SeriesTrend(ctx, "viabtc", "BTC/pool_hashrate", chartNow.Add(-time.Hour), chartNow)
	if err != nil || raw.Hourly || len(raw.Points) != 6 || !samePoint(raw.Points[0], pt{40e12 + 30e9, 40e12 + 30e9, 40e12 + 30e9}) {
		t.Fatalf("the last hour: %+v %v", raw, err)
	}
	week, err := s.SeriesTrend(ctx, "viabtc", "BTC/pool_hashrate", chartNow.Add(-7*24*time.Hour), chartNow)
	if err != nil || !week.Hourly || len(week.Points) != 73 {
		t.Fatalf("the week: hourly %v, %d points, %v", week.Hourly, len(week.Points), err)
	}
	if first := week.Points[0]; !first.At.Equal(day) || !samePoint(first, pt{40e12 + 25e9, 40e12, 40e12 + 50e9}) {
		t.Fatalf("the first hour: %+v", first)
	}
	if last := week.Points[72]; !last.At.Equal(day.Add(72*time.Hour)) || !samePoint(last, pt{40e12 + 10e9, 40e12, 40e12 + 20e9}) {
		t.Fatalf("the hour not rolled up: %+v", last)
	}
	none, err := s.SeriesTrend(ctx, "viabtc", "LTC/pool_hashrate", chartNow.Add(-time.Hour), chartNow)
	if err != nil || len(none.Points) != 0 {
		t.Fatalf("a series never polled: %+v %v", none, err)
	}
}

func TestTrendsReadRawPollsWhileNothingOlderWasKept(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		// Pitboss has run for three hours, and rolled up the two complete ones: a day's chart shows every
		// poll, as nothing older than them exists.
		seedChartHistory(t, s, day, day.Add(3*time.Hour))
		if _, err := s.RollUp(ctx, day.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		farm, err := s.FarmTrend(ctx, "hiveos", day.Add(-21*time.Hour), day.Add(3*time.Hour))
		if err != nil || farm.Hourly || len(farm.Algos["ethash"]) != 18 {
			t.Fatalf("farm: hourly %v, %d points, %v", farm.Hourly, len(farm.Algos["ethash"]), err)
		}
		pool, err := s.SeriesTrend(ctx, "viabtc", "BTC/pool_hashrate", day.Add(-21*time.Hour), day.Add(3*time.Hour))
		if err != nil || pool.Hourly || len(pool.Points) != 18 {
			t.Fatalf("pool: hourly %v, %d points, %v", pool.Hourly, len(pool.Points), err)
		}
	})
}

func TestFarmTrendLeavesOutTheRigsOfOtherSources(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		seedChartHistory(t, s, chartNow.Add(-6*time.Hour), chartNow)
		for at := chartNow.Add(-6 * time.Hour); at.Before(chartNow); at = at.Add(10 * time.Minute) {
			other := []alerts.Reading{
				{Source: "hiveos2", Rig: "Z", GPU: alerts.NoGPU, Metric: alerts.RigOnline, Value: 1, At: at},
				{Source: "hiveos2", Rig: "Z", GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: "ethash", Value: 1e12, At: at},
			}
			if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos2", At: at, Readings: other}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.RollUp(ctx, chartNow); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Prune(ctx, chartNow.Add(-time.Hour), chartNow.Add(-400*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			from   time.Time
			hourly bool
		}{{chartNow.Add(-time.Hour), false}, {chartNow.Add(-6 * time.Hour), true}} {
			tr, err := s.FarmTrend(ctx, "hiveos", tc.from, chartNow)
			if err != nil || tr.Hourly != tc.hourly || len(tr.Algos["ethash"]) == 0 {
				t.Fatalf("from %v: %+v %v", tc.from, tr, err)
			}
			for _, p := range tr.Algos["ethash"] {
				if p.Avg != 150e6 {
					t.Fatalf("ethash at %v: %g, want rigs A and B's 150 MH/s alone", p.At, p.Avg)
				}
			}
		}
	})
}
