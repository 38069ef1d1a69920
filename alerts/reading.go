// Package alerts is pitboss's monitoring domain. It imports nothing of pitboss's own: sources are
// normalised into Readings before they reach it, so a new source (the Hive OS API v2, say) slots in
// without changing it.
package alerts

import (
	"fmt"
	"time"
)

// Metric is what a reading measures.
type Metric string

// The metrics pitboss watches.
const (
	GPUTemp      Metric = "gpu_temp"      // °C, per GPU
	GPUFan       Metric = "gpu_fan"       // %, per GPU
	GPUHashrate  Metric = "gpu_hashrate"  // H/s, per GPU
	RigHashrate  Metric = "rig_hashrate"  // H/s, per rig
	RigOnline    Metric = "rig_online"    // 1 online, 0 offline, per rig
	PoolHashrate Metric = "pool_hashrate" // H/s, per pool account and coin (Rig holds the coin)
	PoolWorkers  Metric = "pool_workers"  // active workers, per pool account and coin
	SiteHashrate Metric = "site_hashrate" // H/s, per Coinhive site
)

// NoGPU is the GPU index of a reading about a whole rig, pool or site.
const NoGPU = -1

// Reading is one value a source reported, in common units (H/s, °C, %), whatever the source's own.
type Reading struct {
	Source string // "hiveos", "viabtc", "coinhive", ...
	Rig    string // the rig's id; for pools the coin, for sites the site
	GPU    int    // index within the rig, or NoGPU
	Metric Metric
	Value  float64
	At     time.Time // when the source measured it, or when pitboss read it if the source does not say
}

// Scope is what a reading is about, apart from when and how much: alert state is kept per scope.
type Scope struct {
	Source string
	Rig    string
	GPU    int
	Metric Metric
}

// Scope returns the reading's scope.
func (r Reading) Scope() Scope {
	return Scope{Source: r.Source, Rig: r.Rig, GPU: r.GPU, Metric: r.Metric}
}

// String is a stable, readable key for the scope, such as "hiveos/10256/gpu2/gpu_temp".
func (s Scope) String() string {
	if s.GPU == NoGPU {
		return fmt.Sprintf("%s/%s/%s", s.Source, s.Rig, s.Metric)
	}
	return fmt.Sprintf("%s/%s/gpu%d/%s", s.Source, s.Rig, s.GPU, s.Metric)
}
