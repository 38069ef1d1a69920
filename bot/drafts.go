package bot

import (
	"sync"
	"time"
)

// Drafts holds the walk-throughs in progress (a question asked with buttons, step by step), one per chat:
// a new one replaces the chat's last, and each ends at its expiry. The zero value is ready to use.
type Drafts[T any] struct {
	mu sync.Mutex
	m  map[int64]draftOf[T]
}

type draftOf[T any] struct {
	v       *T
	expires time.Time
}

// Get returns the chat's walk-through, or nil when it has none or it has expired.
func (d *Drafts[T]) Get(chat int64, now time.Time) *T {
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
func (d *Drafts[T]) Put(chat int64, v *T, expires time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = map[int64]draftOf[T]{}
	}
	d.m[chat] = draftOf[T]{v, expires}
}

// Drop ends the chat's walk-through.
func (d *Drafts[T]) Drop(chat int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.m, chat)
}
