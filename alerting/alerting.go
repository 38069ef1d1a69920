// Package alerting is the chat's side of alerts: each user's thresholds (/thresholds, /set, /unset), what
// is firing for them (/alerts), muting and acknowledging (/mute, /unmute, /ack and the buttons under every
// alert), and the rendering of the alerts themselves.
package alerting

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"pitboss/alerts"
	"pitboss/bot"
	"pitboss/monitor"
	"pitboss/store"
)

// Store is what the alert commands need of the database.
type Store interface {
	SetThreshold(ctx context.Context, t store.Threshold) error
	UnsetThreshold(ctx context.Context, userID uint, source, rig, name string) (bool, error)
	UserThresholds(ctx context.Context, userID uint) ([]store.Threshold, error)
	UserAlerts(ctx context.Context, userID uint) ([]store.SourcedState, error)
	SetMute(ctx context.Context, m store.Mute) error
	Unmute(ctx context.Context, userID uint, source, rig string) (int64, error)
	Mutes(ctx context.Context, userID uint, now time.Time) ([]store.Mute, error)
	Ack(ctx context.Context, userID uint, source string, before time.Time) (int64, error)
}

// Sources is what the alert commands need of the monitor: what it last learnt of each source (the rigs'
// names, the farm's red temperature).
type Sources interface {
	All() []monitor.Latest
}

// Alerting registers the alert commands and buttons.
type Alerting struct {
	Store   Store
	Sources Sources
	Rules   monitor.RuleSource // the config's defaults, which /thresholds shows
	Now     func() time.Time
	Zone    *time.Location // the time zone of users who set none; nil means UTC
}

// Register adds the commands and buttons.
func (a *Alerting) Register(rt *bot.Router) {
	if a.Now == nil {
		a.Now = time.Now
	}
	if a.Zone == nil {
		a.Zone = time.UTC
	}
	v := store.RoleViewer
	rt.Command(bot.Command{Name: "alerts", Help: "what is firing for you now", Role: v, Handle: a.alerts})
	rt.Command(bot.Command{Name: "thresholds", Help: "your alert thresholds, and where each comes from", Role: v, Handle: a.thresholds})
	rt.Command(bot.Command{Name: "set", Args: "<" + names() + "> <value> [rig]", Help: "set one of your thresholds", Role: v, Handle: a.set})
	rt.Command(bot.Command{Name: "unset", Args: "<threshold> [rig]", Help: "go back to the default threshold", Role: v, Handle: a.unset})
	rt.Command(bot.Command{Name: "mute", Args: "<duration> [rig]", Help: "silence your alerts for a while", Role: v, Handle: a.mute})
	rt.Command(bot.Command{Name: "unmute", Args: "[rig]", Help: "end a mute", Role: v, Handle: a.unmute})
	rt.Command(bot.Command{Name: "ack", Help: "stop reminders of what is firing until it resolves", Role: v, Handle: a.ack})
	rt.Callback(bot.Callback{Name: "mute", Role: v, Handle: a.muteButton})
	rt.Callback(bot.Callback{Name: "ack", Role: v, Handle: a.ackButton})
}

// zone is the user's time zone.
func (a *Alerting) zone(u *store.User) *time.Location {
	if u != nil && u.Timezone != "" {
		if loc, err := time.LoadLocation(u.Timezone); err == nil {
			return loc
		}
	}
	return a.Zone
}

// target is a rig, coin or site of a source, as a [rig] argument names it.
type target struct {
	source, id, name string
}

// kindOf is what a source's targets are called.
func kindOf(source string) string {
	switch source {
	case "viabtc":
		return "coin"
	case "coinhive":
		return "site"
	}
	return "rig"
}

// targetKind is the kind of target a threshold is set for.
func targetKind(t alerts.Threshold) string {
	switch t {
	case alerts.PoolLow, alerts.WorkersMax:
		return "coin"
	case alerts.SiteLow:
		return "site"
	}
	return "rig"
}

// targets lists what the sources have reported, of one kind ("" for any).
func (a *Alerting) targets(kind string) []target {
	var out []target
	for _, l := range a.Sources.All() {
		if kind != "" && kindOf(l.Source) != kind {
			continue
		}
		for id, name := range l.Names {
			out = append(out, target{source: l.Source, id: id, name: cmp.Or(name, id)})
		}
		if kindOf(l.Source) == "rig" && l.Observation != nil {
			for id, name := range l.Observation.FarmNames { // a farm's thresholds and mutes cover its rigs
				out = append(out, target{source: l.Source, id: alerts.FarmKey(id), name: farmPrefix + cmp.Or(name, id)})
			}
		}
	}
	slices.SortFunc(out, func(x, y target) int { return strings.Compare(x.name, y.name) })
	return out
}

