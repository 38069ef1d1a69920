package hiveos

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"pitboss/sim/farm"
)

// Workers as reference B.7 shows them: the list item, and the detail with farm_id, gpu_info, the
// queued commands and the latest messages. Hashrates are kH/s (miners_summary, miners_stats, gpu_stats,
// avg_hashrates). A worker that is offline has stats.online false, the stats_time it was last seen at,
// and no live data: no miners_summary, miners_stats, gpu_summary, gpu_stats or hardware_stats.

type workerJSON struct {
	ID             int64              `json:"id"`
	FarmID         int64              `json:"farm_id,omitempty"` // the detail only
	Platform       int                `json:"platform"`
	Name           string             `json:"name"`
	Description    string             `json:"description"`
	UnitsCount     int                `json:"units_count"`
	Active         bool               `json:"active"`
	RedTemp        any                `json:"red_temp"`
	RedMemTemp     any                `json:"red_mem_temp"`
	RedFan         any                `json:"red_fan"`
	RedASR         int                `json:"red_asr"`
	RedLA          float64            `json:"red_la"`
	IPAddresses    []string           `json:"ip_addresses"`
	RemoteAddress  map[string]string  `json:"remote_address"`
	VPN            bool               `json:"vpn"`
	HasAMD         bool               `json:"has_amd"`
	HasNvidia      bool               `json:"has_nvidia"`
	NeedsUpgrade   bool               `json:"needs_upgrade"`
	SystemType     string             `json:"system_type"`
	Versions       map[string]string  `json:"versions"`
	TagIDs         []int64            `json:"tag_ids"`
	Stats          workerStatsJSON    `json:"stats"`
	FlightSheet    *fsJSON            `json:"flight_sheet"`
	MinersSummary  *minersSummaryJSON `json:"miners_summary,omitempty"`
	MinersStats    *minersStatsJSON   `json:"miners_stats,omitempty"`
	GPUSummary     *gpuSummaryJSON    `json:"gpu_summary,omitempty"`
	GPUStats       []gpuStatJSON      `json:"gpu_stats,omitempty"`
	GPUInfo        []gpuInfoJSON      `json:"gpu_info,omitempty"`
	HardwareStats  *hardwareJSON      `json:"hardware_stats,omitempty"`
	MessagesCounts map[string]int     `json:"messages_counts,omitempty"` // the list item only
	Commands       []commandJSON      `json:"commands,omitempty"`        // the detail only: still queued
	Messages       []messageJSON      `json:"messages,omitempty"`        // the detail only: the latest
	Options        *workerOptionsJSON `json:"options,omitempty"`         // the detail only
}

type workerStatsJSON struct {
	Online         bool                          `json:"online"`
	StatsTime      int64                         `json:"stats_time"`
	MinerStartTime int64                         `json:"miner_start_time,omitempty"`
	GPUsOnline     int                           `json:"gpus_online"`
	GPUsOffline    int                           `json:"gpus_offline"`
	GPUsOverheated int                           `json:"gpus_overheated"`
	CPUsOffline    int                           `json:"cpus_offline"`
	PowerDraw      any                           `json:"power_draw"`
	Overheated     bool                          `json:"overheated"`
	Overloaded     bool                          `json:"overloaded"`
	Invalid        bool                          `json:"invalid"`
	LowASR         bool                          `json:"low_asr"`
	Problems       []string                      `json:"problems"`
	AvgHashrates   map[string]map[string]float64 `json:"avg_hashrates,omitempty"`
}

type minersSummaryJSON struct {
	Hashrates []summaryRateJSON `json:"hashrates"`
}

type summaryRateJSON struct {
	Miner  string     `json:"miner"`
	Ver    string     `json:"ver"`
	Algo   string     `json:"algo"`
	Coin   string     `json:"coin"`
	Hash   any        `json:"hash"` // kH/s
	Shares sharesJSON `json:"shares"`
}

type sharesJSON struct {
	Accepted int64   `json:"accepted"`
	Rejected int64   `json:"rejected"`
	Invalid  int64   `json:"invalid"`
	Ratio    float64 `json:"ratio"`
}

type minersStatsJSON struct {
	Hashrates []statsRateJSON `json:"hashrates"`
}

type statsRateJSON struct {
	Miner         string `json:"miner"`
	Algo          string `json:"algo"`
	Coin          string `json:"coin"`
	Hashes        []any  `json:"hashes"` // kH/s per GPU
	Temps         []any  `json:"temps"`
	Fans          []any  `json:"fans"`
	InvalidShares []int  `json:"invalid_shares"`
	BusNumbers    []int  `json:"bus_numbers"`
}

