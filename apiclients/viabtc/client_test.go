package viabtc

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pitboss/sim/simhttp"

	simviabtc "pitboss/sim/viabtc"
)

// start is a fixed moment: 2024-03-10 12:00:00 UTC.
var start = time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)

type fixture struct {
	sim    *simviabtc.Sim
	clock  *simhttp.Clock
	url    string
	client *Client
}

// newFixture serves a simulator with the doc's sample keys over loopback and points a client at it,
// both on the same stopped clock. edit may change the simulator's options before it starts.
func newFixture(t *testing.T, edit func(*simviabtc.Options)) *fixture {
	t.Helper()
	clock := simhttp.NewClock(start)
	opts := simviabtc.Options{APIKey: docKey, SecretKey: docSecret, Now: clock.Now, Coins: []string{"BTC", "LTC"}}
	if edit != nil {
		edit(&opts)
	}
	f := &fixture{sim: simviabtc.New(opts), clock: clock}
	f.url = serve(t, f.sim) + simviabtc.BasePath
	f.client = f.newClient(t, nil)
	return f
}

// newClient is a client of the fixture's simulator; edit may change its options.
func (f *fixture) newClient(t *testing.T, edit func(*Options)) *Client {
	t.Helper()
	opts := Options{BaseURL: f.url, APIKey: docKey, SecretKey: docSecret, Now: f.clock.Now, RetryBase: time.Millisecond,
		Timeout: 5 * time.Second}
	if edit != nil {
		edit(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sent is one request as the simulator received it.
type sent struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
}

func (f *fixture) last(t *testing.T) sent {
	t.Helper()
	r, ok := f.sim.Recorder.Last()
	if !ok {
		t.Fatal("the simulator received nothing")
	}
	return sent{Method: r.Method, Path: r.Path, RawQuery: r.RawQuery, Header: r.Header, Body: r.Body}
}

func TestNewRefusesMissingCredentialsAndBadURLs(t *testing.T) {
	for name, opts := range map[string]Options{
		"no API key":       {SecretKey: docSecret},
		"no secret key":    {APIKey: docKey},
		"relative URL":     {APIKey: docKey, SecretKey: docSecret, BaseURL: "/res/openapi/v1"},
		"ftp URL":          {APIKey: docKey, SecretKey: docSecret, BaseURL: "ftp://www.viabtc.net/res/openapi/v1"},
		"URL with a query": {APIKey: docKey, SecretKey: docSecret, BaseURL: "https://www.viabtc.net/res/openapi/v1?x=1"},
	} {
		if _, err := New(opts); err == nil {
			t.Errorf("%s: New accepted %+v", name, opts)
		} else if strings.Contains(err.Error(), docSecret) {
			t.Errorf("%s: error leaks the secret: %v", name, err)
		}
	}
	c, err := New(Options{APIKey: docKey, SecretKey: docSecret})
	if err != nil || c.base.String() != DefaultURL {
		t.Fatalf("default URL: %v, %v", c, err)
	}
}

func TestEveryCallSendsTheKeyAndUserAgentButUnsignedOnesNoSignature(t *testing.T) {
	f := newFixture(t, nil)
	f.client = f.newClient(t, func(o *Options) { o.UserAgent = "pitboss-test/1" })
	if err := f.client.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := f.last(t)
	if r.Path != "/res/openapi/v1/account" || r.Header.Get("X-API-KEY") != docKey || r.Header.Get("User-Agent") != "pitboss-test/1" {
		t.Fatalf("sent %s with headers %v", r.Path, r.Header)
	}
	if r.Header.Get("X-SIGNATURE") != "" || strings.Contains(r.RawQuery, "tonce") {
		t.Fatalf("an unsigned call carried a signature or tonce: %q %v", r.RawQuery, r.Header)
	}
}

func TestSubAccountsSignsTheExactQueryStringSent(t *testing.T) {
	f := newFixture(t, nil)
	f.sim.AddSubAccount("sub1")
	f.clock.Advance(1234 * time.Millisecond)
	page, err := f.client.SubAccounts(context.Background(), 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Name != "sub1" || len(page.Items[0].APIKey) != 32 || page.Total != 1 {
		t.Fatalf("sub-accounts %+v", page)
	}
	r := f.last(t)
	if r.Method != http.MethodGet || r.RawQuery != "limit=10&page=1&tonce=1710072001234" {
		t.Fatalf("sent %s ?%s", r.Method, r.RawQuery)
	}
	if got, want := r.Header.Get("X-SIGNATURE"), Sign(docSecret, []byte(r.RawQuery)); got != want {
		t.Fatalf("X-SIGNATURE %q, want Sign over the recorded query %q", got, want)
	}
}

func TestSweepSignsTheExactBodySentAndSettles(t *testing.T) {
	f := newFixture(t, nil)
	f.sim.SetBalance("BTC", "0.00184233")
	f.sim.SetWithdrawAddress("BTC", "bc1qx")
	got, err := f.client.Sweep(context.Background(), "BTC")
	if err != nil {
		t.Fatal(err)
	}
	if got != (SweepResult{Coin: "BTC", Balance: "0.00184233"}) {
		t.Fatalf("sweep %+v", got)
	}
	r := f.last(t)
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" ||
		string(r.Body) != `{"coin":"BTC","tonce":1710072000000}` || r.RawQuery != "" {
		t.Fatalf("sent %s %q ?%q with %v", r.Method, r.Body, r.RawQuery, r.Header)
	}
	if sig, want := r.Header.Get("X-SIGNATURE"), Sign(docSecret, r.Body); sig != want {
		t.Fatalf("X-SIGNATURE %q, want Sign over the recorded body %q", sig, want)
	}
	if f.sim.Balance("BTC") != "0" || len(f.sim.Payments("BTC")) != 1 {
		t.Fatalf("after the sweep: balance %s, %d payments", f.sim.Balance("BTC"), len(f.sim.Payments("BTC")))
	}
}

func TestHistoryQueryIsSentAsTheDocSays(t *testing.T) {
	f := newFixture(t, nil)
	beijing := time.FixedZone("UTC+8", 8*3600)
	q := HistoryQuery{Start: time.Date(2024, 3, 1, 23, 30, 0, 0, beijing), End: time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC),
		UTC: true, Page: 2, Limit: 5}
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"/hashrate/history":       func() error { _, err := f.client.HashrateHistory(ctx, "BTC", q); return err },
		"/profit/history":         func() error { _, err := f.client.ProfitHistory(ctx, "BTC", q); return err },
		"/wallet/payment/history": func() error { _, err := f.client.PaymentHistory(ctx, "BTC", q); return err },
	} {
		if err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := f.last(t)
		if r.Path != simviabtc.BasePath+name || r.RawQuery != "coin=BTC&end_date=2024-03-09&limit=5&page=2&start_date=2024-03-01&utc=true" {
			t.Fatalf("%s: sent %s?%s", name, r.Path, r.RawQuery)
		}
	}
	if _, err := f.client.HashrateHistory(ctx, "BTC", HistoryQuery{}); err != nil {
		t.Fatal(err)
	}
	if r := f.last(t); r.RawQuery != "coin=BTC" {
		t.Fatalf("the zero query sent %q", r.RawQuery)
	}
}

func TestWorkerQueryAndChartParametersAreSent(t *testing.T) {
	f := newFixture(t, nil)
	g := f.sim.AddGroup("BTC", "rack")
	ctx := context.Background()
	if _, err := f.client.Workers(ctx, "BTC", WorkerQuery{GroupID: g, Status: StatusInactive, Page: 1, Limit: 50}); err != nil {
		t.Fatal(err)
	}
	if r := f.last(t); r.RawQuery != "coin=BTC&group_id="+itoa(g)+"&limit=50&page=1&worker_status=unactive" {
		t.Fatalf("workers sent %q", r.RawQuery)
	}
	if _, err := f.client.HashrateChart(ctx, "BTC", IntervalHour, 24); err != nil {
		t.Fatal(err)
	}
	if r := f.last(t); r.RawQuery != "coin=BTC&interval=hour&period=24" {
		t.Fatalf("chart sent %q", r.RawQuery)
	}
}

// serve starts h on loopback for the test and returns its URL.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestARetriedSignedReadIsSignedAfreshEachAttempt(t *testing.T) {
	f := newFixture(t, nil)
	f.sim.Faults.Inject(simhttp.Fault{Kind: simhttp.Status, Status: 502, Times: 1})
	f.client = f.newClient(t, func(o *Options) {
		// Each attempt reads the clock: the retry carries a later tonce.
		o.Now = func() time.Time { f.clock.Advance(700 * time.Millisecond); return f.clock.Now() }
	})
	if _, err := f.client.SubAccounts(context.Background(), 0, 0); err != nil {
		t.Fatal(err)
	}
	reqs := f.sim.Recorder.Requests()
	if len(reqs) != 2 || reqs[0].RawQuery == reqs[1].RawQuery {
		t.Fatalf("%d requests: %+v", len(reqs), reqs)
	}
	for i, r := range reqs {
		if got, want := r.Header.Get("X-SIGNATURE"), Sign(docSecret, []byte(r.RawQuery)); got != want {
			t.Fatalf("attempt %d (?%s): X-SIGNATURE %q, want %q", i+1, r.RawQuery, got, want)
		}
	}
}
