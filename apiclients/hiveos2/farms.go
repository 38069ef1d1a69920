package hiveos2

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Farm is a farm of the account (reference B.6).
type Farm struct {
	ID       int64  // the farm's id, used in every path under /farms/{id}
	Name     string // as the owner typed it: may hold <, > and &
	Timezone string // an IANA name such as "UTC"; "" when not given
	Role     string // the account's role on the farm: "owner", "admin", ...
	// The farm's red thresholds for GPUs, which its workers take unless they have their own: core
	// temperature (°C), fan (%) and memory temperature (°C). 0 means not set.
	GPURedTemp    float64
	GPURedFan     float64
	GPURedMemTemp float64
	WorkersCount  int       // workers of every platform
	Stats         FarmStats // the service's counts and totals
	// Hashrates is the farm's total per algorithm, in H/s (the API gives kH/s). Coin is set where one
	// coin alone is mined with the algorithm.
	Hashrates []AlgoRate
}

// FarmStats are a farm's counts and totals as the service sums them.
type FarmStats struct {
	WorkersTotal      int     // workers of every platform
	WorkersOnline     int     // workers that report stats
	WorkersOffline    int     // workers that do not
	WorkersOverheated int     // workers with a GPU or board over its red temperature
	GPUsTotal         int     // GPUs the farm's rigs have
	GPUsOnline        int     // GPUs that report
	GPUsOffline       int     // GPUs that do not: their rig is offline, or they fell off the bus
	GPUsOverheated    int     // GPUs over their red temperature
	PowerDraw         float64 // W, every worker
	ASR               float64 // % of shares accepted
}

// AlgoRate is the hashrate of one algorithm.
type AlgoRate struct {
	Algo  string  // "ethash", "kawpow", ...
	Coin  string  // "ETH"; "" when not given
	Miner string  // the miner that reports it, on a worker; "" for farm totals
	Dual  bool    // the second algorithm of a dual-mining miner (dalgo)
	Rate  float64 // H/s
}

// khs converts the API's kH/s to H/s.
const khs = 1000

type farmWire struct {
	ID            ident       `json:"id"`
	Name          text        `json:"name"`
	Timezone      text        `json:"timezone"`
	Role          text        `json:"role"`
	GPURedTemp    num         `json:"gpu_red_temp"`
	GPURedFan     num         `json:"gpu_red_fan"`
	GPURedMemTemp num         `json:"gpu_red_mem_temp"`
	WorkersCount  num         `json:"workers_count"`
	Stats         statsFarmW  `json:"stats"`
	Hashrates     []farmRateW `json:"hashrates"`
	ByCoin        []farmRateW `json:"hashrates_by_coin"`
}

type statsFarmW struct {
	WorkersTotal      num `json:"workers_total"`
	WorkersOnline     num `json:"workers_online"`
	WorkersOffline    num `json:"workers_offline"`
	WorkersOverheated num `json:"workers_overheated"`
	GPUsTotal         num `json:"gpus_total"`
	GPUsOnline        num `json:"gpus_online"`
	GPUsOffline       num `json:"gpus_offline"`
	GPUsOverheated    num `json:"gpus_overheated"`
	PowerDraw         num `json:"power_draw"`
	ASR               num `json:"asr"`
}

// farmRateW is a FarmHashrates item: {algo, hashrate} in kH/s; metrics use "value" instead (B.6).
type farmRateW struct {
	Algo     text `json:"algo"`
	Coin     text `json:"coin"`
	Hashrate num  `json:"hashrate"`
	Value    num  `json:"value"`
}

func (w *farmWire) farm() Farm {
	f := Farm{ID: int64(w.ID), Name: string(w.Name), Timezone: string(w.Timezone), Role: string(w.Role),
		GPURedTemp: float64(w.GPURedTemp), GPURedFan: float64(w.GPURedFan), GPURedMemTemp: float64(w.GPURedMemTemp),
		WorkersCount: int(w.WorkersCount),
		Stats: FarmStats{WorkersTotal: int(w.Stats.WorkersTotal), WorkersOnline: int(w.Stats.WorkersOnline),
			WorkersOffline: int(w.Stats.WorkersOffline), WorkersOverheated: int(w.Stats.WorkersOverheated),
			GPUsTotal: int(w.Stats.GPUsTotal), GPUsOnline: int(w.Stats.GPUsOnline), GPUsOffline: int(w.Stats.GPUsOffline),
			GPUsOverheated: int(w.Stats.GPUsOverheated), PowerDraw: float64(w.Stats.PowerDraw), ASR: float64(w.Stats.ASR)},
	}
	f.Hashrates = algoRates(w.Hashrates, khs)
	for i := range f.Hashrates {
		f.Hashrates[i].Coin = coinOf(w.ByCoin, f.Hashrates[i].Algo)
	}
	return f
}

// algoRates converts rates to H/s (multiplying by unit), summing any algorithm listed twice and keeping
// the order of first appearance.
func algoRates(rates []farmRateW, unit float64) []AlgoRate {
	var out []AlgoRate
	for _, r := range rates {
		if r.Algo == "" {
			continue
		}
		v := float64(r.Hashrate)
		if v == 0 {
			v = float64(r.Value)
		}
		out = addRate(out, AlgoRate{Algo: string(r.Algo), Rate: v * unit})
	}
	return out
}

func addRate(rates []AlgoRate, r AlgoRate) []AlgoRate {
	for i := range rates {
		if rates[i].Algo == r.Algo && rates[i].Dual == r.Dual {
			rates[i].Rate += r.Rate
			return rates
		}
	}
	return append(rates, r)
}

// coinOf is the coin hashrates_by_coin gives for algo, when exactly one coin is mined with it.
func coinOf(byCoin []farmRateW, algo string) string {
	coin := ""
	for _, c := range byCoin {
		if string(c.Algo) != algo {
			continue
		}
		if coin != "" && coin != string(c.Coin) {
			return ""
		}
		coin = string(c.Coin)
	}
	return coin
}

func decodeFarms(status int, body []byte) ([]Farm, error) {
	list, err := decodeList[farmWire](status, body)
	if err != nil {
		return nil, err
	}
	out := make([]Farm, 0, len(list))
	for i := range list {
		if list[i].ID != 0 {
			out = append(out, list[i].farm())
		}
	}
	return out, nil
}

func decodeFarm(status int, body []byte) (Farm, error) {
	var w farmWire
	if err := decodeJSON(status, body, &w); err != nil {
		return Farm{}, err
	}
	if w.ID == 0 {
		return Farm{}, newBodyError(status, body, errors.New("farm without an id"))
	}
	return w.farm(), nil
}

// Farms lists the account's farms (GET /farms).
func (c *Client) Farms(ctx context.Context) ([]Farm, error) {
	return do(ctx, c, request{method: http.MethodGet, path: "/farms"}, decodeFarms)
}

// Farm returns one farm (GET /farms/{id}); a farm the account cannot see is ErrNotFound.
func (c *Client) Farm(ctx context.Context, farmID int64) (Farm, error) {
	return do(ctx, c, request{method: http.MethodGet, path: farmPath(farmID, "")}, decodeFarm)
}

func farmPath(farmID int64, rest string) string { return fmt.Sprintf("/farms/%d%s", farmID, rest) }
