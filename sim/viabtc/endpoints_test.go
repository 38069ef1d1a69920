package viabtc

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// smallFarm is two BTC workers in one group and one in the default group, and an LTC worker.
func smallFarm(t *testing.T) (*fixture, int64, []int64) {
	t.Helper()
	f := newFixture(t, Options{Coins: []string{"BTC", "LTC"}})
	g := f.sim.AddGroup("BTC", "rack-1")
	ids := []int64{
		f.sim.AddWorker(WorkerSpec{Name: "a1", Coin: "BTC", GroupID: g, Hashrate: 100e12, RejectRate: 0.01}),
		f.sim.AddWorker(WorkerSpec{Name: "a2", Coin: "BTC", GroupID: g, Hashrate: 50e12}),
		f.sim.AddWorker(WorkerSpec{Name: "solo", Coin: "BTC", Hashrate: 10e12}),
		f.sim.AddWorker(WorkerSpec{Name: "l7", Coin: "LTC", Hashrate: 9e9}),
	}
	return f, g, ids
}

type page[T any] struct {
	Count     int  `json:"count"`
	CurrPage  int  `json:"curr_page"`
	Data      []T  `json:"data"`
	HasNext   bool `json:"has_next"`
	Total     int  `json:"total"`
	TotalPage int  `json:"total_page"`
}

func TestHashrateSumsTheCoinsWorkersAsIntegerStringsInHs(t *testing.T) {
	f, _, _ := smallFarm(t)
	a := f.get(t, "/hashrate", "coin=BTC")
	wantCode(t, a, CodeOK)
	want := `{"active_workers":3,"coin":"BTC","hashrate_10min":"160000000000000","hashrate_1hour":"160000000000000","hashrate_24hour":"160000000000000","unactive_workers":0}`
	if string(a.data) != want {
		t.Fatalf("data %s\nwant %s", a.data, want)
	}
}

func TestCoinIsRequiredAndMustBeSupported(t *testing.T) {
	f, _, _ := smallFarm(t)
	wantCode(t, f.get(t, "/hashrate", ""), CodeInvalidArgument)
	wantCode(t, f.get(t, "/hashrate", "coin=DOGE"), CodeInvalidCoin)
	wantCode(t, f.get(t, "/hashrate/worker", "coin=XMR"), CodeInvalidCoin)
	if a := f.get(t, "/hashrate", "coin=btc"); a.code != 0 || !json.Valid(a.data) || decode[map[string]any](t, a.data)["coin"] != "BTC" {
		t.Fatalf("lower-case coin: %s", a.raw)
	}
}

func TestSetWorkerStatusShowsInListsCountsAndHashrate(t *testing.T) {
	f, _, _ := smallFarm(t)
	f.clock.Advance(5 * time.Minute)
	off := f.clock.Now()
	f.sim.SetWorkerStatus("a2", false)
	f.clock.Advance(20 * time.Minute)

	h := decode[map[string]any](t, f.get(t, "/hashrate", "coin=BTC").data)
	if h["active_workers"] != 2.0 || h["unactive_workers"] != 1.0 || h["hashrate_10min"] != "110000000000000" {
		t.Fatalf("hashrate after a2 went off: %v", h)
	}
	inactive := decode[page[workerJSON]](t, f.get(t, "/hashrate/worker", "coin=BTC&worker_status=unactive").data)
	if inactive.Total != 1 || inactive.Data[0].WorkerName != "a2" || inactive.Data[0].Hashrate10Min != "0" ||
		inactive.Data[0].LastActive != off.Unix() {
		t.Fatalf("inactive workers: %+v", inactive)
	}
	active := decode[page[workerJSON]](t, f.get(t, "/hashrate/worker", "coin=BTC&worker_status=active").data)
	if active.Total != 2 {
		t.Fatalf("active workers: %+v", active)
	}

	f.sim.SetWorkerStatus("a2", true)
	h = decode[map[string]any](t, f.get(t, "/hashrate", "coin=BTC").data)
	if h["active_workers"] != 3.0 || h["hashrate_10min"] != "160000000000000" {
		t.Fatalf("hashrate after a2 came back: %v", h)
	}
}

