package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"pitboss/alerts"
)

// alertStateRow is an alerts.State of one user and source as the alert_states table holds it.
type alertStateRow struct {
	UserID     uint   `gorm:"primaryKey"`
	Source     string `gorm:"primaryKey"`
	Key        string `gorm:"primaryKey"`
	Kind       string
	Rig        string
	GPU        int `gorm:"column:gpu"`
	Algo       string
	Phase      int
	Idx        int
	Since      time.Time
	FiredAt    *time.Time
	NotifiedAt *time.Time
	Value      float64
	Peak       float64
	Threshold  float64
	Origin     int
	Baseline   float64
	Acked      bool
}

func (alertStateRow) TableName() string { return "alert_states" }

func toRow(userID uint, source string, st alerts.State) alertStateRow {
	return alertStateRow{UserID: userID, Source: source, Key: st.Key.String(), Kind: string(st.Kind), Rig: st.Rig,
		GPU: st.GPU, Algo: st.Algo, Phase: int(st.Phase), Idx: st.Index, Since: st.Since.UTC(), FiredAt: timePtr(st.FiredAt),
		NotifiedAt: timePtr(st.NotifiedAt), Value: st.Value, Peak: st.Peak, Threshold: st.Threshold,
		Origin: int(st.Origin), Baseline: st.Baseline, Acked: st.Acked}
}

func (r alertStateRow) state() alerts.State {
	return alerts.State{Key: alerts.Key{Kind: alerts.Kind(r.Kind), Rig: r.Rig, GPU: r.GPU, Algo: r.Algo},
		Phase: alerts.Phase(r.Phase), Index: r.Idx, Since: r.Since, FiredAt: timeOf(r.FiredAt), NotifiedAt: timeOf(r.NotifiedAt),
		Value: r.Value, Peak: r.Peak, Threshold: r.Threshold, Origin: alerts.Origin(r.Origin), Baseline: r.Baseline,
		Acked: r.Acked}
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

func timeOf(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return p.UTC()
}

// AlertStates returns every user's states of source, by user id.
func (s *Store) AlertStates(ctx context.Context, source string) (map[uint]map[alerts.Key]alerts.State, error) {
	var rows []alertStateRow
	if err := s.db.WithContext(ctx).Where("source = ?", source).Find(&rows).Error; err != nil {
		return nil, translate("alert states", err)
	}
	out := map[uint]map[alerts.Key]alerts.State{}
	for _, r := range rows {
		if out[r.UserID] == nil {
			out[r.UserID] = map[alerts.Key]alerts.State{}
		}
		st := r.state()
		out[r.UserID][st.Key] = st
	}
	return out, nil
}

// SourcedState is an alert state with the source it belongs to.
type SourcedState struct {
	Source string
	alerts.State
}

// UserAlerts returns a user's alerts of every source, firing ones first, oldest first.
func (s *Store) UserAlerts(ctx context.Context, userID uint) ([]SourcedState, error) {
	var rows []alertStateRow
	err := s.db.WithContext(ctx).Where("user_id = ?", userID).Order("phase DESC, since, source, key").Find(&rows).Error
	if err != nil {
		return nil, translate("user alerts", err)
	}
	out := make([]SourcedState, len(rows))
	for i, r := range rows {
		out[i] = SourcedState{Source: r.Source, State: r.state()}
	}
	return out, nil
}

// Ack acknowledges a user's firing alerts: no reminders until each resolves. With a source, only that
// source's alerts that fired before before (those an alert message of that time told of, reminders of them
// included); without, every one. It returns how many it acknowledged.
func (s *Store) Ack(ctx context.Context, userID uint, source string, before time.Time) (int64, error) {
	q := s.db.WithContext(ctx).Model(&alertStateRow{}).Where("user_id = ? AND phase = ? AND acked = ?", userID, int(alerts.Firing), false)
	if source != "" {
		q = q.Where("source = ? AND fired_at IS NOT NULL AND fired_at < ?", source, before.UTC())
	}
	res := q.Update("acked", true)
	return res.RowsAffected, translate("ack", res.Error)
}

// StateChanges is what one evaluation changed for one user.
type StateChanges struct {
	UserID  uint
	Upserts []alerts.State
	Deletes []alerts.Key
	// Began and Ended go to the alert log: the alerts that fired, and those firing that ended.
	Began []alerts.State
	Ended []alerts.State
}

// writeStates applies state changes. An upsert never clears an acknowledgement: the user may ack while a
// poll is being evaluated, and the poll's states were read before.
func writeStates(tx *gorm.DB, source string, changes []StateChanges) error {
	var rows []alertStateRow
	for _, c := range changes {
		if err := logAlerts(tx, source, c); err != nil {
			return err
		}
		for _, k := range c.Deletes {
			if err := tx.Where("user_id = ? AND source = ? AND key = ?", c.UserID, source, k.String()).Delete(&alertStateRow{}).Error; err != nil {
				return err
			}
		}
		for _, st := range c.Upserts {
			rows = append(rows, toRow(c.UserID, source, st))
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return tx.Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "user_id"}, {Name: "source"}, {Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"phase", "idx", "since", "fired_at", "notified_at", "value", "peak",
			"threshold", "origin", "baseline"}),
	}).CreateInBatches(rows, 200).Error
}
