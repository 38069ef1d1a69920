// Package farm is the mining farm behind the Hive OS simulators: rigs of GPUs whose temperatures, fans,
// hashrates and power drift the way real ones do, plus the faults (overheating, offline, sagging hashrate)
// that tests and the demo inject.
//
// The model has no goroutines. It evolves lazily: Snapshot(now) advances it from its last time to now in
// fixed steps with a seeded random source, so the same Options and the same calls give the same numbers,
// whichever moments the snapshots are taken at (as long as no single jump exceeds MaxCatchUp).
package farm

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// Defaults for the zero Options.
const (
	DefaultRigs       = 6
	DefaultGPUsPerRig = 6
	DefaultRedTemp    = 80.0
	DefaultStep       = 10 * time.Second
	// MaxCatchUp bounds the steps one Snapshot runs: a farm left alone for days is advanced through its last
	// MaxCatchUp steps only. Temperatures revert to their means within a few hundred steps, so the skipped
	// stretch would not show anyway.
	MaxCatchUp = 360
	// FirstRigID is the id of the first rig; the next rigs count up from it, as Hive OS ids do.
	FirstRigID = 10256
)

// Options shapes a farm. The zero value is a 6-rig, 6-GPU farm starting now.
type Options struct {
	Rigs int // number of rigs; 0 means DefaultRigs
	// GPUsPerRig is the GPU count of every rig (0 means DefaultGPUsPerRig). When MaxGPUsPerRig is larger,
	// each rig instead gets a count between the two, drawn from Seed.
	GPUsPerRig    int
	MaxGPUsPerRig int
	Seed          int64         // the same seed gives the same farm and the same drift
	Start         time.Time     // the model's first instant; zero means time.Now()
	RedTemp       float64       // the farm's red temperature in °C (Hive OS user.red_temp); 0 means DefaultRedTemp
	Step          time.Duration // model resolution, like the agent's stats interval; 0 means DefaultStep
}

// Farm is the model. It is safe for concurrent use.
type Farm struct {
	mu      sync.Mutex
	redTemp float64
	step    time.Duration
	start   time.Time
	t       time.Time // the model's time: start plus a whole number of steps
	rng     *rand.Rand

	rigs    []*rig
	rigByID map[string]int

	wallets  []Wallet
	walletBy map[int64]int
	ocs      []OCProfile
	ocBy     map[int64]int

	faults []fault
	steps  int64 // steps run so far, for tests of the catch-up cap
}

// Rig is a rig's configuration, as getRigs lists it.
type Rig struct {
	ID       string // numeric, e.g. "10256"
	Name     string // "rig01"
	Miner    string
	Miner2   string // "" when there is no second miner
	WalletID int64
	OCID     int64 // 0 when no OC profile is applied
	GPUCount int
	IP       string // the rig's LAN address, which getRigs reports
}

// Wallet is a wallet (Hive OS: a coin, a pool and an address bundled under a name).
type Wallet struct {
	ID      int64 // id_wal, from 107800 up
	Name    string
	Coin    string
	Algo    string // the algorithm rigs mining to this wallet run
	Address string
}

// OCProfile is an overclocking profile. HashFactor and PowerFactor are how much it changes a GPU's
// hashrate and power draw against stock clocks.
type OCProfile struct {
	ID          int64 // id_oc, from 800 up
	Name        string
	Vendor      string // "nvidia" or "amd"
	CoreClock   int    // MHz offset (nvidia) or absolute (amd)
	MemClock    int
	PowerLimit  int // W
	HashFactor  float64
	PowerFactor float64
}

type rig struct {
	Rig
	gpus       []gpu
	minerStart time.Time // when the miner last (re)started, for the uptime the agent reports
	down       bool      // offline at the model's current step
	markDown   bool      // set by the faults for the step being run
	stopped    bool      // the miner was stopped (StopMiner) and has not started again
}

type gpu struct {
	quality   float64 // 0..1: where this card sits in its algorithm's hashrate range
	baseTemp  float64 // °C the card settles at
	baseFan   float64 // % at baseTemp
	basePower float64 // W at stock clocks
	baseHash  float64 // kH/s for the rig's current algorithm at stock clocks
	temp      float64 // °C now
	noise     float64 // hashrate deviation now, a fraction (±0.02)
	pin       float64 // temperature an Overheat imposes on the step being run; 0 for none
	hotTarget float64 // temperature a repeating overheat pulls towards on the step being run; 0 for none
}

