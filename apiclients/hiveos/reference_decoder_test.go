package hiveos

import (
	"encoding/json"
	"slices"
)

// referenceDecodeCurrentStats is the getCurrentStats decoder as it was before the single-pass one: every
// field read on its own through encoding/json and the lenient helpers of loose.go. It is slow (about 3×
// encoding/json into typed structs) but plainly right, so it stays here as the specification that
// FuzzDecodeCurrentStatsMatchesReference holds decodeCurrentStats to. Since the move only Algo2 and
// HashKHs2 were added, in the same way as the other readings.
func referenceDecodeCurrentStats(status int, body []byte) (*CurrentStats, error) {
	result, err := decodeEnvelope(status, body)
	if err != nil {
		return nil, err
	}
	res := obj(result)
	if res == nil {
		if list, ok := entries(result); ok && len(list) == 0 {
			return &CurrentStats{}, nil // PHP's [] for a farm with nothing to report
		}
		return nil, resultError("getCurrentStats", result)
	}
	out := &CurrentStats{}
	if v, ok := num(obj(res["user"])["red_temp"]); ok && v > 0 {
		out.RedTemp, out.HasRedTemp = v, true
	}
	algos, _ := entries(obj(res["summary"])["algo"])
	for _, a := range algos {
		name := a.key
		if name == "" {
			name = str(a.val) // a list of names rather than an object keyed by them
		}
		if name != "" {
			out.Algos = append(out.Algos, name)
		}
	}
	slices.Sort(out.Algos)
	out.Algos = slices.Compact(out.Algos)

	rigs, _ := entries(res["rigs"])
	for _, e := range rigs {
		o := obj(e.val)
		out.Rigs = append(out.Rigs, referenceDecodeRigStats(idKey(e, o, "id_rig", "id"), o))
	}
	sortByID(out.Rigs, func(r RigStats) string { return r.ID })
	return out, nil
}

// referenceDecodeRigStats reads one row. Each reading comes from stats (what the Telegram bot used) when
// there, else from raw_stats (what the agent pushed), else from raw_stats.miner_stats.
func referenceDecodeRigStats(rigID string, o object) RigStats {
	r := RigStats{
		ID:         rigID,
		Name:       str(o["name"]),
		Miner:      str(o["miner"]),
		WalletID:   id(o["id_wal"]),
		WalletName: str(o["wallet_name"]),
		LastUpdate: unixTime(o["ts_last_update"]),
	}
	stats, raw := obj(o["stats"]), obj(o["raw_stats"])
	// raw_stats is the legacy API's only offline signal (reference A.9): when the row has it, null or false
	// means offline even if a stale stats object lingers. Only a row without the field at all is judged
	// by stats, so an answer that never carries raw_stats does not make every rig offline.
	if _, has := o["raw_stats"]; has {
		r.Online = raw != nil
	} else {
		r.Online = stats != nil
	}
	if !r.Online {
		return r
	}
	ms := obj(raw["miner_stats"])
	r.Algo = str(ms["algo"])

	temps := referenceFirstNonEmpty(stats["temp"], raw["temp"], ms["temp"])
	fans := referenceFirstNonEmpty(stats["fan"], raw["fan"], ms["fan"])
	hashes := nums(stats["hashes"])
	if len(hashes) == 0 {
		hashes = inKHs(nums(ms["hs"]), str(ms["hs_units"]))
	}
	var ok bool
	if r.HashKHs, ok = num(stats["hash"]); !ok {
		if r.HashKHs, ok = num(raw["total_khs"]); !ok {
			if r.HashKHs, ok = num(ms["total_khs"]); !ok {
				r.HashKHs = sum(hashes)
			}
		}
	}
	if r.PowerW, ok = num(stats["power"]); !ok {
		r.PowerW = sum(nums(raw["power"]))
	}

	// The second miner of a dual-mining rig: the agent's total_khs2, else miner_stats2's own total, else
	// the sum of miner_stats2.hs.
	ms2 := obj(raw["miner_stats2"])
	r.Algo2 = str(ms2["algo"])
	if r.HashKHs2, ok = num(raw["total_khs2"]); !ok {
		if r.HashKHs2, ok = num(ms2["total_khs"]); !ok {
			r.HashKHs2 = sum(inKHs(nums(ms2["hs"]), str(ms2["hs_units"])))
		}
	}

	n := max(len(temps), len(fans), len(hashes))
	r.GPUs = make([]GPUStats, n)
	buses := nums(ms["bus_numbers"])
	for i := range r.GPUs {
		r.GPUs[i] = GPUStats{Index: i, Temp: at(temps, i), Fan: at(fans, i), HashKHs: at(hashes, i),
			Bus: busNumber(buses, i)}
	}
	return r
}

// referenceFirstNonEmpty reads the first of the per-GPU arrays that has values.
func referenceFirstNonEmpty(raws ...json.RawMessage) []float64 {
	for _, raw := range raws {
		if l := nums(raw); len(l) > 0 {
			return l
		}
	}
	return nil
}
