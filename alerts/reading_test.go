package alerts

import (
	"testing"
	"time"
)

func TestScopeKeysAreDistinctPerGPUAndMetric(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	readings := []Reading{
		{Source: "hiveos", Rig: "10256", GPU: 0, Metric: GPUTemp, Value: 61, At: at},
		{Source: "hiveos", Rig: "10256", GPU: 1, Metric: GPUTemp, Value: 64, At: at},
		{Source: "hiveos", Rig: "10256", GPU: 0, Metric: GPUFan, Value: 70, At: at},
		{Source: "hiveos", Rig: "10256", GPU: NoGPU, Metric: RigHashrate, Value: 125430e3, At: at},
		{Source: "hiveos", Rig: "1025", GPU: 60, Metric: GPUTemp, Value: 50, At: at},
		{Source: "viabtc", Rig: "BTC", GPU: NoGPU, Metric: PoolHashrate, Value: 4.4e13, At: at},
	}
	seen := map[string]bool{}
	for _, r := range readings {
		k := r.Scope().String()
		if seen[k] {
			t.Fatalf("two readings share the scope %q", k)
		}
		seen[k] = true
	}
	if got := readings[1].Scope().String(); got != "hiveos/10256/gpu1/gpu_temp" {
		t.Fatalf("key %q", got)
	}
	if got := readings[3].Scope().String(); got != "hiveos/10256/rig_hashrate" {
		t.Fatalf("key %q", got)
	}
}
