package store

import (
	"math"
	"testing"
)

func TestPackedGPUsRoundTrip(t *testing.T) {
	nan := math.NaN()
	in := []GPUValues{
		{Temp: 61, Fan: 70, Hash: 41.8e6, MemTemp: nan, Power: 101},
		{Temp: nan, Fan: 100, Hash: 0, MemTemp: 96, Power: nan},
		{Temp: 300, Fan: -5, Hash: 1e12, MemTemp: 88.6, Power: 1e6}, // clamped to what a column holds
	}
	b := packGPUs(in)
	out, err := unpackGPUs(b)
	if err != nil {
		t.Fatal(err)
	}
	want := []GPUValues{
		{Temp: 61, Fan: 70, Hash: float64(float32(41.8e6)), MemTemp: nan, Power: 101},
		{Temp: nan, Fan: 100, Hash: 0, MemTemp: 96, Power: nan},
		{Temp: 254, Fan: 0, Hash: float64(float32(1e12)), MemTemp: 89, Power: 65534},
	}
	for i := range want {
		if !sameValues(out[i], want[i]) {
			t.Errorf("GPU %d: %+v, want %+v", i, out[i], want[i])
		}
	}
}

func TestEightGPUsPackIntoFiftyBytes(t *testing.T) {
	gs := make([]GPUValues, 8)
	for i := range gs {
		gs[i] = GPUValues{Temp: 60, Fan: 70, Hash: 30e6, MemTemp: math.NaN(), Power: math.NaN()}
	}
	if n := len(packGPUs(gs)); n != 50 {
		t.Fatalf("%d bytes", n)
	}
}

func sameValues(a, b GPUValues) bool {
	eq := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	return eq(a.Temp, b.Temp) && eq(a.Fan, b.Fan) && eq(a.Hash, b.Hash) && eq(a.MemTemp, b.MemTemp) && eq(a.Power, b.Power)
}

func FuzzUnpackGPUs(f *testing.F) {
	f.Add(packGPUs([]GPUValues{{Temp: 61, Fan: 70, Hash: 1, MemTemp: math.NaN(), Power: 5}}))
	f.Add([]byte{0xff, 1})
	f.Add([]byte{1, 3, 60})
	f.Fuzz(func(t *testing.T, b []byte) {
		gs, err := unpackGPUs(b)
		if err != nil {
			return
		}
		// Whatever decodes must encode back to something that decodes the same.
		again, err := unpackGPUs(packGPUs(gs))
		if err != nil || len(again) != len(gs) {
			t.Fatalf("re-pack: %v, %d vs %d GPUs", err, len(again), len(gs))
		}
	})
}
