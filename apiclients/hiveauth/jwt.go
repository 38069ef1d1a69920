package hiveauth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// ErrMalformedToken marks a token whose expiry cannot be read: not three dot-separated parts, a payload
// that is not base64url JSON, or no usable exp claim. Its message never includes the token.
var ErrMalformedToken = errors.New("malformed token")

// lifetime is what the client needs from a token's claims.
type lifetime struct {
	Expiry   time.Time
	IssuedAt time.Time // zero when the token has no iat
}

// maxUnix is the last second of year 9999: an exp past it is garbage, and would overflow time arithmetic.
const maxUnix = 253402300799

// readClaims reads exp (required) and iat (optional) from a JWT's payload. The signature is not checked:
// only the service holds the key, and the client trusts the token because the service just sent it.
func readClaims(token string) (lifetime, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return lifetime{}, fmt.Errorf("%w: %d parts, want 3", ErrMalformedToken, len(parts))
	}
	// JWTs use unpadded base64url; tolerate padding from a sloppy encoder.
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return lifetime{}, fmt.Errorf("%w: payload is not base64url", ErrMalformedToken)
	}
	var c struct {
		Exp *httpx.Number `json:"exp"`
		Iat *httpx.Number `json:"iat"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return lifetime{}, fmt.Errorf("%w: payload is not a JSON object of claims", ErrMalformedToken)
	}
	if c.Exp == nil {
		return lifetime{}, fmt.Errorf("%w: no exp claim", ErrMalformedToken)
	}
	exp, ok := unixTime(float64(*c.Exp))
	if !ok {
		return lifetime{}, fmt.Errorf("%w: exp claim out of range", ErrMalformedToken)
	}
	l := lifetime{Expiry: exp}
	if c.Iat != nil {
		if iat, ok := unixTime(float64(*c.Iat)); ok && !iat.After(exp) {
			l.IssuedAt = iat
		}
	}
	return l, nil
}

// unixTime converts a NumericDate (seconds since the epoch, possibly fractional) to a time.
func unixTime(secs float64) (time.Time, bool) {
	if math.IsNaN(secs) || secs <= 0 || secs > maxUnix {
		return time.Time{}, false
	}
	whole, frac := math.Modf(secs)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC(), true
}

// jwtLike matches a JWT or any piece of one: every JWT starts with the base64url of `{"`, "eyJ".
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]*){0,2}`)

// scrubTokens replaces anything that looks like a JWT by [REDACTED].
func scrubTokens(s string) string {
	return jwtLike.ReplaceAllString(s, httpx.Redacted)
}
