package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"pitboss/store"
)

// chain applies middleware so that the first listed runs outermost.
func chain(h HandlerFunc, mws ...Middleware) HandlerFunc {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// recoverPanics turns a panicking handler into an "internal error" answer; the bot lives on.
func (b *Bot) recoverPanics(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) (err error) {
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("handler panicked", "route", r.Route, "user", r.From.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				err = errPanicked
			}
		}()
		return next(ctx, r)
	}
}

var errPanicked = errors.New("handler panicked")

// logRequests logs each request once it is handled, with how long it took. It never logs message text
// or arguments: they can carry invite codes and other things that are not the log's business.
func (b *Bot) logRequests(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		start := time.Now()
		err := next(ctx, r)
		took := time.Since(start)
		if b.opts.Counter != nil {
			b.opts.Counter.Handled(b.routeLabel(r), took)
		}
		attrs := []any{"update", r.Update.UpdateID, "user", r.From.ID, "role", string(r.Role), "route", r.Route,
			"took", took.Round(time.Millisecond)}
		if r.Chat != nil {
			attrs = append(attrs, "chat", r.Chat.ID)
		}
		var ue *UserError
		switch {
		case err == nil:
			b.log.Info("handled", attrs...)
		case errors.As(err, &ue):
			b.log.Info("handled with a user error", append(attrs, "error", err)...)
		default:
			b.log.Error("handler failed", append(attrs, "error", err)...)
		}
		return err
	}
}

// reportErrors shows a failed request's error in the chat: a UserError's own text, otherwise only
// "internal error". Button presses are always answered, so no button is left spinning.
func (b *Bot) reportErrors(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		err := next(ctx, r)
		if err != nil {
			text := chatText(err)
			if r.Callback != nil && !r.answered {
				_ = r.Answer(ctx, StripTags(text), true)
			} else if rerr := r.Reply(ctx, text); rerr != nil {
				b.log.Warn("could not report an error to the chat", "error", rerr)
			}
		}
		if r.Callback != nil {
			_ = r.Answer(ctx, "", false)
		}
		return err
	}
}

// singleFlight runs a button's handler once at a time: a second tap on the same button of the same
// message, while the first is still being handled, is told so and dropped. Without it a double tap
// could carry out a control action twice.
func (b *Bot) singleFlight(next HandlerFunc) HandlerFunc {
	var mu sync.Mutex
	inFlight := map[string]bool{}
	return func(ctx context.Context, r *Request) error {
		if r.Callback == nil {
			return next(ctx, r)
		}
		key := fmt.Sprintf("%d:%s", r.From.ID, r.Callback.Data)
		if r.Message != nil {
			key = fmt.Sprintf("%d:%d:%s", r.Chat.ID, r.Message.MessageID, r.Callback.Data)
		}
		mu.Lock()
		busy := inFlight[key]
		inFlight[key] = true
		mu.Unlock()
		if busy {
			return r.Answer(ctx, "Still working on it…", false)
		}
		defer func() {
			mu.Lock()
			delete(inFlight, key)
			mu.Unlock()
		}()
		return next(ctx, r)
	}
}

// authorize resolves who is asking and lets through only what their role allows. A stranger gets one
// answer, not authorised with their Telegram id, and nothing else; in group chats only admins' commands
// are taken and everything else is ignored.
func (b *Bot) authorize(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) error {
		// Group chatter that is not a command for this bot is ignored before any database lookup: in a
		// busy group that is nearly every message.
		if r.Callback == nil && !r.Private() && (r.Command == "" || r.addressedToOther()) {
			return nil
		}
		if err := b.identify(ctx, r); err != nil {
			return err
		}
		h, need, found := b.router.route(r)
		if !r.Private() && r.Role != store.RoleAdmin {
			// Groups: only admins are listened to. A button press still gets an answer, which only
			// the presser sees, or it would spin.
			if r.Callback == nil {
				return nil
			}
			if r.Role == Anyone {
				return b.refuseStranger(ctx, r, "")
			}
			return r.Answer(ctx, "In group chats only admins can use the buttons.", true)
		}
		if r.Role == Anyone {
			if found && need == Anyone && r.Callback == nil {
				return next(ctx, r.with(h))
			}
			return b.refuseStranger(ctx, r, "")
		}
		switch {
		case !found && r.Callback != nil:
			return r.Answer(ctx, "This button is no longer in use.", false)
		case !found && r.Command != "":
			return UserErrorf("Unknown command /%s. /help lists what you can use.", Escape(r.Command))
		case !found:
			return UserErrorf("I only understand commands. /help lists them.")
		case !allows(r.Role, need):
			if r.Callback != nil {
				return r.Answer(ctx, "Only admins can do this.", true)
			}
			return UserErrorf("Only admins can use /%s.", Escape(r.Command))
		}
		return next(ctx, r.with(h))
	}
}

