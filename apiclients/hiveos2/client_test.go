package hiveos2

import (
	"context"
	"errors"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
)

func TestNewRefusesMissingOrAmbiguousCredentialsAndNonHTTPURLs(t *testing.T) {
	for name, o := range map[string]Options{
		"nothing":                {},
		"login without password": {Login: testLogin},
		"token and login":        {Token: testToken, Login: testLogin, Password: testPassword},
		"relative URL":           {Token: testToken, BaseURL: "/api/v2"},
		"ftp URL":                {Token: testToken, BaseURL: "ftp://api2.hiveos.farm/api/v2"},
		"URL with a query":       {Token: testToken, BaseURL: "https://api2.hiveos.farm/api/v2?token=" + testToken},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("%s: want an error", name)
		} else {
			assertNoSecret(t, err)
		}
	}
	c, err := New(Options{Token: testToken})
	if err != nil || c.base != DefaultURL {
		t.Fatalf("default URL: %v, %v", c, err)
	}
}

func TestEveryReadSendsTheTokenToItsPath(t *testing.T) {
	fx := setup(t, nil, func(o *Options) { o.UserAgent = "pitboss-test/2" })
	ctx := context.Background()
	wid := fx.workerID(t, farmA, "10256")
	for _, c := range []struct {
		name, path, query string
		call              func() error
	}{
		{"farms", "/farms", "", func() error { _, err := fx.client.Farms(ctx); return err }},
		{"farm", "/farms/7001", "", func() error { _, err := fx.client.Farm(ctx, farmA); return err }},
		{"workers", "/farms/7001/workers", "filter=online&platform=1", func() error {
			_, err := fx.client.Workers(ctx, farmA, WorkerFilter{State: FilterOnline, Platform: 1})
			return err
		}},
		{"worker", "/farms/7001/workers/10256", "", func() error { _, err := fx.client.Worker(ctx, farmA, wid); return err }},
		{"gpus", "/farms/7001/workers/gpus", "worker_ids=10256%2C10257", func() error {
			_, err := fx.client.GPUs(ctx, farmA, 10256, 10257)
			return err
		}},
		{"wallets", "/farms/7001/wallets", "", func() error { _, err := fx.client.Wallets(ctx, farmA); return err }},
		{"metrics", "/farms/7001/metrics", "date=2024-03-06&interval=1h&period=1d", func() error {
			_, err := fx.client.Metrics(ctx, farmA, MetricsQuery{Period: "1d", Interval: "1h", Date: t0})
			return err
		}},
		{"messages", "/farms/7001/workers/10256/messages", "page=2&per_page=5&start_time=1709726400", func() error {
			_, err := fx.client.Messages(ctx, farmA, wid, MessageQuery{Since: t0, Page: 2, PerPage: 5})
			return err
		}},
		{"flight sheets", "/farms/7001/fs", "", func() error { _, err := fx.client.FlightSheets(ctx, farmA); return err }},
		{"ping", "/auth/check", "", func() error { return fx.client.Ping(ctx) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			fx.sim.Recorder.Reset()
			if err := c.call(); err != nil {
				t.Fatal(err)
			}
			reqs := fx.sim.Recorder.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodGet || r.Path != simhiveos.PathV2+c.path || r.RawQuery != c.query {
				t.Fatalf("sent %s %s?%s, want GET %s?%s", r.Method, r.Path, r.RawQuery, c.path, c.query)
			}
			if r.Header.Get("Authorization") != "Bearer "+testToken || r.Header.Get("User-Agent") != "pitboss-test/2" || len(r.Body) != 0 {
				t.Fatalf("headers %v body %q", r.Header, r.Body)
			}
		})
	}
}

func TestFarmsListsEveryFarmWithItsThresholdsAndTotalsInHs(t *testing.T) {
	fx := setup(t, nil, nil)
	fx.clock.Advance(5 * time.Minute)
	farms, err := fx.client.Farms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(farms) != 2 || farms[0].ID != farmA || farms[0].Name != "Farm <A> & co" || farms[1].ID != farmB {
		t.Fatalf("farms %+v", farms)
	}
	b := farms[1]
	if b.GPURedTemp != 75 || b.GPURedFan != simhiveos.DefaultRedFan || b.GPURedMemTemp != 95 || b.Timezone != "UTC" || b.Role != "owner" {
		t.Fatalf("farm B thresholds %+v", b)
	}
	snap := fx.sim.Farm(farmA).Snapshot(fx.clock.Now())
	var khs, watts float64
	for _, r := range snap.Rigs {
		khs += r.HashKHs + r.Hash2KHs
		watts += r.PowerW
	}
	a := farms[0]
	total := 0.0
	for _, h := range a.Hashrates {
		total += h.Rate
	}
	if a.Stats.WorkersTotal != 4 || a.Stats.WorkersOnline != 4 || a.WorkersCount != 4 || !near(total, khs*1000, 50) ||
		!near(a.Stats.PowerDraw, watts, 1) {
		t.Fatalf("farm A %+v: want %v H/s, %v W", a, khs*1000, watts)
	}
	one, err := fx.client.Farm(context.Background(), farmB)
	if err != nil || !reflect.DeepEqual(one, b) {
		t.Fatalf("Farm(B) = %+v, %v; the list had %+v", one, err, b)
	}
}

