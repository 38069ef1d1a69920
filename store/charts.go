package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Charts read a window of history at the finest resolution the database still holds for all of it: the
// raw polls when they reach back to the window's start (or when nothing older was ever kept), else the
// hourly rollups, followed by the raw polls of the hours not rolled up yet, summed up by hour the same way.
// Which it is depends on what retention has left, never on a fixed number of days.

// ChartPoint is one point of a chart's line.
type ChartPoint struct {
	At time.Time // the poll; or, for hourly points, the start of the hour
	// Avg is the value. For a poll Min and Max equal it; for an hour they are its extremes, NaN when history
	// does not know them (a farm's total is summed from each rig's average).
	Avg, Min, Max float64
}

// FarmTrend is a farm's total hashrate over a window, per algorithm: at every poll, or every hour.
type FarmTrend struct {
	Hourly bool
	// Algos holds a line per algorithm, "" for rigs that did not name theirs. A rig offline counts as 0, so
	// that every line has a point at every poll (or hour) of the window.
	Algos map[string][]ChartPoint
}

// RigTrend is one rig over a window: its hashrate per algorithm (0 while offline) and each GPU's
// temperature (no point while offline), at every poll or every hour.
type RigTrend struct {
	Hourly    bool
	Hashrates map[string][]ChartPoint
	Temps     [][]ChartPoint // by the GPU's index in the rig
}

// SeriesTrend is a series (a pool's or a site's hashrate) over a window.
type SeriesTrend struct {
	Hourly bool
	Points []ChartPoint
}

// span is where a window [from, to) of history is read from: all raw polls; or the rollups up to the
// first hour not rolled up yet, then the raw polls from it, summed up by hour.
type span struct {
	raw      bool
	from, to int64
	rolled   int64 // the first hour not rolled up yet; 0 when raw
}

func (sp span) rollupsTo() int64 { return min(sp.to, sp.rolled) }

func (sp span) rawFrom() int64 { return max(sp.from, sp.rolled) }

// spanOf decides where [from, to) is read from. oldestRaw is the oldest raw poll kept (of the rigs, or of
// one series); firstRollup the oldest rollup hour.
func (s *Store) spanOf(db *gorm.DB, oldestRaw, firstRollup sql.NullInt64, from, to time.Time) (span, error) {
	sp := span{from: from.Unix(), to: to.Unix()}
	if oldestRaw.Valid && (oldestRaw.Int64 <= sp.from || !firstRollup.Valid || firstRollup.Int64 >= oldestRaw.Int64/hour*hour) {
		sp.raw = true // raw polls reach back to from, or nothing older than them was kept
		return sp, nil
	}
	var err error
	sp.rolled, err = s.nextHourToRoll(db)
	return sp, err
}

// rigHistoryStart is the oldest raw poll of rigs kept and the oldest hour of their rollups; each not
// valid when there is none.
func rigHistoryStart(db *gorm.DB) (oldestRaw, firstRollup sql.NullInt64, err error) {
	err = db.Raw(`SELECT (SELECT MIN(ts) FROM rig_samples), (SELECT MIN(hour) FROM rig_rollups)`).Row().
		Scan(&oldestRaw, &firstRollup)
	return oldestRaw, firstRollup, err
}

// rigSpan is spanOf for rigs' history.
func (s *Store) rigSpan(db *gorm.DB, from, to time.Time) (span, error) {
	oldest, first, err := rigHistoryStart(db)
	if err != nil {
		return span{}, err
	}
	return s.spanOf(db, oldest, first, from, to)
}

