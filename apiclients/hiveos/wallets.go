package hiveos

import (
	"context"
)

// Wallet is one of the account's wallets (reference A.7: keyed by id, with name and id_wal confirmed).
type Wallet struct {
	ID      int64
	Name    string
	Coin    string
	Address string // the "wal" field ("address" accepted too)
}

// GetWallets lists the account's wallets, by ascending id.
func (c *Client) GetWallets(ctx context.Context) ([]Wallet, error) {
	return call(ctx, c, "getWallets", nil, true, decodeWallets)
}

func decodeWallets(status int, body []byte) ([]Wallet, error) {
	result, err := decodeEnvelope(status, body)
	if err != nil {
		return nil, err
	}
	list, ok := entries(result)
	if !ok {
		return nil, resultError("getWallets", result)
	}
	out := make([]Wallet, 0, len(list))
	for _, e := range list {
		o := obj(e.val)
		w := Wallet{ID: id(o["id_wal"]), Name: str(o["name"]), Coin: str(o["coin"]), Address: str(o["wal"])}
		if w.ID == 0 {
			w.ID = idString(idKey(e, o, "id"))
		}
		if w.Address == "" {
			w.Address = str(o["address"])
		}
		out = append(out, w)
	}
	sortByID(out, func(w Wallet) int64 { return w.ID })
	return out, nil
}
