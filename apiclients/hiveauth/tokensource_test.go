package hiveauth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"pitboss/apiclients/internal/httpx"
	simhiveauth "pitboss/sim/hiveauth"
)

func newSource(t *testing.T, f *fixture, opts TokenSourceOptions) *TokenSource {
	t.Helper()
	if opts.Now == nil {
		opts.Now = f.clock.Now
	}
	return NewTokenSource(f.client, opts)
}

func mustToken(t *testing.T, s *TokenSource) string {
	t.Helper()
	tok, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestTokenSourceIssuesOnFirstCallThenServesFromCache(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	s := newSource(t, f, TokenSourceOptions{})
	first := mustToken(t, s)
	if !f.sim.ValidAccess(first) || f.sim.Issued() != 1 {
		t.Fatalf("first token valid %v, issued %d", f.sim.ValidAccess(first), f.sim.Issued())
	}
	f.clock.Advance(21 * time.Hour)
	if again := mustToken(t, s); again != first {
		t.Fatal("a fresh cached token was replaced")
	}
	if got := f.paths(); len(got) != 1 {
		t.Fatalf("requests %v, want only the first issue", got)
	}
	h := s.Health()
	if !h.ValidUntil.Equal(t0.Add(24*time.Hour)) || !h.RefreshValidUntil.Equal(t0.Add(7*24*time.Hour)) ||
		!h.LastRefresh.Equal(t0) || h.LastKind != "issued" || h.LastError != "" || h.ConsecutiveFailures != 0 {
		t.Fatalf("health %+v", h)
	}
}

func TestTokenSourceRefreshesNearExpiryWithBearerAndNoBody(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	s := newSource(t, f, TokenSourceOptions{})
	first := mustToken(t, s)
	spent := s.tokens.Refresh
	// Default margin: 10 % of 24 h = 2 h 24 min before expiry.
	f.clock.Advance(21*time.Hour + 36*time.Minute)
	second := mustToken(t, s)
	if second == first || !f.sim.ValidAccess(second) {
		t.Fatal("no new valid token near expiry")
	}
	req, _ := f.sim.Recorder.Last()
	if req.Path != pathRefreshToken || len(req.Body) != 0 {
		t.Fatalf("last request %s with body %q, want a refresh with no body", req.Path, req.Body)
	}
	if auth := req.Header.Get("Authorization"); spent == "" || auth != "Bearer "+spent || f.sim.ValidRefresh(spent) {
		t.Fatalf("Authorization %q: want the first refresh token, now spent", auth)
	}
	if f.sim.Refreshed() != 1 || f.sim.Issued() != 1 {
		t.Fatalf("issued %d refreshed %d", f.sim.Issued(), f.sim.Refreshed())
	}
	h := s.Health()
	if h.LastKind != "refreshed" || !h.LastRefresh.Equal(f.clock.Now()) || !h.ValidUntil.Equal(f.clock.Now().Add(24*time.Hour)) {
		t.Fatalf("health %+v", h)
	}
}

func TestTokenSourceRenewsAtTheConfiguredMargin(t *testing.T) {
	cases := []struct {
		name        string
		access      time.Duration
		before      time.Duration
		cachedUntil time.Duration // the last moment the first token is still served
	}{
		{"default: 10 % of 24 h", 24 * time.Hour, 0, 21*time.Hour + 36*time.Minute - time.Second},
		{"default: at least 1 min", 5 * time.Minute, 0, 4*time.Minute - time.Second},
		{"explicit 1 h", 24 * time.Hour, time.Hour, 23*time.Hour - time.Second},
		{"capped at half the lifetime", 10 * time.Minute, time.Hour, 5*time.Minute - time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(o *simhiveauth.Options) { o.AccessTTL = tc.access }, nil, "")
			s := newSource(t, f, TokenSourceOptions{RefreshBefore: tc.before})
			first := mustToken(t, s)
			f.clock.Advance(tc.cachedUntil)
			if mustToken(t, s) != first || f.sim.Refreshed() != 0 {
				t.Fatal("renewed too early")
			}
			f.clock.Advance(time.Second)
			if mustToken(t, s) == first || f.sim.Refreshed() != 1 {
				t.Fatal("not renewed at the margin")
			}
		})
	}
}

