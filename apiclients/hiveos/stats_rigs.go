package hiveos

import "slices"

// One row of result.rigs, read in two steps: readRig keeps the raw values the row may be read from,
// rigStats then reads only those it uses, by the same rules as loose.go.

// rigFields holds the members of a row, as slices of the body (nil when absent). A member given twice
// keeps its last value, as when the row was decoded into a map.
type rigFields struct {
	name, miner, walletID, walletName, lastUpdate []byte
	idRig, id                                     []byte // the id of a row in a list
	hasRaw                                        bool   // the row has raw_stats, whatever its value
	stats                                         statsFields
	raw                                           rawFields
}

// statsFields is the row's stats, what the Telegram bot read; ok when it is an object.
type statsFields struct {
	ok                             bool
	temp, fan, hashes, hash, power []byte
}

// rawFields is raw_stats, what the agent pushed; ok when it is an object.
type rawFields struct {
	ok                                    bool
	temp, fan, power, totalKHs, totalKHs2 []byte
	miner, miner2                         minerFields // miner_stats, miner_stats2
}

// minerFields is raw_stats.miner_stats or miner_stats2, as the miner reported it.
type minerFields struct {
	algo, temp, fan, hs, hsUnits, totalKHs, busNumbers []byte
}

// rigs reads result.rigs: an object keyed by id or, from PHP, a list of rows (or [] for none).
func (d *statsDecoder) rigs() rigList {
	var l rigList
	switch d.s.peek() {
	case '{':
		l.keyed = true
		for key := range d.s.members {
			k := string(key)
			l.add(k, d.rig(k))
		}
	case '[':
		for range d.s.elements {
			l.add("", d.rig(""))
		}
	default:
		d.s.skip() // null or false: no rigs; anything else cannot be read as rigs either
	}
	return l
}

// rig reads one row; key is its key in result.rigs ("" in a list).
func (d *statsDecoder) rig(key string) RigStats {
	var f rigFields
	if d.s.peek() == '{' {
		d.readRig(&f)
	} else {
		d.s.skip() // not an object: a row with nothing but its key
	}
	return d.rigStats(key, &f)
}

func (d *statsDecoder) readRig(f *rigFields) {
	s := &d.s
	for key := range s.members {
		switch string(key) {
		case "name":
			f.name = s.skip()
		case "miner":
			f.miner = s.skip()
		case "id_wal":
			f.walletID = s.skip()
		case "wallet_name":
			f.walletName = s.skip()
		case "ts_last_update":
			f.lastUpdate = s.skip()
		case "id_rig":
			f.idRig = s.skip()
		case "id":
			f.id = s.skip()
		case "stats":
			f.stats = d.readStats()
		case "raw_stats":
			f.hasRaw, f.raw = true, d.readRaw()
		default:
			s.skip()
		}
	}
}

func (d *statsDecoder) readStats() (f statsFields) {
	s := &d.s
	if s.peek() != '{' {
		s.skip()
		return f
	}
	f.ok = true
	for key := range s.members {
		switch string(key) {
		case "temp":
			f.temp = s.skip()
		case "fan":
			f.fan = s.skip()
		case "hashes":
			f.hashes = s.skip()
		case "hash":
			f.hash = s.skip()
		case "power":
			f.power = s.skip()
		default:
			s.skip()
		}
	}
	return f
}

func (d *statsDecoder) readRaw() (f rawFields) {
	s := &d.s
	if s.peek() != '{' {
		s.skip()
		return f
	}
	f.ok = true
	for key := range s.members {
		switch string(key) {
		case "temp":
			f.temp = s.skip()
		case "fan":
			f.fan = s.skip()
		case "power":
			f.power = s.skip()
		case "total_khs":
			f.totalKHs = s.skip()
		case "total_khs2":
			f.totalKHs2 = s.skip()
		case "miner_stats":
			f.miner = d.readMiner()
		case "miner_stats2":
			f.miner2 = d.readMiner()
		default:
			s.skip()
		}
	}
	return f
}

