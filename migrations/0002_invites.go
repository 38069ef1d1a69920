package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// invites: one-time codes an admin hands out as t.me/<bot>?start=<code> deep links.
func invites() *gormigrate.Migration {
	type Invite struct {
		ID        uint      `gorm:"primaryKey"`
		Code      string    `gorm:"not null;size:64;uniqueIndex"`
		Role      string    `gorm:"not null;size:16"`
		CreatedBy int64     `gorm:"not null"`
		ExpiresAt time.Time `gorm:"not null"`
		UsedBy    *int64
		UsedAt    *time.Time
		CreatedAt time.Time
	}
	return &gormigrate.Migration{
		ID:       "0002_invites",
		Migrate:  func(tx *gorm.DB) error { return tx.Migrator().CreateTable(&Invite{}) },
		Rollback: func(tx *gorm.DB) error { return tx.Migrator().DropTable("invites") },
	}
}
