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
