package monitor

import (
	"time"

	"pitboss/alerts"
	"pitboss/store"
)

// policies builds each user's alerts.Policy for one source from their thresholds and mutes.
func (m *Monitor) policies(source string, users []store.User, thresholds []store.Threshold, mutes []store.Mute) map[uint]*alerts.Policy {
	r := m.Rules()
	out := make(map[uint]*alerts.Policy, len(users))
	for _, u := range users {
		out[u.ID] = &alerts.Policy{Defaults: r.Defaults, For: r.For, Repeat: r.Repeat, SourceDownAfter: r.SourceDownAfter,
			Reachable: u.ChatID != 0 && u.UnreachableSince == nil}
	}
	for _, t := range thresholds {
		if p := out[t.UserID]; p != nil {
			AddThreshold(p, t, source)
		}
	}
	for _, mu := range mutes {
		p := out[mu.UserID]
		switch {
		case p == nil:
		case mu.Source == "":
			p.MutedUntil = later(p.MutedUntil, mu.Until)
		case mu.Source == source:
			if p.RigsMutedUntil == nil {
				p.RigsMutedUntil = map[string]time.Time{}
			}
			p.RigsMutedUntil[mu.Rig] = later(p.RigsMutedUntil[mu.Rig], mu.Until)
		}
	}
	return out
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// UserPolicy is a user's thresholds for source over the rules' defaults: the policy that resolves their
// lines as the alerts do, for the chat's commands (/status, /thresholds, charts).
func UserPolicy(rules RuleSource, rows []store.Threshold, source string) alerts.Policy {
	p := alerts.Policy{Defaults: RulesOf(rules).Defaults}
	for _, t := range rows {
		AddThreshold(&p, t, source)
	}
	return p
}

// AddThreshold puts a user's stored threshold into their policy for source: an overall one always, one
// for a rig (coin, site) when it is of that source.
func AddThreshold(p *alerts.Policy, t store.Threshold, source string) {
	th, ok := alerts.ParseThreshold(t.Name)
	if !ok {
		return
	}
	limit := alerts.Limit{Value: t.Value, Percent: t.Percent, Set: true}
	switch t.Source {
	case "":
		p.User[th] = limit
	case source:
		if p.Rigs == nil {
			p.Rigs = map[string]alerts.Limits{}
		}
		l := p.Rigs[t.Rig]
		l[th] = limit
		p.Rigs[t.Rig] = l
	}
}
