package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// history: what the pollers saw, sized for months of a large farm. A rig's poll is one row: the rig-wide
// values as columns and the per-GPU values packed in one blob (see store/gpupack.go for its layout), in a
// table without rowid clustered by time, so that each poll appends to the end of the table (a few dozen
// pages for 2,000 rigs, where clustering by rig would touch a page per rig) and old polls leave from its
// start. Pool and site figures are small series of one value
// per poll. Rigs and algorithms are numbered here so that samples carry small integers, not names.
func history() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "0004_history",
		Migrate: func(tx *gorm.DB) error {
			return execAll(tx,
				`CREATE TABLE rigs (
					id INTEGER PRIMARY KEY,
					source TEXT NOT NULL,
					ext_id TEXT NOT NULL,
					name TEXT NOT NULL DEFAULT '',
					gpus INTEGER NOT NULL DEFAULT 0,
					first_seen INTEGER NOT NULL,
					UNIQUE (source, ext_id)
				)`,
				`CREATE TABLE algos (
					id INTEGER PRIMARY KEY,
					name TEXT NOT NULL UNIQUE
				)`,
				`CREATE TABLE rig_samples (
					rig_id INTEGER NOT NULL REFERENCES rigs (id) ON DELETE CASCADE,
					ts INTEGER NOT NULL,
					online INTEGER NOT NULL,
					algo INTEGER,
					hashrate REAL,
					algo2 INTEGER,
					hashrate2 REAL,
					power REAL,
					gpus BLOB,
					PRIMARY KEY (ts, rig_id)
				) WITHOUT ROWID`,
				`CREATE TABLE series (
					id INTEGER PRIMARY KEY,
					source TEXT NOT NULL,
					name TEXT NOT NULL,
					UNIQUE (source, name)
				)`,
				`CREATE TABLE series_samples (
					series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
					ts INTEGER NOT NULL,
					value REAL NOT NULL,
					PRIMARY KEY (series_id, ts)
				) WITHOUT ROWID`,
			)
		},
		Rollback: func(tx *gorm.DB) error {
			return execAll(tx, `DROP TABLE series_samples`, `DROP TABLE series`, `DROP TABLE rig_samples`, `DROP TABLE algos`, `DROP TABLE rigs`)
		},
	}
}

// execAll runs each statement in order, stopping at the first error.
func execAll(tx *gorm.DB, stmts ...string) error {
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return err
		}
	}
	return nil
}
