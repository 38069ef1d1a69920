package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// actionFollow: an action the service took but carries out later (a Hive OS worker command, run when the
// rig next checks in) is followed until the rig reports back. The row keeps the message that shows the
// action, what to look for, and until when, so that a restart does not lose the follow-up.
func actionFollow() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "0010_action_follow",
		Migrate: func(tx *gorm.DB) error {
			if postgres(tx) {
				return execAll(tx,
					`ALTER TABLE actions ADD COLUMN message_id BIGINT NOT NULL DEFAULT 0`,
					`ALTER TABLE actions ADD COLUMN follow TEXT NOT NULL DEFAULT ''`,
					`ALTER TABLE actions ADD COLUMN follow_until TIMESTAMPTZ`,
					`CREATE INDEX actions_following ON actions (follow_until) WHERE follow <> ''`,
				)
			}
			return execAll(tx,
				`ALTER TABLE actions ADD COLUMN message_id INTEGER NOT NULL DEFAULT 0`,
				`ALTER TABLE actions ADD COLUMN follow TEXT NOT NULL DEFAULT ''`,
				`ALTER TABLE actions ADD COLUMN follow_until DATETIME`,
				`CREATE INDEX actions_following ON actions (follow_until) WHERE follow <> ''`,
			)
		},
		Rollback: func(tx *gorm.DB) error {
			return execAll(tx, `DROP INDEX actions_following`, `ALTER TABLE actions DROP COLUMN follow_until`,
				`ALTER TABLE actions DROP COLUMN follow`, `ALTER TABLE actions DROP COLUMN message_id`)
		},
	}
}
