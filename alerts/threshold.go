package alerts

import "time"

// Threshold is a setting a user can give their own value: what the chat calls temp, fan, hashrate...
type Threshold uint8

// The thresholds, in the order /thresholds lists them.
const (
	TempMax      Threshold = iota // °C: a GPU at or over it is hot
	FanMax                        // %: a GPU fan at or over it runs too hard
	HashrateLow                   // H/s under which a rig's hashrate is low, or (Percent) a drop in % under its median
	OfflineAfter                  // seconds without fresh data before a rig counts as offline
	PoolLow                       // H/s under which a pool account's 10-minute hashrate is low
	WorkersMax                    // inactive pool workers tolerated (0: any inactive worker alerts)
	SiteLow                       // H/s under which a Coinhive site's hashrate is low
	MemTempMax                    // °C: a GPU's memory at or over it is hot (sources that report it)
	numThresholds
)

// Thresholds lists every threshold, in order.
func Thresholds() []Threshold {
	out := make([]Threshold, numThresholds)
	for i := range out {
		out[i] = Threshold(i)
	}
	return out
}

var thresholdNames = [numThresholds]string{"temp", "fan", "hashrate", "offline", "pool", "workers", "site", "memtemp"}

// String is the threshold's name in the chat: "temp", "fan", ...
func (t Threshold) String() string {
	if t < numThresholds {
		return thresholdNames[t]
	}
	return "unknown"
}

// ParseThreshold reads a threshold's chat name.
func ParseThreshold(name string) (Threshold, bool) {
	for i, n := range thresholdNames {
		if n == name {
			return Threshold(i), true
		}
	}
	return 0, false
}

// Limit is one threshold's value at one level. The zero Limit is unset.
type Limit struct {
	Value   float64
	Percent bool // HashrateLow only: Value is a drop in % under the rig's median, not H/s
	Set     bool
}

// Limits holds a value, or none, for each threshold.
type Limits [numThresholds]Limit

// Origin says where an effective threshold came from, for messages and /thresholds.
type Origin uint8

// Where thresholds come from. The store keeps them by number: new ones go at the end. From the weakest
// to the strongest: none, built-in, farm, rig's red line, default, user, user's for the farm, user's
// for the rig.
const (
	OriginNone     Origin = iota // no threshold: the alert is off
	OriginBuiltin                // pitboss's own fallback
	OriginFarm                   // the farm's red_temp, from Hive OS
	OriginDefault                // the config file's [alerts]
	OriginUser                   // the user's own
	OriginRig                    // the user's own for this rig (or coin, or site)
	OriginRigRed                 // the rig's own red line, from Hive OS
	OriginFarmUser               // the user's own for the rig's farm
)

// String names the origin as messages show it.
func (o Origin) String() string {
	switch o {
	case OriginBuiltin:
		return "built-in"
	case OriginFarm:
		return "farm red_temp"
	case OriginRigRed:
		return "rig's red line"
	case OriginDefault:
		return "default"
	case OriginFarmUser:
		return "yours for the farm"
	case OriginUser:
		return "yours"
	case OriginRig:
		return "yours, this rig"
	}
	return "off"
}

// BuiltinTempMax is the GPU temperature limit when nobody set one and the farm reports no red_temp.
const BuiltinTempMax = 80

// Hysteresis: how far back past its threshold a firing alert's value must come before it resolves, so
// that a value hovering at the line does not flap.
const (
	TempHysteresis     = 3    // °C under the threshold, for GPU and memory temperatures
	FanHysteresis      = 5    // points under the threshold
	HashrateHysteresis = 0.05 // 5 % over the line
)

// Policy is one user's view of the alerts: their thresholds over the config's defaults, their mutes, and
// how alerts are held and repeated. It is plain data; the caller builds it for every evaluation.
type Policy struct {
	Defaults Limits            // the config file's [alerts]
	User     Limits            // the user's own, over the defaults
	Rigs     map[string]Limits // the user's own for one rig, coin or site (by id), over the above

	For             time.Duration // how long a condition must hold before it fires
	Repeat          time.Duration // reminder interval while firing; 0 means never
	SourceDownAfter int           // failed polls in a row that make a source down

	MutedUntil     time.Time            // every alert is muted until then
	RigsMutedUntil map[string]time.Time // alerts about one rig (coin, site) are muted until then
	// Reachable is false while pitboss cannot write to the user (they have not opened a chat with the bot,
	// or Telegram refuses it): alerts go on, and what was not told is told once they can be reached.
	Reachable bool
}

// Resolve returns the effective limit of t for rig (a rig, coin or site id; "" for none) and where it
// comes from. redTemp is the farm's red temperature, 0 when unknown.
func (p *Policy) Resolve(t Threshold, rig string, redTemp float64) (Limit, Origin) {
	return p.ResolveRig(t, rig, "", redTemp, 0)
}

// ResolveRig is Resolve for a rig of a farm (farm "" when the source has one) that may have a red line of
// its own for t (rigRed, 0 for none). The order: the user's for the rig, the user's for its farm, the
// user's for every rig, the config's, the rig's red line, the farm's red_temp, the built-in.
func (p *Policy) ResolveRig(t Threshold, rig, farm string, redTemp, rigRed float64) (Limit, Origin) {
	if l, ok := p.Rigs[rig]; ok && l[t].Set {
		return l[t], OriginRig
	}
	if farm != "" && len(p.Rigs) > 0 { // most users have no line of their own for a rig: no key to build
		if l, ok := p.Rigs[FarmKey(farm)]; ok && l[t].Set {
			return l[t], OriginFarmUser
		}
	}
	if rigRed > 0 && !p.User[t].Set && !p.Defaults[t].Set {
		return Limit{Value: rigRed, Set: true}, OriginRigRed
	}
	return p.base(t, redTemp)
}

// FarmKey is how a farm's own thresholds and mutes are keyed among those of rigs, in Policy.Rigs and
// Policy.RigsMutedUntil.
func FarmKey(farm string) string { return "farm:" + farm }

// base is the limit that applies to every rig: the user's, else the default, else the fallback.
func (p *Policy) base(t Threshold, redTemp float64) (Limit, Origin) {
	switch {
	case p.User[t].Set:
		return p.User[t], OriginUser
	case p.Defaults[t].Set:
		return p.Defaults[t], OriginDefault
	case t == TempMax && redTemp > 0:
		return Limit{Value: redTemp, Set: true}, OriginFarm
	case t == TempMax:
		return Limit{Value: BuiltinTempMax, Set: true}, OriginBuiltin
	}
	return Limit{}, OriginNone
}

// muted reports whether alerts about rig, of farm (or ""), are muted at now.
func (p *Policy) muted(rig, farm string, now time.Time) bool {
	if now.Before(p.MutedUntil) {
		return true
	}
	if until, ok := p.RigsMutedUntil[rig]; ok && now.Before(until) {
		return true
	}
	if farm == "" {
		return false
	}
	until, ok := p.RigsMutedUntil[FarmKey(farm)]
	return ok && now.Before(until)
}
