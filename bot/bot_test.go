package bot

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	simtelegram "pitboss/sim/telegram"
	"pitboss/store"
)

const testToken = "7000000001:TEST-token-abcdefghijklmnopqrstuv"

var admin = simtelegram.User{ID: 1001, FirstName: "Ada"}

const wait = 10 * time.Second

type harness struct {
	t   *testing.T
	tg  *simtelegram.Server
	bot *Bot
}

// startBot runs a bot against a fresh simulator and database; configure may register routes first.
func startBot(t *testing.T, limits simtelegram.Limits, configure func(b *Bot)) *harness {
	t.Helper()
	oh := newOutboxHarness(t, limits)
	tg, st := oh.tg, oh.st
	if err := st.SyncConfigUsers(context.Background(), []int64{admin.ID}, nil); err != nil {
		t.Fatal(err)
	}
	b, err := New(context.Background(), Options{Token: testToken, Endpoint: tg.Endpoint(), Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if configure != nil {
		configure(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	wctx, wcancel := context.WithTimeout(context.Background(), wait)
	defer wcancel()
	if err := tg.WaitPoll(wctx); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, tg: tg, bot: b}
}

func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	h.t.Cleanup(cancel)
	return ctx
}

func TestDoubleTapOnAButtonRunsOnce(t *testing.T) {
	var runs atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{}, 2)
	h := startBot(t, simtelegram.Limits{Disabled: true}, func(b *Bot) {
		b.router.Command(Command{Name: "slow", Help: "a slow button", Role: store.RoleViewer, Handle: func(ctx context.Context, r *Request) error {
			return r.Reply(ctx, "Press it", tgbotapi.NewInlineKeyboardRow(Button("Go", "slow", "1")))
		}})
		b.router.Callback(Callback{Name: "slow", Role: store.RoleViewer, Handle: func(ctx context.Context, r *Request) error {
			runs.Add(1)
			started <- struct{}{}
			<-release
			return r.Answer(ctx, "done", false)
		}})
	})
	chat := simtelegram.PrivateChat(admin)
	id := h.tg.SendText(admin, chat, "/slow")
	m, err := h.tg.WaitNewMessage(h.ctx(), chat.ID, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := h.tg.PressButton(admin, chat.ID, m.ID, "slow:1")
	<-started
	second, _ := h.tg.PressButton(admin, chat.ID, m.ID, "slow:1")
	a2, err := h.tg.WaitAnswer(h.ctx(), second)
	if err != nil || a2.Text != "Still working on it…" {
		t.Fatalf("second tap: %+v %v", a2, err)
	}
	close(release)
	if a1, err := h.tg.WaitAnswer(h.ctx(), first); err != nil || a1.Text != "done" {
		t.Fatalf("first tap: %+v %v", a1, err)
	}
	if n := runs.Load(); n != 1 {
		t.Fatalf("the action ran %d times", n)
	}
}

func TestRepliesWaitOutTelegramRateLimit(t *testing.T) {
	h := startBot(t, simtelegram.Limits{PerChatRate: 1, PerChatBurst: 1}, nil)
	chat := simtelegram.PrivateChat(admin)
	h.tg.SendText(admin, chat, "/whoami")
	id := h.tg.SendText(admin, chat, "/help")
	if _, err := h.tg.WaitNewMessage(h.ctx(), chat.ID, id, func(m simtelegram.Message) bool { return strings.Contains(m.Plain, "you are an admin") }); err != nil {
		t.Fatalf("the second reply never came: %v", err)
	}
	limited := 0
	for _, c := range h.tg.Calls("sendMessage") {
		if c.Status == 429 {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("Telegram never said 429: the test did not exercise the limit")
	}
	if n := len(h.tg.Messages(chat.ID)); n != 2 {
		t.Fatalf("%d replies, want 2", n)
	}
}

func TestConnectErrorCarriesNoToken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = newTelegram(context.Background(), testToken, "http://"+addr+"/bot%s/%s", nil)
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), testToken) {
		t.Fatalf("error leaks the token: %v", err)
	}
	var ue *url.Error
	if !errors.As(err, &ue) || strings.Contains(ue.URL, testToken) || !strings.Contains(ue.URL, "/bot<token>/getMe") {
		t.Fatalf("url.Error URL not redacted: %v", ue)
	}
}

