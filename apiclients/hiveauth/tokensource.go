package hiveauth

import (
	"context"
	"sync"
	"time"

	"pitboss/apiclients/secret"
)

// TokenSourceOptions tunes a TokenSource.
type TokenSourceOptions struct {
	// RefreshBefore is how long before the access token expires it is renewed. 0 means 10 % of the
	// token's lifetime, at least one minute. It is capped at half the lifetime, so that a setting longer
	// than the tokens live does not renew on every call.
	RefreshBefore time.Duration
	// RetryAfterFailure is how long a source that failed to renew keeps serving its still-valid token
	// before trying again, so a service that is down is not asked on every call. 0 means 30 s. An expired
	// token is always renewed at once.
	RetryAfterFailure time.Duration
	// Now is the clock expiries are compared with; nil means time.Now.
	Now func() time.Time
}

// TokenSource hands out a valid access token, issuing one on first use and renewing it before it
// expires: with the refresh token while that lives, else (or when the refresh fails) by issuing a new
// pair. However many callers ask at once, one renewal runs; the others wait for it. Safe for concurrent use.
type TokenSource struct {
	c                 *Client
	refreshBefore     time.Duration
	retryAfterFailure time.Duration
	now               func() time.Time
	life              context.Context // renewals run under it; Close ends it
	end               context.CancelFunc
	renewals          sync.WaitGroup

	mu       sync.Mutex
	tokens   Tokens
	have     bool
	retryAt  time.Time // after a failed renewal: no new attempt before this while the token is valid
	inflight *renewal
	health   Health
	// joined, when set (by tests), is called each time a caller starts waiting for a renewal.
	joined func()
}

// renewal is one refresh-or-issue in progress; done closes when token and err are set.
type renewal struct {
	done  chan struct{}
	token string
	err   error
}

// NewTokenSource returns a source that obtains tokens with c. It makes no request until Token is called.
func NewTokenSource(c *Client, opts TokenSourceOptions) *TokenSource {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	retry := opts.RetryAfterFailure
	if retry <= 0 {
		retry = 30 * time.Second
	}
	life, end := context.WithCancel(context.Background())
	return &TokenSource{c: c, refreshBefore: opts.RefreshBefore, retryAfterFailure: retry, now: now, life: life, end: end}
}

// Close stops a renewal in progress and waits for it to end; callers waiting for it get an error.
// Token must not be called after Close.
func (s *TokenSource) Close() {
	s.end()
	s.renewals.Wait()
}

// Token returns a valid access token: the cached one while it is fresh, else the result of the renewal
// that it starts or joins. A caller whose ctx ends stops waiting and gets ctx.Err(); the renewal goes on
// for the others. A renewal that fails while the cached token is still valid is recorded in Health, and
// the cached token is returned.
func (s *TokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	now := s.now()
	if s.have && now.Before(s.tokens.AccessExpiry) &&
		(now.Before(s.renewAt()) || s.inflight == nil && now.Before(s.retryAt)) {
		token := s.tokens.Access
		s.mu.Unlock()
		return token, nil
	}
	r := s.inflight
	if r == nil {
		r = &renewal{done: make(chan struct{})}
		s.inflight = r
		// The renewal outlives this caller's ctx (others may be waiting for it) but not the source: it
		// runs under the source's own context, which Close ends. The client's per-attempt timeout and
		// retry limit bound how long it runs.
		s.renewals.Add(1)
		go func() {
			defer s.renewals.Done()
			s.renew(s.life, r)
		}()
	}
	joined := s.joined
	s.mu.Unlock()
	if joined != nil {
		joined()
	}
	select {
	case <-r.done:
		return r.token, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// renewAt is when the cached token should be renewed. The caller holds s.mu and s.have is true.
func (s *TokenSource) renewAt() time.Time {
	lifetime := s.tokens.AccessExpiry.Sub(s.tokens.IssuedAt)
	before := s.refreshBefore
	if before <= 0 {
		before = max(lifetime/10, time.Minute)
	}
	if lifetime > 0 && before > lifetime/2 {
		before = lifetime / 2
	}
	return s.tokens.AccessExpiry.Add(-before)
}

// renew refreshes with the cached refresh token when it is still alive, falls back to a fresh Issue
// otherwise or when the refresh fails, and publishes the outcome to every waiter.
func (s *TokenSource) renew(ctx context.Context, r *renewal) {
	s.mu.Lock()
	cur, have := s.tokens, s.have
	s.mu.Unlock()

	var (
		tokens  Tokens
		kind    string
		err     error
		lastErr error
	)
	if have && cur.Refresh != "" && s.now().Before(cur.RefreshExpiry) {
		tokens, err = s.c.Refresh(ctx, cur.Refresh)
		kind = kindRefreshed
		if err != nil {
			lastErr = err // the Issue below may still succeed; keep why the refresh did not
		}
	}
	if kind == "" || err != nil {
		tokens, err = s.c.Issue(ctx)
		kind = kindIssued
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if err == nil {
		s.tokens, s.have = tokens, true
		s.retryAt = time.Time{}
		s.health.recordSuccess(kind, tokens, now)
		r.token = tokens.Access
	} else {
		lastErr = err
		s.health.ConsecutiveFailures++
		s.retryAt = now.Add(s.retryAfterFailure)
		if s.have && now.Before(s.tokens.AccessExpiry) {
			r.token = s.tokens.Access
		} else {
			r.err = err
		}
	}
	if lastErr != nil {
		s.health.LastError = s.redact(lastErr, cur)
		s.health.LastErrorAt = now
	}
	s.inflight = nil
	close(r.done)
}

// redact makes an error message safe to show: no credential, no token, old or new.
func (s *TokenSource) redact(err error, old Tokens) string {
	return s.c.redact(err, secret.String(old.Access), secret.String(old.Refresh), secret.String(s.tokens.Access),
		secret.String(s.tokens.Refresh)).Error()
}

// Health reports the source's state for the bot to show. It makes no request.
func (s *TokenSource) Health() Health {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.health
}

// Ping reports whether a valid token can be had; it costs no request while the cached token is fresh.
// This is what the bot's /sources shows for the Auth API.
func (s *TokenSource) Ping(ctx context.Context) error {
	_, err := s.Token(ctx)
	return err
}