type gpuSummaryJSON struct {
	GPUs    []gpuModelJSON `json:"gpus"`
	MaxTemp any            `json:"max_temp"`
	MaxFan  any            `json:"max_fan"`
}

type gpuModelJSON struct {
	Name   string `json:"name"`
	Amount int    `json:"amount"`
}

type gpuStatJSON struct {
	BusNumber    int    `json:"bus_number"`
	BusID        string `json:"bus_id"`
	Temp         any    `json:"temp"`
	Fan          any    `json:"fan"`
	Power        any    `json:"power"`
	CoreClk      int    `json:"coreclk"`
	MemClk       int    `json:"memclk"`
	MemTemp      any    `json:"memtemp"`
	Hash         any    `json:"hash"` // kH/s
	IsOverheated bool   `json:"is_overheated"`
}

type gpuInfoJSON struct {
	BusID      string         `json:"bus_id"`
	BusNumber  int            `json:"bus_number"`
	Brand      string         `json:"brand"`
	Model      string         `json:"model"`
	ShortName  string         `json:"short_name"`
	Index      int            `json:"index"`
	Details    map[string]any `json:"details"`
	PowerLimit map[string]any `json:"power_limit"`
}

type hardwareJSON struct {
	DF       string         `json:"df"`
	CPUAvg   []float64      `json:"cpuavg"`
	CPUTemp  []float64      `json:"cputemp"`
	CPUCores int            `json:"cpu_cores"`
	Memory   map[string]int `json:"memory"`
}

type workerOptionsJSON struct {
	PushInterval int `json:"push_interval"` // seconds
}

// health is what the API derives from a rig's readings against its red thresholds.
type health struct {
	hotGPUs  int
	problems []string
}

func (s *SimV2) health(r farm.RigState, red RedLimits) health {
	var h health
	if !r.Online {
		return h
	}
	for _, g := range r.GPUs {
		if math.Round(g.Temp) > red.Temp {
			h.hotGPUs++
		}
	}
	h.problems = []string{}
	if h.hotGPUs > 0 {
		h.problems = append(h.problems, "overheat")
	}
	if len(r.GPUs) < r.GPUCount {
		h.problems = append(h.problems, "missed_unit")
	}
	if r.HashKHs == 0 {
		h.problems = append(h.problems, "no_hashrate")
	}
	return h
}

// renderWorker renders one rig; detail adds what only GET /farms/{id}/workers/{wid} shows.
func (s *SimV2) renderWorker(f *v2farm, r farm.RigState, detail bool) workerJSON {
	red := f.workerRed(r.ID)
	vendor := gpuVendor(f.spec.Farm, r.Rig)
	w := workerJSON{
		ID: f.workerID(r.ID), Platform: 1, Name: r.Name, UnitsCount: r.GPUCount, Active: true,
		RedTemp: s.num(red.Temp), RedMemTemp: s.num(red.MemTemp), RedFan: s.num(red.Fan), RedASR: 85, RedLA: 1.8,
		IPAddresses: []string{r.IP}, RemoteAddress: map[string]string{"ip": "203.0.113." + strconv.Itoa(f.index+1)},
		HasAMD: vendor == "amd", HasNvidia: vendor == "nvidia", SystemType: "linux",
		Versions: map[string]string{"hive": "0.6-219", "kernel": "5.10.0-hiveos"}, TagIDs: []int64{},
		Stats: s.renderStats(r, red),
	}
	if sh, found := s.sheetOfRig(f, r.Rig); found {
		fs := s.renderSheet(sh)
		w.FlightSheet = &fs
	}
	if r.Online {
		s.renderLive(&w, f, r, red, vendor)
	}
	if !detail {
		w.MessagesCounts = s.messageCounts(w.ID)
		return w
	}
	w.FarmID = f.spec.ID
	w.GPUInfo = gpuInfo(r, vendor)
	w.Commands = s.pendingOf(w.ID)
	latest := s.newestMessages(w.ID)
	for _, m := range latest[:min(5, len(latest))] {
		w.Messages = append(w.Messages, m.render(false))
	}
	w.Options = &workerOptionsJSON{PushInterval: 10}
	return w
}

func (s *SimV2) renderStats(r farm.RigState, red RedLimits) workerStatsJSON {
	h := s.health(r, red)
	st := workerStatsJSON{Online: r.Online, StatsTime: r.LastUpdate.Unix(), PowerDraw: s.num(0), Problems: h.problems}
	if st.Problems == nil {
		st.Problems = []string{}
	}
	if !r.Online {
		st.GPUsOffline = r.GPUCount
		return st
	}
	st.GPUsOnline, st.GPUsOffline, st.GPUsOverheated = len(r.GPUs), r.GPUCount-len(r.GPUs), h.hotGPUs
	st.Overheated = h.hotGPUs > 0
	st.PowerDraw = s.num(math.Round(r.PowerW))
	if r.HashKHs > 0 { // a stopped miner has no start time
		st.MinerStartTime = r.LastUpdate.Add(-r.MinerUptime).Unix()
		st.AvgHashrates = map[string]map[string]float64{r.Algo: {"15m": round2(r.HashKHs), "1h": round2(r.HashKHs)}}
	}
	return st
}

