package viabtc

import (
	"strconv"
	"time"
)

// The demo account's credentials, for `-demo` to give both the simulator and the client.
const (
	DemoAPIKey    = "7c1e4b9a2f6d8035e1a4c7b2d9f03e58"
	DemoSecretKey = "3b8f1d6a9c2e47f0b5d8a1c4e7f2093a6d1b4c8e5f7a2d9036c1e4b7a8f5d2c9"
)

// earnings per H/s per day, roughly what PPS+ paid in 2024, for demo profit figures.
var demoYield = map[string]float64{"BTC": 8e-7 / 1e12, "LTC": 0.021 / 1e9}

// Demo returns a Sim with a realistic account: BTC (six ASICs in two groups, one of which drops out for
// ten minutes every hour) and LTC (one ASIC in the default group), balances, a month of history and
// payouts, a sub-account and an observer. now drives everything time-based.
func Demo(now func() time.Time) *Sim {
	s := New(Options{APIKey: DemoAPIKey, SecretKey: DemoSecretKey, Now: now, Coins: []string{"BTC", "LTC"}})
	s.account.name = "pitboss-demo"
	s.chartNoise = true

	shelfA := s.AddGroup("BTC", "shelf-a")
	shelfB := s.AddGroup("BTC", "shelf-b")
	for _, w := range []WorkerSpec{
		{Name: "s19-01", Coin: "BTC", GroupID: shelfA, Hashrate: 95e12, RejectRate: 0.0012},
		{Name: "s19-02", Coin: "BTC", GroupID: shelfA, Hashrate: 95e12, RejectRate: 0.0009},
		{Name: "s19jpro-03", Coin: "BTC", GroupID: shelfA, Hashrate: 104e12, RejectRate: 0.0015},
		{Name: "s21-01", Coin: "BTC", GroupID: shelfB, Hashrate: 200e12, RejectRate: 0.0006},
		{Name: "s19-04", Coin: "BTC", GroupID: shelfB, Hashrate: 95e12, RejectRate: 0.0011},
		{Name: "s19-05", Coin: "BTC", GroupID: shelfB, Hashrate: 90e12, RejectRate: 0.0031},
		{Name: "l7-01", Coin: "LTC", Hashrate: 9.5e9, RejectRate: 0.0018},
	} {
		s.AddWorker(w)
	}
	for _, w := range s.workers {
		w.wobble = true
		w.flaky = w.name == "s19-05"
	}

	s.SetBalance("BTC", "0.00184233")
	s.SetBalance("LTC", "0.4129")
	s.SetProfit("BTC", "0.00027312", "0", "0")
	s.SetProfit("LTC", "0.10522", "0", "0")
	s.SetWithdrawAddress("BTC", "bc1qpitbossdemo0000000000000000000000w5nk4x")
	s.SetWithdrawAddress("LTC", "ltc1qpitbossdemo000000000000000000000c8e2v7")
	s.AddSubAccount("pitboss-backup")
	s.AddObserver("family")

	s.seedHistory(now(), 30)
	today := midnight(now())
	for week := 1; week <= 4; week++ {
		s.AddPayment("BTC", "0.00378"+strconv.Itoa(week), "bc1qpitbossdemo0000000000000000000000w5nk4x",
			today.AddDate(0, 0, -7*week).Add(2*time.Hour))
	}
	s.AddPayment("LTC", "1.4712", "ltc1qpitbossdemo000000000000000000000c8e2v7", today.AddDate(0, 0, -12).Add(3*time.Hour))
	s.AddPayment("LTC", "1.5037", "ltc1qpitbossdemo000000000000000000000c8e2v7", today.AddDate(0, 0, -26).Add(3*time.Hour))
	return s
}

// midnight is the start of now's Beijing day, the service's default day.
func midnight(now time.Time) time.Time {
	y, m, d := now.In(beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, beijing)
}

// seedHistory writes days of worker and account history before today, from each worker's hashrate with
// a daily drift, and the profit those hashrates earn.
func (s *Sim) seedHistory(now time.Time, days int) {
	today := midnight(now)
	for i := 1; i <= days; i++ {
		day := today.AddDate(0, 0, -i)
		date := day.Format(time.DateOnly)
		perCoin := map[string]float64{}
		for _, w := range s.workers {
			h := w.base * drift(w.id, day.Unix()/86400)
			w.days = putDay(w.days, Day{Date: date, Hashrate: h, RejectRate: w.reject})
			perCoin[w.coin] += h
		}
		for coin, h := range perCoin {
			pps := strconv.FormatFloat(h*demoYield[coin], 'f', 8, 64)
			c := s.coin[coin]
			c.days = putDay(c.days, Day{Date: date, Hashrate: h, RejectRate: 0.0012, PPS: pps, PPLNS: "0", Solo: "0"})
		}
	}
}
