package bot

import (
	"context"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Draft is what a walk-through (a question asked with buttons, step by step) embeds: the lock that
// takes its taps one at a time, and the message that asks its questions.
type Draft struct {
	mu      sync.Mutex
	message int // 0 until the first question is sent
}

func (d *Draft) draft() *Draft { return d }

// drafted is a walk-through: a pointer to a struct that embeds Draft.
type drafted[T any] interface {
	*T
	draft() *Draft
}

// Drafts holds the walk-throughs in progress, one per chat: a new one replaces the chat's last, and each
// ends at its expiry. T is the walk-through's type, which embeds Draft; P is *T. The zero value is ready.
type Drafts[T any, P drafted[T]] struct {
	mu sync.Mutex
	m  map[int64]draftOf[P]
}

type draftOf[P any] struct {
	v       P
	expires time.Time
}

// Get returns the chat's walk-through, or nil when it has none or it has expired.
func (d *Drafts[T, P]) Get(chat int64, now time.Time) P {
	d.mu.Lock()
	defer d.mu.Unlock()
	for k, v := range d.m {
		if now.After(v.expires) {
			delete(d.m, k)
		}
	}
	return d.m[chat].v
}

// Put makes v the chat's walk-through until expires.
func (d *Drafts[T, P]) Put(chat int64, v P, expires time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = map[int64]draftOf[P]{}
	}
	d.m[chat] = draftOf[P]{v, expires}
}

// Drop ends the chat's walk-through.
func (d *Drafts[T, P]) Drop(chat int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.m, chat)
}

// Ask makes v the chat's walk-through until expires and sends its first question. v is in place before
// the question goes out, since a tap can come as soon as it is seen; if it cannot be sent, v is dropped.
func (d *Drafts[T, P]) Ask(ctx context.Context, r *Request, v P, expires time.Time, text string,
	keyboard ...[]tgbotapi.InlineKeyboardButton) error {
	d.Put(r.Chat.ID, v, expires)
	m, err := r.ReplyMessage(ctx, text, keyboard...)
	if err != nil {
		d.Drop(r.Chat.ID)
		return err
	}
	dr := v.draft()
	dr.mu.Lock()
	dr.message = m.MessageID
	dr.mu.Unlock()
	return nil
}

// Step finds the walk-through that the button r pressed belongs to, and locks it: the caller handles the
// tap, then calls unlock. When there is none (expired, replaced by a newer one, or not a button of a
// message), Step answers the tap with expired and returns a nil walk-through, with the answer's error.
func (d *Drafts[T, P]) Step(ctx context.Context, r *Request, now time.Time, expired string) (v P, unlock func(), err error) {
	if r.Message == nil {
		return nil, nil, r.Answer(ctx, "This button is no longer in use.", false)
	}
	v = d.Get(r.Chat.ID, now)
	if v == nil {
		return nil, nil, r.Answer(ctx, expired, true)
	}
	dr := v.draft()
	dr.mu.Lock()
	if dr.message != 0 && dr.message != r.Message.MessageID {
		dr.mu.Unlock()
		return nil, nil, r.Answer(ctx, expired, true)
	}
	return v, dr.mu.Unlock, nil
}
