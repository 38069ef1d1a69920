package monitor

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"pitboss/alerts"
	"pitboss/apiclients/hiveos2"
)

// fakeV2 answers the v2 source from memory.
type fakeV2 struct {
	farms   []hiveos2.Farm
	workers map[int64][]hiveos2.Worker
	fail    map[int64]error
}

func (f *fakeV2) Farms(context.Context) ([]hiveos2.Farm, error) { return f.farms, nil }

func (f *fakeV2) Workers(_ context.Context, farmID int64, _ hiveos2.WorkerFilter) ([]hiveos2.Worker, error) {
	if err := f.fail[farmID]; err != nil {
		return nil, err
	}
	return f.workers[farmID], nil
}

var v2At = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func twoFarms() *fakeV2 {
	gpu := func(bus int, temp, mem float64) hiveos2.GPU {
		return hiveos2.GPU{BusNumber: bus, Temp: temp, Fan: 40, MemTemp: mem, Power: 100, Hash: 30e6}
	}
	return &fakeV2{
		farms: []hiveos2.Farm{
			{ID: 11, Name: "Main", GPURedTemp: 80, GPURedFan: 90, GPURedMemTemp: 100},
			{ID: 12, Name: "Barn", GPURedTemp: 78},
		},
		workers: map[int64][]hiveos2.Worker{
			11: {
				{ID: 1, Name: "rig01", RedTemp: 75, Online: true, StatsTime: v2At.Add(-20 * time.Second), PowerDraw: 200,
					Hashrates: []hiveos2.AlgoRate{{Algo: "ethash", Rate: 60e6}}, GPUs: []hiveos2.GPU{gpu(1, 70, 90), gpu(3, 71, 0)},
					Problems: []string{"low_asr"}},
				{ID: 2, Name: "rig02", Online: false, StatsTime: v2At.Add(-time.Hour)},
			},
			12: {
				{ID: 1000001, Name: "RIG01", Online: true, Hashrates: []hiveos2.AlgoRate{{Algo: "kawpow", Rate: 20e6}},
					GPUs: []hiveos2.GPU{{BusNumber: 5}}},
			},
		},
	}
}

func TestHiveOS2NormalisesWorkersWithTheirRedLinesAndFarms(t *testing.T) {
	src := &HiveOS2{Client: twoFarms()}
	obs, err := src.Poll(context.Background(), v2At)
	if err != nil {
		t.Fatal(err)
	}
	if obs.Names["1"] != "Main / rig01" || obs.Names["1000001"] != "Barn / RIG01" || obs.Names["2"] != "rig02" {
		t.Errorf("names: %v", obs.Names)
	}
	if obs.Farms["1000001"] != "12" || obs.FarmNames["11"] != "Main" {
		t.Errorf("farms: %v %v", obs.Farms, obs.FarmNames)
	}
	var got []string
	for _, r := range obs.Readings {
		s := r.Rig + " " + string(r.Metric)
		if r.GPU != alerts.NoGPU {
			s += " gpu"
		}
		if r.Algo != "" {
			s += " " + r.Algo
		}
		got = append(got, s+" "+strings.TrimRight(strings.TrimRight(fmtFloat(r.Value), "0"), "."))
	}
	want := []string{
		"1 rig_online 1", "1 rig_red_temp 75", "1 rig_red_fan 90", "1 rig_red_mem_temp 100", "1 rig_hashrate ethash 60000000",
		"1 rig_power 200", "1 rig_problem low_asr 1",
		"1 gpu_temp gpu 70", "1 gpu_fan gpu 40", "1 gpu_hashrate gpu 30000000", "1 gpu_mem_temp gpu 90", "1 gpu_power gpu 100",
		"1 gpu_temp gpu 71", "1 gpu_fan gpu 40", "1 gpu_hashrate gpu 30000000", "1 gpu_power gpu 100",
		"2 rig_online 0",
		"1000001 rig_online 1", "1000001 rig_red_temp 78", "1000001 rig_hashrate kawpow 20000000", "1000001 gpu_hashrate gpu 0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("readings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r := obs.Readings[0]; !r.At.Equal(v2At.Add(-20*time.Second)) || r.Source != "hiveos" {
		t.Errorf("first reading %+v: stamped with the rig's stats time, source hiveos", r)
	}
	if r := obs.Readings[7]; r.Bus != 1 || r.GPU != 0 {
		t.Errorf("a GPU reading keeps its index and bus: %+v", r)
	}
	if obs.Summary != "2 farms, 3 workers (2 online), 3 GPUs" || obs.Problem != nil {
		t.Errorf("summary %q, problem %v", obs.Summary, obs.Problem)
	}
}

func TestHiveOS2WatchesTheConfiguredFarmsAndSaysWhichAreMissing(t *testing.T) {
	src := &HiveOS2{Client: twoFarms(), Only: []int64{12, 99}}
	obs, err := src.Poll(context.Background(), v2At)
	if err != nil {
		t.Fatal(err)
	}
	if len(obs.FarmNames) != 1 || obs.Names["1000001"] != "RIG01" || obs.Names["1"] != "" {
		t.Errorf("one farm watched: %v %v", obs.FarmNames, obs.Names)
	}
	if obs.Problem == nil || !strings.Contains(obs.Problem.Error(), "the account has no farm 99") {
		t.Errorf("problem: %v", obs.Problem)
	}
}

func TestHiveOS2FailsThePollWhenAFarmCannotBeRead(t *testing.T) {
	c := twoFarms()
	c.fail = map[int64]error{12: hiveos2.ErrUnavailable}
	_, err := (&HiveOS2{Client: c}).Poll(context.Background(), v2At)
	if !errors.Is(err, hiveos2.ErrUnavailable) || !strings.Contains(err.Error(), "farm Barn") {
		t.Fatalf("err = %v", err)
	}
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