// FarmTrend returns the total hashrate of source's rigs over [from, to), per algorithm. It reads one row
// per poll (or per hour) from SQL, which sums the rigs: a month of a large farm reads its rollups, never its
// raw polls.
func (s *Store) FarmTrend(ctx context.Context, source string, from, to time.Time) (FarmTrend, error) {
	db := s.db.WithContext(ctx)
	sp, err := s.rigSpan(db, from, to)
	if err != nil {
		return FarmTrend{}, translate("farm trend", err)
	}
	fq, err := newFarmQuery(db, source)
	if err != nil {
		return FarmTrend{}, translate("farm trend", err)
	}
	if sp.raw {
		lines, err := fq.raw(db, sp.from, sp.to)
		return FarmTrend{Algos: lines}, translate("farm trend", err)
	}
	set := newLineSet()
	if sp.from < sp.rollupsTo() {
		ups, err := fq.rollups(db, sp.from, sp.rollupsTo())
		if err != nil {
			return FarmTrend{}, translate("farm trend", err)
		}
		set.addLines(ups, func(ps []ChartPoint) []ChartPoint { return ps })
	}
	if sp.rawFrom() < sp.to {
		tail, err := fq.raw(db, sp.rawFrom(), sp.to)
		if err != nil {
			return FarmTrend{}, translate("farm trend", err)
		}
		set.addLines(tail, func(ps []ChartPoint) []ChartPoint { return hourlyAverages(ps, false) })
	}
	return FarmTrend{Hourly: true, Algos: set.lines()}, nil
}

// algoName is an algorithm's number and name.
type algoName struct {
	ID   int64
	Name string
}

func algoNames(db *gorm.DB) ([]algoName, error) {
	var out []algoName
	err := db.Raw(`SELECT id, name FROM algos ORDER BY id`).Scan(&out).Error
	return out, err
}

// farmQuery is what the sums of a farm read: its algorithms, and whether rigs of other sources must be
// left out (a test per row that costs more than the sums, so it is made only when there are any).
type farmQuery struct {
	algos    []algoName
	source   string
	onlyRigs bool
}

func newFarmQuery(db *gorm.DB, source string) (farmQuery, error) {
	q := farmQuery{source: source}
	var err error
	if q.algos, err = algoNames(db); err != nil {
		return q, err
	}
	var others int64
	err = db.Raw(`SELECT COUNT(*) FROM rigs WHERE source <> ?`, source).Scan(&others).Error
	q.onlyRigs = others > 0
	return q, err
}

// sql sums rate (and rate2, the rigs' second algorithm) of table per time column, with one column per
// algorithm (its main and its second use apart): SQLite aggregates the rows as it walks the table's
// primary key, which starts with the time, so it neither sorts nor hands every rig's row to Go. The first
// pair of columns is for rigs that name no algorithm.
func (f farmQuery) sql(table, at, rate, rate2 string, from, to int64) (string, []any) {
	var cols []string
	var args []any
	cols = append(cols, fmt.Sprintf(`SUM(CASE WHEN algo IS NULL THEN %s END)`, rate), `NULL`)
	for _, a := range f.algos {
		cols = append(cols, fmt.Sprintf(`SUM(CASE WHEN algo = ? THEN %s END)`, rate), fmt.Sprintf(`SUM(CASE WHEN algo2 = ? THEN %s END)`, rate2))
		args = append(args, a.ID, a.ID)
	}
	q := `SELECT ` + at + `, ` + strings.Join(cols, ", ") + ` FROM ` + table + ` WHERE ` + at + ` >= ? AND ` + at + ` < ?`
	args = append(args, from, to)
	if f.onlyRigs {
		q += ` AND rig_id IN (SELECT id FROM rigs WHERE source = ?)`
		args = append(args, f.source)
	}
	return q + ` GROUP BY ` + at + ` ORDER BY ` + at, args
}

// raw sums the online rigs at each poll of [from, to).
func (f farmQuery) raw(db *gorm.DB, from, to int64) (map[string][]ChartPoint, error) {
	q, args := f.sql("rig_samples", "ts", "CASE WHEN online THEN hashrate END", "CASE WHEN online THEN hashrate2 END", from, to)
	return scanFarmSums(db, q, args, f.algos, false)
}

// rollups sums the rigs over the hours of [from, to). A rig's hourly average is over the polls it was
// online; times its share of polls online, it is its average over the hour with offline as 0.
func (f farmQuery) rollups(db *gorm.DB, from, to int64) (map[string][]ChartPoint, error) {
	q, args := f.sql("rig_rollups", "hour", "hashrate_avg * online / polls", "hashrate2_avg * online / polls", from, to)
	return scanFarmSums(db, q, args, f.algos, true)
}

