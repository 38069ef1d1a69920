package store

import (
	"context"
	"database/sql"
	"math"
	"time"

	"gorm.io/gorm"
)

// ReportOff is ReportAt for a user who wants no daily report.
const ReportOff = "off"

// SetReport sets a user's daily report: at ("HH:MM", "" for the default, or ReportOff) in zone ("" keeps
// theirs).
func (s *Store) SetReport(ctx context.Context, userID uint, at, zone string) error {
	updates := map[string]any{"report_at": at}
	if zone != "" {
		updates["timezone"] = zone
	}
	res := s.db.WithContext(ctx).Model(&User{}).Where("id = ?", userID).Updates(updates)
	return matched("set report", res)
}

// QueueReport queues a user's scheduled report for the occurrence due, once: if a report for due (or a
// later one) was already queued it queues nothing and returns false. The messages and the mark go in one
// transaction, so that a crash neither loses the report nor sends it twice.
func (s *Store) QueueReport(ctx context.Context, userID uint, due time.Time, msgs []OutboxMessage) (bool, error) {
	queued := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("id = ? AND (report_done_at IS NULL OR report_done_at < ?)", userID, due.UTC()).
			Update("report_done_at", due.UTC())
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		queued = true
		return insertOutbox(tx, msgs)
	})
	return queued, translate("queue report", err)
}

// RigDay is one rig over a span of history.
type RigDay struct {
	Rig       string // the source's id
	Polls     int
	Online    int
	HotTemp   float64   // the hottest GPU's temperature, NaN when no GPU reported one
	HotGPU    int       // its index
	HotAt     time.Time // when (a rollup's hour, when the span is read from rollups)
	HashPolls int       // polls that reported a hashrate
}

// Day is a farm over a span of history: per rig, and the farm's totals per poll.
type Day struct {
	Rigs []RigDay
	// Hashrate is the farm's total per algorithm at each poll (or each hour, from rollups), in time order.
	Hashrate []map[string]float64
	Power    []float64 // the farm's total power at each poll or hour, W
	Hourly   bool      // read from rollups: one point per hour
}

// FarmDay sums up a source's rigs over [from, to): from raw polls when they reach back to from, or when
// no rollup does either (pitboss has not run that long); else from hourly rollups.
func (s *Store) FarmDay(ctx context.Context, source string, from, to time.Time) (Day, error) {
	db := s.db.WithContext(ctx)
	oldestRaw, oldestRollup, err := rigHistoryStart(db)
	if err != nil {
		return Day{}, translate("farm day", err)
	}
	rawReaches := oldestRaw.Valid && oldestRaw.Int64 <= from.Unix()
	rollupsReach := oldestRollup.Valid && oldestRollup.Int64 <= from.Unix()
	if rawReaches || !rollupsReach {
		d, err := rawDay(db, source, from, to)
		return d, translate("farm day", err)
	}
	d, err := rollupDay(db, source, from, to)
	return d, translate("farm day", err)
}

// dayScan accumulates a Day row by row, in time order.
type dayScan struct {
	day   Day
	rigs  map[string]*RigDay
	order []string
	last  int64
}

func newDayScan(hourly bool) *dayScan {
	return &dayScan{day: Day{Hourly: hourly}, rigs: map[string]*RigDay{}, last: math.MinInt64}
}

func (d *dayScan) rig(id string) *RigDay {
	r := d.rigs[id]
	if r == nil {
		r = &RigDay{Rig: id, HotTemp: math.NaN(), HotGPU: -1}
		d.rigs[id] = r
		d.order = append(d.order, id)
	}
	return r
}

// at starts the point of time ts, if it is a new one.
func (d *dayScan) at(ts int64) {
	if ts != d.last {
		d.day.Hashrate = append(d.day.Hashrate, map[string]float64{})
		d.day.Power = append(d.day.Power, 0)
		d.last = ts
	}
}

