// Package bot is pitboss's Telegram transport: the long-poll loop, the router with its middleware (access,
// logging, panic recovery, single-flight), /help and the command menus, and sending within Telegram's
// limits. The chat's features live in topic packages that register their commands and buttons here.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/store"
)

// Options configure a Bot. Token, Endpoint and Store are required.
type Options struct {
	Token      string
	Endpoint   string       // tgbotapi's format string, "<base>/bot%s/%s"
	HTTPClient *http.Client // nil means a new default client
	Store      *store.Store
	Log        *slog.Logger
	Now        func() time.Time

	PollTimeout   time.Duration // long-poll wait; default 30 s
	ShutdownGrace time.Duration // how long handlers may finish after shutdown begins; default 10 s
	DrainTimeout  time.Duration // how long the sender keeps delivering after its context ends; default 5 s
	// ChatBurst is how many messages one chat may get at once before the per-chat rate (one a second)
	// applies; 0 means 2, which Telegram tolerates. A local Bot API server, or a test, may allow more.
	ChatBurst int

	// Features register the chat's commands and buttons, in the order the menu and /help list them.
	Features []Feature
	// Counter counts requests and deliveries; nil counts nothing.
	Counter Counter
}

// Feature is a group of commands and buttons: a topic package registers its routes with Register.
type Feature interface {
	Register(rt *Router)
}

// Routes is a Feature made of the commands and buttons it lists.
type Routes struct {
	Commands  []Command
	Callbacks []Callback
}

// Register adds the routes.
func (rs Routes) Register(rt *Router) {
	for _, c := range rs.Commands {
		rt.Command(c)
	}
	for _, c := range rs.Callbacks {
		rt.Callback(c)
	}
}

// Bot runs the Telegram side of pitboss.
type Bot struct {
	tg        *telegram
	store     *store.Store
	log       *slog.Logger
	now       func() time.Time
	opts      Options
	router    *Router
	handle    HandlerFunc
	strangers strangerLog
	sender    *Sender
	beat      heartbeat

	handlers sync.WaitGroup
	qmu      sync.Mutex
	queues   map[int64][]tgbotapi.Update // per chat, updates waiting; present while a drainer runs
	slots    chan struct{}               // bounds handlers running at once
}

// maxConcurrentHandlers bounds handlers running at once across all chats.
const maxConcurrentHandlers = 32

// New connects to the Bot API (one getMe, which also checks the token) and builds the router.
func New(ctx context.Context, opts Options) (*Bot, error) {
	if opts.Store == nil {
		return nil, errors.New("bot: no store")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.PollTimeout <= 0 {
		opts.PollTimeout = 30 * time.Second
	}
	if opts.ShutdownGrace <= 0 {
		opts.ShutdownGrace = 10 * time.Second
	}
	tg, err := newTelegram(ctx, opts.Token, opts.Endpoint, opts.HTTPClient)
	if err != nil {
		return nil, fmt.Errorf("connecting to Telegram: %w", err)
	}
	if opts.ChatBurst > 0 {
		limits := defaultSendLimits
		limits.chatBurst = opts.ChatBurst
		tg.limit = newLimiter(limits, time.Now)
	}
	b := &Bot{tg: tg, store: opts.Store, log: opts.Log, now: opts.Now, opts: opts, router: newRouter(),
		strangers: strangerLog{quiet: 10 * time.Minute}, queues: map[int64][]tgbotapi.Update{},
		slots: make(chan struct{}, maxConcurrentHandlers)}
	b.sender = newSender(tg, opts.Store, opts.Log, opts.DrainTimeout)
	b.sender.counter, b.sender.beat = opts.Counter, &b.beat
	b.router.Command(Command{Name: "help", Help: "what you can do here", Role: store.RoleViewer, Handle: b.help})
	for _, f := range opts.Features {
		f.Register(b.router)
	}
	b.handle = chain(dispatch, b.logRequests, b.reportErrors, b.recoverPanics, b.authorize, b.singleFlight)
	return b, nil
}

// Sender is the outbox's one sender; the caller runs it beside Run, and producers call its Notify after
// committing rows.
func (b *Bot) Sender() *Sender { return b.sender }

// Username is the bot's @username, from getMe.
func (b *Bot) Username() string { return b.tg.Self().UserName }

// Run takes updates until ctx ends, then shuts down in order: it stops taking updates, tells Telegram
// which updates it has taken (so a restart does not see them again), and lets running handlers finish
// within the grace period. The caller closes the store after Run returns.
func (b *Bot) Run(ctx context.Context) error {
	// Handlers outlive ctx by the grace period, so that a reply in progress is not cut off.
	hctx, cancelHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHandlers()

	b.handlers.Add(1)
	go func() {
		defer b.handlers.Done()
		b.setMenus(hctx)
	}()

	offset := b.poll(ctx, hctx)
	b.confirm(offset)

	done := make(chan struct{})
	go func() { b.handlers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(b.opts.ShutdownGrace):
		b.log.Warn("handlers still running after the grace period; cancelling them", "grace", b.opts.ShutdownGrace)
		cancelHandlers()
		<-done
	}
	return nil
}

// poll is the long-poll loop. Errors back off exponentially up to a minute; a 429 waits as long as asked.
// It returns the offset of the first update not taken.
func (b *Bot) poll(ctx, hctx context.Context) int {
	offset, failures := 0, 0
	b.beat.update(func(h *Health) { h.Polling, h.LastPoll = true, time.Now() })
	defer b.beat.update(func(h *Health) { h.Polling = false })
	for ctx.Err() == nil {
		updates, err := b.tg.getUpdates(ctx, tgbotapi.UpdateConfig{Offset: offset, Timeout: int(b.opts.PollTimeout / time.Second),
			AllowedUpdates: []string{"message", "callback_query"}})
		b.beat.update(func(h *Health) {
			h.LastPoll = time.Now()
			if err == nil {
				h.LastPollOK = h.LastPoll
			}
		})
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			failures++
			wait := pollBackoff(failures)
			if ra, ok := retryAfter(err); ok {
				wait = ra
			}
			if te, ok := apiError(err); ok && te.Code == http.StatusConflict {
				b.log.Error("another instance is taking this bot's updates; stop it", "error", err)
			} else {
				b.log.Warn("getting updates failed", "error", err, "failures", failures, "retry_in", wait)
			}
			sleep(ctx, wait)
			continue
		}
		failures = 0
		for _, u := range updates {
			if u.UpdateID >= offset {
				offset = u.UpdateID + 1
				b.dispatch(hctx, u)
			}
		}
	}
	return offset
}

