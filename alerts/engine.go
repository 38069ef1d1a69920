package alerts

import (
	"slices"
	"strings"
	"time"
)

// Outcome is what one evaluation changes for one user.
type Outcome struct {
	Upserts     []State      // states that are new or changed
	Deletes     []Key        // states that are over
	Transitions []Transition // what to tell the user, in the order found
	// Began and Ended are the alerts that fired and those firing that ended, told or not: the record of
	// what happened, for reports and charts.
	Began []State
	Ended []State
}

// Evaluate judges one poll for one user: prev holds the user's states for the poll's source (alerts that
// are ok have none); the outcome says which states change and what to tell the user. It reads no clock and
// changes nothing it is given.
//
// The rules, per alert: a condition that starts to hold makes a pending alert; one that holds for the
// policy's For (a rig's own offline_after for offline rigs; at once for a source that is down) fires; a
// firing alert resolves once its value is back past the threshold by the hysteresis, and reminds every
// Repeat until then unless acknowledged. A pending alert whose condition stops holding goes without a
// word. The user is told only what they can be told now (reachable, not muted); what they could not be
// told of a firing alert is told once they can.
//
// Inhibition: an offline rig raises nothing but its offline alert, and its other alerts are left as they
// are until it is back; a failed poll raises nothing but the source's own, and leaves every other alert
// of the source as it is until the source answers again and its rigs are judged on fresh data.
func Evaluate(v *View, p *Policy, prev map[Key]State, now time.Time) Outcome {
	e := &evaluation{v: v, p: p, prev: prev, now: now}
	if len(prev) > 0 {
		e.withState = make(map[string][]Key, len(prev))
		e.touched = make(map[Key]bool, len(prev))
		for k := range prev {
			e.withState[k.Rig] = append(e.withState[k.Rig], k)
		}
	}
	e.source()
	if v.Failed {
		return e.out
	}
	for i := range v.Rigs {
		e.judgeRig(&v.Rigs[i])
	}
	e.others()
	e.gone()
	return e.out
}

type evaluation struct {
	v         *View
	p         *Policy
	prev      map[Key]State
	now       time.Time
	withState map[string][]Key // the user's states by rig (coin, site)
	touched   map[Key]bool     // states this poll judged, or left as they are on purpose
	// While a rig is judged, inRig is set, and rigKnown says whether the user has a state about it.
	inRig    bool
	rig      string
	rigKnown bool
	out      Outcome
}

// verdict is one alert's condition in this poll.
type verdict struct {
	key       Key
	bad       bool // the condition holds
	clear     bool // a firing alert may resolve: the value is back past the threshold and its hysteresis
	value     float64
	threshold float64
	origin    Origin
	since     time.Time     // when the condition began, where the source says (a rig's last data); zero: now
	hold      time.Duration // how long it must hold before it fires
	baseline  float64
	lowIsBad  bool // the peak is the lowest value, not the highest
	index     int  // a GPU's index, for the chat to number it; NoGPU otherwise
}

// judge moves one alert on by its verdict.
func (e *evaluation) judge(vd verdict) {
	// Nearly every verdict of a large farm is "fine" about something the user has no alert for: settle
	// those without a lookup of the key, which would dominate the evaluation.
	if !vd.bad && !e.hasState(vd.key.Rig) {
		return
	}
	st, had := e.prev[vd.key]
	if had {
		e.touched[vd.key] = true
	}
	switch {
	case !had && !vd.bad:
		return
	case !had:
		since := vd.since
		if since.IsZero() || since.After(e.now) {
			since = e.now
		}
		st = State{Key: vd.key, Phase: Pending, Since: since, Peak: vd.value, Baseline: vd.baseline}
	case st.Phase == Pending && vd.bad && e.v.Resumed && vd.since.IsZero():
		st.Since = e.now // pending before a gap in the data: it must hold again, on fresh data
	case st.Phase == Pending && !vd.bad:
		e.delete(st.Key)
		return
	case st.Phase == Firing && vd.clear:
		e.resolve(st, vd.value, false)
		return
	}
	old := st
	st.Value, st.Threshold, st.Origin, st.Index = vd.value, vd.threshold, vd.origin, vd.index
	if (vd.lowIsBad && vd.value < st.Peak) || (!vd.lowIsBad && vd.value > st.Peak) {
		st.Peak = vd.value
	}
	if st.Phase == Pending && e.now.Sub(st.Since) >= vd.hold {
		st.Phase, st.FiredAt = Firing, e.now
		defer func() { e.out.Began = append(e.out.Began, st) }() // with what tell sets below
	}
	if st.Phase == Firing {
		e.tell(&st)
	}
	if !had || !sameState(old, st) {
		e.out.Upserts = append(e.out.Upserts, st)
	}
}

