// Package hiveos is a client for the legacy Hive OS API ("Ey Pi Ay", reference section A): a form POST
// to one URL, signed with an HMAC-SHA256 of the exact body in the HMAC header, answered with a JSON-RPC
// 2.0 envelope whose error may come with any HTTP status.
//
// The service is deprecated and its answers were never fully documented, so the decoders are lenient:
// ids and readings may be numbers or numeric strings, fields may be null or missing, and PHP's [] may
// stand for an empty object. Only a body that is not JSON at all is an error.
package hiveos

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// DefaultURL is the documented endpoint.
const DefaultURL = "https://api.hiveos.farm/worker/eypiay.php"

// Options configures a Client.
type Options struct {
	BaseURL    string // the full eypiay.php URL; empty means DefaultURL
	PublicKey  string // 64 hex characters, sent in every body
	SecretKey  string // 64 hex characters, the HMAC key; never sent
	HTTPClient *http.Client
	UserAgent  string
	Timeout    time.Duration // per attempt; 0 means 10 s
	Attempts   int           // for reads; 0 means 3. multiRocket is always sent once
	RetryBase  time.Duration // first backoff; 0 means 250 ms
}

// Client calls the API for one account. It is safe for concurrent use.
type Client struct {
	url     string
	public  string
	secret  []byte
	secrets []string // what errors must never show: both keys (each request's HMAC is added per call)
	http    httpx.Client
}

// New returns a client, or an error when a key is missing or the URL is not absolute http(s).
func New(opts Options) (*Client, error) {
	if opts.PublicKey == "" || opts.SecretKey == "" {
		return nil, errors.New("hive os: public key and secret key are both required")
	}
	u, err := httpx.BaseURL(opts.BaseURL, DefaultURL)
	if err != nil {
		return nil, fmt.Errorf("hive os: %w", httpx.RedactError(err, opts.PublicKey, opts.SecretKey))
	}
	secrets := []string{opts.SecretKey, opts.PublicKey}
	return &Client{
		url:     u.String(),
		public:  opts.PublicKey,
		secret:  []byte(opts.SecretKey),
		secrets: secrets,
		http: httpx.Client{
			HTTP:      opts.HTTPClient,
			UserAgent: opts.UserAgent,
			Timeout:   opts.Timeout,
			Retry:     httpx.Retry{Attempts: opts.Attempts, Base: opts.RetryBase},
			Secrets:   secrets,
		},
	}, nil
}

// Ping checks that the API answers and accepts the keys, with the lightest read (getRigs).
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.GetRigs(ctx)
	return err
}

// field is one POST field; the body keeps them in the order given.
type field struct{ name, value string }

// call sends one signed request and decodes the answer with decode, whatever its status. The body is
// built once and the HMAC is taken over exactly those bytes, which every attempt resends.
func call[T any](ctx context.Context, c *Client, method string, fields []field, idempotent bool, decode func(status int, body []byte) (T, error)) (T, error) {
	var zero T
	body := encodeForm(method, fields, c.public)
	mac := sign(c.secret, body)
	redact := append(append([]string(nil), c.secrets...), mac)

	resp, err := c.http.Do(ctx, idempotent, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("HMAC", mac)
		return req, nil
	})
	if err != nil {
		return zero, httpx.RedactError(fmt.Errorf("hive os %s: %w", method, err), redact...)
	}
	v, err := decode(resp.Status, resp.Body)
	if err != nil {
		var rpc *RPCError
		var body *httpx.BodyError
		if errors.As(err, &rpc) {
			rpc.Message = httpx.RedactString(rpc.Message, redact...)
		} else if errors.As(err, &body) {
			// Rebuild the snippet from a redacted body: redacting the snippet afterwards would miss a key
			// or signature that its truncation cut in two.
			clean := &httpx.Response{Status: resp.Status, Body: []byte(httpx.RedactString(string(resp.Body), redact...))}
			err = httpx.NewBodyError(clean, body.Err)
		}
		if rpc == nil && (resp.Status >= 500 || resp.Status == http.StatusTooManyRequests) {
			// A gateway error page: for a read the service is down; for multiRocket the request may have
			// reached the service behind the gateway, so the rigs may have changed.
			transport := httpx.ErrUnavailable
			if !idempotent {
				transport = httpx.ErrUnknownOutcome
			}
			err = fmt.Errorf("%w: %w", transport, err)
		}
		return zero, httpx.RedactError(fmt.Errorf("hive os %s: %w", method, err), redact...)
	}
	return v, nil
}

// sign is the HMAC the API expects for body: lower-case hex of HMAC-SHA256 keyed with the secret key.
func sign(secretKey, body []byte) string {
	m := hmac.New(sha256.New, secretKey)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// encodeForm writes method first and public_key last, as the forum's example does; the order does not
// matter to the service, only that the HMAC covers the bytes sent.
func encodeForm(method string, fields []field, publicKey string) []byte {
	var b strings.Builder
	b.WriteString("method=")
	b.WriteString(url.QueryEscape(method))
	for _, f := range fields {
		b.WriteByte('&')
		b.WriteString(f.name)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(f.value))
	}
	b.WriteString("&public_key=")
	b.WriteString(url.QueryEscape(publicKey))
	return []byte(b.String())
}
