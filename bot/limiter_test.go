package bot

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// These tests run in a synctest bubble: time is virtual, so the limiter's arithmetic is checked exactly,
// with no real waiting and no flakiness.

// takes records when each wait returned, per chat.
type takes struct {
	mu  sync.Mutex
	all []time.Time
	per map[int64][]time.Time
	ids []int64 // chat of each take, in order
}

func (tk *takes) wait(t *testing.T, l *limiter, chatID int64, p priority) {
	if err := l.wait(context.Background(), chatID, p); err != nil {
		t.Error(err)
		return
	}
	tk.mu.Lock()
	defer tk.mu.Unlock()
	if tk.per == nil {
		tk.per = map[int64][]time.Time{}
	}
	now := time.Now()
	tk.all = append(tk.all, now)
	tk.per[chatID] = append(tk.per[chatID], now)
	tk.ids = append(tk.ids, chatID)
}

// mostInWindow is the largest number of times within any window of length w.
func mostInWindow(times []time.Time, w time.Duration) int {
	ts := slices.Clone(times)
	slices.SortFunc(ts, time.Time.Compare)
	most := 0
	for i := range ts {
		n := 0
		for j := i; j < len(ts) && ts[j].Sub(ts[i]) < w; j++ {
			n++
		}
		most = max(most, n)
	}
	return most
}

func TestLimiterStaysUnderTelegramsLimitsAtFullSpeed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(defaultSendLimits, time.Now)
		var tk takes
		var wg sync.WaitGroup
		start := time.Now()
		for i := range 300 {
			wg.Go(func() { tk.wait(t, l, int64(1000+i), outboxPriority) })
		}
		for range 10 {
			wg.Go(func() { tk.wait(t, l, 42, replyPriority) })
			wg.Go(func() { tk.wait(t, l, 42, outboxPriority) })
		}
		for range 25 {
			wg.Go(func() { tk.wait(t, l, -100200, outboxPriority) })
		}
		wg.Wait()
		if n := mostInWindow(tk.all, time.Second); n > 30 {
			t.Errorf("%d messages within one second; Telegram allows 30", n)
		}
		if n := mostInWindow(tk.per[42], time.Second); n > 3 {
			t.Errorf("%d messages to one chat within one second", n)
		}
		if n := mostInWindow(tk.per[-100200], time.Minute); n > 20 {
			t.Errorf("%d messages to one group within one minute; Telegram allows 20", n)
		}
		// Chat 42 takes 20 s and the group minutes; the other chats fill the global budget meanwhile.
		inTenSeconds := 0
		for _, at := range tk.all {
			if at.Sub(start) < 10*time.Second {
				inTenSeconds++
			}
		}
		if rate := float64(inTenSeconds) / 10; rate < 27 {
			t.Errorf("%.1f messages/s, want at least 27", rate)
		}
	})
}

func TestReplyGetsTheNextTokenAheadOfQueuedNotifications(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(defaultSendLimits, time.Now)
		var tk takes
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Go(func() { tk.wait(t, l, int64(1000+i), outboxPriority) })
		}
		time.Sleep(500 * time.Millisecond) // virtual: the notifications are well under way
		tk.mu.Lock()
		before := len(tk.ids)
		tk.mu.Unlock()
		wg.Go(func() { tk.wait(t, l, 7, replyPriority) })
		wg.Wait()
		// Only the notifications already booked within outboxAhead may go before it.
		booked := int(defaultSendLimits.outboxAhead.Seconds()*float64(defaultSendLimits.globalRate)) + 1
		if at := slices.Index(tk.ids, 7); at-before > booked {
			t.Fatalf("%d notifications went out while the reply waited", at-before)
		}
	})
}

func TestQueuedNotificationsTakeTheGlobalBudgetInTheOrderTheyCame(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(defaultSendLimits, time.Now)
		var tk takes
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Go(func() { tk.wait(t, l, int64(1000+i), outboxPriority) })
			synctest.Wait() // in line before the next comes
		}
		wg.Wait()
		for i, id := range tk.ids {
			if id != int64(1000+i) {
				t.Fatalf("take %d went to chat %d: %v", i, id, tk.ids)
			}
		}
	})
}

func TestReplyWaitingForItsChatHoldsBackNoOtherChat(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(defaultSendLimits, time.Now)
		ctx := context.Background()
		for range 2 {
			if err := l.wait(ctx, 7, replyPriority); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		var tk takes
		var wg sync.WaitGroup
		wg.Go(func() { tk.wait(t, l, 7, replyPriority) }) // waits a second for its chat
		for i := range 56 {
			wg.Go(func() { tk.wait(t, l, int64(1000+i), outboxPriority) })
		}
		wg.Wait()
		if got := tk.per[7][0].Sub(start); got < time.Second-time.Millisecond {
			t.Fatalf("the reply went after %v, within its chat's second", got)
		}
		inFirstSecond := 0
		for _, at := range tk.all {
			if at.Sub(start) < time.Second {
				inFirstSecond++
			}
		}
		if inFirstSecond < 25 {
			t.Fatalf("%d notifications in the second the reply waited for its chat", inFirstSecond)
		}
	})
}

func TestRetryAfterHoldsTheChatOffForEveryone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(defaultSendLimits, time.Now)
		ctx := context.Background()
		start := time.Now()
		l.holdOff(7, 3*time.Second)
		if d := l.chatDelay(7); d != 3*time.Second {
			t.Fatalf("chat delay %v", d)
		}
		if err := l.wait(ctx, 8, outboxPriority); err != nil || time.Since(start) != 0 {
			t.Fatalf("another chat waited %v (%v)", time.Since(start), err)
		}
		if err := l.wait(ctx, 7, replyPriority); err != nil || time.Since(start) != 3*time.Second {
			t.Fatalf("the held chat went after %v (%v)", time.Since(start), err)
		}
		l.holdOff(7, maxRetryAfter+time.Second)
		if err := l.wait(ctx, 7, replyPriority); !errors.Is(err, errHeldOff) {
			t.Fatalf("a reply held off past the cap: %v", err)
		}
	})
}

func TestWaitEndsWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(defaultSendLimits, time.Now)
		l.holdOff(7, time.Hour)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := l.wait(ctx, 7, outboxPriority); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("wait: %v", err)
		}
	})
}

func TestLimiterForgetsChatsWhoseBudgetRefilled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(defaultSendLimits, time.Now)
		ctx := context.Background()
		for i := range 50 {
			if err := l.wait(ctx, int64(-1000-i), outboxPriority); err != nil {
				t.Fatal(err)
			}
		}
		l.holdOff(7, time.Hour)
		time.Sleep(2 * sweepEvery)
		if err := l.wait(ctx, 8, outboxPriority); err != nil {
			t.Fatal(err)
		}
		if len(l.chats) != 2 { // 7, still held, and 8, just used
			t.Fatalf("%d chats remembered, want 2", len(l.chats))
		}
	})
}