// scanFarmSums reads the rows of farmQuery.sql into a line per algorithm that appears in them.
func scanFarmSums(db *gorm.DB, q string, args []any, algos []algoName, hourly bool) (map[string][]ChartPoint, error) {
	rows, err := db.Raw(q, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := make([]string, 1, len(algos)+1)
	for _, a := range algos {
		names = append(names, a.Name)
	}
	sums := make([]sql.NullFloat64, 2*len(names))
	dest := make([]any, 1+len(sums))
	var ts int64
	dest[0] = &ts
	for i := range sums {
		dest[1+i] = &sums[i]
	}
	set := newLineSet()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		at := time.Unix(ts, 0).UTC()
		vals := set.at(at)
		for i, name := range names {
			if a, b := sums[2*i], sums[2*i+1]; a.Valid || b.Valid {
				p := ChartPoint{At: at, Avg: a.Float64 + b.Float64, Min: math.NaN(), Max: math.NaN()}
				if !hourly {
					p.Min, p.Max = p.Avg, p.Avg
				}
				vals[name] = p
			}
		}
	}
	return set.lines(), rows.Err()
}

// hourlyAverages sums up points by the hour they fall in: the average, and the extremes when keep says
// they mean something (the polls of one rig or series), else NaN.
func hourlyAverages(ps []ChartPoint, keep bool) []ChartPoint {
	var out []ChartPoint
	var n int
	for _, p := range ps {
		h := p.At.Truncate(time.Hour)
		if len(out) == 0 || !out[len(out)-1].At.Equal(h) {
			if len(out) > 0 {
				out[len(out)-1].Avg /= float64(n)
			}
			out, n = append(out, ChartPoint{At: h, Min: math.Inf(1), Max: math.Inf(-1)}), 0
		}
		last := &out[len(out)-1]
		last.Avg, last.Min, last.Max, n = last.Avg+p.Avg, math.Min(last.Min, p.Min), math.Max(last.Max, p.Max), n+1
	}
	if len(out) > 0 {
		out[len(out)-1].Avg /= float64(n)
	}
	if !keep {
		for i := range out {
			out[i].Min, out[i].Max = math.NaN(), math.NaN()
		}
	}
	return out
}

// RigTrend returns one rig of source over [from, to).
func (s *Store) RigTrend(ctx context.Context, source, rig string, from, to time.Time) (RigTrend, error) {
	sp, err := s.rigSpan(s.db.WithContext(ctx), from, to)
	if err != nil {
		return RigTrend{}, translate("rig trend", err)
	}
	b := newRigBuilder()
	if sp.from < sp.rollupsTo() {
		ups, err := s.RigRollups(ctx, source, rig, from, time.Unix(sp.rollupsTo(), 0))
		if err != nil {
			return RigTrend{}, err
		}
		for _, u := range ups {
			b.addRollup(u)
		}
	}
	if sp.rawFrom() < sp.to {
		smps, err := s.RigSamples(ctx, source, rig, time.Unix(sp.rawFrom(), 0), to)
		if err != nil {
			return RigTrend{}, err
		}
		tail := newRigBuilder()
		for _, smp := range smps {
			tail.addSample(smp)
		}
		b.join(tail, !sp.raw)
	}
	return RigTrend{Hourly: !sp.raw, Hashrates: b.rates.lines(), Temps: b.temps}, nil
}

// rigBuilder collects a rig's trend from rollups and raw polls.
type rigBuilder struct {
	rates lineSet
	temps [][]ChartPoint
}

func newRigBuilder() *rigBuilder { return &rigBuilder{rates: newLineSet()} }

