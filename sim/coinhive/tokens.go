package coinhive

import (
	"math/rand/v2"
	"net/url"
	"time"
)

// tokenLifetime is how long a token can be verified: "Tokens are only valid for 1 hour."
const tokenLifetime = time.Hour

type token struct {
	created  time.Time
	hashes   int64
	verified bool
}

// AddToken records a token created now that has reached hashes, as a CoinHive.Token miner would, and
// returns its name: name itself, or a random 32-character name when name is empty.
func (s *Sim) AddToken(name string, hashes int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if name == "" {
		for name == "" || s.tokens[name] != nil {
			name = randomString(32)
		}
	}
	s.tokens[name] = &token{created: s.now(), hashes: hashes}
	return name
}

// verifyToken succeeds once per token, within the hour, when the token has reached the hashes asked
// for. A refused verification does not use the token up: the miner may still reach the goal.
func (s *Sim) verifyToken(p url.Values, now time.Time) (reply, apiError) {
	name := p.Get("token")
	hashes, present, ok := intParam(p, "hashes")
	switch {
	case name == "" || !present:
		return nil, errMissingInput
	case !ok || hashes < 0:
		return nil, errBadRequest
	}
	t, found := s.tokens[name]
	if !found || t.verified || !now.Before(t.created.Add(tokenLifetime)) || t.hashes < hashes {
		return nil, errInvalidToken
	}
	t.verified = true
	return reply{"created": t.created.Unix(), "hashes": t.hashes}, ""
}

const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randomString(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return string(b)
}
