package hiveauth

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"pitboss/apiclients/secret"
	"pitboss/sim/simhttp"

	simhiveauth "pitboss/sim/hiveauth"
)

var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// Distinctive credentials, so a leak into an error is unmistakable.
const (
	testID     = "com.example.pitboss.leakcheck-id"
	testSecret = "Sup3r-S3cret/Key+value"
)

// fixture is a client talking over loopback to a simulator, both on one stopped clock.
type fixture struct {
	sim    *simhiveauth.Sim
	clock  *simhttp.Clock
	client *Client
	url    string
}

// newFixture serves the simulator, optionally behind wrap (to hold or rewrite requests), and builds a
// client for it with the given secret (testSecret when empty).
func newFixture(t *testing.T, simOpts func(*simhiveauth.Options), wrap func(http.Handler) http.Handler, key secret.String) *fixture {
	t.Helper()
	clk := simhttp.NewClock(t0)
	opts := simhiveauth.Options{ID: testID, SecretKey: testSecret, Now: clk.Now}
	if simOpts != nil {
		simOpts(&opts)
	}
	sim := simhiveauth.New(opts)
	var h http.Handler = sim
	if wrap != nil {
		h = wrap(sim)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if key == "" {
		key = testSecret
	}
	return &fixture{sim: sim, clock: clk, client: mustNew(t, srv.URL, key, clk.Now), url: srv.URL}
}

func mustNew(t *testing.T, url string, key secret.String, now func() time.Time) *Client {
	t.Helper()
	c, err := New(Options{BaseURL: url, ID: testID, SecretKey: key, RetryBase: time.Millisecond, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// paths lists the paths of the requests the simulator received, oldest first.
func (f *fixture) paths() []string {
	var out []string
	for _, r := range f.sim.Recorder.Requests() {
		out = append(out, r.Path)
	}
	return out
}

func (f *fixture) count(path string) int {
	n := 0
	for _, p := range f.paths() {
		if p == path {
			n++
		}
	}
	return n
}

// gate holds every refresh-token request until open is called, telling arrived (if not full) when one
// comes in.
type gate struct {
	arrived chan struct{}
	release chan struct{}
	once    sync.Once
}

func newGate() *gate {
	return &gate{arrived: make(chan struct{}, 100), release: make(chan struct{})}
}

func (g *gate) open() { g.once.Do(func() { close(g.release) }) }

// newGatedFixture is newFixture with refresh requests held by a gate, which opens at the latest when the
// test ends (before the server closes, which waits for held requests).
func newGatedFixture(t *testing.T) (*fixture, *gate) {
	t.Helper()
	g := newGate()
	f := newFixture(t, nil, g.wrap, "")
	t.Cleanup(g.open)
	return f, g
}

func (g *gate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == pathRefreshToken {
			select {
			case g.arrived <- struct{}{}:
			default:
			}
			<-g.release
		}
		next.ServeHTTP(w, r)
	})
}

// assertNoLeak fails when s holds a credential, the id/secret request body, or anything token-shaped.
func assertNoLeak(t *testing.T, what, s string, tokens ...string) {
	t.Helper()
	for _, leak := range append([]string{testSecret, testID, `"secretKey"`, "Sup3r-S3cret%2FKey%2Bvalue", "eyJ"}, tokens...) {
		if leak != "" && strings.Contains(s, leak) {
			t.Errorf("%s leaks %q: %s", what, leak, s)
		}
	}
}

// b64 is unpadded base64url, as JWT parts are.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
