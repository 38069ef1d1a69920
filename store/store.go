// Package store keeps pitboss's state in SQLite or PostgreSQL through GORM: users, invites and the audit
// log; what the pollers saw (history); each user's thresholds, mutes and alert states; the outbox of messages
// to send. It opens the database with the settings pitboss needs, applies migrations, and returns its own
// errors, never GORM's. Its SQL is written once for both databases; where they differ, the code says so.
package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
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
	db     *gorm.DB
	driver string
	now    func() time.Time
	ids    ids // numbers of rigs, series and algorithms

	mu     sync.Mutex
	leases map[*Lease]bool // held, to release on Close
}

// Options tune Open. The zero value is fine.
type Options struct {
	Now func() time.Time // the clock for timestamps; nil means time.Now
}

// The databases the store works with, as Config.Driver and Store.Driver name them.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Config says which database to open: a SQLite file, or a PostgreSQL database.
type Config struct {
	Driver string // SQLite or Postgres; "" is SQLite
	Path   string // SQLite: the file
	// DSN is PostgreSQL's connection string, a URL (postgres://user:password@host:5432/pitboss) or
	// key=value pairs. It may hold a password: the store never puts it in an error.
	DSN string
}

// String describes c without the DSN, which may hold a password.
func (c Config) String() string {
	if c.Driver == Postgres {
		return "postgres (DSN redacted)"
	}
	return "sqlite " + c.Path
}

// GoString is String, for %#v.
func (c Config) GoString() string { return c.String() }

// Open opens (creating if need be) the SQLite database at path and brings its schema up to date.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	return OpenConfig(ctx, Config{Driver: SQLite, Path: path}, opts)
}

// OpenConfig opens the database cfg names and brings its schema up to date. A PostgreSQL database must
// exist; its tables are created in the connection's default schema.
//
// SQLite's pragmas matter: WAL lets the pollers write while chat handlers read; busy_timeout waits out a
// writer instead of failing at once; foreign keys are off in SQLite unless asked for; and _txlock=immediate
// takes the write lock at BEGIN, so two read-then-write transactions cannot deadlock on lock upgrade.
// PostgreSQL needs none of that; it gets a bounded pool of connections instead.
func OpenConfig(ctx context.Context, cfg Config, opts Options) (*Store, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	gcfg := &gorm.Config{
		TranslateError: true,
		NowFunc:        func() time.Time { return now().UTC() },
		Logger:         logger.Discard,
	}
	var (
		db    *gorm.DB
		where string // the database, for errors
		err   error
	)
	switch cfg.Driver {
	case SQLite, "":
		if strings.TrimSpace(cfg.Path) == "" {
			return nil, fmt.Errorf("store: no database path")
		}
		where = cfg.Path
		db, err = gorm.Open(sqlite.Open(DSN(cfg.Path)), gcfg)
		if err != nil {
			return nil, fmt.Errorf("store: opening %s: %w", where, err)
		}
		cfg.Driver = SQLite
	case Postgres:
		where = "the PostgreSQL database"
		if db, err = openPostgres(cfg.DSN, gcfg); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("store: unknown database driver %q (want %q or %q)", cfg.Driver, SQLite, Postgres)
	}
	s := &Store{db: db, driver: cfg.Driver, now: now}
	if err := migrations.Apply(db.WithContext(ctx)); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: %s: %w", where, err)
	}
	return s, nil
}

// openPostgres opens a pool of connections to the PostgreSQL database dsn names. Timestamps come back in
// UTC, as SQLite's do, whatever the server's or the machine's zone.
func openPostgres(dsn string, gcfg *gorm.Config) (*gorm.DB, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, fmt.Errorf("store: no PostgreSQL DSN")
	}
	if _, err := pgx.ParseConfig(dsn); err != nil {
		// pgx's message can quote the DSN, password and all, when it is not a well-formed URL.
		return nil, fmt.Errorf("store: the PostgreSQL DSN is not a URL such as postgres://user:password@host:5432/pitboss, nor key=value pairs")
	}
	db, err := gorm.Open(postgres.New(postgres.Config{DSN: dsn, OptionOpenDB: []stdlib.OptionOpenDB{
		stdlib.OptionAfterConnect(func(_ context.Context, conn *pgx.Conn) error {
			conn.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
				Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
			return nil
		}),
	}}), gcfg)
	if err != nil {
		return nil, fmt.Errorf("store: opening the PostgreSQL database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// Enough connections for the pollers, the sender and the chat at once, and a lease; few enough that two
	// pitboss processes and a backup stay well inside the server's max_connections (100 by default).
	sqlDB.SetMaxOpenConns(16)
	sqlDB.SetMaxIdleConns(8)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	sqlDB.SetConnMaxLifetime(30 * time.Minute)
	return db, nil
}

// DSN is the driver's connection string for the SQLite file at path, with pitboss's pragmas. The glebarez
// driver wants _pragma=name(value); mattn-style _journal_mode= is silently ignored by it.
func DSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	return fileURI(path) + "?" + q.Encode()
}

// fileURI is the SQLite URI of the file at path, before its query.
func fileURI(path string) string { return "file:" + (&url.URL{Path: path}).EscapedPath() }

// Driver is the database the store works with: SQLite or Postgres.
func (s *Store) Driver() string { return s.driver }

// Close releases the leases the store holds and closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	held := make([]*Lease, 0, len(s.leases))
	for l := range s.leases {
		held = append(held, l)
	}
	s.mu.Unlock()
	for _, l := range held {
		l.Release()
	}
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

// matched translates the result of a statement on the rows the caller names: ErrNotFound when it matched none.
func matched(op string, res *gorm.DB) error {
	if res.Error == nil && res.RowsAffected == 0 {
		return translate(op, ErrNotFound)
	}
	return translate(op, res.Error)
}

// Error is a database failure that is not one of the store's named errors. It keeps the driver's
// message for the log but not its type.
type Error struct {
	Op  string
	msg string
}

func (e *Error) Error() string { return "store: " + e.Op + ": " + e.msg }

// Size is how many bytes the database's data takes. In SQLite, its pages in use, whether they are in the
// file yet or still in the write-ahead log; in PostgreSQL, the database's files on the server.
func (s *Store) Size(ctx context.Context) (int64, error) {
	db := s.db.WithContext(ctx)
	if s.driver == Postgres {
		var size int64
		err := db.Raw(`SELECT pg_database_size(current_database())`).Scan(&size).Error
		return size, translate("size", err)
	}
	var pages, free, size int64
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

// Checkpoint copies SQLite's write-ahead log into the database file and truncates the log, so that the
// file's size on disk is the database's. PostgreSQL manages its log itself: there it does nothing.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.driver == Postgres {
		return nil
	}
	return translate("checkpoint", s.db.WithContext(ctx).Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error)
}
