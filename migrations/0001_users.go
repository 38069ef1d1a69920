package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// users: everyone who may use the bot, with the chat the bot writes to and the zone their reports use.
func users() *gormigrate.Migration {
	type User struct {
		ID         uint   `gorm:"primaryKey"`
		TelegramID int64  `gorm:"not null;uniqueIndex"`
		ChatID     int64  `gorm:"not null;default:0"`
		Role       string `gorm:"not null;size:16"`
		Source     string `gorm:"not null;size:16"`
		Name       string `gorm:"not null;default:''"`
		Username   string `gorm:"not null;default:''"`
		Timezone   string `gorm:"not null;default:''"`
		CreatedAt  time.Time
		UpdatedAt  time.Time
	}
	return &gormigrate.Migration{
		ID:       "0001_users",
		Migrate:  func(tx *gorm.DB) error { return tx.Migrator().CreateTable(&User{}) },
		Rollback: func(tx *gorm.DB) error { return tx.Migrator().DropTable("users") },
	}
}
