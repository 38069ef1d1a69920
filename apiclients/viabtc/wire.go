package viabtc

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// The wire types below decode what the service is loose about (numbers or numeric strings, null) into
// the plain Go values the exported types hold. Their errors quote no value: a value could be a secret the
// service echoed, and a quote cut short would no longer be recognised by redaction.

// rate is a hashrate in H/s or a fraction, sent as a decimal string.
type rate httpx.Number

func (r *rate) UnmarshalJSON(b []byte) error {
	var n httpx.Number
	if err := n.UnmarshalJSON(b); err != nil {
		return err
	}
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return errors.New("not a finite number")
	}
	*r = rate(n)
	return nil
}

// integer is an id, a count or a Unix time, as a number or a numeric string; null is 0.
type integer int64

func (n *integer) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || string(b) == `""` {
		*n = 0
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = integer(v)
		return nil
	}
	// Some services write integers as 3.0 or 1e3.
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
		return errors.New("not an integer")
	}
	*n = integer(f)
	return nil
}

// unixTime is a Unix time in seconds; 0 or null is the zero time.
func unixTime(n integer) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(int64(n), 0).UTC()
}

// optionalID is a nullable id: the default worker group has a null group_id.
func optionalID(n *integer) *int64 {
	if n == nil {
		return nil
	}
	v := int64(*n)
	return &v
}

// flag is a boolean that may come as true/false, 1/0 or their string forms.
type flag bool

func (f *flag) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	switch strings.ToLower(s) {
	case "true", "1":
		*f = true
	case "false", "0", "null", "":
		*f = false
	default:
		return errors.New("not a boolean")
	}
	return nil
}

// text is a string that tolerates a number or null in its place (an error message, say).
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
		return nil
	}
	if string(b) == "null" {
		*t = ""
		return nil
	}
	*t = text(b)
	return nil
}
