package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"pitboss/alerting"
	"pitboss/apiclients/coinhive"
	"pitboss/apiclients/hiveos"
	"pitboss/apiclients/hiveos2"
	"pitboss/apiclients/secret"
	"pitboss/apiclients/viabtc"
	"pitboss/monitor"
	simcoinhive "pitboss/sim/coinhive"
	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/sim/simhttp"
	simviabtc "pitboss/sim/viabtc"
	"pitboss/store"
)

// demoHistoryDays and the steps shape the history the demo starts with: the farm every quarter of an
// hour, the pool and the site, which change slowly, every half hour.
const (
	demoHistoryDays     = 3
	demoHistoryStep     = 15 * time.Minute
	demoHistorySlowStep = 30 * time.Minute
)

// seedDemoHistory gives the demo a few days of history, so that /chart and /report have something to show
// on the first run. It polls simulators of the demo's services, started that many days ago and run on a
// clock of their own, through the real sources and monitor, into the demo's database; then it rolls the
// hours up as retention would.
func seedDemoHistory(ctx context.Context, dbPath, api string, now time.Time) error {
	st, err := store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	start := now.Add(-demoHistoryDays * 24 * time.Hour)
	clock := simhttp.NewClock(start)
	var hive http.Handler = simhiveos.New(simhiveos.Options{PublicKey: simhiveos.DemoPublicKey, SecretKey: simhiveos.DemoSecretKey,
		Farm: farm.NewDemo(start), Now: clock.Now})
	if api == HiveOSV2 {
		hive = simhiveos.DemoV2(clock.Now) // the clock stands at start
	}
	var servers []*simhttp.Server
	defer func() {
		for _, s := range servers {
			s.Close()
		}
	}()
	urls := map[string]string{}
	for name, h := range map[string]http.Handler{"hiveos": hive, "viabtc": simviabtc.Demo(clock.Now), "coinhive": simcoinhive.Demo(clock.Now)} {
		s, err := simhttp.Serve(h)
		if err != nil {
			return err
		}
		servers = append(servers, s)
		urls[name] = s.URL
	}
	var hiveSource monitor.Source
	if api == HiveOSV2 {
		c, err := hiveos2.New(hiveos2.Options{BaseURL: urls["hiveos"] + simhiveos.PathV2, Token: secret.String(simhiveos.DemoToken)})
		if err != nil {
			return err
		}
		hiveSource = &monitor.HiveOS2{Client: c}
	} else {
		c, err := hiveos.New(hiveos.Options{BaseURL: urls["hiveos"] + simhiveos.Path, PublicKey: secret.String(simhiveos.DemoPublicKey),
			SecretKey: secret.String(simhiveos.DemoSecretKey)})
		if err != nil {
			return err
		}
		hiveSource = &monitor.HiveOS{Client: c}
	}
	vc, err := viabtc.New(viabtc.Options{BaseURL: urls["viabtc"] + simviabtc.BasePath, APIKey: secret.String(simviabtc.DemoAPIKey),
		SecretKey: secret.String(simviabtc.DemoSecretKey)})
	if err != nil {
		return err
	}
	cc, err := coinhive.New(coinhive.Options{BaseURL: urls["coinhive"], Secret: secret.String(simcoinhive.DemoSecret)})
	if err != nil {
		return err
	}
	m, err := monitor.New(monitor.Options{Store: st, Renderer: alerting.Renderer{}, Rules: alertRules(DefaultConfig().Alerts), Now: clock.Now},
		monitor.Scheduled{Source: hiveSource, Spec: "@every 1m"},
		monitor.Scheduled{Source: &monitor.ViaBTC{Client: vc, Coins: []string{"BTC", "LTC"}}, Spec: "@every 1m"},
		monitor.Scheduled{Source: &monitor.Coinhive{Client: cc}, Spec: "@every 1m"})
	if err != nil {
		return err
	}
	for at := start; at.Before(now); at = at.Add(demoHistoryStep) {
		clock.Set(at)
		names := []string{"hiveos"}
		if at.Sub(start)%demoHistorySlowStep == 0 {
			names = append(names, "viabtc", "coinhive")
		}
		for _, name := range names {
			if err := m.Poll(ctx, name); err != nil {
				return fmt.Errorf("demo history at %s: %w", at.Format(time.DateTime), err)
			}
		}
	}
	_, err = st.RollUp(ctx, now)
	return err
}
