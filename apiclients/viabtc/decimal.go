package viabtc

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// Decimal is an amount of coin exactly as the service wrote it ("0.00002148"), so that nothing is
// rounded on the way to a balance or a payout message. The empty Decimal means the service sent null.
type Decimal string

// UnmarshalJSON accepts a decimal string or a JSON number (kept as written), and null.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var s string
	switch {
	case string(b) == "null":
		*d = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*d = ""
			return nil
		}
	default:
		s = string(b)
	}
	if !isDecimal(s) {
		return errors.New("not a decimal amount")
	}
	*d = Decimal(s)
	return nil
}

// Float64 is the amount as a float64 for arithmetic and charts (0 for the empty Decimal). Show the
// Decimal itself to people.
func (d Decimal) Float64() float64 {
	f, err := strconv.ParseFloat(string(d), 64)
	if err != nil {
		return 0
	}
	return f
}

// String is the amount as the service wrote it.
func (d Decimal) String() string { return string(d) }

// isDecimal accepts an optional sign, digits with at most one point, and an optional exponent: what
// JSON numbers and the service's strings look like. It refuses NaN, Inf and hex, which ParseFloat takes.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}
