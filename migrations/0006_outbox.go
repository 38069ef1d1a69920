package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// outbox: messages written before they are sent, so that a crash loses none; the sender deletes each row
// once Telegram has taken it. users.unreachable_since marks a user whose chat Telegram refuses (blocked
// bot, deleted chat): nothing more is queued for them until they write to the bot again.
func outbox() *gormigrate.Migration {
	type OutboxMessage struct {
		ID        int64     `gorm:"primaryKey;autoIncrement"`
		ChatID    int64     `gorm:"not null;index:idx_outbox_chat,priority:1"`
		Kind      string    `gorm:"not null;size:16;default:'text'"`
		Text      string    `gorm:"not null"`
		Buttons   string    `gorm:"not null;default:''"` // JSON [][]{"text","data"}; "" for none
		CreatedAt time.Time `gorm:"not null"`
		Attempts  int       `gorm:"not null;default:0"`
		NotBefore *time.Time
		LastError string `gorm:"not null;default:''"`
	}
	type User struct {
		UnreachableSince *time.Time
	}
	return &gormigrate.Migration{
		ID: "0006_outbox",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(&OutboxMessage{}); err != nil {
				return err
			}
			return tx.Table("users").Migrator().AddColumn(&User{}, "UnreachableSince")
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Table("users").Migrator().DropColumn(&User{}, "UnreachableSince"); err != nil {
				return err
			}
			return tx.Migrator().DropTable("outbox_messages")
		},
	}
}
