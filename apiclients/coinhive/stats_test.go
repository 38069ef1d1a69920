package coinhive

import (
	"testing"
	"time"

	"pitboss/sim/simhttp"

	simcoinhive "pitboss/sim/coinhive"
)

func TestPayoutStatsDecodesTheNetworkFigures(t *testing.T) {
	f := newFixture(t)
	p, err := f.client.PayoutStats(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	want := Payout{GlobalDifficulty: 61143474913, GlobalHashrate: 509528957, BlockReward: 4.67, PayoutPercentage: 85,
		PayoutPer1MHashes: 0.000071, XMRToUSD: 120.5, Updated: day.Truncate(time.Minute)}
	if p != want {
		t.Fatalf("PayoutStats = %+v, want %+v", p, want)
	}
}

func TestSiteStatsIncludeNameAndSevenDaysOfHistory(t *testing.T) {
	f := newFixture(t)
	f.sim.SetHashrate(1000)
	f.clock.Advance(2 * time.Hour)
	s, err := f.client.SiteStats(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "example.org" || s.HashesPerSecond != 1000 || s.HashesTotal != 7_200_000 || s.XMRPending <= 0 {
		t.Fatalf("SiteStats = %+v", s)
	}
	if len(s.History) != 168 {
		t.Fatalf("%d history points, want 168", len(s.History))
	}
	last := s.History[len(s.History)-1]
	if !last.Time.Equal(time.Date(2019, 2, 24, 16, 0, 0, 0, time.UTC)) || last.HashesPerSecond != 1000 {
		t.Fatalf("last point %+v, want 16:00 at 1000 H/s", last)
	}
	for i := 1; i < len(s.History); i++ {
		if !s.History[i].Time.After(s.History[i-1].Time) {
			t.Fatalf("history not oldest first at %d", i)
		}
	}
}

func TestHistoryReturnsTheHoursAsked(t *testing.T) {
	f := newFixture(t)
	f.sim.SetHashrate(360)
	f.clock.Advance(5 * time.Hour) // 19:30
	points, err := f.client.History(ctx(t), day.Add(90*time.Minute), day.Add(4*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 3 || !points[0].Time.Equal(day.Add(90*time.Minute)) || points[2].HashesPerSecond != 360 {
		t.Fatalf("History = %+v, want the 16:00, 17:00 and 18:00 marks at 360 H/s", points)
	}
	if points[2].HashesTotal-points[1].HashesTotal != 360*3600 {
		t.Fatalf("totals %d then %d, want cumulative", points[1].HashesTotal, points[2].HashesTotal)
	}
}

func TestDemoSiteWorksWithTheDemoSecret(t *testing.T) {
	clk := simhttp.NewClock(day)
	srv := newServer(t, simcoinhive.Demo(clk.Now))
	c := mustClient(t, srv, simcoinhive.DemoSecret)
	n := 0
	for _, err := range c.AllUsers(ctx(t), 0) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	s, err := c.SiteStats(ctx(t))
	if err != nil || n < 5 || s.HashesPerSecond <= 0 || len(s.History) != 168 {
		t.Fatalf("demo: %d users, site %+v, %v", n, s.HashesPerSecond, err)
	}
}
