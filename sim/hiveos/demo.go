package hiveos

import (
	"time"

	"pitboss/sim/farm"
)

// The demo account's API keys, 64 hex characters each like real ones. They guard nothing: the demo
// simulator listens on loopback only.
const (
	DemoPublicKey = "d2b4b86e6b29e0f3228fbf3bd890f8f4bb0c80a0d10d4345a4b83b9a21c5e111"
	DemoSecretKey = "b7c07e5a83936cd8093d1f7fe9dd45b4215e3a3aec1ed814f8fad27e4a9c4ac8"
)

// Demo is the simulator demo mode runs: farm.NewDemo's six rigs (3–6 GPUs, red temperature 80 °C,
// farm.DemoHotRig running hot now and then, farm.DemoOfflineRig dropping offline now and then), started
// at now(), behind the demo keys.
func Demo(now func() time.Time) *Sim {
	if now == nil {
		now = time.Now
	}
	return New(Options{PublicKey: DemoPublicKey, SecretKey: DemoSecretKey, Farm: farm.NewDemo(now()), Now: now})
}
