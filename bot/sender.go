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

// Sender is the one sender of notifications: it drains the outbox table, which other code fills inside its
// own transactions. A row is deleted only once Telegram has taken it, so a crash loses nothing; at worst the
// message in flight at the crash is sent again after the restart.
//
// Each chat's rows go out strictly in id order, one at a time: a row waiting for a retry holds back the
// rows behind it. Different chats go concurrently, on a few workers, within the limiter the replies share.
type Sender struct {
	tg    *telegram
	store *store.Store
	log   *slog.Logger

	drainTimeout time.Duration // how long Run keeps delivering after its context ends
	workers      int
	rescanEvery  time.Duration // how often the table is read for rows nobody announced
	backoffBase  time.Duration // the wait after a row's first transient failure; doubled after each further one
	backoffCap   time.Duration

	wake chan struct{}

	counter Counter    // nil counts nothing
	beat    *heartbeat // nil keeps no heartbeat
}

// Defaults of the Sender.
const (
	defaultDrainTimeout = 5 * time.Second
	// senderWorkers covers Telegram's latency on a real network (100-300 ms a call, and each worker books
	// its slot up to outboxAhead early) at 30 messages/s.
	senderWorkers      = 24
	defaultRescanEvery = 30 * time.Second
	defaultBackoffBase = time.Second
	defaultBackoffCap  = 5 * time.Minute
	// outboxLoadBatch bounds one read of the table.
	outboxLoadBatch = 500
	// dbTimeout bounds the sender's own writes, which must complete even while it shuts down.
	dbTimeout = 10 * time.Second
)

func newSender(tg *telegram, st *store.Store, log *slog.Logger, drainTimeout time.Duration) *Sender {
	if drainTimeout <= 0 {
		drainTimeout = defaultDrainTimeout
	}
	return &Sender{tg: tg, store: st, log: log, drainTimeout: drainTimeout, workers: senderWorkers,
		rescanEvery: defaultRescanEvery, backoffBase: defaultBackoffBase, backoffCap: defaultBackoffCap,
		wake: make(chan struct{}, 1)}
}

// Notify tells the sender that new rows are committed. It never blocks; notices that arrive while one is
// pending are merged into it.
func (s *Sender) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers the outbox until ctx ends: every row pending at the start, the rows Notify announces, and
// any others it finds on reading the table now and then. When ctx ends it takes no new rows and keeps
// delivering those it holds for at most the drain timeout; whatever is left (cut off in flight included)
// stays in the table for the next start. Run is called once.
func (s *Sender) Run(ctx context.Context) error {
	// Workers outlive ctx by the drain timeout, so that the messages in hand still go out.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	d := &drain{s: s, chats: map[int64]*chatQueue{}, jobs: make(chan job, s.workers), results: make(chan result, s.workers)}
	var workers sync.WaitGroup
	for range s.workers {
		workers.Go(func() {
			for j := range d.jobs {
				d.results <- s.deliver(work, j)
			}
		})
	}
	d.load(ctx)
	s.serve(ctx, d)
	s.finish(d)
	stopWork()
	for d.inflight > 0 {
		d.apply(<-d.results)
	}
	close(d.jobs)
	workers.Wait()
	return nil
}

// serve hands rows to the workers until ctx ends.
func (s *Sender) serve(ctx context.Context, d *drain) {
	rescan := time.NewTicker(s.rescanEvery)
	defer rescan.Stop()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	s.beating(true)
	defer s.beating(false)
	for {
		s.beating(true)
		next := d.dispatch()
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
			d.load(ctx)
		case <-rescan.C:
			d.load(ctx)
		case r := <-d.results:
			d.apply(r)
		case <-timerAt(timer, next):
		}
	}
}

// finish keeps delivering what d holds for at most the drain timeout, and stops early once nothing more
// can go within it.
func (s *Sender) finish(d *drain) {
	deadline := time.Now().Add(s.drainTimeout)
	bound := time.NewTimer(s.drainTimeout)
	defer bound.Stop()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		next := d.dispatch()
		if d.inflight == 0 && (next.IsZero() || next.After(deadline)) {
			return
		}
		select {
		case <-bound.C:
			return
		case r := <-d.results:
			d.apply(r)
		case <-timerAt(timer, next):
		}
	}
}

// timerAt resets t to fire at next and returns its channel; a zero next gives nil, which never fires.
func timerAt(t *time.Timer, next time.Time) <-chan time.Time {
	if next.IsZero() {
		return nil
	}
	t.Reset(time.Until(next))
	return t.C
}

// drain is what Run holds: the rows read from the table, per chat, and the work handed out. Only Run's
// goroutine touches it.
type drain struct {
	s        *Sender
	chats    map[int64]*chatQueue
	lastID   int64 // the highest row id read; rows commit in id order, so reading on from it misses none
	inflight int
	jobs     chan job
	results  chan result
}

