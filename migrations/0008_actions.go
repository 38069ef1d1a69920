package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// actions: control actions waiting for their confirmation, and what became of them. A Confirm button
// carries only the row's id; the row holds what will be done. Its state moves from pending to executing in
// one statement, so that two taps, or two admins, carry it out once.
func actions() *gormigrate.Migration {
	type Action struct {
		ID        int64     `gorm:"primaryKey;autoIncrement"`
		Kind      string    `gorm:"not null;size:32"`
		Params    string    `gorm:"not null"`
		Preview   string    `gorm:"not null"`
		CreatedBy int64     `gorm:"not null"`
		ChatID    int64     `gorm:"not null"`
		State     string    `gorm:"not null;size:16;index"`
		CreatedAt time.Time `gorm:"not null"`
		ExpiresAt time.Time `gorm:"not null"`
		DecidedBy *int64
		DecidedAt *time.Time
		Result    string `gorm:"not null;default:''"`
	}
	return &gormigrate.Migration{
		ID:       "0008_actions",
		Migrate:  func(tx *gorm.DB) error { return tx.Migrator().CreateTable(&Action{}) },
		Rollback: func(tx *gorm.DB) error { return tx.Migrator().DropTable("actions") },
	}
}
