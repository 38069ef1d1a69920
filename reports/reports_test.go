package reports

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/apiclients/viabtc"
	"pitboss/monitor"
	"pitboss/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var t0 = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

type names map[string]string

func (n names) Latest(string) (monitor.Latest, bool) { return monitor.Latest{Names: n}, true }

type fakePool struct{}

func (fakePool) ProfitHistory(_ context.Context, coin string, q viabtc.HistoryQuery) (viabtc.Page[viabtc.ProfitRow], error) {
	profit := "0.00027312"
	if q.Start.Day() == 21 { // the day before's
		profit = "0.00025000"
	}
	return viabtc.Page[viabtc.ProfitRow]{Items: []viabtc.ProfitRow{{Coin: coin, Total: viabtc.Decimal(profit)}}}, nil
}

func (fakePool) PaymentHistory(context.Context, string, viabtc.HistoryQuery) (viabtc.Page[viabtc.Payment], error) {
	return viabtc.Page[viabtc.Payment]{Items: []viabtc.Payment{{Amount: "0.001", Created: t0.Add(36 * time.Hour)}}}, nil
}

// seeded is a store with two days of history from t0, a poll every 5 minutes: three rigs mining ethash
// (rig03 offline for two hours of the second day, rig01's GPU 1 hot for a while), the Coinhive site's
// totals and the pool's hashrate; and one alert of Ada's.
func seeded(t *testing.T) (*store.Store, store.User) {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), store.Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	for i, at := 0, t0; at.Before(t0.Add(48 * time.Hour)); i, at = i+1, at.Add(5*time.Minute) {
		var rs []alerts.Reading
		day2 := at.Sub(t0) >= 24*time.Hour
		for r, id := range []string{"10256", "10257", "10258"} {
			online := !(id == "10258" && day2 && at.Sub(t0) >= 30*time.Hour && at.Sub(t0) < 32*time.Hour)
			rs = append(rs, alerts.Reading{Source: "hiveos", Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigOnline, Value: b(online), At: at})
			if !online {
				continue
			}
			rate := 100e6 + float64(r)*10e6
			if day2 {
				rate *= 1.02
			}
			rs = append(rs,
				alerts.Reading{Source: "hiveos", Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigHashrate, Algo: "ethash", Value: rate, At: at},
				alerts.Reading{Source: "hiveos", Rig: id, GPU: alerts.NoGPU, Metric: alerts.RigPower, Value: 300, At: at})
			for g := range 2 {
				temp := 60.0 + float64(r+g)
				if id == "10256" && g == 1 && day2 && i%288 == 200 {
					temp = 86
				}
				rs = append(rs, alerts.Reading{Source: "hiveos", Rig: id, GPU: g, Metric: alerts.GPUTemp, Value: temp, At: at})
			}
		}
		if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: at, Readings: rs, Names: map[string]string{}}); err != nil {
			t.Fatal(err)
		}
		series := []alerts.Reading{
			{Source: "coinhive", Rig: "site", GPU: alerts.NoGPU, Metric: alerts.SiteHashesTotal, Value: float64(i) * 1e6},
			{Source: "coinhive", Rig: "site", GPU: alerts.NoGPU, Metric: alerts.SiteXMRPending, Value: float64(i) * 1e-4},
			{Source: "coinhive", Rig: "site", GPU: alerts.NoGPU, Metric: alerts.SiteXMRPaid, Value: 1.5},
		}
		if err := s.SaveCycle(ctx, store.Cycle{Source: "coinhive", At: at, Readings: series}); err != nil {
			t.Fatal(err)
		}
		pool := []alerts.Reading{{Source: "viabtc", Rig: "BTC", GPU: alerts.NoGPU, Metric: alerts.PoolHashrate24h, Value: 40e12 + float64(i)*1e9}}
		if err := s.SaveCycle(ctx, store.Cycle{Source: "viabtc", At: at, Readings: pool}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SyncConfigUsers(ctx, []int64{1001}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.SeenInPrivate(ctx, 1001, 1001, "Ada", "ada"); err != nil {
		t.Fatal(err)
	}
	u, _ := s.User(ctx, 1001)
	hot := alerts.State{Key: alerts.Key{Kind: alerts.KindGPUTemp, Rig: "10256", GPU: 2}, Index: 1, Phase: alerts.Firing,
		Since: t0.Add(40 * time.Hour), FiredAt: t0.Add(40*time.Hour + 2*time.Minute), Peak: 86, Threshold: 80}
	if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: t0.Add(40 * time.Hour), States: []store.StateChanges{
		{UserID: u.ID, Upserts: []alerts.State{hot}, Began: []alerts.State{hot}}}}); err != nil {
		t.Fatal(err)
	}
	return s, *u
}

func b(v bool) float64 {
	if v {
		return 1
	}
	return 0
}

func newReports(s *store.Store) *Reports {
	rp := &Reports{Store: s, Sources: names{"10256": "rig01", "10257": "rig02", "10258": "rig<03>"}, Pool: fakePool{},
		Coins: []string{"BTC"}, Daily: "09:00", Zone: time.UTC, Now: func() time.Time { return t0.Add(48 * time.Hour) }}
	rp.defaults()
	return rp
}