// chatQueue is one chat's rows, oldest first.
type chatQueue struct {
	rows  []store.OutboxMessage
	busy  bool // a worker has the head
	parts int  // parts of the head already sent, when it was split
}

// load reads the rows committed since the last read.
func (d *drain) load(ctx context.Context) {
	for {
		rows, err := d.s.store.PendingOutbox(ctx, d.lastID, outboxLoadBatch)
		if err != nil {
			if ctx.Err() == nil {
				d.s.log.Error("reading the outbox failed; will read it again", "error", err)
			}
			return
		}
		for _, r := range rows {
			q := d.chats[r.ChatID]
			if q == nil {
				q = &chatQueue{}
				d.chats[r.ChatID] = q
			}
			q.rows = append(q.rows, r)
			d.lastID = r.ID
		}
		if len(rows) < outboxLoadBatch {
			return
		}
	}
}

// dispatch hands ready heads to idle workers, oldest first. If a worker stays idle it returns when the next
// waiting chat may go (zero if none waits).
func (d *drain) dispatch() time.Time {
	for d.inflight < d.s.workers {
		chatID, next, ok := d.pick(time.Now())
		if !ok {
			return next
		}
		q := d.chats[chatID]
		q.busy = true
		d.inflight++
		d.jobs <- job{row: q.rows[0], parts: q.parts}
	}
	return time.Time{}
}

// pick finds the chat whose head may go now and is the oldest such row; failing that, when the first of
// the waiting chats may go. A scan per message is cheap next to a Bot API call, even for thousands of chats.
func (d *drain) pick(now time.Time) (chatID int64, next time.Time, ok bool) {
	var best int64
	for id, q := range d.chats {
		if q.busy || len(q.rows) == 0 {
			continue
		}
		at := now.Add(d.s.tg.limit.chatDelay(id))
		if nb := q.rows[0].NotBefore; nb != nil && nb.After(at) {
			at = *nb
		}
		switch {
		case at.After(now):
			if next.IsZero() || at.Before(next) {
				next = at
			}
		case !ok || q.rows[0].ID < best:
			chatID, best, ok = id, q.rows[0].ID, true
		}
	}
	return chatID, next, ok
}

// apply takes a worker's result into the queues.
func (d *drain) apply(r result) {
	d.inflight--
	id := r.row.ChatID
	q := d.chats[id]
	q.busy = false
	q.parts = r.parts
	switch r.outcome {
	case delivered, dropped:
		q.rows, q.parts = q.rows[1:], 0
	case retrying:
		q.rows[0] = r.row
	case unreachableChat:
		if d.markUnreachable(r) {
			q.rows = nil
		} else {
			ctx, cancel := context.WithTimeout(context.Background(), dbTimeout)
			q.rows[0] = d.s.retryLater(ctx, r.row, r.err)
			cancel()
		}
	}
	if len(q.rows) == 0 {
		delete(d.chats, id)
	}
}

// markUnreachable drops an unreachable chat's queue. It runs on Run's goroutine, between reads of the
// table, so that every row held for the chat is one the store's transaction deletes.
func (d *drain) markUnreachable(r result) bool {
	ctx, cancel := context.WithTimeout(context.Background(), dbTimeout)
	defer cancel()
	chatID := r.row.ChatID
	dropped, err := d.s.store.MarkChatUnreachable(ctx, chatID)
	if err != nil {
		d.s.log.Error("could not record an unreachable chat; will try it again", "chat", chatID, "error", err)
		return false
	}
	d.s.log.Warn("chat unreachable: the user blocked the bot or the chat is gone; dropped its queued messages",
		"chat", chatID, "dropped", dropped, "error", r.err)
	return true
}

// job is a chat's head row handed to a worker.
type job struct {
	row   store.OutboxMessage
	parts int // parts already sent
}

// outcome is what became of a job.
type outcome int

const (
	delivered       outcome = iota // Telegram took every part; the row is deleted
	dropped                        // Telegram refused it for good; the row is deleted
	retrying                       // a transient failure; the row waits out its backoff
	rateLimited                    // a 429; the limiter holds the chat for retry_after
	unreachableChat                // blocked bot or chat gone
	cutOff                         // Run stopped the worker; the row stays
)

// result is a job's outcome; row carries the new backoff when retrying.
type result struct {
	row     store.OutboxMessage
	parts   int // parts sent, this attempt included
	outcome outcome
	err     error
}

