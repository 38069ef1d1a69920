package viabtc

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"pitboss/sim/simhttp"
)

func demoFixture(t *testing.T, at time.Time) *fixture {
	t.Helper()
	clock := simhttp.NewClock(at)
	return &fixture{sim: Demo(clock.Now), clock: clock}
}

// demoGet calls the demo with its own key.
func demoGet(t *testing.T, f *fixture, path, q string) answer {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, BasePath+path+"?"+q, nil)
	req.Header.Set("X-API-KEY", DemoAPIKey)
	a := serve(t, f.sim, req)
	wantCode(t, a, CodeOK)
	return a
}

func TestDemoCredentialsLookLikeViaBTCs(t *testing.T) {
	for name, tc := range map[string]struct {
		v string
		n int
	}{"api key": {DemoAPIKey, 32}, "secret key": {DemoSecretKey, 64}} {
		if _, err := hex.DecodeString(tc.v); err != nil || len(tc.v) != tc.n {
			t.Errorf("%s %q is not %d hex digits", name, tc.v, tc.n)
		}
	}
}

func TestDemoHasSixBTCWorkersInTwoGroupsAndOneLTC(t *testing.T) {
	f := demoFixture(t, start) // minute 0: everyone is up
	btc := decode[page[workerJSON]](t, demoGet(t, f, "/hashrate/worker", "coin=BTC&limit=100").data)
	groups := decode[page[groupJSON]](t, demoGet(t, f, "/hashrate/group", "coin=BTC").data)
	ltc := decode[page[workerJSON]](t, demoGet(t, f, "/hashrate/worker", "coin=LTC").data)
	if btc.Total != 6 || groups.Total != 2 || ltc.Total != 1 || ltc.Data[0].GroupID != nil {
		t.Fatalf("%d BTC workers, %d groups, %d LTC workers (group %v)", btc.Total, groups.Total, ltc.Total, ltc.Data[0].GroupID)
	}
	for _, w := range btc.Data {
		if w.WorkerStatus != "active" {
			t.Fatalf("%s is %s at minute 0", w.WorkerName, w.WorkerStatus)
		}
	}
	h := decode[hashrateJSON](t, demoGet(t, f, "/hashrate", "coin=BTC").data)
	if h.ActiveWorkers != 6 || h.UnactiveWorkers != 0 || h.Hashrate1Hour != "679000000000000" {
		t.Fatalf("BTC hashrate %+v", h)
	}
}

func TestDemoWorkerDropsOutForTenMinutesEveryHour(t *testing.T) {
	f := demoFixture(t, start)
	for _, tc := range []struct {
		minute   time.Duration
		inactive int
	}{{39, 0}, {40, 1}, {49, 1}, {50, 0}, {60 + 45, 1}} {
		f.clock.Set(start.Add(tc.minute * time.Minute))
		h := decode[hashrateJSON](t, demoGet(t, f, "/hashrate", "coin=BTC").data)
		if h.UnactiveWorkers != tc.inactive || h.ActiveWorkers != 6-tc.inactive {
			t.Fatalf("at +%dm: %d inactive, want %d", tc.minute, h.UnactiveWorkers, tc.inactive)
		}
		if tc.inactive == 1 {
			w := decode[page[workerJSON]](t, demoGet(t, f, "/hashrate/worker", "coin=BTC&worker_status=unactive").data)
			if w.Data[0].WorkerName != "s19-05" || w.Data[0].Hashrate10Min != "0" {
				t.Fatalf("inactive worker %+v", w.Data[0])
			}
		}
	}
}

func TestDemoHasAMonthOfHistoryPayoutsAndASubAccount(t *testing.T) {
	f := demoFixture(t, start)
	h := decode[page[historyJSON]](t, demoGet(t, f, "/hashrate/history", "coin=BTC&limit=100").data)
	p := decode[page[profitJSON]](t, demoGet(t, f, "/profit/history", "coin=BTC&limit=5").data)
	// 2024-03-10 20:00 in Beijing: history ends the day before.
	if h.Total != 30 || h.Data[0].Date != "2024-03-09" || h.Data[29].Date != "2024-02-09" || p.Total != 30 || p.Data[0].TotalProfit == "0" {
		t.Fatalf("history %d rows from %s to %s; profit %d rows, %+v", h.Total, h.Data[0].Date, h.Data[len(h.Data)-1].Date, p.Total, p.Data[0])
	}
	if got := len(f.sim.Payments("BTC")); got != 4 {
		t.Fatalf("%d BTC payouts", got)
	}
	if f.sim.Balance("BTC") != "0.00184233" {
		t.Fatalf("BTC balance %s", f.sim.Balance("BTC"))
	}
}

func TestConcurrentCallsAndSetupAreSafe(t *testing.T) {
	f := demoFixture(t, start)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				for _, target := range []string{"/hashrate?coin=BTC", "/hashrate/worker?coin=BTC", "/hashrate/group?coin=BTC",
					"/hashrate/chart?coin=BTC&interval=hour"} {
					req := httptest.NewRequest(http.MethodGet, BasePath+target, nil)
					req.Header.Set("X-API-KEY", DemoAPIKey)
					rec := httptest.NewRecorder()
					f.sim.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						t.Errorf("%s: HTTP %d", target, rec.Code)
					}
				}
				f.sim.SetWorkerStatus("s19-01", j%2 == 0)
				f.sim.SetBalance("BTC", fmt.Sprintf("0.%08d", i*100+j))
				f.clock.Advance(time.Second)
			}
		}()
	}
	wg.Wait()
	if n := len(f.sim.Recorder.Requests()); n != 8*20*4 {
		t.Fatalf("recorded %d requests", n)
	}
}