// renderLive adds the live data of a rig that is online.
func (s *SimV2) renderLive(w *workerJSON, f *v2farm, r farm.RigState, red RedLimits, vendor string) {
	coin := coinOf(f.spec.Farm, r.WalletID)
	n := len(r.GPUs)
	main := statsRateJSON{Miner: r.Miner, Algo: r.Algo, Coin: coin, Hashes: make([]any, n), Temps: make([]any, n),
		Fans: make([]any, n), InvalidShares: make([]int, n), BusNumbers: make([]int, n)}
	w.GPUStats = make([]gpuStatJSON, n)
	maxTemp, maxFan := 0.0, 0.0
	for i, g := range r.GPUs {
		temp, fan := math.Round(g.Temp), math.Round(g.Fan)
		w.GPUStats[i] = gpuStatJSON{BusNumber: g.Bus, BusID: busID(g.Bus), Temp: s.num(temp), Fan: s.num(fan),
			Power: s.num(math.Round(g.PowerW)), CoreClk: 1500, MemClk: 7000, MemTemp: s.num(math.Round(g.MemTemp)),
			Hash: s.num(round2(g.HashKHs)), IsOverheated: temp > red.Temp}
		main.Hashes[i], main.Temps[i], main.Fans[i], main.BusNumbers[i] = s.num(round2(g.HashKHs)), s.num(temp), s.num(fan), g.Bus
		maxTemp, maxFan = max(maxTemp, temp), max(maxFan, fan)
	}
	w.GPUSummary = &gpuSummaryJSON{GPUs: []gpuModelJSON{{Name: gpuModel(vendor), Amount: n}}, MaxTemp: s.num(maxTemp), MaxFan: s.num(maxFan)}
	w.HardwareStats = &hardwareJSON{DF: "21G", CPUAvg: []float64{0.42, 0.37, 0.33}, CPUTemp: []float64{41}, CPUCores: 2,
		Memory: map[string]int{"total": 7965, "free": 5120}}
	w.MinersSummary, w.MinersStats = &minersSummaryJSON{Hashrates: []summaryRateJSON{}}, &minersStatsJSON{Hashrates: []statsRateJSON{}}
	if r.HashKHs == 0 {
		return // the miner is stopped: no miner reports
	}
	// About one share per GPU every 20 s, and a rejected one in 500.
	accepted := int64(r.MinerUptime.Seconds()) * int64(n) / 20
	w.MinersSummary.Hashrates = append(w.MinersSummary.Hashrates, summaryRateJSON{Miner: r.Miner, Ver: farm.MinerVersion(r.Miner),
		Algo: r.Algo, Coin: coin, Hash: s.num(round2(r.HashKHs)), Shares: shares(accepted)})
	w.MinersStats.Hashrates = append(w.MinersStats.Hashrates, main)
	if r.Algo2 != "" {
		h2 := round2(r.Hash2KHs)
		w.MinersSummary.Hashrates = append(w.MinersSummary.Hashrates, summaryRateJSON{Miner: r.Miner2,
			Ver: farm.MinerVersion(r.Miner2), Algo: r.Algo2, Coin: "XMR", Hash: s.num(h2), Shares: shares(accepted / 8)})
		w.MinersStats.Hashrates = append(w.MinersStats.Hashrates, statsRateJSON{Miner: r.Miner2, Algo: r.Algo2, Coin: "XMR",
			Hashes: []any{s.num(h2)}, Temps: []any{}, Fans: []any{}, InvalidShares: []int{0}, BusNumbers: []int{}})
	}
}

func shares(accepted int64) sharesJSON {
	rejected := accepted / 500
	ratio := 100.0
	if accepted > 0 {
		ratio = round2(100 * float64(accepted-rejected) / float64(accepted))
	}
	return sharesJSON{Accepted: accepted, Rejected: rejected, Ratio: ratio}
}

