package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"pitboss/alerts"
)

// AlertLogEntry is one alert that fired for a user, and when it ended (zero while it fires).
type AlertLogEntry struct {
	ID         int64 `gorm:"primaryKey"`
	UserID     uint
	Source     string
	Key        string
	Kind       string
	Rig        string
	Idx        int
	Algo       string
	FiredAt    time.Time
	ResolvedAt *time.Time
	Peak       float64
	Threshold  float64
}

// TableName is the table the 0009_reports migration creates.
func (AlertLogEntry) TableName() string { return "alert_log" }

// Ended is when the alert ended, or zero while it fires.
func (e AlertLogEntry) Ended() time.Time { return timeOf(e.ResolvedAt) }

// logAlerts records the alerts a poll fired and those it ended.
func logAlerts(tx *gorm.DB, source string, c StateChanges) error {
	for _, st := range c.Began {
		e := AlertLogEntry{UserID: c.UserID, Source: source, Key: st.Key.String(), Kind: string(st.Kind), Rig: st.Rig,
			Idx: st.Index, Algo: st.Algo, FiredAt: st.FiredAt.UTC(), Peak: st.Peak, Threshold: st.Threshold}
		if err := tx.Create(&e).Error; err != nil {
			return err
		}
	}
	for _, st := range c.Ended {
		if err := endAlert(tx, c.UserID, source, st); err != nil {
			return err
		}
	}
	return nil
}

func endAlert(tx *gorm.DB, userID uint, source string, st alerts.State) error {
	return tx.Model(&AlertLogEntry{}).Where("user_id = ? AND source = ? AND key = ? AND resolved_at IS NULL", userID, source, st.Key.String()).
		Updates(map[string]any{"resolved_at": tx.NowFunc(), "peak": st.Peak}).Error
}

// AlertLog returns a user's alerts that fired before to and had not ended by from, oldest first.
func (s *Store) AlertLog(ctx context.Context, userID uint, from, to time.Time) ([]AlertLogEntry, error) {
	var es []AlertLogEntry
	err := s.db.WithContext(ctx).Where("user_id = ? AND fired_at < ? AND (resolved_at IS NULL OR resolved_at >= ?)", userID, to.UTC(), from.UTC()).
		Order("fired_at, id").Find(&es).Error
	return es, translate("alert log", err)
}
