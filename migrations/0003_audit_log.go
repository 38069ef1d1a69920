package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// audit_entries: who did what, with which parameters, and how it ended. Rows are only ever added.
func auditLog() *gormigrate.Migration {
	type AuditEntry struct {
		ID      uint      `gorm:"primaryKey"`
		At      time.Time `gorm:"not null;index"`
		ActorID int64     `gorm:"not null;index"`
		Action  string    `gorm:"not null;size:64"`
		Params  string    `gorm:"not null;default:''"`
		Result  string    `gorm:"not null;default:''"`
	}
	return &gormigrate.Migration{
		ID:       "0003_audit_log",
		Migrate:  func(tx *gorm.DB) error { return tx.Migrator().CreateTable(&AuditEntry{}) },
		Rollback: func(tx *gorm.DB) error { return tx.Migrator().DropTable("audit_entries") },
	}
}