// addSample adds a raw poll: a rig offline mines nothing and reports no temperatures.
func (b *rigBuilder) addSample(smp RigSample) {
	at := b.rates.at(smp.At)
	if !smp.Online {
		return
	}
	for _, h := range [2]struct {
		algo string
		rate float64
	}{{smp.Algo, smp.Hashrate}, {smp.Algo2, smp.Hashrate2}} {
		if !math.IsNaN(h.rate) {
			at[h.algo] = ChartPoint{At: smp.At, Avg: h.rate, Min: h.rate, Max: h.rate}
		}
	}
	for i, g := range smp.GPUs {
		if !math.IsNaN(g.Temp) {
			b.temp(i, ChartPoint{At: smp.At, Avg: g.Temp, Min: g.Temp, Max: g.Temp})
		}
	}
}

// addRollup adds an hour: the hashrate with the polls offline as 0 (so the lowest is 0 when the rig was
// offline at all), and each GPU's temperature.
func (b *rigBuilder) addRollup(u RigRollup) {
	at := b.rates.at(u.Hour)
	share := float64(u.Online) / float64(max(u.Polls, 1))
	if !math.IsNaN(u.Hashrate) {
		p := ChartPoint{At: u.Hour, Avg: u.Hashrate * share, Min: u.HashrateMin, Max: u.HashrateMax}
		if u.Online < u.Polls {
			p.Min = 0
		}
		at[u.Algo] = p
	}
	if !math.IsNaN(u.Hashrate2) {
		at[u.Algo2] = ChartPoint{At: u.Hour, Avg: u.Hashrate2 * share, Min: math.NaN(), Max: math.NaN()}
	}
	for i, g := range u.GPUAvg {
		if !math.IsNaN(g.Temp) {
			b.temp(i, ChartPoint{At: u.Hour, Avg: g.Temp, Min: gpuTemp(u.GPUMin, i), Max: gpuTemp(u.GPUMax, i)})
		}
	}
}

func gpuTemp(gs []GPUValues, i int) float64 {
	if i < len(gs) {
		return gs[i].Temp
	}
	return math.NaN()
}

func (b *rigBuilder) temp(gpu int, p ChartPoint) {
	for len(b.temps) <= gpu {
		b.temps = append(b.temps, nil)
	}
	b.temps[gpu] = append(b.temps[gpu], p)
}

// join appends tail (raw polls after the rollups), summed up by hour when hourly.
func (b *rigBuilder) join(tail *rigBuilder, hourly bool) {
	sum := func(ps []ChartPoint) []ChartPoint {
		if hourly {
			return hourlyAverages(ps, true)
		}
		return ps
	}
	for _, t := range tail.rates.times { // the polls offline too, which have no line of their own
		if hourly {
			t = t.Truncate(time.Hour)
		}
		b.rates.at(t)
	}
	b.rates.addLines(tail.rates.lines(), sum)
	for i, ps := range tail.temps {
		for _, p := range sum(ps) {
			b.temp(i, p)
		}
	}
}

// lineSet gathers lines (one per algorithm) point by point, and gives each line a point at every time any
// of them has: 0 where its algorithm was not mined, so that a line drops rather than breaks off.
type lineSet struct {
	index map[int64]int
	times []time.Time
	vals  []map[string]ChartPoint
}

func newLineSet() lineSet { return lineSet{index: map[int64]int{}} }

// at returns the values at t, adding t after the times so far if it is new.
func (l *lineSet) at(t time.Time) map[string]ChartPoint {
	i, ok := l.index[t.Unix()]
	if !ok {
		i = len(l.times)
		l.index[t.Unix()] = i
		l.times, l.vals = append(l.times, t), append(l.vals, map[string]ChartPoint{})
	}
	return l.vals[i]
}

// addLines adds lines whose times come after those so far, each through sum.
func (l *lineSet) addLines(lines map[string][]ChartPoint, sum func([]ChartPoint) []ChartPoint) {
	for _, name := range Algos(lines) {
		for _, p := range sum(lines[name]) {
			l.at(p.At)[name] = p
		}
	}
	// Times were added line by line; put them back in order.
	order := make([]int, len(l.times))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return l.times[order[a]].Before(l.times[order[b]]) })
	times, vals := make([]time.Time, len(order)), make([]map[string]ChartPoint, len(order))
	for i, o := range order {
		times[i], vals[i] = l.times[o], l.vals[o]
		l.index[times[i].Unix()] = i
	}
	l.times, l.vals = times, vals
}

