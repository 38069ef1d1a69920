package telegram

import (
	"context"
	"fmt"
	"strconv"
)

// callbackIDBase makes callback query ids look like Telegram's: long decimal strings.
const callbackIDBase int64 = 4380000000000000000

// callbackQuery is a button press waiting for (or given) the bot's answer.
type callbackQuery struct {
	chatID   int64
	answered bool
	answer   Answer
}

func (s *Server) answerCallbackQuery(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p.get("callback_query_id")
	q := s.queries[id]
	// Telegram accepts one answer per query; a second one, or an unknown id, gets the same error.
	if q == nil || q.answered {
		return nil, errQueryInvalid
	}
	q.answered = true
	q.answer = Answer{QueryID: id, Text: p.get("text"), ShowAlert: boolParam(p, "show_alert"), URL: p.get("url")}
	s.emitLocked(Event{Kind: EventAnswered, ChatID: q.chatID, Answer: q.answer, At: s.now()})
	s.notifyLocked()
	return true, nil
}

// WaitAnswer blocks until the bot answers the callback query queryID (already answered counts), or ctx ends.
func (s *Server) WaitAnswer(ctx context.Context, queryID string) (Answer, error) {
	var a Answer
	var unknown bool
	err := s.waitFor(ctx, func() bool {
		q := s.queries[queryID]
		if q == nil {
			unknown = true
			return true
		}
		a = q.answer
		return q.answered
	})
	if err != nil {
		return Answer{}, fmt.Errorf("telegram sim: waiting for the answer to %s: %w", queryID, err)
	}
	if unknown {
		return Answer{}, fmt.Errorf("telegram sim: no callback query %s", queryID)
	}
	return a, nil
}

// newQueryIDLocked hands out the next callback query id.
func (s *Server) newQueryIDLocked() string {
	s.nextQuery++
	return strconv.FormatInt(callbackIDBase+s.nextQuery, 10)
}

// chatInstance is the per-chat identifier Telegram puts on callback queries; stable for a chat.
func chatInstance(chatID int64) string {
	return strconv.FormatInt(int64(uint64(chatID)*0x9E3779B97F4A7C15>>2), 10)
}
