package hiveos

import (
	"cmp"
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"pitboss/sim/farm"
)

// Farms as reference B.6 shows them, with stats and hashrates (kH/s) summed from the model; wallets;
// and farm metrics (H/s).

type farmJSON struct {
	ID                  int64            `json:"id"`
	Name                string           `json:"name"`
	Timezone            string           `json:"timezone"`
	Nonfree             bool             `json:"nonfree"`
	Role                string           `json:"role"`
	TwoFARequired       bool             `json:"twofa_required"`
	Trusted             bool             `json:"trusted"`
	Locked              bool             `json:"locked"`
	GPURedTemp          any              `json:"gpu_red_temp"`
	ASICRedTemp         any              `json:"asic_red_temp"`
	GPURedFan           any              `json:"gpu_red_fan"`
	ASICRedFan          any              `json:"asic_red_fan"`
	GPURedASR           int              `json:"gpu_red_asr"`
	ASICRedASR          int              `json:"asic_red_asr"`
	GPURedLA            float64          `json:"gpu_red_la"`
	ASICRedLA           float64          `json:"asic_red_la"`
	GPURedCPUTemp       int              `json:"gpu_red_cpu_temp"`
	GPURedMemTemp       any              `json:"gpu_red_mem_temp"`
	ASICRedBoardTemp    int              `json:"asic_red_board_temp"`
	PowerPrice          float64          `json:"power_price"`
	PowerPriceCurrency  string           `json:"power_price_currency"`
	ChargeOnPool        bool             `json:"charge_on_pool"`
	AutoTags            bool             `json:"auto_tags"`
	WorkersCount        int              `json:"workers_count"`
	RigsCount           int              `json:"rigs_count"`
	ASICsCount          int              `json:"asics_count"`
	DisabledRigsCount   int              `json:"disabled_rigs_count"`
	DisabledASICsCount  int              `json:"disabled_asics_count"`
	Owner               map[string]any   `json:"owner"`
	Stats               farmStatsJSON    `json:"stats"`
	Hashrates           []farmRateJSON   `json:"hashrates"`
	HashratesByCoin     []farmRateJSON   `json:"hashrates_by_coin"`
	TagIDs              []int64          `json:"tag_ids"`
	HardwarePowerDraw   int              `json:"hardware_power_draw"`
	PSUEfficiency       int              `json:"psu_efficiency"`
	OctofanCorrectPower bool             `json:"octofan_correct_power"`
	DefaultFS           map[string]int64 `json:"default_fs"`
}

type farmStatsJSON struct {
	WorkersTotal      int     `json:"workers_total"`
	WorkersOnline     int     `json:"workers_online"`
	WorkersOffline    int     `json:"workers_offline"`
	WorkersOverheated int     `json:"workers_overheated"`
	WorkersNoTemp     int     `json:"workers_no_temp"`
	WorkersOverloaded int     `json:"workers_overloaded"`
	WorkersInvalid    int     `json:"workers_invalid"`
	WorkersLowASR     int     `json:"workers_low_asr"`
	WorkersNoHashrate int     `json:"workers_no_hashrate"`
	RigsTotal         int     `json:"rigs_total"`
	RigsOnline        int     `json:"rigs_online"`
	RigsOffline       int     `json:"rigs_offline"`
	RigsPower         any     `json:"rigs_power"`
	GPUsTotal         int     `json:"gpus_total"`
	GPUsOnline        int     `json:"gpus_online"`
	GPUsOffline       int     `json:"gpus_offline"`
	GPUsOverheated    int     `json:"gpus_overheated"`
	GPUsNoTemp        int     `json:"gpus_no_temp"`
	ASICsTotal        int     `json:"asics_total"`
	ASICsOnline       int     `json:"asics_online"`
	ASICsOffline      int     `json:"asics_offline"`
	ASICsPower        int     `json:"asics_power"`
	PowerDraw         any     `json:"power_draw"`
	PowerCost         float64 `json:"power_cost"`
	ASR               float64 `json:"asr"`
}

// farmRateJSON is a FarmHashrates item: kH/s, as the spec documents it.
type farmRateJSON struct {
	Coin     string `json:"coin,omitempty"`
	Algo     string `json:"algo"`
	Hashrate any    `json:"hashrate"`
}

// totals is what a farm's stats and metrics sum up.
type totals struct {
	stats  farmStatsJSON
	power  float64
	byAlgo map[string]float64 // kH/s
	byCoin map[coinAlgo]float64
}

