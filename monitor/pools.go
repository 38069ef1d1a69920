package monitor

import (
	"context"
	"fmt"
	"strings"
	"time"

	"pitboss/alerts"
	"pitboss/apiclients/coinhive"
	"pitboss/apiclients/hiveauth"
	"pitboss/apiclients/viabtc"
	"pitboss/units"
)

// ViaBTC is a ViaBTC pool account as a source: the account's hashrate and workers for each coin.
type ViaBTC struct {
	Client *viabtc.Client
	Coins  []string
}

// Name implements Source.
func (v *ViaBTC) Name() string { return "viabtc" }

// Title implements Source.
func (v *ViaBTC) Title() string { return "ViaBTC" }

// Poll reads each coin's hashrate. A coin that fails fails the poll: the pool answers for all coins or,
// when it is down, for none, and a coin it refuses is a mistake in the config that must show.
func (v *ViaBTC) Poll(ctx context.Context, now time.Time) (*Observation, error) {
	obs := &Observation{Names: map[string]string{}}
	rates := make([]viabtc.Hashrate, 0, len(v.Coins))
	var parts []string
	for _, coin := range v.Coins {
		h, err := v.Client.Hashrate(ctx, coin)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", coin, err)
		}
		rates = append(rates, h)
		obs.Names[coin] = coin
		for _, r := range []struct {
			m alerts.Metric
			v float64
		}{
			{alerts.PoolHashrate, h.Hashrate10Min}, {alerts.PoolHashrate1h, h.Hashrate1Hour}, {alerts.PoolHashrate24h, h.Hashrate24Hour},
			{alerts.PoolWorkersActive, float64(h.ActiveWorkers)}, {alerts.PoolWorkersInactive, float64(h.InactiveWorkers)},
		} {
			obs.Readings = append(obs.Readings, alerts.Reading{Source: "viabtc", Rig: coin, GPU: alerts.NoGPU, Metric: r.m, Value: r.v, At: now})
		}
		parts = append(parts, fmt.Sprintf("%s %s, %d of %d workers active", coin, units.FormatHashrate(h.Hashrate10Min),
			h.ActiveWorkers, h.ActiveWorkers+h.InactiveWorkers))
	}
	obs.Summary = strings.Join(parts, "; ")
	obs.Detail = rates
	return obs, nil
}

// Coinhive is a Coinhive site as a source.
type Coinhive struct{ Client *coinhive.Client }

// Name implements Source.
func (c *Coinhive) Name() string { return "coinhive" }

// Title implements Source.
func (c *Coinhive) Title() string { return "Coinhive" }

// SiteID is how readings name the Coinhive site: the API key belongs to one site, whose name it may not say.
const SiteID = "site"

// Poll reads the site's stats.
func (c *Coinhive) Poll(ctx context.Context, now time.Time) (*Observation, error) {
	site, err := c.Client.SiteStats(ctx)
	if err != nil {
		return nil, err
	}
	obs := &Observation{Names: map[string]string{SiteID: "the site"}, Detail: site}
	if site.Name != "" {
		obs.Names[SiteID] = site.Name
	}
	for _, r := range []struct {
		m alerts.Metric
		v float64
	}{
		{alerts.SiteHashrate, site.HashesPerSecond}, {alerts.SiteHashesTotal, float64(site.HashesTotal)},
		{alerts.SiteXMRPending, site.XMRPending}, {alerts.SiteXMRPaid, site.XMRPaid},
	} {
		obs.Readings = append(obs.Readings, alerts.Reading{Source: "coinhive", Rig: SiteID, GPU: alerts.NoGPU, Metric: r.m, Value: r.v, At: now})
	}
	obs.Summary = units.FormatHashrate(site.HashesPerSecond)
	if site.Name != "" {
		obs.Summary = fmt.Sprintf("%q at %s", site.Name, obs.Summary)
	}
	return obs, nil
}

// HiveAuth is the Hive blockchain auth token as a source. Polling it keeps the token alive: the token
// source renews it when it nears its expiry.
type HiveAuth struct{ Tokens *hiveauth.TokenSource }

// Name implements Source.
func (h *HiveAuth) Name() string { return "hiveauth" }

// Title implements Source.
func (h *HiveAuth) Title() string { return "Hive blockchain auth" }

// Poll asks for a valid token and reports the token's health. A token that cannot be had is not a failed
// poll but the very thing this source watches: it shows in the readings (and so in the auth alert) and as
// the observation's Problem.
func (h *HiveAuth) Poll(ctx context.Context, now time.Time) (*Observation, error) {
	_, err := h.Tokens.Token(ctx)
	health := h.Tokens.Health()
	valid := 0.0
	if err == nil && now.Before(health.ValidUntil) {
		valid = 1
	}
	obs := &Observation{Problem: err, Detail: health}
	for _, r := range []struct {
		m alerts.Metric
		v float64
	}{
		{alerts.AuthValid, valid}, {alerts.AuthValidUntil, unix(health.ValidUntil)},
		{alerts.AuthLastRefresh, unix(health.LastRefresh)}, {alerts.AuthFailures, float64(health.ConsecutiveFailures)},
	} {
		obs.Readings = append(obs.Readings, alerts.Reading{Source: "hiveauth", GPU: alerts.NoGPU, Metric: r.m, Value: r.v, At: now})
	}
	if err == nil {
		obs.Summary = fmt.Sprintf("token %s %s, valid until %s UTC", health.LastKind, health.LastRefresh.UTC().Format("15:04"),
			health.ValidUntil.UTC().Format("2006-01-02 15:04"))
	}
	return obs, nil
}

func unix(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.Unix())
}
