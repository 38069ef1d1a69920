package farm

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// The farm's fixed catalogue: what a 2018-era Hive OS farm mined, with which miners, at what rates.

type algoSpec struct {
	miners         []string
	hashLo, hashHi float64 // kH/s per GPU at stock clocks
}

var algos = map[string]algoSpec{
	"ethash": {
		miners: []string{"claymore", "phoenixminer", "ethminer"},
		hashLo: 26000, hashHi: 48000,
	},
	"x16r": {
		miners: []string{"t-rex", "z-enemy"},
		hashLo: 12000, hashHi: 26000,
	},
}

// MinerVersion is the version string the agent reports for a miner.
func MinerVersion(miner string) string {
	switch miner {
	case "claymore":
		return "11.9"
	case "phoenixminer":
		return "4.2c"
	case "ethminer":
		return "0.16.2"
	case "t-rex":
		return "0.8.0"
	case "z-enemy":
		return "1.28"
	}
	return "1.0"
}

func minersFor(algo string) []string { return algos[algo].miners }

// knownMiners is every miner multiRocket may set, sorted. A second miner is often something else again,
// so a few that no rig starts with are listed too.
func knownMiners() []string {
	var out []string
	for _, a := range algos {
		out = append(out, a.miners...)
	}
	out = append(out, "claymore-z", "ewbf", "xmrig", "xmr-stak")
	slices.Sort(out)
	return out
}

func hashFor(algo string, quality float64) float64 {
	a, ok := algos[algo]
	if !ok {
		a = algos["ethash"]
	}
	return a.hashLo + quality*(a.hashHi-a.hashLo)
}

// FirstWalletID and FirstOCID are the ids the catalogue counts up from.
const (
	FirstWalletID = 107800
	FirstOCID     = 800
)

var walletTemplates = []struct{ name, coin, algo string }{
	{"ETH - Ethermine", "ETH", "ethash"},
	{"ETH - Nanopool", "ETH", "ethash"},
	{"ETC - 2Miners", "ETC", "ethash"},
	{"RVN - Ravenminer", "RVN", "x16r"},
}

// walletWeights: most rigs mine to the first wallet.
var walletWeights = []int{6, 2, 1, 1}

func catalogWallets(rng *rand.Rand) ([]Wallet, map[int64]int) {
	out := make([]Wallet, len(walletTemplates))
	by := make(map[int64]int, len(out))
	for i, w := range walletTemplates {
		out[i] = Wallet{ID: int64(FirstWalletID + i), Name: w.name, Coin: w.coin, Algo: w.algo, Address: address(rng, w.coin)}
		by[out[i].ID] = i
	}
	return out, by
}

func address(rng *rand.Rand, coin string) string {
	const hex = "0123456789abcdef"
	const b58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	if coin == "RVN" {
		b := []byte("R")
		for range 33 {
			b = append(b, b58[rng.IntN(len(b58))])
		}
		return string(b)
	}
	b := []byte("0x")
	for range 40 {
		b = append(b, hex[rng.IntN(len(hex))])
	}
	return string(b)
}

func pickWallet(rng *rand.Rand) int {
	total := 0
	for _, w := range walletWeights {
		total += w
	}
	n := rng.IntN(total)
	for i, w := range walletWeights {
		if n < w {
			return i
		}
		n -= w
	}
	return 0
}

var ocTemplates = []OCProfile{
	{Name: "1070 eth", Vendor: "nvidia", CoreClock: -200, MemClock: 800, PowerLimit: 120, HashFactor: 1.08, PowerFactor: 0.85},
	{Name: "1080Ti eth", Vendor: "nvidia", CoreClock: -100, MemClock: 600, PowerLimit: 200, HashFactor: 1.06, PowerFactor: 0.9},
	{Name: "RX580 eth", Vendor: "amd", CoreClock: 1150, MemClock: 2150, PowerLimit: 0, HashFactor: 1.1, PowerFactor: 0.8},
	{Name: "1070 x16r", Vendor: "nvidia", CoreClock: 100, MemClock: 0, PowerLimit: 140, HashFactor: 1.05, PowerFactor: 0.95},
	{Name: "eco", Vendor: "nvidia", CoreClock: -300, MemClock: 0, PowerLimit: 90, HashFactor: 0.9, PowerFactor: 0.7},
}

func catalogOCs() ([]OCProfile, map[int64]int) {
	out := make([]OCProfile, len(ocTemplates))
	by := make(map[int64]int, len(out))
	for i, oc := range ocTemplates {
		oc.ID = int64(FirstOCID + i)
		out[i] = oc
		by[oc.ID] = i
	}
	return out, by
}

// pickOC picks a profile made for algo (the last one, "eco", suits any).
func pickOC(rng *rand.Rand, algo string) int64 {
	var fit []int64
	for i, oc := range ocTemplates {
		if oc.Name == "eco" || strings.HasSuffix(oc.Name, " "+algoShort(algo)) {
			fit = append(fit, int64(FirstOCID+i))
		}
	}
	return fit[rng.IntN(len(fit))]
}

// algoShort is how OC profile names abbreviate an algorithm.
func algoShort(algo string) string {
	if algo == "ethash" {
		return "eth"
	}
	return algo
}