// tell says what the user should hear of a firing alert now: that it fired, if they have not heard, or a
// reminder when one is due.
func (e *evaluation) tell(st *State) {
	if !e.canTell(st.Rig) {
		return
	}
	switch {
	case st.NotifiedAt.IsZero():
		st.NotifiedAt = e.now
		e.emit(Transition{Event: Fired, State: *st})
	case !st.Acked && e.p.Repeat > 0 && e.now.Sub(st.NotifiedAt) >= e.p.Repeat:
		st.NotifiedAt = e.now
		e.emit(Transition{Event: Reminder, State: *st})
	}
}

// resolve ends an alert; the user hears of it if they heard it fire and can be told now.
func (e *evaluation) resolve(st State, value float64, gone bool) {
	e.delete(st.Key)
	if st.Phase == Firing {
		e.out.Ended = append(e.out.Ended, st)
	}
	if st.Phase != Firing || st.NotifiedAt.IsZero() || !e.canTell(st.Rig) {
		return
	}
	st.Value = value
	e.emit(Transition{Event: Resolved, State: st, Gone: gone})
}

func (e *evaluation) canTell(rig string) bool {
	return e.p.Reachable && !e.p.muted(rig, e.v.Farms[rig], e.now)
}

func (e *evaluation) delete(k Key)      { e.out.Deletes = append(e.out.Deletes, k) }
func (e *evaluation) emit(t Transition) { e.out.Transitions = append(e.out.Transitions, t) }

// hasState reports whether the user may have a state about rig (coin, site, or "" for the source).
func (e *evaluation) hasState(rig string) bool {
	if e.inRig && rig == e.rig {
		return e.rigKnown
	}
	return len(e.prev) > 0 && len(e.withState[rig]) > 0
}

// carry leaves the user's states about rig as they are: this poll cannot judge them.
func (e *evaluation) carry(rig string) {
	for _, k := range e.withState[rig] {
		e.touched[k] = true
	}
}

// resolveLimit is the user's effective limit of t for a coin or a site.
func (e *evaluation) resolveLimit(t Threshold, rig string) (Limit, Origin) {
	return e.p.Resolve(t, rig, e.v.RedTemp)
}

// rigLimit is the user's effective limit of t for a rig, with its farm's and its own red lines.
func (e *evaluation) rigLimit(t Threshold, r *RigView) (Limit, Origin) {
	return e.p.ResolveRig(t, r.ID, r.Farm, e.v.RedTemp, r.RedLine(t))
}

// source judges the source's own health: down after SourceDownAfter failed polls in a row, at once.
func (e *evaluation) source() {
	after := e.p.SourceDownAfter
	if after <= 0 {
		after = 3
	}
	e.judge(verdict{key: Key{Kind: KindSourceDown, GPU: NoGPU}, bad: e.v.Failed && e.v.Failures >= after,
		clear: !e.v.Failed, value: float64(e.v.Failures), threshold: float64(after), origin: OriginDefault,
		since: e.v.DownSince, index: NoGPU})
}

// rig judges one rig: offline first, and only when it is online its GPUs and hashrate.
func (e *evaluation) judgeRig(r *RigView) {
	e.rig, e.rigKnown, e.inRig = r.ID, e.hasState(r.ID), true
	defer func() { e.inRig = false }()
	limit, origin := e.rigLimit(OfflineAfter, r)
	after := time.Duration(limit.Value * float64(time.Second))
	var age time.Duration
	if !r.DataAt.IsZero() {
		age = max(e.now.Sub(r.DataAt), 0)
	}
	down := !r.Online || age > after
	e.judge(verdict{key: Key{Kind: KindRigOffline, Rig: r.ID, GPU: NoGPU}, bad: down, clear: !down,
		value: age.Seconds(), threshold: after.Seconds(), origin: origin, since: r.DataAt, hold: after, index: NoGPU})
	if down {
		if e.rigKnown {
			e.carry(r.ID)
		}
		return
	}
	e.gpuLost(r)
	e.gpus(r)
	e.hashrate(r)
	e.problems(r)
}