func TestWorkersMatchTheModelInSIUnitsWhetherNumbersComeAsNumbersOrStrings(t *testing.T) {
	var decoded [2][]Worker
	for i, asStrings := range []bool{false, true} {
		fx := setup(t, func(o *simhiveos.OptionsV2) { o.StringNumbers = asStrings }, nil)
		fx.clock.Advance(5 * time.Minute)
		workers, err := fx.client.Workers(context.Background(), farmA, WorkerFilter{})
		if err != nil {
			t.Fatal(err)
		}
		snap := fx.sim.Farm(farmA).Snapshot(fx.clock.Now())
		if len(workers) != len(snap.Rigs) {
			t.Fatalf("%d workers, want %d", len(workers), len(snap.Rigs))
		}
		for k, w := range workers {
			assertWorkerIs(t, w, snap.Rigs[k], fx.sim.WorkerID(farmA, snap.Rigs[k].ID), farmA)
		}
		decoded[i] = workers
	}
	if !reflect.DeepEqual(decoded[0], decoded[1]) {
		t.Fatal("numbers as strings decode differently from numbers")
	}
}

// assertWorkerIs compares a decoded worker with the model's rig it shows.
func assertWorkerIs(t *testing.T, w Worker, r farm.RigState, id, farmID int64) {
	t.Helper()
	if w.ID != id || w.FarmID != farmID || w.Name != r.Name || !w.Online || !w.Active || w.Platform != 1 ||
		!w.StatsTime.Equal(r.LastUpdate) || !near(w.PowerDraw, r.PowerW, 0.5) || len(w.GPUs) != len(r.GPUs) ||
		w.FlightSheet == nil || w.RedTemp == 0 || w.MinerStart.IsZero() {
		t.Fatalf("worker %+v, rig %+v", w, r)
	}
	if w.Hashrates[0].Algo != r.Algo || w.Hashrates[0].Miner != r.Miner || !near(w.Hashrates[0].Rate, r.HashKHs*1000, 10) {
		t.Fatalf("worker %s hashrates %+v, rig %v kH/s of %s", w.Name, w.Hashrates, r.HashKHs, r.Algo)
	}
	for g, gpu := range w.GPUs {
		m := r.GPUs[g]
		if gpu.Index != g || gpu.BusNumber != m.Bus || gpu.Temp != math.Round(m.Temp) || gpu.Fan != math.Round(m.Fan) ||
			gpu.MemTemp != math.Round(m.MemTemp) || gpu.Power != math.Round(m.PowerW) || !near(gpu.Hash, m.HashKHs*1000, 6) ||
			gpu.BusID == "" {
			t.Fatalf("worker %s GPU %d: %+v, model %+v", w.Name, g, gpu, m)
		}
	}
}

func TestWorkerIDsAreUniqueAcrossFarmsWithTheModelsNames(t *testing.T) {
	fx := setup(t, nil, nil)
	var ids []int64
	for _, f := range []int64{farmA, farmB} {
		workers, err := fx.client.Workers(context.Background(), f, WorkerFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range workers {
			rig := fx.sim.Farm(f).Rigs()[i]
			if w.Name != rig.Name || w.FarmID != f {
				t.Fatalf("farm %d worker %+v, rig %+v", f, w, rig)
			}
			ids = append(ids, w.ID)
		}
	}
	want := []int64{10256, 10257, 10258, 10259, simhiveos.WorkerIDStride + 10256, simhiveos.WorkerIDStride + 10257}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("worker ids %v, want %v", ids, want)
	}
}

func TestWorkerDetailHasItsFarmItsOwnThresholdsAndItsCardsModels(t *testing.T) {
	fx := setup(t, nil, nil)
	w, err := fx.client.Worker(context.Background(), farmB, fx.workerID(t, farmB, "10257"))
	if err != nil {
		t.Fatal(err)
	}
	if w.FarmID != farmB || w.RedTemp != 70 || w.RedMemTemp != 95 || w.RedFan != simhiveos.DefaultRedFan || len(w.GPUs) != 2 ||
		w.GPUs[1].Model != "GeForce GTX 1070" || w.GPUs[1].Index != 1 {
		t.Fatalf("worker %+v", w)
	}
}

