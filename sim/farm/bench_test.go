package farm

import (
	"testing"
	"time"
)

// BenchmarkSnapshot2000Rigs8GPUs is a poll of a large farm a minute after the last: six model steps and
// the copy.
func BenchmarkSnapshot2000Rigs8GPUs(b *testing.B) {
	f := New(Options{Rigs: 2000, GPUsPerRig: 8, Seed: 1, Start: t0})
	_ = f.Overheat("10300", 3, 92, t0.Add(24*time.Hour))
	_ = f.RepeatOffline("10400", t0, 30*time.Minute, 10*time.Minute)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		f.Snapshot(t0.Add(time.Duration(i) * time.Minute))
	}
}

// BenchmarkSnapshot2000Rigs8GPUsCopyOnly is the same farm asked twice at one instant: the copy alone.
func BenchmarkSnapshot2000Rigs8GPUsCopyOnly(b *testing.B) {
	f := New(Options{Rigs: 2000, GPUsPerRig: 8, Seed: 1, Start: t0})
	b.ReportAllocs()
	for b.Loop() {
		f.Snapshot(t0)
	}
}
