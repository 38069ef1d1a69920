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
	"pitboss/apiclients/secret"
)

// DefaultURL is the documented endpoint.
const DefaultURL = "https://api.hiveos.farm/worker/eypiay.php"

// Options configures a Client.
type Options struct {
	BaseURL    string        // the full eypiay.php URL; empty means DefaultURL
	PublicKey  secret.String // 64 hex characters, sent in every body
	SecretKey  secret.String // 64 hex characters, the HMAC key; never sent
	HTTPClient *http.Client
	UserAgent  string
	Timeout    time.Duration // per attempt; 0 means 10 s
	Attempts   int           // for reads; 0 means 3. multiRocket is always sent once
	RetryBase  time.Duration // first backoff; 0 means 250 ms
}

// Client calls the API for one account. It is safe for concurrent use.
type Client struct {
	url     string
	public  secret.String
	secret  secret.String
	secrets []secret.String // what errors must never show: both keys (each request's HMAC is added per call)
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
	secrets := []secret.String{opts.SecretKey, opts.PublicKey}
	return &Client{
		url:     u.String(),
		public:  opts.PublicKey,
		secret:  opts.SecretKey,
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
	redact := append(append([]secret.String(nil), c.secrets...), secret.String(mac))

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
		err = scrub(err, resp, redact)
		err = httpx.Classify(idempotent, resp.Status, err)
		return zero, httpx.RedactError(fmt.Errorf("hive os %s: %w", method, err), redact...)
	}
	return v, nil
}

// scrub removes secrets from the parts of a decoding error that quote the answer. A BodyError is rebuilt
// from a redacted body: redacting its snippet afterwards would miss a key or signature that the
// snippet's truncation cut in two.
func scrub(err error, resp *httpx.Response, secrets []secret.String) error {
	var rpc *RPCError
	var body *httpx.BodyError
	switch {
	case errors.As(err, &rpc):
		rpc.Message = httpx.RedactString(rpc.Message, secrets...)
	case errors.As(err, &body):
		clean := &httpx.Response{Status: resp.Status, Body: []byte(httpx.RedactString(string(resp.Body), secrets...))}
		return httpx.NewBodyError(clean, body.Err)
	}
	return err
}

// sign is the HMAC the API expects for body: lower-case hex of HMAC-SHA256 keyed with the secret key.
func sign(secretKey secret.String, body []byte) string {
	m := hmac.New(sha256.New, []byte(secretKey.Reveal()))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// encodeForm writes method first and public_key last, as the forum's example does; the order does not
// matter to the service, only that the HMAC covers the bytes sent.
func encodeForm(method string, fields []field, publicKey secret.String) []byte {
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
	b.WriteString(url.QueryEscape(publicKey.Reveal()))
	return []byte(b.String())
}