// gpuInfo lists the rig's cards, online or not: what the agent found at its last boot.
func gpuInfo(r farm.RigState, vendor string) []gpuInfoJSON {
	buses := make([]int, 0, r.GPUCount)
	if r.Online {
		for _, g := range r.GPUs {
			buses = append(buses, g.Bus)
		}
	} else {
		for b := 1; b <= r.GPUCount; b++ {
			buses = append(buses, b)
		}
	}
	out := make([]gpuInfoJSON, len(buses))
	for i, b := range buses {
		model := gpuModel(vendor)
		out[i] = gpuInfoJSON{BusID: busID(b), BusNumber: b, Brand: vendor, Model: model, ShortName: shortModel(model), Index: i,
			Details:    map[string]any{"mem": "8192 MB", "mem_gb": 8, "mem_type": "GDDR5"},
			PowerLimit: map[string]any{"min": "90 W", "def": "150 W", "max": "200 W"}}
	}
	return out
}

func busID(bus int) string { return fmt.Sprintf("%02x:00.0", bus) }

// gpuVendor is the brand of the rig's cards: its OC profile's vendor, nvidia without one.
func gpuVendor(f *farm.Farm, r farm.Rig) string {
	if oc, ok := f.OCProfile(r.OCID); ok {
		return oc.Vendor
	}
	return "nvidia"
}

func gpuModel(vendor string) string {
	if vendor == "amd" {
		return "Radeon RX 580"
	}
	return "GeForce GTX 1070"
}

func shortModel(model string) string {
	return strings.TrimPrefix(strings.TrimPrefix(model, "GeForce "), "Radeon ")
}

func coinOf(f *farm.Farm, walletID int64) string {
	w, _ := f.Wallet(walletID)
	return w.Coin
}

// Worker filters (reference B.5). The simulator's workers are all rigs (platform 1) and have no tags.
var workerFilters = []string{"", "problem", "problem24", "online", "offline"}

func (s *SimV2) listWorkers(r *http.Request, f *v2farm) reply {
	q := r.URL.Query()
	filter, platform := q.Get("filter"), q.Get("platform")
	if !slices.Contains(workerFilters, filter) {
		return invalidField("filter", "The selected filter is invalid.")
	}
	if platform != "" && platform != "1" && platform != "2" {
		return invalidField("platform", "The selected platform is invalid.")
	}
	snap := f.spec.Farm.Snapshot(s.opts.Now())
	data := make([]workerJSON, 0, len(snap.Rigs))
	for _, rig := range snap.Rigs {
		if platform == "2" || q.Get("tags") != "" || !keep(filter, rig, s.health(rig, f.workerRed(rig.ID))) {
			continue
		}
		data = append(data, s.renderWorker(f, rig, false))
	}
	return ok(map[string]any{"data": data, "tags": []any{}})
}

func keep(filter string, r farm.RigState, h health) bool {
	switch filter {
	case "online":
		return r.Online
	case "offline":
		return !r.Online
	case "problem", "problem24":
		return len(h.problems) > 0
	}
	return true
}

func (s *SimV2) getWorker(_ *http.Request, f *v2farm, rigID string) reply {
	for _, rig := range f.spec.Farm.Snapshot(s.opts.Now()).Rigs {
		if rig.ID == rigID {
			return ok(s.renderWorker(f, rig, true))
		}
	}
	return workerNotFound
}

// farmGPUJSON is an item of GET /farms/{id}/workers/gpus: Gpu with its stats and its worker.
type farmGPUJSON struct {
	gpuInfoJSON
	Stats  map[string]any `json:"stats"`
	Worker map[string]any `json:"worker"`
}

// listGPUs lists the GPUs of the farm's online workers (of worker_ids, when given).
func (s *SimV2) listGPUs(r *http.Request, f *v2farm) reply {
	var only []int64
	if v := r.URL.Query().Get("worker_ids"); v != "" {
		for p := range strings.SplitSeq(v, ",") {
			if id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil {
				only = append(only, id)
			}
		}
	}
	data := []farmGPUJSON{}
	for _, rig := range f.spec.Farm.Snapshot(s.opts.Now()).Rigs {
		wid := f.workerID(rig.ID)
		if !rig.Online || len(only) > 0 && !slices.Contains(only, wid) {
			continue
		}
		info := gpuInfo(rig, gpuVendor(f.spec.Farm, rig.Rig))
		for i, g := range rig.GPUs {
			data = append(data, farmGPUJSON{gpuInfoJSON: info[i],
				Stats: map[string]any{"temp": s.num(math.Round(g.Temp)), "fan": s.num(math.Round(g.Fan)),
					"power": s.num(math.Round(g.PowerW)), "coreclk": 1500, "memclk": 7000, "memtemp": s.num(math.Round(g.MemTemp))},
				Worker: map[string]any{"id": wid, "name": rig.Name, "platform": 1}})
		}
	}
	return ok(map[string]any{"data": data})
}
