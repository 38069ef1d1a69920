package farm

import "time"

// The demo farm's troublemakers.
const (
	DemoHotRig     = "10257" // rig02: one GPU runs hot for a few minutes every 20 minutes
	DemoHotGPU     = 1
	DemoOfflineRig = "10260" // rig05: drops offline for 10 minutes every 30 minutes
)

// NewDemo is the farm demo mode shows: six rigs of three to six GPUs, red temperature 80 °C, one rig that
// runs hot now and then (first 6 minutes after start, 88 °C for 4 minutes every 20) and one that drops
// offline now and then (first 15 minutes after start, for 10 minutes every 30).
func NewDemo(start time.Time) *Farm {
	f := New(Options{Rigs: 6, GPUsPerRig: 3, MaxGPUsPerRig: 6, Seed: 51, Start: start, RedTemp: 80})
	// Neither call can fail: the rigs and the GPU exist in every six-rig farm of at least three GPUs.
	_ = f.RepeatOverheat(DemoHotRig, DemoHotGPU, 88, start.Add(6*time.Minute), 20*time.Minute, 4*time.Minute)
	_ = f.RepeatOffline(DemoOfflineRig, start.Add(15*time.Minute), 30*time.Minute, 10*time.Minute)
	return f
}
