package viabtc

import (
	"context"
	"reflect"
	"strconv"
	"testing"
	"time"

	simviabtc "pitboss/sim/viabtc"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// farm seeds the simulator: a BTC group with two workers (one off), a worker in the default group,
// balances, profit, a day of history and a payout.
func farm(t *testing.T) (f *fixture, group int64, workers []int64) {
	t.Helper()
	f = newFixture(t, nil)
	s := f.sim
	group = s.AddGroup("BTC", "rack-1")
	workers = []int64{
		s.AddWorker(simviabtc.WorkerSpec{Name: "a1", Coin: "BTC", GroupID: group, Hashrate: 100e12, RejectRate: 0.01}),
		s.AddWorker(simviabtc.WorkerSpec{Name: "a2", Coin: "BTC", GroupID: group, Hashrate: 50e12, Inactive: true}),
		s.AddWorker(simviabtc.WorkerSpec{Name: "solo", Coin: "BTC", Hashrate: 10e12}),
	}
	s.SetBalance("BTC", "0.00184233")
	s.SetWithdrawAddress("BTC", "bc1qx")
	s.SetProfit("BTC", "0.00002148", "0", "0.00000001")
	s.AddDay("BTC", simviabtc.Day{Date: "2024-03-09", Hashrate: 110e12, RejectRate: 0.002, PPS: "0.0001", PPLNS: "0", Solo: "0"})
	s.AddWorkerDay("a1", simviabtc.Day{Date: "2024-03-09", Hashrate: 99e12})
	s.AddPayment("BTC", "0.00378001", "bc1qx", start.Add(-48*time.Hour))
	return f, group, workers
}

func TestAccountShowsBalancesExactly(t *testing.T) {
	f, _, _ := farm(t)
	a, err := f.client.Account(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := a.Balance("BTC"); !ok || b != "0.00184233" || b.Float64() != 0.00184233 {
		t.Fatalf("BTC balance %q %v", b, ok)
	}
	if a.Info.Name == "" || a.Info.ParentUserID != nil || len(a.WithdrawAddresses) != 1 || a.WithdrawAddresses[0].Address != "bc1qx" {
		t.Fatalf("account %+v", a)
	}
}

func TestHashrateCountsActiveAndInactiveWorkers(t *testing.T) {
	f, _, _ := farm(t)
	h, err := f.client.Hashrate(context.Background(), "BTC")
	if err != nil {
		t.Fatal(err)
	}
	want := Hashrate{Coin: "BTC", Hashrate10Min: 110e12, Hashrate1Hour: 110e12, Hashrate24Hour: 160e12, ActiveWorkers: 2, InactiveWorkers: 1}
	if h != want {
		t.Fatalf("hashrate %+v\nwant     %+v", h, want)
	}
	f.sim.SetHashrate("BTC", 0)
	if h, _ := f.client.Hashrate(context.Background(), "BTC"); h.Hashrate10Min != 0 {
		t.Fatalf("after SetHashrate(0): %+v", h)
	}
}

func TestWorkersDecodeWithNullGroupAndStatus(t *testing.T) {
	f, group, ids := farm(t)
	ctx := context.Background()
	p, err := f.client.Workers(ctx, "BTC", WorkerQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 3 || p.Count != 3 || p.CurrPage != 1 || p.TotalPage != 1 || p.HasNext || len(p.Items) != 3 {
		t.Fatalf("page %+v", p)
	}
	a1, a2, solo := p.Items[0], p.Items[1], p.Items[2]
	if a1.ID != ids[0] || a1.Name != "a1" || !a1.Active() || a1.Hashrate10Min != 100e12 || a1.RejectRate != 0.01 ||
		a1.GroupID == nil || *a1.GroupID != group || a1.GroupName != "rack-1" || !a1.LastActive.Equal(start) {
		t.Fatalf("a1 %+v", a1)
	}
	if a2.Active() || a2.Status != StatusInactive || a2.Hashrate10Min != 0 {
		t.Fatalf("a2 %+v", a2)
	}
	if solo.GroupID != nil || solo.GroupName != "" {
		t.Fatalf("default-group worker %+v", solo)
	}
	inactive, err := f.client.Workers(ctx, "BTC", WorkerQuery{Status: StatusInactive})
	if err != nil || inactive.Total != 1 || inactive.Items[0].Name != "a2" {
		t.Fatalf("inactive %+v %v", inactive, err)
	}
	one, err := f.client.Worker(ctx, ids[0])
	if err != nil || !reflect.DeepEqual(one, a1) {
		t.Fatalf("Worker(%d) = %+v, %v", ids[0], one, err)
	}
	hist, err := f.client.WorkerHistory(ctx, ids[0], "BTC", HistoryQuery{})
	if err != nil || len(hist.Items) != 1 || hist.Items[0] != (HistoryRow{Coin: "BTC", Date: "2024-03-09", Hashrate: 99e12}) {
		t.Fatalf("worker history %+v %v", hist, err)
	}
}

func TestGroupsSumTheirWorkers(t *testing.T) {
	f, group, _ := farm(t)
	ctx := context.Background()
	p, err := f.client.Groups(ctx, "BTC", 0, 0)
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("groups %+v %v", p, err)
	}
	g := p.Items[0]
	if g.ID == nil || *g.ID != group || g.Name != "rack-1" || g.ActiveWorkers != 1 || g.TotalWorkers != 2 || g.Hashrate10Min != 100e12 {
		t.Fatalf("group %+v", g)
	}
	one, err := f.client.Group(ctx, group)
	if err != nil || one.Name != g.Name || one.Hashrate24Hour != g.Hashrate24Hour {
		t.Fatalf("Group(%d) = %+v, %v", group, one, err)
	}
}

func TestProfitHistoryAndPaymentsKeepExactDecimals(t *testing.T) {
	f, _, _ := farm(t)
	ctx := context.Background()
	p, err := f.client.Profit(ctx, "BTC")
	if err != nil || p != (Profit{Coin: "BTC", PPS: "0.00002148", PPLNS: "0", Solo: "0.00000001", Total: "0.00002149"}) {
		t.Fatalf("profit %+v %v", p, err)
	}
	ph, err := f.client.ProfitHistory(ctx, "BTC", HistoryQuery{})
	if err != nil || len(ph.Items) != 1 || ph.Items[0].Total != "0.0001" || ph.Items[0].Date != "2024-03-09" {
		t.Fatalf("profit history %+v %v", ph, err)
	}
	hh, err := f.client.HashrateHistory(ctx, "BTC", HistoryQuery{})
	if err != nil || len(hh.Items) != 1 || hh.Items[0] != (HistoryRow{Coin: "BTC", Date: "2024-03-09", Hashrate: 110e12, RejectRate: 0.002}) {
		t.Fatalf("hashrate history %+v %v", hh, err)
	}
	pay, err := f.client.PaymentHistory(ctx, "BTC", HistoryQuery{})
	if err != nil || pay.Total != 1 || len(pay.Items) != 1 {
		t.Fatalf("payments %+v %v", pay, err)
	}
	if got := pay.Items[0]; got.Amount != "0.00378001" || got.Address != "bc1qx" || len(got.TxID) != 64 || !got.Created.Equal(start.Add(-48*time.Hour)) {
		t.Fatalf("payment %+v", got)
	}
}

func TestChartPointsAreTimesNewestFirst(t *testing.T) {
	f, _, _ := farm(t)
	points, err := f.client.HashrateChart(context.Background(), "BTC", IntervalMinute, 3)
	if err != nil || len(points) != 3 {
		t.Fatalf("chart %+v %v", points, err)
	}
	for i, p := range points {
		if want := start.Add(-time.Duration(i) * 10 * time.Minute); !p.Time.Equal(want) || p.Hashrate != 110e12 {
			t.Fatalf("point %d: %+v, want %v", i, p, want)
		}
	}
}

func TestDemoSimulatorAnswersTheDemoCredentials(t *testing.T) {
	f := newFixture(t, nil)
	demo := simviabtc.Demo(f.clock.Now)
	srv := serve(t, demo)
	c := f.newClient(t, func(o *Options) {
		o.BaseURL, o.APIKey, o.SecretKey = srv+simviabtc.BasePath, simviabtc.DemoAPIKey, simviabtc.DemoSecretKey
	})
	ctx := context.Background()
	if _, err := c.SubAccounts(ctx, 0, 0); err != nil {
		t.Fatalf("signed call to the demo: %v", err)
	}
	h, err := c.Hashrate(ctx, "BTC")
	if err != nil || h.ActiveWorkers != 6 {
		t.Fatalf("demo hashrate %+v %v", h, err)
	}
}