func pollBackoff(failures int) time.Duration {
	d := time.Second << min(failures-1, 6)
	return min(d, time.Minute)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// confirm tells Telegram the updates before offset are taken. Telegram only learns it from the next
// getUpdates, which a stopping bot would never send.
func (b *Bot) confirm(offset int) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := b.tg.getUpdates(ctx, tgbotapi.UpdateConfig{Offset: offset, Limit: 1, Timeout: 0}); err != nil {
		b.log.Warn("could not confirm the last updates; they will be seen again after a restart", "error", err)
	}
}

// dispatch hands an update to a handler. Messages from one chat are handled one after another, in the
// order sent; button presses run at once, so a slow action never holds up the chat (single-flight
// keeps a double tap from running twice).
func (b *Bot) dispatch(ctx context.Context, u tgbotapi.Update) {
	if u.CallbackQuery != nil {
		b.handlers.Add(1)
		go func() {
			defer b.handlers.Done()
			b.handleUpdate(ctx, u)
		}()
		return
	}
	key := int64(0)
	if chat := u.FromChat(); chat != nil {
		key = chat.ID
	}
	b.qmu.Lock()
	defer b.qmu.Unlock()
	q, running := b.queues[key]
	b.queues[key] = append(q, u)
	if !running {
		b.handlers.Add(1)
		go b.drain(ctx, key)
	}
}

func (b *Bot) drain(ctx context.Context, key int64) {
	defer b.handlers.Done()
	for {
		b.qmu.Lock()
		q := b.queues[key]
		if len(q) == 0 {
			delete(b.queues, key)
			b.qmu.Unlock()
			return
		}
		u := q[0]
		b.queues[key] = q[1:]
		b.qmu.Unlock()
		b.handleUpdate(ctx, u)
	}
}

// handlerTimeout bounds one handler, replies included.
const handlerTimeout = 2 * time.Minute

func (b *Bot) handleUpdate(ctx context.Context, u tgbotapi.Update) {
	defer func() {
		// The middleware recovers handlers; this catches anything before them, so that no update, however
		// odd, can take the bot down.
		if p := recover(); p != nil {
			b.log.Error("update could not be handled", "update", u.UpdateID, "panic", fmt.Sprint(p))
		}
	}()
	r, ok := newRequest(b, u)
	if !ok {
		return
	}
	select {
	case b.slots <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-b.slots }()
	ctx, cancel := context.WithTimeout(ctx, handlerTimeout)
	defer cancel()
	_ = b.handle(ctx, r) // the middleware has logged and reported any error
}
