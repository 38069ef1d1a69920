package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"pitboss/store"
)

func mustEnqueue(t *testing.T, s *store.Store, msgs ...store.OutboxMessage) []store.OutboxMessage {
	t.Helper()
	if err := s.Enqueue(context.Background(), msgs...); err != nil {
		t.Fatal(err)
	}
	return mustPending(t, s)
}

func mustPending(t *testing.T, s *store.Store) []store.OutboxMessage {
	t.Helper()
	msgs, err := s.PendingOutbox(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

func TestEnqueuedMessagesComeBackInOrderWithTheirKeyboards(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		kb, err := store.EncodeKeyboard([][]store.Button{{{Text: "Mute 1h", Data: "mute:rig01:1h"}, {Text: "Ack", Data: "ack:7"}}})
		if err != nil {
			t.Fatal(err)
		}
		msgs := mustEnqueue(t, s,
			store.OutboxMessage{ChatID: 1001, Text: "<b>rig01</b> GPU 0 at 91 °C", Buttons: kb},
			store.OutboxMessage{ChatID: -2002, Text: "second"},
			store.OutboxMessage{ChatID: 1001, Text: "third"})
		if len(msgs) != 3 || msgs[0].Text != "<b>rig01</b> GPU 0 at 91 °C" || msgs[1].Text != "second" || msgs[2].Text != "third" {
			t.Fatalf("pending: %+v", msgs)
		}
		for i, m := range msgs {
			if i > 0 && m.ID <= msgs[i-1].ID {
				t.Fatalf("ids out of order: %d after %d", m.ID, msgs[i-1].ID)
			}
			if m.Kind != store.KindText || !m.CreatedAt.Equal(day) || m.Attempts != 0 || m.NotBefore != nil {
				t.Fatalf("message %d: %+v", i, m)
			}
		}
		rows, err := store.DecodeKeyboard(msgs[0].Buttons)
		if err != nil || len(rows) != 1 || rows[0][1] != (store.Button{Text: "Ack", Data: "ack:7"}) {
			t.Fatalf("keyboard: %+v %v", rows, err)
		}
		if rows, err := store.DecodeKeyboard(msgs[1].Buttons); err != nil || rows != nil {
			t.Fatalf("no keyboard: %+v %v", rows, err)
		}
		after, err := s.PendingOutbox(context.Background(), msgs[0].ID, 1)
		if err != nil || len(after) != 1 || after[0].ID != msgs[1].ID {
			t.Fatalf("after the first, limit 1: %+v %v", after, err)
		}
	})
}

func TestEncodeKeyboardRefusesButtonsTelegramWould(t *testing.T) {
	if s, err := store.EncodeKeyboard(nil); s != "" || err != nil {
		t.Fatalf("no rows: %q %v", s, err)
	}
	for _, b := range []store.Button{{Text: "", Data: "x"}, {Text: "x", Data: ""}, {Text: "x", Data: strings.Repeat("d", 65)}} {
		if _, err := store.EncodeKeyboard([][]store.Button{{b}}); err == nil {
			t.Errorf("%+v accepted", b)
		}
	}
	if _, err := store.DecodeKeyboard("[[{"); err == nil {
		t.Error("broken JSON decoded")
	}
}

func TestDeferredMessageKeepsItsBackoffAfterARestart(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpen(t, db, func() time.Time { return day })
		m := mustEnqueue(t, s, store.OutboxMessage{ChatID: 1001, Text: "hot"})[0]
		retry := day.Add(4 * time.Second)
		if err := s.DeferOutbox(context.Background(), m.ID, 3, retry, strings.Repeat("502 Bad Gateway ", 100)); err != nil {
			t.Fatal(err)
		}
		s.Close()
		got := mustPending(t, mustOpen(t, db, nil))
		if len(got) != 1 || got[0].Attempts != 3 || got[0].NotBefore == nil || !got[0].NotBefore.Equal(retry) {
			t.Fatalf("after reopening: %+v", got)
		}
		if !strings.HasPrefix(got[0].LastError, "502 Bad Gateway") || len(got[0].LastError) > 500 {
			t.Fatalf("last error of %d bytes: %.40q", len(got[0].LastError), got[0].LastError)
		}
	})
}

func TestDeletedOrDeferredUnknownMessageIsErrNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		msgs := mustEnqueue(t, s, store.OutboxMessage{ChatID: 1, Text: "a"}, store.OutboxMessage{ChatID: 1, Text: "b"})
		ctx := context.Background()
		if err := s.DeleteOutbox(ctx, msgs[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteOutbox(ctx, msgs[0].ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("second delete: %v", err)
		}
		if err := s.DeferOutbox(ctx, msgs[0].ID, 1, day, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("defer of a deleted message: %v", err)
		}
		if left := mustPending(t, s); len(left) != 1 || left[0].ID != msgs[1].ID {
			t.Fatalf("left: %+v", left)
		}
	})
}

