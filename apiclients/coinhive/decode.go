package coinhive

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// envelope is what every answer has: "All responses contain a boolean success property. In case success
// is false, an error property will be present."
type envelope struct {
	Success *bool           `json:"success"`
	Error   json.RawMessage `json:"error"`
}

var errNoSuccess = errors.New("no boolean success property")

// decode reads the envelope, whatever the HTTP status, then the payload W of a successful answer.
func decode[W any](status int, body []byte) (W, error) {
	var zero W
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return zero, bodyError(status, body, err)
	}
	if env.Success == nil {
		return zero, bodyError(status, body, errNoSuccess)
	}
	if !*env.Success {
		return zero, &APIError{Code: looseString(env.Error, 100), Status: status}
	}
	var w W
	if err := json.Unmarshal(body, &w); err != nil {
		return zero, bodyError(status, body, err)
	}
	return w, nil
}

func bodyError(status int, body []byte, err error) error {
	return httpx.NewBodyError(&httpx.Response{Status: status, Body: body}, err)
}

// looseString is a JSON string's value, "" for null or nothing, and the raw text of anything else,
// cut to max bytes so a hostile answer cannot fill a log line.
func looseString(raw json.RawMessage, max int) string {
	raw = bytes.TrimSpace(raw)
	var s string
	switch {
	case len(raw) == 0 || string(raw) == "null":
	case json.Unmarshal(raw, &s) == nil:
	default:
		s = string(raw)
	}
	if len(s) > max {
		s = s[:max]
	}
	return s
}

// count converts a count of hashes: rounded, and clamped so an absurd value cannot wrap around.
func count(n httpx.Number) int64 {
	f := math.Round(float64(n))
	switch {
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// unixTime converts a Unix timestamp; 0 (absent) stays the zero time.
func unixTime(n httpx.Number) time.Time {
	sec := count(n)
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}
