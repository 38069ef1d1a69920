package farm

import (
	"errors"
	"fmt"
	"time"
)

// Errors that the fault and Apply methods return; test with errors.Is.
var (
	ErrUnknownRig    = errors.New("farm: unknown rig")
	ErrUnknownGPU    = errors.New("farm: unknown GPU")
	ErrUnknownWallet = errors.New("farm: unknown wallet")
	ErrUnknownOC     = errors.New("farm: unknown OC profile")
	ErrUnknownMiner  = errors.New("farm: unknown miner")
	ErrNoChange      = errors.New("farm: nothing to change")
	ErrBadFault      = errors.New("farm: invalid fault")
)

type faultKind int

const (
	kindHot    faultKind = iota + 1 // a GPU runs at a set temperature
	kindDown                        // a rig sends no stats
	kindSag                         // a rig hashes at a fraction of its rate
	kindLost                        // a GPU has fallen off the bus: the rig reports one card fewer
	kindMemHot                      // a GPU's memory runs at a set temperature
)

// fault is one injected condition. A one-off fault holds over [from, until) (a zero from meaning "already");
// a recurring one (every > 0) holds for lasting out of every every, counted from from.
type fault struct {
	kind    faultKind
	rig     int
	gpu     int
	value   float64 // temperature for kindHot, factor for kindSag
	from    time.Time
	until   time.Time
	every   time.Duration
	lasting time.Duration
}

// activeAt reports whether the fault holds at t, and since when its current occurrence has held.
func (x *fault) activeAt(t time.Time) (since time.Time, ok bool) {
	if x.every > 0 {
		if t.Before(x.from) {
			return time.Time{}, false
		}
		phase := t.Sub(x.from) % x.every
		if phase >= x.lasting {
			return time.Time{}, false
		}
		return t.Add(-phase), true
	}
	if (!x.from.IsZero() && t.Before(x.from)) || !t.Before(x.until) {
		return time.Time{}, false
	}
	return x.from, true
}

// expired reports whether the fault can no longer hold at or after t.
func (x *fault) expired(t time.Time) bool { return x.every == 0 && !t.Before(x.until) }

// Overheat makes GPU gpu (0-based) of the rig read temp °C from now until until; afterwards it cools back
// to its usual temperature over a few minutes. The fan follows the temperature up.
func (f *Farm) Overheat(rigID string, gpu int, temp float64, until time.Time) error {
	return f.addFault(rigID, fault{kind: kindHot, gpu: gpu, value: temp, until: until})
}

// Offline makes the rig send no stats over [from, until): getCurrentStats shows it with null stats and
// its last update stuck at from. When it comes back its miner restarts and its GPUs, which cooled while
// off, warm up again.
func (f *Farm) Offline(rigID string, from, until time.Time) error {
	if !until.After(from) {
		return fmt.Errorf("%w: offline window ends before it starts", ErrBadFault)
	}
	return f.addFault(rigID, fault{kind: kindDown, gpu: -1, from: from, until: until})
}

// Sag makes the rig hash at factor (e.g. 0.6) times its usual rate from now until until, as a miner
// whose GPUs throttle or whose shares fail would.
func (f *Farm) Sag(rigID string, factor float64, until time.Time) error {
	if factor < 0 {
		return fmt.Errorf("%w: negative sag factor", ErrBadFault)
	}
	return f.addFault(rigID, fault{kind: kindSag, gpu: -1, value: factor, until: until})
}

// RepeatOverheat makes GPU gpu of the rig climb towards temp for lasting out of every every, starting at
// first; unlike Overheat the temperature ramps up over a minute or two, as a failing fan's would.
func (f *Farm) RepeatOverheat(rigID string, gpu int, temp float64, first time.Time, every, lasting time.Duration) error {
	if every <= 0 || lasting <= 0 || lasting >= every {
		return fmt.Errorf("%w: a repeating fault needs 0 < lasting < every", ErrBadFault)
	}
	return f.addFault(rigID, fault{kind: kindHot, gpu: gpu, value: temp, from: first, every: every, lasting: lasting})
}

// RepeatOffline takes the rig offline for lasting out of every every, starting at first.
func (f *Farm) RepeatOffline(rigID string, first time.Time, every, lasting time.Duration) error {
	if every <= 0 || lasting <= 0 || lasting >= every {
		return fmt.Errorf("%w: a repeating fault needs 0 < lasting < every", ErrBadFault)
	}
	return f.addFault(rigID, fault{kind: kindDown, gpu: -1, from: first, every: every, lasting: lasting})
}

// LoseGPU makes GPU gpu of the rig fall off the bus over [from, until): the rig reports one card fewer
// (the cards after it move up one index, as the agent numbers what it finds), without its hashrate and
// power.
func (f *Farm) LoseGPU(rigID string, gpu int, from, until time.Time) error {
	if !until.After(from) {
		return fmt.Errorf("%w: lost GPU window ends before it starts", ErrBadFault)
	}
	return f.addFault(rigID, fault{kind: kindLost, gpu: gpu, from: from, until: until})
}

// ClearFaults ends every fault at once, repeating ones included.
func (f *Farm) ClearFaults() {
	f.mu.Lock()
	f.faults = nil
	f.mu.Unlock()
}

func (f *Farm) addFault(rigID string, x fault) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	i, ok := f.rigByID[rigID]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownRig, rigID)
	}
	if x.kind == kindHot || x.kind == kindLost || x.kind == kindMemHot {
		if x.gpu < 0 || x.gpu >= len(f.rigs[i].gpus) {
			return fmt.Errorf("%w: rig %s has no GPU %d", ErrUnknownGPU, rigID, x.gpu)
		}
		if (x.kind == kindHot || x.kind == kindMemHot) && x.value <= 0 {
			return fmt.Errorf("%w: temperature %v", ErrBadFault, x.value)
		}
	}
	x.rig = i
	f.faults = append(f.faults, x)
	return nil
}
