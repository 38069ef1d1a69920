package hiveauth

import "time"

// How the current token pair was obtained (Health.LastKind).
const (
	kindIssued    = "issued"
	kindRefreshed = "refreshed"
)

// Health is a TokenSource's state as the bot shows it. It never holds a token or a secret.
type Health struct {
	ValidUntil        time.Time // access token expiry; zero before the first success
	RefreshValidUntil time.Time // refresh token expiry; zero when there is none
	LastRefresh       time.Time // when the current pair was obtained, by the source's clock
	LastKind          string    // "issued" or "refreshed"
	// LastError is the latest failure (redacted), kept after later successes; LastErrorAt says when.
	LastError           string
	LastErrorAt         time.Time
	ConsecutiveFailures int // renewals that got no token in a row; 0 after a success
}

func (h *Health) recordSuccess(kind string, t Tokens, now time.Time) {
	h.ValidUntil = t.AccessExpiry
	h.RefreshValidUntil = t.RefreshExpiry
	h.LastRefresh = now
	h.LastKind = kind
	h.ConsecutiveFailures = 0
}
