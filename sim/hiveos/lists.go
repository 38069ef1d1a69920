package hiveos

import (
	"net/url"
	"strconv"
)

// The list methods answer objects keyed by id (reference A.6–A.8): the only shape public code confirms
// is "keys are ids"; the inner fields mirror the rig rows of getCurrentStats [SIM].

type rigJSON struct {
	IDRig        int64   `json:"id_rig"`
	Name         string  `json:"name"`
	Miner        string  `json:"miner"`
	Miner2       *string `json:"miner2"`
	IDWal        int64   `json:"id_wal"`
	WalletName   string  `json:"wallet_name"`
	IDOC         *int64  `json:"id_oc"`
	TsLastUpdate int64   `json:"ts_last_update"`
	IP           string  `json:"ip"` // a forum user found the rig's local IP in getRigs; the field name is ours
}

func (s *Sim) getRigs(url.Values) (any, *rpcError) {
	snap := s.opts.Farm.Snapshot(s.opts.Now())
	out := make(map[string]rigJSON, len(snap.Rigs))
	for _, r := range snap.Rigs {
		id, _ := strconv.ParseInt(r.ID, 10, 64)
		out[r.ID] = rigJSON{
			IDRig: id, Name: r.Name, Miner: r.Miner, Miner2: nullString(r.Miner2),
			IDWal: r.WalletID, WalletName: r.WalletName, IDOC: nullID(r.OCID),
			TsLastUpdate: r.LastUpdate.Unix(), IP: r.IP,
		}
	}
	return out, nil
}

type walletJSON struct {
	IDWal int64  `json:"id_wal"`
	Name  string `json:"name"`
	Coin  string `json:"coin"`
	Wal   string `json:"wal"`
}

func (s *Sim) getWallets(url.Values) (any, *rpcError) {
	wallets := s.opts.Farm.Wallets()
	out := make(map[string]walletJSON, len(wallets))
	for _, w := range wallets {
		out[strconv.FormatInt(w.ID, 10)] = walletJSON{IDWal: w.ID, Name: w.Name, Coin: w.Coin, Wal: w.Address}
	}
	return out, nil
}

// ocJSON carries the per-vendor settings under "nvidia" or "amd", as clocks in strings the way the Hive OS
// web form stores them [SIM]; clients are told not to depend on them.
type ocJSON struct {
	IDOC   int64             `json:"id_oc"`
	Name   string            `json:"name"`
	Nvidia map[string]string `json:"nvidia,omitempty"`
	AMD    map[string]string `json:"amd,omitempty"`
}

func (s *Sim) getOC(url.Values) (any, *rpcError) {
	ocs := s.opts.Farm.OCProfiles()
	out := make(map[string]ocJSON, len(ocs))
	for _, oc := range ocs {
		settings := map[string]string{
			"core_clock": strconv.Itoa(oc.CoreClock),
			"mem_clock":  strconv.Itoa(oc.MemClock),
		}
		if oc.PowerLimit > 0 {
			settings["power_limit"] = strconv.Itoa(oc.PowerLimit)
		}
		o := ocJSON{IDOC: oc.ID, Name: oc.Name}
		if oc.Vendor == "amd" {
			o.AMD = settings
		} else {
			o.Nvidia = settings
		}
		out[strconv.FormatInt(oc.ID, 10)] = o
	}
	return out, nil
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
