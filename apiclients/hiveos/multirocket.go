package hiveos

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// MultiRocketParams is what multiRocket applies. A nil field is left out of the request, which the API
// documents as "don't change"; at least one must be set.
type MultiRocketParams struct {
	RigIDs   []string // numeric rig ids, at least one
	Miner    *string
	Miner2   *string // "0" removes the second miner
	WalletID *int64
	OCID     *int64
}

// MultiRocket applies settings to several rigs at once and returns the API's result, whose shape is
// undocumented. It is sent exactly once: a lost answer is reported as httpx.ErrUnknownOutcome, never
// retried. Parameters that cannot be right are refused with ErrInvalidParams before anything is sent.
func (c *Client) MultiRocket(ctx context.Context, p MultiRocketParams) (json.RawMessage, error) {
	fields, err := p.fields()
	if err != nil {
		return nil, err
	}
	return call(ctx, c, "multiRocket", fields, false, decodeMultiRocket)
}

// decodeMultiRocket only checks the envelope: the API never documented multiRocket's result.
func decodeMultiRocket(status int, body []byte) (json.RawMessage, error) {
	result, err := decodeEnvelope(status, body)
	if err != nil {
		return nil, err
	}
	return append(json.RawMessage(nil), result...), nil
}

// fields validates p and lists its POST fields in the documented order.
func (p MultiRocketParams) fields() ([]field, error) {
	if len(p.RigIDs) == 0 {
		return nil, fmt.Errorf("%w: no rig id given", ErrInvalidParams)
	}
	for _, id := range p.RigIDs {
		if _, err := strconv.ParseUint(id, 10, 64); err != nil {
			return nil, fmt.Errorf("%w: rig id %q is not a number", ErrInvalidParams, id)
		}
	}
	if p.Miner == nil && p.Miner2 == nil && p.WalletID == nil && p.OCID == nil {
		return nil, fmt.Errorf("%w: nothing to change: set at least one of miner, miner2, wallet, OC profile", ErrInvalidParams)
	}
	fields := []field{{"rig_ids_str", strings.Join(p.RigIDs, ",")}}
	if p.Miner != nil {
		if *p.Miner == "" {
			return nil, fmt.Errorf("%w: empty miner (leave it nil to keep the current one)", ErrInvalidParams)
		}
		fields = append(fields, field{"miner", *p.Miner})
	}
	if p.Miner2 != nil {
		if *p.Miner2 == "" {
			return nil, fmt.Errorf(`%w: empty second miner (nil keeps it, "0" removes it)`, ErrInvalidParams)
		}
		fields = append(fields, field{"miner2", *p.Miner2})
	}
	for _, f := range []struct {
		name string
		v    *int64
	}{{"id_wal", p.WalletID}, {"id_oc", p.OCID}} {
		if f.v == nil {
			continue
		}
		if *f.v <= 0 {
			return nil, fmt.Errorf("%w: %s %d is not an id", ErrInvalidParams, f.name, *f.v)
		}
		fields = append(fields, field{f.name, strconv.FormatInt(*f.v, 10)})
	}
	return fields, nil
}
