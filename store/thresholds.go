package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Threshold is a user's own value for one threshold (alerts.Threshold by name), overall or for one rig,
// coin or site of one source.
type Threshold struct {
	UserID    uint   `gorm:"primaryKey"`
	Source    string `gorm:"primaryKey"` // "" with Rig "": overall
	Rig       string `gorm:"primaryKey"` // the rig's (coin's, site's) id; "" for overall
	Name      string `gorm:"primaryKey"` // "temp", "fan", "hashrate", ...
	Value     float64
	Percent   bool // hashrate: a drop in % under the rig's median
	UpdatedAt time.Time
}

// SetThreshold stores a user's threshold, replacing the one it overrides.
func (s *Store) SetThreshold(ctx context.Context, t Threshold) error {
	t.UpdatedAt = s.now().UTC()
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(&t).Error
	return translate("set threshold", err)
}

// UnsetThreshold removes a user's threshold; it reports whether there was one.
func (s *Store) UnsetThreshold(ctx context.Context, userID uint, source, rig, name string) (bool, error) {
	res := s.db.WithContext(ctx).Where("user_id = ? AND source = ? AND rig = ? AND name = ?", userID, source, rig, name).
		Delete(&Threshold{})
	return res.RowsAffected > 0, translate("unset threshold", res.Error)
}

// Thresholds returns every user's thresholds.
func (s *Store) Thresholds(ctx context.Context) ([]Threshold, error) {
	var ts []Threshold
	err := s.db.WithContext(ctx).Order("user_id, source, rig, name").Find(&ts).Error
	return ts, translate("thresholds", err)
}

// UserThresholds returns one user's thresholds.
func (s *Store) UserThresholds(ctx context.Context, userID uint) ([]Threshold, error) {
	var ts []Threshold
	err := s.db.WithContext(ctx).Where("user_id = ?", userID).Order("source, rig, name").Find(&ts).Error
	return ts, translate("user thresholds", err)
}

// Mute silences a user's alerts, all of them (Source and Rig "") or one rig's, until Until.
type Mute struct {
	UserID uint   `gorm:"primaryKey"`
	Source string `gorm:"primaryKey"`
	Rig    string `gorm:"primaryKey"`
	Until  time.Time
}

// SetMute stores a mute, replacing one for the same scope, and forgets the user's mutes that have ended.
func (s *Store) SetMute(ctx context.Context, m Mute) error {
	m.Until = m.Until.UTC()
	return translate("mute", s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ? AND until <= ?", m.UserID, s.now().UTC()).Delete(&Mute{}).Error; err != nil {
			return err
		}
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&m).Error
	}))
}

// Unmute ends a user's mutes: the one for source and rig, or with source "" every one. It returns how many
// of them were still in force.
func (s *Store) Unmute(ctx context.Context, userID uint, source, rig string) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ? AND until <= ?", userID, s.now().UTC()).Delete(&Mute{}).Error; err != nil {
			return err
		}
		q := tx.Where("user_id = ?", userID)
		if source != "" {
			q = q.Where("source = ? AND rig = ?", source, rig)
		}
		res := q.Delete(&Mute{})
		n = res.RowsAffected
		return res.Error
	})
	return n, translate("unmute", err)
}

// Mutes returns the mutes in force at now, of one user, or of everyone when userID is 0.
func (s *Store) Mutes(ctx context.Context, userID uint, now time.Time) ([]Mute, error) {
	q := s.db.WithContext(ctx).Where("until > ?", now.UTC()).Order("user_id, source, rig")
	if userID != 0 {
		q = q.Where("user_id = ?", userID)
	}
	var ms []Mute
	err := q.Find(&ms).Error
	return ms, translate("mutes", err)
}
