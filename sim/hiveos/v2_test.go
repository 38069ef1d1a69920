package hiveos

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"pitboss/sim/farm"
)

func TestV2FarmsListEveryFarmWithStatsAndHashratesInKHs(t *testing.T) {
	fx := startV2(t, nil)
	fx.clock.Advance(time.Minute)
	farms := data(t, fx.get(t, "/farms"))
	if len(farms) != 2 || farms[0]["id"] != float64(1) || farms[1]["name"] != "Two & <more>" {
		t.Fatalf("farms %v", farms)
	}
	snap := fx.sim.Farm(1).Snapshot(fx.clock.Now())
	var khs float64
	for _, r := range snap.Rigs {
		khs += r.HashKHs + r.Hash2KHs
	}
	var listed float64
	for _, h := range list(farms[0]["hashrates"]) {
		listed += obj(h)["hashrate"].(float64)
	}
	stats := obj(farms[0]["stats"])
	if math.Abs(listed-khs) > 0.1 || stats["workers_total"] != float64(3) || stats["gpus_online"] != float64(12) ||
		farms[0]["gpu_red_temp"] != farm.DefaultRedTemp || farms[0]["gpu_red_mem_temp"] != DefaultRedMemTemp || obj(farms[0]["owner"])["me"] != true {
		t.Fatalf("farm %v: %v kH/s listed, model %v", farms[0], listed, khs)
	}
	if one := fx.get(t, "/farms/2"); one["id"] != float64(2) || obj(one["stats"])["workers_total"] != float64(2) {
		t.Fatalf("farm 2: %v", one)
	}
}

func TestV2WorkersAreTheRigsWithIDsUniqueAcrossFarms(t *testing.T) {
	fx := startV2(t, nil)
	one, two := data(t, fx.get(t, "/farms/1/workers")), data(t, fx.get(t, "/farms/2/workers"))
	if len(one) != 3 || len(two) != 2 || one[0]["id"] != float64(10256) || two[1]["id"] != float64(WorkerIDStride+10257) ||
		two[1]["name"] != "rig02" {
		t.Fatalf("workers %v / %v", one, two)
	}
	if fx.sim.WorkerID(2, "10257") != WorkerIDStride+10257 || fx.sim.WorkerID(2, "99999") != 0 || fx.sim.WorkerID(3, "10256") != 0 {
		t.Fatal("WorkerID does not follow the farm's index")
	}
}

func TestV2WorkerCarriesItsReadingsInTheReferenceShape(t *testing.T) {
	fx := startV2(t, nil)
	fx.clock.Advance(time.Minute)
	w := data(t, fx.get(t, "/farms/1/workers"))[0]
	r := fx.sim.Farm(1).Snapshot(fx.clock.Now()).Rigs[0]
	stats := obj(w["stats"])
	if stats["online"] != true || stats["stats_time"] != float64(r.LastUpdate.Unix()) || stats["power_draw"] != math.Round(r.PowerW) ||
		len(list(stats["problems"])) != 0 || w["red_temp"] != farm.DefaultRedTemp || w["farm_id"] != nil || w["gpu_info"] != nil {
		t.Fatalf("worker %v", w)
	}
	gpu := obj(list(w["gpu_stats"])[2])
	if gpu["bus_number"] != float64(3) || gpu["bus_id"] != "03:00.0" || gpu["temp"] != math.Round(r.GPUs[2].Temp) ||
		gpu["memtemp"] != math.Round(r.GPUs[2].MemTemp) || gpu["hash"] != round2(r.GPUs[2].HashKHs) || gpu["is_overheated"] != false {
		t.Fatalf("GPU %v, model %+v", gpu, r.GPUs[2])
	}
	summary := obj(list(obj(w["miners_summary"])["hashrates"])[0])
	stat := obj(list(obj(w["miners_stats"])["hashrates"])[0])
	if summary["hash"] != round2(r.HashKHs) || summary["algo"] != r.Algo || summary["miner"] != r.Miner ||
		len(list(stat["hashes"])) != 4 || list(stat["bus_numbers"])[3] != float64(4) {
		t.Fatalf("miners %v / %v", summary, stat)
	}
	detail := fx.get(t, "/farms/1/workers/10256")
	if detail["farm_id"] != float64(1) || len(list(detail["gpu_info"])) != 4 || obj(detail["options"])["push_interval"] != float64(10) ||
		detail["messages_counts"] != nil {
		t.Fatalf("detail %v", detail)
	}
}