type coinAlgo struct{ coin, algo string }

func (s *SimV2) sum(f *v2farm, snap farm.Snapshot) totals {
	t := totals{byAlgo: map[string]float64{}, byCoin: map[coinAlgo]float64{}}
	st := &t.stats
	for _, r := range snap.Rigs {
		st.WorkersTotal++
		st.GPUsTotal += r.GPUCount
		if !r.Online {
			st.WorkersOffline++
			st.GPUsOffline += r.GPUCount
			continue
		}
		h := s.health(r, f.workerRed(r.ID))
		st.WorkersOnline++
		st.GPUsOnline += len(r.GPUs)
		st.GPUsOffline += r.GPUCount - len(r.GPUs)
		st.GPUsOverheated += h.hotGPUs
		if h.hotGPUs > 0 {
			st.WorkersOverheated++
		}
		if r.HashKHs == 0 {
			st.WorkersNoHashrate++
		}
		t.power += r.PowerW
		t.byAlgo[r.Algo] += r.HashKHs
		t.byCoin[coinAlgo{coinOf(f.spec.Farm, r.WalletID), r.Algo}] += r.HashKHs
		if r.Algo2 != "" {
			t.byAlgo[r.Algo2] += r.Hash2KHs
			t.byCoin[coinAlgo{"XMR", r.Algo2}] += r.Hash2KHs
		}
	}
	st.RigsTotal, st.RigsOnline, st.RigsOffline = st.WorkersTotal, st.WorkersOnline, st.WorkersOffline
	return t
}

func (s *SimV2) renderFarm(f *v2farm) farmJSON {
	snap := f.spec.Farm.Snapshot(s.opts.Now())
	t := s.sum(f, snap)
	t.stats.RigsPower, t.stats.PowerDraw = s.num(math.Round(t.power)), s.num(math.Round(t.power))
	t.stats.PowerCost = round2(t.power / 1000 * 24 * 0.1)
	t.stats.ASR = 99.8
	out := farmJSON{
		ID: f.spec.ID, Name: f.spec.Name, Timezone: f.spec.Timezone, Nonfree: true, Role: "owner", Trusted: true,
		GPURedTemp: s.num(f.redTemp()), ASICRedTemp: s.num(f.redTemp()), GPURedFan: s.num(f.redFan()), ASICRedFan: s.num(f.redFan()),
		GPURedASR: 85, ASICRedASR: 85, GPURedLA: 1.8, ASICRedLA: 1.8, GPURedCPUTemp: 60, GPURedMemTemp: s.num(f.redMemTemp()),
		ASICRedBoardTemp: 72, PowerPrice: 0.1, PowerPriceCurrency: "$", AutoTags: true,
		WorkersCount: t.stats.WorkersTotal, RigsCount: t.stats.RigsTotal,
		Owner: map[string]any{"id": OwnerUserID, "login": OwnerLogin, "name": "Pit Boss", "me": true},
		Stats: t.stats, Hashrates: []farmRateJSON{}, HashratesByCoin: []farmRateJSON{}, TagIDs: []int64{},
		DefaultFS: map[string]int64{},
	}
	for _, algo := range sortedAlgos(t.byAlgo) {
		out.Hashrates = append(out.Hashrates, farmRateJSON{Algo: algo, Hashrate: s.num(round2(t.byAlgo[algo]))})
	}
	for _, k := range sortedCoins(t.byCoin) {
		out.HashratesByCoin = append(out.HashratesByCoin, farmRateJSON{Coin: k.coin, Algo: k.algo, Hashrate: s.num(round2(t.byCoin[k]))})
	}
	if len(f.sheets) > 0 {
		out.DefaultFS["1"] = f.sheets[0].ID
	}
	return out
}

func sortedAlgos(m map[string]float64) []string {
	return slices.Sorted(maps.Keys(m))
}

func sortedCoins(m map[coinAlgo]float64) []coinAlgo {
	return slices.SortedFunc(maps.Keys(m), func(a, b coinAlgo) int {
		return cmp.Or(strings.Compare(a.coin, b.coin), strings.Compare(a.algo, b.algo))
	})
}

func (s *SimV2) listFarms(*http.Request) reply {
	data := make([]farmJSON, len(s.farms))
	for i, f := range s.farms {
		data[i] = s.renderFarm(f)
	}
	return ok(map[string]any{"data": data, "tags": []any{}})
}

