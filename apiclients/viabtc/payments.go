package viabtc

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Payment is one payout to a withdraw address.
type Payment struct {
	ID      int64
	Coin    string
	Amount  Decimal
	Address string // destination
	TxID    string // the service's "tx"
	Created time.Time
}

// UnmarshalJSON decodes a payment row.
func (p *Payment) UnmarshalJSON(b []byte) error {
	var w struct {
		ID         integer `json:"id"`
		Coin       text    `json:"coin"`
		Amount     Decimal `json:"amount"`
		Address    text    `json:"address"`
		Tx         text    `json:"tx"`
		CreateTime integer `json:"create_time"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = Payment{ID: int64(w.ID), Coin: string(w.Coin), Amount: w.Amount, Address: string(w.Address), TxID: string(w.Tx),
		Created: unixTime(w.CreateTime)}
	return nil
}

func decodePayments(status int, body []byte) (Page[Payment], error) {
	return decodePage[Payment](status, body)
}

// PaymentHistory returns the payouts of coin. The service documents this list with its paging fields
// next to code rather than inside data; both are read.
func (c *Client) PaymentHistory(ctx context.Context, coin string, q HistoryQuery) (Page[Payment], error) {
	return fetch(ctx, c, call{method: http.MethodGet, path: "/wallet/payment/history", query: q.values(coin), idempotent: true},
		decodePayments)
}
