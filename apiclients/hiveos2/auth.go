package hiveos2

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"pitboss/apiclients/internal/httpx"
	"pitboss/apiclients/secret"
)

// retryRenewalAfter is how long a session whose renewal failed keeps its still-valid token before trying
// again, so that a service that is down is not asked on every call.
const retryRenewalAfter = 30 * time.Second

// session hands out the token for each call: the personal token as it is, or in login mode a token it
// obtains and renews. However many callers ask at once, one renewal runs and the others wait for it.
type session struct {
	c        *Client
	personal string
	login    secret.String
	password secret.String
	twoFA    func(context.Context) (string, error)
	now      func() time.Time
	life     context.Context // renewals run under it, since they outlive the caller that started them
	end      context.CancelFunc
	renewals sync.WaitGroup

	mu       sync.Mutex
	tok      string
	issued   time.Time
	expiry   time.Time
	retryAt  time.Time // after a failed renewal: no new attempt before this while the token is valid
	inflight *renewal
}

// renewal is one refresh-or-login in progress; done closes when token and err are set.
type renewal struct {
	done  chan struct{}
	token string
	err   error
}

func newSession(c *Client, opts Options) *session {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	life, end := context.WithCancel(context.Background())
	return &session{c: c, personal: opts.Token.Reveal(), login: opts.Login, password: opts.Password, twoFA: opts.TwoFA,
		now: now, life: life, end: end}
}

func (s *session) close() {
	s.end()
	s.renewals.Wait()
}

