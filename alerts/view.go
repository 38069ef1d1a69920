package alerts

import (
	"slices"
	"time"
)

// Poll is one poll of one source, as the engine judges it: what it read, or that it failed.
type Poll struct {
	Source   string
	At       time.Time
	Readings []Reading
	// Failed: the poll got no usable answer. Only the source's own health is judged then; every other
	// alert of the source is left as it was until the source answers again.
	Failed    bool
	Failures  int       // failed polls in a row, this one included; 0 when it answered
	DownSince time.Time // when the first of those failures happened
	// Resumed: the poll before this one failed. A condition that was pending before the gap has to hold
	// again, on fresh data, for its full time.
	Resumed bool
	// Farms maps a rig id to the farm it belongs to, for a source that watches several farms; a user's
	// thresholds and mutes for a farm apply to its rigs.
	Farms map[string]string
	Facts
}

// Facts are what the engine needs beyond one poll's readings, learnt from earlier polls.
type Facts struct {
	ExpectedGPUs map[string]int     // rig id: the most GPUs the rig has reported
	Baselines    map[string]float64 // BaselineKey(rig, algo): the rig's median hashrate over the last hour, H/s
}

// BaselineKey keys Facts.Baselines.
func BaselineKey(rig, algo string) string { return rig + "/" + algo }

// View is a poll indexed for judging: built once per poll, then read for every user.
type View struct {
	Poll
	RedTemp float64 // the farm's red temperature, 0 when not reported
	Rigs    []RigView
	rigs    map[string]int
	Others  []Reading // readings about pools, sites and tokens
}

// RigView is one rig as the poll saw it.
type RigView struct {
	ID        string
	Online    bool
	DataAt    time.Time // when the rig last sent data; zero when the source does not say
	GPUs      []GPUView // by index
	Hashrates []AlgoRate
	Expected  int     // GPUs it had before (Facts.ExpectedGPUs)
	MaxTemp   float64 // the hottest GPU
	MaxFan    float64 // the fastest fan
	MaxMem    float64 // the hottest GPU memory
	Farm      string  // the farm it belongs to, where the source has several ("" otherwise)
	// The rig's own red lines, 0 where the source sets none.
	RedTemp, RedFan, RedMemTemp float64
	Problems                    []string // what the source reports wrong with the rig, sorted
}

// GPUView is one GPU's values; Has* is false for a value the rig did not report.
type GPUView struct {
	Temp, Fan, MemTemp      float64
	HasTemp, HasFan, HasMem bool
	Bus                     int // 0 when the source does not say
}

// ID is what the GPU's alerts are kept by: its bus number where known, else its index i.
func (g GPUView) ID(i int) int {
	if g.Bus > 0 {
		return g.Bus
	}
	return i
}

// AlgoRate is a rig's hashrate for one algorithm, with the rig's recent median (0 when unknown).
type AlgoRate struct {
	Algo     string
	Value    float64
	Baseline float64
}

// NewView indexes a poll's readings by rig.
func NewView(p Poll) *View {
	v := &View{Poll: p, rigs: make(map[string]int, len(p.ExpectedGPUs)), Rigs: make([]RigView, 0, len(p.ExpectedGPUs))}
	last := -1
	for _, r := range p.Readings {
		if r.Metric == FarmRedTemp {
			v.RedTemp = r.Value
			continue
		}
		if !rigMetric(r.Metric) {
			v.Others = append(v.Others, r)
			continue
		}
		if last < 0 || v.Rigs[last].ID != r.Rig {
			last = v.rig(r.Rig)
		}
		v.Rigs[last].add(r, p.Facts)
	}
	return v
}

func (v *View) rig(id string) int {
	if i, ok := v.rigs[id]; ok {
		return i
	}
	v.rigs[id] = len(v.Rigs)
	v.Rigs = append(v.Rigs, RigView{ID: id, Expected: v.ExpectedGPUs[id], Farm: v.Farms[id]})
	return len(v.Rigs) - 1
}

// HasRig reports whether the poll reported the rig.
func (v *View) HasRig(id string) bool {
	_, ok := v.rigs[id]
	return ok
}

// Rig is the rig as the poll saw it; nil when the poll did not report it.
func (v *View) Rig(id string) *RigView {
	if i, ok := v.rigs[id]; ok {
		return &v.Rigs[i]
	}
	return nil
}

// RedLine is the rig's own red line for t, 0 where the source sets none.
func (rv *RigView) RedLine(t Threshold) float64 {
	switch t {
	case TempMax:
		return rv.RedTemp
	case FanMax:
		return rv.RedFan
	case MemTempMax:
		return rv.RedMemTemp
	}
	return 0
}

func (rv *RigView) add(r Reading, f Facts) {
	switch r.Metric {
	case RigOnline:
		rv.Online, rv.DataAt = r.Value != 0, r.At
		return
	case RigHashrate:
		rv.Hashrates = append(rv.Hashrates, AlgoRate{Algo: r.Algo, Value: r.Value, Baseline: f.Baselines[BaselineKey(rv.ID, r.Algo)]})
		return
	case RigRedTemp:
		rv.RedTemp = r.Value
		return
	case RigRedFan:
		rv.RedFan = r.Value
		return
	case RigRedMemTemp:
		rv.RedMemTemp = r.Value
		return
	case RigProblem:
		if i, found := slices.BinarySearch(rv.Problems, r.Algo); !found {
			rv.Problems = slices.Insert(rv.Problems, i, r.Algo)
		}
		return
	case GPUTemp, GPUFan, GPUHashrate, GPUMemTemp: // a GPU counts as present when it reports anything
	default:
		return
	}
	if r.GPU < 0 {
		return
	}
	if rv.GPUs == nil {
		rv.GPUs = make([]GPUView, 0, max(rv.Expected, r.GPU+1)) // most polls find the GPUs the rig had
	}
	for len(rv.GPUs) <= r.GPU {
		rv.GPUs = append(rv.GPUs, GPUView{})
	}
	g := &rv.GPUs[r.GPU]
	if r.Bus > 0 {
		g.Bus = r.Bus
	}
	switch r.Metric {
	case GPUTemp:
		g.Temp, g.HasTemp = r.Value, true
		rv.MaxTemp = max(rv.MaxTemp, r.Value)
	case GPUFan:
		g.Fan, g.HasFan = r.Value, true
		rv.MaxFan = max(rv.MaxFan, r.Value)
	case GPUMemTemp:
		g.MemTemp, g.HasMem = r.Value, true
		rv.MaxMem = max(rv.MaxMem, r.Value)
	}
}