func (d *statsDecoder) readMiner() (f minerFields) {
	s := &d.s
	if s.peek() != '{' {
		s.skip()
		return f
	}
	for key := range s.members {
		switch string(key) {
		case "algo":
			f.algo = s.skip()
		case "temp":
			f.temp = s.skip()
		case "fan":
			f.fan = s.skip()
		case "hs":
			f.hs = s.skip()
		case "hs_units":
			f.hsUnits = s.skip()
		case "total_khs":
			f.totalKHs = s.skip()
		case "bus_numbers":
			f.busNumbers = s.skip()
		default:
			s.skip()
		}
	}
	return f
}

// rigStats reads a row from its members. Each reading comes from stats (what the Telegram bot used) when
// there, else from raw_stats (what the agent pushed), else from raw_stats.miner_stats.
func (d *statsDecoder) rigStats(key string, f *rigFields) RigStats {
	r := RigStats{
		ID:         key,
		Name:       text(f.name),
		Miner:      d.shared(f.miner),
		WalletID:   id(f.walletID),
		WalletName: d.shared(f.walletName),
		LastUpdate: unixTime(f.lastUpdate),
	}
	if r.ID == "" { // a row of a list names itself
		if r.ID = text(f.idRig); r.ID == "" {
			r.ID = text(f.id)
		}
	}
	// raw_stats is the legacy API's only offline signal (reference A.9): when the row has it, null or false
	// means offline even if a stale stats object lingers. Only a row without the field at all is judged
	// by stats, so an answer that never carries raw_stats does not make every rig offline.
	if f.hasRaw {
		r.Online = f.raw.ok
	} else {
		r.Online = f.stats.ok
	}
	if !r.Online {
		return r
	}
	stats, raw, ms, ms2 := &f.stats, &f.raw, &f.raw.miner, &f.raw.miner2
	r.Algo, r.Algo2 = d.shared(ms.algo), d.shared(ms2.algo)

	// The fallbacks are parsed only when the reading before them is empty: most rows carry stats.
	temps := firstNonEmpty(&d.temps, stats.temp, raw.temp, ms.temp)
	fans := firstNonEmpty(&d.fans, stats.fan, raw.fan, ms.fan)
	hashes := numbers(stats.hashes, &d.hashes)
	if len(hashes) == 0 {
		hashes = inKHs(numbers(ms.hs, &d.hashes), d.shared(ms.hsUnits))
	}
	var ok bool
	if r.HashKHs, ok = num(stats.hash); !ok {
		if r.HashKHs, ok = num(raw.totalKHs); !ok {
			if r.HashKHs, ok = num(ms.totalKHs); !ok {
				r.HashKHs = sum(hashes)
			}
		}
	}
	if r.PowerW, ok = num(stats.power); !ok {
		r.PowerW = sum(numbers(raw.power, &d.scratch))
	}
	if r.HashKHs2, ok = num(raw.totalKHs2); !ok {
		if r.HashKHs2, ok = num(ms2.totalKHs); !ok {
			r.HashKHs2 = sum(inKHs(numbers(ms2.hs, &d.scratch), d.shared(ms2.hsUnits)))
		}
	}

	r.GPUs = d.gpuSlice(max(len(temps), len(fans), len(hashes)))
	buses := numbers(ms.busNumbers, &d.scratch)
	for i := range r.GPUs {
		r.GPUs[i] = GPUStats{Index: i, Temp: at(temps, i), Fan: at(fans, i), HashKHs: at(hashes, i), Bus: busNumber(buses, i)}
	}
	return r
}

// gpuChunk is how many GPUStats are allocated at once, for all the rigs that fit.
const gpuChunk = 1024

