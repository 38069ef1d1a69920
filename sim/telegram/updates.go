package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// firstUpdateID is the first update_id handed out. Telegram's ids are large and arbitrary; starting far from zero
// catches a bot that confuses "no offset yet" (0) with an update id.
const firstUpdateID = 470000001

// maxLongPoll is the longest wait the Bot API grants a getUpdates timeout, in seconds (tdlib's
// LONG_POLL_MAX_TIMEOUT); larger timeouts are cut to it.
const maxLongPoll = 50

// updateKinds are the update types allowed_updates can name.
var updateKinds = []string{
	"message", "edited_message", "channel_post", "edited_channel_post", "business_connection", "business_message",
	"edited_business_message", "deleted_business_messages", "message_reaction", "message_reaction_count",
	"inline_query", "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query",
	"purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_member", "chat_join_request",
	"chat_boost", "removed_chat_boost",
}

// notByDefault are the update types a bot receives only when it asks for them in allowed_updates.
var notByDefault = map[string]bool{"chat_member": true, "message_reaction": true, "message_reaction_count": true}

// updateQueue holds the updates the bot has not confirmed yet.
type updateQueue struct {
	nextID  int
	pending []wireUpdate
	allowed map[string]bool // nil: Telegram's default set
	poll    *longPoll       // the getUpdates request waiting for an update, if any
}

type longPoll struct {
	conflict chan struct{} // closed when a newer getUpdates request terminates this one
}

func newUpdateQueue() updateQueue { return updateQueue{nextID: firstUpdateID} }

// wants reports whether the bot's allowed_updates admit kind.
func (q *updateQueue) wants(kind string) bool {
	if q.allowed == nil {
		return !notByDefault[kind]
	}
	return q.allowed[kind]
}

// setAllowed applies an allowed_updates parameter. Like the Bot API it keeps the previous setting when the value
// is absent or not a JSON array of strings (tgbotapi sends "null" when the bot sets nothing), and falls back to
// the default set for an empty list or one naming no known type.
func (q *updateQueue) setAllowed(raw string) {
	if strings.TrimSpace(raw) == "" {
		return
	}
	var names []string
	if err := json.Unmarshal([]byte(raw), &names); err != nil || names == nil {
		return
	}
	allowed := map[string]bool{}
	for _, n := range names {
		n = strings.ToLower(n)
		for _, k := range updateKinds {
			if n == k {
				allowed[k] = true
			}
		}
	}
	if len(allowed) == 0 {
		allowed = nil
	}
	q.allowed = allowed
}

// confirm forgets the updates an offset confirms: every id below it; a negative offset counts from the end.
func (q *updateQueue) confirm(offset int) {
	if offset == 0 {
		return
	}
	if offset < 0 {
		if len(q.pending) == 0 {
			return
		}
		offset += q.nextID
	}
	i := 0
	for i < len(q.pending) && q.pending[i].id < offset {
		i++
	}
	q.pending = q.pending[i:]
}

// batch is the first limit pending updates (never nil, so it encodes as []).
func (q *updateQueue) batch(limit int) []wireUpdate {
	n := min(limit, len(q.pending))
	return append(make([]wireUpdate, 0, n), q.pending[:n]...)
}

// enqueueLocked adds an update of kind unless the bot's allowed_updates exclude it (as Telegram does, the filter
// applies when the update is created). The caller holds s.mu.
func (s *Server) enqueueLocked(kind string, payload any) {
	if !s.updates.wants(kind) {
		return
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		panic(fmt.Sprintf("telegram sim: marshal %s update: %v", kind, err))
	}
	s.updates.pending = append(s.updates.pending, wireUpdate{id: s.updates.nextID, kind: kind, payload: raw})
	s.updates.nextID++
	s.notifyLocked()
}

func (s *Server) getUpdates(ctx context.Context, p *params) (any, *apiError) {
	offset := intParam(p, "offset", 0)
	limit := clamp(intParam(p, "limit", 100), 1, 100)
	timeout := clamp(intParam(p, "timeout", 0), 0, maxLongPoll)

	s.mu.Lock()
	q := &s.updates
	q.setAllowed(p.get("allowed_updates"))
	if q.poll != nil {
		// Telegram answers the older of two overlapping getUpdates requests with 409.
		close(q.poll.conflict)
		q.poll = nil
	}
	q.confirm(offset)
	if batch := q.batch(limit); len(batch) > 0 || timeout == 0 || s.closed {
		s.mu.Unlock()
		return batch, nil
	}
	lp := &longPoll{conflict: make(chan struct{})}
	q.poll = lp
	s.notifyLocked()
	changed := s.changed
	s.mu.Unlock()

	// The long-poll timeout is real time, not the injected clock: it bounds how long an HTTP request stays open.
	timer := time.NewTimer(time.Duration(timeout) * time.Second)
	defer timer.Stop()
	for {
		select {
		case <-lp.conflict:
			return nil, errConflict
		case <-ctx.Done():
			return s.unpark(lp), nil
		case <-timer.C:
			return s.unpark(lp), nil
		case <-s.done:
			return s.unpark(lp), nil
		case <-changed:
		}
		s.mu.Lock()
		if q.poll == lp {
			if batch := q.batch(limit); len(batch) > 0 {
				q.poll = nil
				s.notifyLocked()
				s.mu.Unlock()
				return batch, nil
			}
		}
		changed = s.changed
		s.mu.Unlock()
	}
}

// unpark ends a long poll that found nothing, returning its (empty) answer.
func (s *Server) unpark(lp *longPoll) []wireUpdate {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.updates.poll == lp {
		s.updates.poll = nil
		s.notifyLocked()
	}
	return []wireUpdate{}
}

// WaitPoll blocks until a getUpdates long poll is waiting for updates, so a test knows the bot is listening
// (and that an update it sends next arrives during the poll) without sleeping.
func (s *Server) WaitPoll(ctx context.Context) error {
	return s.waitFor(ctx, func() bool { return s.updates.poll != nil })
}

// Pending is how many updates the bot has not yet confirmed with a getUpdates offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates.pending)
}

// deleteWebhook succeeds: this server never has a webhook, but bots call it before polling.
func (s *Server) deleteWebhook(context.Context, *params) (any, *apiError) { return true, nil }

func (s *Server) getWebhookInfo(context.Context, *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return wireWebhookInfo{PendingUpdateCount: len(s.updates.pending)}, nil
}

// intParam reads an integer parameter the way the Bot API does: absent gives def, garbage gives 0.
func intParam(p *params, key string, def int) int {
	v := strings.TrimSpace(p.get(key))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	return n
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
