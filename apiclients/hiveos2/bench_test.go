package hiveos2

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
)

// BenchmarkDecodeWorkers2000Workers8GPUs measures what each poll spends turning GET /farms/{id}/workers
// into Workers, for a farm of 2,000 workers with 8 GPUs each as the simulator renders it.
func BenchmarkDecodeWorkers2000Workers8GPUs(b *testing.B) {
	body := benchWorkersBody(b)
	for b.Loop() {
		workers, err := decodeWorkers(http.StatusOK, body)
		if err != nil || len(workers) != 2000 || len(workers[0].GPUs) != 8 {
			b.Fatalf("decoded %d workers: %v", len(workers), err)
		}
	}
}

// BenchmarkDecodeWorkersTypedFloor is the floor the decoder is held to: encoding/json decoding the same
// body into plain structs that match it exactly as the simulator renders it (every member, no tolerance
// of other types, nothing converted).
func BenchmarkDecodeWorkersTypedFloor(b *testing.B) {
	body := benchWorkersBody(b)
	for b.Loop() {
		var list floorList
		if err := json.Unmarshal(body, &list); err != nil || len(list.Data) != 2000 || len(list.Data[0].GPUStats) != 8 {
			b.Fatalf("decoded %d workers: %v", len(list.Data), err)
		}
	}
}

// benchWorkersBody is the simulator's workers list for 2,000 workers × 8 GPUs one minute after the
// farm's start, set as the benchmark's bytes per op.
func benchWorkersBody(b *testing.B) []byte {
	b.Helper()
	start := time.Date(2024, 3, 6, 12, 0, 0, 0, time.UTC)
	f := farm.New(farm.Options{Rigs: 2000, GPUsPerRig: 8, Seed: 1, Start: start})
	sim := simhiveos.NewV2(simhiveos.OptionsV2{Token: testToken, Now: func() time.Time { return start.Add(time.Minute) },
		Farms: []simhiveos.FarmSpec{{ID: 1, Name: "big", Farm: f}}})
	req := httptest.NewRequest(http.MethodGet, simhiveos.PathV2+"/farms/1/workers", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	sim.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("simulator answered %d: %.200s", rec.Code, rec.Body.Bytes())
	}
	body := rec.Body.Bytes()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	return body
}

// The floor's types: sim/hiveos/v2workers.go's shapes with the simulator's default rendering (readings
// as JSON numbers), every member of a list item included.
type floorList struct {
	Data []floorWorker `json:"data"`
	Tags []any         `json:"tags"`
}

type floorWorker struct {
	ID             int64             `json:"id"`
	Platform       int               `json:"platform"`
	Name           string            `json:"name"`
	Description    string            `json:"description"`
	UnitsCount     int               `json:"units_count"`
	Active         bool              `json:"active"`
	RedTemp        float64           `json:"red_temp"`
	RedMemTemp     float64           `json:"red_mem_temp"`
	RedFan         float64           `json:"red_fan"`
	RedASR         int               `json:"red_asr"`
	RedLA          float64           `json:"red_la"`
	IPAddresses    []string          `json:"ip_addresses"`
	RemoteAddress  map[string]string `json:"remote_address"`
	VPN            bool              `json:"vpn"`
	HasAMD         bool              `json:"has_amd"`
	HasNvidia      bool              `json:"has_nvidia"`
	NeedsUpgrade   bool              `json:"needs_upgrade"`
	SystemType     string            `json:"system_type"`
	Versions       map[string]string `json:"versions"`
	TagIDs         []int64           `json:"tag_ids"`
	Stats          floorStats        `json:"stats"`
	FlightSheet    *floorFS          `json:"flight_sheet"`
	MinersSummary  *floorSummary     `json:"miners_summary"`
	MinersStats    *floorMinerStats  `json:"miners_stats"`
	GPUSummary     *floorGPUSummary  `json:"gpu_summary"`
	GPUStats       []floorGPUStat    `json:"gpu_stats"`
	HardwareStats  *floorHardware    `json:"hardware_stats"`
	MessagesCounts map[string]int    `json:"messages_counts"`
}

type floorStats struct {
	Online         bool                          `json:"online"`
	StatsTime      int64                         `json:"stats_time"`
	MinerStartTime int64                         `json:"miner_start_time"`
	GPUsOnline     int                           `json:"gpus_online"`
	GPUsOffline    int                           `json:"gpus_offline"`
	GPUsOverheated int                           `json:"gpus_overheated"`
	CPUsOffline    int                           `json:"cpus_offline"`
	PowerDraw      float64                       `json:"power_draw"`
	Overheated     bool                          `json:"overheated"`
	Overloaded     bool                          `json:"overloaded"`
	Invalid        bool                          `json:"invalid"`
	LowASR         bool                          `json:"low_asr"`
	Problems       []string                      `json:"problems"`
	AvgHashrates   map[string]map[string]float64 `json:"avg_hashrates"`
}

type floorFS struct {
	ID     int64  `json:"id"`
	FarmID *int64 `json:"farm_id"`
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Items  []struct {
		Coin  string `json:"coin"`
		Pool  string `json:"pool"`
		WalID int64  `json:"wal_id"`
		Miner string `json:"miner"`
	} `json:"items"`
}

type floorSummary struct {
	Hashrates []struct {
		Miner  string  `json:"miner"`
		Ver    string  `json:"ver"`
		Algo   string  `json:"algo"`
		Coin   string  `json:"coin"`
		Hash   float64 `json:"hash"`
		Shares struct {
			Accepted int64   `json:"accepted"`
			Rejected int64   `json:"rejected"`
			Invalid  int64   `json:"invalid"`
			Ratio    float64 `json:"ratio"`
		} `json:"shares"`
	} `json:"hashrates"`
}

type floorMinerStats struct {
	Hashrates []struct {
		Miner         string    `json:"miner"`
		Algo          string    `json:"algo"`
		Coin          string    `json:"coin"`
		Hashes        []float64 `json:"hashes"`
		Temps         []float64 `json:"temps"`
		Fans          []float64 `json:"fans"`
		InvalidShares []int     `json:"invalid_shares"`
		BusNumbers    []int     `json:"bus_numbers"`
	} `json:"hashrates"`
}

type floorGPUSummary struct {
	GPUs []struct {
		Name   string `json:"name"`
		Amount int    `json:"amount"`
	} `json:"gpus"`
	MaxTemp float64 `json:"max_temp"`
	MaxFan  float64 `json:"max_fan"`
}

type floorGPUStat struct {
	BusNumber    int     `json:"bus_number"`
	BusID        string  `json:"bus_id"`
	Temp         float64 `json:"temp"`
	Fan          float64 `json:"fan"`
	Power        float64 `json:"power"`
	CoreClk      int     `json:"coreclk"`
	MemClk       int     `json:"memclk"`
	MemTemp      float64 `json:"memtemp"`
	Hash         float64 `json:"hash"`
	IsOverheated bool    `json:"is_overheated"`
}

type floorHardware struct {
	DF       string         `json:"df"`
	CPUAvg   []float64      `json:"cpuavg"`
	CPUTemp  []float64      `json:"cputemp"`
	CPUCores int            `json:"cpu_cores"`
	Memory   map[string]int `json:"memory"`
}
