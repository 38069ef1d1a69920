package viabtc

import (
	"context"
	"net/http"
	"net/url"
)

// Profit is GET /profit: earnings of one coin by payout scheme, as exact decimals.
type Profit struct {
	Coin  string  `json:"coin"`
	PPS   Decimal `json:"pps_profit"`
	PPLNS Decimal `json:"pplns_profit"`
	Solo  Decimal `json:"solo_profit"`
	Total Decimal `json:"total_profit"`
}

// ProfitRow is one day of earnings.
type ProfitRow struct {
	Coin  string  `json:"coin"`
	Date  string  `json:"date"` // "2006-01-02", a Beijing day unless the query asked for UTC
	PPS   Decimal `json:"pps_profit"`
	PPLNS Decimal `json:"pplns_profit"`
	Solo  Decimal `json:"solo_profit"`
	Total Decimal `json:"total_profit"`
}

func decodeProfit(status int, body []byte) (Profit, error) { return decodeObject[Profit](status, body) }

func decodeProfitHistory(status int, body []byte) (Page[ProfitRow], error) {
	return decodePage[ProfitRow](status, body)
}

// Profit returns the earnings summary for coin.
func (c *Client) Profit(ctx context.Context, coin string) (Profit, error) {
	return fetch(ctx, c, call{method: http.MethodGet, path: "/profit", query: url.Values{"coin": {coin}}, idempotent: true},
		decodeProfit)
}

// ProfitHistory returns daily earnings for coin.
func (c *Client) ProfitHistory(ctx context.Context, coin string, q HistoryQuery) (Page[ProfitRow], error) {
	return fetch(ctx, c, call{method: http.MethodGet, path: "/profit/history", query: q.values(coin), idempotent: true},
		decodeProfitHistory)
}
