package viabtc

import (
	"sort"
	"strconv"
	"time"
)

type hashrateJSON struct {
	ActiveWorkers   int    `json:"active_workers"`
	Coin            string `json:"coin"`
	Hashrate10Min   string `json:"hashrate_10min"`
	Hashrate1Hour   string `json:"hashrate_1hour"`
	Hashrate24Hour  string `json:"hashrate_24hour"`
	UnactiveWorkers int    `json:"unactive_workers"`
}

type historyJSON struct {
	Coin       string `json:"coin"`
	Date       string `json:"date"`
	Hashrate   string `json:"hashrate"`
	RejectRate string `json:"reject_rate"`
}

type chartJSON struct {
	Timestamp  int64  `json:"timestamp"`
	Hashrate   string `json:"hashrate"`
	RejectRate string `json:"reject_rate"`
}

// coinTotals sums the live views of coin's workers, plus the hashrate no worker carries.
func (s *Sim) coinTotals(coin string, now time.Time) totals {
	var t totals
	for _, w := range s.workers {
		if w.coin == coin {
			t.add(w.view(now))
		}
	}
	off := s.coin[coin].offset
	t.h10 += off
	t.h1 += off
	t.h24 += off
	return t
}

func (s *Sim) getHashrate(rq *request) (any, *apiError) {
	coin, aerr := s.coinParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	t := s.coinTotals(coin, rq.now)
	return hashrateJSON{ActiveWorkers: t.active, Coin: coin, Hashrate10Min: hashrate(t.h10), Hashrate1Hour: hashrate(t.h1),
		Hashrate24Hour: hashrate(t.h24), UnactiveWorkers: t.inactive}, nil
}

func (s *Sim) getHashrateHistory(rq *request) (any, *apiError) {
	coin, aerr := s.coinParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	return historyPage(rq, coin, s.coin[coin].days)
}

// historyPage filters days by the request's range and pages them, newest first as the doc's sample.
func historyPage(rq *request, coin string, days []Day) (any, *apiError) {
	r, p, aerr := historyParams(rq)
	if aerr != nil {
		return nil, aerr
	}
	rows := []historyJSON{}
	for _, d := range days {
		if r.holds(d.Date) {
			rows = append(rows, historyJSON{Coin: coin, Date: d.Date, Hashrate: hashrate(d.Hashrate), RejectRate: fraction(d.RejectRate)})
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Date > rows[j].Date })
	return pageOf(p, rows), nil
}

// Chart intervals: the step between points and the most points the simulator gives (the service's
// maximum is not documented).
var intervals = map[string]struct {
	step time.Duration
	max  int
}{
	"min":  {10 * time.Minute, 144},
	"hour": {time.Hour, 168},
	"day":  {24 * time.Hour, 30},
}

// getChart draws the curve from the live hashrate: flat, or drifting a little for the demo. Points are
// newest first, as in the doc's sample.
func (s *Sim) getChart(rq *request) (any, *apiError) {
	coin, aerr := s.coinParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	iv, ok := intervals[rq.params.Get("interval")]
	if !ok {
		return nil, fail(CodeInvalidArgument)
	}
	period := iv.max
	if v := rq.params.Get("period"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return nil, fail(CodeInvalidArgument)
		}
		period = min(n, iv.max)
	}
	if _, aerr := dateRangeParam(rq); aerr != nil { // validates utc
		return nil, aerr
	}
	t := s.coinTotals(coin, rq.now)
	base := t.h1
	last := rq.now.Truncate(iv.step)
	points := make([]chartJSON, 0, period)
	for i := range period {
		at := last.Add(-time.Duration(i) * iv.step)
		h := base
		if s.chartNoise {
			h *= drift(int64(len(coin)), at.Unix()/int64(iv.step/time.Second))
		}
		points = append(points, chartJSON{Timestamp: at.Unix(), Hashrate: hashrate(h), RejectRate: fraction(t.rejectRate())})
	}
	return points, nil
}
