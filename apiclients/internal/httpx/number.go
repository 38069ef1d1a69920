package httpx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Number is a JSON value that a service sends as a number on one day and a numeric string on another
// (Hive OS temperatures are "61" or 61; ViaBTC hashrates are "44625511932668"). null, "" and false
// decode to 0, as the agents that produce these values mean "no reading".
type Number float64

// UnmarshalJSON accepts a number, a numeric string, null, "" or false.
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return fmt.Errorf("empty number")
	case string(b) == "null" || string(b) == "false" || string(b) == `""`:
		*n = 0
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("not a number: %q", s)
		}
		*n = Number(f)
		return nil
	default:
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return fmt.Errorf("not a number: %s", b)
		}
		*n = Number(f)
		return nil
	}
}

// MarshalJSON writes a plain JSON number.
func (n Number) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(n), 'f', -1, 64), nil
}

// Float64 is the value as a float64.
func (n Number) Float64() float64 { return float64(n) }

// ParseNumber reads a number, or a numeric string as Number reads it; ok is false, and v 0, for any other
// value (null, false, an object...) and for one that is not finite. It is for decoders that read one
// field at a time and must not fail the answer for an odd value. Plain numbers and strings of digits,
// what services send, are read without encoding/json and without allocating.
func ParseNumber(b []byte) (v float64, ok bool) {
	f, err := strconv.ParseFloat(string(unquoteNumeric(b)), 64)
	if err != nil {
		if len(b) == 0 || b[0] != '"' {
			return 0, false
		}
		var n Number // a string with escapes or spaces
		if json.Unmarshal(b, &n) != nil {
			return 0, false
		}
		f = float64(n)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// unquoteNumeric strips the quotes of a JSON string made only of characters a number can have, which
// needs no unescaping; any other value is returned as it is.
func unquoteNumeric(b []byte) []byte {
	if len(b) < 3 || b[0] != '"' || b[len(b)-1] != '"' {
		return b
	}
	inner := b[1 : len(b)-1]
	for _, c := range inner {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return b
		}
	}
	return inner
}
