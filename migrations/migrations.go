// Package migrations holds pitboss's schema history: one migration per file, applied in order at start-up.
// A migration is never edited once released; each defines the tables it creates as they were on that day,
// so later changes to the store's models cannot rewrite history.
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
// pitboss is refused before anything is touched.
func Apply(db *gorm.DB) error {
	all := All()
	if err := refuseNewer(db, all); err != nil {
		return err
	}
	m := gormigrate.New(db, &gormigrate.Options{TableName: Table, IDColumnName: "id", IDColumnSize: 255,
		UseTransaction: true, ValidateUnknownMigrations: true}, all)
	if err := m.Migrate(); err != nil {
		return fmt.Errorf("migrating the database: %w", err)
	}
	return nil
}

// Applied returns the ids of the migrations db has had, in the order they were applied.
func Applied(db *gorm.DB) ([]string, error) {
	if !db.Migrator().HasTable(Table) {
		return nil, nil
	}
	var ids []string
	if err := db.Table(Table).Order("rowid").Pluck("id", &ids).Error; err != nil {
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
