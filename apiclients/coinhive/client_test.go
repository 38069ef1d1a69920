package coinhive

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pitboss/sim/simhttp"
)

func TestNewRefusesEmptySecretAndBadURL(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Fatal("New accepted an empty secret")
	}
	for _, u := range []string{"api.coinhive.com", "ftp://api.coinhive.com", "/relative", "http://", "http://%zz"} {
		if _, err := New(Options{BaseURL: u, Secret: testSecret}); err == nil {
			t.Errorf("New accepted base URL %q", u)
		}
	}
}

func TestNewDefaultsToTheLiveAPI(t *testing.T) {
	c, err := New(Options{Secret: "short"})
	if err != nil {
		t.Fatal(err)
	}
	if c.base.String() != DefaultURL || DefaultURL != "https://api.coinhive.com" {
		t.Fatalf("base %s, want %s", c.base, DefaultURL)
	}
}

func TestPingSucceedsAgainstAWorkingSite(t *testing.T) {
	f := newFixture(t)
	if err := f.client.Ping(ctx(t)); err != nil {
		t.Fatal(err)
	}
	r, _ := f.sim.Recorder.Last()
	if r.Method != http.MethodGet || r.Path != "/stats/site" {
		t.Fatalf("Ping sent %s %s, want GET /stats/site", r.Method, r.Path)
	}
}

func TestPingWithWrongSecretIsErrInvalidSecret(t *testing.T) {
	f := newFixture(t)
	c := mustClient(t, f.url, "0123456789abcdef0123456789abcdef")
	err := c.Ping(ctx(t))
	var apiErr *APIError
	if !errors.Is(err, ErrInvalidSecret) || !errors.As(err, &apiErr) || apiErr.Code != "invalid_secret" {
		t.Fatalf("err = %v, want an *APIError invalid_secret", err)
	}
}

func TestBaseURLWithPathPrefixIsKept(t *testing.T) {
	f := newFixture(t)
	c := mustClient(t, f.url+"/proxy/", testSecret)
	err := c.Ping(ctx(t))
	var apiErr *APIError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound {
		t.Fatalf("err = %v, want not_found with HTTP 404", err)
	}
	if r, _ := f.sim.Recorder.Last(); r.Path != "/proxy/stats/site" {
		t.Fatalf("path %q, want /proxy/stats/site", r.Path)
	}
}

func TestGetsCarryTheSecretInTheQuery(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 4096, 256)
	if _, err := f.client.Balance(ctx(t), "johnd"); err != nil {
		t.Fatal(err)
	}
	r, _ := f.sim.Recorder.Last()
	q, err := url.ParseQuery(r.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != http.MethodGet || r.Path != "/user/balance" || q.Get("secret") != testSecret ||
		q.Get("name") != "johnd" || len(q) != 2 || len(r.Body) != 0 {
		t.Fatalf("sent %s %s?%s body %q", r.Method, r.Path, r.RawQuery, r.Body)
	}
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "pitboss") {
		t.Fatalf("User-Agent %q, want pitboss's", ua)
	}
}

func TestPostsCarryTheSecretInAFormBody(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 8192, 0)
	if _, err := f.client.Withdraw(ctx(t), "johnd", 4096); err != nil {
		t.Fatal(err)
	}
	r, _ := f.sim.Recorder.Last()
	form, err := url.ParseQuery(string(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != http.MethodPost || r.Path != "/user/withdraw" || r.RawQuery != "" ||
		r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Fatalf("sent %s %s?%s with Content-Type %q", r.Method, r.Path, r.RawQuery, r.Header.Get("Content-Type"))
	}
	want := url.Values{"name": {"johnd"}, "amount": {"4096"}, "secret": {testSecret}}
	if form.Encode() != want.Encode() {
		t.Fatalf("form %v, want %v", form, want)
	}
}

