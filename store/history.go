package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"pitboss/alerts"
)

// RigFact is what the store knows of a rig apart from its samples.
type RigFact struct {
	ID   string // the source's id
	Name string
	GPUs int `gorm:"column:gpus"` // the most GPUs it has reported
}

// Rigs returns what the store knows of every rig of source.
func (s *Store) Rigs(ctx context.Context, source string) ([]RigFact, error) {
	var out []RigFact
	err := s.db.WithContext(ctx).Raw(`SELECT ext_id AS id, name, gpus FROM rigs WHERE source = ? ORDER BY id`, source).Scan(&out).Error
	return out, translate("rigs", err)
}

// RateSample is a rig's hashrate for one algorithm at one poll.
type RateSample struct {
	At       time.Time
	Hashrate float64
}

// RigHashrates returns the hashrates of the online rigs of source since since, per rig and algorithm
// (keyed by alerts.BaselineKey), oldest first.
func (s *Store) RigHashrates(ctx context.Context, source string, since time.Time) (map[string][]RateSample, error) {
	rows, err := s.db.WithContext(ctx).Raw(`
		SELECT r.ext_id, s.ts, COALESCE(a.name, ''), s.hashrate, COALESCE(a2.name, ''), s.hashrate2
		FROM rig_samples s JOIN rigs r ON r.id = s.rig_id
		LEFT JOIN algos a ON a.id = s.algo LEFT JOIN algos a2 ON a2.id = s.algo2
		WHERE r.source = ? AND s.ts >= ? AND s.online = TRUE
		ORDER BY s.rig_id, s.ts`, source, since.Unix()).Rows()
	if err != nil {
		return nil, translate("rig hashrates", err)
	}
	defer rows.Close()
	out := map[string][]RateSample{}
	for rows.Next() {
		var rig, algo, algo2 string
		var ts int64
		var rate, rate2 *float64
		if err := rows.Scan(&rig, &ts, &algo, &rate, &algo2, &rate2); err != nil {
			return nil, translate("rig hashrates", err)
		}
		at := time.Unix(ts, 0).UTC()
		if rate != nil {
			k := alerts.BaselineKey(rig, algo)
			out[k] = append(out[k], RateSample{At: at, Hashrate: *rate})
		}
		if rate2 != nil {
			k := alerts.BaselineKey(rig, algo2)
			out[k] = append(out[k], RateSample{At: at, Hashrate: *rate2})
		}
	}
	return out, translate("rig hashrates", rows.Err())
}

// RigSample is one rig's values in one poll, as history keeps them.
type RigSample struct {
	Rig       string
	At        time.Time
	Online    bool
	Algo      string
	Hashrate  float64 // NaN when not reported
	Algo2     string
	Hashrate2 float64 // NaN when the rig mines one algorithm
	Power     float64 // NaN when not reported
	GPUs      []GPUValues
}

// RigSamples returns a rig's samples over [from, to), oldest first.
func (s *Store) RigSamples(ctx context.Context, source, rig string, from, to time.Time) ([]RigSample, error) {
	rows, err := s.db.WithContext(ctx).Raw(`
		SELECT s.ts, s.online, COALESCE(a.name, ''), s.hashrate, COALESCE(a2.name, ''), s.hashrate2, s.power, s.gpus
		FROM rig_samples s JOIN rigs r ON r.id = s.rig_id
		LEFT JOIN algos a ON a.id = s.algo LEFT JOIN algos a2 ON a2.id = s.algo2
		WHERE r.source = ? AND r.ext_id = ? AND s.ts >= ? AND s.ts < ?
		ORDER BY s.ts`, source, rig, from.Unix(), to.Unix()).Rows()
	if err != nil {
		return nil, translate("rig samples", err)
	}
	defer rows.Close()
	var out []RigSample
	for rows.Next() {
		var ts int64
		var online bool
		var rate, rate2, power *float64
		var blob []byte
		smp := RigSample{Rig: rig}
		if err := rows.Scan(&ts, &online, &smp.Algo, &rate, &smp.Algo2, &rate2, &power, &blob); err != nil {
			return nil, translate("rig samples", err)
		}
		smp.At, smp.Online = time.Unix(ts, 0).UTC(), online
		smp.Hashrate, smp.Hashrate2, smp.Power = orNaN(rate), orNaN(rate2), orNaN(power)
		if smp.GPUs, err = unpackGPUs(blob); err != nil {
			return nil, fmt.Errorf("rig samples of %s at %d: %w", rig, ts, err)
		}
		out = append(out, smp)
	}
	return out, translate("rig samples", rows.Err())
}

