// Package alerts is pitboss's monitoring domain: readings, thresholds, alert states and the engine that
// turns one poll's readings into alerts. It imports nothing of pitboss's own and does no I/O and reads no
// clock: sources are normalised into Readings before they reach it (so a new source, the Hive OS API v2
// say, slots in without changing it), and the caller passes the time.
package alerts

import (
	"fmt"
	"time"
)

// Metric is what a reading measures.
type Metric string

// The metrics pitboss reads. Values are in common units whatever the source's own: H/s, °C, %, W.
const (
	GPUTemp     Metric = "gpu_temp"     // °C, per GPU
	GPUFan      Metric = "gpu_fan"      // %, per GPU
	GPUHashrate Metric = "gpu_hashrate" // H/s, per GPU
	GPUMemTemp  Metric = "gpu_mem_temp" // °C, per GPU, where the source reports it
	GPUPower    Metric = "gpu_power"    // W, per GPU, where the source reports it

	RigOnline   Metric = "rig_online"   // 1 online, 0 offline; At is when the rig last sent data
	RigHashrate Metric = "rig_hashrate" // H/s, per rig and algorithm (Algo); the rig's main algorithm first
	RigPower    Metric = "rig_power"    // W, per rig

	FarmRedTemp Metric = "farm_red_temp" // °C, the farm's own red temperature (Rig "")

	// A rig's own red lines, where the source sets them per rig (Hive OS v2: the worker's, else its farm's).
	RigRedTemp    Metric = "rig_red_temp"     // °C
	RigRedFan     Metric = "rig_red_fan"      // %
	RigRedMemTemp Metric = "rig_red_mem_temp" // °C
	// RigProblem is a problem the source reports for a rig (Hive OS v2: "overheat", "low_asr", ...), named
	// in Algo; the value is 1. A problem not reported in a poll is over.
	RigProblem Metric = "rig_problem"

	PoolHashrate        Metric = "pool_hashrate"         // H/s over the last 10 minutes, per coin (Rig holds the coin)
	PoolHashrate1h      Metric = "pool_hashrate_1h"      // H/s over the last hour
	PoolHashrate24h     Metric = "pool_hashrate_24h"     // H/s over the last day
	PoolWorkersActive   Metric = "pool_workers_active"   // workers, per coin
	PoolWorkersInactive Metric = "pool_workers_inactive" // workers, per coin

	SiteHashrate    Metric = "site_hashrate"     // H/s, per Coinhive site (Rig holds the site)
	SiteHashesTotal Metric = "site_hashes_total" // hashes since the site began
	SiteXMRPending  Metric = "site_xmr_pending"  // XMR
	SiteXMRPaid     Metric = "site_xmr_paid"     // XMR

	AuthValid       Metric = "auth_valid"        // 1 while a valid token is held, else 0
	AuthValidUntil  Metric = "auth_valid_until"  // Unix seconds
	AuthLastRefresh Metric = "auth_last_refresh" // Unix seconds
	AuthFailures    Metric = "auth_failures"     // renewals failed in a row
)

// rigMetric reports whether m is about a rig or one of its GPUs (rather than a pool, a site or a token).
func rigMetric(m Metric) bool {
	switch m {
	case GPUTemp, GPUFan, GPUHashrate, GPUMemTemp, GPUPower, RigOnline, RigHashrate, RigPower,
		RigRedTemp, RigRedFan, RigRedMemTemp, RigProblem:
		return true
	}
	return false
}

// RedLineOf is the threshold a rig's own red line stands for, where m is one.
func RedLineOf(m Metric) (Threshold, bool) {
	switch m {
	case RigRedTemp:
		return TempMax, true
	case RigRedFan:
		return FanMax, true
	case RigRedMemTemp:
		return MemTempMax, true
	}
	return 0, false
}

// NoGPU is the GPU index of a reading about a whole rig, pool or site.
const NoGPU = -1

// Reading is one value a source reported.
type Reading struct {
	Source string // "hiveos", "viabtc", "coinhive", "hiveauth"
	Rig    string // the rig's id (names change); for pools the coin, for sites the site; "" for the source itself
	GPU    int    // index within the rig, or NoGPU
	// Bus is the GPU's PCI bus number where the source reports one, else 0. It is the card's identity: when
	// a card falls off the bus, the indexes of the cards after it shift, their bus numbers do not.
	Bus    int
	Metric Metric
	Algo   string // for hashrates, the algorithm (a rig that mines two has a reading for each); for RigProblem, the problem
	Value  float64
	At     time.Time // when the source measured it, or when pitboss read it if the source does not say
}

// Scope is what a reading is about, apart from when and how much.
type Scope struct {
	Source string
	Rig    string
	GPU    int
	Metric Metric
	Algo   string
}

// Scope returns the reading's scope.
func (r Reading) Scope() Scope {
	return Scope{Source: r.Source, Rig: r.Rig, GPU: r.GPU, Metric: r.Metric, Algo: r.Algo}
}

// String is a stable, readable key for the scope, such as "hiveos/10256/gpu2/gpu_temp".
func (s Scope) String() string {
	key := s.Source + "/" + s.Rig
	if s.GPU != NoGPU {
		key += fmt.Sprintf("/gpu%d", s.GPU)
	}
	key += "/" + string(s.Metric)
	if s.Algo != "" {
		key += "/" + s.Algo
	}
	return key
}
