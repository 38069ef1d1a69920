package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Role is what a user may do.
type Role string

// Roles. Admins may do everything; viewers read, set their own thresholds and receive alerts.
const (
	RoleAdmin  Role = "admin"
	RoleViewer Role = "viewer"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleViewer }

// Where a user came from. Config users follow the config file: removing them there removes them here.
const (
	SourceConfig = "config"
	SourceInvite = "invite"
)

// User is someone the bot serves.
type User struct {
	ID         uint `gorm:"primaryKey"`
	TelegramID int64
	ChatID     int64 // their private chat with the bot; 0 until they first write to it
	Role       Role
	Source     string
	Name       string
	Username   string
	Timezone   string // "" means the configured default
	// ReportAt is the time of day ("08:30", in Timezone) of their daily report: "" for the configured
	// default, "off" for none. ReportDoneAt is the last scheduled report queued for them.
	ReportAt     string
	ReportDoneAt *time.Time
	// UnreachableSince is when Telegram first refused their chat (blocked bot, deleted account); nil while it
	// works. Nothing should be queued for them until they write to the bot again.
	UnreachableSince *time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// User returns the user with that Telegram id, or ErrNotFound.
func (s *Store) User(ctx context.Context, telegramID int64) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Where("telegram_id = ?", telegramID).Take(&u).Error
	if err != nil {
		return nil, translate("user", err)
	}
	return &u, nil
}

// Users returns every user, admins first, then by Telegram id.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	var us []User
	err := s.db.WithContext(ctx).Order("role = 'admin' DESC, telegram_id").Find(&us).Error
	return us, translate("users", err)
}

// SyncConfigUsers makes the users the config file lists exist with the roles it gives, and removes users
// who came from the config but are no longer in it, so that deleting an admin from the file revokes them.
func (s *Store) SyncConfigUsers(ctx context.Context, admins, viewers []int64) error {
	return translate("sync config users", s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		listed := make([]int64, 0, len(admins)+len(viewers))
		for role, ids := range map[Role][]int64{RoleAdmin: admins, RoleViewer: viewers} {
			for _, id := range ids {
				listed = append(listed, id)
				u := User{TelegramID: id, Role: role, Source: SourceConfig}
				err := tx.Clauses(clause.OnConflict{
					Columns:   []clause.Column{{Name: "telegram_id"}},
					DoUpdates: clause.AssignmentColumns([]string{"role", "source", "updated_at"}),
				}).Create(&u).Error
				if err != nil {
					return err
				}
			}
		}
		q := tx.Where("source = ?", SourceConfig)
		if len(listed) > 0 {
			q = q.Where("telegram_id NOT IN ?", listed)
		}
		return q.Delete(&User{}).Error
	}))
}

// SeenInPrivate records the private chat and name of a known user who just wrote to the bot, and clears
// UnreachableSince: a user who writes to the bot has a chat that works. It returns ErrNotFound for a stranger.
func (s *Store) SeenInPrivate(ctx context.Context, telegramID, chatID int64, name, username string) error {
	res := s.db.WithContext(ctx).Model(&User{}).Where("telegram_id = ?", telegramID).
		Updates(map[string]any{"chat_id": chatID, "name": name, "username": username, "unreachable_since": nil})
	return matched("seen in private", res)
}

// RemoveUser deletes an invited user. Users from the config file are removed by editing the file.
func (s *Store) RemoveUser(ctx context.Context, telegramID int64) error {
	res := s.db.WithContext(ctx).Where("telegram_id = ? AND source = ?", telegramID, SourceInvite).Delete(&User{})
	return matched("remove user", res)
}
