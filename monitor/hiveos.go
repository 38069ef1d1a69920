package monitor

import (
	"context"
	"fmt"
	"math"
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
		n += 3 + 3*len(r.GPUs)
	}
	obs := &Observation{Readings: make([]alerts.Reading, 0, n), Names: make(map[string]string, len(st.Rigs)), Detail: st}
	addGPU := func(rig string, gpu, bus int, m alerts.Metric, v float64, at time.Time) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return // a sum of huge values the API sent: no reading is better than a wrong one
		}
		obs.Readings = append(obs.Readings, alerts.Reading{Source: src, Rig: rig, GPU: gpu, Bus: bus, Metric: m, Value: v, At: at})
	}
	add := func(rig string, gpu int, m alerts.Metric, algo string, v float64, at time.Time) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		obs.Readings = append(obs.Readings, alerts.Reading{Source: src, Rig: rig, GPU: gpu, Metric: m, Algo: algo, Value: v, At: at})
	}
	if st.HasRedTemp {
		add("", alerts.NoGPU, alerts.FarmRedTemp, "", st.RedTemp, now)
	}
	online, gpus := 0, 0
	for _, r := range st.Rigs {
		obs.Names[r.ID] = r.Name
		at := r.LastUpdate
		if at.IsZero() {
			at = now
		}
		if !r.Online {
			add(r.ID, alerts.NoGPU, alerts.RigOnline, "", 0, at)
			continue
		}
		online++
		gpus += len(r.GPUs)
		add(r.ID, alerts.NoGPU, alerts.RigOnline, "", 1, at)
		add(r.ID, alerts.NoGPU, alerts.RigHashrate, mainAlgo(r, st), r.HashKHs*1e3, at)
		if r.Algo2 != "" || r.HashKHs2 > 0 {
			add(r.ID, alerts.NoGPU, alerts.RigHashrate, r.Algo2, r.HashKHs2*1e3, at)
		}
		if r.PowerW > 0 {
			add(r.ID, alerts.NoGPU, alerts.RigPower, "", r.PowerW, at)
		}
		for _, g := range r.GPUs {
			addGPU(r.ID, g.Index, g.Bus, alerts.GPUTemp, g.Temp, at)
			addGPU(r.ID, g.Index, g.Bus, alerts.GPUFan, g.Fan, at)
			addGPU(r.ID, g.Index, g.Bus, alerts.GPUHashrate, g.HashKHs*1e3, at)
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
