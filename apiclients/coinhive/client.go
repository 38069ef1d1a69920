// Package coinhive is a client for the Coinhive HTTP API (reference section D): user balances and
// withdrawals, tokens, shortlinks and site statistics.
//
// Every answer carries a boolean success; a refusal becomes an *APIError that matches the sentinel of
// its documented error with errors.Is, whatever the HTTP status it came with. Reads are retried on
// transport failures and 5xx; withdraw, reset, reset-all, link/create and token/verify are sent once.
package coinhive

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"pitboss/apiclients/internal/httpx"
	"pitboss/apiclients/secret"
)

// DefaultURL is the live API.
const DefaultURL = "https://api.coinhive.com"

// Options configures a Client.
type Options struct {
	// BaseURL is the API root; empty means DefaultURL.
	BaseURL string
	// Secret is the site's secret key (Settings » Sites). Coinhive's own PHP class refuses any secret
	// that is not 32 characters; New only requires it to be non-empty, so a test or a clone may differ.
	Secret secret.String
	// HTTPClient sends the requests; nil means http.DefaultClient.
	HTTPClient *http.Client
	// UserAgent names the caller; empty means httpx.DefaultUserAgent.
	UserAgent string
	// Timeout bounds one attempt; 0 means 10 s.
	Timeout time.Duration
	// Attempts is how often a read is tried in all; 0 means 3.
	Attempts int
	// RetryBase is the wait before the second attempt, doubling after; 0 means 250 ms.
	RetryBase time.Duration
}

// Client calls the Coinhive HTTP API. It is safe for concurrent use.
type Client struct {
	base   *url.URL
	secret secret.String
	http   *httpx.Client
}

// New checks opts and returns a Client.
func New(opts Options) (*Client, error) {
	if opts.Secret == "" {
		return nil, errors.New("coinhive: the secret key is empty")
	}
	base, err := httpx.BaseURL(opts.BaseURL, DefaultURL)
	if err != nil {
		return nil, fmt.Errorf("coinhive: %w", err)
	}
	return &Client{
		base:   base,
		secret: opts.Secret,
		http: &httpx.Client{
			HTTP:      opts.HTTPClient,
			UserAgent: opts.UserAgent,
			Timeout:   opts.Timeout,
			Retry:     httpx.Retry{Attempts: opts.Attempts, Base: opts.RetryBase},
			Secrets:   []secret.String{opts.Secret},
		},
	}, nil
}

// Ping reads the site statistics, the lightest call that proves the API answers and the secret works.
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.SiteStats(ctx)
	return err
}

// get sends a read: the secret and params go in the query string, and the call may be retried.
func get[T any](ctx context.Context, c *Client, path string, params url.Values, decode func(int, []byte) (T, error)) (T, error) {
	return call(ctx, c, http.MethodGet, path, params, decode)
}

// post sends a call that changes something: the secret and params go in a form body, and the call is
// sent exactly once.
func post[T any](ctx context.Context, c *Client, path string, params url.Values, decode func(int, []byte) (T, error)) (T, error) {
	return call(ctx, c, http.MethodPost, path, params, decode)
}

func call[T any](ctx context.Context, c *Client, method, path string, params url.Values, decode func(int, []byte) (T, error)) (T, error) {
	var zero T
	if params == nil {
		params = url.Values{}
	}
	params.Set("secret", c.secret.Reveal())
	encoded := params.Encode()
	u := *c.base
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawPath = ""
	idempotent := method == http.MethodGet
	if idempotent {
		u.RawQuery = encoded
	}
	target := u.String()
	resp, err := c.http.Do(ctx, idempotent, func(ctx context.Context) (*http.Request, error) {
		if idempotent {
			return http.NewRequestWithContext(ctx, method, target, nil)
		}
		req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(encoded))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req, nil
	})
	if err != nil {
		return zero, fmt.Errorf("coinhive %s: %w", path, err)
	}
	v, err := decode(resp.Status, resp.Body)
	if err != nil {
		err = httpx.Classify(idempotent, resp.Status, err)
		// The secret can come back in a body that echoes the request (an HTML error page, say).
		return zero, c.http.Redact(fmt.Errorf("coinhive %s: %w", path, err))
	}
	return v, nil
}
