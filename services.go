package main

import (
	"fmt"
	"net/http"

	"pitboss/apiclients/coinhive"
	"pitboss/apiclients/hiveauth"
	"pitboss/apiclients/hiveos"
	"pitboss/apiclients/hiveos2"
	"pitboss/apiclients/viabtc"
	"pitboss/monitor"
	"pitboss/status"
)

// services is every service the config knows, each with its monitor source when the config turns it on.
type services struct {
	all      []status.Service      // in the order /sources lists them; Source nil when off
	polled   []monitor.Scheduled   // the ones that are on, with their poll schedules
	hiveauth *hiveauth.TokenSource // renews in the background; closed on exit
	// The clients the chat's commands call directly; nil for a service the config leaves off.
	hiveos   *hiveos.Client
	hiveos2  *hiveos2.Client
	coinhive *coinhive.Client
	viabtc   *viabtc.Client
}

func userAgent() string { return "pitboss/" + version + " (self-hosted Telegram mining bot)" }

// newServices builds the clients of the services that have credentials, and their sources. It makes no
// request.
func newServices(cfg *Config, hc *http.Client) (*services, error) {
	s := &services{}
	ua := userAgent()
	add := func(title string, src monitor.Source) {
		s.all = append(s.all, status.Service{Title: title, Source: src})
		if src != nil {
			s.polled = append(s.polled, monitor.Scheduled{Source: src, Spec: pollSpec(cfg, title)})
		}
	}

	var hive monitor.Source
	switch {
	case cfg.HiveOS.API == HiveOSV2 && cfg.HiveOS.Token != "":
		c, err := hiveos2.New(hiveos2.Options{BaseURL: cfg.HiveOS.URL, Token: cfg.HiveOS.Token, HTTPClient: hc, UserAgent: ua})
		if err != nil {
			return nil, fmt.Errorf("hiveos: %w", err)
		}
		only := make([]int64, len(cfg.HiveOS.Farms))
		for i, id := range cfg.HiveOS.Farms {
			only[i] = int64(id)
		}
		hive, s.hiveos2 = &monitor.HiveOS2{Client: c, Only: only}, c
	case cfg.HiveOS.API == HiveOSLegacy && cfg.HiveOS.PublicKey != "":
		c, err := hiveos.New(hiveos.Options{BaseURL: cfg.HiveOS.URL, PublicKey: cfg.HiveOS.PublicKey,
			SecretKey: cfg.HiveOS.SecretKey, HTTPClient: hc, UserAgent: ua})
		if err != nil {
			return nil, fmt.Errorf("hiveos: %w", err)
		}
		hive, s.hiveos = &monitor.HiveOS{Client: c}, c
	}
	add("Hive OS", hive)

	var pool monitor.Source
	if cfg.ViaBTC.APIKey != "" {
		c, err := viabtc.New(viabtc.Options{BaseURL: cfg.ViaBTC.URL, APIKey: cfg.ViaBTC.APIKey,
			SecretKey: cfg.ViaBTC.SecretKey, HTTPClient: hc, UserAgent: ua})
		if err != nil {
			return nil, fmt.Errorf("viabtc: %w", err)
		}
		pool, s.viabtc = &monitor.ViaBTC{Client: c, Coins: cfg.ViaBTC.Coins}, c
	}
	add("ViaBTC", pool)

	var site monitor.Source
	if cfg.Coinhive.Secret != "" {
		c, err := coinhive.New(coinhive.Options{BaseURL: cfg.Coinhive.URL, Secret: cfg.Coinhive.Secret,
			HTTPClient: hc, UserAgent: ua})
		if err != nil {
			return nil, fmt.Errorf("coinhive: %w", err)
		}
		site, s.coinhive = &monitor.Coinhive{Client: c}, c
	}
	add("Coinhive", site)

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
	add("Hive blockchain auth", auth)
	return s, nil
}

// close stops what runs in the background: a token renewal in progress.
func (s *services) close() {
	if s.hiveauth != nil {
		s.hiveauth.Close()
	}
}

// orNil is c as the interface I a feature takes, or a nil I when c is a nil pointer: a nil pointer inside
// an interface would not read as "off".
func orNil[I any, P comparable](c P) I {
	var none I
	if c == *new(P) {
		return none
	}
	return any(c).(I)
}