// gpuSlice is n GPUs for one rig, cut from a block shared with the next rigs. Its capacity is its length,
// so appending to one rig's GPUs cannot overwrite another's.
func (d *statsDecoder) gpuSlice(n int) []GPUStats {
	if n == 0 {
		return []GPUStats{}
	}
	if cap(d.gpus)-len(d.gpus) < n {
		d.gpus = make([]GPUStats, 0, max(n, gpuChunk))
	}
	start := len(d.gpus)
	d.gpus = d.gpus[:start+n]
	return d.gpus[start : start+n : start+n]
}

// numbers is nums(raw) parsed into *buf, whose storage is reused from rig to rig. A list, what the agent
// sends, is read here; any other shape (PHP's object keyed "0", "1", …, a lone value) is rare and left to
// nums.
func numbers(raw []byte, buf *[]float64) []float64 {
	out := (*buf)[:0]
	if len(raw) > 0 && raw[0] == '[' {
		s := scanner{data: raw}
		for range s.elements {
			v, _ := num(s.skip())
			out = append(out, v)
		}
	} else {
		out = append(out, nums(raw)...)
	}
	*buf = out
	return out
}

// firstNonEmpty is the first of the per-GPU lists that has values, parsed into *buf.
func firstNonEmpty(buf *[]float64, raws ...[]byte) []float64 {
	for _, raw := range raws {
		if l := numbers(raw, buf); len(l) > 0 {
			return l
		}
	}
	return nil
}

// text is str(raw), without encoding/json for a plain string or a number.
func text(raw []byte) string {
	if inner, ok := plainString(raw); ok {
		return string(inner)
	}
	if len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		return string(raw) // str takes a number as its literal text
	}
	return str(raw)
}

// shared is text for a value that many rigs have in common (a miner, wallet or algorithm name, hs_units):
// each distinct one is allocated once per answer.
func (d *statsDecoder) shared(raw []byte) string {
	inner, ok := plainString(raw)
	if !ok {
		return text(raw)
	}
	if s, ok := d.strs[string(inner)]; ok {
		return s
	}
	if d.strs == nil {
		d.strs = make(map[string]string)
	}
	s := string(inner)
	d.strs[s] = s
	return s
}

// rigList is result.rigs as read, in the answer's order.
type rigList struct {
	keyed bool     // an object keyed by id, rather than PHP's list
	keys  []string // each row's key ("" in a list)
	rigs  []RigStats
}

func (l *rigList) add(key string, r RigStats) {
	l.keys = append(l.keys, key)
	l.rigs = append(l.rigs, r)
}

// sorted is the rows in id order. The rows of an object are first taken by key, the last of a repeated
// key replacing the others as in a map; then rows are sorted by id, stably, as sortByID does. An answer
// keyed by ascending ids, the usual one, is only checked.
func (l *rigList) sorted() []RigStats {
	rigs := l.rigs
	if l.keyed && !ascending(l.keys) {
		rigs = lastPerKey(l.keys, l.rigs)
	}
	byID := func(a, b RigStats) int { return compareIDs(a.ID, b.ID) }
	if !slices.IsSortedFunc(rigs, byID) {
		slices.SortStableFunc(rigs, byID)
	}
	return rigs
}

// ascending reports whether keys are strictly ascending ids, so neither repeated nor out of order.
func ascending(keys []string) bool {
	for i := 1; i < len(keys); i++ {
		if compareIDs(keys[i-1], keys[i]) >= 0 {
			return false
		}
	}
	return true
}

// lastPerKey sorts rows by key and keeps, of each key, the row that came last in the answer.
func lastPerKey(keys []string, rigs []RigStats) []RigStats {
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareIDs(keys[a], keys[b]) })
	out := make([]RigStats, 0, len(order))
	for j, i := range order {
		if j+1 < len(order) && keys[order[j+1]] == keys[i] {
			continue // a later row with the same key replaces this one
		}
		out = append(out, rigs[i])
	}
	return out
}

// busNumber is GPU i's bus number from miner_stats.bus_numbers, or 0 when that is not a bus number.
func busNumber(buses []float64, i int) int {
	b := at(buses, i)
	if b < 1 || b > 255 || b != float64(int(b)) {
		return 0
	}
	return int(b)
}
