package hiveos

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
)

// BenchmarkDecodeCurrentStats2000Rigs8GPUs measures what each poll spends turning a getCurrentStats
// answer into CurrentStats, for a farm of 2,000 rigs with 8 GPUs each as the simulator renders it.
func BenchmarkDecodeCurrentStats2000Rigs8GPUs(b *testing.B) {
	body := benchStatsBody(b)
	for b.Loop() {
		st, err := decodeCurrentStats(http.StatusOK, body)
		if err != nil || len(st.Rigs) != 2000 || len(st.Rigs[0].GPUs) != 8 {
			b.Fatalf("decoded %d rigs: %v", len(st.Rigs), err)
		}
	}
}

// BenchmarkDecodeCurrentStatsTypedFloor is the floor the decoder is held to: encoding/json decoding the
// same body into plain structs that match it exactly as the simulator renders it (readings as the
// strings the agent sends, no tolerance of other types, nothing converted or sorted).
func BenchmarkDecodeCurrentStatsTypedFloor(b *testing.B) {
	body := benchStatsBody(b)
	for b.Loop() {
		var env floorEnvelope
		if err := json.Unmarshal(body, &env); err != nil || len(env.Result.Rigs) != 2000 {
			b.Fatalf("decoded %d rigs: %v", len(env.Result.Rigs), err)
		}
	}
}

// benchStatsBody is the simulator's getCurrentStats answer for 2,000 rigs × 8 GPUs, set as the
// benchmark's bytes per op.
func benchStatsBody(b *testing.B) []byte {
	b.Helper()
	body := simStatsBody(b, farm.Options{Rigs: 2000, GPUsPerRig: 8, Seed: 1, Start: t0}, nil)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	return body
}

// simStatsBody is the simulator's answer to a signed getCurrentStats, one minute after the farm's start;
// simOpts, when given, adjusts the simulator's options.
func simStatsBody(tb testing.TB, fo farm.Options, simOpts func(*simhiveos.Options)) []byte {
	tb.Helper()
	o := simhiveos.Options{PublicKey: testPublic, SecretKey: testSecret, Farm: farm.New(fo),
		Now: func() time.Time { return fo.Start.Add(time.Minute) }}
	if simOpts != nil {
		simOpts(&o)
	}
	sim := simhiveos.New(o)
	form := encodeForm("getCurrentStats", nil, testPublic)
	req := httptest.NewRequest(http.MethodPost, simhiveos.Path, bytes.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HMAC", sign(testSecret, form))
	rec := httptest.NewRecorder()
	sim.ServeHTTP(rec, req)
	body := rec.Body.Bytes()
	if rec.Code != http.StatusOK {
		tb.Fatalf("simulator answered %d: %.200s", rec.Code, body)
	}
	return body
}

// The floor's types: sim/hiveos/stats.go's shapes with the simulator's default rendering (readings as
// strings), every member included.
type floorEnvelope struct {
	JSONRPC string      `json:"jsonrpc"`
	Result  floorResult `json:"result"`
	ID      *int64      `json:"id"`
}

type floorResult struct {
	Summary struct {
		Algo map[string]struct {
			Hash float64 `json:"hash"`
			Rigs int     `json:"rigs"`
			GPUs int     `json:"gpus"`
		} `json:"algo"`
		RigsOnline  int `json:"rigs_online"`
		RigsOffline int `json:"rigs_offline"`
	} `json:"summary"`
	User *struct {
		RedTemp float64 `json:"red_temp"`
	} `json:"user"`
	Rigs map[string]floorRig `json:"rigs"`
}

type floorRig struct {
	Name         string         `json:"name"`
	Miner        string         `json:"miner"`
	Miner2       *string        `json:"miner2"`
	IDWal        int64          `json:"id_wal"`
	WalletName   string         `json:"wallet_name"`
	IDOC         *int64         `json:"id_oc"`
	TsLastUpdate int64          `json:"ts_last_update"`
	Stats        *floorStats    `json:"stats"`
	RawStats     *floorRawStats `json:"raw_stats"`
}

type floorStats struct {
	Hash   float64   `json:"hash"`
	Power  float64   `json:"power"`
	Temp   []string  `json:"temp"`
	Fan    []string  `json:"fan"`
	Hashes []float64 `json:"hashes"`
}

type floorRawStats struct {
	V          int             `json:"v"`
	RigID      string          `json:"rig_id"`
	Miner      string          `json:"miner"`
	TotalKHs   float64         `json:"total_khs"`
	Temp       []string        `json:"temp"`
	Fan        []string        `json:"fan"`
	Power      []string        `json:"power"`
	DF         string          `json:"df"`
	Mem        []int           `json:"mem"`
	CPUAvg     []float64       `json:"cpuavg"`
	MinerStats floorMinerStats `json:"miner_stats"`
}

type floorMinerStats struct {
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
