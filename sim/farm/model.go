package farm

import "time"

// Physics of one step. Temperatures revert to their mean with rate tempTheta and noise tempSigma, which
// keeps a card within about ±1 °C of its mean; hashrate noise is a smooth walk within ±2 %.
const (
	ambientTemp  = 30.0 // °C a rig's GPUs cool towards while it is off
	tempTheta    = 0.05
	coolTheta    = 0.08
	heatTheta    = 0.25 // a repeating overheat reaches its temperature in a minute or two
	tempSigma    = 0.35
	noiseKeep    = 0.6
	noiseSigma   = 0.008
	noiseLimit   = 0.02
	minTemp      = 20.0
	maxTemp      = 105.0
	fanPerDegree = 2.5 // fan % per °C above the card's usual temperature
)

// advance moves the model to the last step at or before now. Called with f.mu held.
func (f *Farm) advance(now time.Time) {
	if !now.After(f.t) {
		return
	}
	n := int64(now.Sub(f.t) / f.step)
	if n > MaxCatchUp {
		f.t = f.t.Add(time.Duration(n-MaxCatchUp) * f.step)
		n = MaxCatchUp
	}
	for range n {
		f.t = f.t.Add(f.step)
		f.stepAt(f.t)
	}
	f.steps += n
	f.prune()
}

// stepAt runs one step ending at t: it marks what the faults impose at t, then moves every GPU.
// Every GPU draws the same random numbers whatever the faults, so a fault on one rig never changes
// another rig's drift.
func (f *Farm) stepAt(t time.Time) {
	for i := range f.faults {
		x := &f.faults[i]
		if x.kind == kindSag || x.kind == kindLost || x.kind == kindMemHot {
			continue // these only change what the rig reports
		}
		if _, ok := x.activeAt(t); !ok {
			continue
		}
		r := f.rigs[x.rig]
		switch {
		case x.kind == kindDown:
			r.markDown = true
		case x.every > 0:
			r.gpus[x.gpu].hotTarget = max(r.gpus[x.gpu].hotTarget, x.value)
		default:
			r.gpus[x.gpu].pin = max(r.gpus[x.gpu].pin, x.value)
		}
	}
	for _, r := range f.rigs {
		down := r.markDown
		r.markDown = false
		if r.down && !down {
			r.minerStart = t // back online: the agent starts the miner afresh
			r.stopped = false
		}
		r.down = down
		for gi := range r.gpus {
			g := &r.gpus[gi]
			z1, z2 := f.rng.NormFloat64(), f.rng.NormFloat64()
			target, theta := g.baseTemp, tempTheta
			switch {
			case down:
				target, theta = ambientTemp, coolTheta
			case g.hotTarget > 0:
				target, theta = g.hotTarget, heatTheta
			}
			g.temp = clamp(g.temp+theta*(target-g.temp)+tempSigma*z1, minTemp, maxTemp)
			if g.pin > 0 && !down {
				g.temp = g.pin
			}
			g.pin, g.hotTarget = 0, 0
			g.noise = clamp(noiseKeep*g.noise+noiseSigma*z2, -noiseLimit, noiseLimit)
		}
	}
}

// prune drops one-off faults that are over, so a long-running demo does not accumulate them.
func (f *Farm) prune() {
	kept := f.faults[:0]
	for _, x := range f.faults {
		if !x.expired(f.t) {
			kept = append(kept, x)
		}
	}
	clear(f.faults[len(kept):])
	f.faults = kept
}

func clamp(v, lo, hi float64) float64 { return min(max(v, lo), hi) }

// fan is the fan speed a card runs at temp: its usual speed, more as it runs hotter, within 20–100 %.
func (g *gpu) fan(temp float64) float64 {
	return clamp(g.baseFan+fanPerDegree*(temp-g.baseTemp), 20, 100)
}