// problems judges what the source reports wrong with a rig, one alert per problem. Overheating and a
// missing GPU are left out: the temperature and lost-GPU alerts judge them, against the user's lines.
func (e *evaluation) problems(r *RigView) {
	for _, p := range r.Problems {
		if coveredProblem(p) {
			continue
		}
		e.judge(verdict{key: Key{Kind: KindRigProblem, Rig: r.ID, GPU: NoGPU, Algo: p}, bad: true, value: 1,
			hold: e.p.For, index: NoGPU})
	}
	if !e.rigKnown {
		return
	}
	for _, k := range e.withState[r.ID] {
		if _, reported := slices.BinarySearch(r.Problems, k.Algo); k.Kind == KindRigProblem && !reported {
			e.judge(verdict{key: k, clear: true, index: NoGPU})
		}
	}
}

// coveredProblem reports whether a problem the source reports is judged by another alert.
func coveredProblem(p string) bool { return p == "overheat" || p == "missed_unit" }

// gpuLost judges a rig that reports fewer GPUs than it had: a card that fell off the bus.
func (e *evaluation) gpuLost(r *RigView) {
	if r.Expected == 0 && !e.hasState(r.ID) {
		return
	}
	n := len(r.GPUs)
	e.judge(verdict{key: Key{Kind: KindGPULost, Rig: r.ID, GPU: NoGPU}, bad: n < r.Expected, clear: n >= r.Expected,
		value: float64(n), threshold: float64(r.Expected), hold: e.p.For, lowIsBad: true, index: NoGPU})
}

// gpus judges each GPU's temperature and fan. Most polls find every GPU of a rig well under its limits:
// the rig's hottest GPU and fastest fan settle that without a look at each GPU.
func (e *evaluation) gpus(r *RigView) {
	temp, tempOrigin := e.rigLimit(TempMax, r)
	fan, fanOrigin := e.rigLimit(FanMax, r)
	mem, memOrigin := e.rigLimit(MemTempMax, r)
	if !e.hasState(r.ID) && r.MaxTemp < temp.Value && (!fan.Set || r.MaxFan < fan.Value) && (!mem.Set || r.MaxMem < mem.Value) {
		return
	}
	for i, g := range r.GPUs {
		id := g.ID(i)
		if g.HasTemp {
			e.judge(verdict{key: Key{Kind: KindGPUTemp, Rig: r.ID, GPU: id}, bad: g.Temp >= temp.Value,
				clear: g.Temp <= temp.Value-TempHysteresis, value: g.Temp, threshold: temp.Value, origin: tempOrigin,
				hold: e.p.For, index: i})
		}
		if g.HasFan {
			e.judge(verdict{key: Key{Kind: KindGPUFan, Rig: r.ID, GPU: id}, bad: fan.Set && g.Fan >= fan.Value,
				clear: !fan.Set || g.Fan <= fan.Value-FanHysteresis, value: g.Fan, threshold: fan.Value, origin: fanOrigin,
				hold: e.p.For, index: i})
		}
		if g.HasMem {
			e.judge(verdict{key: Key{Kind: KindGPUMemTemp, Rig: r.ID, GPU: id}, bad: mem.Set && g.MemTemp >= mem.Value,
				clear: !mem.Set || g.MemTemp <= mem.Value-TempHysteresis, value: g.MemTemp, threshold: mem.Value,
				origin: memOrigin, hold: e.p.For, index: i})
		}
	}
}

