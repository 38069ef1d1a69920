package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// rollups: history past the raw window, one row per rig (or series) and hour. A rig's row counts its polls
// and those it was online in, keeps min, average and max of its hashrate, the average of the rest, and the
// per-GPU min, average and max in three blobs laid out like a sample's. Clustered by hour, like the raw
// samples, so that rolling up appends and pruning removes from the start.
func rollups() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "0007_rollups",
		Migrate: func(tx *gorm.DB) error {
			if postgres(tx) {
				return execAll(tx,
					`CREATE TABLE rig_rollups (
						hour BIGINT NOT NULL,
						rig_id BIGINT NOT NULL REFERENCES rigs (id) ON DELETE CASCADE,
						polls INTEGER NOT NULL,
						online INTEGER NOT NULL,
						algo BIGINT,
						hashrate_min DOUBLE PRECISION,
						hashrate_avg DOUBLE PRECISION,
						hashrate_max DOUBLE PRECISION,
						algo2 BIGINT,
						hashrate2_avg DOUBLE PRECISION,
						power_avg DOUBLE PRECISION,
						gpus_min BYTEA,
						gpus_avg BYTEA,
						gpus_max BYTEA,
						PRIMARY KEY (hour, rig_id)
					)`,
					`CREATE TABLE series_rollups (
						hour BIGINT NOT NULL,
						series_id BIGINT NOT NULL REFERENCES series (id) ON DELETE CASCADE,
						n INTEGER NOT NULL,
						min DOUBLE PRECISION NOT NULL,
						avg DOUBLE PRECISION NOT NULL,
						max DOUBLE PRECISION NOT NULL,
						PRIMARY KEY (hour, series_id)
					)`,
				)
			}
			return execAll(tx,
				`CREATE TABLE rig_rollups (
					hour INTEGER NOT NULL,
					rig_id INTEGER NOT NULL REFERENCES rigs (id) ON DELETE CASCADE,
					polls INTEGER NOT NULL,
					online INTEGER NOT NULL,
					algo INTEGER,
					hashrate_min REAL,
					hashrate_avg REAL,
					hashrate_max REAL,
					algo2 INTEGER,
					hashrate2_avg REAL,
					power_avg REAL,
					gpus_min BLOB,
					gpus_avg BLOB,
					gpus_max BLOB,
					PRIMARY KEY (hour, rig_id)
				) WITHOUT ROWID`,
				`CREATE TABLE series_rollups (
					hour INTEGER NOT NULL,
					series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
					n INTEGER NOT NULL,
					min REAL NOT NULL,
					avg REAL NOT NULL,
					max REAL NOT NULL,
					PRIMARY KEY (hour, series_id)
				) WITHOUT ROWID`,
			)
		},
		Rollback: func(tx *gorm.DB) error {
			return execAll(tx, `DROP TABLE series_rollups`, `DROP TABLE rig_rollups`)
		},
	}
}
