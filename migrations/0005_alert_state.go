package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// alert_state: each user's thresholds over the config's defaults (overall, or for one rig), their mutes,
// and the alerts that are pending or firing for them. Only alerts that are not ok have a row; a row goes
// when its alert resolves. Everything of a user goes with the user.
func alertState() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "0005_alert_state",
		Migrate: func(tx *gorm.DB) error {
			if postgres(tx) {
				return execAll(tx,
					`CREATE TABLE thresholds (
						user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
						source TEXT NOT NULL DEFAULT '',
						rig TEXT NOT NULL DEFAULT '',
						name TEXT NOT NULL,
						value DOUBLE PRECISION NOT NULL,
						percent BOOLEAN NOT NULL DEFAULT FALSE,
						updated_at TIMESTAMPTZ NOT NULL,
						PRIMARY KEY (user_id, source, rig, name)
					)`,
					`CREATE TABLE mutes (
						user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
						source TEXT NOT NULL DEFAULT '',
						rig TEXT NOT NULL DEFAULT '',
						until TIMESTAMPTZ NOT NULL,
						PRIMARY KEY (user_id, source, rig)
					)`,
					`CREATE TABLE alert_states (
						user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
						source TEXT NOT NULL,
						key TEXT NOT NULL,
						kind TEXT NOT NULL,
						rig TEXT NOT NULL DEFAULT '',
						gpu INTEGER NOT NULL DEFAULT -1,
						algo TEXT NOT NULL DEFAULT '',
						phase INTEGER NOT NULL,
						idx INTEGER NOT NULL DEFAULT -1,
						since TIMESTAMPTZ NOT NULL,
						fired_at TIMESTAMPTZ,
						notified_at TIMESTAMPTZ,
						value DOUBLE PRECISION NOT NULL DEFAULT 0,
						peak DOUBLE PRECISION NOT NULL DEFAULT 0,
						threshold DOUBLE PRECISION NOT NULL DEFAULT 0,
						origin INTEGER NOT NULL DEFAULT 0,
						baseline DOUBLE PRECISION NOT NULL DEFAULT 0,
						acked BOOLEAN NOT NULL DEFAULT FALSE,
						PRIMARY KEY (user_id, source, key)
					)`,
					`CREATE INDEX alert_states_source ON alert_states (source)`,
				)
			}
			return execAll(tx,
				`CREATE TABLE thresholds (
					user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
					source TEXT NOT NULL DEFAULT '',
					rig TEXT NOT NULL DEFAULT '',
					name TEXT NOT NULL,
					value REAL NOT NULL,
					percent INTEGER NOT NULL DEFAULT 0,
					updated_at DATETIME NOT NULL,
					PRIMARY KEY (user_id, source, rig, name)
				)`,
				`CREATE TABLE mutes (
					user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
					source TEXT NOT NULL DEFAULT '',
					rig TEXT NOT NULL DEFAULT '',
					until DATETIME NOT NULL,
					PRIMARY KEY (user_id, source, rig)
				)`,
				`CREATE TABLE alert_states (
					user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
					source TEXT NOT NULL,
					key TEXT NOT NULL,
					kind TEXT NOT NULL,
					rig TEXT NOT NULL DEFAULT '',
					gpu INTEGER NOT NULL DEFAULT -1,
					algo TEXT NOT NULL DEFAULT '',
					phase INTEGER NOT NULL,
					idx INTEGER NOT NULL DEFAULT -1,
					since DATETIME NOT NULL,
					fired_at DATETIME,
					notified_at DATETIME,
					value REAL NOT NULL DEFAULT 0,
					peak REAL NOT NULL DEFAULT 0,
					threshold REAL NOT NULL DEFAULT 0,
					origin INTEGER NOT NULL DEFAULT 0,
					baseline REAL NOT NULL DEFAULT 0,
					acked INTEGER NOT NULL DEFAULT 0,
					PRIMARY KEY (user_id, source, key)
				) WITHOUT ROWID`,
				`CREATE INDEX alert_states_source ON alert_states (source)`,
			)
		},
		Rollback: func(tx *gorm.DB) error {
			return execAll(tx, `DROP TABLE alert_states`, `DROP TABLE mutes`, `DROP TABLE thresholds`)
		},
	}
}