func TestTokenSourceFallsBackToIssueWhenRefreshIsRefused(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	s := newSource(t, f, TokenSourceOptions{})
	first := mustToken(t, s)
	f.sim.RevokeRefreshTokens()
	f.clock.Advance(22 * time.Hour)
	second := mustToken(t, s)
	if second == first || !f.sim.ValidAccess(second) {
		t.Fatal("no new token after a refused refresh")
	}
	if got := f.paths(); len(got) != 3 || got[1] != pathRefreshToken || got[2] != pathAuthToken {
		t.Fatalf("requests %v, want issue, refresh, issue", got)
	}
	h := s.Health()
	if h.LastKind != "issued" || h.ConsecutiveFailures != 0 || h.LastError == "" || !h.LastErrorAt.Equal(f.clock.Now()) {
		t.Fatalf("health %+v: want the refused refresh recorded and the issue counted as success", h)
	}
	assertNoLeak(t, "Health.LastError", h.LastError, first, second)
}

func TestTokenSourceFallsBackToIssueWhenRefreshFailsOnTransport(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	s := newSource(t, f, TokenSourceOptions{})
	first := mustToken(t, s)
	f.sim.Faults.FailWith(http.StatusBadGateway, "", 3) // every attempt of the refresh
	f.clock.Advance(22 * time.Hour)
	if second := mustToken(t, s); second == first || !f.sim.ValidAccess(second) {
		t.Fatal("no new token")
	}
	if f.count(pathRefreshToken) != 3 || f.sim.Issued() != 2 {
		t.Fatalf("requests %v, issued %d", f.paths(), f.sim.Issued())
	}
}

func TestTokenSourceIssuesDirectlyWhenRefreshTokenHasExpired(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	s := newSource(t, f, TokenSourceOptions{})
	mustToken(t, s)
	f.clock.Advance(8 * 24 * time.Hour)
	if tok := mustToken(t, s); !f.sim.ValidAccess(tok) {
		t.Fatal("token not valid")
	}
	if f.count(pathRefreshToken) != 0 || f.sim.Issued() != 2 {
		t.Fatalf("requests %v: want a second issue and no refresh", f.paths())
	}
}

func TestTokenSourceSendsOneRefreshForFiftyConcurrentCallers(t *testing.T) {
	f, g := newGatedFixture(t)
	s := newSource(t, f, TokenSourceOptions{})
	first := mustToken(t, s)
	joins := make(chan struct{}, 50)
	s.joined = func() { joins <- struct{}{} }
	f.clock.Advance(24 * time.Hour) // at expiry: nobody can be served from the cache

	const callers = 50
	var wg sync.WaitGroup
	tokens := make([]string, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Go(func() { tokens[i], errs[i] = s.Token(context.Background()) })
	}
	for range callers {
		<-joins // every caller is now waiting on the renewal
	}
	g.open()
	wg.Wait()
	for i := range callers {
		if errs[i] != nil || tokens[i] == first || tokens[i] != tokens[0] {
			t.Fatalf("caller %d: %v (same as first: %v)", i, errs[i], tokens[i] == first)
		}
	}
	if n := f.count(pathRefreshToken); n != 1 || f.sim.Refreshed() != 1 || f.sim.Issued() != 1 {
		t.Fatalf("%d refresh requests, refreshed %d, issued %d: want exactly one refresh", n, f.sim.Refreshed(), f.sim.Issued())
	}
}

func TestTokenSourceCallerWhoGivesUpDoesNotStopTheRefreshForOthers(t *testing.T) {
	f, g := newGatedFixture(t)
	s := newSource(t, f, TokenSourceOptions{})
	first := mustToken(t, s)
	joins := make(chan struct{}, 2)
	s.joined = func() { joins <- struct{}{} }
	f.clock.Advance(24*time.Hour + time.Minute) // expired: a failed renewal could not fall back on the cache

	ctx, cancel := context.WithCancel(context.Background())
	impatient := make(chan error, 1)
	go func() { _, err := s.Token(ctx); impatient <- err }()
	<-g.arrived // the refresh the impatient caller started is at the service
	cancel()
	if err := <-impatient; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller got %v, want context.Canceled", err)
	}

	patient := make(chan string, 1)
	go func() { tok, _ := s.Token(context.Background()); patient <- tok }()
	<-joins
	<-joins // both callers have waited on the same renewal
	g.open()
	tok := <-patient
	if tok == "" || tok == first || !f.sim.ValidAccess(tok) {
		t.Fatal("the patient caller did not get the refreshed token")
	}
	if f.count(pathRefreshToken) != 1 || f.sim.Refreshed() != 1 || f.sim.Issued() != 1 {
		t.Fatalf("requests %v: the refresh was abandoned or repeated", f.paths())
	}
}

