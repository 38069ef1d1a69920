// Package viabtc is a client for the ViaBTC pool OpenAPI: account, hashrate, workers, groups, profit,
// payments, sub-accounts and the signed sweep.
//
// Every call carries X-API-KEY. The endpoints the service marks as signed add a tonce (Unix milliseconds)
// and X-SIGNATURE, the lower-case hex HMAC-SHA256 of the exact query string (GET) or the exact JSON body
// (POST) that is sent.
package viabtc

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

// DefaultURL is the live OpenAPI base. The older hosts pool.viabtc.com and www.viabtc.com serve the same API.
const DefaultURL = "https://www.viabtc.net/res/openapi/v1"

// Options configure a Client.
type Options struct {
	BaseURL    string        // empty means DefaultURL
	APIKey     secret.String // 32 hex, sent on every call
	SecretKey  secret.String // 64 hex, signs the signed calls; never sent
	HTTPClient *http.Client
	UserAgent  string
	Timeout    time.Duration // per attempt; 0 means 10 s
	Attempts   int           // for reads; 0 means 3. Sweep is always sent once.
	RetryBase  time.Duration // first backoff; 0 means 250 ms
	// Now gives the tonce of signed calls. The service refuses a tonce ahead of its clock or more than
	// 60 s behind it, so the host clock must be in sync.
	Now func() time.Time
}

// Client calls the ViaBTC OpenAPI. It is safe for concurrent use.
type Client struct {
	base   *url.URL
	apiKey secret.String
	secret secret.String
	http   *httpx.Client
	now    func() time.Time
}

// New checks opts and returns a Client.
func New(opts Options) (*Client, error) {
	if opts.APIKey == "" {
		return nil, errors.New("viabtc: the API key is empty")
	}
	if opts.SecretKey == "" {
		return nil, errors.New("viabtc: the secret key is empty")
	}
	base, err := httpx.BaseURL(opts.BaseURL, DefaultURL)
	if err != nil {
		return nil, fmt.Errorf("viabtc: %w", err)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Client{
		base:   base,
		apiKey: opts.APIKey,
		secret: opts.SecretKey,
		now:    now,
		http: &httpx.Client{
			HTTP:      opts.HTTPClient,
			UserAgent: opts.UserAgent,
			Timeout:   opts.Timeout,
			Retry:     httpx.Retry{Attempts: opts.Attempts, Base: opts.RetryBase},
			Secrets:   []secret.String{opts.APIKey, opts.SecretKey},
		},
	}, nil
}

// call is one request to the API.
type call struct {
	method string // GET or POST
	path   string // under the base, with a leading slash
	query  url.Values
	body   map[string]any // POST only; tonce is added when signed
	signed bool
	// idempotent calls are retried on network errors, 5xx and 429; the others are sent exactly once.
	idempotent bool
}

// fetch sends c and decodes the answer with decode. Every error it returns is free of the API key, the
// secret key and the signatures sent.
func fetch[T any](ctx context.Context, cl *Client, c call, decode func(status int, body []byte) (T, error)) (T, error) {
	var zero T
	var sigs []secret.String
	resp, err := cl.http.Do(ctx, c.idempotent, func(ctx context.Context) (*http.Request, error) {
		req, sig, err := cl.build(ctx, c)
		if sig != "" {
			sigs = append(sigs, secret.String(sig))
		}
		return req, err
	})
	secrets := append(append([]secret.String(nil), cl.http.Secrets...), sigs...)
	if err != nil {
		return zero, httpx.RedactError(fmt.Errorf("viabtc %s: %w", c.path, err), secrets...)
	}
	v, err := decode(resp.Status, resp.Body)
	if err == nil {
		return v, nil
	}
	scrub(err, secrets)
	err = httpx.Classify(c.idempotent, resp.Status, err)
	return zero, httpx.RedactError(fmt.Errorf("viabtc %s: %w", c.path, err), secrets...)
}

// build makes the request for one attempt. A signed call gets a fresh tonce, and the bytes that are
// signed are the very bytes that are sent. It returns the signature so that errors can be cleaned of it.
func (cl *Client) build(ctx context.Context, c call) (*http.Request, string, error) {
	u := *cl.base
	u.Path = cl.base.Path + c.path
	var tonce int64
	if c.signed {
		tonce = cl.now().UnixMilli()
	}
	var payload []byte
	switch c.method {
	case http.MethodGet:
		q := url.Values{}
		for k, v := range c.query {
			q[k] = v
		}
		if c.signed {
			q.Set("tonce", fmt.Sprint(tonce))
		}
		u.RawQuery = q.Encode()
		payload = []byte(u.RawQuery)
	case http.MethodPost:
		b := map[string]any{}
		for k, v := range c.body {
			b[k] = v
		}
		if c.signed {
			b["tonce"] = tonce
		}
		var err error
		if payload, err = json.Marshal(b); err != nil {
			return nil, "", err
		}
	default:
		return nil, "", fmt.Errorf("viabtc: unsupported method %s", c.method)
	}
	var rd io.Reader
	if c.method == http.MethodPost {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, u.String(), rd)
	if err != nil {
		return nil, "", err
	}
	// The query that was signed must be the one on the wire, byte for byte.
	req.URL.RawQuery = u.RawQuery
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-API-KEY", cl.apiKey.Reveal())
	if c.method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	var sig string
	if c.signed {
		sig = Sign(cl.secret, payload)
		req.Header.Set("X-SIGNATURE", sig)
	}
	return req, sig, nil
}

// scrub removes secrets from an *APIError's message, which quotes the service (a service could echo what
// it was sent). An *httpx.BodyError's snippet needs nothing here: httpx.RedactError cuts it again from the
// cleaned body.
func scrub(err error, secrets []secret.String) {
	var ae *APIError
	if errors.As(err, &ae) {
		ae.Message = httpx.RedactString(ae.Message, secrets...)
	}
}
