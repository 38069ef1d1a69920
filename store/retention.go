package store

import (
	"context"
	"database/sql"
	"math"
	"time"

	"gorm.io/gorm"
)

// Retention keeps history small: raw polls for a couple of days, hourly rollups for months. Both jobs work
// in small steps, each its own short transaction, so that they never hold the write lock for long against
// the pollers and the chat; the reading that a rollup needs happens outside any write transaction.

const hour = int64(time.Hour / time.Second)

// pruneStep is how much raw history (in seconds of polls) one delete removes: a few minutes of a large
// farm, a few thousand rows.
const pruneStep = 5 * 60

// RollUp sums up every complete hour of raw history that has no rollup yet, up to now, one hour per
// transaction. It returns how many hours it rolled up.
func (s *Store) RollUp(ctx context.Context, now time.Time) (int, error) {
	db := s.db.WithContext(ctx)
	end := now.Unix() / hour * hour // hours before this one are complete
	next, err := s.nextHourToRoll(db)
	if err != nil {
		return 0, translate("roll up", err)
	}
	done := 0
	for h := next; h < end; {
		if err := ctx.Err(); err != nil {
			return done, translate("roll up", err)
		}
		n, err := s.rollUpHour(db, h)
		if err != nil {
			return done, translate("roll up", err)
		}
		if n > 0 {
			done++
			h += hour
			continue
		}
		// Nothing was polled in that hour (pitboss was down): go on from the next hour that has polls.
		if h, err = firstHourFrom(db, h+hour); err != nil {
			return done, translate("roll up", err)
		}
	}
	return done, nil
}

// nextHourToRoll is the hour after the last rolled up, or the first hour of raw history.
func (s *Store) nextHourToRoll(db *gorm.DB) (int64, error) {
	var last sql.NullInt64
	if err := db.Raw(`SELECT MAX(hour) FROM (SELECT MAX(hour) AS hour FROM rig_rollups UNION ALL SELECT MAX(hour) FROM series_rollups) AS h`).
		Scan(&last).Error; err != nil {
		return 0, err
	}
	if last.Valid {
		return last.Int64 + hour, nil
	}
	return firstHourFrom(db, 0)
}

// firstHourFrom is the start of the first hour at or after from that has raw history; far in the future
// when there is none.
func firstHourFrom(db *gorm.DB, from int64) (int64, error) {
	var first sql.NullInt64
	if err := db.Raw(`SELECT MIN(ts) FROM (SELECT MIN(ts) AS ts FROM rig_samples WHERE ts >= ? UNION ALL SELECT MIN(ts) FROM series_samples WHERE ts >= ?) AS t`,
		from, from).Scan(&first).Error; err != nil {
		return 0, err
	}
	if !first.Valid {
		return math.MaxInt64 / hour * hour, nil
	}
	return first.Int64 / hour * hour, nil
}

// rollUpHour writes the rollups of the hour starting at h; it returns how many rigs and series it found.
func (s *Store) rollUpHour(db *gorm.DB, h int64) (int, error) {
	rigs, err := readHour(db, h)
	if err != nil {
		return 0, err
	}
	var series int64
	if err := db.Raw(`SELECT COUNT(DISTINCT series_id) FROM series_samples WHERE ts >= ? AND ts < ?`, h, h+hour).Scan(&series).Error; err != nil {
		return 0, err
	}
	if len(rigs) == 0 && series == 0 {
		return 0, nil
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		for start := 0; start < len(rigs); start += rollupBatch {
			batch := rigs[start:min(start+rollupBatch, len(rigs))]
			args := make([]any, 0, len(batch)*14)
			for _, r := range batch {
				args = append(args, r.row(h)...)
			}
			q := `INSERT INTO rig_rollups (hour, rig_id, polls, online, algo, hashrate_min, hashrate_avg, hashrate_max,
				algo2, hashrate2_avg, power_avg, gpus_min, gpus_avg, gpus_max) VALUES ` + valueRows(len(batch), 14) + `
				ON CONFLICT (hour, rig_id) DO UPDATE SET polls = excluded.polls, online = excluded.online, algo = excluded.algo,
					hashrate_min = excluded.hashrate_min, hashrate_avg = excluded.hashrate_avg, hashrate_max = excluded.hashrate_max,
					algo2 = excluded.algo2, hashrate2_avg = excluded.hashrate2_avg, power_avg = excluded.power_avg,
					gpus_min = excluded.gpus_min, gpus_avg = excluded.gpus_avg, gpus_max = excluded.gpus_max`
			if err := tx.Exec(q, args...).Error; err != nil {
				return err
			}
		}
		return tx.Exec(`INSERT INTO series_rollups (hour, series_id, n, min, avg, max)
			SELECT ?, series_id, COUNT(*), MIN(value), AVG(value), MAX(value) FROM series_samples
			WHERE ts >= ? AND ts < ? GROUP BY series_id
			ON CONFLICT (hour, series_id) DO UPDATE SET n = excluded.n, min = excluded.min, avg = excluded.avg, max = excluded.max`,
			h, h, h+hour).Error
	})
	return len(rigs) + int(series), err
}

