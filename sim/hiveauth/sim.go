// Package hiveauth simulates the Com2uS Hive blockchain platform's Auth API (reference section E): it issues
// HS256 JWT access and refresh tokens for an id and secretKey, rotates them on refresh, and checks every
// expiry against an injected clock so tests and the demo can move time.
package hiveauth

import (
	"crypto/rand"
	"net/http"
	"sync"
	"time"

	"pitboss/sim/simhttp"
)

// Default token lifetimes, read from the documented sample tokens (exp − iat); no official text states them.
const (
	DefaultAccessTTL  = 24 * time.Hour
	DefaultRefreshTTL = 7 * 24 * time.Hour
)

// DefaultAddress is the wallet address claim of the documented sample tokens.
const DefaultAddress = "xpla19pwda2lut9xaefr8gsmgktuqew90sc5ajlxhkg"

// Options configures a simulator.
type Options struct {
	ID        string
	SecretKey string
	Now       func() time.Time // nil means time.Now
	// AccessTTL and RefreshTTL are the tokens' lifetimes; 0 means DefaultAccessTTL and DefaultRefreshTTL.
	AccessTTL  time.Duration
	RefreshTTL time.Duration
	// RefreshCode is the code a successful refresh answers with: 0, as the field table says, or 1000 to
	// emulate the documentation's refresh response sample.
	RefreshCode int
	// Address is the token's address claim; empty means DefaultAddress.
	Address string
}

// Sim is the simulated Auth API. It is an http.Handler and safe for concurrent use.
type Sim struct {
	// Recorder keeps every request received; Faults fails them on demand. Both sit in front of the API.
	Recorder *simhttp.Recorder
	Faults   *simhttp.Faults

	opts    Options
	key     []byte
	handler http.Handler

	mu        sync.Mutex
	kinds     map[string]tokenKind // jti → kind, for every token ever issued
	liveJTIs  map[string]bool      // refresh tokens not yet used or revoked
	issued    int
	refreshed int
	serial    uint64
}

// New returns a simulator that knows one account, opts.ID with opts.SecretKey.
func New(opts Options) *Sim {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.AccessTTL <= 0 {
		opts.AccessTTL = DefaultAccessTTL
	}
	if opts.RefreshTTL <= 0 {
		opts.RefreshTTL = DefaultRefreshTTL
	}
	if opts.Address == "" {
		opts.Address = DefaultAddress
	}
	s := &Sim{
		Recorder: &simhttp.Recorder{Now: opts.Now},
		Faults:   &simhttp.Faults{},
		opts:     opts,
		key:      make([]byte, 32),
		kinds:    map[string]tokenKind{},
		liveJTIs: map[string]bool{},
	}
	// A key of our own means a token from another simulator (or a forged one) fails the signature check.
	_, _ = rand.Read(s.key)
	mux := http.NewServeMux()
	mux.HandleFunc("/v2/auth-token", s.handleAuthToken)
	mux.HandleFunc("/v2/refresh-token", s.handleRefreshToken)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeEnvelope(w, http.StatusNotFound, http.StatusNotFound, "not found", nil)
	})
	s.handler = s.Recorder.Wrap(s.Faults.Wrap(mux))
	return s
}

// ServeHTTP answers one API request.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Issued is how many token pairs /v2/auth-token has issued.
func (s *Sim) Issued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// Refreshed is how many token pairs /v2/refresh-token has issued.
func (s *Sim) Refreshed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshed
}

// ValidAccess reports whether token is an access token this simulator signed that has not expired by its
// clock. Access tokens stay valid until they expire, even after the pair was refreshed.
func (s *Sim) ValidAccess(token string) bool {
	c, err := s.verify(token)
	if err != nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kinds[c.JTI] == accessToken
}

// ValidRefresh reports whether token is a refresh token this simulator would accept now: signed here, not
// expired, neither used nor revoked.
func (s *Sim) ValidRefresh(token string) bool {
	c, err := s.verify(token)
	if err != nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.liveJTIs[c.JTI]
}

// RevokeRefreshTokens invalidates every refresh token issued so far, as a server-side logout would, so a
// client's next refresh is refused while its access token stays valid.
func (s *Sim) RevokeRefreshTokens() {
	s.mu.Lock()
	clear(s.liveJTIs)
	s.mu.Unlock()
}
