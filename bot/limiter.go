package bot

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// sendLimits are the budgets pitboss keeps to. Each sits a little under Telegram's (30 messages/s in all,
// about 1/s per chat with short bursts, 20/min per group) with small bursts, so that even when a network
// delays some requests and bunches the next ones, Telegram never counts more than it allows in any window.
type sendLimits struct {
	globalRate  rate.Limit
	globalBurst int
	chatRate    rate.Limit
	chatBurst   int
	groupRate   rate.Limit
	groupBurst  int
	maxHold     time.Duration // a reply fails at once rather than wait out a longer retry_after
	// outboxAhead is how far ahead queued notifications may book the global budget. It bounds how long a
	// reply waits behind them, and it is what keeps the budget fully used when a busy host wakes goroutines
	// late: the messages booked ahead cover the lateness.
	outboxAhead time.Duration
}

var defaultSendLimits = sendLimits{
	globalRate: 28, globalBurst: 2,
	chatRate: 1, chatBurst: 2,
	groupRate: rate.Limit(18.0 / 60), groupBurst: 2,
	maxHold:     maxRetryAfter,
	outboxAhead: 250 * time.Millisecond,
}

// priority orders the callers that wait for the global budget.
type priority int

const (
	// outboxPriority: queued notifications; they book the global budget only a little ahead.
	outboxPriority priority = iota
	// replyPriority: someone is waiting for an answer in the chat; a reply books the next free slot.
	replyPriority
)

// errHeldOff is returned to a reply when Telegram asked us to keep off its chat for longer than a person
// would wait.
var errHeldOff = errors.New("telegram asked to wait before sending to this chat again")

// limiter is the one budget every counted Bot API call waits for: the outbox drain and the replies to
// commands share it, so they never compete for Telegram's limits. It also remembers each chat's
// retry_after, so that after a 429 neither the drain nor a reply knocks on that chat early.
//
// A caller first waits for its chat's own budget, then books a slot of the global budget and sleeps until
// it. A reply books the next free slot at once. Queued notifications book only slots within outboxAhead,
// in the order they came; the rest wait in line. So a reply goes out behind at most outboxAhead of
// notifications however long the backlog, and the backlog drains oldest first.
type limiter struct {
	limits sendLimits
	now    func() time.Time

	mu        sync.Mutex
	global    *rate.Limiter
	chats     map[int64]*chatBudget
	line      []*waiter // notifications waiting to book a slot, oldest first
	lastSweep time.Time
}

// chatBudget is one chat's share: its own bucket, the group bucket for groups, and Telegram's retry_after.
type chatBudget struct {
	msgs  *rate.Limiter
	group *rate.Limiter // nil for a private chat
	hold  time.Time     // no message before this
}

// waiter is one call to wait.
type waiter struct {
	chatID int64
	p      priority
	inLine bool
	booked *rate.Reservation
}

func newLimiter(l sendLimits, now func() time.Time) *limiter {
	return &limiter{limits: l, now: now, global: rate.NewLimiter(l.globalRate, l.globalBurst),
		chats: map[int64]*chatBudget{}}
}

// wait blocks until a message to chatID fits every budget that applies to it, and takes it from them.
// If ctx ends first, a booked slot is given back.
func (l *limiter) wait(ctx context.Context, chatID int64, p priority) error {
	w := &waiter{chatID: chatID, p: p}
	defer l.leave(w)
	for {
		d, err := l.try(w)
		if err != nil || d == 0 {
			return err
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			l.cancel(w)
			return ctx.Err()
		case <-t.C:
			if w.booked != nil {
				return nil
			}
		}
	}
}

