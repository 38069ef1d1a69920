// Package httpx is the transport every pitboss service client shares: a per-attempt timeout, retries with
// backoff and jitter for idempotent calls only, a descriptive User-Agent, bounded body reads, errors
// from which every secret has been removed, and the one policy (Classify) that says when a failed
// state-changing call has an unknown outcome.
//
// It knows nothing of any service: clients build the request, httpx sends it and hands back the status,
// headers and body, and the client decodes the body whatever the status.
package httpx

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pitboss/apiclients/secret"
)

// DefaultUserAgent names pitboss to the services it calls.
const DefaultUserAgent = "pitboss (self-hosted Telegram mining bot)"

// MaxBody caps how much of a response is read. A Hive OS farm of thousands of rigs answers in a few MiB.
const MaxBody = 64 << 20

// Retry says how often and how patiently an idempotent call is retried.
type Retry struct {
	Attempts int           // total attempts, including the first; 1 disables retries
	Base     time.Duration // backoff before the second attempt; doubles each time
	Max      time.Duration // cap on one backoff, and on an honoured Retry-After
}

// DefaultRetry suits a poll that runs every minute: three attempts within a few seconds.
var DefaultRetry = Retry{Attempts: 3, Base: 250 * time.Millisecond, Max: 5 * time.Second}

// Client sends requests for one service. The zero value is usable: it sends with http.DefaultClient,
// a 10 s timeout per attempt and DefaultRetry.
type Client struct {
	HTTP      *http.Client
	UserAgent string
	Timeout   time.Duration // per attempt; 0 means 10 s
	Retry     Retry         // zero means DefaultRetry
	// Secrets are removed from every error this client returns (keys, tokens, signatures).
	Secrets []secret.String
	// Sleep waits between attempts; tests replace it. nil means a timer that stops when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Response is what came back, whatever its status.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends the request that build makes, once per attempt (so a body is fresh each time). A call that is
// not idempotent is sent exactly once. Do returns an error only when no response was obtained, classified
// by Classify; a 4xx or 5xx response is returned for the caller to decode and classify.
func (c *Client) Do(ctx context.Context, idempotent bool, build func(ctx context.Context) (*http.Request, error)) (*Response, error) {
	policy := c.retry()
	attempts := policy.Attempts
	if !idempotent {
		attempts = 1
	}
	var lastErr error
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			if lastErr == nil {
				lastErr = Classify(idempotent, 0, &notSent{"not sent", err})
			}
			return nil, c.Redact(lastErr)
		}
		resp, err := c.once(ctx, build)
		switch {
		case err != nil:
			lastErr = Classify(idempotent, 0, err)
			if attempt >= attempts {
				return nil, c.Redact(lastErr)
			}
		case !retryableStatus(resp.Status) || attempt >= attempts:
			return resp, nil // a 5xx or 429 on the last attempt too: the caller reads the body
		default:
			lastErr = fmt.Errorf("%w: HTTP %d", ErrUnavailable, resp.Status)
		}
		wait := backoff(policy, attempt)
		if err == nil {
			if ra, ok := RetryAfter(resp.Header); ok {
				wait = min(ra, policy.Max)
			}
		}
		if c.sleep(ctx, wait) != nil {
			return nil, c.Redact(lastErr)
		}
	}
}

func (c *Client) once(ctx context.Context, build func(ctx context.Context) (*http.Request, error)) (*Response, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := build(actx)
	if err != nil {
		return nil, &notSent{"building the request", err}
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

func (c *Client) retry() Retry {
	r := c.Retry
	if r.Attempts <= 0 {
		r.Attempts = DefaultRetry.Attempts
	}
	if r.Base <= 0 {
		r.Base = DefaultRetry.Base
	}
	if r.Max <= 0 {
		r.Max = DefaultRetry.Max
	}
	return r
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// backoff is exponential with full jitter, so many pollers that failed together do not retry together.
func backoff(p Retry, attempt int) time.Duration {
	d := p.Base << (attempt - 1)
	if d <= 0 || d > p.Max {
		d = p.Max
	}
	return d/2 + rand.N(d/2+1)
}

// RetryAfter reads a Retry-After header of whole seconds; ok is false when there is none, or it is a date.
func RetryAfter(h http.Header) (d time.Duration, ok bool) {
	secs, err := strconv.Atoi(h.Get("Retry-After"))
	if err != nil || secs < 0 {
		return 0, false
	}
	return time.Duration(secs) * time.Second, true
}

// BaseURL parses a client's configured base URL (def when empty) and checks that it is an absolute
// http(s) URL without query or fragment. A trailing slash is dropped, so paths can be appended.
func BaseURL(raw, def string) (*url.URL, error) {
	if raw == "" {
		raw = def
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an absolute http(s) URL", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q must not carry a query or fragment", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}
