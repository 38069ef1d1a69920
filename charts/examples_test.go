package charts

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/monitor"
	"pitboss/store"
)

// exampleNow is the end of every example chart.
var exampleNow = time.Date(2026, 11, 23, 9, 40, 0, 0, time.UTC)

// exampleSources is a farm of three rigs, ViaBTC watching BTC and a Coinhive site.
type exampleSources map[string]monitor.Latest

func (s exampleSources) Latest(name string) (monitor.Latest, bool) {
	l, ok := s[name]
	return l, ok
}

// seedExample gives s a week of a small farm that varies as farms do: two rigs on ethash and one on
// kawpow, each with eight GPUs warming and cooling over the day; rig02 offline for 40 minutes and the
// pool down for two hours; a week polled hourly and the last 30 hours every ten minutes, rolled up and
// pruned to 30 hours of raw polls. The user had an alert about rig02 and one about the pool.
func seedExample(t *testing.T, s *store.Store, clock *time.Time, userID uint) {
	t.Helper()
	ctx := context.Background()
	start, fine := exampleNow.Add(-8*24*time.Hour), exampleNow.Add(-30*time.Hour)
	for at := start; at.Before(exampleNow); {
		*clock = at
		day := 2 * math.Pi * float64(at.Unix()%86400) / 86400
		var rs []alerts.Reading
		for r, id := range []string{"10001", "10002", "10003"} {
			online := !(id == "10002" && at.After(exampleNow.Add(-9*time.Hour)) && at.Before(exampleNow.Add(-8*time.Hour-20*time.Minute)))
			rs = append(rs, alerts.Reading{Source: hiveSource, Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigOnline, Value: b2f(online), At: at})
			if !online {
				continue
			}
			algo, rate := "ethash", 245e6+8e6*math.Sin(day*3+float64(r))
			if r == 2 {
				algo, rate = "kawpow", 180e6+5e6*math.Cos(day*2)
			}
			rs = append(rs, alerts.Reading{Source: hiveSource, Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: algo, Value: rate, At: at})
			for g := range 8 {
				temp := 58 + float64(g*2) + 6*math.Sin(day-float64(g)/3) + float64(r)
				rs = append(rs, alerts.Reading{Source: hiveSource, Rig: id, GPU: g, Metric: alerts.GPUTemp, Value: math.Round(temp), At: at})
			}
		}
		save(t, s, store.Cycle{Source: hiveSource, At: at, Readings: rs, States: exampleAlert(at, userID, "10002", 20*time.Hour, 2*time.Hour)})
		if !(at.After(exampleNow.Add(-4*24*time.Hour)) && at.Before(exampleNow.Add(-4*24*time.Hour+2*time.Hour))) {
			pool := alerts.Reading{Source: poolSource, Rig: "BTC", GPU: alerts.NoGPU, Metric: alerts.PoolHashrate, Value: 44e12 + 6e12*math.Sin(day*5), At: at}
			save(t, s, store.Cycle{Source: poolSource, At: at, Readings: []alerts.Reading{pool},
				States: exampleAlert(at, userID, "BTC", 4*24*time.Hour, 2*time.Hour)})
		}
		site := alerts.Reading{Source: siteSource, Rig: siteID, GPU: alerts.NoGPU, Metric: alerts.SiteHashrate, Value: 800 + 300*math.Sin(day), At: at}
		save(t, s, store.Cycle{Source: siteSource, At: at, Readings: []alerts.Reading{site}})
		if at.Before(fine) {
			at = at.Add(time.Hour)
		} else {
			at = at.Add(10 * time.Minute)
		}
	}
	if _, err := s.RollUp(ctx, exampleNow); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Prune(ctx, fine, exampleNow.Add(-400*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func save(t *testing.T, s *store.Store, c store.Cycle) {
	t.Helper()
	if err := s.SaveCycle(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

// exampleAlert is the state change at at of an alert about rig that fires ago before exampleNow and
// lasts for.
func exampleAlert(at time.Time, userID uint, rig string, ago, lasts time.Duration) []store.StateChanges {
	st := alerts.State{Key: alerts.Key{Kind: alerts.KindRigHashrate, Rig: rig, GPU: alerts.NoGPU}, Phase: alerts.Firing, FiredAt: at}
	switch fired := exampleNow.Add(-ago); {
	case at.Equal(fired.Truncate(10 * time.Minute)):
		return []store.StateChanges{{UserID: userID, Began: []alerts.State{st}}}
	case at.Equal(fired.Add(lasts).Truncate(10 * time.Minute)):
		return []store.StateChanges{{UserID: userID, Ended: []alerts.State{st}}}
	}
	return nil
}

// TestEveryKindOfChartDrawsFromHistory builds each kind of chart from a store as retention leaves it, as
// /chart does. With CHARTS_OUT set to a directory it writes them there, for a person to look at.
func TestEveryKindOfChartDrawsFromHistory(t *testing.T) {
	clock := exampleNow
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SyncConfigUsers(context.Background(), nil, []int64{1002}); err != nil {
		t.Fatal(err)
	}
	u, err := s.User(context.Background(), 1002)
	if err != nil {
		t.Fatal(err)
	}
	u.Timezone = "Europe/Berlin"
	seedExample(t, s, &clock, u.ID)
	red := alerts.Reading{Source: hiveSource, GPU: alerts.NoGPU, Metric: alerts.FarmRedTemp, Value: 76}
	c := &Charts{Store: s, Now: func() time.Time { return exampleNow }, Sources: exampleSources{
		hiveSource: {Names: map[string]string{"10001": "rig01", "10002": "rig02", "10003": "rig03"},
			Observation: &monitor.Observation{Readings: []alerts.Reading{red}}},
		poolSource: {Names: map[string]string{"BTC": "BTC"}},
		siteSource: {Names: map[string]string{siteID: "example.com"}},
	}}
	for _, tc := range []struct {
		file   string
		args   string
		hourly bool
		panels int
	}{
		{"farm-7d", "farm 7d", true, 1},
		{"rig-24h", "rig rig02", false, 2},
		{"rig-7d", "rig rig02 7d", true, 2},
		{"pool-7d", "pool btc 7d", true, 1},
		{"site-24h", "site", false, 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			q, err := parseArgs(tc.args)
			if err != nil {
				t.Fatal(err)
			}
			tg, err := c.target(q)
			if err != nil {
				t.Fatal(err)
			}
			ch, caption, err := c.build(context.Background(), u, tg, exampleNow.Add(-q.window.length), exampleNow, q.window)
			if err != nil {
				t.Fatal(err)
			}
			if len(ch.Panels) != tc.panels || len(ch.Alerts) == 0 && tc.file != "site-24h" || ch.Zone.String() != "Europe/Berlin" {
				t.Fatalf("%d panels, alerts %v, zone %v", len(ch.Panels), ch.Alerts, ch.Zone)
			}
			if want := map[bool]string{true: "hourly averages", false: "every poll"}[tc.hourly]; !strings.Contains(caption, want) {
				t.Fatalf("caption %q, want %q", caption, want)
			}
			png, err := Render(ch)
			if err != nil {
				t.Fatal(err)
			}
			if dir := os.Getenv("CHARTS_OUT"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, tc.file+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: %s", tc.file, caption)
			}
		})
	}
}
