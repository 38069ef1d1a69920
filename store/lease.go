package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// Two pitboss processes can share one PostgreSQL database, one active and one standing by. Which is which is
// a session-level advisory lock: the active one holds it on a connection of its own, and the server lets it
// go when that session ends, however it ends (a Release, the process killed, its machine gone). The standby
// tries for it every so often and takes over once it is free. SQLite is one process's database: there the
// lease is held at once and never lost.

// leaseKey is the advisory lock of the lease: "pitboss" in ASCII. Advisory locks are per database, so two
// farms on two databases of one server do not share it.
const leaseKey int64 = 0x70_69_74_62_6f_73_73

// Lease is this process's claim to be the active pitboss.
type Lease struct {
	s    *Store
	conn *sql.Conn // the session that holds the lock; nil on SQLite
	lost chan struct{}
	stop chan struct{} // closed by Release, to end the watch
	done chan struct{} // closed when the watch has ended
	once sync.Once
	err  error // Release's
}

// AcquireLease blocks until this process holds the lease (or ctx ends). On SQLite it returns at once.
//
// On PostgreSQL it tries for the lease every retry, and once it holds it checks every retry that the session
// holding it is alive: Lost is closed within about two retries of the session's death. The holder's session
// also asks the server to probe it at that pace (TCP keepalives), so that when the holder's machine vanishes
// without closing its connection the server ends the session, and the lease passes on, within about four
// retries rather than the system's two hours; the holder, cut off, has found its lease lost by then. When
// the holder's process dies, its connection closes with it: the lease passes on at the standby's next try.
func (s *Store) AcquireLease(ctx context.Context, retry time.Duration) (*Lease, error) {
	if retry <= 0 {
		return nil, fmt.Errorf("store: lease: retry must be longer than 0s")
	}
	l := &Lease{s: s, lost: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	if s.driver != Postgres {
		close(l.done)
		return l, nil
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var last error // why the latest try failed, if it did not simply find the lease taken
	for {
		conn, err := tryLease(ctx, sqlDB, retry)
		if conn != nil {
			l.conn = conn
			break
		}
		if ctx.Err() == nil {
			last = err
		}
		select {
		case <-ctx.Done():
			if last != nil {
				return nil, translate("lease", fmt.Errorf("%w (the last try failed: %v)", ctx.Err(), last))
			}
			return nil, translate("lease", ctx.Err())
		case <-time.After(retry):
		}
	}
	// Another process may have numbered rigs and series while this one was not writing.
	s.ids.reset()
	s.mu.Lock()
	if s.leases == nil {
		s.leases = map[*Lease]bool{}
	}
	s.leases[l] = true
	s.mu.Unlock()
	go l.watch(retry)
	return l, nil
}

// tryLease takes a connection from the pool and tries for the lock on it once. It returns the connection
// when it holds the lock; otherwise the connection goes back to the pool.
func tryLease(ctx context.Context, db *sql.DB, retry time.Duration) (*sql.Conn, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var held bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, leaseKey).Scan(&held); err != nil || !held {
		conn.Close()
		return nil, err
	}
	// Keepalives are the session's own settings, and end with it; a connection over a socket ignores them.
	secs := max(1, int(math.Ceil(retry.Seconds())))
	for _, set := range []string{
		fmt.Sprintf("SET tcp_keepalives_idle = %d", secs),
		fmt.Sprintf("SET tcp_keepalives_interval = %d", secs),
		"SET tcp_keepalives_count = 3",
	} {
		if _, err := conn.ExecContext(ctx, set); err != nil {
			endSession(conn)
			return nil, err
		}
	}
	return conn, nil
}

// endSession closes conn's session instead of putting it back in the pool, so that a lock it may hold goes
// with it.
func endSession(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	conn.Close()
}

// watch pings the lease's session every retry until Release, and closes lost when a ping fails: the session
// is gone, and the lock with it.
func (l *Lease) watch(retry time.Duration) {
	defer close(l.done)
	t := time.NewTicker(retry)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), retry)
		err := l.conn.PingContext(ctx)
		cancel()
		if err != nil {
			close(l.lost)
			return
		}
	}
}

// Lost is closed when the lease is lost: its session died, and another process may hold it now. It is never
// closed on SQLite, nor by Release.
func (l *Lease) Lost() <-chan struct{} { return l.lost }

// Release gives the lease up, for the standby to take. Only the first call does anything.
func (l *Lease) Release() error {
	l.once.Do(func() {
		close(l.stop)
		<-l.done
		if l.conn == nil {
			return
		}
		l.s.mu.Lock()
		delete(l.s.leases, l)
		l.s.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var released bool
		err := l.conn.QueryRowContext(ctx, `SELECT pg_advisory_unlock($1)`, leaseKey).Scan(&released)
		if err == nil && !released {
			err = errors.New("the lease was not held")
		}
		if err != nil {
			// Rather than put the session back in the pool still holding the lock, if it does, end it.
			endSession(l.conn)
			select {
			case <-l.lost: // the session was already gone, and the lease with it
				err = nil
			default:
			}
		} else {
			l.conn.Close()
		}
		l.err = translate("release lease", err)
	})
	return l.err
}
