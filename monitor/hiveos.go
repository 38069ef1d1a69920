package monitor

import (
	"context"
	"fmt"
	"time"

	"pitboss/alerts"
	"pitboss/apiclients/hiveos"
)

// HiveOS is the Hive OS legacy API as a source.
type HiveOS struct{ Client *hiveos.Client }

// Name implements Source.
func (h *HiveOS) Name() string { return "hiveos" }

// Title implements Source.
func (h *HiveOS) Title() string { return "Hive OS" }

// Poll reads the farm's current stats.
func (h *HiveOS) Poll(ctx context.Context, now time.Time) (*Observation, error) {
	st, err := h.Client.GetCurrentStats(ctx)
	if err != nil {
		return nil, err
	}
	return normaliseHiveOS(st, now), nil
}

// normaliseHiveOS turns getCurrentStats into readings: per rig whether it is online (stamped with when it
// last sent data), its hashrate per algorithm and power, and each GPU's temperature, fan and hashrate; and
// the farm's red temperature. The legacy API counts hashrates in kH/s.
func normaliseHiveOS(st *hiveos.CurrentStats, now time.Time) *Observation {
	const src = "hiveos"
	n := 1
	for _, r := range st.Rigs {
		n += 4 + 3*len(r.GPUs) // online, hashrate, power; each GPU's temperature, fan and hashrate
	}
	obs := &Observation{Readings: make([]alerts.Reading, 0, n), Names: make(map[string]string, len(st.Rigs)), Detail: st}
	if st.HasRedTemp {
		obs.add(alerts.Reading{Source: src, GPU: alerts.NoGPU, Metric: alerts.FarmRedTemp, Value: st.RedTemp, At: now})
	}
	online, gpus := 0, 0
	for _, r := range st.Rigs {
		obs.Names[r.ID] = r.Name
		at := r.LastUpdate
		if at.IsZero() {
			at = now
		}
		rig := func(m alerts.Metric, algo string, v float64) {
			obs.add(alerts.Reading{Source: src, Rig: r.ID, GPU: alerts.NoGPU, Metric: m, Algo: algo, Value: v, At: at})
		}
		if !r.Online {
			rig(alerts.RigOnline, "", 0)
			continue
		}
		online++
		gpus += len(r.GPUs)
		rig(alerts.RigOnline, "", 1)
		rig(alerts.RigHashrate, mainAlgo(r, st), r.HashKHs*1e3)
		if r.Algo2 != "" || r.HashKHs2 > 0 {
			rig(alerts.RigHashrate, r.Algo2, r.HashKHs2*1e3)
		}
		if r.PowerW > 0 {
			rig(alerts.RigPower, "", r.PowerW)
		}
		for _, g := range r.GPUs {
			gpu := func(m alerts.Metric, v float64) {
				obs.add(alerts.Reading{Source: src, Rig: r.ID, GPU: g.Index, Bus: g.Bus, Metric: m, Value: v, At: at})
			}
			gpu(alerts.GPUTemp, g.Temp)
			gpu(alerts.GPUFan, g.Fan)
			gpu(alerts.GPUHashrate, g.HashKHs*1e3)
		}
	}
	obs.Summary = fmt.Sprintf("%d rigs (%d online), %d GPUs", len(st.Rigs), online, gpus)
	if st.HasRedTemp {
		obs.Summary += fmt.Sprintf(", red temperature %g °C", st.RedTemp)
	}
	return obs
}

// mainAlgo is what a rig mines: as its miner reports it, else the farm's only algorithm if it has one.
func mainAlgo(r hiveos.RigStats, st *hiveos.CurrentStats) string {
	if r.Algo == "" && len(st.Algos) == 1 {
		return st.Algos[0]
	}
	return r.Algo
}