func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func nilIfNaN(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return v
}

func nilIfEmpty(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// Series returns a series of source (such as "BTC/pool_hashrate") over [from, to), oldest first.
func (s *Store) Series(ctx context.Context, source, name string, from, to time.Time) ([]RateSample, error) {
	rows, err := s.db.WithContext(ctx).Raw(`
		SELECT ss.ts, ss.value FROM series_samples ss JOIN series se ON se.id = ss.series_id
		WHERE se.source = ? AND se.name = ? AND ss.ts >= ? AND ss.ts < ? ORDER BY ss.ts`,
		source, name, from.Unix(), to.Unix()).Rows()
	if err != nil {
		return nil, translate("series", err)
	}
	defer rows.Close()
	var out []RateSample
	for rows.Next() {
		var ts int64
		var v float64
		if err := rows.Scan(&ts, &v); err != nil {
			return nil, translate("series", err)
		}
		out = append(out, RateSample{At: time.Unix(ts, 0).UTC(), Hashrate: v})
	}
	return out, translate("series", rows.Err())
}

// SeriesName names the history series of a reading that is not about a rig: "BTC/pool_hashrate".
func SeriesName(r alerts.Reading) string { return r.Rig + "/" + string(r.Metric) }

// ids numbers rigs, series and algorithms, caching what the database holds so that a poll of thousands
// of rigs looks none of them up. Numbers learnt inside a transaction are kept only once it commits.
type ids struct {
	mu     sync.Mutex
	rigs   map[string]rigEntry // source + "\x00" + ext_id
	series map[string]int64    // source + "\x00" + name
	algos  map[string]int64
	loaded map[string]bool // sources whose rigs and series are cached
}

type rigEntry struct {
	id   int64
	name string
	gpus int
}

// idTx is the numbering inside one transaction: it reads the cache and stages what it adds.
type idTx struct {
	ids    *ids
	tx     *gorm.DB
	rigs   map[string]rigEntry
	series map[string]int64
	algos  map[string]int64
}

func (c *ids) begin(tx *gorm.DB, source string) (*idTx, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rigs == nil {
		c.rigs, c.series, c.algos, c.loaded = map[string]rigEntry{}, map[string]int64{}, map[string]int64{}, map[string]bool{}
		var algos []struct {
			ID   int64
			Name string
		}
		if err := tx.Raw(`SELECT id, name FROM algos`).Scan(&algos).Error; err != nil {
			return nil, err
		}
		for _, a := range algos {
			c.algos[a.Name] = a.ID
		}
	}
	if !c.loaded[source] {
		var rigs []struct {
			ID    int64
			ExtID string
			Name  string
			GPUs  int `gorm:"column:gpus"`
		}
		if err := tx.Raw(`SELECT id, ext_id, name, gpus FROM rigs WHERE source = ?`, source).Scan(&rigs).Error; err != nil {
			return nil, err
		}
		for _, r := range rigs {
			c.rigs[source+"\x00"+r.ExtID] = rigEntry{r.ID, r.Name, r.GPUs}
		}
		var series []struct {
			ID   int64
			Name string
		}
		if err := tx.Raw(`SELECT id, name FROM series WHERE source = ?`, source).Scan(&series).Error; err != nil {
			return nil, err
		}
		for _, s := range series {
			c.series[source+"\x00"+s.Name] = s.ID
		}
		c.loaded[source] = true
	}
	return &idTx{ids: c, tx: tx, rigs: map[string]rigEntry{}, series: map[string]int64{}, algos: map[string]int64{}}, nil
}

// reset forgets every number, for when another process may have added some: the next transaction reads
// them afresh.
func (c *ids) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rigs, c.series, c.algos, c.loaded = nil, nil, nil, nil
}