func TestEachEndpointUsesTheDocumentedMethod(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 8192, 0)
	tok := f.sim.AddToken("", 2048)
	c := f.client
	calls := []struct {
		method, path string
		run          func() error
	}{
		{"POST", "/token/verify", func() error { _, err := c.VerifyToken(ctx(t), tok, 1024); return err }},
		{"GET", "/user/balance", func() error { _, err := c.Balance(ctx(t), "johnd"); return err }},
		{"POST", "/user/withdraw", func() error { _, err := c.Withdraw(ctx(t), "johnd", 1); return err }},
		{"GET", "/user/top", func() error { _, err := c.Top(ctx(t), 0, ""); return err }},
		{"GET", "/user/list", func() error { _, err := c.List(ctx(t), 0, ""); return err }},
		{"POST", "/user/reset", func() error { return c.Reset(ctx(t), "johnd") }},
		{"POST", "/user/reset-all", func() error { _, err := c.ResetAll(ctx(t)); return err }},
		{"POST", "/link/create", func() error { _, err := c.CreateLink(ctx(t), "https://example.org/", 256); return err }},
		{"GET", "/stats/payout", func() error { _, err := c.PayoutStats(ctx(t)); return err }},
		{"GET", "/stats/site", func() error { _, err := c.SiteStats(ctx(t)); return err }},
		{"GET", "/stats/history", func() error { _, err := c.History(ctx(t), day.Add(-time.Hour), day); return err }},
	}
	for _, call := range calls {
		if err := call.run(); err != nil {
			t.Errorf("%s: %v", call.path, err)
			continue
		}
		if r, _ := f.sim.Recorder.Last(); r.Method != call.method || r.Path != call.path {
			t.Errorf("sent %s %s, want %s %s", r.Method, r.Path, call.method, call.path)
		}
	}
}

func TestReadsAreRetriedOnBadGateway(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 4096, 256)
	f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: http.StatusBadGateway, Times: 2})
	u, err := f.client.Balance(ctx(t), "johnd")
	if err != nil || u.Balance != 3840 {
		t.Fatalf("Balance = %+v, %v after two 502s, want success on the third attempt", u, err)
	}
	if n := f.requests(); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
}

func TestReadFailingEveryAttemptIsErrUnavailable(t *testing.T) {
	f := newFixture(t)
	f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: http.StatusBadGateway})
	_, err := f.client.SiteStats(ctx(t))
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if n := f.requests(); n != 3 {
		t.Fatalf("%d requests, want 3 attempts", n)
	}
}

func TestRefusedConnectionIsErrUnavailable(t *testing.T) {
	c := mustClient(t, closedURL(t), testSecret)
	if err := c.Ping(ctx(t)); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
}

func TestStateChangingCallsAreSentOnceAndReportUnknownOutcome(t *testing.T) {
	for _, fault := range []simhttp.Fault{
		{Kind: simhttp.Status, Status: http.StatusBadGateway},
		{Kind: simhttp.Drop},
	} {
		f := newFixture(t)
		f.sim.AddUser("johnd", 8192, 0)
		tok := f.sim.AddToken("", 2048)
		f.sim.Faults.Inject(fault)
		c := f.client
		for name, run := range map[string]func() error{
			"withdraw":  func() error { _, err := c.Withdraw(ctx(t), "johnd", 1024); return err },
			"reset":     func() error { return c.Reset(ctx(t), "johnd") },
			"reset-all": func() error { _, err := c.ResetAll(ctx(t)); return err },
			"link":      func() error { _, err := c.CreateLink(ctx(t), "https://example.org/", 256); return err },
			"verify":    func() error { _, err := c.VerifyToken(ctx(t), tok, 1024); return err },
		} {
			f.sim.Recorder.Reset()
			err := run()
			if !errors.Is(err, ErrUnknownOutcome) {
				t.Errorf("fault %v, %s: err = %v, want ErrUnknownOutcome", fault.Kind, name, err)
			}
			if n := f.requests(); n != 1 {
				t.Errorf("fault %v, %s: %d requests, want exactly 1", fault.Kind, name, n)
			}
		}
		if u, _ := f.sim.User("johnd"); u.Total != 8192 || u.Withdrawn != 0 {
			t.Errorf("fault %v: the faults reached the site: %+v", fault.Kind, u)
		}
	}
}

