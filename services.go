package main

import (
	"fmt"
	"net/http"

	"pitboss/apiclients/coinhive"
	"pitboss/apiclients/hiveauth"
	"pitboss/apiclients/hiveos"
	"pitboss/apiclients/viabtc"
	"pitboss/farm"
	"pitboss/monitor"
	"pitboss/pool"
	"pitboss/site"
	"pitboss/status"
)

// services is every service the config knows, each with its monitor source when the config turns it on.
type services struct {
	all      []status.Service      // in the order /sources lists them; Source nil when off
	polled   []monitor.Scheduled   // the ones that are on, with their poll schedules
	hiveauth *hiveauth.TokenSource // renews in the background; closed on exit
}

func userAgent() string { return "pitboss/" + version + " (self-hosted Telegram mining bot)" }

// newServices builds the clients of the services that have credentials, and their sources. It makes no
// request.
func newServices(cfg *Config, hc *http.Client) (*services, error) {
	s := &services{}
	ua := userAgent()
	add := func(title string, src monitor.Source, poll string) {
		s.all = append(s.all, status.Service{Title: title, Source: src})
		if src != nil {
			s.polled = append(s.polled, monitor.Scheduled{Source: src, Spec: poll})
		}
	}

	var hive monitor.Source
	if cfg.HiveOS.PublicKey != "" {
		c, err := hiveos.New(hiveos.Options{BaseURL: cfg.HiveOS.URL, PublicKey: cfg.HiveOS.PublicKey,
			SecretKey: cfg.HiveOS.SecretKey, HTTPClient: hc, UserAgent: ua})
		if err != nil {
			return nil, fmt.Errorf("hiveos: %w", err)
		}
		hive = &monitor.HiveOS{Client: c}
	}
	add("Hive OS", hive, cfg.HiveOS.Poll)

	var pool monitor.Source
	if cfg.ViaBTC.APIKey != "" {
		c, err := viabtc.New(viabtc.Options{BaseURL: cfg.ViaBTC.URL, APIKey: cfg.ViaBTC.APIKey,
			SecretKey: cfg.ViaBTC.SecretKey, HTTPClient: hc, UserAgent: ua})
		if err != nil {
			return nil, fmt.Errorf("viabtc: %w", err)
		}
		pool = &monitor.ViaBTC{Client: c, Coins: cfg.ViaBTC.Coins}
	}
	add("ViaBTC", pool, cfg.ViaBTC.Poll)

	var site monitor.Source
	if cfg.Coinhive.Secret != "" {
		c, err := coinhive.New(coinhive.Options{BaseURL: cfg.Coinhive.URL, Secret: cfg.Coinhive.Secret,
			HTTPClient: hc, UserAgent: ua})
		if err != nil {
			return nil, fmt.Errorf("coinhive: %w", err)
		}
		site = &monitor.Coinhive{Client: c}
	}
	add("Coinhive", site, cfg.Coinhive.Poll)

	var auth monitor.Source
	if cfg.HiveAuth.ID != "" {
		c, err := hiveauth.New(hiveauth.Options{BaseURL: cfg.HiveAuth.URL, ID: cfg.HiveAuth.ID,
			SecretKey: cfg.HiveAuth.SecretKey, HTTPClient: hc, UserAgent: ua})
		if err != nil {
			return nil, fmt.Errorf("hiveauth: %w", err)
		}
		s.hiveauth = hiveauth.NewTokenSource(c, hiveauth.TokenSourceOptions{})
		auth = &monitor.HiveAuth{Tokens: s.hiveauth}
	}
	add("Hive blockchain auth", auth, cfg.HiveAuth.Poll)
	return s, nil
}

// close stops what runs in the background: a token renewal in progress.
func (s *services) close() {
	if s.hiveauth != nil {
		s.hiveauth.Close()
	}
}

// The clients the chat's commands call directly, or nil for a service the config leaves off. Each is
// returned as the interface its feature declares only when it is set: a nil pointer in an interface
// would not read as off.

func (s *services) hiveOS() farm.HiveOS {
	for _, svc := range s.all {
		if h, ok := svc.Source.(*monitor.HiveOS); ok {
			return h.Client
		}
	}
	return nil
}

func (s *services) coinhive() site.Coinhive {
	for _, svc := range s.all {
		if c, ok := svc.Source.(*monitor.Coinhive); ok {
			return c.Client
		}
	}
	return nil
}

func (s *services) viabtc() pool.ViaBTC {
	for _, svc := range s.all {
		if v, ok := svc.Source.(*monitor.ViaBTC); ok {
			return v.Client
		}
	}
	return nil
}