// commit keeps what the transaction added; call it once the transaction has committed.
func (t *idTx) commit() {
	t.ids.mu.Lock()
	defer t.ids.mu.Unlock()
	if t.ids.rigs == nil {
		return // reset since: the next transaction reads what this one added from the database
	}
	for k, v := range t.rigs {
		t.ids.rigs[k] = v
	}
	for k, v := range t.series {
		t.ids.series[k] = v
	}
	for k, v := range t.algos {
		t.ids.algos[k] = v
	}
}

func (t *idTx) cachedRig(key string) (rigEntry, bool) {
	if e, ok := t.rigs[key]; ok {
		return e, true
	}
	t.ids.mu.Lock()
	defer t.ids.mu.Unlock()
	e, ok := t.ids.rigs[key]
	return e, ok
}

// rig numbers a rig, adding it or updating its name and GPU count as the poll shows them.
func (t *idTx) rig(source, ext, name string, gpus int, at time.Time) (int64, error) {
	key := source + "\x00" + ext
	e, ok := t.cachedRig(key)
	switch {
	case !ok:
		if err := t.tx.Raw(`INSERT INTO rigs (source, ext_id, name, gpus, first_seen) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			source, ext, name, gpus, at.Unix()).Scan(&e.id).Error; err != nil {
			return 0, err
		}
		e.name, e.gpus = name, gpus
	case (name != "" && name != e.name) || gpus > e.gpus:
		e.name, e.gpus = cmp.Or(name, e.name), max(gpus, e.gpus)
		if err := t.tx.Exec(`UPDATE rigs SET name = ?, gpus = ? WHERE id = ?`, e.name, e.gpus, e.id).Error; err != nil {
			return 0, err
		}
	default:
		return e.id, nil
	}
	t.rigs[key] = e
	return e.id, nil
}

func (t *idTx) seriesID(source, name string) (int64, error) {
	key := source + "\x00" + name
	if id, ok := t.series[key]; ok {
		return id, nil
	}
	t.ids.mu.Lock()
	id, ok := t.ids.series[key]
	t.ids.mu.Unlock()
	if ok {
		return id, nil
	}
	if err := t.tx.Raw(`INSERT INTO series (source, name) VALUES (?, ?) RETURNING id`, source, name).Scan(&id).Error; err != nil {
		return 0, err
	}
	t.series[key] = id
	return id, nil
}

// algo numbers an algorithm; "" is none.
func (t *idTx) algo(name string) (any, error) {
	if name == "" {
		return nil, nil
	}
	if id, ok := t.algos[name]; ok {
		return id, nil
	}
	t.ids.mu.Lock()
	id, ok := t.ids.algos[name]
	t.ids.mu.Unlock()
	if ok {
		return id, nil
	}
	if err := t.tx.Raw(`INSERT INTO algos (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`, name).Scan(&id).Error; err != nil {
		return 0, err
	}
	t.algos[name] = id
	return id, nil
}

// samplesOf groups a poll's readings by rig, in the order the rigs first appear.
func samplesOf(readings []alerts.Reading, at time.Time) (rigs []RigSample, others []alerts.Reading) {
	index := map[string]int{}
	last := -1
	for _, r := range readings {
		switch r.Metric {
		case alerts.RigRedTemp, alerts.RigRedFan, alerts.RigRedMemTemp, alerts.RigProblem:
			continue // a rig's settings and the source's verdicts, not measurements: the alert log keeps what they caused
		}
		if !rigMetric(r.Metric) {
			others = append(others, r)
			continue
		}
		if last < 0 || rigs[last].Rig != r.Rig {
			i, ok := index[r.Rig]
			if !ok {
				i = len(rigs)
				index[r.Rig] = i
				rigs = append(rigs, RigSample{Rig: r.Rig, At: at, Hashrate: math.NaN(), Hashrate2: math.NaN(), Power: math.NaN()})
			}
			last = i
		}
		rigs[last].add(r)
	}
	return rigs, others
}

func rigMetric(m alerts.Metric) bool {
	switch m {
	case alerts.RigOnline, alerts.RigHashrate, alerts.RigPower, alerts.GPUTemp, alerts.GPUFan, alerts.GPUHashrate,
		alerts.GPUMemTemp, alerts.GPUPower:
		return true
	}
	return false
}

func (s *RigSample) add(r alerts.Reading) {
	switch r.Metric {
	case alerts.RigOnline:
		s.Online = r.Value != 0
	case alerts.RigPower:
		s.Power = r.Value
	case alerts.RigHashrate:
		if s.Algo == "" && math.IsNaN(s.Hashrate) {
			s.Algo, s.Hashrate = r.Algo, r.Value
		} else {
			s.Algo2, s.Hashrate2 = r.Algo, r.Value
		}
	default:
		if r.GPU < 0 || r.GPU > 254 {
			return
		}
		for len(s.GPUs) <= r.GPU {
			nan := math.NaN()
			s.GPUs = append(s.GPUs, GPUValues{Temp: nan, Fan: nan, Hash: nan, MemTemp: nan, Power: nan})
		}
		g := &s.GPUs[r.GPU]
		switch r.Metric {
		case alerts.GPUTemp:
			g.Temp = r.Value
		case alerts.GPUFan:
			g.Fan = r.Value
		case alerts.GPUHashrate:
			g.Hash = r.Value
		case alerts.GPUMemTemp:
			g.MemTemp = r.Value
		case alerts.GPUPower:
			g.Power = r.Value
		}
	}
}

// sampleBatch is how many rows one INSERT carries. More rows per statement means fewer statements, but the
// driver binds each parameter by a search over all of them, so large statements cost more per row again.
const sampleBatch = 64

// valueRows is the VALUES list of an INSERT of rows rows of cols values each.
func valueRows(rows, cols int) string {
	row := "(" + strings.Repeat("?,", cols-1) + "?)"
	return strings.Repeat(row+",", rows-1) + row
}

// writeHistory adds a poll's readings to history: a row per rig, and a value per series.
func (s *Store) writeHistory(t *idTx, source string, at time.Time, readings []alerts.Reading, names map[string]string) error {
	rigs, others := samplesOf(readings, at)
	ts := at.Unix()
	args := make([]any, 0, min(len(rigs), sampleBatch)*9)
	flush := func(rows int) error {
		if rows == 0 {
			return nil
		}
		q := `INSERT INTO rig_samples (rig_id, ts, online, algo, hashrate, algo2, hashrate2, power, gpus) VALUES ` + valueRows(rows, 9) + `
			ON CONFLICT (ts, rig_id) DO UPDATE SET online = excluded.online, algo = excluded.algo, hashrate = excluded.hashrate,
				algo2 = excluded.algo2, hashrate2 = excluded.hashrate2, power = excluded.power, gpus = excluded.gpus`
		err := t.tx.Exec(q, args...).Error
		args = args[:0]
		return err
	}
	rows := 0
	for i := range rigs {
		r := &rigs[i]
		id, err := t.rig(source, r.Rig, names[r.Rig], len(r.GPUs), at)
		if err != nil {
			return err
		}
		algo, err := t.algo(r.Algo)
		if err != nil {
			return err
		}
		algo2, err := t.algo(r.Algo2)
		if err != nil {
			return err
		}
		args = append(args, id, ts, r.Online, algo, nilIfNaN(r.Hashrate), algo2, nilIfNaN(r.Hashrate2), nilIfNaN(r.Power),
			nilIfEmpty(packGPUs(r.GPUs)))
		if rows++; rows == sampleBatch {
			if err := flush(rows); err != nil {
				return err
			}
			rows = 0
		}
	}
	if err := flush(rows); err != nil {
		return err
	}
	for _, r := range others {
		id, err := t.seriesID(source, SeriesName(r))
		if err != nil {
			return err
		}
		if err := t.tx.Exec(`INSERT INTO series_samples (series_id, ts, value) VALUES (?, ?, ?)
			ON CONFLICT (series_id, ts) DO UPDATE SET value = excluded.value`, id, ts, r.Value).Error; err != nil {
			return err
		}
	}
	return nil
}
