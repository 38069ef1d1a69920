package farm

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// What the Hive OS API v2 simulator needs of the model beyond the legacy API: memory temperatures, the
// miner started and stopped by worker commands, and rig names of its own for a second farm.

// idlePower is the share of its mining draw a GPU keeps while its miner is stopped.
const idlePower = 0.35

// memTemp is the memory's temperature when the core is at temp: 8–22 °C (fixed per card) over the
// core's usual temperature, and half of any rise of the core over it, since the memory has its own
// heat and shares only the cooler. So a core that overheats does not take its memory over the red line
// with it, and each fault stays one kind of alert. The margin is derived from the card's quality rather
// than drawn from the random source, so that adding memory temperatures changed none of the numbers an
// existing seed gives.
func (g *gpu) memTemp(temp float64) float64 {
	_, frac := math.Modf(g.quality * 997)
	return g.baseTemp + 8 + 14*frac + (temp-g.baseTemp)/2
}

// MemOverheat makes the memory of GPU gpu (0-based) of the rig read temp °C from now until until.
// The core temperature is not affected.
func (f *Farm) MemOverheat(rigID string, gpu int, temp float64, until time.Time) error {
	return f.addFault(rigID, fault{kind: kindMemHot, gpu: gpu, value: temp, until: until})
}

// RepeatMemOverheat makes the memory of GPU gpu of the rig read temp °C for lasting out of every every,
// starting at first.
func (f *Farm) RepeatMemOverheat(rigID string, gpu int, temp float64, first time.Time, every, lasting time.Duration) error {
	if every <= 0 || lasting <= 0 || lasting >= every {
		return fmt.Errorf("%w: a repeating fault needs 0 < lasting < every", ErrBadFault)
	}
	return f.addFault(rigID, fault{kind: kindMemHot, gpu: gpu, value: temp, from: first, every: every, lasting: lasting})
}

// RestartMiner (re)starts the rig's miner at the model's step at or before at: a stopped miner hashes
// again, and the miner's uptime counts from then.
func (f *Farm) RestartMiner(rigID string, at time.Time) error {
	return f.withRig(rigID, at, func(r *rig) {
		r.stopped = false
		r.minerStart = f.t
	})
}

// StopMiner stops the rig's miners (the second one too) at the model's step at or before at: the rig
// stays online and reports its GPUs, idle, with no hashrate, until RestartMiner or a reboot (Offline)
// starts them again.
func (f *Farm) StopMiner(rigID string, at time.Time) error {
	return f.withRig(rigID, at, func(r *rig) { r.stopped = true })
}

// SetName renames the rig. A name is what the rig's owner typed: any non-blank text.
func (f *Farm) SetName(rigID, name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("%w: blank rig name", ErrNoChange)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	i, ok := f.rigByID[rigID]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownRig, rigID)
	}
	f.rigs[i].Name = name
	return nil
}

// withRig advances the model to at, then changes the rig with change.
func (f *Farm) withRig(rigID string, at time.Time, change func(*rig)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	i, ok := f.rigByID[rigID]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownRig, rigID)
	}
	f.advance(at)
	change(f.rigs[i])
	return nil
}
