package farm

import (
	"errors"
	"testing"
	"time"
)

func TestOverheatReadsTheSetTemperatureUntilItEndsThenCools(t *testing.T) {
	f := newFarm(t, Options{Rigs: 2, GPUsPerRig: 4, Seed: 1})
	before := rigState(t, f.Snapshot(t0), "10257").GPUs[2]
	if err := f.Overheat("10257", 2, 93, t0.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	hot := rigState(t, f.Snapshot(t0), "10257").GPUs[2] // visible at once, before any step
	if hot.Temp != 93 || hot.Fan <= before.Fan {
		t.Fatalf("overheated GPU %+v, before %+v", hot, before)
	}
	if later := rigState(t, f.Snapshot(t0.Add(4*time.Minute)), "10257").GPUs[2]; later.Temp != 93 {
		t.Fatalf("4 minutes in: %.1f °C, want 93", later.Temp)
	}
	justAfter := rigState(t, f.Snapshot(t0.Add(5*time.Minute+10*time.Second)), "10257").GPUs[2]
	if justAfter.Temp >= 93 || justAfter.Temp < 85 {
		t.Fatalf("10 s after the overheat: %.1f °C, want cooling gradually from 93", justAfter.Temp)
	}
	if cooled := rigState(t, f.Snapshot(t0.Add(30*time.Minute)), "10257").GPUs[2]; cooled.Temp > before.Temp+5 {
		t.Fatalf("30 minutes later still at %.1f °C (was %.1f)", cooled.Temp, before.Temp)
	}
	if other := rigState(t, f.Snapshot(t0.Add(30*time.Minute)), "10256"); other.GPUs[2].Temp > 75 {
		t.Fatalf("another rig heated up: %+v", other.GPUs[2])
	}
}

func TestOfflineRigSendsNoStatsAndItsLastUpdateStaysAtTheStart(t *testing.T) {
	f := newFarm(t, Options{Rigs: 3, Seed: 1})
	from, until := t0.Add(2*time.Minute), t0.Add(12*time.Minute)
	if err := f.Offline("10258", from, until); err != nil {
		t.Fatal(err)
	}
	if r := rigState(t, f.Snapshot(t0.Add(time.Minute)), "10258"); !r.Online {
		t.Fatal("offline before the window")
	}
	for _, at := range []time.Duration{2 * time.Minute, 7 * time.Minute, 12*time.Minute - time.Second} {
		r := rigState(t, f.Snapshot(t0.Add(at)), "10258")
		if r.Online || !r.LastUpdate.Equal(from) || r.GPUs != nil || r.HashKHs != 0 || r.PowerW != 0 {
			t.Fatalf("at +%v: %+v", at, r)
		}
	}
	back := rigState(t, f.Snapshot(t0.Add(13*time.Minute)), "10258")
	if !back.Online || !back.LastUpdate.Equal(t0.Add(13*time.Minute)) || back.MinerUptime > 2*time.Minute || back.HashKHs == 0 {
		t.Fatalf("after the window: %+v", back)
	}
	if back.GPUs[0].Temp > 50 {
		t.Fatalf("GPU at %.1f °C right after ten minutes off, want still cool", back.GPUs[0].Temp)
	}
}

func TestSagLowersHashrateUntilItEnds(t *testing.T) {
	f := newFarm(t, Options{Rigs: 1, Seed: 1})
	normal := f.Snapshot(t0).Rigs[0].HashKHs
	if err := f.Sag("10256", 0.5, t0.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	sagged := f.Snapshot(t0).Rigs[0].HashKHs
	if sagged < 0.49*normal || sagged > 0.51*normal {
		t.Fatalf("sagged %.0f kH/s, normal %.0f", sagged, normal)
	}
	if after := f.Snapshot(t0.Add(10 * time.Minute)).Rigs[0].HashKHs; after < 0.95*normal {
		t.Fatalf("after the sag %.0f kH/s, normal %.0f", after, normal)
	}
}

func TestDemoFarmRunsHotAndDropsOfflineOnSchedule(t *testing.T) {
	f := NewDemo(t0)
	if len(f.Rigs()) != 6 || f.RedTemp() != 80 {
		t.Fatalf("demo farm: %d rigs, red temp %v", len(f.Rigs()), f.RedTemp())
	}
	for _, r := range f.Rigs() {
		if r.GPUCount < 3 || r.GPUCount > 6 {
			t.Fatalf("rig %s has %d GPUs", r.ID, r.GPUCount)
		}
	}
	hot := func(at time.Duration) float64 {
		return rigState(t, f.Snapshot(t0.Add(at)), DemoHotRig).GPUs[DemoHotGPU].Temp
	}
	online := func(at time.Duration) bool { return rigState(t, f.Snapshot(t0.Add(at)), DemoOfflineRig).Online }
	if temp := hot(5 * time.Second); temp > 75 {
		t.Fatalf("hot rig at %.1f °C before its first episode", temp)
	}
	if temp := hot(2 * time.Minute); temp <= 80 {
		t.Fatalf("hot rig at %.1f °C nearly two minutes into its episode, want over red temp", temp)
	}
	if temp := hot(12 * time.Minute); temp > 75 {
		t.Fatalf("hot rig at %.1f °C between episodes", temp)
	}
	if temp := hot(17 * time.Minute); temp <= 80 {
		t.Fatalf("hot rig at %.1f °C in its second episode", temp)
	}
	for at, want := range map[time.Duration]bool{2 * time.Minute: true, 3 * time.Minute: false, 5 * time.Minute: false,
		6 * time.Minute: true, 18 * time.Minute: false, 21 * time.Minute: true} {
		if got := online(at); got != want {
			t.Fatalf("offline rig online=%v at +%v, want %v", got, at, want)
		}
	}
	r := rigState(t, f.Snapshot(t0.Add(19*time.Minute)), DemoOfflineRig)
	if !r.LastUpdate.Equal(t0.Add(17*time.Minute + 30*time.Second)) {
		t.Fatalf("last update %v during the second outage, want its start", r.LastUpdate)
	}
}

func TestClearFaultsEndsRepeatingOnes(t *testing.T) {
	f := NewDemo(t0)
	f.ClearFaults()
	if r := rigState(t, f.Snapshot(t0.Add(20*time.Minute)), DemoOfflineRig); !r.Online {
		t.Fatal("rig still goes offline after ClearFaults")
	}
}

func TestExpiredFaultsAreForgotten(t *testing.T) {
	f := newFarm(t, Options{Rigs: 1, Seed: 1})
	for i := range 100 {
		_ = f.Overheat("10256", 0, 90, t0.Add(time.Duration(i)*time.Second))
	}
	f.Snapshot(t0.Add(time.Hour))
	if len(f.faults) != 0 {
		t.Fatalf("%d expired faults kept", len(f.faults))
	}
}

func TestInvalidFaultsAreRefused(t *testing.T) {
	f := newFarm(t, Options{Rigs: 1, GPUsPerRig: 2, Seed: 1})
	until := t0.Add(time.Minute)
	for name, c := range map[string]struct {
		err  error
		want error
	}{
		"unknown rig":         {f.Overheat("99", 0, 90, until), ErrUnknownRig},
		"GPU past the last":   {f.Overheat("10256", 2, 90, until), ErrUnknownGPU},
		"negative GPU":        {f.Overheat("10256", -1, 90, until), ErrUnknownGPU},
		"zero temperature":    {f.Overheat("10256", 0, 0, until), ErrBadFault},
		"window backwards":    {f.Offline("10256", until, t0), ErrBadFault},
		"negative sag":        {f.Sag("10256", -0.5, until), ErrBadFault},
		"offline unknown rig": {f.Offline("abc", t0, until), ErrUnknownRig},
		"repeat never ends":   {f.RepeatOffline("10256", t0, time.Minute, time.Minute), ErrBadFault},
		"repeat no period":    {f.RepeatOverheat("10256", 0, 90, t0, 0, time.Minute), ErrBadFault},
	} {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: err %v, want %v", name, c.err, c.want)
		}
	}
}

func TestLostGPUIsNotReportedUntilItIsBack(t *testing.T) {
	f := New(Options{Rigs: 1, GPUsPerRig: 4, Seed: 3, Start: t0})
	if err := f.LoseGPU("10256", 1, t0.Add(time.Minute), t0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	before := rigState(t, f.Snapshot(t0.Add(30*time.Second)), "10256")
	during := rigState(t, f.Snapshot(t0.Add(2*time.Minute)), "10256")
	after := rigState(t, f.Snapshot(t0.Add(4*time.Minute)), "10256")
	if len(before.GPUs) != 4 || len(during.GPUs) != 3 || len(after.GPUs) != 4 {
		t.Fatalf("GPUs before, during, after: %d, %d, %d", len(before.GPUs), len(during.GPUs), len(after.GPUs))
	}
	if during.HashKHs >= after.HashKHs*0.9 {
		t.Fatalf("hashrate with a card lost %.0f, with it back %.0f", during.HashKHs, after.HashKHs)
	}
	if err := f.LoseGPU("10256", 4, t0, t0.Add(time.Minute)); !errors.Is(err, ErrUnknownGPU) {
		t.Fatalf("losing a GPU the rig lacks: %v", err)
	}
}