// rollupBatch is how many rigs one INSERT of rollups carries.
const rollupBatch = 64

// readHour sums up each rig's raw polls of the hour starting at h.
func readHour(db *gorm.DB, h int64) ([]*rigHour, error) {
	rows, err := db.Raw(`SELECT rig_id, online, algo, hashrate, algo2, hashrate2, power, gpus FROM rig_samples
		WHERE ts >= ? AND ts < ? ORDER BY rig_id, ts`, h, h+hour).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*rigHour
	var cur *rigHour
	for rows.Next() {
		var id int64
		var online bool
		var algo, algo2 sql.NullInt64
		var rate, rate2, power sql.NullFloat64
		var blob []byte
		if err := rows.Scan(&id, &online, &algo, &rate, &algo2, &rate2, &power, &blob); err != nil {
			return nil, err
		}
		if cur == nil || cur.rigID != id {
			cur = &rigHour{rigID: id, rate: newSpread(), rate2: newSpread(), power: newSpread()}
			out = append(out, cur)
		}
		cur.polls++
		if !online {
			continue
		}
		cur.online++
		if algo.Valid {
			cur.algo = algo
		}
		if algo2.Valid {
			cur.algo2 = algo2
		}
		cur.rate.add(rate)
		cur.rate2.add(rate2)
		cur.power.add(power)
		gs, err := unpackGPUs(blob)
		if err != nil {
			continue // a sample pitboss did not write: leave it out of the hour
		}
		cur.addGPUs(gs)
	}
	return out, rows.Err()
}

// spread is the min, sum and max of the values seen, and how many.
type spread struct {
	min, max, sum float64
	n             int
}

func newSpread() spread { return spread{min: math.Inf(1), max: math.Inf(-1)} }

func (s *spread) add(v sql.NullFloat64) {
	if v.Valid {
		s.addValue(v.Float64)
	}
}

func (s *spread) addValue(v float64) {
	if math.IsNaN(v) {
		return
	}
	s.min, s.max, s.sum, s.n = math.Min(s.min, v), math.Max(s.max, v), s.sum+v, s.n+1
}

func (s spread) triple() (lo, avg, hi float64) {
	if s.n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	return s.min, s.sum / float64(s.n), s.max
}

// rigHour is one rig's polls of one hour, summed up.
type rigHour struct {
	rigID              int64
	polls, online      int
	algo, algo2        sql.NullInt64
	rate, rate2, power spread
	gpus               [][5]spread // per GPU: temperature, fan, hashrate, memory temperature, power
}

func (r *rigHour) addGPUs(gs []GPUValues) {
	for len(r.gpus) < len(gs) {
		r.gpus = append(r.gpus, [5]spread{newSpread(), newSpread(), newSpread(), newSpread(), newSpread()})
	}
	for i, g := range gs {
		for c, v := range [5]float64{g.Temp, g.Fan, g.Hash, g.MemTemp, g.Power} {
			r.gpus[i][c].addValue(v)
		}
	}
}

// row is the rig's rollup row for the hour starting at h, in rig_rollups' column order.
func (r *rigHour) row(h int64) []any {
	lo, avg, hi := r.rate.triple()
	_, avg2, _ := r.rate2.triple()
	_, power, _ := r.power.triple()
	var mins, avgs, maxs []GPUValues
	for _, g := range r.gpus {
		var low, mid, high [5]float64
		for c := range g {
			low[c], mid[c], high[c] = g[c].triple()
		}
		mins, avgs, maxs = append(mins, gpuValues(low)), append(avgs, gpuValues(mid)), append(maxs, gpuValues(high))
	}
	return []any{h, r.rigID, r.polls, r.online, r.algo, nilIfNaN(lo), nilIfNaN(avg), nilIfNaN(hi), r.algo2, nilIfNaN(avg2),
		nilIfNaN(power), nilIfEmpty(packGPUs(mins)), nilIfEmpty(packGPUs(avgs)), nilIfEmpty(packGPUs(maxs))}
}

func gpuValues(v [5]float64) GPUValues {
	return GPUValues{Temp: v[0], Fan: v[1], Hash: v[2], MemTemp: v[3], Power: v[4]}
}

