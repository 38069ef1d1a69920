package monitor

import (
	"context"
	"time"

	"pitboss/store"
)

// Retention says how long history is kept: raw polls for RawDays, hourly rollups for RollupDays. The zero
// value keeps everything.
type Retention struct {
	RawDays    int
	RollupDays int
}

// RetentionStore is what retention needs of the database.
type RetentionStore interface {
	RollUp(ctx context.Context, now time.Time) (int, error)
	Prune(ctx context.Context, rawBefore, rollupBefore time.Time) (store.Pruned, error)
}

// retentionSpec runs retention a few minutes into every hour, once the hour before is complete.
const retentionSpec = "5 * * * *"

// retain rolls up the hours completed since the last run, then prunes what is past its keeping.
func (m *Monitor) retain(ctx context.Context) {
	st, ok := m.opts.Store.(RetentionStore)
	r := m.opts.Retention
	if !ok || r.RawDays <= 0 {
		return
	}
	now := m.now()
	hours, err := st.RollUp(ctx, now)
	if err != nil {
		m.log.Error("rolling up history failed", "error", err, "hours", hours)
		return
	}
	day := 24 * time.Hour
	pruned, err := st.Prune(ctx, now.Add(-time.Duration(r.RawDays)*day), now.Add(-time.Duration(r.RollupDays)*day))
	if err != nil {
		m.log.Error("pruning history failed", "error", err)
		return
	}
	if hours > 0 || pruned.Samples > 0 || pruned.Rollups > 0 {
		m.log.Info("history kept small", "hours_rolled_up", hours, "raw_rows_pruned", pruned.Samples, "rollups_pruned", pruned.Rollups)
	}
}