// identify fills in the user and role, and remembers a known user's private chat for alerts.
func (b *Bot) identify(ctx context.Context, r *Request) error {
	u, err := b.store.User(ctx, r.From.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil
	case err != nil:
		return err
	}
	r.User, r.Role = u, u.Role
	name := DisplayName(r.From)
	// A user marked unreachable (blocked the bot, say) who writes again can be reached again.
	if r.Private() && (u.ChatID != r.Chat.ID || u.Name != name || u.Username != r.From.UserName || u.UnreachableSince != nil) {
		firstContact := u.ChatID == 0
		if err := b.store.SeenInPrivate(ctx, u.TelegramID, r.Chat.ID, name, r.From.UserName); err != nil {
			return err
		}
		u.ChatID, u.Name, u.Username = r.Chat.ID, name, r.From.UserName
		if firstContact {
			b.setMenu(ctx, u.ChatID, u.Role)
		}
	}
	return nil
}

// refuseStranger answers a stranger: the notice with their id (after why, if given), at most once every
// quiet period per person for messages, so that a flood of messages, or of wrong invite codes, cannot make
// the bot flood back. Button presses are always answered (a toast only they see), or the button would spin.
func (b *Bot) refuseStranger(ctx context.Context, r *Request, why string) error {
	b.log.Info("refused a stranger", "user", r.From.ID, "route", r.Route)
	if r.Callback != nil {
		return r.Answer(ctx, fmt.Sprintf("Not authorised. Your Telegram id is %d.", r.From.ID), true)
	}
	if !r.Private() || !b.strangers.shouldAnswer(r.From.ID, b.now()) {
		return nil
	}
	text := strangerText(r.From.ID)
	if why != "" {
		text = why + "\n" + text
	}
	return r.Reply(ctx, text)
}

func strangerText(id int64) string {
	return fmt.Sprintf("You are not authorised to use this bot.\nYour Telegram id is <code>%d</code>: send it to the bot's admin if you should have access.", id)
}

// with returns r set to be handled by h.
func (r *Request) with(h HandlerFunc) *Request {
	r.handler = h
	return r
}

// dispatch is the innermost handler: it runs the route the access middleware chose.
func dispatch(ctx context.Context, r *Request) error {
	if r.handler == nil {
		return nil
	}
	return r.handler(ctx, r)
}

// strangerLog remembers when each stranger was last answered. It is bounded: when full, entries past the
// quiet period are dropped, and if every entry is recent it starts over, which at worst lets a stranger
// be answered again.
type strangerLog struct {
	mu    sync.Mutex
	quiet time.Duration
	last  map[int64]time.Time
}

const strangerLogSize = 10000

func (s *strangerLog) shouldAnswer(id int64, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last == nil {
		s.last = map[int64]time.Time{}
	}
	if t, ok := s.last[id]; ok && now.Sub(t) < s.quiet {
		return false
	}
	if len(s.last) >= strangerLogSize {
		for k, t := range s.last {
			if now.Sub(t) >= s.quiet {
				delete(s.last, k)
			}
		}
		if len(s.last) >= strangerLogSize {
			clear(s.last)
		}
	}
	s.last[id] = now
	return true
}