func TestTokenSourceKeepsAValidTokenWhenAnEarlyRenewalFails(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	s := newSource(t, f, TokenSourceOptions{})
	first := mustToken(t, s)
	f.sim.Faults.FailWith(http.StatusServiceUnavailable, "", 0)
	f.clock.Advance(22 * time.Hour)
	if tok := mustToken(t, s); tok != first {
		t.Fatal("the still-valid token was not served when renewal failed")
	}
	h := s.Health()
	if h.ConsecutiveFailures != 1 || h.LastError == "" || !h.LastErrorAt.Equal(f.clock.Now()) || !h.ValidUntil.Equal(t0.Add(24*time.Hour)) || h.LastKind != "issued" {
		t.Fatalf("health %+v", h)
	}
	assertNoLeak(t, "Health.LastError", h.LastError, first)

	// Right after a failure the service is left alone for a while.
	sent := len(f.paths())
	f.clock.Advance(29 * time.Second)
	if tok := mustToken(t, s); tok != first || len(f.paths()) != sent {
		t.Fatalf("retried within the pause: %v", f.paths()[sent:])
	}
	f.sim.Faults.Clear()
	f.clock.Advance(time.Second)
	if tok := mustToken(t, s); tok == first || !f.sim.ValidAccess(tok) {
		t.Fatal("not renewed after the pause")
	}
	if h := s.Health(); h.ConsecutiveFailures != 0 || h.LastKind != "refreshed" || h.LastError == "" {
		t.Fatalf("health after recovery %+v: want failures reset, last error kept", h)
	}
}

func TestTokenSourceRenewsAnExpiredTokenAtOnceEvenAfterAFailure(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	s := newSource(t, f, TokenSourceOptions{RetryAfterFailure: time.Hour})
	first := mustToken(t, s)
	f.sim.Faults.FailWith(http.StatusServiceUnavailable, "", 0)
	f.clock.Advance(24*time.Hour - time.Minute)
	if tok := mustToken(t, s); tok != first {
		t.Fatal("valid token not served")
	}
	f.sim.Faults.Clear()
	f.clock.Advance(time.Minute) // expired, well within the hour's pause
	if tok := mustToken(t, s); tok == first || !f.sim.ValidAccess(tok) {
		t.Fatal("an expired token was not renewed at once")
	}
}

func TestTokenSourceReportsWhyNoTokenCanBeHad(t *testing.T) {
	f := newFixture(t, nil, nil, "Wrong-S3cret-Value")
	s := newSource(t, f, TokenSourceOptions{})
	for want := 1; want <= 2; want++ {
		_, err := s.Token(context.Background())
		if !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("err = %v, want ErrInvalidCredentials", err)
		}
		if h := s.Health(); h.ConsecutiveFailures != want || h.LastError == "" || !h.ValidUntil.IsZero() {
			t.Fatalf("health %+v", h)
		}
	}
	if err := s.Ping(context.Background()); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("Ping: %v", err)
	}
	assertNoLeak(t, "Health.LastError", s.Health().LastError, "Wrong-S3cret-Value")
}

func TestTokenSourceUnavailableServiceIsReportedAsUnavailable(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	f.sim.Faults.Drop(0)
	s := newSource(t, f, TokenSourceOptions{})
	if _, err := s.Token(context.Background()); !errors.Is(err, httpx.ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	assertNoLeak(t, "Health.LastError", s.Health().LastError)
}

func TestTokenSourceAcceptsTheCode1000RefreshVariant(t *testing.T) {
	f := newFixture(t, func(o *simhiveauth.Options) { o.RefreshCode = 1000 }, nil, "")
	s := newSource(t, f, TokenSourceOptions{})
	first := mustToken(t, s)
	f.clock.Advance(22 * time.Hour)
	if tok := mustToken(t, s); tok == first || s.Health().LastKind != "refreshed" || f.sim.Issued() != 1 {
		t.Fatalf("code 1000 refresh not used: health %+v, issued %d", s.Health(), f.sim.Issued())
	}
}

func TestTokenSourcePingCostsNoRequestWhileFresh(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	s := newSource(t, f, TokenSourceOptions{})
	for range 3 {
		if err := s.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.paths()); n != 1 {
		t.Fatalf("%d requests for three pings", n)
	}
}

func TestCloseEndsARenewalInProgress(t *testing.T) {
	arrived := make(chan struct{}, 10)
	hold := func(h http.Handler) http.Handler { // the service takes the request and never answers
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body) // the server notices a client hanging up only once the body is read
			arrived <- struct{}{}
			<-r.Context().Done()
		})
	}
	f := newFixture(t, nil, hold, "")
	ts := NewTokenSource(f.client, TokenSourceOptions{Now: f.clock.Now})
	got := make(chan error, 1)
	go func() {
		_, err := ts.Token(context.Background())
		got <- err
	}()
	<-arrived
	ts.Close() // returns only once the renewal has ended
	if err := <-got; err == nil {
		t.Fatal("a caller waiting for the cut-off renewal got a token")
	}
}
