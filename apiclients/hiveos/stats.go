package hiveos

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// CurrentStats is getCurrentStats: the farm's monitoring data (reference A.9).
type CurrentStats struct {
	// RedTemp is the farm's red temperature (°C) from result.user.red_temp, which the forum says was added
	// later and no public code reads: HasRedTemp is false when it is absent, unreadable or not positive.
	RedTemp    float64
	HasRedTemp bool
	Algos      []string   // the keys of result.summary.algo, sorted
	Rigs       []RigStats // by ascending numeric id
}

// RigStats is one rig's row.
type RigStats struct {
	ID         string // the key in result.rigs
	Name       string // when the row has one
	Miner      string
	Algo       string // raw_stats.miner_stats.algo, when reported
	WalletID   int64
	WalletName string
	// LastUpdate is when the rig last sent stats (ts_last_update); zero when absent. For an offline rig it
	// is when it was last seen.
	LastUpdate time.Time
	// Online is false when raw_stats is null, false or empty-ish (the legacy API's only offline signal);
	// for a row without raw_stats at all, when stats is missing too.
	Online  bool
	HashKHs float64 // total, kH/s
	PowerW  float64 // total, W
	GPUs    []GPUStats
}

// GPUStats is one GPU's reading. A value the rig did not report is 0.
type GPUStats struct {
	Index   int
	Temp    float64 // °C
	Fan     float64 // %
	HashKHs float64
}

// GetCurrentStats reads the farm's current monitoring data.
func (c *Client) GetCurrentStats(ctx context.Context) (*CurrentStats, error) {
	return call(ctx, c, "getCurrentStats", nil, true, decodeCurrentStats)
}

func decodeCurrentStats(status int, body []byte) (*CurrentStats, error) {
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
		out.Rigs = append(out.Rigs, decodeRigStats(idKey(e, o, "id_rig", "id"), o))
	}
	sortByID(out.Rigs, func(r RigStats) string { return r.ID })
	return out, nil
}

// decodeRigStats reads one row. Each reading comes from stats (what the Telegram bot used) when there,
// else from raw_stats (what the agent pushed), else from raw_stats.miner_stats.
func decodeRigStats(rigID string, o object) RigStats {
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

	temps := firstNonEmpty(stats["temp"], raw["temp"], ms["temp"])
	fans := firstNonEmpty(stats["fan"], raw["fan"], ms["fan"])
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

	n := max(len(temps), len(fans), len(hashes))
	r.GPUs = make([]GPUStats, n)
	for i := range r.GPUs {
		r.GPUs[i] = GPUStats{Index: i, Temp: at(temps, i), Fan: at(fans, i), HashKHs: at(hashes, i)}
	}
	return r
}

// inKHs converts miner_stats.hs to kH/s by its hs_units ("khs" when absent, as the agent defaults).
func inKHs(hs []float64, units string) []float64 {
	scale := 1.0
	switch strings.ToLower(units) {
	case "hs":
		scale = 1e-3
	case "mhs":
		scale = 1e3
	case "ghs":
		scale = 1e6
	}
	if scale != 1 {
		for i := range hs {
			hs[i] *= scale
		}
	}
	return hs
}

// firstNonEmpty reads the first of the per-GPU arrays that has values; the later ones are read only when
// needed, as most rows carry stats and the fallbacks would double the work of every poll.
func firstNonEmpty(raws ...json.RawMessage) []float64 {
	for _, raw := range raws {
		if l := nums(raw); len(l) > 0 {
			return l
		}
	}
	return nil
}

func at(xs []float64, i int) float64 {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}