func (s *SimV2) getFarm(_ *http.Request, f *v2farm) reply { return ok(s.renderFarm(f)) }

type walletJSONV2 struct {
	ID           int64  `json:"id"`
	Coin         string `json:"coin"`
	Name         string `json:"name"`
	Wal          string `json:"wal"`
	Source       string `json:"source"`
	FetchBalance bool   `json:"fetch_balance"`
	PoolBalances []any  `json:"pool_balances"`
	FSCount      int    `json:"fs_count"`
	WorkersCount int    `json:"workers_count"`
}

func (s *SimV2) listWallets(_ *http.Request, f *v2farm) reply {
	rigs := f.spec.Farm.Rigs()
	data := []walletJSONV2{}
	for _, w := range f.spec.Farm.Wallets() {
		out := walletJSONV2{ID: f.walletID(w.ID), Coin: w.Coin, Name: w.Name, Wal: w.Address, PoolBalances: []any{}}
		for _, r := range rigs {
			if r.WalletID == w.ID {
				out.WorkersCount++
			}
		}
		for _, sh := range f.sheets {
			if sh.Wallet == w.ID {
				out.FSCount++
			}
		}
		data = append(data, out)
	}
	return ok(map[string]any{"data": data})
}

// Metric periods and their default intervals (reference B.5: a week is downsampled to 15 minutes, a
// month to an hour).
var (
	metricPeriods = map[string]time.Duration{"1d": 24 * time.Hour, "3d": 72 * time.Hour, "1w": 7 * 24 * time.Hour, "1m": 30 * 24 * time.Hour}
	metricSteps   = map[string]time.Duration{"1d": 5 * time.Minute, "3d": 15 * time.Minute, "1w": 15 * time.Minute, "1m": time.Hour}
	intervals     = map[string]time.Duration{"5m": 5 * time.Minute, "15m": 15 * time.Minute, "1h": time.Hour}
)

type metricJSON struct {
	Time       int64            `json:"time"`
	Rigs       int              `json:"rigs"`
	GPUs       int              `json:"gpus"`
	Power      any              `json:"power"`
	RigsPower  any              `json:"rigs_power"`
	ASICsPower int              `json:"asics_power"`
	Hashrates  []map[string]any `json:"hashrates"`
}

// farmMetrics is GET /farms/{id}/metrics. The model keeps no history, so the points are the farm as it
// is now, with a wobble of ±1 % over six hours, at each interval of the period up to now or the end of
// date [SIM]. Hashrates are H/s.
func (s *SimV2) farmMetrics(r *http.Request, f *v2farm) reply {
	q := r.URL.Query()
	period := q.Get("period")
	if period == "" {
		period = "1d"
	}
	span, okPeriod := metricPeriods[period]
	if !okPeriod {
		return invalidField("period", "The selected period is invalid.")
	}
	step := metricSteps[period]
	if v := q.Get("interval"); v != "" {
		if step = intervals[v]; step == 0 {
			return invalidField("interval", "The selected interval is invalid.")
		}
	}
	now := s.opts.Now()
	end := now
	if v := q.Get("date"); v != "" {
		day, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return invalidField("date", "The date does not match the format Y-m-d.")
		}
		if dayEnd := day.Add(24 * time.Hour); dayEnd.Before(now) {
			end = dayEnd
		}
	}
	t := s.sum(f, f.spec.Farm.Snapshot(now))
	data := []metricJSON{}
	for at := end.Add(-span).Truncate(step).Add(step); !at.After(end); at = at.Add(step) {
		data = append(data, s.metricAt(at, t))
	}
	return ok(map[string]any{"data": data})
}

func (s *SimV2) metricAt(at time.Time, t totals) metricJSON {
	wobble := 1 + 0.01*math.Sin(2*math.Pi*float64(at.Unix())/(6*3600))
	power := s.num(math.Round(t.power * wobble))
	m := metricJSON{Time: at.Unix(), Rigs: t.stats.RigsOnline, GPUs: t.stats.GPUsOnline, Power: power, RigsPower: power,
		Hashrates: []map[string]any{}}
	key := "value"
	if s.opts.MetricsAsHashrate {
		key = "hashrate"
	}
	for _, algo := range sortedAlgos(t.byAlgo) {
		m.Hashrates = append(m.Hashrates, map[string]any{"algo": algo, key: s.num(math.Round(t.byAlgo[algo] * 1000 * wobble))})
	}
	return m
}