func TestSplitMessageKeepsLinesAndLimits(t *testing.T) {
	line := "<b>rig01</b> GPU 0: 61 °C &amp; fine\n"
	text := strings.Repeat(line, 300) // about 11 kB
	parts := splitMessage(text, maxText)
	if len(parts) < 3 {
		t.Fatalf("%d parts", len(parts))
	}
	var joined strings.Builder
	for _, p := range parts {
		if len(p) > maxText {
			t.Fatalf("part of %d bytes", len(p))
		}
		if strings.Count(p, "<b>") != strings.Count(p, "</b>") {
			t.Fatalf("a part splits a tag pair: %q", p[:80])
		}
		joined.WriteString(p + "\n")
	}
	if joined.String() != text {
		t.Fatal("splitting lost or changed text")
	}
}

func TestSplitMessageCutsALongLineOutsideEntities(t *testing.T) {
	text := strings.Repeat("a&amp;", 2000)
	for _, p := range splitMessage(text, 100) {
		if len(p) > 100 || strings.HasSuffix(p, "&") || strings.HasSuffix(p, "&am") {
			t.Fatalf("bad cut: %q", p)
		}
	}
}

func TestFitCutsAtALineAndSaysSo(t *testing.T) {
	text := strings.Repeat("• a line of a page\n", 400)
	got := Fit(text)
	if len(got) > maxFit || !strings.HasSuffix(got, "(the rest did not fit in one message)") || !strings.HasPrefix(text, got[:len(got)-60]) {
		t.Fatalf("fit: %d bytes, ends %q", len(got), got[len(got)-80:])
	}
	if short := "one line"; Fit(short) != short {
		t.Fatal("fit changed a short text")
	}
}

func TestEscapeMakesAPIValuesSafe(t *testing.T) {
	if got := Escape(`<rig & "01">`); got != `&lt;rig &amp; "01"&gt;` {
		t.Fatalf("escape: %q", got)
	}
}

func TestHelpAndMenuMirrorEachOther(t *testing.T) {
	rt := newRouter()
	noop := func(context.Context, *Request) error { return nil }
	rt.Command(Command{Name: "start", Role: Anyone, Handle: noop})
	rt.Command(Command{Name: "help", Role: store.RoleViewer, Handle: noop})
	rt.Command(Command{Name: "invite", Role: store.RoleAdmin, Handle: noop})
	names := func(cs []Command) (out []string) {
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return out
	}
	for role, want := range map[store.Role]string{Anyone: "start", store.RoleViewer: "help", store.RoleAdmin: "help invite"} {
		if got := strings.Join(names(rt.CommandsFor(role)), " "); got != want {
			t.Errorf("%q: %q, want %q", role, got, want)
		}
	}
}

func TestStrangerIsAnsweredOncePerQuietPeriod(t *testing.T) {
	s := strangerLog{quiet: 10 * time.Minute}
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	if !s.shouldAnswer(7, t0) || s.shouldAnswer(7, t0.Add(time.Minute)) || !s.shouldAnswer(7, t0.Add(11*time.Minute)) {
		t.Fatal("wrong quiet period")
	}
	if !s.shouldAnswer(8, t0) {
		t.Fatal("another stranger was silenced")
	}
}

func TestSplitMessageNeverSendsAnEmptyPart(t *testing.T) {
	text := strings.Repeat("x", maxText) + "\n" + strings.Repeat("y", maxText-10) + "\nlast"
	for i, p := range splitMessage(text, maxText) {
		if strings.TrimSpace(p) == "" {
			t.Fatalf("part %d is empty", i)
		}
	}
}
