package hiveos

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// Rig is a rig as getRigs lists it. Only "keyed by rig id" is confirmed; the fields are the ones the rig
// rows of getCurrentStats carry (reference A.6 [I]), each left empty when absent.
type Rig struct {
	ID         string // the key, e.g. "10256"
	Name       string
	Miner      string
	Miner2     string // "" when none (the API's null or "0")
	WalletID   int64  // 0 when none
	WalletName string
	OCID       int64 // 0 when none
	LastUpdate time.Time
}

// GetRigs lists the account's rigs, by ascending numeric id.
func (c *Client) GetRigs(ctx context.Context) ([]Rig, error) {
	return call(ctx, c, "getRigs", nil, true, decodeRigs)
}

func decodeRigs(status int, body []byte) ([]Rig, error) {
	result, err := decodeEnvelope(status, body)
	if err != nil {
		return nil, err
	}
	list, ok := entries(result)
	if !ok {
		return nil, resultError("getRigs", result)
	}
	rigs := make([]Rig, 0, len(list))
	for _, e := range list {
		o := obj(e.val)
		rigs = append(rigs, Rig{
			ID:         idKey(e, o, "id_rig", "id"),
			Name:       str(o["name"]),
			Miner:      str(o["miner"]),
			Miner2:     miner2(o["miner2"]),
			WalletID:   id(o["id_wal"]),
			WalletName: str(o["wallet_name"]),
			OCID:       id(o["id_oc"]),
			LastUpdate: unixTime(o["ts_last_update"]),
		})
	}
	sortByID(rigs, func(r Rig) string { return r.ID })
	return rigs, nil
}

// miner2 treats "0", the API's "no second miner", as none.
func miner2(raw json.RawMessage) string {
	if s := str(raw); s != "0" {
		return s
	}
	return ""
}

// resultError reports a result of a shape no version of the API could mean (a string where an object
// keyed by id belongs).
func resultError(method string, result json.RawMessage) error {
	return httpx.NewBodyError(&httpx.Response{Status: 200, Body: result}, errors.New(method+": result is not an object keyed by id"))
}
