package farm

import (
	"errors"
	"testing"
	"time"
)

func TestMemoryRunsAFewDegreesOverTheCoreEachCardItsOwnMargin(t *testing.T) {
	f := newFarm(t, Options{Rigs: 3, GPUsPerRig: 6, Seed: 1})
	margins := map[float64]bool{}
	for _, r := range f.Snapshot(t0.Add(time.Minute)).Rigs {
		for _, g := range r.GPUs {
			m := g.MemTemp - g.Temp
			if m < 6 || m >= 24 {
				t.Fatalf("rig %s: memory %.1f °C over a core at %.1f", r.ID, g.MemTemp, g.Temp)
			}
			margins[m] = true
		}
	}
	if len(margins) < 10 {
		t.Fatalf("only %d different margins among 18 cards", len(margins))
	}
}

func TestHotCoreWarmsItsMemoryByHalfAsMuch(t *testing.T) {
	f := newFarm(t, Options{Rigs: 1, GPUsPerRig: 2, Seed: 1})
	before := f.Snapshot(t0).Rigs[0].GPUs[0]
	_ = f.Overheat("10256", 0, before.Temp+20, t0.Add(time.Hour))
	hot := f.Snapshot(t0).Rigs[0].GPUs[0]
	if rise := hot.MemTemp - before.MemTemp; rise < 9.9 || rise > 10.1 {
		t.Fatalf("memory rose %.2f °C for a core 20 °C hotter", rise)
	}
}

func TestMemOverheatPinsTheMemoryAloneThenEnds(t *testing.T) {
	f := newFarm(t, Options{Rigs: 2, GPUsPerRig: 4, Seed: 1})
	before := rigState(t, f.Snapshot(t0), "10257").GPUs[2]
	if err := f.MemOverheat("10257", 2, 106, t0.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	hot := rigState(t, f.Snapshot(t0.Add(time.Minute)), "10257").GPUs[2]
	if hot.MemTemp != 106 || hot.Temp > before.Temp+3 {
		t.Fatalf("memory-hot GPU %+v, before %+v", hot, before)
	}
	if after := rigState(t, f.Snapshot(t0.Add(6*time.Minute)), "10257").GPUs[2]; after.MemTemp >= 100 {
		t.Fatalf("memory still at %.1f °C after the fault", after.MemTemp)
	}
	for _, err := range []error{
		f.MemOverheat("10257", 9, 106, t0.Add(time.Hour)),
		f.MemOverheat("99999", 0, 106, t0.Add(time.Hour)),
		f.RepeatMemOverheat("10257", 0, 106, t0, time.Minute, time.Hour),
		f.MemOverheat("10257", 0, 0, t0.Add(time.Hour)),
	} {
		if err == nil {
			t.Fatal("an impossible memory fault was accepted")
		}
	}
}

func TestRepeatMemOverheatComesBackEveryPeriod(t *testing.T) {
	f := newFarm(t, Options{Rigs: 1, GPUsPerRig: 2, Seed: 1})
	if err := f.RepeatMemOverheat("10256", 1, 108, t0.Add(time.Minute), 15*time.Minute, 3*time.Minute); err != nil {
		t.Fatal(err)
	}
	for at, hot := range map[time.Duration]bool{0: false, 2 * time.Minute: true, 5 * time.Minute: false, 17 * time.Minute: true, 20 * time.Minute: false} {
		g := f.Snapshot(t0.Add(at)).Rigs[0].GPUs[1]
		if (g.MemTemp == 108) != hot {
			t.Fatalf("at +%v memory at %.1f °C, want hot %v", at, g.MemTemp, hot)
		}
	}
}

func TestStoppedMinerIdlesUntilRestarted(t *testing.T) {
	f := newFarm(t, Options{Rigs: 2, GPUsPerRig: 3, Seed: 1})
	running := rigState(t, f.Snapshot(t0.Add(time.Hour)), "10256")
	if err := f.StopMiner("10256", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	stopped := rigState(t, f.Snapshot(t0.Add(time.Hour+time.Minute)), "10256")
	if !stopped.Online || stopped.HashKHs != 0 || stopped.GPUs[0].HashKHs != 0 || stopped.MinerUptime != 0 ||
		stopped.PowerW >= running.PowerW/2 || stopped.Algo2 != "" {
		t.Fatalf("stopped miner %+v, running %+v", stopped, running)
	}
	if err := f.RestartMiner("10256", t0.Add(time.Hour+2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	again := rigState(t, f.Snapshot(t0.Add(time.Hour+3*time.Minute)), "10256")
	if again.HashKHs == 0 || again.MinerUptime != time.Minute {
		t.Fatalf("restarted miner up %v at %v kH/s", again.MinerUptime, again.HashKHs)
	}
	if other := rigState(t, f.Snapshot(t0.Add(time.Hour+3*time.Minute)), "10257"); other.MinerUptime < time.Hour {
		t.Fatalf("another rig's miner restarted: up %v", other.MinerUptime)
	}
}

func TestRebootStartsAStoppedMiner(t *testing.T) {
	f := newFarm(t, Options{Rigs: 1, GPUsPerRig: 2, Seed: 1})
	_ = f.StopMiner("10256", t0)
	if err := f.Offline("10256", t0.Add(time.Minute), t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if back := f.Snapshot(t0.Add(3 * time.Minute)).Rigs[0]; back.HashKHs == 0 || back.MinerUptime > time.Minute {
		t.Fatalf("after the reboot: %+v", back)
	}
}

func TestSetNameRenamesOneRig(t *testing.T) {
	f := newFarm(t, Options{Rigs: 2, Seed: 1})
	if err := f.SetName("10257", "garage <b>"); err != nil {
		t.Fatal(err)
	}
	if r, _ := f.Rig("10257"); r.Name != "garage <b>" {
		t.Fatalf("name %q", r.Name)
	}
	if r, _ := f.Rig("10256"); r.Name != "rig01" {
		t.Fatalf("the other rig is called %q", r.Name)
	}
	if err := f.SetName("10257", "  "); !errors.Is(err, ErrNoChange) {
		t.Fatalf("blank name: %v", err)
	}
	if err := f.SetName("1", "x"); !errors.Is(err, ErrUnknownRig) {
		t.Fatalf("unknown rig: %v", err)
	}
	if err := f.RestartMiner("1", t0); !errors.Is(err, ErrUnknownRig) {
		t.Fatalf("restart of an unknown rig: %v", err)
	}
}
