package hiveos

import (
	"math"
	"net/url"
	"strconv"
	"time"

	"pitboss/sim/farm"
)

// getCurrentStats renders the farm in the shape reference A.9 gives: result.summary.algo keyed by
// algorithm, result.user.red_temp, result.rigs keyed by string id, each with stats (what the Telegram bot
// read) and raw_stats (what the agent pushed), both null for a rig that is offline.

type statsJSON struct {
	Hash   float64   `json:"hash"`  // kH/s
	Power  float64   `json:"power"` // W
	Temp   []any     `json:"temp"`
	Fan    []any     `json:"fan"`
	Hashes []float64 `json:"hashes"`
}

type minerStatsJSON struct {
	HS         []float64 `json:"hs"`
	HSUnits    string    `json:"hs_units"`
	Temp       []float64 `json:"temp"`
	Fan        []float64 `json:"fan"`
	Uptime     int64     `json:"uptime"`
	AR         []int64   `json:"ar"`
	Algo       string    `json:"algo"`
	Ver        string    `json:"ver"`
	BusNumbers []int     `json:"bus_numbers"`
	TotalKHs   float64   `json:"total_khs"`
}

type rawStatsJSON struct {
	V          int            `json:"v"`
	RigID      string         `json:"rig_id"`
	Miner      string         `json:"miner"`
	TotalKHs   float64        `json:"total_khs"`
	Temp       []any          `json:"temp"`
	Fan        []any          `json:"fan"`
	Power      []any          `json:"power"`
	DF         string         `json:"df"`
	Mem        []int          `json:"mem"`
	CPUAvg     []float64      `json:"cpuavg"`
	MinerStats minerStatsJSON `json:"miner_stats"`
	// A second miner, as the agent reports it: its name, total and stats.
	Miner2      string          `json:"miner2,omitempty"`
	TotalKHs2   float64         `json:"total_khs2,omitempty"`
	MinerStats2 *minerStatsJSON `json:"miner_stats2,omitempty"`
}

type rigStatsJSON struct {
	Name         string        `json:"name"`
	Miner        string        `json:"miner"`
	Miner2       *string       `json:"miner2"`
	IDWal        int64         `json:"id_wal"`
	WalletName   string        `json:"wallet_name"`
	IDOC         *int64        `json:"id_oc"`
	TsLastUpdate int64         `json:"ts_last_update"`
	Stats        *statsJSON    `json:"stats"`
	RawStats     *rawStatsJSON `json:"raw_stats"`
}

type algoJSON struct {
	Hash float64 `json:"hash"` // kH/s of the online rigs running it
	Rigs int     `json:"rigs"`
	GPUs int     `json:"gpus"`
}

type summaryJSON struct {
	Algo        map[string]*algoJSON `json:"algo"`
	RigsOnline  int                  `json:"rigs_online"`
	RigsOffline int                  `json:"rigs_offline"`
}

type currentStatsJSON struct {
	Summary summaryJSON             `json:"summary"`
	User    *userJSON               `json:"user,omitempty"`
	Rigs    map[string]rigStatsJSON `json:"rigs"`
}

type userJSON struct {
	RedTemp float64 `json:"red_temp"`
}

func (s *Sim) getCurrentStats(url.Values) (any, *rpcError) {
	snap := s.opts.Farm.Snapshot(s.opts.Now())
	out := currentStatsJSON{
		Summary: summaryJSON{Algo: map[string]*algoJSON{}},
		Rigs:    make(map[string]rigStatsJSON, len(snap.Rigs)),
	}
	if !s.opts.OmitRedTemp {
		out.User = &userJSON{RedTemp: snap.RedTemp}
	}
	for _, r := range snap.Rigs {
		row := rigStatsJSON{
			Name: r.Name, Miner: r.Miner, Miner2: nullString(r.Miner2),
			IDWal: r.WalletID, WalletName: r.WalletName, IDOC: nullID(r.OCID),
			TsLastUpdate: r.LastUpdate.Unix(),
		}
		if !r.Online {
			out.Summary.RigsOffline++
			out.Rigs[r.ID] = row
			continue
		}
		out.Summary.RigsOnline++
		a := out.Summary.Algo[r.Algo]
		if a == nil {
			a = &algoJSON{}
			out.Summary.Algo[r.Algo] = a
		}
		a.Hash = round2(a.Hash + r.HashKHs)
		a.Rigs++
		a.GPUs += len(r.GPUs)
		row.Stats, row.RawStats = s.renderStats(r)
		out.Rigs[r.ID] = row
	}
	return out, nil
}

func (s *Sim) renderStats(r farm.RigState) (*statsJSON, *rawStatsJSON) {
	n := len(r.GPUs)
	st := &statsJSON{Hash: round2(r.HashKHs), Power: math.Round(r.PowerW),
		Temp: make([]any, n), Fan: make([]any, n), Hashes: make([]float64, n)}
	ms := minerStatsJSON{HS: st.Hashes, HSUnits: "khs", Temp: make([]float64, n), Fan: make([]float64, n),
		Uptime: int64(r.MinerUptime / time.Second), Algo: r.Algo, Ver: farm.MinerVersion(r.Miner),
		BusNumbers: make([]int, n), TotalKHs: st.Hash}
	raw := &rawStatsJSON{V: 1, RigID: r.ID, Miner: r.Miner, TotalKHs: st.Hash, Temp: st.Temp, Fan: st.Fan,
		Power: make([]any, n), DF: "21G", Mem: []int{7965, 5120}, CPUAvg: []float64{0.42, 0.37, 0.33}}
	for g, gs := range r.GPUs {
		temp, fan := math.Round(gs.Temp), math.Round(gs.Fan)
		st.Temp[g], st.Fan[g], raw.Power[g] = s.num(temp), s.num(fan), s.num(math.Round(gs.PowerW))
		st.Hashes[g] = round2(gs.HashKHs)
		ms.Temp[g], ms.Fan[g] = temp, fan
		ms.BusNumbers[g] = gs.Bus
	}
	// About one share per GPU every 20 s, and a rejected one in 500.
	accepted := ms.Uptime * int64(n) / 20
	ms.AR = []int64{accepted, accepted / 500}
	raw.MinerStats = ms
	if r.Algo2 != "" {
		h2 := round2(r.Hash2KHs)
		raw.Miner2, raw.TotalKHs2 = r.Miner2, h2
		raw.MinerStats2 = &minerStatsJSON{HS: []float64{h2}, HSUnits: "khs", Uptime: ms.Uptime, Algo: r.Algo2,
			Ver: farm.MinerVersion(r.Miner2), TotalKHs: h2}
	}
	return st, raw
}

// num renders a reading as the agent does (a string) unless PlainNumbers asks for a JSON number.
func (s *Sim) num(v float64) any {
	if s.opts.PlainNumbers {
		return v
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
