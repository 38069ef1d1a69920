package hiveos2

import (
	"bytes"
	"encoding/json"
	"math"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// Lenient leaf types for the wire structs. The reference tells clients to tolerate numbers sent as
// strings, and the service's JSON was never fully documented, so each leaf takes what it can from any
// JSON value and never fails: an odd value loses that value only. A container of the wrong kind (an
// object where a list belongs) is skipped by decodeJSON, and loses only itself too.

// num is a number or a numeric string; anything else, and anything not finite, reads as 0.
type num float64

func (n *num) UnmarshalJSON(b []byte) error {
	*n = num(parseNum(b))
	return nil
}

func parseNum(b []byte) float64 {
	v, _ := httpx.ParseNumber(b) // 0 when it is none
	return v
}

// ident is an id: a positive whole number, or a string of one; anything else is 0.
type ident int64

func (id *ident) UnmarshalJSON(b []byte) error {
	f := parseNum(b)
	if f < 1 || f > 1<<53 || f != math.Trunc(f) {
		*id = 0
		return nil
	}
	*id = ident(f)
	return nil
}

// text is a string; a number is taken as its literal; anything else is "".
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	*t = ""
	switch {
	case len(b) == 0:
	case b[0] == '"' && bytes.IndexByte(b, '\\') < 0:
		*t = text(b[1 : len(b)-1]) // the decoder has checked the string; without escapes it is its bytes
	case b[0] == '"':
		var s string
		if json.Unmarshal(b, &s) == nil {
			*t = text(s)
		}
	case b[0] == '-' || b[0] >= '0' && b[0] <= '9':
		*t = text(b)
	}
	return nil
}

// flag is a boolean that remembers whether it was given: true or false, 1 or 0, and those as strings.
type flag uint8

const (
	flagUnset flag = iota
	flagFalse
	flagTrue
)

func (f *flag) UnmarshalJSON(b []byte) error {
	switch string(unquote(b)) {
	case "true", "1":
		*f = flagTrue
	case "false", "0", "":
		*f = flagFalse
	default:
		*f = flagUnset
	}
	return nil
}

func (f flag) is() bool { return f == flagTrue }

// or is the flag's value, or def when it was not given.
func (f flag) or(def bool) bool {
	if f == flagUnset {
		return def
	}
	return f == flagTrue
}

func unquote(b []byte) []byte {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		return b[1 : len(b)-1]
	}
	return b
}

// unixTime reads Unix seconds; the zero time when absent, not positive or absurd.
func unixTime(v num) time.Time {
	f := float64(v)
	if f <= 0 || f > 1<<40 {
		return time.Time{}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

// texts is a list of strings; a lone string is a list of one.
type texts []string

func (ts *texts) UnmarshalJSON(b []byte) error {
	*ts = nil
	if len(b) > 0 && b[0] == '"' {
		var t text
		_ = t.UnmarshalJSON(b)
		*ts = texts{string(t)}
		return nil
	}
	var list []text
	_ = json.Unmarshal(b, &list)
	for _, t := range list {
		*ts = append(*ts, string(t))
	}
	return nil
}
