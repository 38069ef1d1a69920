package hiveos

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"time"
)

// CurrentStats is getCurrentStats: the farm's monitoring data (reference A.9).
type CurrentStats struct {
	// RedTemp is the farm's red temperature (°C) from result.user.red_temp, which the forum says was added
	// later and no public code reads: HasRedTemp is false when it is absent, unreadable or not positive.
	RedTemp    float64
	HasRedTemp bool
	Algos      []string   // the keys of result.summary.algo, sorted
	Rigs       []RigStats // by ascending numeric id
}

// RigStats is one rig's row.
type RigStats struct {
	ID    string // the key in result.rigs
	Name  string // when the row has one
	Miner string
	Algo  string // raw_stats.miner_stats.algo, when reported
	// Algo2 is a dual-mining rig's second algorithm, raw_stats.miner_stats2.algo (the agent pushes miner2,
	// total_khs2 and miner_stats2 for a second miner); "" without one.
	Algo2      string
	WalletID   int64
	WalletName string
	// LastUpdate is when the rig last sent stats (ts_last_update); zero when absent. For an offline rig it
	// is when it was last seen.
	LastUpdate time.Time
	// Online is false when raw_stats is null, false or empty-ish (the legacy API's only offline signal);
	// for a row without raw_stats at all, when stats is missing too.
	Online  bool
	HashKHs float64 // total, kH/s
	// HashKHs2 is the second miner's total, kH/s: raw_stats.total_khs2, else miner_stats2.total_khs, else
	// the sum of miner_stats2.hs converted by its hs_units; 0 without a second miner.
	HashKHs2 float64
	PowerW   float64 // total, W
	GPUs     []GPUStats
}

// GPUStats is one GPU's reading. A value the rig did not report is 0.
type GPUStats struct {
	Index   int
	Temp    float64 // °C
	Fan     float64 // %
	HashKHs float64
	// Bus is the card's PCI bus number (raw_stats.miner_stats.bus_numbers, in the order of the GPUs), 0 when
	// not reported. Unlike Index, it stays with the card when another card falls off the bus.
	Bus int
}

// GetCurrentStats reads the farm's current monitoring data.
func (c *Client) GetCurrentStats(ctx context.Context) (*CurrentStats, error) {
	return call(ctx, c, "getCurrentStats", nil, true, decodeCurrentStats)
}

// decodeCurrentStats reads the answer in a single pass over its bytes (scan.go) that checks the JSON as
// encoding/json would, descends only into the members rig rows are read from, and steps over the rest
// without allocating. The members a reading may come from (stats, raw_stats, miner_stats) are kept as
// slices of the body until the row is complete, so that only the one used is parsed; each value is then
// read by the lenient rules of loose.go, on a fast path for the plain numbers and strings the agent sends.
//
// This is the answer that grows with the farm (about 1 MB per 1,000 rigs of 8 GPUs) and is read on
// every poll, so it does not go through encoding/json as the other methods do: reading it field by field
// cost three times a typed json.Unmarshal of the same body. A scanner of our own was preferred to a JSON
// library because the decoder must refuse exactly the bodies encoding/json refuses and read a repeated
// key as encoding/json does (fastjson, for one, stops at 300 levels of nesting, reads NaN and Inf, and
// returns the first of a repeated key where encoding/json keeps the last), and because the skipping it
// needs is a few short functions. referenceDecodeCurrentStats, in the tests, is the field-by-field
// decoder it is held to.
func decodeCurrentStats(status int, body []byte) (*CurrentStats, error) {
	d := statsDecoder{s: scanner{data: body}}
	env, ok := d.envelope()
	if !ok {
		// Not JSON, or not an object: decodeEnvelope words the error as for every other method.
		_, err := decodeEnvelope(status, body)
		if err == nil { // the scanner refuses only what encoding/json refuses, so this is a bug
			err = bodyError(status, body, errors.Join(errors.New("not a JSON-RPC answer"), d.s.err))
		}
		return nil, err
	}
	result, err := checkEnvelope(status, body, env.result, env.rpcErr)
	if err != nil {
		return nil, err
	}
	if env.stats != nil {
		return env.stats, nil
	}
	if list, ok := entries(result); ok && len(list) == 0 {
		return &CurrentStats{}, nil // PHP's [] for a farm with nothing to report
	}
	return nil, resultError("getCurrentStats", result)
}

// statsDecoder holds one decode's scanner and what it reuses from rig to rig.
type statsDecoder struct {
	s    scanner
	strs map[string]string // miner, wallet and algorithm names: a few values shared by many rigs
	gpus []GPUStats        // the block the next rigs' GPUs are cut from

	temps, fans, hashes, scratch []float64 // one rig's readings, parsed
}

// envelopeSpans is what decodeEnvelope would read from the answer, and the result already decoded.
type envelopeSpans struct {
	result, rpcErr []byte        // the raw members, nil when absent
	stats          *CurrentStats // result decoded, when it is an object
}

// envelope reads the whole body; ok is false when it is not JSON, or not a JSON object.
func (d *statsDecoder) envelope() (env envelopeSpans, ok bool) {
	s := &d.s
	if s.peek() != '{' {
		s.skip()
		s.end()
		return env, false
	}
	for key := range s.members {
		// decodeEnvelope reads into a struct, whose fields encoding/json matches case-insensitively; a
		// repeated member replaces the earlier one.
		switch {
		case bytes.EqualFold(key, []byte("result")):
			env.stats = nil
			if s.peek() == '{' {
				start := s.pos
				env.stats = d.result()
				env.result = s.data[start:s.pos]
			} else {
				env.result = s.skip()
			}
		case bytes.EqualFold(key, []byte("error")):
			env.rpcErr = s.skip()
		default:
			s.skip()
		}
	}
	s.end()
	return env, s.err == nil
}

// result reads the result object.
func (d *statsDecoder) result() *CurrentStats {
	s := &d.s
	var user, summary []byte
	var rigs rigList
	for key := range s.members {
		switch string(key) {
		case "user":
			user = s.skip()
		case "summary":
			summary = s.skip()
		case "rigs":
			rigs = d.rigs()
		default:
			s.skip()
		}
	}
	if s.err != nil {
		return nil
	}
	out := &CurrentStats{Algos: algoNames(summary), Rigs: rigs.sorted()}
	if v, ok := num(obj(user)["red_temp"]); ok && v > 0 {
		out.RedTemp, out.HasRedTemp = v, true
	}
	return out
}

// algoNames lists summary.algo: the keys of an object, or the names in a list. The member is small, so
// it is read with the generic helpers.
func algoNames(summary []byte) []string {
	var names []string
	algos, _ := entries(obj(summary)["algo"])
	for _, a := range algos {
		name := a.key
		if name == "" {
			name = str(a.val) // a list of names rather than an object keyed by them
		}
		if name != "" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// inKHs converts miner_stats.hs to kH/s by its hs_units ("khs" when absent, as the agent defaults).
func inKHs(hs []float64, units string) []float64 {
	scale := 1.0
	switch strings.ToLower(units) {
	case "hs":
		scale = 1e-3
	case "mhs":
		scale = 1e3
	case "ghs":
		scale = 1e6
	}
	if scale != 1 {
		for i := range hs {
			hs[i] *= scale
		}
	}
	return hs
}

func at(xs []float64, i int) float64 {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}
