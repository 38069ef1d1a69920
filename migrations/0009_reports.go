package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// reports: each user's daily report time (HH:MM in their zone; "" for the config's default, "off") and the
// last scheduled report they were sent, so that one missed while pitboss was down goes out, once, when it
// is back; photos in the outbox, for reports with their chart; and the log of alerts that fired, with when
// they ended, for reports and for the shading of charts.
func reports() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "0009_reports",
		Migrate: func(tx *gorm.DB) error {
			return execAll(tx,
				`ALTER TABLE users ADD COLUMN report_at TEXT NOT NULL DEFAULT ''`,
				`ALTER TABLE users ADD COLUMN report_done_at DATETIME`,
				`ALTER TABLE outbox_messages ADD COLUMN photo BLOB`,
				`CREATE TABLE alert_log (
					id INTEGER PRIMARY KEY,
					user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
					source TEXT NOT NULL,
					key TEXT NOT NULL,
					kind TEXT NOT NULL,
					rig TEXT NOT NULL DEFAULT '',
					idx INTEGER NOT NULL DEFAULT -1,
					algo TEXT NOT NULL DEFAULT '',
					fired_at DATETIME NOT NULL,
					resolved_at DATETIME,
					peak REAL NOT NULL DEFAULT 0,
					threshold REAL NOT NULL DEFAULT 0
				)`,
				`CREATE INDEX alert_log_user_fired ON alert_log (user_id, fired_at)`,
				`CREATE INDEX alert_log_open ON alert_log (user_id, source, key) WHERE resolved_at IS NULL`,
			)
		},
		Rollback: func(tx *gorm.DB) error {
			return execAll(tx, `DROP TABLE alert_log`, `ALTER TABLE outbox_messages DROP COLUMN photo`,
				`ALTER TABLE users DROP COLUMN report_done_at`, `ALTER TABLE users DROP COLUMN report_at`)
		},
	}
}
