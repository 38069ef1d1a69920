package hiveos

import (
	"fmt"
	"maps"
	"math"
	"net/http"
	"testing"
	"time"

	"pitboss/sim/farm"
	"pitboss/sim/simhttp"
)

// demoWorker finds a worker of a demo farm's list by id.
func demoWorker(t *testing.T, workers []map[string]any, id int64) map[string]any {
	t.Helper()
	for _, w := range workers {
		if w["id"] == float64(id) {
			return w
		}
	}
	t.Fatalf("no worker %d", id)
	return nil
}

func TestDemoV2HasTwoFarmsASharedRigNameAndItsTroublemakers(t *testing.T) {
	clock := simhttp.NewClock(t0)
	s := DemoV2(clock.Now)
	srv, err := simhttp.Serve(s)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	fx := &v2fixture{sim: s, clock: clock, url: srv.URL + PathV2}
	get := func(path string) map[string]any {
		a := fx.call(t, http.MethodGet, path, "", DemoToken)
		if a.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, a.status, a.raw)
		}
		return a.body
	}

	farms := data(t, get("/farms"))
	if len(farms) != 2 || farms[0]["id"] != float64(DemoFarmID) || farms[0]["name"] != DemoFarmName ||
		farms[1]["id"] != float64(DemoSecondFarmID) || farms[1]["name"] != DemoSecondName || farms[1]["gpu_red_mem_temp"] != DemoRedMemTemp {
		t.Fatalf("demo farms %v", farms)
	}
	main := data(t, get(fmt.Sprintf("/farms/%d/workers", DemoFarmID)))
	second := data(t, get(fmt.Sprintf("/farms/%d/workers", DemoSecondFarmID)))
	if len(main) != 6 || len(second) != 3 || second[0]["name"] != "garage-a" || second[2]["name"] != "garage-c" {
		t.Fatalf("demo workers %d / %v", len(main), second)
	}
	memRig := s.WorkerID(DemoSecondFarmID, DemoMemHotRig)
	if demoWorker(t, second, memRig)["name"] != DemoSharedName || demoWorker(t, main, 10258)["name"] != DemoSharedName {
		t.Fatalf("%q is not a rig of both farms", DemoSharedName)
	}

	clock.Advance(2*time.Minute + 50*time.Second)
	main = data(t, get(fmt.Sprintf("/farms/%d/workers", DemoFarmID)))
	second = data(t, get(fmt.Sprintf("/farms/%d/workers", DemoSecondFarmID)))
	hot := obj(list(demoWorker(t, main, s.WorkerID(DemoFarmID, farm.DemoHotRig))["gpu_stats"])[farm.DemoHotGPU])
	if hot["temp"].(float64) <= 80 || hot["is_overheated"] != true {
		t.Fatalf("rig02's GPU %d at 2m50s: %v", farm.DemoHotGPU, hot)
	}
	if obj(demoWorker(t, main, s.WorkerID(DemoFarmID, farm.DemoOfflineRig))["stats"])["online"] != false {
		t.Fatal("rig05 is online at 2m50s")
	}
	mem := obj(list(demoWorker(t, second, memRig)["gpu_stats"])[DemoMemHotGPU])
	if mem["memtemp"] != DemoMemHotTemp || mem["temp"].(float64) > 80 {
		t.Fatalf("the second farm's rig03 GPU %d at 2m50s: %v", DemoMemHotGPU, mem)
	}

	clock.Advance(22 * time.Minute)
	second = data(t, get(fmt.Sprintf("/farms/%d/workers", DemoSecondFarmID)))
	if m := obj(list(demoWorker(t, second, memRig)["gpu_stats"])[DemoMemHotGPU])["memtemp"].(float64); m >= DemoRedMemTemp {
		t.Fatalf("memory still at %v °C 25 minutes in", m)
	}
	if a := fx.call(t, http.MethodGet, "/farms", "", v2Token); a.status != http.StatusUnauthorized {
		t.Fatal("the demo accepts another token")
	}
}

// TestDemoV2TroublemakersEachCrossOneRedLine watches the demo for half an hour: only the hot GPU goes
// over its farm's red temperature, and only the memory troublemaker over the red memory temperature, so
// that each shows one kind of alert.
func TestDemoV2TroublemakersEachCrossOneRedLine(t *testing.T) {
	s := DemoV2(func() time.Time { return t0 })
	type gpuKey struct {
		farm int64
		rig  string
		gpu  int
	}
	hotCore, hotMem := map[gpuKey]bool{}, map[gpuKey]bool{}
	for at := time.Duration(0); at <= 30*time.Minute; at += 10 * time.Second {
		for _, f := range s.farms {
			for _, r := range f.spec.Farm.Snapshot(t0.Add(at)).Rigs {
				for g, gs := range r.GPUs {
					if math.Round(gs.Temp) > f.redTemp() {
						hotCore[gpuKey{f.spec.ID, r.ID, g}] = true
					}
					if math.Round(gs.MemTemp) >= f.redMemTemp() {
						hotMem[gpuKey{f.spec.ID, r.ID, g}] = true
					}
				}
			}
		}
	}
	wantCore := map[gpuKey]bool{{DemoFarmID, farm.DemoHotRig, farm.DemoHotGPU}: true}
	wantMem := map[gpuKey]bool{{DemoSecondFarmID, DemoMemHotRig, DemoMemHotGPU}: true}
	if !maps.Equal(hotCore, wantCore) || !maps.Equal(hotMem, wantMem) {
		t.Fatalf("over the red temperature: %v, want %v; over the red memory temperature: %v, want %v", hotCore, wantCore, hotMem, wantMem)
	}
}