func TestOfflineWorkerShowsWhenItWasLastSeenAndNoLiveData(t *testing.T) {
	fx := setup(t, nil, nil)
	from := t0.Add(2 * time.Minute)
	if err := fx.sim.Farm(farmA).Offline("10257", from, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	fx.clock.Advance(12 * time.Minute)
	w, err := fx.client.Worker(context.Background(), farmA, 10257)
	if err != nil {
		t.Fatal(err)
	}
	if w.Online || !w.StatsTime.Equal(from) || w.GPUs != nil || w.Hashrates != nil || w.PowerDraw != 0 || w.Overheated ||
		w.GPUsOffline == 0 || w.FlightSheet == nil || w.Name != "rig02" {
		t.Fatalf("offline worker %+v", w)
	}
	offline, err := fx.client.Workers(context.Background(), farmA, WorkerFilter{State: FilterOffline})
	if err != nil || len(offline) != 1 || offline[0].ID != 10257 {
		t.Fatalf("offline filter: %+v, %v", offline, err)
	}
}

func TestGPUThatFellOffKeepsTheOthersBusNumbersAndHashrates(t *testing.T) {
	fx := setup(t, nil, nil)
	if err := fx.sim.Farm(farmA).LoseGPU("10256", 1, t0, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w, err := fx.client.Worker(context.Background(), farmA, 10256)
	if err != nil {
		t.Fatal(err)
	}
	snap := fx.sim.Farm(farmA).Snapshot(fx.clock.Now()).Rigs[0]
	if len(w.GPUs) != snap.GPUCount-1 || w.GPUsOffline != 1 || !slices.Contains(w.Problems, "missed_unit") {
		t.Fatalf("worker %+v", w)
	}
	for i, g := range w.GPUs {
		if g.Index != i || g.BusNumber != snap.GPUs[i].Bus || !near(g.Hash, snap.GPUs[i].HashKHs*1000, 6) {
			t.Fatalf("GPU %d: %+v, model %+v", i, g, snap.GPUs[i])
		}
	}
	if w.GPUs[1].BusNumber != 3 {
		t.Fatalf("the second card left reads bus %d, want 3", w.GPUs[1].BusNumber)
	}
}

func TestHotGPUAndHotMemoryShowInTheirReadings(t *testing.T) {
	fx := setup(t, nil, nil)
	model := fx.sim.Farm(farmB)
	if err := model.Overheat("10256", 1, 91, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := model.MemOverheat("10257", 0, 104, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	workers, err := fx.client.Workers(context.Background(), farmB, WorkerFilter{State: FilterProblem})
	if err != nil {
		t.Fatal(err)
	}
	if len(workers) != 1 || workers[0].ID != fx.workerID(t, farmB, "10256") {
		t.Fatalf("problem filter: %+v", workers)
	}
	hot := workers[0]
	if !hot.Overheated || !slices.Equal(hot.Problems, []string{"overheat"}) || hot.GPUs[1].Temp != 91 || !hot.GPUs[1].Overheated || hot.GPUs[0].Overheated {
		t.Fatalf("hot worker %+v", hot)
	}
	mem, err := fx.client.Worker(context.Background(), farmB, fx.workerID(t, farmB, "10257"))
	if err != nil {
		t.Fatal(err)
	}
	if mem.GPUs[0].MemTemp != 104 || mem.GPUs[0].MemTemp <= mem.RedMemTemp || mem.Overheated || mem.GPUs[1].MemTemp >= 100 {
		t.Fatalf("memory-hot worker %+v", mem)
	}
}

func TestWorkerOfAnotherFarmOrAnUnknownFarmIsNotFound(t *testing.T) {
	fx := setup(t, nil, nil)
	for name, call := range map[string]func() error{
		"worker of the other farm": func() error {
			_, err := fx.client.Worker(context.Background(), farmA, fx.workerID(t, farmB, "10256"))
			return err
		},
		"unknown farm": func() error { _, err := fx.client.Farm(context.Background(), 99); return err },
		"workers of an unknown farm": func() error {
			_, err := fx.client.Workers(context.Background(), 99, WorkerFilter{})
			return err
		},
	} {
		err := call()
		var api *APIError
		if !errors.Is(err, ErrNotFound) || !errors.As(err, &api) || api.Code != 404 || api.Message == "" || errors.Is(err, ErrUnavailable) {
			t.Errorf("%s: err %v, want ErrNotFound", name, err)
		}
	}
}

func TestInvalidFilterIsAValidationErrorWithTheField(t *testing.T) {
	fx := setup(t, nil, nil)
	_, err := fx.client.Workers(context.Background(), farmA, WorkerFilter{State: "hot"})
	var api *APIError
	if !errors.Is(err, ErrValidation) || !errors.As(err, &api) || len(api.Fields["filter"]) != 1 || !strings.Contains(err.Error(), "filter") {
		t.Fatalf("err %v, want a 422 on filter", err)
	}
	if n := len(fx.requests()); n != 1 {
		t.Fatalf("%d requests: a 422 must not be retried", n)
	}
}

func TestGPUsListsTheFarmsCardsWithTheirWorkers(t *testing.T) {
	fx := setup(t, nil, nil)
	gpus, err := fx.client.GPUs(context.Background(), farmB)
	if err != nil {
		t.Fatal(err)
	}
	snap := fx.sim.Farm(farmB).Snapshot(fx.clock.Now())
	if len(gpus) != 4 {
		t.Fatalf("%d GPUs, want 4", len(gpus))
	}
	for i, g := range gpus {
		r, m := snap.Rigs[i/2], snap.Rigs[i/2].GPUs[i%2]
		if g.WorkerID != fx.workerID(t, farmB, r.ID) || g.WorkerName != r.Name || !g.HasStats || g.Index != i%2 ||
			g.Temp != math.Round(m.Temp) || g.MemTemp != math.Round(m.MemTemp) || g.BusNumber != m.Bus {
			t.Fatalf("GPU %d %+v, model %+v", i, g, m)
		}
	}
}

func TestWalletsAreTheFarmsWithIDsUniqueAcrossFarms(t *testing.T) {
	fx := setup(t, nil, nil)
	a, err := fx.client.Wallets(context.Background(), farmA)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fx.client.Wallets(context.Background(), farmB)
	if err != nil {
		t.Fatal(err)
	}
	model := fx.sim.Farm(farmA).Wallets()
	if len(a) != len(model) || a[0].ID != model[0].ID || a[0].Address != model[0].Address || a[0].Coin != model[0].Coin ||
		b[0].ID != simhiveos.WorkerIDStride+model[0].ID {
		t.Fatalf("wallets %+v / %+v, model %+v", a, b, model)
	}
	used := 0
	for _, w := range a {
		used += w.WorkersCount
	}
	if used != 4 {
		t.Fatalf("wallets used by %d workers, want 4", used)
	}
}

func TestMetricsAreInHsWhetherTheyComeAsValueOrHashrate(t *testing.T) {
	var got [2][]FarmMetric
	for i, asHashrate := range []bool{false, true} {
		fx := setup(t, func(o *simhiveos.OptionsV2) { o.MetricsAsHashrate = asHashrate }, nil)
		ms, err := fx.client.Metrics(context.Background(), farmA, MetricsQuery{Period: "1d", Interval: "1h"})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 24 || !ms[23].Time.Equal(t0) || ms[23].Rigs != 4 || ms[23].Power == 0 {
			t.Fatalf("%d points, last %+v", len(ms), ms[len(ms)-1])
		}
		snap := fx.sim.Farm(farmA).Snapshot(t0)
		var khs float64
		for _, r := range snap.Rigs {
			if r.Algo == ms[23].Hashrates[0].Algo {
				khs += r.HashKHs
			}
		}
		if !near(ms[23].Hashrates[0].Rate, khs*1000, khs*1000*0.011) {
			t.Fatalf("metric %+v, farm %v kH/s", ms[23].Hashrates, khs)
		}
		got[i] = ms
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Fatal(`"hashrate" decodes differently from "value"`)
	}
}

func TestMetricsWithAnUnknownPeriodIsAValidationError(t *testing.T) {
	fx := setup(t, nil, nil)
	if _, err := fx.client.Metrics(context.Background(), farmA, MetricsQuery{Period: "2d"}); !errors.Is(err, ErrValidation) {
		t.Fatalf("err %v, want ErrValidation", err)
	}
}

func TestFlightSheetsAreTheFarmsAndTheOwnersWithNamesAsTyped(t *testing.T) {
	fx := setup(t, nil, nil)
	for _, f := range []int64{farmA, farmB} {
		sheets, err := fx.client.FlightSheets(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		owner := sheets[len(sheets)-1]
		if owner.ID != simhiveos.OwnerSheetID || owner.FarmID != 0 || owner.Name != `Owner's "backup" <RVN> & t-rex` ||
			owner.UserID != simhiveos.OwnerUserID || !owner.Favorite || owner.Items[0].Miner != "t-rex" || owner.Items[0].Coin != "RVN" {
			t.Fatalf("farm %d: owner's sheet %+v", f, owner)
		}
		inUse := 0
		for _, sh := range sheets[:len(sheets)-1] {
			if sh.FarmID != f || !strings.Contains(sh.Name, " <") || !strings.Contains(sh.Name, "> & ") || len(sh.Items) != 1 ||
				sh.Items[0].WalletID == 0 || sh.Items[0].Pool == "" {
				t.Fatalf("farm %d sheet %+v", f, sh)
			}
			inUse += sh.WorkersCount
		}
		if workers, _ := fx.client.Workers(context.Background(), f, WorkerFilter{}); inUse != len(workers) {
			t.Fatalf("farm %d: sheets used by %d workers, want all %d", f, inUse, len(workers))
		}
	}
}

func TestReadRecoversFromA5xxByRetrying(t *testing.T) {
	fx := setup(t, nil, func(o *Options) { o.RetryBase = time.Millisecond })
	fx.sim.Faults.FailWith(http.StatusBadGateway, "", 2)
	farms, err := fx.client.Farms(context.Background())
	if err != nil || len(farms) != 2 || fx.count("GET", "/farms") != 3 {
		t.Fatalf("%d farms after %v: %v", len(farms), fx.requests(), err)
	}
}

func TestReadWaitsWhatRetryAfterSaysAfterA429(t *testing.T) {
	fx := setup(t, func(o *simhiveos.OptionsV2) { o.RateLimit, o.RateBurst = 0.5, 1 }, nil)
	if _, err := fx.client.Farms(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.client.Farms(context.Background()); err != nil { // refused once, then let through
		t.Fatal(err)
	}
	if fx.count("GET", "/farms") != 3 || !reflect.DeepEqual(fx.waited, []time.Duration{2 * time.Second}) {
		t.Fatalf("requests %v, waited %v; want 3 requests and one wait of 2 s", fx.requests(), fx.waited)
	}
}

func TestReadRateLimitedOnEveryAttemptIsErrRateLimited(t *testing.T) {
	fx := setup(t, func(o *simhiveos.OptionsV2) { o.RateLimit = 1 }, func(o *Options) { o.Attempts = 2 })
	fx.client.http.Sleep = func(context.Context, time.Duration) error { return nil } // the clock stays: no refill
	if _, err := fx.client.Farms(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := fx.client.Farms(context.Background())
	var api *APIError
	if !errors.Is(err, ErrRateLimited) || !errors.As(err, &api) || api.RetryAfter != time.Second || api.Message != "Too Many Attempts." {
		t.Fatalf("err %v, want ErrRateLimited with Retry-After 1 s", err)
	}
	if fx.count("GET", "/farms") != 3 {
		t.Fatalf("requests %v, want 1 + 2 attempts", fx.requests())
	}
}

func TestEmptyOrMalformedAnswerToAReadIsABadAnswer(t *testing.T) {
	for name, inject := range map[string]func(*fixture){
		"empty 200":     func(fx *fixture) { fx.sim.EmptyAnswers(1) },
		"truncated 200": func(fx *fixture) { fx.sim.Faults.Malform(1) },
	} {
		t.Run(name, func(t *testing.T) {
			fx := setup(t, nil, nil)
			inject(fx)
			_, err := fx.client.Workers(context.Background(), farmA, WorkerFilter{})
			if !errors.Is(err, ErrBadAnswer) || errors.Is(err, ErrUnavailable) || errors.Is(err, ErrUnknownOutcome) {
				t.Fatalf("err %v, want ErrBadAnswer only", err)
			}
			if n := len(fx.requests()); n != 1 {
				t.Fatalf("%d requests: a 200 is not retried", n)
			}
			if _, err := fx.client.Workers(context.Background(), farmA, WorkerFilter{}); err != nil {
				t.Fatalf("after the fault: %v", err)
			}
		})
	}
}

func TestDroppedConnectionsOnEveryAttemptAreUnavailable(t *testing.T) {
	fx := setup(t, nil, nil)
	fx.sim.Faults.Drop(0)
	if _, err := fx.client.Wallets(context.Background(), farmA); !errors.Is(err, ErrUnavailable) || len(fx.requests()) != 3 {
		t.Fatalf("err %v after %v, want ErrUnavailable after 3 attempts", err, fx.requests())
	}
}

func TestCancelledContextStopsTheCall(t *testing.T) {
	fx := setup(t, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := fx.client.Farms(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}
