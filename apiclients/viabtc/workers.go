package viabtc

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Worker statuses, as the service spells them.
const (
	StatusActive   = "active"
	StatusInactive = "unactive"
)

// Worker is one mining worker with its live hashrate (H/s).
type Worker struct {
	ID             int64
	Name           string
	Coin           string
	GroupID        *int64 // nil for the default group
	GroupName      string // "" for the default group
	Status         string // StatusActive or StatusInactive
	Hashrate10Min  float64
	Hashrate1Hour  float64
	Hashrate24Hour float64
	RejectRate     float64   // a fraction
	LastActive     time.Time // time of its last share
}

// Active reports whether the service counts the worker as active.
func (w Worker) Active() bool { return w.Status == StatusActive }

// WorkerQuery filters and pages the worker list. The zero value lists every worker, first page.
type WorkerQuery struct {
	GroupID int64  // 0 means every group
	Status  string // StatusActive, StatusInactive or "" for both
	Page    int
	Limit   int
}

// UnmarshalJSON decodes a worker row.
func (w *Worker) UnmarshalJSON(b []byte) error {
	var r struct {
		WorkerID       integer  `json:"worker_id"`
		WorkerName     text     `json:"worker_name"`
		WorkerStatus   text     `json:"worker_status"`
		Coin           text     `json:"coin"`
		GroupID        *integer `json:"group_id"`
		GroupName      text     `json:"group_name"`
		Hashrate10Min  rate     `json:"hashrate_10min"`
		Hashrate1Hour  rate     `json:"hashrate_1hour"`
		Hashrate24Hour rate     `json:"hashrate_24hour"`
		RejectRate     rate     `json:"reject_rate"`
		LastActive     integer  `json:"last_active"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	*w = Worker{ID: int64(r.WorkerID), Name: string(r.WorkerName), Status: string(r.WorkerStatus), Coin: string(r.Coin),
		GroupID: optionalID(r.GroupID), GroupName: string(r.GroupName), Hashrate10Min: float64(r.Hashrate10Min),
		Hashrate1Hour: float64(r.Hashrate1Hour), Hashrate24Hour: float64(r.Hashrate24Hour),
		RejectRate: float64(r.RejectRate), LastActive: unixTime(r.LastActive)}
	return nil
}

func decodeWorkers(status int, body []byte) (Page[Worker], error) {
	return decodePage[Worker](status, body)
}

func decodeWorker(status int, body []byte) (Worker, error) { return decodeObject[Worker](status, body) }

// Workers lists the workers mining coin.
func (c *Client) Workers(ctx context.Context, coin string, q WorkerQuery) (Page[Worker], error) {
	v := url.Values{"coin": {coin}}
	if q.GroupID != 0 {
		v.Set("group_id", strconv.FormatInt(q.GroupID, 10))
	}
	if q.Status != "" {
		v.Set("worker_status", q.Status)
	}
	setPage(v, q.Page, q.Limit)
	return fetch(ctx, c, call{method: http.MethodGet, path: "/hashrate/worker", query: v, idempotent: true}, decodeWorkers)
}

// Worker returns one worker.
func (c *Client) Worker(ctx context.Context, id int64) (Worker, error) {
	return fetch(ctx, c, call{method: http.MethodGet, path: "/hashrate/worker/" + strconv.FormatInt(id, 10), idempotent: true},
		decodeWorker)
}

// WorkerHistory returns the daily hashrate of one worker.
func (c *Client) WorkerHistory(ctx context.Context, id int64, coin string, q HistoryQuery) (Page[HistoryRow], error) {
	path := "/hashrate/worker/" + strconv.FormatInt(id, 10) + "/history"
	return fetch(ctx, c, call{method: http.MethodGet, path: path, query: q.values(coin), idempotent: true}, decodeHistory)
}
