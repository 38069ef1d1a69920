package site

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"pitboss/apiclients/coinhive"
	"pitboss/bot"
	"pitboss/control"
	"pitboss/monitor"
	simcoinhive "pitboss/sim/coinhive"
	"pitboss/sim/simhttp"
	simtelegram "pitboss/sim/telegram"
	"pitboss/store"
)

const (
	testToken = "7000000001:TEST-token-abcdefghijklmnopqrstuv"
	chSecret  = "test0coinhive0secret0key00000000"
	wait      = 10 * time.Second
)

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
	t     *testing.T
	tg    *simtelegram.Server
	ch    *simcoinhive.Sim
	st    *store.Store
	clock *simhttp.Clock
	logs  *logBuffer
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
	h := &harness{t: t, clock: simhttp.NewClock(t0), logs: &logBuffer{}}
	h.tg = mustStartTelegram(t)
	h.st = mustOpenStore(t)
	if err := h.st.SyncConfigUsers(context.Background(), []int64{ada.ID, otto.ID}, []int64{vic.ID}); err != nil {
		t.Fatal(err)
	}
	h.ch = simcoinhive.New(simcoinhive.Options{Secret: chSecret, Now: h.clock.Now, SiteName: "test <site> & co"})
	if cfg.setup != nil {
		cfg.setup(h.ch)
	}
	log := slog.New(slog.NewTextHandler(h.logs, nil))
	ctl := &control.Control{Store: h.st, Log: log}
	s := &Site{Sources: sources{}, Control: ctl, Log: log, Now: h.clock.Now}
	if !cfg.offline {
		client := h.mustClient()
		s.Client, s.Sources = client, h.pollOnce(client)
	}
	h.runBot(&bot.Options{Token: testToken, Endpoint: h.tg.Endpoint(), Store: h.st, Log: log, ChatBurst: 1000,
		Features: []bot.Feature{s, ctl}})
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
func (h *harness) pollOnce(c *coinhive.Client) sources {
	h.t.Helper()
	at := t0.Add(-3 * time.Minute)
	src := &monitor.Coinhive{Client: c}
	obs, err := src.Poll(context.Background(), at)
	if err != nil {
		h.t.Fatal(err)
	}
	h.ch.Recorder.Reset()
	return sources{src.Name(): {Source: src.Name(), Title: src.Title(), Observation: obs, At: at, LastPoll: at}}
}

func (h *harness) runBot(opts *bot.Options) {
	h.t.Helper()
	b, err := bot.New(context.Background(), *opts)
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
