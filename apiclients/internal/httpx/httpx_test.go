package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pitboss/apiclients/secret"
)

func noSleep(context.Context, time.Duration) error { return nil }

func get(url string) func(ctx context.Context) (*http.Request, error) {
	return func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	}
}

func TestIdempotentCallRetriesOn5xxThenSucceeds(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.Write([]byte(`ok`))
	}))
	defer srv.Close()
	c := &Client{Sleep: noSleep}
	resp, err := c.Do(context.Background(), true, get(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 || string(resp.Body) != "ok" || calls.Load() != 3 {
		t.Fatalf("status %d body %q after %d calls", resp.Status, resp.Body, calls.Load())
	}
}

func TestNonIdempotentCallIsSentOnceEvenOn5xx(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c := &Client{Sleep: noSleep}
	resp, err := c.Do(context.Background(), false, get(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 503 || calls.Load() != 1 {
		t.Fatalf("status %d after %d calls, want 503 after 1", resp.Status, calls.Load())
	}
}

func TestNonIdempotentTimeoutIsUnknownOutcome(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := &Client{Sleep: noSleep, Timeout: 50 * time.Millisecond}
	_, err := c.Do(context.Background(), false, get(srv.URL))
	if !errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("err = %v, want ErrUnknownOutcome", err)
	}
}

func TestRefusedConnectionIsUnavailableNotUnknown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := &Client{Sleep: noSleep}
	_, err = c.Do(context.Background(), false, get("http://"+addr+"/x"))
	if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("err = %v, want ErrUnavailable only", err)
	}
}

func TestRetryAfterIsHonouredUpToMax(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte(`ok`))
	}))
	defer srv.Close()
	var waited []time.Duration
	c := &Client{Sleep: func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }}
	if _, err := c.Do(context.Background(), true, get(srv.URL)); err != nil {
		t.Fatal(err)
	}
	if len(waited) != 1 || waited[0] != 3*time.Second {
		t.Fatalf("waited %v, want [3s]", waited)
	}
}

func TestBackoffStaysWithinJitterBounds(t *testing.T) {
	p := Retry{Attempts: 5, Base: 100 * time.Millisecond, Max: time.Second}
	for attempt, ceiling := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond, 8: time.Second} {
		for range 50 {
			d := backoff(p, attempt)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("attempt %d: backoff %v outside [%v, %v]", attempt, d, ceiling/2, ceiling)
			}
		}
	}
}

func TestErrorsCarryNoSecret(t *testing.T) {
	const key = "s3cr3t/with+chars"
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	c := &Client{Sleep: noSleep, Secrets: []secret.String{key}}
	_, err := c.Do(context.Background(), true, get("http://"+addr+"/user/balance?secret="+strings.ReplaceAll(key, "/", "%2F")))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, leak := range []string{key, "s3cr3t%2Fwith%2Bchars"} {
		if strings.Contains(err.Error(), leak) {
			t.Fatalf("error leaks secret: %v", err)
		}
	}
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("redaction lost the error chain: %v", err)
	}
}

func TestUserAgentIsSent(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got <- r.UserAgent() }))
	defer srv.Close()
	c := &Client{UserAgent: "pitboss/1.2"}
	if _, err := c.Do(context.Background(), true, get(srv.URL)); err != nil {
		t.Fatal(err)
	}
	if ua := <-got; ua != "pitboss/1.2" {
		t.Fatalf("User-Agent %q", ua)
	}
}

func TestNumberAcceptsNumbersAndNumericStrings(t *testing.T) {
	for in, want := range map[string]float64{`61`: 61, `"61"`: 61, `" 61.5 "`: 61.5, `null`: 0, `""`: 0, `false`: 0, `"44625511932668"`: 44625511932668, `-1e3`: -1000} {
		var n Number
		if err := json.Unmarshal([]byte(in), &n); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if float64(n) != want {
			t.Fatalf("%s: got %v want %v", in, n, want)
		}
	}
	for _, bad := range []string{`"abc"`, `true`, `[]`, `{}`, `"NaN"`, `"Inf"`, `"-Infinity"`} {
		var n Number
		if err := json.Unmarshal([]byte(bad), &n); err == nil {
			t.Fatalf("%s: want an error, got %v", bad, n)
		}
	}
}

