package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEntry records one action someone took through the bot.
type AuditEntry struct {
	ID      uint `gorm:"primaryKey"`
	At      time.Time
	ActorID int64  // Telegram id of who did it
	Action  string // e.g. "invite", "multirocket", "withdraw"
	Params  string // JSON
	Result  string // "ok", or what went wrong
}

// Audit appends an entry; params are stored as JSON. It never changes or removes earlier entries.
func (s *Store) Audit(ctx context.Context, actorID int64, action string, params any, result string) error {
	b, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("audit %s: encoding params: %w", action, err)
	}
	e := AuditEntry{At: s.now().UTC(), ActorID: actorID, Action: action, Params: string(b), Result: result}
	return translate("audit", s.db.WithContext(ctx).Create(&e).Error)
}

// AuditLog returns the newest entries, newest first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	var es []AuditEntry
	err := s.db.WithContext(ctx).Order("id DESC").Limit(limit).Find(&es).Error
	return es, translate("audit log", err)
}
