package hiveos2

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
	"pitboss/sim/simhttp"
)

const (
	testToken    = "personal-token-0123456789abcdef0123456789abcdef"
	testLogin    = "miner@example.org"
	testPassword = "correct horse battery staple"
	testTwoFA    = "246810"

	farmA = 7001 // four rigs of 3–6 GPUs
	farmB = 7002 // two rigs of 2 GPUs
)

var t0 = time.Date(2024, 3, 6, 12, 0, 0, 0, time.UTC)

type fixture struct {
	sim    *simhiveos.SimV2
	clock  *simhttp.Clock
	client *Client
	url    string // the API's base URL

	mu     sync.Mutex
	waited []time.Duration // the client's backoffs, in order
}

// setup serves a v2 simulator of two farms over loopback HTTP and returns a client for it in token mode.
// The client's backoffs move the simulator's clock instead of sleeping. simOpts and clientOpts, when
// given, adjust the options before use.
func setup(t *testing.T, simOpts func(*simhiveos.OptionsV2), clientOpts func(*Options)) *fixture {
	t.Helper()
	clk := simhttp.NewClock(t0)
	so := simhiveos.OptionsV2{Token: testToken, Login: testLogin, Password: testPassword, Now: clk.Now,
		Farms: []simhiveos.FarmSpec{
			{ID: farmA, Name: "Farm <A> & co", Farm: farm.New(farm.Options{Rigs: 4, GPUsPerRig: 3, MaxGPUsPerRig: 6, Seed: 11, Start: t0})},
			{ID: farmB, Name: "Farm B", Farm: farm.New(farm.Options{Rigs: 2, GPUsPerRig: 2, Seed: 12, Start: t0, RedTemp: 75}),
				RedMemTemp: 95, WorkerRed: map[string]simhiveos.RedLimits{"10257": {Temp: 70}}},
		}}
	if simOpts != nil {
		simOpts(&so)
	}
	sim := simhiveos.NewV2(so)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	fx := &fixture{sim: sim, clock: clk, url: srv.URL + simhiveos.PathV2}
	co := Options{BaseURL: fx.url, Token: testToken, Timeout: 5 * time.Second, Now: clk.Now}
	if clientOpts != nil {
		clientOpts(&co)
	}
	fx.client = fx.newClient(t, co)
	return fx
}

// newClient makes a client whose backoffs are recorded and move the clock.
func (fx *fixture) newClient(t *testing.T, o Options) *Client {
	t.Helper()
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	c.http.Sleep = func(_ context.Context, d time.Duration) error {
		fx.mu.Lock()
		fx.waited = append(fx.waited, d)
		fx.mu.Unlock()
		fx.clock.Advance(d)
		return nil
	}
	t.Cleanup(c.Close)
	return c
}

// loginMode makes the client log in with the account's login and password instead of a token.
func loginMode(o *Options) {
	o.Token, o.Login, o.Password = "", testLogin, testPassword
}

// requests lists what reached the simulator, as "METHOD path" (faulted requests included).
func (fx *fixture) requests() []string {
	var out []string
	for _, r := range fx.sim.Recorder.Requests() {
		out = append(out, r.Method+" "+strings.TrimPrefix(r.Path, simhiveos.PathV2))
	}
	return out
}

// count is how many requests reached path with method.
func (fx *fixture) count(method, path string) int {
	n := 0
	for _, r := range fx.requests() {
		if r == method+" "+path {
			n++
		}
	}
	return n
}

// lastToken is the Bearer token of the last request that carried one.
func (fx *fixture) lastToken() string {
	reqs := fx.sim.Recorder.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if tok, found := strings.CutPrefix(reqs[i].Header.Get("Authorization"), "Bearer "); found {
			return tok
		}
	}
	return ""
}

// raw sends one request to the simulator as it is, for what the client would never send.
func (fx *fixture) raw(t *testing.T, method, path, token string) int {
	t.Helper()
	req, err := http.NewRequest(method, fx.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// workerID is the id of a rig of a farm of the fixture.
func (fx *fixture) workerID(t *testing.T, farmID int64, rigID string) int64 {
	t.Helper()
	id := fx.sim.WorkerID(farmID, rigID)
	if id == 0 {
		t.Fatalf("no rig %s in farm %d", rigID, farmID)
	}
	return id
}

// assertNoSecret fails when err is nil or its text shows a credential or a token, even the first 12
// characters of one.
func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error")
	}
	for _, s := range append([]string{testToken, testLogin, testPassword}, secrets...) {
		if len(s) >= 12 && strings.Contains(err.Error(), s[:12]) {
			t.Fatalf("error shows a secret %.6s…: %v", s, err)
		}
	}
}

func near(a, b, tolerance float64) bool { return a-b <= tolerance && b-a <= tolerance }