func TestMalformedAnswerIsABodyError(t *testing.T) {
	f := newFixture(t)
	f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Malformed, Times: 1})
	_, err := f.client.PayoutStats(ctx(t))
	var apiErr *APIError
	if err == nil || errors.As(err, &apiErr) || errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want a body error that is neither an API error nor unavailable", err)
	}
	if n := f.requests(); n != 1 {
		t.Fatalf("%d requests: a 200 with a broken body is not retried", n)
	}
}

func TestContextCancelStopsTheCall(t *testing.T) {
	f := newFixture(t)
	c, cancel := context.WithCancel(ctx(t))
	cancel()
	if _, err := f.client.SiteStats(c); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable for a cancelled context", err)
	}
}

// TestErrorsNeverContainTheSecret makes a read (whose URL holds the secret) and a write fail in every
// way and reads each error as a log line would.
func TestErrorsNeverContainTheSecret(t *testing.T) {
	echo := "<html>400: GET /user/balance?secret=" + url.QueryEscape(testSecret) + " (" + testSecret + ")</html>"
	failures := []struct {
		name  string
		setup func(f *fixture) *Client
	}{
		{"connection refused", func(f *fixture) *Client { return mustClient(t, closedURL(t), testSecret) }},
		{"dropped connection", func(f *fixture) *Client {
			f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Drop})
			return f.client
		}},
		{"5xx echoing the request", func(f *fixture) *Client {
			f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: 500, Body: echo})
			return f.client
		}},
		{"4xx echoing the request", func(f *fixture) *Client {
			f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: 400, Body: echo})
			return f.client
		}},
		{"malformed body", func(f *fixture) *Client {
			f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Malformed})
			return f.client
		}},
		{"API error", func(f *fixture) *Client { return f.client }}, // johnd does not exist
		{"API error echoing the secret", func(f *fixture) *Client {
			f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: 200,
				Body: `{"success":false,"error":"` + testSecret + `"}`})
			return f.client
		}},
		{"timeout", func(f *fixture) *Client {
			f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Slow, Delay: time.Minute})
			c, err := New(Options{BaseURL: f.url, Secret: testSecret, Timeout: 20 * time.Millisecond, RetryBase: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}},
	}
	for _, fail := range failures {
		t.Run(fail.name, func(t *testing.T) {
			f := newFixture(t)
			c := fail.setup(f)
			_, readErr := c.Balance(ctx(t), "johnd")
			_, writeErr := c.Withdraw(ctx(t), "johnd", 1)
			for _, err := range []error{readErr, writeErr} {
				assertNoSecret(t, err)
			}
		})
	}
}

func assertNoSecret(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("the call succeeded; the test needs it to fail")
	}
	msg := err.Error()
	for _, form := range []string{testSecret, url.QueryEscape(testSecret), url.PathEscape(testSecret)} {
		if strings.Contains(msg, form) {
			t.Fatalf("error leaks the secret: %s", msg)
		}
	}
	// A logger may print the *url.Error on its own.
	var ue *url.Error
	if errors.As(err, &ue) && strings.Contains(ue.Error(), url.QueryEscape(testSecret)) {
		t.Fatalf("*url.Error leaks the secret: %s", ue.Error())
	}
}

// closedURL is the address of a port nothing listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

func TestWithdrawCutOffByTheCallersDeadlineIsUnknownOutcome(t *testing.T) {
	f := newFixture(t)
	f.sim.AddUser("johnd", 8192, 0)
	f.sim.Faults.Delay(time.Hour, 1) // the request arrives; the answer never comes in time
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := f.client.Withdraw(ctx, "johnd", 1024)
	if !errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("err = %v, want ErrUnknownOutcome", err)
	}
	if n := f.requests(); n != 1 {
		t.Fatalf("%d requests, want exactly 1", n)
	}
}
