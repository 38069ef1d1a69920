package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"pitboss/store"
)

// leaseRetry is how often the tests' standbys try for the lease, and their holders check it.
const leaseRetry = 100 * time.Millisecond

// takeover bounds how long a standby may take to hold the lease once it is free: a few tries, with room
// for a loaded machine.
const takeover = 20 * leaseRetry

func mustLease(t *testing.T, s *store.Store) *store.Lease {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), takeover)
	defer cancel()
	l, err := s.AcquireLease(ctx, leaseRetry)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestOnSQLiteTheLeaseIsHeldAtOnceAndNeverLost(t *testing.T) {
	db := newTestDB(t, store.SQLite)
	a, b := mustOpen(t, db, nil), mustOpen(t, db, nil)
	la, lb := mustLease(t, a), mustLease(t, b)
	select {
	case <-la.Lost():
		t.Fatal("lost")
	case <-lb.Lost():
		t.Fatal("lost")
	case <-time.After(3 * leaseRetry):
	}
	if err := la.Release(); err != nil {
		t.Fatal(err)
	}
	if err := lb.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AcquireLease(context.Background(), 0); err == nil {
		t.Fatal("a retry of 0s was accepted")
	}
}

// standby starts s trying for the lease; the channel gets the lease, or nil on failure.
func standby(t *testing.T, s *store.Store) <-chan *store.Lease {
	t.Helper()
	got := make(chan *store.Lease, 1)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	go func() {
		l, err := s.AcquireLease(ctx, leaseRetry)
		if err != nil {
			t.Errorf("standby: %v", err)
		}
		got <- l
	}()
	return got
}

// TestTheLeasePassesToTheStandby runs two pitboss processes' stores on one PostgreSQL database: the first
// holds the lease, the second waits for it and takes over however the first lets go.
func TestTheLeasePassesToTheStandby(t *testing.T) {
	for _, tc := range []struct {
		name    string
		letGo   func(t *testing.T, db testDB, s *store.Store, l *store.Lease)
		lost    bool // the holder's Lost closes
		release error
	}{
		{"the holder's session dies", func(t *testing.T, db testDB, _ *store.Store, _ *store.Lease) {
			// What the server does when the holder's process dies, or a network cut outlasts the keepalives.
			var n int
			err := db.raw(t).Raw(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted
				AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n).Error
			if err != nil || n != 1 {
				t.Fatalf("ended %d sessions holding the lease: %v", n, err)
			}
		}, true, nil},
		{"the holder releases it", func(t *testing.T, _ testDB, _ *store.Store, l *store.Lease) {
			if err := l.Release(); err != nil {
				t.Fatal(err)
			}
		}, false, nil},
		{"the holder's store is closed", func(t *testing.T, _ testDB, s *store.Store, _ *store.Lease) {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := newTestDB(t, store.Postgres)
			active, other := mustOpen(t, db, nil), mustOpen(t, db, nil)
			held := mustLease(t, active)

			// While it is held, the standby waits.
			ctx, cancel := context.WithTimeout(context.Background(), 5*leaseRetry)
			defer cancel()
			if l, err := other.AcquireLease(ctx, leaseRetry); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("a second holder: %v, %v", l, err)
			}
			got := standby(t, other)
			select {
			case <-got:
				t.Fatal("the standby took a lease still held")
			case <-held.Lost():
				t.Fatal("the holder lost a lease nobody took")
			case <-time.After(3 * leaseRetry):
			}

			start := time.Now()
			tc.letGo(t, db, active, held)
			select {
			case l := <-got:
				if l == nil {
					t.FailNow()
				}
				t.Logf("the standby took over in %v", time.Since(start))
				defer l.Release()
			case <-time.After(takeover):
				t.Fatalf("the standby does not hold the lease %v after the holder let go", takeover)
			}
			if tc.lost {
				select {
				case <-held.Lost():
				case <-time.After(takeover):
					t.Fatalf("the holder was not told, %v after its session ended", takeover)
				}
			}
			if err := held.Release(); err != nil {
				t.Fatalf("releasing a lease already gone: %v", err)
			}
		})
	}
}

// TestATakeOverKnowsTheRigsTheOtherProcessAdded hands the lease back and forth between two stores that
// both write history: each must see the rigs the other numbered while it stood by.
func TestATakeOverKnowsTheRigsTheOtherProcessAdded(t *testing.T) {
	db := newTestDB(t, store.Postgres)
	a, b := mustOpen(t, db, nil), mustOpen(t, db, nil)
	ctx := context.Background()
	for i, s := range []*store.Store{a, b, a} {
		l := mustLease(t, s)
		at := day.Add(time.Duration(i) * time.Minute)
		if err := s.SaveCycle(ctx, store.Cycle{Source: "hiveos", At: at, Readings: farmReadings("hiveos", i+1, 1, at)}); err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
		if err := l.Release(); err != nil {
			t.Fatal(err)
		}
	}
	rigs, err := a.Rigs(ctx, "hiveos")
	if err != nil || len(rigs) != 3 {
		t.Fatalf("rigs %+v %v", rigs, err)
	}
}
