package telegram_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/sim/simhttp"
	simtelegram "pitboss/sim/telegram"
)

const testToken = "7000000001:AAH-test-token"

var (
	day   = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	alice = simtelegram.User{ID: 111, FirstName: "Alice", LastName: "Miner", Username: "alice", LanguageCode: "en"}
	bob   = simtelegram.User{ID: 222, FirstName: "Bob", Username: "bob"}
	rigs  = simtelegram.Chat{ID: -1001234567890, Type: simtelegram.ChatSupergroup, Title: "Rig room"}
)

// env is a started server with a stopped clock and a bot client talking to it over loopback.
type env struct {
	srv   *simtelegram.Server
	clock *simhttp.Clock
	bot   *tgbotapi.BotAPI
}

func start(t *testing.T, limits simtelegram.Limits) *env {
	t.Helper()
	clock := simhttp.NewClock(day)
	srv, err := simtelegram.Start(simtelegram.Options{Token: testToken, Now: clock.Now, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &env{srv: srv, clock: clock, bot: newBot(t, srv, context.Background())}
}

// unlimited is flood control off, for tests about something else.
var unlimited = simtelegram.Limits{Disabled: true}

// ctxClient gives every request the context, as the pitboss bot does with its own.
type ctxClient struct{ ctx context.Context }

func (c ctxClient) Do(r *http.Request) (*http.Response, error) {
	return http.DefaultClient.Do(r.WithContext(c.ctx))
}

func newBot(t *testing.T, srv *simtelegram.Server, ctx context.Context) *tgbotapi.BotAPI {
	t.Helper()
	bot, err := tgbotapi.NewBotAPIWithClient(testToken, srv.Endpoint(), ctxClient{ctx})
	if err != nil {
		t.Fatalf("NewBotAPIWithClient: %v", err)
	}
	return bot
}

// testCtx bounds a wait so that a broken test fails instead of hanging.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// wantAPIError asserts err is the Bot API error (code, description) as tgbotapi reports it.
func wantAPIError(t *testing.T, err error, code int, desc string) *tgbotapi.Error {
	t.Helper()
	var e *tgbotapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("want Bot API error %d %q, got %v", code, desc, err)
	}
	if e.Code != code || e.Message != desc {
		t.Fatalf("got error %d %q\nwant       %d %q", e.Code, e.Message, code, desc)
	}
	return e
}

// send sends an HTML message as the bot and fails the test if Telegram refuses it.
func (e *env) send(t *testing.T, chatID int64, text string, markup any) tgbotapi.Message {
	t.Helper()
	cfg := tgbotapi.NewMessage(chatID, text)
	cfg.ParseMode = tgbotapi.ModeHTML
	cfg.ReplyMarkup = markup
	m, err := e.bot.Send(cfg)
	if err != nil {
		t.Fatalf("send %q: %v", text, err)
	}
	return m
}

func confirmKeyboard(id string) tgbotapi.InlineKeyboardMarkup {
	return tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("Confirm", "confirm:"+id),
		tgbotapi.NewInlineKeyboardButtonData("Cancel", "cancel:"+id),
	))
}

// pngImage encodes a w×h PNG, as the bot's charts are.
func pngImage(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
