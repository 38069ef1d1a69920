package bot

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// callTimeout bounds one Bot API call other than the long poll; an upload gets twice as long.
const callTimeout = 30 * time.Second

// ctxClient binds a context to every request tgbotapi makes. tgbotapi builds its requests without a
// context, so without this a long poll could not be stopped and a slow Telegram would hang a handler.
type ctxClient struct {
	ctx context.Context
	hc  *http.Client
}

func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return c.hc.Do(req.WithContext(c.ctx))
}

// telegram is the Bot API as pitboss uses it: every call takes a context and returns errors from which
// the token has been removed, and every call Telegram counts against its flood limits first waits for the
// one limiter.
type telegram struct {
	api   *tgbotapi.BotAPI
	hc    *http.Client
	token string
	limit *limiter
}

func newTelegram(ctx context.Context, token, endpoint string, hc *http.Client) (*telegram, error) {
	if hc == nil {
		hc = &http.Client{Transport: telegramTransport()}
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	api, err := tgbotapi.NewBotAPIWithClient(token, endpoint, ctxClient{ctx, hc})
	if err != nil {
		return nil, redactToken(err, token)
	}
	return &telegram{api: api, hc: hc, token: token, limit: newLimiter(defaultSendLimits, time.Now)}, nil
}

// telegramTransport is Go's default transport keeping enough idle connections to Telegram for the
// sender's workers and the replies: the default keeps two per host, so the rest would each open a new TLS
// connection per message.
func telegramTransport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 2 * senderWorkers
	return tr
}

// with returns a shallow copy of the API whose requests carry ctx. BotAPI holds no lock, and pitboss
// never uses the fields a copy would share (the updates channel), so a copy per call is safe.
func (t *telegram) with(ctx context.Context) *tgbotapi.BotAPI {
	api := *t.api
	api.Client = ctxClient{ctx, t.hc}
	return &api
}

// Self is the bot's own account, from getMe.
func (t *telegram) Self() tgbotapi.User { return t.api.Self }

// send sends c once its turn in the limiter comes (for the calls Telegram counts), at priority p. A 429
// holds the chat off in the limiter for as long as Telegram asked.
func (t *telegram) send(ctx context.Context, c tgbotapi.Chattable, p priority) (tgbotapi.Message, error) {
	if err := t.admit(ctx, c, p); err != nil {
		return tgbotapi.Message{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeoutFor(c))
	defer cancel()
	m, err := t.with(ctx).Send(c)
	t.noteLimited(c, err)
	return m, redactToken(err, t.token)
}

// request makes a call whose result is not a message (answerCallbackQuery, setMyCommands, ...). Those
// are free; a counted one sent this way still waits its turn, as a reply.
func (t *telegram) request(ctx context.Context, c tgbotapi.Chattable) error {
	if err := t.admit(ctx, c, replyPriority); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeoutFor(c))
	defer cancel()
	_, err := t.with(ctx).Request(c)
	t.noteLimited(c, err)
	return redactToken(err, t.token)
}

// admit waits for the limiter if Telegram counts c.
func (t *telegram) admit(ctx context.Context, c tgbotapi.Chattable, p priority) error {
	if chatID, counted := countedChat(c); counted {
		return t.limit.wait(ctx, chatID, p)
	}
	return nil
}

// noteLimited holds c's chat off for as long as a 429 asked.
func (t *telegram) noteLimited(c tgbotapi.Chattable, err error) {
	if wait, limited := retryAfter(err); limited {
		if chatID, counted := countedChat(c); counted {
			t.limit.holdOff(chatID, wait)
		}
	}
}

// countedChat returns the chat of a call Telegram counts against its flood limits: the ones that put a
// message in a chat or change one (pitboss sends no other kind). answerCallbackQuery, sendChatAction and
// the menu calls are free.
func countedChat(c tgbotapi.Chattable) (int64, bool) {
	switch c := c.(type) {
	case tgbotapi.MessageConfig:
		return c.ChatID, true
	case tgbotapi.PhotoConfig:
		return c.ChatID, true
	case tgbotapi.EditMessageTextConfig:
		return c.ChatID, true
	case tgbotapi.EditMessageReplyMarkupConfig:
		return c.ChatID, true
	}
	return 0, false
}

func (t *telegram) getUpdates(ctx context.Context, cfg tgbotapi.UpdateConfig) ([]tgbotapi.Update, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(cfg.Timeout)*time.Second+callTimeout)
	defer cancel()
	us, err := t.with(ctx).GetUpdates(cfg)
	return us, redactToken(err, t.token)
}

func timeoutFor(c tgbotapi.Chattable) time.Duration {
	if _, ok := c.(tgbotapi.Fileable); ok {
		return 2 * callTimeout
	}
	return callTimeout
}

// redactToken removes the bot token from err. Go's *url.Error carries the request URL, and the Bot API
// puts the token in the path, so any network failure would otherwise print it.
func redactToken(err error, token string) error {
	if err == nil || token == "" {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = strings.ReplaceAll(ue.URL, token, "<token>")
	}
	if msg := err.Error(); strings.Contains(msg, token) {
		return &redactedError{msg: strings.ReplaceAll(msg, token, "<token>"), err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// apiError returns the Bot API's error in err's chain, if any.
func apiError(err error) (*tgbotapi.Error, bool) {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return te, true
	}
	return nil, false
}

// retryAfter reports how long Telegram asked us to wait. On file uploads tgbotapi leaves Code at 0,
// so the answer is read from RetryAfter alone.
func retryAfter(err error) (time.Duration, bool) {
	if te, ok := apiError(err); ok && te.RetryAfter > 0 {
		return time.Duration(te.RetryAfter) * time.Second, true
	}
	return 0, false
}

// unreachable reports whether Telegram refuses to deliver to the chat at all: the user blocked the bot
// (403) or the chat is gone (400 chat not found). Retrying those is pointless.
func unreachable(err error) bool {
	te, ok := apiError(err)
	if !ok {
		return false
	}
	return te.Code == http.StatusForbidden || strings.Contains(te.Message, "chat not found")
}
