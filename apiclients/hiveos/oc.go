package hiveos

import (
	"context"
	"encoding/json"
)

// OCProfile is an overclocking profile. Only id and name are read (reference A.8 [I]); Raw keeps the
// whole object for whoever needs the per-vendor settings.
type OCProfile struct {
	ID   int64
	Name string
	Raw  json.RawMessage
}

// GetOC lists the account's overclocking profiles, by ascending id.
func (c *Client) GetOC(ctx context.Context) ([]OCProfile, error) {
	return call(ctx, c, "getOC", nil, true, decodeOC)
}

func decodeOC(status int, body []byte) ([]OCProfile, error) {
	result, err := decodeEnvelope(status, body)
	if err != nil {
		return nil, err
	}
	list, ok := entries(result)
	if !ok {
		return nil, resultError("getOC", result)
	}
	out := make([]OCProfile, 0, len(list))
	for _, e := range list {
		o := obj(e.val)
		p := OCProfile{ID: id(o["id_oc"]), Name: str(o["name"]), Raw: append(json.RawMessage(nil), e.val...)}
		if p.ID == 0 {
			p.ID = idString(idKey(e, o, "id"))
		}
		out = append(out, p)
	}
	sortByID(out, func(p OCProfile) int64 { return p.ID })
	return out, nil
}
