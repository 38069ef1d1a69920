// Package migrations holds pitboss's schema history: one migration per file, applied in order at start-up.
// A migration is never edited once released; each defines the tables it creates as they were on that day,
// so later changes to the store's models cannot rewrite history.
//
// The same migrations build SQLite and PostgreSQL databases. Those that go through GORM's migrator get each
// database's types from it; those written in SQL carry PostgreSQL's statements next to SQLite's: BIGINT for
// SQLite's 64-bit INTEGER, identity columns for its INTEGER PRIMARY KEY, DOUBLE PRECISION for REAL, BYTEA
// for BLOB, TIMESTAMPTZ for DATETIME (as GORM makes time.Time), BOOLEAN where SQLite keeps 0 or 1, and no
// WITHOUT ROWID (a PostgreSQL table is a heap, its primary key an index beside it).
package migrations

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Table records which migrations a database has had.
const Table = "migrations"

// ErrNewerSchema means the database has migrations this build does not know: a newer pitboss wrote it.
var ErrNewerSchema = errors.New("database schema is newer than this pitboss")

// All returns every migration, oldest first.
func All() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		users(),
		invites(),
		auditLog(),
		history(),
		alertState(),
		outbox(),
		rollups(),
		actions(),
		reports(),
		actionFollow(),
	}
}

// Apply brings db up to date. On a current database it changes nothing. A database written by a newer
// pitboss is refused before anything is touched. All of it is one transaction; on PostgreSQL, where two
// pitboss processes may start at once, the second waits for the first's to end, then finds nothing to do.
func Apply(db *gorm.DB) error {
	all := All()
	return db.Transaction(func(tx *gorm.DB) error {
		if postgres(tx) {
			if err := tx.Exec(`SELECT pg_advisory_xact_lock(?)`, lockKey).Error; err != nil {
				return fmt.Errorf("waiting for another pitboss to migrate the database: %w", err)
			}
		}
		if err := refuseNewer(tx, all); err != nil {
			return err
		}
		m := gormigrate.New(tx, &gormigrate.Options{TableName: Table, IDColumnName: "id", IDColumnSize: 255,
			ValidateUnknownMigrations: true}, all)
		if err := m.Migrate(); err != nil {
			return fmt.Errorf("migrating the database: %w", err)
		}
		return nil
	})
}

// lockKey is the advisory lock that migrating a PostgreSQL database holds: "pitboss" in ASCII, plus one, to
// differ from the store's lease.
const lockKey int64 = 0x70_69_74_62_6f_73_73 + 1

// postgres reports whether tx is a PostgreSQL database; otherwise it is SQLite.
func postgres(tx *gorm.DB) bool { return tx.Dialector.Name() == "postgres" }

// Applied returns the ids of the migrations db has had, in the order they were applied. PostgreSQL keeps no
// order of insertion: there they are in the order of their ids, which is the same for pitboss's.
func Applied(db *gorm.DB) ([]string, error) {
	if !db.Migrator().HasTable(Table) {
		return nil, nil
	}
	order := "rowid"
	if postgres(db) {
		order = "id"
	}
	var ids []string
	if err := db.Table(Table).Order(order).Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("reading applied migrations: %w", err)
	}
	return ids, nil
}

func refuseNewer(db *gorm.DB, all []*gormigrate.Migration) error {
	applied, err := Applied(db)
	if err != nil {
		return err
	}
	var unknown []string
	for _, id := range applied {
		if !slices.ContainsFunc(all, func(m *gormigrate.Migration) bool { return m.ID == id }) {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("%w: it has migration %s that this version does not know; run the newer pitboss, or restore a backup made before the upgrade",
			ErrNewerSchema, strings.Join(unknown, ", "))
	}
	return nil
}
