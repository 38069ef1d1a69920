// Package hiveauth is a client for the Com2uS Hive blockchain platform's Auth API (reference section E):
// it exchanges an id and secretKey for a JWT access token and a refresh token, renews them with the
// refresh token, and keeps a valid access token at hand for callers (TokenSource).
package hiveauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"pitboss/apiclients/internal/httpx"
	"pitboss/apiclients/secret"
)

// DefaultURL is the live Auth API host. The sandbox is https://sandbox-bc-platform-auth.withhive.com.
const DefaultURL = "https://bc-platform-auth.withhive.com"

const (
	pathAuthToken    = "/v2/auth-token"
	pathRefreshToken = "/v2/refresh-token"
)

// Options configures a Client.
type Options struct {
	BaseURL    string // empty means DefaultURL
	ID         string // the id the platform assigned, e.g. "com.com2us.c2xwallet.global.normal"
	SecretKey  secret.String
	HTTPClient *http.Client  // nil means http.DefaultClient
	UserAgent  string        // empty means httpx.DefaultUserAgent
	Timeout    time.Duration // per attempt; 0 means 10 s
	Attempts   int           // 0 means 3
	RetryBase  time.Duration // 0 means 250 ms
	// Now stamps Tokens.IssuedAt when a token carries no iat claim; nil means time.Now.
	Now func() time.Time
}

// Client calls the Auth API for one account. It is safe for concurrent use.
type Client struct {
	base   string
	id     string
	secret secret.String
	http   *httpx.Client
	now    func() time.Time
}

// New returns a client, or an error when a credential is missing or BaseURL is not an absolute http(s) URL.
func New(opts Options) (*Client, error) {
	if opts.ID == "" {
		return nil, errors.New("hive auth: id is required")
	}
	if opts.SecretKey == "" {
		return nil, errors.New("hive auth: secret key is required")
	}
	base, err := httpx.BaseURL(opts.BaseURL, DefaultURL)
	if err != nil {
		return nil, fmt.Errorf("hive auth: %w", err)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Client{
		base:   base.String(),
		id:     opts.ID,
		secret: opts.SecretKey,
		http: &httpx.Client{
			HTTP:      opts.HTTPClient,
			UserAgent: opts.UserAgent,
			Timeout:   opts.Timeout,
			Retry:     httpx.Retry{Attempts: opts.Attempts, Base: opts.RetryBase},
			// The id is not strictly secret, but it is half of the credential pair: keep it out of errors too.
			Secrets: []secret.String{opts.SecretKey, secret.String(opts.ID)},
		},
		now: now,
	}, nil
}

// Ping reports whether the Auth API answers and accepts the credentials, by issuing a token pair and
// discarding it. A bot that holds a TokenSource should call its Token instead, which costs no request
// while the cached token is fresh.
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.Issue(ctx)
	return err
}

// post sends one POST and decodes the token pair in the answer. Both endpoints count as idempotent, so
// they are retried and never have an unknown outcome: a repeated auth-token only issues another pair, and
// a repeated refresh whose first answer was lost is refused (the token was spent), which a TokenSource
// answers with a fresh Issue. Nothing a user would have to check has changed either way.
func (c *Client) post(ctx context.Context, path string, body []byte, refreshToken string) (Tokens, error) {
	resp, err := c.http.Do(ctx, true, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		if refreshToken != "" {
			req.Header.Set("Authorization", "Bearer "+refreshToken)
		}
		return req, nil
	})
	if err != nil {
		return Tokens{}, c.redact(fmt.Errorf("hive auth %s: %w", path, err), secret.String(refreshToken))
	}
	tokens, err := decodeTokens(path, resp.Status, resp.Body)
	if err != nil {
		err = httpx.Classify(true, resp.Status, err)
		return Tokens{}, c.redact(fmt.Errorf("hive auth %s: %w", path, err), secret.String(refreshToken))
	}
	if tokens.IssuedAt.IsZero() {
		tokens.IssuedAt = c.now()
	}
	return tokens, nil
}

// redact removes the credentials, the given extra secrets and anything shaped like a JWT from err's
// message, and from the fields of the APIError and BodyError in its chain, which a caller may show.
func (c *Client) redact(err error, extra ...secret.String) error {
	if err == nil {
		return nil
	}
	secrets := append(append([]secret.String(nil), c.http.Secrets...), extra...)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Message = scrubTokens(httpx.RedactString(apiErr.Message, secrets...))
	}
	// RedactError cuts the body error's snippet again from the whole body: its tokens are scrubbed after.
	err = httpx.RedactError(err, secrets...)
	var bodyErr *httpx.BodyError
	if errors.As(err, &bodyErr) {
		bodyErr.Snippet = scrubTokens(bodyErr.Snippet)
	}
	msg := scrubTokens(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// issueBody is the documented auth-token request body.
func (c *Client) issueBody() []byte {
	b, _ := json.Marshal(struct {
		ID        string `json:"id"`
		SecretKey string `json:"secretKey"`
	}{c.id, c.secret.Reveal()}) // two strings always marshal
	return b
}