// findTarget reads a [rig] argument: an id, a name in any case, or the unique start of a name.
func (a *Alerting) findTarget(arg, kind string) (target, error) {
	all := a.targets(kind)
	noun := kind
	if noun == "" {
		noun = "rig, coin or site"
	}
	if len(all) == 0 {
		return target{}, bot.UserErrorf("No %s is known yet: pitboss has not heard from the service. Try again after its next poll.", noun)
	}
	var prefixed, bare []target
	arg = monitor.TidyName(arg)
	for _, t := range all {
		if t.id == arg || strings.EqualFold(monitor.TidyName(t.name), arg) {
			return t, nil
		}
		if strings.HasPrefix(strings.ToLower(monitor.TidyName(t.name)), strings.ToLower(arg)) {
			prefixed = append(prefixed, t)
		}
		// "rig01" or "main/rig01" for "Main / rig01": a rig whose name another farm's rig shares is shown
		// with its farm's.
		if farm, name, ok := strings.Cut(t.name, " / "); ok {
			typedFarm, typedName, qualified := strings.Cut(arg, " / ")
			if (!qualified && strings.EqualFold(name, arg)) ||
				(qualified && strings.EqualFold(name, typedName) && strings.HasPrefix(strings.ToLower(farm), strings.ToLower(typedFarm))) {
				bare = append(bare, t)
			}
		}
	}
	if len(bare) > 0 {
		prefixed = bare
	}
	switch len(prefixed) {
	case 1:
		return prefixed[0], nil
	case 0:
		if strings.HasPrefix(strings.ToLower(arg), farmPrefix) {
			var farms []target
			for _, t := range all {
				if strings.HasPrefix(strings.ToLower(t.name), farmPrefix) {
					farms = append(farms, target{name: t.name[len(farmPrefix):]})
				}
			}
			if len(farms) > 0 {
				return target{}, bot.UserErrorf("There is no farm %s. Known farms: %s.", bot.Quote(arg[len(farmPrefix):]), listNames(farms))
			}
		}
		return target{}, bot.UserErrorf("There is no %s %s. Known: %s.", noun, bot.Quote(arg), listNames(all))
	}
	return target{}, bot.UserErrorf("%s could be %s: say which.", bot.Quote(arg), listNames(prefixed))
}

// farmPrefix heads a farm's name among the rigs, coins and sites a threshold or a mute can be for.
const farmPrefix = "farm "

// listNames lists targets' names, at most a dozen.
func listNames(ts []target) string {
	ns := make([]string, len(ts))
	for i, t := range ts {
		ns[i] = bot.Escape(t.name)
	}
	return bot.Few(ns, 12)
}

// titles maps each source to what the chat calls it.
func (a *Alerting) titles() map[string]string {
	out := map[string]string{}
	for _, l := range a.Sources.All() {
		out[l.Source] = l.Title
	}
	return out
}

// rigNames are the sources' names of rigs, coins and sites, with those of farms (by alerts.FarmKey) where
// a source has several; by source.
func (a *Alerting) rigNames() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, l := range a.Sources.All() {
		names := l.Names
		if l.Observation != nil && len(l.Observation.FarmNames) > 0 {
			names = make(map[string]string, len(l.Names)+len(l.Observation.FarmNames))
			maps.Copy(names, l.Names)
			for id, name := range l.Observation.FarmNames {
				names[alerts.FarmKey(id)] = farmPrefix + name
			}
		}
		out[l.Source] = names
	}
	return out
}

// redTemp is the farm's red temperature from the latest Hive OS poll, 0 when unknown.
func (a *Alerting) redTemp() float64 {
	for _, l := range a.Sources.All() {
		if l.Observation == nil {
			continue
		}
		for _, r := range l.Observation.Readings {
			if r.Metric == alerts.FarmRedTemp {
				return r.Value
			}
		}
	}
	return 0
}

// rigRedLines are the red lines Hive OS sets per rig (API v2) in the latest poll, per threshold: each value
// once, lowest first.
func (a *Alerting) rigRedLines() map[alerts.Threshold][]float64 {
	out := map[alerts.Threshold][]float64{}
	for _, l := range a.Sources.All() {
		if l.Observation == nil {
			continue
		}
		for _, r := range l.Observation.Readings {
			if t, ok := alerts.RedLineOf(r.Metric); ok && !slices.Contains(out[t], r.Value) {
				out[t] = append(out[t], r.Value)
			}
		}
	}
	for _, vs := range out {
		slices.Sort(vs)
	}
	return out
}
