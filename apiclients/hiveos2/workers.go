package hiveos2

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Worker is a rig or an ASIC (reference B.7), from the farm's list or its detail.
type Worker struct {
	ID          int64  // unique across the account's farms
	FarmID      int64  // the farm it belongs to
	Name        string // as the owner typed it: may hold <, > and &, and may be another farm's rig's too
	Description string
	Platform    int  // 1 a GPU rig, 2 an ASIC
	Active      bool // false for a worker the owner disabled
	// The worker's own red thresholds: core temperature (°C), fan (%), memory temperature (°C). 0 means
	// not set: the farm's apply.
	RedTemp    float64
	RedFan     float64
	RedMemTemp float64

	Online     bool      // the rig is online and reports stats
	StatsTime  time.Time // when the rig last reported; zero when it never has
	MinerStart time.Time // when its miner last started; zero when not running or not given
	PowerDraw  float64   // W; 0 while offline
	Overheated bool      // the service found a GPU over its red temperature
	Problems   []string  // the service's Problem values: "overheat", "missed_unit", "no_hashrate", ...
	// Hashrates are per algorithm, in H/s, the main one first and a dual-mining miner's second algorithm
	// (Dual) after its first. None while offline.
	Hashrates []AlgoRate
	// GPUs are the cards the rig reports, in its order; none while offline (an offline rig's last
	// readings are stale, and must not raise alerts).
	GPUs []GPU
	// GPUsOffline is how many cards the rig has but does not report (fallen off the bus, or the rig offline).
	GPUsOffline int
	FlightSheet *FlightSheetRef // nil when none is applied
}

// GPU is one card's readings.
type GPU struct {
	Index      int     // its index on the rig, as Hive OS numbers it (GPU 0, GPU 1, ...)
	BusNumber  int     // its PCI bus number, which stays when another card falls off
	BusID      string  // "01:00.0"
	Model      string  // "GeForce GTX 1070"; "" when the answer has no gpu_info (lists have none)
	Temp       float64 // °C of the core; 0 when not reported
	Fan        float64 // %
	MemTemp    float64 // °C of the memory; 0 when the card does not report it
	Power      float64 // W
	Hash       float64 // H/s of the main algorithm, matched by bus number from miners_stats
	Overheated bool    // the service found it over the worker's red temperature
}

// FlightSheetRef names the flight sheet a worker runs.
type FlightSheetRef struct {
	ID   int64  // the sheet's id, as FlightSheets lists it
	Name string // as the owner typed it
}

// Worker list filters (reference B.5).
const (
	FilterProblem   = "problem"
	FilterProblem24 = "problem24"
	FilterOnline    = "online"
	FilterOffline   = "offline"
)

// WorkerFilter narrows GET /farms/{id}/workers. The zero value lists every worker.
type WorkerFilter struct {
	State    string  // "" or one of the Filter constants
	Platform int     // 0 for all, 1 rigs, 2 ASICs
	Tags     []int64 // workers with any of these tags
}