func (d *dayScan) add(ts int64, r *RigDay, algo, algo2 string, rate, rate2, power sql.NullFloat64, temps []GPUValues) {
	d.at(ts)
	i := len(d.day.Hashrate) - 1
	if rate.Valid {
		d.day.Hashrate[i][algo] += rate.Float64
		r.HashPolls++
	}
	if rate2.Valid {
		d.day.Hashrate[i][algo2] += rate2.Float64
	}
	if power.Valid {
		d.day.Power[i] += power.Float64
	}
	for g, v := range temps {
		if !math.IsNaN(v.Temp) && (math.IsNaN(r.HotTemp) || v.Temp > r.HotTemp) {
			r.HotTemp, r.HotGPU, r.HotAt = v.Temp, g, time.Unix(ts, 0).UTC()
		}
	}
}

func (d *dayScan) done() Day {
	for _, id := range d.order {
		d.day.Rigs = append(d.day.Rigs, *d.rigs[id])
	}
	return d.day
}

func rawDay(db *gorm.DB, source string, from, to time.Time) (Day, error) {
	rows, err := db.Raw(`
		SELECT s.ts, r.ext_id, s.online, COALESCE(a.name, ''), s.hashrate, COALESCE(a2.name, ''), s.hashrate2, s.power, s.gpus
		FROM rig_samples s JOIN rigs r ON r.id = s.rig_id
		LEFT JOIN algos a ON a.id = s.algo LEFT JOIN algos a2 ON a2.id = s.algo2
		WHERE r.source = ? AND s.ts >= ? AND s.ts < ? ORDER BY s.ts, s.rig_id`, source, from.Unix(), to.Unix()).Rows()
	if err != nil {
		return Day{}, err
	}
	defer rows.Close()
	d := newDayScan(false)
	for rows.Next() {
		var ts int64
		var rig, algo, algo2 string
		var online bool
		var rate, rate2, power sql.NullFloat64
		var blob []byte
		if err := rows.Scan(&ts, &rig, &online, &algo, &rate, &algo2, &rate2, &power, &blob); err != nil {
			return Day{}, err
		}
		r := d.rig(rig)
		r.Polls++
		d.at(ts)
		if !online {
			continue
		}
		r.Online++
		gs, _ := unpackGPUs(blob) // a blob pitboss did not write counts as no GPU values
		d.add(ts, r, algo, algo2, rate, rate2, power, gs)
	}
	return d.done(), rows.Err()
}

func rollupDay(db *gorm.DB, source string, from, to time.Time) (Day, error) {
	rows, err := db.Raw(`
		SELECT u.hour, r.ext_id, u.polls, u.online, COALESCE(a.name, ''), u.hashrate_avg, COALESCE(a2.name, ''),
			u.hashrate2_avg, u.power_avg, u.gpus_max
		FROM rig_rollups u JOIN rigs r ON r.id = u.rig_id
		LEFT JOIN algos a ON a.id = u.algo LEFT JOIN algos a2 ON a2.id = u.algo2
		WHERE r.source = ? AND u.hour >= ? AND u.hour < ? ORDER BY u.hour, u.rig_id`, source, from.Unix(), to.Unix()).Rows()
	if err != nil {
		return Day{}, err
	}
	defer rows.Close()
	d := newDayScan(true)
	for rows.Next() {
		var h int64
		var rig, algo, algo2 string
		var polls, online int
		var rate, rate2, power sql.NullFloat64
		var blob []byte
		if err := rows.Scan(&h, &rig, &polls, &online, &algo, &rate, &algo2, &rate2, &power, &blob); err != nil {
			return Day{}, err
		}
		r := d.rig(rig)
		r.Polls += polls
		r.Online += online
		gs, _ := unpackGPUs(blob)
		// The hour's averages are over the polls the rig was online in: weighted by them, an hour half
		// offline counts half, as it would from raw polls.
		share := float64(online) / float64(max(polls, 1))
		d.add(h, r, algo, algo2, scaled(rate, share), scaled(rate2, share), scaled(power, share), gs)
	}
	return d.done(), rows.Err()
}

func scaled(v sql.NullFloat64, by float64) sql.NullFloat64 {
	if v.Valid {
		v.Float64 *= by
	}
	return v
}
