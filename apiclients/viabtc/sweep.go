package viabtc

import (
	"context"
	"net/http"
)

// SweepResult is what POST /wallet/sweep settled.
type SweepResult struct {
	Coin    string  `json:"coin"`
	Balance Decimal `json:"balance"` // the amount settled
}

func decodeSweep(status int, body []byte) (SweepResult, error) {
	return decodeObject[SweepResult](status, body)
}

// Sweep settles the balance of coin (a signed call that moves money). It is sent exactly once: when the
// answer is lost the error wraps ErrUnknownOutcome and the caller must check the payment history
// before trying again.
func (c *Client) Sweep(ctx context.Context, coin string) (SweepResult, error) {
	return fetch(ctx, c, call{method: http.MethodPost, path: "/wallet/sweep", body: map[string]any{"coin": coin}, signed: true},
		decodeSweep)
}
