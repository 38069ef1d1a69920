package viabtc

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// Group is a worker group with the summed hashrate (H/s) of its workers.
type Group struct {
	ID             *int64 // nil for the default group
	Name           string
	Coin           string
	ActiveWorkers  int
	TotalWorkers   int
	Hashrate10Min  float64
	Hashrate1Hour  float64
	Hashrate24Hour float64
	RejectRate     float64 // a fraction
}

// UnmarshalJSON decodes a group row.
func (g *Group) UnmarshalJSON(b []byte) error {
	var w struct {
		GroupID        *integer `json:"group_id"`
		GroupName      text     `json:"group_name"`
		Coin           text     `json:"coin"`
		ActiveWorkers  integer  `json:"active_workers"`
		TotalWorkers   integer  `json:"total_workers"`
		Hashrate10Min  rate     `json:"hashrate_10min"`
		Hashrate1Hour  rate     `json:"hashrate_1hour"`
		Hashrate24Hour rate     `json:"hashrate_24hour"`
		RejectRate     rate     `json:"reject_rate"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = Group{ID: optionalID(w.GroupID), Name: string(w.GroupName), Coin: string(w.Coin),
		ActiveWorkers: int(w.ActiveWorkers), TotalWorkers: int(w.TotalWorkers), Hashrate10Min: float64(w.Hashrate10Min),
		Hashrate1Hour: float64(w.Hashrate1Hour), Hashrate24Hour: float64(w.Hashrate24Hour), RejectRate: float64(w.RejectRate)}
	return nil
}

func decodeGroups(status int, body []byte) (Page[Group], error) {
	return decodePage[Group](status, body)
}

func decodeGroup(status int, body []byte) (Group, error) { return decodeObject[Group](status, body) }

// Groups lists the worker groups for coin; page and limit 0 mean the service's defaults.
func (c *Client) Groups(ctx context.Context, coin string, page, limit int) (Page[Group], error) {
	v := url.Values{"coin": {coin}}
	setPage(v, page, limit)
	return fetch(ctx, c, call{method: http.MethodGet, path: "/hashrate/group", query: v, idempotent: true}, decodeGroups)
}

// Group returns one worker group.
func (c *Client) Group(ctx context.Context, id int64) (Group, error) {
	return fetch(ctx, c, call{method: http.MethodGet, path: "/hashrate/group/" + strconv.FormatInt(id, 10), idempotent: true},
		decodeGroup)
}