func (l *lineSet) lines() map[string][]ChartPoint {
	out := map[string][]ChartPoint{}
	for _, vs := range l.vals {
		for name := range vs {
			out[name] = nil
		}
	}
	for name := range out {
		ps := make([]ChartPoint, len(l.times))
		for i, t := range l.times {
			p, ok := l.vals[i][name]
			if !ok {
				p = ChartPoint{At: t}
			}
			ps[i] = p
		}
		out[name] = ps
	}
	return out
}

// SeriesTrend returns a series of source (such as "BTC/pool_hashrate") over [from, to).
func (s *Store) SeriesTrend(ctx context.Context, source, name string, from, to time.Time) (SeriesTrend, error) {
	db := s.db.WithContext(ctx)
	id, sp, err := s.seriesSpan(db, source, name, from, to)
	if err != nil || id == 0 {
		return SeriesTrend{}, translate("series trend", err)
	}
	if sp.raw {
		ps, err := seriesPoints(db, `SELECT ts, value, value, value FROM series_samples WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts`,
			id, sp.from, sp.to)
		return SeriesTrend{Points: ps}, translate("series trend", err)
	}
	out := SeriesTrend{Hourly: true}
	if sp.from < sp.rollupsTo() {
		if out.Points, err = seriesPoints(db, `SELECT hour, avg, min, max FROM series_rollups WHERE series_id = ? AND hour >= ? AND hour < ? ORDER BY hour`,
			id, sp.from, sp.rollupsTo()); err != nil {
			return out, translate("series trend", err)
		}
	}
	if sp.rawFrom() < sp.to {
		tail, err := seriesPoints(db, `SELECT ts / 3600 * 3600 AS h, AVG(value), MIN(value), MAX(value) FROM series_samples
			WHERE series_id = ? AND ts >= ? AND ts < ? GROUP BY h ORDER BY h`, id, sp.rawFrom(), sp.to)
		if err != nil {
			return out, translate("series trend", err)
		}
		out.Points = append(out.Points, tail...)
	}
	return out, nil
}

// seriesSpan numbers the series (0 when it has never been polled) and decides where [from, to) of it is
// read from: its own oldest raw poll decides, as series are polled on schedules of their own.
func (s *Store) seriesSpan(db *gorm.DB, source, name string, from, to time.Time) (int64, span, error) {
	var id, oldest, first sql.NullInt64
	if err := db.Raw(`SELECT id FROM series WHERE source = ? AND name = ?`, source, name).Scan(&id).Error; err != nil || !id.Valid {
		return 0, span{}, err
	}
	if err := db.Raw(`SELECT MIN(ts) FROM series_samples WHERE series_id = ?`, id.Int64).Scan(&oldest).Error; err != nil {
		return 0, span{}, err
	}
	if err := db.Raw(`SELECT MIN(hour) FROM series_rollups`).Scan(&first).Error; err != nil {
		return 0, span{}, err
	}
	sp, err := s.spanOf(db, oldest, first, from, to)
	return id.Int64, sp, err
}

func seriesPoints(db *gorm.DB, q string, args ...any) ([]ChartPoint, error) {
	rows, err := db.Raw(q, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ChartPoint
	for rows.Next() {
		var at int64
		var p ChartPoint
		if err := rows.Scan(&at, &p.Avg, &p.Min, &p.Max); err != nil {
			return nil, err
		}
		p.At = time.Unix(at, 0).UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// Algos lists the lines of a FarmTrend (or a RigTrend's hashrates) in a stable order: by name, with the
// unnamed last.
func Algos(lines map[string][]ChartPoint) []string {
	out := make([]string, 0, len(lines))
	for a := range lines {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i] == "") != (out[j] == "") {
			return out[j] == ""
		}
		return out[i] < out[j]
	})
	return out
}
