package viabtc

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Hashrate is GET /hashrate: the account's live hashrate for one coin. Hashrates are in H/s.
type Hashrate struct {
	Coin            string
	Hashrate10Min   float64
	Hashrate1Hour   float64
	Hashrate24Hour  float64
	ActiveWorkers   int
	InactiveWorkers int // the service's "unactive_workers"
}

// HistoryRow is one day of hashrate history, for the account or for one worker.
type HistoryRow struct {
	Coin       string
	Date       string  // "2006-01-02", a Beijing day unless the query asked for UTC
	Hashrate   float64 // H/s, the day's average
	RejectRate float64 // a fraction: 0.01 is 1 %
}

// ChartPoint is one point of the hashrate curve.
type ChartPoint struct {
	Time       time.Time
	Hashrate   float64 // H/s
	RejectRate float64 // a fraction
}

// Chart intervals for HashrateChart.
const (
	IntervalMinute = "min"  // a point every 10 minutes
	IntervalHour   = "hour" // a point every hour
	IntervalDay    = "day"  // a point every day
)

// UnmarshalJSON decodes the data of GET /hashrate.
func (h *Hashrate) UnmarshalJSON(b []byte) error {
	var w struct {
		Coin            text    `json:"coin"`
		Hashrate10Min   rate    `json:"hashrate_10min"`
		Hashrate1Hour   rate    `json:"hashrate_1hour"`
		Hashrate24Hour  rate    `json:"hashrate_24hour"`
		ActiveWorkers   integer `json:"active_workers"`
		UnactiveWorkers integer `json:"unactive_workers"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*h = Hashrate{Coin: string(w.Coin), Hashrate10Min: float64(w.Hashrate10Min), Hashrate1Hour: float64(w.Hashrate1Hour),
		Hashrate24Hour: float64(w.Hashrate24Hour), ActiveWorkers: int(w.ActiveWorkers), InactiveWorkers: int(w.UnactiveWorkers)}
	return nil
}

// UnmarshalJSON decodes a hashrate history row.
func (r *HistoryRow) UnmarshalJSON(b []byte) error {
	var w struct {
		Coin       text `json:"coin"`
		Date       text `json:"date"`
		Hashrate   rate `json:"hashrate"`
		RejectRate rate `json:"reject_rate"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = HistoryRow{Coin: string(w.Coin), Date: string(w.Date), Hashrate: float64(w.Hashrate), RejectRate: float64(w.RejectRate)}
	return nil
}

// UnmarshalJSON decodes a chart point.
func (p *ChartPoint) UnmarshalJSON(b []byte) error {
	var w struct {
		Timestamp  integer `json:"timestamp"`
		Hashrate   rate    `json:"hashrate"`
		RejectRate rate    `json:"reject_rate"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = ChartPoint{Time: unixTime(w.Timestamp), Hashrate: float64(w.Hashrate), RejectRate: float64(w.RejectRate)}
	return nil
}

func decodeHashrate(status int, body []byte) (Hashrate, error) {
	return decodeObject[Hashrate](status, body)
}

func decodeHistory(status int, body []byte) (Page[HistoryRow], error) {
	return decodePage[HistoryRow](status, body)
}

func decodeChart(status int, body []byte) ([]ChartPoint, error) {
	return decodeList[ChartPoint](status, body)
}

// Hashrate returns the account's live hashrate for coin ("BTC").
func (c *Client) Hashrate(ctx context.Context, coin string) (Hashrate, error) {
	return fetch(ctx, c, call{method: http.MethodGet, path: "/hashrate", query: url.Values{"coin": {coin}}, idempotent: true},
		decodeHashrate)
}

// HashrateHistory returns the account's daily hashrate for coin.
func (c *Client) HashrateHistory(ctx context.Context, coin string, q HistoryQuery) (Page[HistoryRow], error) {
	return fetch(ctx, c, call{method: http.MethodGet, path: "/hashrate/history", query: q.values(coin), idempotent: true},
		decodeHistory)
}

// HashrateChart returns the account's hashrate curve for coin: period points (0 means the service's
// maximum) at interval IntervalMinute, IntervalHour or IntervalDay, newest first as the service sends them.
func (c *Client) HashrateChart(ctx context.Context, coin, interval string, period int) ([]ChartPoint, error) {
	q := url.Values{"coin": {coin}}
	if interval != "" {
		q.Set("interval", interval)
	}
	if period > 0 {
		q.Set("period", strconv.Itoa(period))
	}
	return fetch(ctx, c, call{method: http.MethodGet, path: "/hashrate/chart", query: q, idempotent: true}, decodeChart)
}
