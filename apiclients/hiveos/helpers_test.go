package hiveos

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pitboss/sim/simhttp"

	"pitboss/sim/farm"
	simhiveos "pitboss/sim/hiveos"
)

const (
	testPublic = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
	testSecret = "5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5ec5"
)

var t0 = time.Date(2018, 3, 6, 12, 0, 0, 0, time.UTC)

type fixture struct {
	sim    *simhiveos.Sim
	farm   *farm.Farm
	clock  *simhttp.Clock
	client *Client
	url    string
}

// setup serves a simulator over loopback HTTP and returns a client for it. simOpts and clientOpts, when
// given, adjust the options before use.
func setup(t *testing.T, simOpts func(*simhiveos.Options), clientOpts func(*Options)) *fixture {
	t.Helper()
	clk := simhttp.NewClock(t0)
	f := farm.New(farm.Options{Rigs: 4, GPUsPerRig: 3, MaxGPUsPerRig: 6, Seed: 11, Start: t0})
	so := simhiveos.Options{PublicKey: testPublic, SecretKey: testSecret, Farm: f, Now: clk.Now}
	if simOpts != nil {
		simOpts(&so)
	}
	sim := simhiveos.New(so)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	co := Options{BaseURL: srv.URL + simhiveos.Path, PublicKey: testPublic, SecretKey: testSecret,
		RetryBase: time.Millisecond, Timeout: 5 * time.Second}
	if clientOpts != nil {
		clientOpts(&co)
	}
	c, err := New(co)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{sim: sim, farm: f, clock: clk, client: c, url: co.BaseURL}
}

func hmacHex(key, body string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(body))
	return hex.EncodeToString(m.Sum(nil))
}

// requests is how many requests reached the simulator (faulted ones included).
func (fx *fixture) requests() int { return len(fx.sim.Recorder.Requests()) }

// assertNoSecret fails when err's text shows a key or a signature, or even the first 16 characters of one.
func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error")
	}
	for _, s := range append([]string{testSecret, testPublic}, secrets...) {
		if len(s) >= 16 && strings.Contains(err.Error(), s[:16]) {
			t.Fatalf("error shows a secret %.8s…: %v", s, err)
		}
	}
}

func ptr[T any](v T) *T { return &v }
