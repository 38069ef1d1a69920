package hiveos

import (
	"bytes"
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// Lenient readers for a service whose types were never documented. Each field is read on its own, so one
// odd value loses that value only, never the whole answer.

type object map[string]json.RawMessage

// obj is raw as an object, or nil when it is anything else (null, false, PHP's empty []...).
func obj(raw json.RawMessage) object {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	var o object
	if json.Unmarshal(raw, &o) != nil {
		return nil
	}
	return o
}

// str is a string field; a number is taken as its literal text; anything else is "".
func str(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch {
	case raw[0] == '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9'):
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			return n.String()
		}
	}
	return ""
}

// num is a number or numeric string; ok is false when the value is missing, null, "", false, not a
// number, or not finite.
func num(raw json.RawMessage) (v float64, ok bool) {
	raw = bytes.TrimSpace(raw)
	switch string(raw) {
	case "", "null", "false", `""`:
		return 0, false
	}
	return httpx.ParseNumber(raw)
}

// id is a whole, positive id such as id_wal, or 0.
func id(raw json.RawMessage) int64 {
	f, ok := num(raw)
	if !ok || f < 1 || f > 1<<53 || f != math.Trunc(f) {
		return 0
	}
	return int64(f)
}

// unixTime reads Unix seconds; zero time when absent or not positive.
func unixTime(raw json.RawMessage) time.Time {
	f, ok := num(raw)
	if !ok || f <= 0 || f > 1<<40 {
		return time.Time{}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

// nums reads a per-GPU array: each element a number or numeric string (0 when unreadable). PHP writes a
// list with gaps as an object keyed "0", "1", ...: that is read in key order. A lone number is one GPU.
func nums(raw json.RawMessage) []float64 {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	var elems []json.RawMessage
	switch raw[0] {
	case '[':
		if json.Unmarshal(raw, &elems) != nil {
			return nil
		}
	case '{':
		o := obj(raw)
		for _, e := range sortedEntries(o) {
			elems = append(elems, e.val)
		}
	default:
		if v, ok := num(raw); ok {
			return []float64{v}
		}
		return nil
	}
	out := make([]float64, len(elems))
	for i, e := range elems {
		out[i], _ = num(e)
	}
	return out
}

// entry is one member of a result keyed by id.
type entry struct {
	key string
	val json.RawMessage
}

// entries reads a result that is documented as an object keyed by id. PHP encodes an empty one as [],
// and a list as an array: members of an array get an empty key, for the caller to take the id from
// the member itself. ok is false when raw is neither (a string, a number, true).
func entries(raw json.RawMessage) (out []entry, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" || string(raw) == "false" {
		return nil, true
	}
	switch raw[0] {
	case '{':
		var o object
		if json.Unmarshal(raw, &o) != nil {
			return nil, false
		}
		return sortedEntries(o), true
	case '[':
		var elems []json.RawMessage
		if json.Unmarshal(raw, &elems) != nil {
			return nil, false
		}
		for _, e := range elems {
			out = append(out, entry{val: e})
		}
		return out, true
	}
	return nil, false
}

// sortedEntries lists an object's members by numeric key (ids), then other keys alphabetically.
func sortedEntries(o object) []entry {
	out := make([]entry, 0, len(o))
	for k, v := range o {
		out = append(out, entry{k, v})
	}
	slices.SortFunc(out, func(a, b entry) int { return compareIDs(a.key, b.key) })
	return out
}

// compareIDs orders numeric ids by value ("9" before "10256"), after them any other string.
func compareIDs(a, b string) int {
	na, errA := strconv.ParseUint(a, 10, 64)
	nb, errB := strconv.ParseUint(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		if na != nb {
			if na < nb {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b) // "7" and "007"
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// idKey is an entry's id: its key, or for an array member its own id field.
func idKey(e entry, o object, names ...string) string {
	if e.key != "" {
		return e.key
	}
	for _, n := range names {
		if s := str(o[n]); s != "" {
			return s
		}
	}
	return ""
}

// idString is a numeric key as an id, or 0.
func idString(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0
	}
	return n
}

// sortByID sorts by id: numerically, with non-numeric string ids last (stable, so equal ids keep the
// answer's order).
func sortByID[T any, K string | int64](xs []T, key func(T) K) {
	slices.SortStableFunc(xs, func(a, b T) int {
		ka, kb := any(key(a)), any(key(b))
		if sa, ok := ka.(string); ok {
			return compareIDs(sa, kb.(string))
		}
		return cmp.Compare(ka.(int64), kb.(int64))
	})
}
