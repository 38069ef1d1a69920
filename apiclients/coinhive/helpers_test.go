package coinhive

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"pitboss/apiclients/secret"
	"pitboss/sim/simhttp"

	simcoinhive "pitboss/sim/coinhive"
)

// testSecret is 32 characters like Coinhive's, with characters that URL-encoding changes, so the leak
// tests look for both spellings.
const testSecret = "k3y+/=&?#%:@ lEaK-ME-0123456789x"

// day is a fixed afternoon shortly before Coinhive closed.
var day = time.Date(2019, 2, 24, 14, 30, 0, 0, time.UTC)

type fixture struct {
	sim    *simcoinhive.Sim
	clock  *simhttp.Clock
	url    string
	client *Client
}

// newFixture serves a simulated site over loopback HTTP and returns a client for it.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	clk := simhttp.NewClock(day)
	sim := simcoinhive.New(simcoinhive.Options{Secret: testSecret, Now: clk.Now, SiteName: "example.org"})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return &fixture{sim: sim, clock: clk, url: srv.URL, client: mustClient(t, srv.URL, testSecret)}
}

func mustClient(t *testing.T, baseURL string, key secret.String) *Client {
	t.Helper()
	c, err := New(Options{BaseURL: baseURL, Secret: key, RetryBase: time.Millisecond, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// requests returns how many requests the simulator received.
func (f *fixture) requests() int { return len(f.sim.Recorder.Requests()) }

func ctx(t *testing.T) context.Context { return t.Context() }

// simFault200 answers the next request with HTTP 200 and body, as Coinhive answers its refusals.
func simFault200(body string) simhttp.Fault {
	return simhttp.Fault{Kind: simhttp.Status, Status: 200, Body: body, Times: 1}
}

// newServer serves h over loopback HTTP for the test and returns its URL.
func newServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
