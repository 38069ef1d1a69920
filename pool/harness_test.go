package pool

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"pitboss/apiclients/hiveauth"
	"pitboss/apiclients/viabtc"
	"pitboss/bot"
	"pitboss/control"
	"pitboss/monitor"
	"pitboss/sim/simhttp"
	simtelegram "pitboss/sim/telegram"
	simviabtc "pitboss/sim/viabtc"
	"pitboss/store"
)

const (
	testToken = "7000000001:TEST-token-abcdefghijklmnopqrstuv"
	wait      = 10 * time.Second
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
	t     *testing.T
	tg    *simtelegram.Server
	vb    *simviabtc.Sim
	st    *store.Store
	clock *simhttp.Clock
	logs  *logBuffer
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
	h := &harness{t: t, clock: simhttp.NewClock(t0), logs: &logBuffer{}}
	h.tg = mustStartTelegram(t)
	h.st = mustOpenStore(t)
	if err := h.st.SyncConfigUsers(context.Background(), []int64{ada.ID, otto.ID}, []int64{vic.ID}); err != nil {
		t.Fatal(err)
	}
	h.vb = simviabtc.New(simviabtc.Options{APIKey: simviabtc.DemoAPIKey, SecretKey: simviabtc.DemoSecretKey, Now: h.clock.Now,
		Coins: []string{"BTC", "LTC"}})
	if cfg.setup != nil {
		cfg.setup(h.vb)
	}
	log := slog.New(slog.NewTextHandler(h.logs, nil))
	ctl := &control.Control{Store: h.st, Log: log}
	srcs := sources{}
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
	h.runBot(bot.Options{Token: testToken, Endpoint: h.tg.Endpoint(), Store: h.st, Log: log, ChatBurst: 1000,
		Features: []bot.Feature{p, auth, ctl}})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", h.logs)
		}
	})
	return h
}

func mustStartTelegram(t *testing.T) *simtelegram.Server {
	t.Helper()
	tg, err := simtelegram.Start(simtelegram.Options{Token: testToken, Limits: simtelegram.Limits{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tg.Close() })
	return tg
}

func mustOpenStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
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

func (h *harness) runBot(opts bot.Options) {
	h.t.Helper()
	b, err := bot.New(context.Background(), opts)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	h.t.Cleanup(func() { cancel(); <-done })
	if err := h.tg.WaitPoll(h.ctx()); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	h.t.Cleanup(cancel)
	return ctx
}

// say sends text as u in chat and returns the bot's first message after it.
func (h *harness) say(u simtelegram.User, chat simtelegram.Chat, text string) simtelegram.Message {
	h.t.Helper()
	id := h.tg.SendText(u, chat, text)
	m, err := h.tg.WaitNewMessage(h.ctx(), chat.ID, id, nil)
	if err != nil {
		h.t.Fatalf("no answer to %q: %v", text, err)
	}
	return m
}

func (h *harness) sayPrivately(u simtelegram.User, text string) simtelegram.Message {
	h.t.Helper()
	return h.say(u, simtelegram.PrivateChat(u), text)
}

// press taps a button of m as u and returns the bot's answer.
func (h *harness) press(u simtelegram.User, m simtelegram.Message, data string) simtelegram.Answer {
	h.t.Helper()
	qid, err := h.tg.PressButton(u, m.ChatID, m.ID, data)
	if err != nil {
		h.t.Fatalf("pressing %q: %v", data, err)
	}
	a, err := h.tg.WaitAnswer(h.ctx(), qid)
	if err != nil {
		h.t.Fatal(err)
	}
	return a
}

// pressAtOnce taps a button of m as each of users at the same time. Taps that come after the buttons
// are gone are refused by Telegram, as they would be in a real chat.
func (h *harness) pressAtOnce(m simtelegram.Message, data string, users ...simtelegram.User) {
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() {
			if qid, err := h.tg.PressButton(u, m.ChatID, m.ID, data); err == nil {
				_, _ = h.tg.WaitAnswer(h.ctx(), qid)
			}
		})
	}
	wg.Wait()
}

// waitEdit waits until message id in chat shows want.
func (h *harness) waitEdit(chat int64, id int, want string) simtelegram.Message {
	h.t.Helper()
	m, err := h.tg.WaitMessage(h.ctx(), chat, func(m simtelegram.Message) bool { return m.ID == id && strings.Contains(m.Plain, want) })
	if err != nil {
		h.t.Fatalf("message %d never showed %q: %v", id, want, err)
	}
	return m
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

// buttonData finds the callback data of m's button whose data ends with suffix.
func buttonData(m simtelegram.Message, suffix string) string {
	for _, row := range m.Keyboard {
		for _, b := range row {
			if strings.HasSuffix(b.Data, suffix) {
				return b.Data
			}
		}
	}
	return ""
}

func confirmData(m simtelegram.Message) string { return buttonData(m, ":go") }

// buttons is m's buttons' texts, space-separated.
func buttons(m simtelegram.Message) string {
	var texts []string
	for _, row := range m.Keyboard {
		for _, b := range row {
			texts = append(texts, b.Text)
		}
	}
	return strings.Join(texts, " ")
}

func mustContain(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func mustNotContain(t *testing.T, what, got string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			t.Fatalf("%s holds %q:\n%s", what, w, got)
		}
	}
}

// sources is the monitor's latest state as a test sets it.
type sources map[string]monitor.Latest

func (s sources) Latest(name string) (monitor.Latest, bool) {
	l, ok := s[name]
	return l, ok
}

// logBuffer collects the log for a failing test to show.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