// get returns the token for a call: the cached one while it is fresh, else the outcome of the renewal
// it starts or joins. A renewal that fails while the cached token is still valid leaves it in use. A
// caller whose ctx ends stops waiting; the renewal goes on for the others.
func (s *session) get(ctx context.Context) (string, error) {
	if s.personal != "" {
		return s.personal, nil
	}
	s.mu.Lock()
	now := s.now()
	if s.tok != "" && now.Before(s.expiry) && (now.Before(s.renewAt()) || s.inflight == nil && now.Before(s.retryAt)) {
		tok := s.tok
		s.mu.Unlock()
		return tok, nil
	}
	r := s.inflight
	if r == nil {
		r = &renewal{done: make(chan struct{})}
		s.inflight = r
		s.renewals.Add(1)
		go func() {
			defer s.renewals.Done()
			s.renew(r)
		}()
	}
	s.mu.Unlock()
	select {
	case <-r.done:
		return r.token, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// renewAt is when the cached token is renewed: a tenth of its lifetime before it expires, at least a
// minute before, and no earlier than half-way. The caller holds s.mu.
func (s *session) renewAt() time.Time {
	life := s.expiry.Sub(s.issued)
	before := min(max(life/10, time.Minute), life/2)
	return s.expiry.Add(-before)
}

// renew refreshes the cached token while it is valid, logs in afresh otherwise or when the refresh
// fails, and publishes the outcome to every waiter.
func (s *session) renew(r *renewal) {
	ctx := s.life
	s.mu.Lock()
	cur, valid := s.tok, s.tok != "" && s.now().Before(s.expiry)
	s.mu.Unlock()
	var t authToken
	err := errors.New("no token yet")
	if valid {
		t, err = s.c.refresh(ctx, cur)
	}
	if err != nil {
		t, err = s.c.logIn(ctx, s.login, s.password, s.twoFA)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	switch {
	case err == nil:
		s.tok, s.issued, s.expiry, s.retryAt = t.token, now, now.Add(t.ttl), time.Time{}
		r.token = t.token
	case s.tok != "" && now.Before(s.expiry):
		s.retryAt = now.Add(retryRenewalAfter)
		r.token = s.tok
	default:
		s.retryAt = now.Add(retryRenewalAfter)
		r.err = err
	}
	s.inflight = nil
	close(r.done)
}

// invalidate drops tok, which the service refused, so that the next call logs in afresh. It reports
// whether a fresh token may help: never with a personal token, which only its owner can replace.
func (s *session) invalidate(tok string) bool {
	if s.personal != "" {
		return false
	}
	s.mu.Lock()
	if s.tok == tok {
		s.tok, s.retryAt = "", time.Time{}
	}
	s.mu.Unlock()
	return true
}

// authToken is an AuthToken (reference B.3) as the session keeps it.
type authToken struct {
	token string
	ttl   time.Duration
}

// maxTTL caps expires_in: a personal token's is about ten years, and an absurd one must not overflow.
const maxTTL = 50 * 365 * 24 * time.Hour

type authTokenWire struct {
	AccessToken text `json:"access_token"`
	TokenType   text `json:"token_type"`
	ExpiresIn   num  `json:"expires_in"` // seconds
}

// decodeAuthToken reads a login or refresh answer. No TTL means the token lives until refused.
func decodeAuthToken(status int, body []byte) (authToken, error) {
	var w authTokenWire
	if err := decodeJSON(status, body, &w); err != nil {
		return authToken{}, withholdToken(status, body)
	}
	if w.AccessToken == "" {
		return authToken{}, newBodyError(status, withheld(body), errors.New("no access_token"))
	}
	ttl := maxTTL
	if secs := float64(w.ExpiresIn); secs > 0 && secs < maxTTL.Seconds() {
		ttl = time.Duration(secs * float64(time.Second))
	}
	return authToken{token: string(w.AccessToken), ttl: ttl}, nil
}

// withholdToken is the failure to decode body, made again from the body with its token withheld.
func withholdToken(status int, body []byte) error {
	clean := withheld(body)
	if again := decodeJSON(status, clean, &authTokenWire{}); again != nil {
		return again
	}
	return newBodyError(status, clean, errors.New("unreadable access_token"))
}

var accessToken = regexp.MustCompile(`("access_token"\s*:\s*")[^"]*`)

// withheld is body with the value of any access_token replaced, so that an auth answer quoted in an error
// shows no token, even one cut short. The decoding itself reads the original.
func withheld(body []byte) []byte {
	if !accessToken.Match(body) {
		return body
	}
	return accessToken.ReplaceAll(body, []byte("${1}"+httpx.Redacted))
}

// logIn posts the credentials (POST /auth/login), and when the service asks for a security code, posts
// them again with the code twoFA gives.
func (c *Client) logIn(ctx context.Context, login, password secret.String, twoFA func(context.Context) (string, error)) (authToken, error) {
	t, err := c.postLogin(ctx, login, password, "")
	if err == nil || !errors.Is(err, ErrTwoFARequired) || twoFA == nil {
		return t, err
	}
	code, err := twoFA(ctx)
	if err != nil {
		return authToken{}, fmt.Errorf("%w: getting the code: %w", ErrTwoFARequired, err)
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return authToken{}, fmt.Errorf("%w: the code given is empty", ErrTwoFARequired)
	}
	return c.postLogin(ctx, login, password, code)
}

type loginBody struct {
	Login     string `json:"login"`
	Password  string `json:"password"`
	TwoFACode string `json:"twofa_code,omitempty"`
}

// postLogin is one login request. It is retried like a read: a repeated login only issues another token.
func (c *Client) postLogin(ctx context.Context, login, password secret.String, code string) (authToken, error) {
	req := request{method: http.MethodPost, path: "/auth/login",
		body: loginBody{Login: login.Reveal(), Password: password.Reveal(), TwoFACode: code}}
	t, err := exchange(ctx, c, req, "", decodeAuthToken)
	if err != nil {
		return authToken{}, c.fail(req, err, code)
	}
	return t, nil
}

// refresh trades the token for a new one (POST /auth/refresh), which invalidates it. Whatever goes wrong,
// the session logs in afresh, so a lost answer costs nothing but a login.
func (c *Client) refresh(ctx context.Context, tok string) (authToken, error) {
	req := request{method: http.MethodPost, path: "/auth/refresh"}
	t, err := exchange(ctx, c, req, tok, decodeAuthToken)
	if err != nil {
		return authToken{}, c.fail(req, err, tok)
	}
	return t, nil
}