// New builds a farm from opts.
func New(opts Options) *Farm {
	if opts.Rigs <= 0 {
		opts.Rigs = DefaultRigs
	}
	if opts.GPUsPerRig <= 0 {
		opts.GPUsPerRig = DefaultGPUsPerRig
	}
	if opts.RedTemp <= 0 {
		opts.RedTemp = DefaultRedTemp
	}
	if opts.Step <= 0 {
		opts.Step = DefaultStep
	}
	if opts.Start.IsZero() {
		opts.Start = time.Now()
	}
	seed := uint64(opts.Seed)
	f := &Farm{
		redTemp: opts.RedTemp,
		step:    opts.Step,
		start:   opts.Start,
		t:       opts.Start,
		rng:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		rigByID: make(map[string]int, opts.Rigs),
	}
	f.wallets, f.walletBy = catalogWallets(f.rng)
	f.ocs, f.ocBy = catalogOCs()
	for i := range opts.Rigs {
		n := opts.GPUsPerRig
		if opts.MaxGPUsPerRig > n {
			n += f.rng.IntN(opts.MaxGPUsPerRig - n + 1)
		}
		f.rigs = append(f.rigs, f.newRig(i, n))
		f.rigByID[f.rigs[i].ID] = i
	}
	return f
}

// newRig makes rig number i (0-based) with n GPUs: most rigs mine ETH, a few ETC or RVN, each with a
// miner that runs its algorithm and usually an OC profile that suits it.
func (f *Farm) newRig(i, n int) *rig {
	w := f.wallets[pickWallet(f.rng)]
	miners := minersFor(w.Algo)
	r := &rig{
		Rig: Rig{
			ID:       fmt.Sprint(FirstRigID + i),
			Name:     fmt.Sprintf("rig%02d", i+1),
			Miner:    miners[f.rng.IntN(len(miners))],
			WalletID: w.ID,
			GPUCount: n,
			IP:       fmt.Sprintf("192.168.%d.%d", 1+i/200, 20+i%200),
		},
		minerStart: f.start.Add(-time.Duration(1+f.rng.IntN(72)) * time.Hour),
	}
	if f.rng.IntN(8) == 0 { // a few rigs mine Monero on their CPU alongside
		r.Miner2 = "xmrig"
	}
	if f.rng.IntN(5) > 0 { // four rigs in five run an OC profile
		r.OCID = pickOC(f.rng, w.Algo)
	}
	r.gpus = make([]gpu, n)
	for g := range r.gpus {
		base := 55 + 15*f.rng.Float64()
		r.gpus[g] = gpu{
			quality:   f.rng.Float64(),
			baseTemp:  base,
			baseFan:   45 + 20*f.rng.Float64(),
			basePower: 110 + 70*f.rng.Float64(),
			temp:      base + 2*f.rng.NormFloat64(),
		}
		r.gpus[g].baseHash = hashFor(w.Algo, r.gpus[g].quality)
	}
	return r
}

// RedTemp is the farm's red temperature in °C.
func (f *Farm) RedTemp() float64 { return f.redTemp }

// Start is the model's first instant.
func (f *Farm) Start() time.Time { return f.start }

// Rigs lists the rigs' configuration, by ascending id.
func (f *Farm) Rigs() []Rig {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Rig, len(f.rigs))
	for i, r := range f.rigs {
		out[i] = r.Rig
	}
	return out
}

// Rig returns one rig's configuration.
func (f *Farm) Rig(id string) (Rig, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i, ok := f.rigByID[id]
	if !ok {
		return Rig{}, false
	}
	return f.rigs[i].Rig, true
}

// Wallets lists the wallets, by ascending id.
func (f *Farm) Wallets() []Wallet { return append([]Wallet(nil), f.wallets...) }

// Wallet returns one wallet.
func (f *Farm) Wallet(id int64) (Wallet, bool) {
	i, ok := f.walletBy[id]
	if !ok {
		return Wallet{}, false
	}
	return f.wallets[i], true
}

// OCProfiles lists the overclocking profiles, by ascending id.
func (f *Farm) OCProfiles() []OCProfile { return append([]OCProfile(nil), f.ocs...) }

// OCProfile returns one overclocking profile.
func (f *Farm) OCProfile(id int64) (OCProfile, bool) {
	i, ok := f.ocBy[id]
	if !ok {
		return OCProfile{}, false
	}
	return f.ocs[i], true
}

// Miners lists the miner names the farm knows, which multiRocket accepts.
func (f *Farm) Miners() []string { return knownMiners() }