func TestSetHashrateIsSharedByTheActiveWorkers(t *testing.T) {
	f, _, _ := smallFarm(t)
	f.sim.SetWorkerStatus("solo", false)
	f.sim.SetHashrate("BTC", 3e12)
	h := decode[map[string]any](t, f.get(t, "/hashrate", "coin=BTC").data)
	if h["hashrate_10min"] != "3000000000000" || h["hashrate_1hour"] != "3000000000000" {
		t.Fatalf("hashrate %v", h)
	}
	w := decode[page[workerJSON]](t, f.get(t, "/hashrate/worker", "coin=BTC&worker_status=active").data)
	for _, row := range w.Data {
		if row.Hashrate10Min != "1500000000000" {
			t.Fatalf("worker %s has %s, want half", row.WorkerName, row.Hashrate10Min)
		}
	}
	// With no worker at all, the account still reports what was set.
	f.sim.SetHashrate("LTC", 0)
	f.sim.SetWorkerStatus("l7", false)
	f.sim.SetHashrate("LTC", 7e9)
	if h := decode[map[string]any](t, f.get(t, "/hashrate", "coin=LTC").data); h["hashrate_10min"] != "7000000000" {
		t.Fatalf("LTC %v", h)
	}
}

func TestWorkerListPagesNestedInData(t *testing.T) {
	f, g, ids := smallFarm(t)
	a := f.get(t, "/hashrate/worker", "coin=BTC&limit=2&page=2")
	wantCode(t, a, CodeOK)
	if _, top := a.top["count"]; top {
		t.Fatalf("worker list has paging at top level: %s", a.raw)
	}
	p := decode[page[workerJSON]](t, a.data)
	if p.Count != 1 || p.CurrPage != 2 || p.Total != 3 || p.TotalPage != 2 || p.HasNext || p.Data[0].WorkerID != ids[2] {
		t.Fatalf("page 2: %+v", p)
	}
	if p.Data[0].GroupID != nil || p.Data[0].GroupName != nil {
		t.Fatalf("default-group worker should have null group: %s", a.data)
	}
	grouped := decode[page[workerJSON]](t, f.get(t, "/hashrate/worker", "coin=BTC&group_id="+itoa(g)).data)
	if grouped.Total != 2 || *grouped.Data[0].GroupID != g || *grouped.Data[0].GroupName != "rack-1" {
		t.Fatalf("group filter: %+v", grouped)
	}
	wantCode(t, f.get(t, "/hashrate/worker", "coin=BTC&group_id=999999"), CodeGroupNotFound)
	wantCode(t, f.get(t, "/hashrate/worker", "coin=BTC&group_id=x"), CodeInvalidArgument)
	wantCode(t, f.get(t, "/hashrate/worker", "coin=BTC&worker_status=idle"), CodeInvalidArgument)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestPagenoIsTakenAsPage(t *testing.T) {
	f, _, _ := smallFarm(t)
	p := decode[page[workerJSON]](t, f.get(t, "/hashrate/worker", "coin=BTC&limit=1&pageno=3").data)
	if p.CurrPage != 3 || p.Data[0].WorkerName != "solo" {
		t.Fatalf("pageno=3: %+v", p)
	}
}

func TestBadPagingIs2(t *testing.T) {
	f, _, _ := smallFarm(t)
	for _, q := range []string{"page=0", "page=-1", "limit=0", "limit=ten", "pageno=x"} {
		wantCode(t, f.get(t, "/hashrate/worker", "coin=BTC&"+q), CodeInvalidArgument)
	}
	p := decode[page[workerJSON]](t, f.get(t, "/hashrate/worker", "coin=BTC&page=9223372036854775807").data)
	if p.Count != 0 || len(p.Data) != 0 || p.HasNext {
		t.Fatalf("a page past the end should be empty: %+v", p)
	}
}

func TestWorkerAndGroupByID(t *testing.T) {
	f, g, ids := smallFarm(t)
	w := decode[workerJSON](t, f.get(t, "/hashrate/worker/"+itoa(ids[0]), "").data)
	if w.WorkerName != "a1" || w.RejectRate != "0.01" || w.WorkerStatus != "active" || w.LastActive != start.Unix() {
		t.Fatalf("worker %+v", w)
	}
	wantCode(t, f.get(t, "/hashrate/worker/424242", ""), CodeWorkerNotFound)
	wantCode(t, f.get(t, "/hashrate/worker/abc", ""), CodeInvalidArgument)

	gr := decode[groupJSON](t, f.get(t, "/hashrate/group/"+itoa(g), "").data)
	want := groupJSON{ActiveWorkers: 2, Coin: "BTC", GroupID: g, GroupName: "rack-1", Hashrate10Min: "150000000000000",
		Hashrate1Hour: "150000000000000", Hashrate24Hour: "150000000000000", RejectRate: "0.006667", TotalWorkers: 2}
	if gr != want {
		t.Fatalf("group %+v\nwant  %+v", gr, want)
	}
	wantCode(t, f.get(t, "/hashrate/group/424242", ""), CodeGroupNotFound)
	groups := decode[page[groupJSON]](t, f.get(t, "/hashrate/group", "coin=BTC").data)
	if groups.Total != 1 || groups.Data[0] != want {
		t.Fatalf("groups %+v", groups)
	}
}

func TestHistoryIsNewestFirstFilteredByDateAndNested(t *testing.T) {
	f, _, _ := smallFarm(t)
	for _, d := range []string{"2024-03-07", "2024-03-09", "2024-03-08"} {
		f.sim.AddDay("BTC", Day{Date: d, Hashrate: 1.5e14, RejectRate: 0.002, PPS: "0.0001", PPLNS: "0.00002", Solo: "0"})
	}
	f.sim.AddWorkerDay("a1", Day{Date: "2024-03-09", Hashrate: 99e12})

	a := f.get(t, "/hashrate/history", "coin=BTC&start_date=2024-03-08&end_date=2024-03-09&utc=true")
	wantCode(t, a, CodeOK)
	h := decode[page[historyJSON]](t, a.data)
	if h.Total != 2 || h.Data[0].Date != "2024-03-09" || h.Data[1].Date != "2024-03-08" || h.Data[0].Hashrate != "150000000000000" ||
		h.Data[0].RejectRate != "0.002" {
		t.Fatalf("history %+v", h)
	}
	p := decode[page[profitJSON]](t, f.get(t, "/profit/history", "coin=BTC&end_date=2024-03-07").data)
	if p.Total != 1 || p.Data[0].TotalProfit != "0.00012" || p.Data[0].PPLNSProfit != "0.00002" {
		t.Fatalf("profit history %+v", p)
	}
	wh := decode[page[historyJSON]](t, f.get(t, "/hashrate/worker/"+itoa(workerID(t, f, "a1"))+"/history", "coin=BTC").data)
	if wh.Total != 1 || wh.Data[0].Hashrate != "99000000000000" {
		t.Fatalf("worker history %+v", wh)
	}
	for _, q := range []string{"start_date=2024/03/08", "end_date=yesterday", "utc=maybe"} {
		wantCode(t, f.get(t, "/hashrate/history", "coin=BTC&"+q), CodeInvalidArgument)
	}
}

func workerID(t *testing.T, f *fixture, name string) int64 {
	t.Helper()
	for _, w := range decode[page[workerJSON]](t, f.get(t, "/hashrate/worker", "coin=BTC&limit=100").data).Data {
		if w.WorkerName == name {
			return w.WorkerID
		}
	}
	t.Fatalf("no worker %s", name)
	return 0
}

func TestProfitTotalIsTheExactSum(t *testing.T) {
	f, _, _ := smallFarm(t)
	f.sim.SetProfit("BTC", "0.00000001", "0.1", "0.00000002")
	p := decode[profitJSON](t, f.get(t, "/profit", "coin=BTC").data)
	if p.TotalProfit != "0.10000003" || p.PPSProfit != "0.00000001" || p.Coin != "BTC" {
		t.Fatalf("profit %+v", p)
	}
}

func TestChartHasPeriodPointsNewestFirstOnTheInterval(t *testing.T) {
	f, _, _ := smallFarm(t)
	f.clock.Advance(17 * time.Minute) // 12:17
	a := f.get(t, "/hashrate/chart", "coin=BTC&interval=hour&period=3")
	wantCode(t, a, CodeOK)
	points := decode[[]chartJSON](t, a.data)
	if len(points) != 3 {
		t.Fatalf("%d points", len(points))
	}
	for i, p := range points {
		if want := start.Add(-time.Duration(i) * time.Hour).Unix(); p.Timestamp != want || p.Hashrate != "160000000000000" {
			t.Fatalf("point %d: %+v, want timestamp %d", i, p, want)
		}
	}
	if all := decode[[]chartJSON](t, f.get(t, "/hashrate/chart", "coin=BTC&interval=min").data); len(all) != 144 ||
		all[0].Timestamp != start.Add(10*time.Minute).Unix() {
		t.Fatalf("default period: %d points from %d", len(all), all[0].Timestamp)
	}
	for _, q := range []string{"interval=week", "", "interval=day&period=0", "interval=day&period=x"} {
		wantCode(t, f.get(t, "/hashrate/chart", "coin=BTC&"+q), CodeInvalidArgument)
	}
}

func TestPaymentsAndSubAccountsPageAtTopLevel(t *testing.T) {
	f, _, _ := smallFarm(t)
	for i := range 3 {
		f.sim.AddPayment("BTC", "0.001", "bc1qx", start.Add(-time.Duration(i)*24*time.Hour))
	}
	f.sim.AddSubAccount("s1")

	a := f.get(t, "/wallet/payment/history", "coin=BTC&limit=2")
	wantCode(t, a, CodeOK)
	var top page[paymentJSON]
	if err := json.Unmarshal([]byte(a.raw), &top); err != nil {
		t.Fatal(err)
	}
	if top.Total != 3 || top.Count != 2 || !top.HasNext || top.TotalPage != 2 || top.Data[0].CreateTime != start.Unix() {
		t.Fatalf("payments %s", a.raw)
	}

	s := f.do(t, http.MethodGet, "/account/sub", "tonce="+f.tonce(), "", "sign")
	wantCode(t, s, CodeOK)
	var subs page[subAccountJSON]
	if err := json.Unmarshal([]byte(s.raw), &subs); err != nil {
		t.Fatal(err)
	}
	if subs.Total != 1 || subs.Data[0].Account != "s1" || len(subs.Data[0].APIKey) != 32 || subs.Data[0].SecretKey != "" {
		t.Fatalf("sub-accounts %s", s.raw)
	}
}

func TestPaymentDatesAreBeijingDaysUnlessUTC(t *testing.T) {
	f, _, _ := smallFarm(t)
	// 2024-03-09 20:00 UTC is already 2024-03-10 in Beijing.
	f.sim.AddPayment("BTC", "0.002", "bc1qx", time.Date(2024, 3, 9, 20, 0, 0, 0, time.UTC))
	count := func(q string) int {
		var p page[paymentJSON]
		_ = json.Unmarshal([]byte(f.get(t, "/wallet/payment/history", "coin=BTC&"+q).raw), &p)
		return p.Total
	}
	if got := count("start_date=2024-03-10&end_date=2024-03-10"); got != 1 {
		t.Fatalf("Beijing day 2024-03-10: %d payments", got)
	}
	if got := count("start_date=2024-03-10&end_date=2024-03-10&utc=true"); got != 0 {
		t.Fatalf("UTC day 2024-03-10: %d payments", got)
	}
}

func TestAccountListsBalancesAddressesAndObservers(t *testing.T) {
	f, _, _ := smallFarm(t)
	f.sim.SetBalance("BTC", "0.00123456")
	f.sim.SetWithdrawAddress("BTC", "bc1qx")
	f.sim.AddObserver("ob1")
	a := decode[struct {
		Account  accountJSON    `json:"account"`
		Observer []observerJSON `json:"observer"`
		Address  []addressJSON  `json:"withdraw_address"`
		Balance  []balanceJSON  `json:"balance"`
	}](t, f.get(t, "/account", "").data)
	if a.Account.ID == 0 || a.Account.ParentUserID != nil || len(a.Observer) != 1 || a.Observer[0].Name != "ob1" ||
		len(a.Address) != 1 || len(a.Balance) != 2 || a.Balance[0] != (balanceJSON{"BTC", "0.00123456"}) ||
		a.Balance[1] != (balanceJSON{"LTC", "0"}) {
		t.Fatalf("account %+v", a)
	}
}

func TestSweepSettlesTheBalanceAndRecordsAPayment(t *testing.T) {
	f, _, _ := smallFarm(t)
	f.sim.SetBalance("BTC", "0.00184233")
	f.sim.SetWithdrawAddress("BTC", "bc1qx")
	a := f.do(t, http.MethodPost, "/wallet/sweep", "", `{"coin":"BTC","tonce":`+f.tonce()+`}`, "sign")
	wantCode(t, a, CodeOK)
	if got := decode[sweepJSON](t, a.data); got != (sweepJSON{Coin: "BTC", Balance: "0.00184233"}) {
		t.Fatalf("sweep answered %+v", got)
	}
	if b := f.sim.Balance("BTC"); b != "0" {
		t.Fatalf("balance after sweep %s", b)
	}
	pays := f.sim.Payments("BTC")
	if len(pays) != 1 || pays[0].Amount != "0.00184233" || pays[0].Address != "bc1qx" || !pays[0].At.Equal(start) || len(pays[0].TxID) != 64 {
		t.Fatalf("payments %+v", pays)
	}
	// A second sweep has nothing left to settle.
	again := f.do(t, http.MethodPost, "/wallet/sweep", "", `{"coin":"BTC","tonce":`+f.tonce()+`}`, "sign")
	if got := decode[sweepJSON](t, again.data); got.Balance != "0" || len(f.sim.Payments("BTC")) != 1 {
		t.Fatalf("second sweep %+v, %d payments", got, len(f.sim.Payments("BTC")))
	}
}

func TestSweepWithoutWithdrawAddressOrWithBadCoinIsRefused(t *testing.T) {
	f, _, _ := smallFarm(t)
	f.sim.SetBalance("LTC", "1.5")
	wantCode(t, f.do(t, http.MethodPost, "/wallet/sweep", "", `{"coin":"LTC","tonce":`+f.tonce()+`}`, "sign"), CodeInvalidArgument)
	wantCode(t, f.do(t, http.MethodPost, "/wallet/sweep", "", `{"coin":"ETC","tonce":`+f.tonce()+`}`, "sign"), CodeInvalidCoin)
	if f.sim.Balance("LTC") != "1.5" || len(f.sim.Payments("LTC")) != 0 {
		t.Fatal("a refused sweep changed the balance")
	}
}

func TestFaultsAndRecorderWrapTheAPI(t *testing.T) {
	f, _, _ := smallFarm(t)
	f.sim.Faults.Inject(simFault502())
	if a := f.get(t, "/hashrate", "coin=BTC"); a.status != http.StatusBadGateway {
		t.Fatalf("fault not applied: HTTP %d", a.status)
	}
	last, ok := f.sim.Recorder.Last()
	if !ok || last.Path != BasePath+"/hashrate" || last.RawQuery != "coin=BTC" || last.Header.Get("X-API-KEY") != testKey {
		t.Fatalf("recorded %+v", last)
	}
}
