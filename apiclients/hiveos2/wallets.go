package hiveos2

import (
	"context"
	"net/http"
)

// Wallet is a wallet of the farm (reference B.5).
type Wallet struct {
	ID           int64  // unique across the account's farms
	Coin         string // "ETH"
	Name         string // as the owner typed it
	Address      string // wal
	Source       string // an exchange's name, or what the owner typed
	WorkersCount int    // workers that mine to it
	FSCount      int    // flight sheets that use it
}

type walletWire struct {
	ID           ident `json:"id"`
	Coin         text  `json:"coin"`
	Name         text  `json:"name"`
	Wal          text  `json:"wal"`
	Source       text  `json:"source"`
	WorkersCount num   `json:"workers_count"`
	FSCount      num   `json:"fs_count"`
}

func decodeWallets(status int, body []byte) ([]Wallet, error) {
	list, err := decodeList[walletWire](status, body)
	if err != nil {
		return nil, err
	}
	out := make([]Wallet, 0, len(list))
	for _, w := range list {
		if w.ID != 0 {
			out = append(out, Wallet{ID: int64(w.ID), Coin: string(w.Coin), Name: string(w.Name), Address: string(w.Wal),
				Source: string(w.Source), WorkersCount: int(w.WorkersCount), FSCount: int(w.FSCount)})
		}
	}
	return out, nil
}

// Wallets lists the farm's wallets (GET /farms/{id}/wallets).
func (c *Client) Wallets(ctx context.Context, farmID int64) ([]Wallet, error) {
	return do(ctx, c, request{method: http.MethodGet, path: farmPath(farmID, "/wallets")}, decodeWallets)
}
