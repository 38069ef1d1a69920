package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"pitboss/apiclients/coinhive"
	"pitboss/apiclients/hiveauth"
	"pitboss/apiclients/hiveos"
	"pitboss/apiclients/viabtc"
	"pitboss/bot"
)

// services holds a client for each service the config turns on; the others are nil.
type services struct {
	hiveos   *hiveos.Client
	coinhive *coinhive.Client
	viabtc   *viabtc.Client
	coins    []string
	hiveauth *hiveauth.TokenSource
}

func userAgent() string { return "pitboss/" + version + " (self-hosted Telegram mining bot)" }

// newServices builds the clients of the services that have credentials. It makes no request.
func newServices(cfg *Config, hc *http.Client) (*services, error) {
	s := &services{coins: cfg.ViaBTC.Coins}
	ua := userAgent()
	var err error
	if cfg.HiveOS.PublicKey != "" {
		if s.hiveos, err = hiveos.New(hiveos.Options{BaseURL: cfg.HiveOS.URL, PublicKey: cfg.HiveOS.PublicKey,
			SecretKey: cfg.HiveOS.SecretKey, HTTPClient: hc, UserAgent: ua}); err != nil {
			return nil, fmt.Errorf("hiveos: %w", err)
		}
	}
	if cfg.Coinhive.Secret != "" {
		if s.coinhive, err = coinhive.New(coinhive.Options{BaseURL: cfg.Coinhive.URL, Secret: cfg.Coinhive.Secret,
			HTTPClient: hc, UserAgent: ua}); err != nil {
			return nil, fmt.Errorf("coinhive: %w", err)
		}
	}
	if cfg.ViaBTC.APIKey != "" {
		if s.viabtc, err = viabtc.New(viabtc.Options{BaseURL: cfg.ViaBTC.URL, APIKey: cfg.ViaBTC.APIKey,
			SecretKey: cfg.ViaBTC.SecretKey, HTTPClient: hc, UserAgent: ua}); err != nil {
			return nil, fmt.Errorf("viabtc: %w", err)
		}
	}
	if cfg.HiveAuth.ID != "" {
		c, err := hiveauth.New(hiveauth.Options{BaseURL: cfg.HiveAuth.URL, ID: cfg.HiveAuth.ID,
			SecretKey: cfg.HiveAuth.SecretKey, HTTPClient: hc, UserAgent: ua})
		if err != nil {
			return nil, fmt.Errorf("hiveauth: %w", err)
		}
		s.hiveauth = hiveauth.NewTokenSource(c, hiveauth.TokenSourceOptions{})
	}
	return s, nil
}

// close stops what runs in the background: a token renewal in progress.
func (s *services) close() {
	if s.hiveauth != nil {
		s.hiveauth.Close()
	}
}

// sources describes each service for /sources: whether it is on, and a check that shows what it says.
func (s *services) sources() []bot.Source {
	return []bot.Source{
		{Name: "Hive OS", Enabled: s.hiveos != nil, Check: s.checkHiveOS},
		{Name: "ViaBTC", Enabled: s.viabtc != nil, Check: s.checkViaBTC},
		{Name: "Coinhive", Enabled: s.coinhive != nil, Check: s.checkCoinhive},
		{Name: "Hive blockchain auth", Enabled: s.hiveauth != nil, Check: s.checkHiveAuth},
	}
}

// explain turns a client's error into what /sources shows: its class, in words a miner can act on.
func explain(err error) error {
	var summary string
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, hiveos.ErrUnavailable):
		summary = "no answer (unreachable, timing out, or failing on its side)"
	case errors.Is(err, viabtc.ErrIPNotAllowed), errors.Is(err, viabtc.ErrForbidden):
		summary = "refuses this machine's IP address: add it to the pool's API whitelist"
	case errors.Is(err, viabtc.ErrInvalidTonce):
		summary = "refuses our timestamps: check this machine's clock"
	case errors.Is(err, hiveos.ErrAuth), errors.Is(err, coinhive.ErrInvalidSecret), errors.Is(err, viabtc.ErrInvalidAPIKey),
		errors.Is(err, viabtc.ErrSignature), errors.Is(err, hiveauth.ErrInvalidCredentials):
		summary = "refuses our credentials: check the keys in the config"
	case errors.Is(err, hiveos.ErrBadAnswer):
		summary = "answers, but not with data pitboss can read"
	default:
		summary = "answers with an error (the details are in the log)"
	}
	return &bot.SourceError{Summary: summary, Err: err}
}

func (s *services) checkHiveOS(ctx context.Context) (string, error) {
	st, err := s.hiveos.GetCurrentStats(ctx)
	if err != nil {
		return "", explain(err)
	}
	online, gpus := 0, 0
	for _, r := range st.Rigs {
		if r.Online {
			online++
		}
		gpus += len(r.GPUs)
	}
	detail := fmt.Sprintf("%d rigs (%d online), %d GPUs", len(st.Rigs), online, gpus)
	if st.HasRedTemp {
		detail += fmt.Sprintf(", red temperature %g °C", st.RedTemp)
	}
	return detail, nil
}

func (s *services) checkViaBTC(ctx context.Context) (string, error) {
	var parts []string
	for _, coin := range s.coins {
		h, err := s.viabtc.Hashrate(ctx, coin)
		if err != nil {
			return "", explain(fmt.Errorf("%s: %w", coin, err))
		}
		parts = append(parts, fmt.Sprintf("%s %s, %d of %d workers active", coin, bot.FormatHashrate(h.Hashrate10Min),
			h.ActiveWorkers, h.ActiveWorkers+h.InactiveWorkers))
	}
	return strings.Join(parts, "; "), nil
}

func (s *services) checkCoinhive(ctx context.Context) (string, error) {
	site, err := s.coinhive.SiteStats(ctx)
	if err != nil {
		return "", explain(err)
	}
	detail := bot.FormatHashrate(site.HashesPerSecond)
	if site.Name != "" {
		detail = fmt.Sprintf("%q at %s", site.Name, detail)
	}
	return detail, nil
}

func (s *services) checkHiveAuth(ctx context.Context) (string, error) {
	if _, err := s.hiveauth.Token(ctx); err != nil {
		return "", explain(err)
	}
	h := s.hiveauth.Health()
	return fmt.Sprintf("token %s %s, valid until %s UTC", h.LastKind, h.LastRefresh.UTC().Format("15:04"),
		h.ValidUntil.UTC().Format(time.DateTime[:16])), nil
}
