package bot

import (
	"sync"
	"time"
)

// Counter counts what the bot does, for the metrics.
type Counter interface {
	// Handled is one command or button press: route is a registered route, "unknown", or "message" for
	// text that is not a command.
	Handled(route string, took time.Duration)
	// Delivered is one attempt at a queued message: "sent", "rate_limited", "retried", "dropped" or
	// "unreachable".
	Delivered(outcome string)
}

// Health is what the bot's loops last did, for the health endpoint.
type Health struct {
	Polling     bool      // the long-poll loop is running
	LastPoll    time.Time // when getUpdates last returned, answered or not
	LastPollOK  time.Time // when getUpdates last answered
	Sending     bool      // the sender is running
	LastSendRun time.Time // when the sender's loop last went round (it does at least every rescan)
}

// Alive says whether the bot's loops are running and none has been stuck for longer than stuck.
func (h Health) Alive(now time.Time, stuck time.Duration) bool {
	return h.Polling && h.Sending && now.Sub(h.LastPoll) < stuck && now.Sub(h.LastSendRun) < stuck
}

// heartbeat records the loops' progress.
type heartbeat struct {
	mu sync.Mutex
	h  Health
}

func (hb *heartbeat) update(f func(*Health)) {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	f(&hb.h)
}

// Health reports what the bot's loops last did.
func (b *Bot) Health() Health {
	b.beat.mu.Lock()
	defer b.beat.mu.Unlock()
	return b.beat.h
}

// StuckAfter is how long a loop may go without a round before the bot counts as stuck: the long poll's
// wait, plus the longest backoff after failures, plus slack.
func (b *Bot) StuckAfter() time.Duration {
	return max(b.opts.PollTimeout, defaultRescanEvery) + time.Minute + 30*time.Second
}

// routeLabel is the request's route as the metrics name it: only registered routes, so that what users
// type cannot grow the label set.
func (b *Bot) routeLabel(r *Request) string {
	if r.Route == "" {
		return "message"
	}
	if _, _, ok := b.router.route(r); ok {
		return r.Route
	}
	return "unknown"
}