// deliver sends a row's remaining parts and settles the row in the table.
func (s *Sender) deliver(ctx context.Context, j job) result {
	r := result{row: j.row, parts: j.parts}
	msgs, err := rowMessages(j.row)
	if err != nil {
		r.outcome, r.err = dropped, err
	}
	for r.err == nil && r.parts < len(msgs) {
		if _, err := s.tg.send(ctx, msgs[r.parts], outboxPriority); err != nil {
			r.outcome, r.err = classify(ctx, err), err
			break
		}
		r.parts++
	}
	// The table is settled even when ctx has ended: the message went out, and must not go out again.
	dbctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), dbTimeout)
	defer cancel()
	switch r.outcome {
	case delivered:
		s.forget(dbctx, j.row, nil)
	case dropped:
		s.forget(dbctx, j.row, r.err)
	case retrying:
		r.row = s.retryLater(dbctx, j.row, r.err)
	case rateLimited:
		wait, _ := retryAfter(r.err)
		s.log.Info("rate limited by Telegram", "chat", j.row.ChatID, "outbox_id", j.row.ID, "retry_after", wait)
	}
	if s.counter != nil && r.outcome != cutOff {
		s.counter.Delivered(outcomeLabel[r.outcome])
	}
	return r
}

// outcomeLabel names an outcome for the metrics.
var outcomeLabel = map[outcome]string{delivered: "sent", dropped: "dropped", retrying: "retried",
	rateLimited: "rate_limited", unreachableChat: "unreachable"}

// beating records that the sender's loop went round (running), or that it stopped.
func (s *Sender) beating(running bool) {
	if s.beat == nil {
		return
	}
	s.beat.update(func(h *Health) {
		h.Sending = running
		if running {
			h.LastSendRun = time.Now()
		}
	})
}

// rowMessages is a row as the messages that carry it. Producers split long texts themselves; a row over
// Telegram's limit is split here all the same.
func rowMessages(row store.OutboxMessage) ([]tgbotapi.Chattable, error) {
	if row.Kind != store.KindText && row.Kind != store.KindPhoto {
		return nil, fmt.Errorf("unknown kind of message %q", row.Kind)
	}
	rows, err := store.DecodeKeyboard(row.Buttons)
	if err != nil {
		return nil, err
	}
	var keyboard [][]tgbotapi.InlineKeyboardButton
	for _, row := range rows {
		var line []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			line = append(line, tgbotapi.NewInlineKeyboardButtonData(b.Text, b.Data))
		}
		keyboard = append(keyboard, line)
	}
	if row.Kind == store.KindPhoto {
		return []tgbotapi.Chattable{photoMessage(row.ChatID, row.Photo, row.Text, keyboard)}, nil
	}
	var out []tgbotapi.Chattable
	for _, m := range htmlMessages(row.ChatID, row.Text, keyboard) {
		out = append(out, m)
	}
	return out, nil
}

// classify decides what a failed send means for its row.
func classify(ctx context.Context, err error) outcome {
	te, isAPI := apiError(err)
	switch _, limited := retryAfter(err); {
	case ctx.Err() != nil:
		return cutOff
	case limited:
		return rateLimited
	case unreachable(err):
		return unreachableChat
	case isAPI && te.Code == http.StatusBadRequest:
		// Telegram will never take this message (bad markup, a bad button): retrying cannot help.
		return dropped
	default:
		// The network, a 5xx, a proxy's error page, or an answer we could not read: worth another try.
		return retrying
	}
}

// forget deletes a row Telegram took (why == nil) or that can never be sent (Telegram refused it, or it
// is not a message this sender knows how to send).
func (s *Sender) forget(ctx context.Context, row store.OutboxMessage, why error) {
	if why != nil {
		// Telegram's description and the id, never the text: that is the users' business, not the log's.
		s.log.Error("a queued message cannot be sent; dropped it", "chat", row.ChatID, "outbox_id", row.ID, "error", why)
	}
	err := s.store.DeleteOutbox(ctx, row.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Error("could not delete a sent message from the outbox; it will be sent again after a restart",
			"chat", row.ChatID, "outbox_id", row.ID, "error", err)
	}
}

// retryLater counts a failed attempt and schedules the next with capped exponential backoff, kept in the
// table so that a restart does not start hammering again. It returns the row as it now is.
func (s *Sender) retryLater(ctx context.Context, row store.OutboxMessage, why error) store.OutboxMessage {
	row.Attempts++
	wait := min(s.backoffBase<<min(row.Attempts-1, 20), s.backoffCap)
	notBefore := time.Now().Add(wait)
	row.NotBefore, row.LastError = &notBefore, why.Error()
	s.log.Warn("sending a queued message failed; will retry", "chat", row.ChatID, "outbox_id", row.ID,
		"attempts", row.Attempts, "retry_in", wait, "error", why)
	if err := s.store.DeferOutbox(ctx, row.ID, row.Attempts, notBefore, row.LastError); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Error("could not record a retry in the outbox", "chat", row.ChatID, "outbox_id", row.ID, "error", err)
	}
	return row
}