func TestV2StringNumbersRenderReadingsAsStrings(t *testing.T) {
	fx := startV2(t, func(o *OptionsV2) { o.StringNumbers = true })
	w := data(t, fx.get(t, "/farms/1/workers"))[0]
	gpu := obj(list(w["gpu_stats"])[0])
	for _, v := range []any{gpu["temp"], gpu["memtemp"], gpu["hash"], w["red_temp"], obj(w["stats"])["power_draw"]} {
		if _, isString := v.(string); !isString {
			t.Fatalf("%v (%T) is not a string in %v", v, v, w)
		}
	}
	if _, isString := obj(list(data(t, fx.get(t, "/farms"))[0]["hashrates"])[0])["hashrate"].(string); !isString {
		t.Fatal("the farm's hashrate is not a string")
	}
}

func TestV2OfflineWorkerHasItsLastStatsTimeAndNoLiveData(t *testing.T) {
	fx := startV2(t, nil)
	from := t0.Add(time.Minute)
	_ = fx.sim.Farm(1).Offline("10257", from, t0.Add(time.Hour))
	fx.clock.Advance(10 * time.Minute)
	w := fx.get(t, "/farms/1/workers/10257")
	stats := obj(w["stats"])
	if stats["online"] != false || stats["stats_time"] != float64(from.Unix()) || stats["power_draw"] != float64(0) ||
		stats["gpus_offline"] != float64(4) {
		t.Fatalf("offline stats %v", stats)
	}
	for _, live := range []string{"miners_summary", "miners_stats", "gpu_stats", "gpu_summary", "hardware_stats"} {
		if _, present := w[live]; present {
			t.Fatalf("offline worker has %s: %v", live, w[live])
		}
	}
	if offline := data(t, fx.get(t, "/farms/1/workers?filter=offline")); len(offline) != 1 || offline[0]["id"] != float64(10257) {
		t.Fatalf("offline filter: %v", offline)
	}
	if online := data(t, fx.get(t, "/farms/1/workers?filter=online")); len(online) != 2 {
		t.Fatalf("online filter: %v", online)
	}
}

func TestV2ProblemsReportOverheatingAMissingCardAndAStoppedMiner(t *testing.T) {
	fx := startV2(t, nil)
	model := fx.sim.Farm(1)
	_ = model.Overheat("10256", 0, 90, t0.Add(time.Hour))
	_ = model.LoseGPU("10257", 2, t0, t0.Add(time.Hour))
	_ = model.StopMiner("10258", t0)
	problems := data(t, fx.get(t, "/farms/1/workers?filter=problem"))
	want := []string{"[overheat]", "[missed_unit]", "[no_hashrate]"}
	for i, w := range problems {
		if got := fmt.Sprint(list(obj(w["stats"])["problems"])); got != want[i] {
			t.Fatalf("worker %v problems %s, want %s", w["id"], got, want[i])
		}
	}
	hot := obj(problems[0]["stats"])
	if len(problems) != 3 || hot["overheated"] != true || hot["gpus_overheated"] != float64(1) ||
		obj(list(problems[0]["gpu_stats"])[0])["is_overheated"] != true || obj(problems[1]["stats"])["gpus_offline"] != float64(1) ||
		len(list(obj(problems[2]["miners_summary"])["hashrates"])) != 0 {
		t.Fatalf("problem workers %v", problems)
	}
}

