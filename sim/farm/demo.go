package farm

import "time"

// The demo farm's troublemakers, and their schedule: something happens within the first minutes of a
// demo, and again every quarter of an hour.
const (
	DemoHotRig     = "10257" // rig02: one GPU runs hot for 3 minutes every 15 minutes
	DemoHotGPU     = 1
	DemoOfflineRig = "10260" // rig05: drops offline for 3 minutes every 15 minutes

	DemoHotFirst     = 10 * time.Second
	DemoOfflineFirst = 2*time.Minute + 30*time.Second
	DemoEvery        = 15 * time.Minute
	DemoLasting      = 3 * time.Minute
)

// NewDemo is the farm demo mode shows: six rigs of three to six GPUs, red temperature 80 °C, one rig that
// runs hot now and then (climbing towards 88 °C from DemoHotFirst after start) and one that drops offline
// now and then (from DemoOfflineFirst), each for DemoLasting every DemoEvery.
func NewDemo(start time.Time) *Farm {
	f := New(Options{Rigs: 6, GPUsPerRig: 3, MaxGPUsPerRig: 6, Seed: 51, Start: start, RedTemp: 80})
	// Neither call can fail: the rigs and the GPU exist in every six-rig farm of at least three GPUs.
	_ = f.RepeatOverheat(DemoHotRig, DemoHotGPU, 88, start.Add(DemoHotFirst), DemoEvery, DemoLasting)
	_ = f.RepeatOffline(DemoOfflineRig, start.Add(DemoOfflineFirst), DemoEvery, DemoLasting)
	return f
}
