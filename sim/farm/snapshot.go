package farm

import "time"

// Snapshot is the farm as the monitoring side sees it at one instant. It is a copy: nothing in it changes
// afterwards.
type Snapshot struct {
	At      time.Time // the instant asked for
	RedTemp float64
	Rigs    []RigState // by ascending id
}

// RigState is one rig at the snapshot's instant.
type RigState struct {
	Rig
	WalletName string
	Algo       string
	Online     bool
	// LastUpdate is when the rig last sent stats: the model's latest step while online, the start of the
	// outage while offline.
	LastUpdate  time.Time
	MinerUptime time.Duration // since the miner last started; 0 while offline
	HashKHs     float64       // total, kH/s; 0 while offline
	Algo2       string        // the second miner's algorithm; "" without one, or while offline
	Hash2KHs    float64       // the second miner's hashrate, kH/s
	PowerW      float64       // total, W; 0 while offline
	GPUs        []GPUState    // nil while offline: an offline rig reports nothing
}

// GPUState is one GPU's reading.
type GPUState struct {
	Temp    float64 // °C
	Fan     float64 // %
	HashKHs float64
	PowerW  float64
	Bus     int     // the card's PCI bus number: its slot, which stays when another card falls off
	MemTemp float64 // °C of the card's memory: some degrees over its core, rising half as fast
}

// Snapshot advances the model to now and returns a copy of it. A now before the model's time does not
// turn it back: the rigs keep their latest state, and only the faults are judged at now.
func (f *Farm) Snapshot(now time.Time) Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advance(now)

	type overlay struct {
		downSince time.Time
		down      bool
		sag       float64
	}
	over := make(map[int]*overlay, len(f.faults))
	pins := map[[2]int]float64{}
	memPins := map[[2]int]float64{}
	lost := map[[2]int]bool{}
	for i := range f.faults {
		x := &f.faults[i]
		since, ok := x.activeAt(now)
		if !ok {
			continue
		}
		switch {
		case x.kind == kindHot && x.every == 0:
			k := [2]int{x.rig, x.gpu}
			pins[k] = max(pins[k], x.value)
			continue
		case x.kind == kindHot:
			continue // a repeating overheat is in the stepped temperatures already
		case x.kind == kindLost:
			lost[[2]int{x.rig, x.gpu}] = true
			continue
		case x.kind == kindMemHot:
			k := [2]int{x.rig, x.gpu}
			memPins[k] = max(memPins[k], x.value)
			continue
		}
		o := over[x.rig]
		if o == nil {
			o = &overlay{sag: 1}
			over[x.rig] = o
		}
		if x.kind == kindSag {
			o.sag *= x.value
			continue
		}
		if !o.down || since.Before(o.downSince) {
			o.downSince = since
		}
		o.down = true
	}

	total := 0
	for _, r := range f.rigs {
		total += len(r.gpus)
	}
	gpus := make([]GPUState, total) // one allocation for the whole farm's GPUs
	snap := Snapshot{At: now, RedTemp: f.redTemp, Rigs: make([]RigState, len(f.rigs))}
	for i, r := range f.rigs {
		w := f.wallets[f.walletBy[r.WalletID]]
		st := RigState{Rig: r.Rig, WalletName: w.Name, Algo: w.Algo, Online: true, LastUpdate: f.t}
		sag := 1.0
		if o := over[i]; o != nil {
			sag = o.sag
			if o.down {
				st.Online, st.LastUpdate = false, o.downSince
			}
		}
		if st.Online {
			hashF, powerF := 1.0, 1.0
			if r.OCID != 0 {
				oc := f.ocs[f.ocBy[r.OCID]]
				hashF, powerF = oc.HashFactor, oc.PowerFactor
			}
			if r.stopped {
				hashF, powerF = 0, powerF*idlePower
			} else {
				st.MinerUptime = max(f.t.Sub(r.minerStart), 0)
			}
			st.GPUs = gpus[:0:len(r.gpus)]
			gpus = gpus[len(r.gpus):]
			for g := range r.gpus {
				if lost[[2]int{i, g}] {
					continue
				}
				m := &r.gpus[g]
				temp := m.temp
				if p, ok := pins[[2]int{i, g}]; ok {
					temp = p
				}
				hash := m.baseHash * (1 + m.noise) * hashF * sag
				// A throttled card draws less; the noise moves power half as much as hashrate.
				power := m.basePower * powerF * (0.6 + 0.4*min(sag, 1)) * (1 + m.noise/2)
				memTemp := m.memTemp(temp)
				if p, ok := memPins[[2]int{i, g}]; ok {
					memTemp = p
				}
				st.GPUs = append(st.GPUs, GPUState{Temp: temp, Fan: m.fan(temp), HashKHs: hash, PowerW: power, Bus: g + 1,
					MemTemp: memTemp})
				st.HashKHs += hash
				st.PowerW += power
			}
		}
		if st.Online && r.Miner2 != "" && !r.stopped {
			// A second miner runs on the CPU: a few kH/s of RandomX, steady, different from rig to rig.
			st.Algo2, st.Hash2KHs = "randomx", 4+0.5*float64(i%5)
		}
		snap.Rigs[i] = st
	}
	return snap
}