// hashrate judges each of a rig's algorithms against its line: an absolute hashrate (the rig's main
// algorithm only), or a drop in % under the rig's median of the last hour, frozen when the drop began so
// that a long drop does not become the new normal.
func (e *evaluation) hashrate(r *RigView) {
	limit, origin := e.rigLimit(HashrateLow, r)
	known := e.hasState(r.ID)
	for i, a := range r.Hashrates {
		key := Key{Kind: KindRigHashrate, Rig: r.ID, GPU: NoGPU, Algo: a.Algo}
		var st State
		had := false
		if known {
			st, had = e.prev[key]
		}
		var line, baseline float64
		switch {
		case !limit.Set || (!limit.Percent && i > 0):
			e.judge(verdict{key: key, clear: true, value: a.Value, index: NoGPU}) // no line (any more): over
			continue
		case limit.Percent:
			baseline = a.Baseline
			if had && st.Baseline > 0 {
				baseline = st.Baseline
			}
			if baseline <= 0 {
				if had {
					e.touched[key] = true // too little history to judge: left as it is
				}
				continue
			}
			line = baseline * (1 - limit.Value/100)
		default:
			line = limit.Value
		}
		e.judge(verdict{key: key, bad: a.Value < line, clear: a.Value >= line*(1+HashrateHysteresis), value: a.Value,
			threshold: line, origin: origin, hold: e.p.For, baseline: baseline, lowIsBad: true, index: NoGPU})
	}
}

// others judges pools, sites and the blockchain token.
func (e *evaluation) others() {
	var auth struct {
		seen            bool
		valid, failures float64
	}
	for _, r := range e.v.Others {
		switch r.Metric {
		case PoolHashrate:
			e.low(KindPoolHashrate, PoolLow, r)
		case SiteHashrate:
			e.low(KindSiteHashrate, SiteLow, r)
		case PoolWorkersInactive:
			limit, origin := e.resolveLimit(WorkersMax, r.Rig)
			e.judge(verdict{key: Key{Kind: KindPoolWorkers, Rig: r.Rig, GPU: NoGPU}, bad: limit.Set && r.Value > limit.Value,
				clear: !limit.Set || r.Value <= limit.Value, value: r.Value, threshold: limit.Value, origin: origin,
				hold: e.p.For, index: NoGPU})
		case AuthValid:
			auth.seen, auth.valid = true, r.Value
		case AuthFailures:
			auth.seen, auth.failures = true, r.Value
		}
	}
	if auth.seen {
		bad := auth.valid == 0 || auth.failures > 0
		e.judge(verdict{key: Key{Kind: KindAuthFailing, GPU: NoGPU}, bad: bad, clear: !bad, value: auth.failures,
			hold: e.p.For, index: NoGPU})
	}
}

// low judges a hashrate that must stay over an absolute line: a pool account's or a site's.
func (e *evaluation) low(kind Kind, t Threshold, r Reading) {
	limit, origin := e.resolveLimit(t, r.Rig)
	e.judge(verdict{key: Key{Kind: kind, Rig: r.Rig, GPU: NoGPU}, bad: limit.Set && r.Value < limit.Value,
		clear: !limit.Set || r.Value >= limit.Value*(1+HashrateHysteresis), value: r.Value, threshold: limit.Value,
		origin: origin, hold: e.p.For, lowIsBad: true, index: NoGPU})
}

// gone ends the alerts about what the poll no longer reports: a rig removed from the farm, a GPU, an
// algorithm, a coin or a site. The exceptions were carried: a GPU of a rig that has lost a card (which GPU
// is which is not known then), and what an inhibition left as it was.
func (e *evaluation) gone() {
	var keys []Key
	for k := range e.prev {
		if !e.touched[k] {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b Key) int { return strings.Compare(a.String(), b.String()) })
	for _, k := range keys {
		if k.Kind == KindGPUTemp || k.Kind == KindGPUFan || k.Kind == KindGPUMemTemp {
			if r := e.v.Rig(k.Rig); r != nil && len(r.GPUs) < r.Expected {
				continue
			}
		}
		e.resolve(e.prev[k], e.prev[k].Value, true)
	}
}

// sameState compares states by instant, not by time.Time's representation, which a database round trip
// changes.
func sameState(a, b State) bool {
	return a.Key == b.Key && a.Phase == b.Phase && a.Index == b.Index && a.Since.Equal(b.Since) && a.FiredAt.Equal(b.FiredAt) &&
		a.NotifiedAt.Equal(b.NotifiedAt) && a.Value == b.Value && a.Peak == b.Peak && a.Threshold == b.Threshold &&
		a.Origin == b.Origin && a.Baseline == b.Baseline && a.Acked == b.Acked
}
