package main

import (
	"fmt"
	"net/http"
	"time"

	simcoinhive "pitboss/sim/coinhive"
	simhiveauth "pitboss/sim/hiveauth"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/sim/simhttp"
	simviabtc "pitboss/sim/viabtc"
)

// startDemoServices starts a simulator of every mining service on loopback and points cfg at them, with
// their demo credentials: a farm of six rigs (one runs hot now and then, one drops offline now and then),
// a ViaBTC account, a Coinhive site and a Hive blockchain account, all on the clock now. The returned func
// stops them.
func startDemoServices(cfg *Config, now func() time.Time) (func(), error) {
	var servers []*simhttp.Server
	stop := func() {
		for _, s := range servers {
			s.Close()
		}
	}
	serve := func(h http.Handler) (string, error) {
		s, err := simhttp.Serve(h)
		if err != nil {
			return "", err
		}
		servers = append(servers, s)
		return s.URL, nil
	}

	if cfg.HiveOS.API == HiveOSV2 {
		hive, err := serve(simhiveos.DemoV2(now))
		if err != nil {
			stop()
			return nil, fmt.Errorf("hive os simulator: %w", err)
		}
		cfg.HiveOS.URL, cfg.HiveOS.Token = hive+simhiveos.PathV2, simhiveos.DemoToken
	} else {
		hive, err := serve(simhiveos.Demo(now))
		if err != nil {
			stop()
			return nil, fmt.Errorf("hive os simulator: %w", err)
		}
		cfg.HiveOS.URL, cfg.HiveOS.PublicKey, cfg.HiveOS.SecretKey = hive+simhiveos.Path, simhiveos.DemoPublicKey, simhiveos.DemoSecretKey
	}

	pool, err := serve(simviabtc.Demo(now))
	if err != nil {
		stop()
		return nil, fmt.Errorf("viabtc simulator: %w", err)
	}
	cfg.ViaBTC.URL, cfg.ViaBTC.APIKey, cfg.ViaBTC.SecretKey = pool+simviabtc.BasePath, simviabtc.DemoAPIKey, simviabtc.DemoSecretKey
	cfg.ViaBTC.Coins = []string{"BTC", "LTC"}

	site, err := serve(simcoinhive.Demo(now))
	if err != nil {
		stop()
		return nil, fmt.Errorf("coinhive simulator: %w", err)
	}
	cfg.Coinhive.URL, cfg.Coinhive.Secret = site, simcoinhive.DemoSecret

	auth, err := serve(simhiveauth.Demo(now))
	if err != nil {
		stop()
		return nil, fmt.Errorf("hive auth simulator: %w", err)
	}
	cfg.HiveAuth.URL, cfg.HiveAuth.ID, cfg.HiveAuth.SecretKey = auth, simhiveauth.DemoID, simhiveauth.DemoSecretKey
	return stop, nil
}
