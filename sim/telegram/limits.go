package telegram

import (
	"math"
	"time"

	"golang.org/x/time/rate"
)

// Limits is the server's flood control, which answers 429 "Too Many Requests: retry after N" with
// parameters.retry_after = N. It counts sendMessage, sendPhoto, editMessageText and editMessageReplyMarkup that
// would otherwise succeed (a refused request costs nothing); answerCallbackQuery, sendChatAction, getUpdates and
// the rest are free. A zero field takes Telegram's documented figure; a negative one turns that limit off.
type Limits struct {
	Disabled       bool
	PerChatRate    float64 // messages per second in one chat; default 1
	PerChatBurst   int     // how many a chat may get at once; default 3
	GroupPerMinute int     // messages per minute in one group or supergroup; default 20 (also the burst)
	GlobalRate     float64 // messages per second over all chats; default 30
	GlobalBurst    int     // default 30
}

func (l Limits) withDefaults() Limits {
	if l.PerChatRate == 0 {
		l.PerChatRate = 1
	}
	if l.PerChatBurst <= 0 {
		l.PerChatBurst = 3
	}
	if l.GroupPerMinute == 0 {
		l.GroupPerMinute = 20
	}
	if l.GlobalRate == 0 {
		l.GlobalRate = 30
	}
	if l.GlobalBurst <= 0 {
		l.GlobalBurst = 30
	}
	return l
}

// SetLimits replaces the flood control with l, starting every bucket full.
func (s *Server) SetLimits(l Limits) {
	s.mu.Lock()
	s.limiter = newLimiter(l)
	s.mu.Unlock()
}

// limiter holds the token buckets. They run on the server's clock, so a test that stops the clock gets exact,
// repeatable 429s, and moves the clock to let messages through again.
type limiter struct {
	limits  Limits
	global  *rate.Limiter
	perChat map[int64]*rate.Limiter
	group   map[int64]*rate.Limiter
}

func newLimiter(l Limits) *limiter {
	l = l.withDefaults()
	lm := &limiter{limits: l, perChat: map[int64]*rate.Limiter{}, group: map[int64]*rate.Limiter{}}
	if l.GlobalRate > 0 {
		lm.global = rate.NewLimiter(rate.Limit(l.GlobalRate), l.GlobalBurst)
	}
	return lm
}

// admit takes one message from every bucket that applies to chat, or none if any is empty; then it returns the
// 429 with the whole seconds until all of them have a message to spare.
func (lm *limiter) admit(now time.Time, chat Chat) *apiError {
	if lm.limits.Disabled {
		return nil
	}
	var buckets []*rate.Limiter
	if lm.global != nil {
		buckets = append(buckets, lm.global)
	}
	if lm.limits.PerChatRate > 0 {
		b := lm.perChat[chat.ID]
		if b == nil {
			b = rate.NewLimiter(rate.Limit(lm.limits.PerChatRate), lm.limits.PerChatBurst)
			lm.perChat[chat.ID] = b
		}
		buckets = append(buckets, b)
	}
	if chat.Type != ChatPrivate && lm.limits.GroupPerMinute > 0 {
		b := lm.group[chat.ID]
		if b == nil {
			b = rate.NewLimiter(rate.Limit(float64(lm.limits.GroupPerMinute)/60), lm.limits.GroupPerMinute)
			lm.group[chat.ID] = b
		}
		buckets = append(buckets, b)
	}
	wait := 0.0
	for _, b := range buckets {
		if tokens := b.TokensAt(now); tokens < 1 {
			wait = math.Max(wait, (1-tokens)/float64(b.Limit()))
		}
	}
	if wait > 0 {
		return tooManyRequests(int(math.Ceil(wait)))
	}
	for _, b := range buckets {
		b.AllowN(now, 1)
	}
	return nil
}