// Pruned counts the rows one Prune removed.
type Pruned struct {
	Samples int64 // raw polls of rigs and series
	Rollups int64
}

// Prune removes raw history older than rawBefore (but never an hour not yet rolled up) and rollups older
// than rollupBefore, a few minutes of polls per transaction.
func (s *Store) Prune(ctx context.Context, rawBefore, rollupBefore time.Time) (Pruned, error) {
	db := s.db.WithContext(ctx)
	var out Pruned
	rolled, err := s.nextHourToRoll(db)
	if err != nil {
		return out, translate("prune", err)
	}
	rawCut := min(rawBefore.Unix(), rolled)
	for _, t := range []struct {
		table, column string
		cut, step     int64
		count         *int64
	}{
		{"rig_samples", "ts", rawCut, pruneStep, &out.Samples},
		{"series_samples", "ts", rawCut, pruneStep, &out.Samples},
		{"rig_rollups", "hour", rollupBefore.Unix(), 6 * hour, &out.Rollups},
		{"series_rollups", "hour", rollupBefore.Unix(), 6 * hour, &out.Rollups},
	} {
		n, err := pruneTable(db, t.table, t.column, t.cut, t.step)
		*t.count += n
		if err != nil {
			return out, translate("prune", err)
		}
	}
	return out, nil
}

// pruneTable deletes the rows of table whose column is under cut, step by step from the oldest.
func pruneTable(db *gorm.DB, table, column string, cut, step int64) (int64, error) {
	var total int64
	for {
		if err := db.Statement.Context.Err(); err != nil {
			return total, err
		}
		res := db.Exec(`DELETE FROM `+table+` WHERE `+column+` < ? AND `+column+` < (SELECT MIN(`+column+`) FROM `+table+`) + ?`, cut, step)
		if res.Error != nil {
			return total, res.Error
		}
		total += res.RowsAffected
		if res.RowsAffected == 0 {
			var left int64
			if err := db.Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM `+table+` WHERE `+column+` < ? LIMIT 1) AS t`, cut).Scan(&left).Error; err != nil {
				return total, err
			}
			if left == 0 {
				return total, nil
			}
		}
	}
}

// RigRollup is one rig's hour of history.
type RigRollup struct {
	Hour                               time.Time
	Polls, Online                      int
	Algo                               string
	HashrateMin, Hashrate, HashrateMax float64 // NaN when the rig was never online in the hour
	Algo2                              string
	Hashrate2, Power                   float64 // averages; NaN when not reported
	GPUMin, GPUAvg, GPUMax             []GPUValues
}

// RigRollups returns a rig's hourly rollups over [from, to), oldest first.
func (s *Store) RigRollups(ctx context.Context, source, rig string, from, to time.Time) ([]RigRollup, error) {
	rows, err := s.db.WithContext(ctx).Raw(`
		SELECT u.hour, u.polls, u.online, COALESCE(a.name, ''), u.hashrate_min, u.hashrate_avg, u.hashrate_max,
			COALESCE(a2.name, ''), u.hashrate2_avg, u.power_avg, u.gpus_min, u.gpus_avg, u.gpus_max
		FROM rig_rollups u JOIN rigs r ON r.id = u.rig_id
		LEFT JOIN algos a ON a.id = u.algo LEFT JOIN algos a2 ON a2.id = u.algo2
		WHERE r.source = ? AND r.ext_id = ? AND u.hour >= ? AND u.hour < ? ORDER BY u.hour`,
		source, rig, from.Unix(), to.Unix()).Rows()
	if err != nil {
		return nil, translate("rig rollups", err)
	}
	defer rows.Close()
	var out []RigRollup
	for rows.Next() {
		var h int64
		var lo, avg, hi, avg2, power *float64
		var bmin, bavg, bmax []byte
		var u RigRollup
		if err := rows.Scan(&h, &u.Polls, &u.Online, &u.Algo, &lo, &avg, &hi, &u.Algo2, &avg2, &power, &bmin, &bavg, &bmax); err != nil {
			return nil, translate("rig rollups", err)
		}
		u.Hour = time.Unix(h, 0).UTC()
		u.HashrateMin, u.Hashrate, u.HashrateMax, u.Hashrate2, u.Power = orNaN(lo), orNaN(avg), orNaN(hi), orNaN(avg2), orNaN(power)
		for _, p := range []struct {
			blob []byte
			into *[]GPUValues
		}{{bmin, &u.GPUMin}, {bavg, &u.GPUAvg}, {bmax, &u.GPUMax}} {
			if *p.into, err = unpackGPUs(p.blob); err != nil {
				return nil, translate("rig rollups", err)
			}
		}
		out = append(out, u)
	}
	return out, translate("rig rollups", rows.Err())
}
