package farm

import (
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2018, 3, 6, 12, 0, 0, 0, time.UTC)

func newFarm(t *testing.T, opts Options) *Farm {
	t.Helper()
	if opts.Start.IsZero() {
		opts.Start = t0
	}
	return New(opts)
}

func rigState(t *testing.T, s Snapshot, id string) RigState {
	t.Helper()
	for _, r := range s.Rigs {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("rig %s not in snapshot", id)
	return RigState{}
}

func TestNewFarmNumbersRigsWalletsAndProfilesLikeHiveOS(t *testing.T) {
	f := newFarm(t, Options{Rigs: 30, GPUsPerRig: 8, Seed: 1})
	rigs := f.Rigs()
	if len(rigs) != 30 {
		t.Fatalf("%d rigs, want 30", len(rigs))
	}
	wallets, miners, ocs := map[int64]bool{}, map[string]bool{}, map[int64]bool{}
	for i, r := range rigs {
		if want := fmt.Sprint(10256 + i); r.ID != want {
			t.Fatalf("rig %d id %s, want %s", i, r.ID, want)
		}
		if want := fmt.Sprintf("rig%02d", i+1); r.Name != want {
			t.Fatalf("rig %d name %s, want %s", i, r.Name, want)
		}
		if r.GPUCount != 8 {
			t.Fatalf("rig %s has %d GPUs, want 8", r.ID, r.GPUCount)
		}
		if _, ok := f.Wallet(r.WalletID); !ok {
			t.Fatalf("rig %s mines to unknown wallet %d", r.ID, r.WalletID)
		}
		if _, ok := f.OCProfile(r.OCID); r.OCID != 0 && !ok {
			t.Fatalf("rig %s runs unknown OC %d", r.ID, r.OCID)
		}
		wallets[r.WalletID], miners[r.Miner], ocs[r.OCID] = true, true, true
	}
	if len(wallets) < 2 || len(miners) < 2 || len(ocs) < 2 {
		t.Fatalf("settings not mixed across rigs: wallets %v miners %v ocs %v", wallets, miners, ocs)
	}
	if w := f.Wallets(); w[0].ID != 107800 || w[0].Name == "" || w[0].Address == "" {
		t.Fatalf("first wallet %+v", w[0])
	}
	if oc := f.OCProfiles(); oc[0].ID != 800 || oc[0].Name == "" {
		t.Fatalf("first OC profile %+v", oc[0])
	}
}

func TestGPUTemperaturesHashratesAndPowerAreRealistic(t *testing.T) {
	f := newFarm(t, Options{Rigs: 40, GPUsPerRig: 8, Seed: 7})
	for _, r := range f.Snapshot(t0).Rigs {
		for g, s := range r.GPUs {
			if s.Temp < 45 || s.Temp > 80 || s.Fan < 20 || s.Fan > 100 || s.HashKHs < 10000 || s.HashKHs > 60000 || s.PowerW < 60 || s.PowerW > 200 {
				t.Fatalf("rig %s GPU %d: %+v", r.ID, g, s)
			}
		}
	}
}

func TestGPUCountVariesWithinTheGivenRange(t *testing.T) {
	f := newFarm(t, Options{Rigs: 50, GPUsPerRig: 3, MaxGPUsPerRig: 6, Seed: 3})
	seen := map[int]bool{}
	for _, r := range f.Rigs() {
		if r.GPUCount < 3 || r.GPUCount > 6 {
			t.Fatalf("rig %s has %d GPUs", r.ID, r.GPUCount)
		}
		seen[r.GPUCount] = true
	}
	if len(seen) < 3 {
		t.Fatalf("GPU counts barely vary: %v", seen)
	}
}

func TestSameSeedGivesTheSameFarmAndDrift(t *testing.T) {
	a := newFarm(t, Options{Rigs: 5, Seed: 42})
	b := newFarm(t, Options{Rigs: 5, Seed: 42})
	c := newFarm(t, Options{Rigs: 5, Seed: 43})
	at := t0.Add(17 * time.Minute)
	sa, sb, sc := a.Snapshot(at), b.Snapshot(at), c.Snapshot(at)
	if !reflect.DeepEqual(sa, sb) {
		t.Fatal("two farms with the same seed differ")
	}
	if reflect.DeepEqual(sa, sc) {
		t.Fatal("farms with different seeds are identical")
	}
}

func TestSnapshotsDoNotDependOnHowOftenTheyAreTaken(t *testing.T) {
	often := newFarm(t, Options{Rigs: 4, Seed: 9})
	rarely := newFarm(t, Options{Rigs: 4, Seed: 9})
	for i := 1; i <= 60; i++ {
		often.Snapshot(t0.Add(time.Duration(i) * 13 * time.Second))
	}
	end := t0.Add(60 * 13 * time.Second)
	if a, b := often.Snapshot(end), rarely.Snapshot(end); !reflect.DeepEqual(a, b) {
		t.Fatal("a farm polled 60 times differs from one polled once")
	}
}

func TestTemperaturesDriftAroundTheirMeanAndHashrateNoiseStaysSmall(t *testing.T) {
	f := newFarm(t, Options{Rigs: 3, GPUsPerRig: 4, Seed: 5})
	first := f.Snapshot(t0)
	moved := false
	for i := 1; i <= 360; i++ { // six hours, one poll a minute
		s := f.Snapshot(t0.Add(time.Duration(i) * time.Minute))
		for ri, r := range s.Rigs {
			for g, gs := range r.GPUs {
				m := f.rigs[ri].gpus[g]
				if math.Abs(gs.Temp-m.baseTemp) > 6 {
					t.Fatalf("minute %d rig %s GPU %d at %.1f °C, mean %.1f", i, r.ID, g, gs.Temp, m.baseTemp)
				}
				oc := 1.0
				if r.OCID != 0 {
					p, _ := f.OCProfile(r.OCID)
					oc = p.HashFactor
				}
				if dev := gs.HashKHs/(m.baseHash*oc) - 1; math.Abs(dev) > 0.0201 {
					t.Fatalf("minute %d rig %s GPU %d hashrate off by %.2f%%", i, r.ID, g, 100*dev)
				}
				if gs.Temp != first.Rigs[ri].GPUs[g].Temp {
					moved = true
				}
			}
		}
	}
	if !moved {
		t.Fatal("temperatures never changed")
	}
}

func TestLongJumpRunsAtMostMaxCatchUpSteps(t *testing.T) {
	f := newFarm(t, Options{Rigs: 2, Seed: 1})
	now := t0.Add(400*24*time.Hour + 5*time.Second)
	s := f.Snapshot(now)
	if f.steps > MaxCatchUp {
		t.Fatalf("ran %d steps for a 400-day jump, cap %d", f.steps, MaxCatchUp)
	}
	if want := t0.Add(400 * 24 * time.Hour); !s.Rigs[0].LastUpdate.Equal(want) {
		t.Fatalf("last update %v, want the last step %v", s.Rigs[0].LastUpdate, want)
	}
}

func TestSnapshotIsACopyThatLaterChangesDoNotTouch(t *testing.T) {
	f := newFarm(t, Options{Rigs: 2, Seed: 1})
	s := f.Snapshot(t0)
	temp := s.Rigs[0].GPUs[0].Temp
	miner := s.Rigs[0].Miner
	s.Rigs[1].GPUs[0].Temp = 999
	other := "xmrig"
	if err := f.Apply([]string{"10256"}, Change{Miner: &other}); err != nil {
		t.Fatal(err)
	}
	f.Snapshot(t0.Add(time.Hour))
	if s.Rigs[0].GPUs[0].Temp != temp || s.Rigs[0].Miner != miner {
		t.Fatal("an earlier snapshot changed")
	}
	if again := f.Snapshot(t0.Add(time.Hour)); again.Rigs[1].GPUs[0].Temp == 999 {
		t.Fatal("writing to a snapshot changed the farm")
	}
}

func TestOnlineRigLastUpdateIsTheLatestStep(t *testing.T) {
	f := newFarm(t, Options{Rigs: 1, Seed: 1})
	s := f.Snapshot(t0.Add(95 * time.Second))
	if r := s.Rigs[0]; !r.Online || !r.LastUpdate.Equal(t0.Add(90*time.Second)) || r.MinerUptime <= 0 {
		t.Fatalf("rig %+v", r)
	}
}

func TestConcurrentSnapshotsFaultsAndChangesAreSafe(t *testing.T) {
	f := newFarm(t, Options{Rigs: 10, Seed: 1})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				at := t0.Add(time.Duration(i*10+w) * time.Second)
				f.Snapshot(at)
				_ = f.Overheat("10257", 0, 90, at.Add(time.Minute))
				m := "t-rex"
				_ = f.Apply([]string{"10258"}, Change{Miner: &m})
				f.Rigs()
			}
		}()
	}
	wg.Wait()
	if r, _ := f.Rig("10258"); r.Miner != "t-rex" {
		t.Fatalf("miner %q after concurrent changes", r.Miner)
	}
}
