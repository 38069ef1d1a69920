package telegram

import (
	"context"
	"fmt"
	"strings"
)

// Messages returns every message the bot sent in chatID, in its current state, in send order (deleted ones
// included, with Deleted set).
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.botMessagesLocked(chatID, 0)
}

func (s *Server) botMessagesLocked(chatID int64, after int) []Message {
	cs := s.chats[chatID]
	if cs == nil {
		return nil
	}
	var out []Message
	for _, m := range cs.msgs {
		if m.fromBot && m.id > after {
			out = append(out, cs.exported(m))
		}
	}
	return out
}

// WaitMessage returns the first bot message in chatID, already there or yet to come, sent or edited into a state
// for which match is true (nil matches any; deleted messages are offered too, with Deleted set). It fails when
// ctx ends or the server closes.
// match runs without the server's lock held, so it may call the Server.
func (s *Server) WaitMessage(ctx context.Context, chatID int64, match func(Message) bool) (Message, error) {
	return s.WaitNewMessage(ctx, chatID, 0, match)
}

// WaitNewMessage is WaitMessage among the messages with an ID greater than after, so that a test can wait for
// the reply to what it just sent: after = the id SendText returned.
func (s *Server) WaitNewMessage(ctx context.Context, chatID int64, after int, match func(Message) bool) (Message, error) {
	for {
		s.mu.Lock()
		msgs := s.botMessagesLocked(chatID, after)
		changed, closed := s.changed, s.closed
		s.mu.Unlock()
		for _, m := range msgs {
			if match == nil || match(m) {
				return m, nil
			}
		}
		if closed {
			return Message{}, ErrClosed
		}
		select {
		case <-ctx.Done():
			return Message{}, fmt.Errorf("telegram sim: no matching bot message in chat %d (%d seen): %w",
				chatID, len(msgs), ctx.Err())
		case <-changed:
		}
	}
}

// Calls returns every API request received for method (any case; "" for all), refused ones included, oldest
// first.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

func (s *Server) callsLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || strings.EqualFold(c.Method, method) {
			out = append(out, c)
		}
	}
	return out
}

// WaitCall returns the first call to method (already made or yet to come) for which match is true. A call is
// recorded when its answer is ready, so for getUpdates this waits for the long poll to end.
func (s *Server) WaitCall(ctx context.Context, method string, match func(Call) bool) (Call, error) {
	for {
		s.mu.Lock()
		calls := s.callsLocked(method)
		changed, closed := s.changed, s.closed
		s.mu.Unlock()
		for _, c := range calls {
			if match == nil || match(c) {
				return c, nil
			}
		}
		if closed {
			return Call{}, ErrClosed
		}
		select {
		case <-ctx.Done():
			return Call{}, fmt.Errorf("telegram sim: no matching %s call: %w", method, ctx.Err())
		case <-changed:
		}
	}
}

// subscriber is one Subscribe channel.
type subscriber struct {
	ch chan Event
}

// defaultEventBuffer is the buffer Subscribe gives when asked for none.
const defaultEventBuffer = 256

// Subscribe returns a channel with one Event per bot message sent, edited or deleted, per callback answer and per
// chat action, and a func that unsubscribes (and closes the channel). The server never blocks on a subscriber:
// when the buffer (buf events; 256 if buf <= 0) is full the event is dropped and counted in DroppedEvents.
// Close closes every subscription's channel.
func (s *Server) Subscribe(buf int) (<-chan Event, func()) {
	if buf <= 0 {
		buf = defaultEventBuffer
	}
	sub := &subscriber{ch: make(chan Event, buf)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(sub.ch)
		return sub.ch, func() {}
	}
	s.nextSub++
	id := s.nextSub
	s.subs[id] = sub
	return sub.ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.subs[id]; ok {
			delete(s.subs, id)
			close(sub.ch)
		}
	}
}

// DroppedEvents counts the events dropped because a subscriber's buffer was full.
func (s *Server) DroppedEvents() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

// emitLocked hands ev to every subscriber that has room.
func (s *Server) emitLocked(ev Event) {
	for _, sub := range s.subs {
		select {
		case sub.ch <- ev:
		default:
			s.dropped++
		}
	}
}

// emitMessageLocked reports a change to a bot message, to subscribers and to the Wait methods.
func (s *Server) emitMessageLocked(kind EventKind, cs *chatState, m *message) {
	s.emitLocked(Event{Kind: kind, ChatID: cs.chat.ID, Message: cs.exported(m), At: s.now()})
	s.notifyLocked()
}