func TestTheReportOfASeededDayMatchesItsGoldenFile(t *testing.T) {
	s, u := seeded(t)
	rp := newReports(s)
	u.Timezone = "Europe/Berlin"
	got, err := rp.text(context.Background(), u, t0.Add(24*time.Hour), t0.Add(48*time.Hour), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report.golden")
	if *update {
		os.WriteFile(golden, []byte(got), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("report:\n%s\nwant:\n%s", got, want)
	}
	if n := len([]rune(got)); n > 1024 {
		t.Fatalf("the report is %d characters, over a photo caption's 1,024", n)
	}
}

func TestAScheduleKeepsItsLocalTimeAcrossADaylightSavingChange(t *testing.T) {
	rp := newReports(nil)
	s, loc := rp.schedule(store.User{ReportAt: "08:30", Timezone: "Europe/Berlin"})
	// Summer time in Berlin ends on Sunday 25 October 2026 at 03:00.
	t1 := s.Next(time.Date(2026, 10, 23, 12, 0, 0, 0, time.UTC)) // Saturday 24 October, summer time
	t2 := s.Next(t1)
	t3 := s.Next(t2)
	for _, at := range []time.Time{t1, t2, t3} {
		if l := at.In(loc); l.Hour() != 8 || l.Minute() != 30 {
			t.Fatalf("fires at %s local", l)
		}
	}
	if d := t3.Sub(t2); d != 24*time.Hour {
		t.Fatalf("after the change: %s between reports", d)
	}
	if d := t2.Sub(t1); d != 25*time.Hour {
		t.Fatalf("across the change: %s between reports, want 25h", d)
	}
	if off, _ := rp.schedule(store.User{ReportAt: store.ReportOff}); off != nil {
		t.Fatal("a report turned off has a schedule")
	}
}

func TestAReportMissedWhileDownGoesOutOnceMarkedLate(t *testing.T) {
	s, u := seeded(t)
	rp := newReports(s)
	ctx := context.Background()
	// Ada had her report yesterday at 09:00; pitboss was down at 09:00 today and is back at 09:40.
	yesterday := t0.Add(24 * time.Hour)
	if ok, err := s.QueueReport(ctx, u.ID, yesterday, nil); !ok || err != nil {
		t.Fatalf("seeding yesterday's report: %v %v", ok, err)
	}
	rp.Now = func() time.Time { return t0.Add(48*time.Hour + 40*time.Minute) }
	users, _ := s.Users(ctx)
	rp.catchUp(ctx, users)
	rp.catchUp(ctx, users) // a second start finds it sent
	msgs, _ := s.PendingOutbox(ctx, 0, 0)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "Late: due at 09:00") {
		t.Fatalf("outbox after catching up: %d messages %q", len(msgs), texts(msgs))
	}
	// A user who never had a report gets none late: pitboss was not down for them.
	if err := s.SyncConfigUsers(ctx, []int64{1001, 1002}, nil); err != nil {
		t.Fatal(err)
	}
	s.SeenInPrivate(ctx, 1002, 1002, "Vic", "vic")
	users, _ = s.Users(ctx)
	rp.catchUp(ctx, users)
	if msgs, _ := s.PendingOutbox(ctx, 0, 0); len(msgs) != 1 {
		t.Fatalf("%d messages; a new user got a late report", len(msgs))
	}
}

func texts(ms []store.OutboxMessage) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Text)
	}
	return out
}

func TestChangingTheTimeReschedulesAtOnce(t *testing.T) {
	s, u := seeded(t)
	rp := newReports(s)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rp.Run(ctx) }()
	defer func() { cancel(); <-done }()
	entry := func() (time.Time, bool) {
		rp.mu.Lock()
		defer rp.mu.Unlock()
		if rp.cron == nil {
			return time.Time{}, false
		}
		id, ok := rp.entries[u.ID]
		if !ok {
			return time.Time{}, false
		}
		return rp.cron.Entry(id).Schedule.Next(t0), true
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, ok := entry(); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Run never scheduled Ada's report")
		}
		time.Sleep(time.Millisecond)
	}
	if next, _ := entry(); !next.Equal(t0) && next.Hour() != 9 {
		t.Fatalf("default schedule's next run %v", next)
	}
	if err := s.SetReport(context.Background(), u.ID, "18:15", "Asia/Tokyo"); err != nil {
		t.Fatal(err)
	}
	nu, _ := s.User(context.Background(), u.TelegramID)
	rp.reschedule(*nu)
	next, ok := entry()
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	if !ok || next.In(tokyo).Hour() != 18 || next.In(tokyo).Minute() != 15 {
		t.Fatalf("after /report at 18:15 Asia/Tokyo: %v %v", next.In(tokyo), ok)
	}
	s.SetReport(context.Background(), u.ID, store.ReportOff, "")
	nu, _ = s.User(context.Background(), u.TelegramID)
	rp.reschedule(*nu)
	if _, ok := entry(); ok {
		t.Fatal("a report turned off is still scheduled")
	}
}

func TestChangeMarks(t *testing.T) {
	for _, c := range []struct {
		cur, prev float64
		want      string
	}{{110, 100, " (▲ 10.0 %)"}, {90, 100, " (▼ 10.0 %)"}, {100, 100, " (=)"}, {5, 0, ""}} {
		if got := change(c.cur, c.prev); got != c.want {
			t.Errorf("%v vs %v: %q, want %q", c.cur, c.prev, got, c.want)
		}
	}
}
