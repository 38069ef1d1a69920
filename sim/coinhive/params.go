package coinhive

import (
	"net/url"
	"strconv"
)

// intParam reads an integer parameter. present is false when it is absent or empty, which the doc
// treats as missing; ok is false when it is present but not an integer.
func intParam(p url.Values, key string) (v int64, present, ok bool) {
	s := p.Get(key)
	if s == "" {
		return 0, false, true
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, true, false
	}
	return v, true, true
}

// countParam reads an optional count with the documented default and bounds. Out of range is
// bad_request: the doc names no error for it, and that is the global error for a malformed request.
func countParam(p url.Values, def, lo, hi int64) (int64, apiError) {
	v, present, ok := intParam(p, "count")
	switch {
	case !present:
		return def, ""
	case !ok || v < lo || v > hi:
		return 0, errBadRequest
	}
	return v, ""
}
