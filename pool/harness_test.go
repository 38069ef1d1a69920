package pool

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"pitboss/apiclients/hiveauth"
	"pitboss/apiclients/viabtc"
	"pitboss/bot"
	"pitboss/bot/bottest"
	"pitboss/control"
	"pitboss/monitor"
	"pitboss/sim/simhttp"
	simtelegram "pitboss/sim/telegram"
	simviabtc "pitboss/sim/viabtc"
	"pitboss/store"
)

// t0 is when every test happens, by the simulated pool's clock and the feature's: 17:00 in Beijing, so
// ViaBTC's yesterday is November 22.
var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

var (
	ada  = simtelegram.User{ID: 1001, FirstName: "Ada"}
	otto = simtelegram.User{ID: 1004, FirstName: "Otto"} // a second admin
	vic  = simtelegram.User{ID: 1002, FirstName: "Vic"}  // a viewer
	room = simtelegram.Chat{ID: -4002, Type: simtelegram.ChatGroup, Title: "Pool room"}
)

// harness is the pool's commands and /auth in a running bot, against simulated Telegram and ViaBTC.
type harness struct {
	*bottest.Chat
	t     *testing.T
	vb    *simviabtc.Sim
	st    *store.Store
	clock *simhttp.Clock
	logs  *bottest.LogBuffer
}

// config says how to build the harness: setup fills the account before the monitor's poll; offline
// leaves ViaBTC out of the config; auth is the Hive blockchain auth token's health as the monitor last
// saw it, nil when that source is off.
type config struct {
	setup   func(vb *simviabtc.Sim)
	offline bool
	auth    *hiveauth.Health
}

// start runs the pool commands for BTC and LTC with Ada and Otto as admins and Vic as viewer, after one
// poll of BTC (not LTC) 3 minutes ago. The requests of that poll are forgotten, so tests count the bot's.
func start(t *testing.T, cfg config) *harness {
	t.Helper()
	h := &harness{t: t, clock: simhttp.NewClock(t0)}
	tg := bottest.StartTelegram(t)
	h.st = bottest.OpenStore(t, store.Options{}, []int64{ada.ID, otto.ID}, []int64{vic.ID})
	h.vb = simviabtc.New(simviabtc.Options{APIKey: simviabtc.DemoAPIKey, SecretKey: simviabtc.DemoSecretKey, Now: h.clock.Now,
		Coins: []string{"BTC", "LTC"}})
	if cfg.setup != nil {
		cfg.setup(h.vb)
	}
	var log *slog.Logger
	log, h.logs = bottest.Log(t)
	ctl := &control.Control{Store: h.st, Log: log}
	srcs := bottest.Sources{}
	p := &Pool{Coins: []string{"BTC", "LTC"}, Sources: srcs, Control: ctl, Log: log, Now: h.clock.Now}
	if !cfg.offline {
		client := h.mustClient()
		p.Client = client
		srcs[source] = h.pollOnce(client)
	}
	if cfg.auth != nil {
		srcs[authSource] = monitor.Latest{Source: authSource, Observation: &monitor.Observation{Detail: *cfg.auth},
			At: t0.Add(-time.Minute), LastPoll: t0.Add(-time.Minute)}
	}
	auth := &Auth{Sources: srcs, Now: h.clock.Now}
	h.Chat = bottest.Run(t, tg, bot.Options{Store: h.st, Log: log, Features: []bot.Feature{p, auth, ctl}})
	return h
}

// mustClient serves the simulated pool and returns the real client pointed at it, signing with the
// pool's clock so that its tonces are fresh by that clock.
func (h *harness) mustClient() *viabtc.Client {
	h.t.Helper()
	srv, err := simhttp.Serve(h.vb)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { srv.Close() })
	c, err := viabtc.New(viabtc.Options{BaseURL: srv.URL + simviabtc.BasePath, APIKey: simviabtc.DemoAPIKey,
		SecretKey: simviabtc.DemoSecretKey, Now: h.clock.Now, Timeout: 5 * time.Second, RetryBase: time.Millisecond})
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// pollOnce polls BTC as the monitor does, 3 minutes before t0, and returns the monitor's view of it.
func (h *harness) pollOnce(c *viabtc.Client) monitor.Latest {
	h.t.Helper()
	at := t0.Add(-3 * time.Minute)
	src := &monitor.ViaBTC{Client: c, Coins: []string{"BTC"}}
	obs, err := src.Poll(context.Background(), at)
	if err != nil {
		h.t.Fatal(err)
	}
	h.vb.Recorder.Reset()
	return monitor.Latest{Source: src.Name(), Title: src.Title(), Observation: obs, At: at, LastPoll: at}
}

// requests is what the simulated pool received as method on path (under its base path).
func (h *harness) requests(method, path string) []simhttp.Request {
	var out []simhttp.Request
	for _, r := range h.vb.Recorder.Requests() {
		if r.Method == method && r.Path == simviabtc.BasePath+path {
			out = append(out, r)
		}
	}
	return out
}
