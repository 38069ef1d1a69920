package hiveos

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"pitboss/sim/farm"
)

// multiRocket applies settings to several rigs (reference A.5). An absent or empty field means "don't
// change"; at least one of miner, miner2, id_wal, id_oc must be given; miner2 "0" removes the second miner.
// Nothing changes unless every rig, wallet, OC profile and miner is known.
func (s *Sim) multiRocket(form url.Values) (any, *rpcError) {
	idsField := strings.TrimSpace(form.Get("rig_ids_str"))
	if idsField == "" {
		return nil, &rpcError{CodeInvalidParams, "rig_ids_str not given"}
	}
	var ids []string
	for id := range strings.SplitSeq(idsField, ",") {
		id = strings.TrimSpace(id)
		if _, err := strconv.ParseUint(id, 10, 64); err != nil {
			return nil, &rpcError{CodeInvalidParams, fmt.Sprintf("Invalid rig id %q in rig_ids_str", id)}
		}
		ids = append(ids, id)
	}
	var change farm.Change
	if v := form.Get("miner"); v != "" {
		change.Miner = &v
	}
	if v := form.Get("miner2"); v != "" {
		change.Miner2 = &v
	}
	for _, f := range []struct {
		name string
		dst  **int64
	}{{"id_wal", &change.WalletID}, {"id_oc", &change.OCID}} {
		v := form.Get(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, &rpcError{CodeInvalidParams, fmt.Sprintf("Invalid %s %q", f.name, v)}
		}
		*f.dst = &n
	}
	if rerr := s.checkChange(ids, change); rerr != nil {
		return nil, rerr
	}
	if err := s.opts.Farm.Apply(ids, change); err != nil {
		return nil, &rpcError{CodeInvalidParams, "Invalid params"} // checked above; kept for safety
	}
	return true, nil
}

// checkChange words each refusal the way an API user can act on.
func (s *Sim) checkChange(ids []string, c farm.Change) *rpcError {
	f := s.opts.Farm
	if c.Miner == nil && c.Miner2 == nil && c.WalletID == nil && c.OCID == nil {
		return &rpcError{CodeInvalidParams, "Nothing to change: give at least one of miner, miner2, id_wal, id_oc"}
	}
	for _, id := range ids {
		if _, ok := f.Rig(id); !ok {
			return &rpcError{CodeInvalidParams, "Rig not found: " + id}
		}
	}
	if c.Miner != nil && !slices.Contains(f.Miners(), *c.Miner) {
		return &rpcError{CodeInvalidParams, "Unknown miner: " + *c.Miner}
	}
	if c.Miner2 != nil && *c.Miner2 != "0" && !slices.Contains(f.Miners(), *c.Miner2) {
		return &rpcError{CodeInvalidParams, "Unknown miner: " + *c.Miner2}
	}
	if c.WalletID != nil {
		if _, ok := f.Wallet(*c.WalletID); !ok {
			return &rpcError{CodeInvalidParams, fmt.Sprintf("Wallet not found: %d", *c.WalletID)}
		}
	}
	if c.OCID != nil {
		if _, ok := f.OCProfile(*c.OCID); !ok {
			return &rpcError{CodeInvalidParams, fmt.Sprintf("OC profile not found: %d", *c.OCID)}
		}
	}
	return nil
}
