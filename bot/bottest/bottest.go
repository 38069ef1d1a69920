// Package bottest runs features in a bot against simulated Telegram, for the features' tests: it starts
// the simulator, a store and the bot, and sends and taps as users do.
package bottest

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"pitboss/bot"
	"pitboss/monitor"
	simtelegram "pitboss/sim/telegram"
	"pitboss/store"
)

// Token is the bot's token, which the simulator expects.
const Token = "7000000001:TEST-token-abcdefghijklmnopqrstuv"

// Wait bounds each wait for the bot.
const Wait = 10 * time.Second

// StartTelegram starts simulated Telegram, without its flood limits, until the test ends.
func StartTelegram(t testing.TB) *simtelegram.Server {
	t.Helper()
	tg, err := simtelegram.Start(simtelegram.Options{Token: Token, Limits: simtelegram.Limits{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tg.Close() })
	return tg
}

// OpenStore opens a store in the test's temporary directory until the test ends, with the config's users:
// admins and viewers, by Telegram id.
func OpenStore(t testing.TB, opts store.Options, admins, viewers []int64) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.SyncConfigUsers(context.Background(), admins, viewers); err != nil {
		t.Fatal(err)
	}
	return st
}

// Chat is a bot running against simulated Telegram: what users do in its chats, and what they see.
type Chat struct {
	TG *simtelegram.Server
	t  testing.TB
}

// Run runs a bot with opts on tg until the test ends, and returns once it takes updates. It sets the token
// and endpoint, and a chat burst (when opts has none) that no test reaches.
func Run(t testing.TB, tg *simtelegram.Server, opts bot.Options) *Chat {
	t.Helper()
	opts.Token, opts.Endpoint = Token, tg.Endpoint()
	if opts.ChatBurst == 0 {
		opts.ChatBurst = 1000
	}
	b, err := bot.New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	c := &Chat{TG: tg, t: t}
	if err := tg.WaitPoll(c.Ctx()); err != nil {
		t.Fatal(err)
	}
	return c
}

// Ctx is a context for one wait, ending after Wait.
func (c *Chat) Ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	c.t.Cleanup(cancel)
	return ctx
}

// Say sends text as u in chat and returns the bot's first message after it.
func (c *Chat) Say(u simtelegram.User, chat simtelegram.Chat, text string) simtelegram.Message {
	c.t.Helper()
	id := c.TG.SendText(u, chat, text)
	m, err := c.TG.WaitNewMessage(c.Ctx(), chat.ID, id, nil)
	if err != nil {
		c.t.Fatalf("no answer to %q: %v", text, err)
	}
	return m
}

// SayPrivately is Say in u's private chat with the bot.
func (c *Chat) SayPrivately(u simtelegram.User, text string) simtelegram.Message {
	c.t.Helper()
	return c.Say(u, simtelegram.PrivateChat(u), text)
}

// Press taps a button of m as u and returns the bot's answer.
func (c *Chat) Press(u simtelegram.User, m simtelegram.Message, data string) simtelegram.Answer {
	c.t.Helper()
	qid, err := c.TG.PressButton(u, m.ChatID, m.ID, data)
	if err != nil {
		c.t.Fatalf("pressing %q: %v", data, err)
	}
	a, err := c.TG.WaitAnswer(c.Ctx(), qid)
	if err != nil {
		c.t.Fatal(err)
	}
	return a
}

// PressAtOnce taps a button of m as each of users at the same time. Taps that come after the buttons
// are gone are refused by Telegram, as they would be in a real chat.
func (c *Chat) PressAtOnce(m simtelegram.Message, data string, users ...simtelegram.User) {
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() {
			if qid, err := c.TG.PressButton(u, m.ChatID, m.ID, data); err == nil {
				_, _ = c.TG.WaitAnswer(c.Ctx(), qid)
			}
		})
	}
	wg.Wait()
}

// WaitEdit waits until message id in chat shows want.
func (c *Chat) WaitEdit(chat int64, id int, want string) simtelegram.Message {
	c.t.Helper()
	m, err := c.TG.WaitMessage(c.Ctx(), chat, func(m simtelegram.Message) bool { return m.ID == id && strings.Contains(m.Plain, want) })
	if err != nil {
		c.t.Fatalf("message %d never showed %q: %v", id, want, err)
	}
	return m
}

// ButtonData finds the callback data of m's button whose data ends with suffix.
func ButtonData(m simtelegram.Message, suffix string) string {
	for _, row := range m.Keyboard {
		for _, b := range row {
			if strings.HasSuffix(b.Data, suffix) {
				return b.Data
			}
		}
	}
	return ""
}

// ConfirmData is the data of the Confirm button under a proposed action.
func ConfirmData(m simtelegram.Message) string { return ButtonData(m, ":go") }

// Buttons is m's buttons' texts, space-separated.
func Buttons(m simtelegram.Message) string {
	var texts []string
	for _, row := range m.Keyboard {
		for _, b := range row {
			texts = append(texts, b.Text)
		}
	}
	return strings.Join(texts, " ")
}

// MustContain fails the test unless got, which is what, contains each of wants.
func MustContain(t testing.TB, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

// MustNotContain fails the test if got, which is what, contains any of unwanted.
func MustNotContain(t testing.TB, what, got string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			t.Fatalf("%s holds %q:\n%s", what, w, got)
		}
	}
}

// Sources is the monitor's latest state as a test sets it.
type Sources map[string]monitor.Latest

// Latest is what the monitor last learnt of the source name.
func (s Sources) Latest(name string) (monitor.Latest, bool) {
	l, ok := s[name]
	return l, ok
}

// Log is a logger for the features under test, and what it wrote, which a failing test shows.
func Log(t testing.TB) (*slog.Logger, *LogBuffer) {
	buf := &LogBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", buf)
		}
	})
	return slog.New(slog.NewTextHandler(buf, nil)), buf
}

// LogBuffer collects a log; it is safe for concurrent use.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