// try books w's message if its chat has budget and, for a notification, a global slot is free within
// outboxAhead; it returns how long until the slot (0: go now). Otherwise it returns how long to wait
// before trying again.
func (l *limiter) try(w *waiter) (time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweep(now)
	c := l.chat(w.chatID)
	if w.p == replyPriority && c.hold.Sub(now) > l.limits.maxHold {
		return 0, fmt.Errorf("%w (for %s)", errHeldOff, c.hold.Sub(now).Round(time.Second))
	}
	if d := c.delay(now); d > 0 {
		l.leaveLocked(w)
		return d, nil
	}
	if w.p == outboxPriority {
		l.joinLocked(w)
		// The first n in line may book, n being how many slots are free within outboxAhead. The others look
		// again when their turn should have come, one interval apart: the line books in order, and a head
		// that wakes late holds no one back for long.
		pos := float64(slices.Index(l.line, w))
		tokens := l.global.TokensAt(now)
		if free := tokens + l.limits.outboxAhead.Seconds()*float64(l.limits.globalRate); pos >= math.Floor(free) {
			return time.Duration((pos+1-free)/float64(l.limits.globalRate)*float64(time.Second)) + time.Millisecond, nil
		}
		l.leaveLocked(w)
	}
	w.booked = l.global.ReserveN(now, 1)
	c.take(now)
	return w.booked.DelayFrom(now), nil
}

// cancel gives back w's booked slot, so that a message that will not go costs nothing.
func (l *limiter) cancel(w *waiter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w.booked != nil {
		w.booked.CancelAt(l.now())
	}
}

func (l *limiter) joinLocked(w *waiter) {
	if !w.inLine {
		w.inLine = true
		l.line = append(l.line, w)
	}
}

func (l *limiter) leave(w *waiter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.leaveLocked(w)
}

func (l *limiter) leaveLocked(w *waiter) {
	if w.inLine {
		w.inLine = false
		l.line = slices.DeleteFunc(l.line, func(x *waiter) bool { return x == w })
	}
}

// chatDelay is how long until chatID's own budgets (its bucket, its group's, Telegram's retry_after) allow
// a message; the global budget is left out. The sender uses it to hand workers only chats that can go.
func (l *limiter) chatDelay(chatID int64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.chats[chatID]
	if !ok {
		return 0
	}
	return max(c.delay(l.now()), 0)
}

// holdOff keeps every message off chatID for d, as Telegram's retry_after asks.
func (l *limiter) holdOff(chatID int64, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.chat(chatID)
	if until := l.now().Add(d); until.After(c.hold) {
		c.hold = until
	}
}

// chat returns chatID's budget, creating it full. Group and supergroup ids are negative.
func (l *limiter) chat(chatID int64) *chatBudget {
	c := l.chats[chatID]
	if c == nil {
		c = &chatBudget{msgs: rate.NewLimiter(l.limits.chatRate, l.limits.chatBurst)}
		if chatID < 0 {
			c.group = rate.NewLimiter(l.limits.groupRate, l.limits.groupBurst)
		}
		l.chats[chatID] = c
	}
	return c
}

// sweepEvery bounds how often sweep walks the chats.
const sweepEvery = time.Minute

// sweep forgets chats whose budgets have refilled: a full bucket is what chat would create again, so
// forgetting it changes nothing, and the map stays as small as the set of recently active chats.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < sweepEvery {
		return
	}
	l.lastSweep = now
	for id, c := range l.chats {
		if c.idle(now) {
			delete(l.chats, id)
		}
	}
}

func (c *chatBudget) delay(now time.Time) time.Duration {
	d := max(c.hold.Sub(now), tokenDelay(c.msgs, now))
	if c.group != nil {
		d = max(d, tokenDelay(c.group, now))
	}
	return d
}

func (c *chatBudget) take(now time.Time) {
	c.msgs.AllowN(now, 1)
	if c.group != nil {
		c.group.AllowN(now, 1)
	}
}

func (c *chatBudget) idle(now time.Time) bool {
	full := func(b *rate.Limiter) bool { return b == nil || b.TokensAt(now) >= float64(b.Burst()) }
	return !c.hold.After(now) && full(c.msgs) && full(c.group)
}

// tokenDelay is how long until b has a whole token.
func tokenDelay(b *rate.Limiter, now time.Time) time.Duration {
	tokens := b.TokensAt(now)
	if tokens >= 1 {
		return 0
	}
	return time.Duration(math.Ceil((1 - tokens) / float64(b.Limit()) * float64(time.Second)))
}