func (f WorkerFilter) query() url.Values {
	q := url.Values{}
	if f.State != "" {
		q.Set("filter", f.State)
	}
	if f.Platform != 0 {
		q.Set("platform", strconv.Itoa(f.Platform))
	}
	if len(f.Tags) > 0 {
		q.Set("tags", joinIDs(f.Tags))
	}
	return q
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// Workers lists the farm's workers (GET /farms/{id}/workers).
func (c *Client) Workers(ctx context.Context, farmID int64, filter WorkerFilter) ([]Worker, error) {
	req := request{method: http.MethodGet, path: farmPath(farmID, "/workers"), query: filter.query()}
	workers, err := do(ctx, c, req, decodeWorkers)
	for i := range workers {
		if workers[i].FarmID == 0 {
			workers[i].FarmID = farmID // list items do not carry it
		}
	}
	return workers, err
}

// Worker returns one worker (GET /farms/{id}/workers/{wid}); a worker of another farm is ErrNotFound.
func (c *Client) Worker(ctx context.Context, farmID, workerID int64) (Worker, error) {
	req := request{method: http.MethodGet, path: farmPath(farmID, "/workers/"+strconv.FormatInt(workerID, 10))}
	w, err := do(ctx, c, req, decodeWorker)
	if err == nil && w.FarmID == 0 {
		w.FarmID = farmID
	}
	return w, err
}

// The wire shape of a worker: only what Worker is made from.
type workerWire struct {
	ID            ident          `json:"id"`
	FarmID        ident          `json:"farm_id"`
	Platform      num            `json:"platform"`
	Name          text           `json:"name"`
	Description   text           `json:"description"`
	Active        flag           `json:"active"`
	RedTemp       num            `json:"red_temp"`
	RedFan        num            `json:"red_fan"`
	RedMemTemp    num            `json:"red_mem_temp"`
	UnitsCount    num            `json:"units_count"`
	Stats         workerStatsW   `json:"stats"`
	FlightSheet   fsRefWire      `json:"flight_sheet"`
	MinersSummary minersSummaryW `json:"miners_summary"`
	MinersStats   minersStatsW   `json:"miners_stats"`
	GPUStats      []gpuStatWire  `json:"gpu_stats"`
	GPUInfo       []gpuInfoWire  `json:"gpu_info"`
}

type workerStatsW struct {
	Online         flag  `json:"online"`
	StatsTime      num   `json:"stats_time"`
	MinerStartTime num   `json:"miner_start_time"`
	GPUsOffline    num   `json:"gpus_offline"`
	PowerDraw      num   `json:"power_draw"`
	Overheated     flag  `json:"overheated"`
	Problems       texts `json:"problems"`
}

type fsRefWire struct {
	ID   ident `json:"id"`
	Name text  `json:"name"`
}

type minersSummaryW struct {
	Hashrates []summaryRateW `json:"hashrates"`
}

// summaryRateW is a miners_summary item: hash and dhash in kH/s.
type summaryRateW struct {
	Miner text `json:"miner"`
	Algo  text `json:"algo"`
	Coin  text `json:"coin"`
	Hash  num  `json:"hash"`
	DAlgo text `json:"dalgo"`
	DCoin text `json:"dcoin"`
	DHash num  `json:"dhash"`
}

type minersStatsW struct {
	Hashrates []minerStatsRateW `json:"hashrates"`
}

// minerStatsRateW is a miners_stats item: hashes in kH/s per GPU, in the order of bus_numbers.
type minerStatsRateW struct {
	Algo       text  `json:"algo"`
	Hashes     []num `json:"hashes"`
	BusNumbers []num `json:"bus_numbers"`
}

type gpuStatWire struct {
	BusNumber    num  `json:"bus_number"`
	BusID        text `json:"bus_id"`
	Temp         num  `json:"temp"`
	Fan          num  `json:"fan"`
	Power        num  `json:"power"`
	MemTemp      num  `json:"memtemp"`
	Hash         num  `json:"hash"` // kH/s
	IsOverheated flag `json:"is_overheated"`
}

type gpuInfoWire struct {
	BusNumber num  `json:"bus_number"`
	BusID     text `json:"bus_id"`
	Model     text `json:"model"`
	Index     num  `json:"index"`
}

func decodeWorkers(status int, body []byte) ([]Worker, error) {
	list, err := decodeList[workerWire](status, body)
	if err != nil {
		return nil, err
	}
	out := make([]Worker, 0, len(list))
	for i := range list {
		if list[i].ID != 0 {
			out = append(out, list[i].worker())
		}
	}
	return out, nil
}

func decodeWorker(status int, body []byte) (Worker, error) {
	var w workerWire
	if err := decodeJSON(status, body, &w); err != nil {
		return Worker{}, err
	}
	if w.ID == 0 {
		return Worker{}, newBodyError(status, body, errors.New("worker without an id"))
	}
	return w.worker(), nil
}

func (w *workerWire) worker() Worker {
	out := Worker{ID: int64(w.ID), FarmID: int64(w.FarmID), Name: string(w.Name), Description: string(w.Description),
		Platform: int(w.Platform), Active: w.Active.or(true),
		RedTemp: float64(w.RedTemp), RedFan: float64(w.RedFan), RedMemTemp: float64(w.RedMemTemp),
		Online: w.Stats.Online.is(), StatsTime: unixTime(w.Stats.StatsTime), Problems: nonEmpty(w.Stats.Problems),
		GPUsOffline: int(w.Stats.GPUsOffline)}
	if w.FlightSheet.ID != 0 {
		out.FlightSheet = &FlightSheetRef{ID: int64(w.FlightSheet.ID), Name: string(w.FlightSheet.Name)}
	}
	if !out.Online {
		out.GPUsOffline = max(out.GPUsOffline, int(w.UnitsCount))
		return out
	}
	out.MinerStart = unixTime(w.Stats.MinerStartTime)
	out.PowerDraw = float64(w.Stats.PowerDraw)
	out.Overheated = w.Stats.Overheated.is()
	out.Hashrates = w.hashrates()
	out.GPUs = w.gpus()
	return out
}

// hashrates are miners_summary's, or miners_stats' sums when there is no summary.
func (w *workerWire) hashrates() []AlgoRate {
	var out []AlgoRate
	for _, h := range w.MinersSummary.Hashrates {
		if h.Algo != "" {
			out = addRate(out, AlgoRate{Algo: string(h.Algo), Coin: string(h.Coin), Miner: string(h.Miner), Rate: float64(h.Hash) * khs})
		}
		if h.DAlgo != "" {
			out = addRate(out, AlgoRate{Algo: string(h.DAlgo), Coin: string(h.DCoin), Miner: string(h.Miner), Dual: true,
				Rate: float64(h.DHash) * khs})
		}
	}
	if len(w.MinersSummary.Hashrates) > 0 {
		return out
	}
	for _, h := range w.MinersStats.Hashrates {
		sum := 0.0
		for _, v := range h.Hashes {
			sum += float64(v)
		}
		if h.Algo != "" {
			out = addRate(out, AlgoRate{Algo: string(h.Algo), Rate: sum * khs})
		}
	}
	return out
}

// gpus are gpu_stats, each given its index and model from gpu_info and its hashrate from the main
// miner's miners_stats, both matched by bus number (by position where the bus numbers are missing).
func (w *workerWire) gpus() []GPU {
	if len(w.GPUStats) == 0 {
		return nil
	}
	info := map[int]gpuInfoWire{}
	for _, gi := range w.GPUInfo {
		info[int(gi.BusNumber)] = gi
	}
	hash := w.hashByBus()
	out := make([]GPU, len(w.GPUStats))
	for i, g := range w.GPUStats {
		bus := int(g.BusNumber)
		gpu := GPU{Index: i, BusNumber: bus, BusID: string(g.BusID), Temp: float64(g.Temp), Fan: float64(g.Fan),
			MemTemp: float64(g.MemTemp), Power: float64(g.Power), Hash: float64(g.Hash) * khs, Overheated: g.IsOverheated.is()}
		if gi, found := info[bus]; found && bus != 0 {
			gpu.Index, gpu.Model = int(gi.Index), string(gi.Model)
			if gpu.BusID == "" {
				gpu.BusID = string(gi.BusID)
			}
		}
		if h, found := hash.at(bus, i); found {
			gpu.Hash = h * khs
		}
		out[i] = gpu
	}
	return out
}

// busHashes are the main miner's per-GPU hashrates (kH/s), by bus number or, lacking those, by position.
type busHashes struct {
	byBus map[int]float64
	byPos []num
}

func (w *workerWire) hashByBus() busHashes {
	if len(w.MinersStats.Hashrates) == 0 {
		return busHashes{}
	}
	main := w.MinersStats.Hashrates[0]
	if len(main.BusNumbers) != len(main.Hashes) {
		return busHashes{byPos: main.Hashes}
	}
	b := busHashes{byBus: make(map[int]float64, len(main.Hashes))}
	for i, bus := range main.BusNumbers {
		b.byBus[int(bus)] = float64(main.Hashes[i])
	}
	return b
}

func (b busHashes) at(bus, pos int) (float64, bool) {
	if b.byBus != nil {
		v, found := b.byBus[bus]
		return v, found
	}
	if pos < len(b.byPos) {
		return float64(b.byPos[pos]), true
	}
	return 0, false
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
