// Package hiveos2 is a client for Hive OS API v2 (reference section B): REST and JSON under
// https://api2.hiveos.farm/api/v2, with a Bearer token on every call. The token is a personal API token,
// or one the client obtains by logging in (with a 2FA code when the account asks for one) and renews
// before it expires.
//
// What comes back is converted to Go types and SI units: hashrates in H/s (the API gives most of them
// in kH/s), temperatures in °C, power in W, times as time.Time. The service does not always follow its
// own definition (a hashrate under "value" or "hashrate", numbers as strings, nulls, members left out),
// so the decoders are lenient: an odd value is lost alone, never the whole answer. An answer that is not
// JSON, or is empty, is ErrBadAnswer.
//
// Reads are retried (after a 429, when Retry-After says). SetFlightSheet and Command change rigs: they are
// sent exactly once, and one whose answer is lost is ErrUnknownOutcome (httpx.Classify decides).
package hiveos2

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"pitboss/apiclients/internal/httpx"
	"pitboss/apiclients/secret"
)

// DefaultURL is the service's base URL.
const DefaultURL = "https://api2.hiveos.farm/api/v2"

// Options configures a Client. Give either Token, or Login and Password.
type Options struct {
	BaseURL string        // "" means DefaultURL; every path is appended to it
	Token   secret.String // a personal API token (web UI: Account → Authentication tokens)

	// Login and Password log in with /auth/login on first use. The token obtained is renewed with
	// /auth/refresh before it expires, and a new login is made when the refresh fails or the service
	// stops accepting the token.
	Login    secret.String
	Password secret.String
	// TwoFA gives the 2FA code when the service asks for one at login; nil means the account has no 2FA
	// (a login that needs a code then fails with ErrTwoFARequired).
	TwoFA func(context.Context) (string, error)

	HTTPClient *http.Client
	UserAgent  string
	Timeout    time.Duration // per attempt; 0 means 10 s
	Attempts   int           // for reads; 0 means 3. SetFlightSheet and Command are always sent once
	RetryBase  time.Duration // first backoff; 0 means 250 ms
	Now        func() time.Time
}

// Client calls the API for one account. It is safe for concurrent use; Close ends a token renewal in
// progress.
type Client struct {
	base string
	http *httpx.Client // its Secrets are the credentials; each call adds the token it sent
	auth *session
}

// New returns a client, or an error when the credentials are missing or ambiguous or BaseURL is not an
// absolute http(s) URL. It makes no request.
func New(opts Options) (*Client, error) {
	switch {
	case opts.Token == "" && (opts.Login == "" || opts.Password == ""):
		return nil, errors.New("hive os v2: a token, or a login and a password, are required")
	case opts.Token != "" && opts.Login != "":
		return nil, errors.New("hive os v2: give a token or a login, not both")
	}
	secrets := []secret.String{opts.Token, opts.Login, opts.Password}
	u, err := httpx.BaseURL(opts.BaseURL, DefaultURL)
	if err != nil {
		return nil, fmt.Errorf("hive os v2: %w", httpx.RedactError(err, secrets...))
	}
	c := &Client{
		base: u.String(),
		http: &httpx.Client{
			HTTP:      opts.HTTPClient,
			UserAgent: opts.UserAgent,
			Timeout:   opts.Timeout,
			Retry:     httpx.Retry{Attempts: opts.Attempts, Base: opts.RetryBase},
			Secrets:   secrets,
		},
	}
	c.auth = newSession(c, opts)
	return c, nil
}

// Close ends a token renewal in progress (its waiters get an error) and waits for it. Calls made after
// Close fail in login mode.
func (c *Client) Close() { c.auth.close() }

// Ping checks that the API answers and accepts the token, with the lightest call: GET /auth/check.
func (c *Client) Ping(ctx context.Context) error {
	_, err := do(ctx, c, request{method: http.MethodGet, path: "/auth/check"}, decodeNothing)
	return err
}

// request is one call: where it goes and what it sends.
type request struct {
	method string
	path   string
	query  url.Values
	body   any  // marshalled as JSON; nil sends none
	write  bool // changes something: sent once, and a lost answer is an unknown outcome
}

func (r request) String() string { return r.method + " " + r.path }

// do sends req with the session's token and decodes the answer with decode, whatever its status. A read
// refused with 401 in login mode is sent once more after a fresh login: the token was revoked or expired
// early, which the caller cannot help.
func do[T any](ctx context.Context, c *Client, req request, decode func(status int, body []byte) (T, error)) (T, error) {
	var zero T
	for retried := false; ; retried = true {
		tok, err := c.auth.get(ctx)
		if err != nil {
			return zero, c.fail(req, err, "")
		}
		v, err := exchange(ctx, c, req, tok, decode)
		if err == nil {
			return v, nil
		}
		// A refused token is dropped whatever the call, so the next one logs in afresh; only a read is
		// sent again at once, since a write is never resent.
		if errors.Is(err, ErrUnauthenticated) && c.auth.invalidate(tok) && !retried && !req.write {
			continue
		}
		return zero, c.fail(req, err, tok)
	}
}

// exchange is one call with the token tok: with the transport's retries for a read, one attempt for a
// write. The answer is decoded whatever its status, and a failure put in its class by httpx.Classify.
func exchange[T any](ctx context.Context, c *Client, req request, tok string, decode func(int, []byte) (T, error)) (T, error) {
	var zero T
	body := marshal(req.body)
	resp, err := c.http.Do(ctx, !req.write, func(ctx context.Context) (*http.Request, error) {
		return c.build(ctx, req, body, tok)
	})
	if err != nil {
		return zero, err
	}
	v, err := decode(resp.Status, resp.Body)
	if err != nil {
		var api *APIError
		if errors.As(err, &api) && api.Status == http.StatusTooManyRequests {
			api.RetryAfter, _ = httpx.RetryAfter(resp.Header)
		}
		return zero, httpx.Classify(!req.write, resp.Status, err)
	}
	return v, nil
}

// fail wraps err with the call and removes every secret (the credentials and the token sent) from it.
func (c *Client) fail(req request, err error, tok string) error {
	secrets := append(append([]secret.String(nil), c.http.Secrets...), secret.String(tok))
	scrub(err, secrets)
	return httpx.RedactError(fmt.Errorf("hive os v2 %s: %w", req, err), secrets...)
}

// scrub removes secrets from the service's own words in an APIError, which a hostile or buggy service
// could fill with what it was sent.
func scrub(err error, secrets []secret.String) {
	var api *APIError
	if !errors.As(err, &api) {
		return
	}
	api.Message = httpx.RedactString(api.Message, secrets...)
	for k, msgs := range api.Fields {
		for i, m := range msgs {
			msgs[i] = httpx.RedactString(m, secrets...)
		}
		api.Fields[k] = msgs
	}
}

// build makes the http.Request for req, with tok as the Bearer token when set.
func (c *Client) build(ctx context.Context, req request, body []byte, tok string) (*http.Request, error) {
	u := c.base + req.path
	if len(req.query) > 0 {
		u += "?" + req.query.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.method, u, rd)
	if err != nil {
		return nil, err
	}
	hr.Header.Set("Accept", "application/json")
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		hr.Header.Set("Authorization", "Bearer "+tok)
	}
	return hr, nil
}

// marshal encodes a request body; the bodies are this package's own types, which always marshal.
func marshal(v any) []byte {
	if v == nil {
		return nil
	}
	b, _ := json.Marshal(v)
	return b
}