func TestUnreachableChatLosesItsQueueUntilTheUserWritesAgain(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		now := day
		s := mustOpen(t, db, func() time.Time { return now })
		ctx := context.Background()
		if err := s.SyncConfigUsers(ctx, nil, []int64{501, 502}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{501, 502} {
			if err := s.SeenInPrivate(ctx, id, id, "rig hand", ""); err != nil {
				t.Fatal(err)
			}
		}
		mustEnqueue(t, s, store.OutboxMessage{ChatID: 501, Text: "a"}, store.OutboxMessage{ChatID: 502, Text: "b"},
			store.OutboxMessage{ChatID: 501, Text: "c"})

		dropped, err := s.MarkChatUnreachable(ctx, 501)
		if err != nil || dropped != 2 {
			t.Fatalf("dropped %d, %v", dropped, err)
		}
		if left := mustPending(t, s); len(left) != 1 || left[0].ChatID != 502 {
			t.Fatalf("left: %+v", left)
		}
		now = day.Add(time.Hour)
		if _, err := s.MarkChatUnreachable(ctx, 501); err != nil {
			t.Fatal(err)
		}
		u, _ := s.User(ctx, 501)
		if u.UnreachableSince == nil || !u.UnreachableSince.Equal(day) {
			t.Fatalf("unreachable since %v, want the first time, %v", u.UnreachableSince, day)
		}
		if other, _ := s.User(ctx, 502); other.UnreachableSince != nil {
			t.Fatal("another user was marked")
		}
		if err := s.SeenInPrivate(ctx, 501, 501, "rig hand", ""); err != nil {
			t.Fatal(err)
		}
		if u, _ := s.User(ctx, 501); u.UnreachableSince != nil {
			t.Fatalf("still unreachable since %v after writing to the bot", u.UnreachableSince)
		}
	})
}

func TestOutboxDepthCountsQueuedMessagesAndTheOldest(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		now := day
		s := mustOpen(t, db, func() time.Time { return now })
		ctx := context.Background()
		if n, oldest, err := s.OutboxDepth(ctx); n != 0 || !oldest.IsZero() || err != nil {
			t.Fatalf("empty: %d %v %v", n, oldest, err)
		}
		first := mustEnqueue(t, s, store.OutboxMessage{ChatID: 1, Text: "a"})[0]
		now = day.Add(time.Minute)
		mustEnqueue(t, s, store.OutboxMessage{ChatID: 2, Text: "b"}, store.OutboxMessage{ChatID: 3, Text: "c"})
		if n, oldest, err := s.OutboxDepth(ctx); n != 3 || !oldest.Equal(day) || err != nil {
			t.Fatalf("three: %d %v %v", n, oldest, err)
		}
		if err := s.DeleteOutbox(ctx, first.ID); err != nil {
			t.Fatal(err)
		}
		if n, oldest, err := s.OutboxDepth(ctx); n != 2 || !oldest.Equal(now) || err != nil {
			t.Fatalf("two: %d %v %v", n, oldest, err)
		}
	})
}

func TestOutboxErrorsAreTheStoresOwn(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := s.Enqueue(ctx, store.OutboxMessage{ChatID: 1, Text: "a"}); !errors.Is(err, context.Canceled) {
			t.Fatalf("enqueue with a cancelled context: %v", err)
		}
		s.Close()
		_, err := s.PendingOutbox(context.Background(), 0, 10)
		var se *store.Error
		if !errors.As(err, &se) || se.Op != "pending outbox" {
			t.Fatalf("on a closed store: %#v", err)
		}
	})
}

// TestTheSenderReadingOnFromTheLastIDMissesNoMessage has writers queue messages at once while a reader reads
// on from the highest id it has seen, as the sender does: every message must reach it.
func TestTheSenderReadingOnFromTheLastIDMissesNoMessage(t *testing.T) {
	forEachDB(t, func(t *testing.T, db testDB) {
		s := mustOpenStore(t, db)
		ctx := context.Background()
		const writers, batches, perBatch = 4, 10, 50
		done := make(chan struct{})
		go func() {
			defer close(done)
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					for range batches {
						msgs := make([]store.OutboxMessage, perBatch)
						for i := range msgs {
							msgs[i] = store.OutboxMessage{ChatID: int64(w), Text: strings.Repeat("x", 200)}
						}
						if err := s.Enqueue(ctx, msgs...); err != nil {
							t.Error(err)
						}
					}
				})
			}
			wg.Wait()
		}()
		seen := map[int64]bool{}
		var last int64
		read := func() {
			msgs, err := s.PendingOutbox(ctx, last, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				seen[m.ID] = true
				last = m.ID
			}
		}
		for running := true; running; {
			select {
			case <-done:
				running = false
			default:
			}
			read()
		}
		read()
		all := mustPending(t, s)
		missed := 0
		for _, m := range all {
			if !seen[m.ID] {
				missed++
			}
		}
		if len(all) != writers*batches*perBatch || missed != 0 {
			t.Fatalf("%d messages queued, %d of them missed by the reader", len(all), missed)
		}
	})
}