func TestV2FiltersAndUnknownsAreRefusedTheServicesWay(t *testing.T) {
	fx := startV2(t, nil)
	wantV2Error(t, fx.call(t, http.MethodGet, "/farms/1/workers?filter=hot", "", v2Token), 422, "The given data was invalid.", 0, "filter")
	wantV2Error(t, fx.call(t, http.MethodGet, "/farms/1/workers?platform=3", "", v2Token), 422, "The given data was invalid.", 0, "platform")
	if asics := data(t, fx.get(t, "/farms/1/workers?platform=2")); len(asics) != 0 {
		t.Fatalf("ASICs %v", asics)
	}
	wantV2Error(t, fx.call(t, http.MethodGet, "/farms/9", "", v2Token), 404, "Farm not found", 404, "")
	wantV2Error(t, fx.call(t, http.MethodGet, "/farms/x/workers", "", v2Token), 404, "Farm not found", 404, "")
	wantV2Error(t, fx.call(t, http.MethodGet, fmt.Sprintf("/farms/1/workers/%d", WorkerIDStride+10256), "", v2Token), 404, "Worker not found", 404, "")
	wantV2Error(t, fx.call(t, http.MethodGet, "/farms/1/workers/99", "", v2Token), 404, "Worker not found", 404, "")
	wantV2Error(t, fx.call(t, http.MethodGet, "/farms/1/stats", "", v2Token), 404, "Not found", 404, "")
	wantV2Error(t, fx.call(t, http.MethodGet, "/farms/1/fs/99", "", v2Token), 404, "Flight sheet not found", 404, "")
}

func TestV2GPUsListTheOnlineCardsWithTheirWorkers(t *testing.T) {
	fx := startV2(t, nil)
	_ = fx.sim.Farm(2).Offline("10257", t0, t0.Add(time.Hour))
	gpus := data(t, fx.get(t, "/farms/2/workers/gpus"))
	if len(gpus) != 2 || obj(gpus[1]["worker"])["id"] != float64(WorkerIDStride+10256) || gpus[1]["index"] != float64(1) ||
		obj(gpus[0]["stats"])["memtemp"] == nil || gpus[0]["brand"] == "" {
		t.Fatalf("GPUs %v", gpus)
	}
	if some := data(t, fx.get(t, "/farms/1/workers/gpus?worker_ids=10257")); len(some) != 4 || obj(some[0]["worker"])["name"] != "rig02" {
		t.Fatalf("GPUs of one worker %v", some)
	}
}

func TestV2WalletsAreTheModelsWithIDsUniqueAcrossFarms(t *testing.T) {
	fx := startV2(t, nil)
	one, two := data(t, fx.get(t, "/farms/1/wallets")), data(t, fx.get(t, "/farms/2/wallets"))
	model := fx.sim.Farm(1).Wallets()
	if len(one) != len(model) || one[0]["id"] != float64(model[0].ID) || one[0]["wal"] != model[0].Address ||
		two[0]["id"] != float64(WorkerIDStride+fx.sim.Farm(2).Wallets()[0].ID) {
		t.Fatalf("wallets %v / %v", one, two)
	}
}

func TestV2MetricsCoverThePeriodInHs(t *testing.T) {
	fx := startV2(t, nil)
	day := data(t, fx.get(t, "/farms/1/metrics"))
	if len(day) != 288 || day[287]["time"] != float64(t0.Unix()) || day[0]["rigs"] != float64(3) {
		t.Fatalf("%d points, last %v", len(day), day[len(day)-1])
	}
	var khs float64
	for _, r := range fx.sim.Farm(1).Snapshot(t0).Rigs {
		if r.Algo == "ethash" {
			khs += r.HashKHs
		}
	}
	rate := obj(list(day[287]["hashrates"])[0])
	if rate["algo"] != "ethash" || math.Abs(rate["value"].(float64)-khs*1000) > khs*1000*0.011 {
		t.Fatalf("rate %v, model %v kH/s", rate, khs)
	}
	if week := data(t, fx.get(t, "/farms/1/metrics?period=1w")); len(week) != 7*24*4 {
		t.Fatalf("a week of %d points", len(week))
	}
	if past := data(t, fx.get(t, "/farms/1/metrics?date=2018-03-01&interval=1h")); len(past) != 24 ||
		past[23]["time"] != float64(time.Date(2018, 3, 2, 0, 0, 0, 0, time.UTC).Unix()) {
		t.Fatalf("a past day: %d points", len(past))
	}
	for _, q := range []string{"period=2d", "interval=1m", "date=yesterday"} {
		if a := fx.call(t, http.MethodGet, "/farms/1/metrics?"+q, "", v2Token); a.status != 422 {
			t.Fatalf("%s: %d %s", q, a.status, a.raw)
		}
	}
	spec := startV2(t, func(o *OptionsV2) { o.MetricsAsHashrate = true })
	if rate := obj(list(data(t, spec.get(t, "/farms/1/metrics?period=1d&interval=1h"))[0]["hashrates"])[0]); rate["hashrate"] == nil || rate["value"] != nil {
		t.Fatalf("the spec example's spelling: %v", rate)
	}
}

