package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Invite is a one-time code that makes whoever redeems it a user with Role.
type Invite struct {
	ID        uint `gorm:"primaryKey"`
	Code      string
	Role      Role
	CreatedBy int64
	ExpiresAt time.Time
	UsedBy    *int64
	UsedAt    *time.Time
	CreatedAt time.Time
}

// CreateInvite stores a new invite. A code already in use gives ErrConflict.
func (s *Store) CreateInvite(ctx context.Context, inv *Invite) error {
	return translate("create invite", s.db.WithContext(ctx).Create(inv).Error)
}

// RedeemInvite turns the invite with code into a user, in one transaction so that a code works once
// however many people race for it. It returns ErrNotFound for an unknown code, ErrInviteUsed,
// ErrInviteExpired, or ErrConflict when the person is already a user (their role is left as it is).
func (s *Store) RedeemInvite(ctx context.Context, code string, telegramID, chatID int64, name, username string) (*User, error) {
	var user *User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var inv Invite
		// FOR UPDATE makes a racing redemption in PostgreSQL wait for this one, then read the invite used;
		// SQLite has no such clause, and needs none: its transactions take turns from BEGIN.
		if err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Where("code = ?", code).Take(&inv).Error; err != nil {
			return err
		}
		now := s.now().UTC()
		switch {
		case inv.UsedBy != nil:
			return ErrInviteUsed
		case !now.Before(inv.ExpiresAt):
			return ErrInviteExpired
		}
		var n int64
		if err := tx.Model(&User{}).Where("telegram_id = ?", telegramID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrConflict
		}
		user = &User{TelegramID: telegramID, ChatID: chatID, Role: inv.Role, Source: SourceInvite, Name: name, Username: username}
		if err := tx.Create(user).Error; err != nil {
			return err
		}
		return tx.Model(&inv).Updates(map[string]any{"used_by": telegramID, "used_at": now}).Error
	})
	if err != nil {
		return nil, translate("redeem invite", err)
	}
	return user, nil
}
