package site

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"pitboss/apiclients/coinhive"
	"pitboss/bot"
	"pitboss/bot/bottest"
	"pitboss/control"
	"pitboss/monitor"
	simcoinhive "pitboss/sim/coinhive"
	"pitboss/sim/simhttp"
	simtelegram "pitboss/sim/telegram"
	"pitboss/store"
)

const chSecret = "test0coinhive0secret0key00000000"

// t0 is when every test happens, by the simulated site's clock and the feature's.
var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

var (
	ada  = simtelegram.User{ID: 1001, FirstName: "Ada"}
	otto = simtelegram.User{ID: 1004, FirstName: "Otto"} // a second admin
	vic  = simtelegram.User{ID: 1002, FirstName: "Vic"}  // a viewer
	eve  = simtelegram.User{ID: 6666, FirstName: "Eve"}  // nobody's user
	room = simtelegram.Chat{ID: -4001, Type: simtelegram.ChatGroup, Title: "Site room"}
)

// harness is the site's commands in a running bot, against simulated Telegram and Coinhive.
type harness struct {
	*bottest.Chat
	t     *testing.T
	ch    *simcoinhive.Sim
	st    *store.Store
	clock *simhttp.Clock
	logs  *bottest.LogBuffer
}

// config says how to build the harness: setup fills the site before the monitor's poll; offline leaves
// Coinhive out of the config.
type config struct {
	setup   func(ch *simcoinhive.Sim)
	offline bool
}

// start runs the site's commands with Ada and Otto as admins and Vic as viewer, after one poll of the
// simulated site 3 minutes ago. The requests of that poll are forgotten, so that tests count the bot's.
func start(t *testing.T, cfg config) *harness {
	t.Helper()
	h := &harness{t: t, clock: simhttp.NewClock(t0)}
	tg := bottest.StartTelegram(t)
	h.st = bottest.OpenStore(t, store.Options{}, []int64{ada.ID, otto.ID}, []int64{vic.ID})
	h.ch = simcoinhive.New(simcoinhive.Options{Secret: chSecret, Now: h.clock.Now, SiteName: "test <site> & co"})
	if cfg.setup != nil {
		cfg.setup(h.ch)
	}
	var log *slog.Logger
	log, h.logs = bottest.Log(t)
	ctl := &control.Control{Store: h.st, Log: log}
	s := &Site{Sources: bottest.Sources{}, Control: ctl, Log: log, Now: h.clock.Now}
	if !cfg.offline {
		client := h.mustClient()
		s.Client, s.Sources = client, h.pollOnce(client)
	}
	h.Chat = bottest.Run(t, tg, bot.Options{Store: h.st, Log: log, Features: []bot.Feature{s, ctl}})
	return h
}

// mustClient serves the simulated site and returns the real client pointed at it.
func (h *harness) mustClient() *coinhive.Client {
	h.t.Helper()
	srv, err := simhttp.Serve(h.ch)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { srv.Close() })
	c, err := coinhive.New(coinhive.Options{BaseURL: srv.URL, Secret: chSecret, Timeout: 5 * time.Second, RetryBase: time.Millisecond})
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// pollOnce polls the site as the monitor does, 3 minutes before t0, and returns the monitor's view of it.
func (h *harness) pollOnce(c *coinhive.Client) bottest.Sources {
	h.t.Helper()
	at := t0.Add(-3 * time.Minute)
	src := &monitor.Coinhive{Client: c}
	obs, err := src.Poll(context.Background(), at)
	if err != nil {
		h.t.Fatal(err)
	}
	h.ch.Recorder.Reset()
	return bottest.Sources{src.Name(): {Source: src.Name(), Title: src.Title(), Observation: obs, At: at, LastPoll: at}}
}

// requests is what the simulated site received on path.
func (h *harness) requests(path string) []simhttp.Request {
	var out []simhttp.Request
	for _, r := range h.ch.Recorder.Requests() {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// auditResult is the newest audit entry's action and result.
func (h *harness) auditResult() (action, result string) {
	h.t.Helper()
	es, err := h.st.AuditLog(context.Background(), 1)
	if err != nil || len(es) == 0 {
		h.t.Fatalf("audit log: %v %v", es, err)
	}
	return es[0].Action, es[0].Result
}
