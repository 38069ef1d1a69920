package coinhive

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// Payout is the payout rate and the state of the Monero network (GET /stats/payout).
type Payout struct {
	GlobalDifficulty  float64
	GlobalHashrate    float64 // H/s
	BlockReward       float64 // XMR
	PayoutPercentage  float64 // share of the block reward paid to sites
	PayoutPer1MHashes float64 // XMR
	XMRToUSD          float64
	Updated           time.Time // zero when not sent
}

// Site is the site's mining (GET /stats/site). Name and History are sent by some answers only.
type Site struct {
	Name            string
	HashesPerSecond float64
	HashesTotal     int64
	XMRPending      float64
	XMRPaid         float64
	History         []HistoryPoint // hourly, oldest first
}

// HistoryPoint is one hour of the site's history: the hour's time, the total hashes and the hashrate.
type HistoryPoint struct {
	Time            time.Time
	HashesTotal     int64
	HashesPerSecond float64
}

type wirePoint struct {
	Time            httpx.Number `json:"time"`
	HashesTotal     httpx.Number `json:"hashesTotal"`
	HashesPerSecond httpx.Number `json:"hashesPerSecond"`
}

// history converts points and sorts them oldest first, as the order on the wire is not documented.
func history(ws []wirePoint) []HistoryPoint {
	out := make([]HistoryPoint, 0, len(ws))
	for _, w := range ws {
		out = append(out, HistoryPoint{Time: unixTime(w.Time), HashesTotal: count(w.HashesTotal),
			HashesPerSecond: w.HashesPerSecond.Float64()})
	}
	slices.SortStableFunc(out, func(a, b HistoryPoint) int { return a.Time.Compare(b.Time) })
	return out
}

// PayoutStats returns the payout rate and network figures (GET /stats/payout).
func (c *Client) PayoutStats(ctx context.Context) (Payout, error) {
	return get(ctx, c, "/stats/payout", nil, decodePayout)
}

func decodePayout(status int, body []byte) (Payout, error) {
	w, err := decode[struct {
		GlobalDifficulty  httpx.Number `json:"globalDifficulty"`
		GlobalHashrate    httpx.Number `json:"globalHashrate"`
		BlockReward       httpx.Number `json:"blockReward"`
		PayoutPercentage  httpx.Number `json:"payoutPercentage"`
		PayoutPer1MHashes httpx.Number `json:"payoutPer1MHashes"`
		XMRToUSD          httpx.Number `json:"xmrToUsd"`
		Updated           httpx.Number `json:"updated"`
	}](status, body)
	if err != nil {
		return Payout{}, err
	}
	return Payout{
		GlobalDifficulty:  w.GlobalDifficulty.Float64(),
		GlobalHashrate:    w.GlobalHashrate.Float64(),
		BlockReward:       w.BlockReward.Float64(),
		PayoutPercentage:  w.PayoutPercentage.Float64(),
		PayoutPer1MHashes: w.PayoutPer1MHashes.Float64(),
		XMRToUSD:          w.XMRToUSD.Float64(),
		Updated:           unixTime(w.Updated),
	}, nil
}

// SiteStats returns the site's hashrate, totals and, when sent, its name and hourly history for the
// past seven days (GET /stats/site).
func (c *Client) SiteStats(ctx context.Context) (Site, error) {
	return get(ctx, c, "/stats/site", nil, decodeSite)
}

func decodeSite(status int, body []byte) (Site, error) {
	w, err := decode[struct {
		Name            string       `json:"name"`
		HashesPerSecond httpx.Number `json:"hashesPerSecond"`
		HashesTotal     httpx.Number `json:"hashesTotal"`
		XMRPending      httpx.Number `json:"xmrPending"`
		XMRPaid         httpx.Number `json:"xmrPaid"`
		History         []wirePoint  `json:"history"`
	}](status, body)
	if err != nil {
		return Site{}, err
	}
	s := Site{
		Name:            w.Name,
		HashesPerSecond: w.HashesPerSecond.Float64(),
		HashesTotal:     count(w.HashesTotal),
		XMRPending:      w.XMRPending.Float64(),
		XMRPaid:         w.XMRPaid.Float64(),
	}
	if len(w.History) > 0 {
		s.History = history(w.History)
	}
	return s, nil
}

// History returns the site's hourly history between begin and end (GET /stats/history), oldest first.
func (c *Client) History(ctx context.Context, begin, end time.Time) ([]HistoryPoint, error) {
	if begin.IsZero() || end.IsZero() {
		return nil, invalidArg("begin and end are both required")
	}
	if begin.After(end) {
		return nil, invalidArg("begin %s is after end %s", begin.Format(time.RFC3339), end.Format(time.RFC3339))
	}
	p := url.Values{
		"begin": {strconv.FormatInt(begin.Unix(), 10)},
		"end":   {strconv.FormatInt(end.Unix(), 10)},
	}
	return get(ctx, c, "/stats/history", p, decodeHistory)
}

func decodeHistory(status int, body []byte) ([]HistoryPoint, error) {
	w, err := decode[struct {
		History []wirePoint `json:"history"`
	}](status, body)
	if err != nil {
		return nil, err
	}
	return history(w.History), nil
}