func TestV2RateLimitAnswers429UntilTheClockMoves(t *testing.T) {
	fx := startV2(t, func(o *OptionsV2) { o.RateLimit, o.RateBurst = 2, 3 })
	for i := range 3 {
		if a := fx.call(t, http.MethodGet, "/farms", "", v2Token); a.status != http.StatusOK {
			t.Fatalf("request %d of the burst: %d", i+1, a.status)
		}
	}
	a := fx.call(t, http.MethodGet, "/farms", "", v2Token)
	if a.status != http.StatusTooManyRequests || a.retryAfter != "1" || a.raw != `{"message":"Too Many Attempts.","code":429}` {
		t.Fatalf("over the limit: %d %q %s", a.status, a.retryAfter, a.raw)
	}
	if a := fx.call(t, http.MethodPost, "/auth/login", `{}`, ""); a.status != http.StatusTooManyRequests {
		t.Fatalf("login over the limit: %d", a.status)
	}
	fx.clock.Advance(time.Second)
	for i := range 2 {
		if a := fx.call(t, http.MethodGet, "/farms", "", v2Token); a.status != http.StatusOK {
			t.Fatalf("request %d a second later: %d", i+1, a.status)
		}
	}
	if a := fx.call(t, http.MethodGet, "/farms", "", v2Token); a.status != http.StatusTooManyRequests {
		t.Fatalf("a third within that second: %d", a.status)
	}
}

func TestV2EmptyAnswersAreEmpty200sThatChangeNothing(t *testing.T) {
	fx := startV2(t, func(o *OptionsV2) { o.CommandDelay = -1 })
	fx.sim.EmptyAnswers(2)
	for range 2 {
		if a := fx.call(t, http.MethodPost, "/farms/1/workers/10256/command", `{"command":"reboot"}`, v2Token); a.status != http.StatusOK || a.raw != "" {
			t.Fatalf("empty answer: %d %q", a.status, a.raw)
		}
	}
	if msgs := data(t, fx.get(t, "/farms/1/workers/10256/messages")); len(msgs) != 0 {
		t.Fatalf("a command answered empty was carried out: %v", msgs)
	}
	if n := len(fx.sim.Recorder.Requests()); n != 3 {
		t.Fatalf("recorded %d requests, want 3", n)
	}
}

func TestV2FaultsComeBeforeTheAPIAndAreRecorded(t *testing.T) {
	fx := startV2(t, nil)
	fx.sim.Faults.FailWith(http.StatusBadGateway, "", 1)
	req, _ := http.NewRequest(http.MethodGet, fx.url+"/farms", nil)
	resp, err := http.DefaultClient.Do(req) // no token: the fault answers first
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("status %d, want the fault's 502", resp.StatusCode)
	}
	if r, _ := fx.sim.Recorder.Last(); r.Path != PathV2+"/farms" {
		t.Fatalf("recorded %+v", r)
	}
}

func TestV2ConcurrentCallsAreSafe(t *testing.T) {
	fx := startV2(t, func(o *OptionsV2) { o.RateLimit = 1000 })
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 8 {
		wg.Go(func() {
			for j := range 8 {
				fx.clock.Advance(time.Second)
				method, path, body := http.MethodGet, "/farms/1/workers", ""
				switch (i + j) % 4 {
				case 1:
					method, path, body = http.MethodPatch, "/farms/1/workers", `{"worker_ids":[10256,10257],"data":{"fs_id":10}}`
				case 2:
					method, path, body = http.MethodPost, "/farms/2/workers/command", fmt.Sprintf(`{"worker_ids":[%d],"data":{"command":"miner","data":{"action":"restart"}}}`, WorkerIDStride+10256)
				case 3:
					path = "/farms/1/workers/10256/messages"
				}
				req, _ := http.NewRequest(method, fx.url+path, strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+v2Token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
					errs <- fmt.Errorf("%s %s: %d", method, path, resp.StatusCode)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(fx.sim.Recorder.Requests()); n != 64 {
		t.Fatalf("recorded %d requests, want 64", n)
	}
}
