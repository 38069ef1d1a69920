// Package store keeps pitboss's state in SQLite through GORM: users, invites and the audit log; what the
// pollers saw (history); each user's thresholds, mutes and alert states; the outbox of messages to send.
// It opens the database with the pragmas pitboss needs, applies migrations, and returns its own errors,
// never GORM's.
package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"pitboss/migrations"
)

// Errors the store returns; callers test them with errors.Is.
var (
	ErrNotFound      = errors.New("not found")
	ErrConflict      = errors.New("already exists")
	ErrInviteUsed    = errors.New("invite already used")
	ErrInviteExpired = errors.New("invite expired")
	// ErrNewerSchema: the database was written by a newer pitboss and is left untouched.
	ErrNewerSchema = migrations.ErrNewerSchema
)

// Store is the database. It is safe for concurrent use.
type Store struct {
	db  *gorm.DB
	now func() time.Time
	ids ids // numbers of rigs, series and algorithms
}

// Options tune Open. The zero value is fine.
type Options struct {
	Now func() time.Time // the clock for timestamps; nil means time.Now
}

// Open opens (creating if need be) the SQLite database at path and brings its schema up to date.
//
// The pragmas matter: WAL lets the pollers write while chat handlers read; busy_timeout waits out a
// writer instead of failing at once; foreign keys are off in SQLite unless asked for; and _txlock=immediate
// takes the write lock at BEGIN, so two read-then-write transactions cannot deadlock on lock upgrade.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if strings.TrimSpace(path) == "" {
		return nil, fmt.Errorf("store: no database path")
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	db, err := gorm.Open(sqlite.Open(DSN(path)), &gorm.Config{
		TranslateError: true,
		NowFunc:        func() time.Time { return now().UTC() },
		Logger:         logger.Discard,
	})
	if err != nil {
		return nil, fmt.Errorf("store: opening %s: %w", path, err)
	}
	s := &Store{db: db, now: now}
	if err := migrations.Apply(db.WithContext(ctx)); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	return s, nil
}

// DSN is the driver's connection string for path, with pitboss's pragmas. The glebarez driver wants
// _pragma=name(value); mattn-style _journal_mode= is silently ignored by it.
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close closes the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return sqlDB.Close()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return translate("ping", sqlDB.PingContext(ctx))
}

// translate maps GORM's errors to the store's own, so no caller depends on GORM.
func translate(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%s: %w", op, ErrNotFound)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("%s: %w", op, ErrConflict)
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrConflict), errors.Is(err, ErrInviteUsed),
		errors.Is(err, ErrInviteExpired), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s: %w", op, err)
	default:
		return &Error{Op: op, msg: err.Error()}
	}
}

// Error is a database failure that is not one of the store's named errors. It keeps the driver's
// message for the log but not its type.
type Error struct {
	Op  string
	msg string
}

func (e *Error) Error() string { return "store: " + e.Op + ": " + e.msg }

// Size is how many bytes the database's data takes: its pages in use, whether they are in the file yet
// or still in the write-ahead log.
func (s *Store) Size(ctx context.Context) (int64, error) {
	var pages, free, size int64
	db := s.db.WithContext(ctx)
	for _, q := range []struct {
		pragma string
		into   *int64
	}{{"page_count", &pages}, {"freelist_count", &free}, {"page_size", &size}} {
		if err := db.Raw("PRAGMA " + q.pragma).Scan(q.into).Error; err != nil {
			return 0, translate("size", err)
		}
	}
	return (pages - free) * size, nil
}

// Checkpoint copies the write-ahead log into the database file and truncates the log, so that the file's
// size on disk is the database's.
func (s *Store) Checkpoint(ctx context.Context) error {
	return translate("checkpoint", s.db.WithContext(ctx).Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error)
}