func TestParseNumberReadsNumbersAndNumericStringsOnly(t *testing.T) {
	for in, want := range map[string]float64{`61`: 61, `"61"`: 61, `" 61.5 "`: 61.5, `"\u0036\u0031"`: 61, `-1e3`: -1000, `"-0"`: 0} {
		if v, ok := ParseNumber([]byte(in)); !ok || v != want {
			t.Fatalf("%s: got %v, %v want %v", in, v, ok, want)
		}
	}
	for _, bad := range []string{``, `null`, `false`, `true`, `[]`, `{}`, `"abc"`, `"NaN"`, `"Inf"`, `1e400`, `"1e400"`} {
		if v, ok := ParseNumber([]byte(bad)); ok || v != 0 {
			t.Fatalf("%s: got %v, %v want 0, false", bad, v, ok)
		}
	}
}

func TestBodyErrorKeepsAShortPrintableSnippet(t *testing.T) {
	e := NewBodyError(&Response{Status: 502, Body: []byte("<html>" + strings.Repeat("x", 500))}, errors.New("invalid character '<'"))
	if len(e.Snippet) > 130 || !strings.HasPrefix(e.Snippet, "<html>") || !strings.Contains(e.Error(), "HTTP 502") {
		t.Fatalf("snippet %q / %v", e.Snippet, e)
	}
}

func TestRetryBaseIsKeptWhenAttemptsIsDefault(t *testing.T) {
	c := &Client{Retry: Retry{Base: time.Millisecond}}
	if r := c.retry(); r.Attempts != DefaultRetry.Attempts || r.Base != time.Millisecond || r.Max != DefaultRetry.Max {
		t.Fatalf("retry %+v", r)
	}
}

func TestBodyErrorRedactsBeforeCutting(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef"
	body := strings.Repeat("x", 110) + key // the cut at 120 would keep the secret's first 10 characters
	e := NewBodyError(&Response{Status: 500, Body: []byte(body)}, errors.New("bad"), key)
	if strings.Contains(e.Error(), key[:10]) {
		t.Fatalf("part of the secret survived: %v", e)
	}
}

func TestRedactErrorRecutsABodyErrorMadeWithoutSecrets(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef"
	body := strings.Repeat("x", 110) + key
	// A pure decoder knows no secrets; the client redacts the error it returns.
	err := fmt.Errorf("decoding: %w", NewBodyError(&Response{Status: 502, Body: []byte(body)}, errors.New("bad")))
	if got := RedactError(err, key).Error(); strings.Contains(got, key[:10]) {
		t.Fatalf("part of the secret survived: %s", got)
	}
}

func TestNonIdempotentCallCutOffByCallersDeadlineIsUnknownOutcome(t *testing.T) {
	arrived := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	c := &Client{Sleep: noSleep}
	_, err := c.Do(ctx, false, get(srv.URL))
	if !errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("err = %v, want ErrUnknownOutcome: the request reached the service", err)
	}
}

func TestCallNotSentBecauseContextEndedIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := &Client{Sleep: noSleep}
	_, err := c.Do(ctx, false, get("http://127.0.0.1:1/"))
	if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("err = %v, want ErrUnavailable only: nothing was sent", err)
	}
}

func TestNonIdempotent5xxIsReturnedForTheCallerToRead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte(`{"error":"x"}`))
	}))
	defer srv.Close()
	resp, err := (&Client{Sleep: noSleep}).Do(context.Background(), false, get(srv.URL))
	if err != nil || resp.Status != 502 || string(resp.Body) != `{"error":"x"}` {
		t.Fatalf("resp %+v err %v", resp, err)
	}
}
