// Package hiveos simulates the legacy Hive OS API ("Ey Pi Ay", reference section A): an HMAC-signed
// form POST answered with JSON-RPC, over a farm model (pitboss/sim/farm) whose rigs drift, overheat and
// drop offline.
//
// Where the real service is undocumented it behaves as the reference's [SIM] notes choose: every answer
// is HTTP 200 except an unknown method (404); a request whose body has no method gets -32601
// "method not given", as forum users saw; a wrong public key or HMAC gets -32600; bad multiRocket
// parameters get -32602.
package hiveos

import (
	"net/http"
	"time"

	"pitboss/sim/farm"
	"pitboss/sim/simhttp"
)

// Path is where the API answers, as on api.hiveos.farm: a client's URL is the server's plus Path.
const Path = "/worker/eypiay.php"

// Options configures a simulator.
type Options struct {
	// PublicKey and SecretKey are the account's API keys; every call must carry the first in the body and
	// an HMAC made with the second.
	PublicKey string
	SecretKey string
	// Farm is the farm the API reports on and multiRocket changes; nil means a default six-rig farm.
	Farm *farm.Farm
	// Now is the clock the farm is read at; nil means time.Now.
	Now func() time.Time
	// OmitRedTemp leaves result.user out of getCurrentStats, as the API did before red_temp was added.
	OmitRedTemp bool
	// PlainNumbers renders GPU temperatures, fans and powers as JSON numbers. The zero value renders them
	// as strings ("61"), as the real rig agent sends them.
	PlainNumbers bool
}

// Sim is the simulated API. It is an http.Handler and safe for concurrent use.
type Sim struct {
	// Recorder keeps every request received (faulted ones too); Faults fails them on demand.
	Recorder *simhttp.Recorder
	Faults   *simhttp.Faults

	opts    Options
	handler http.Handler
}

// New returns a simulator for one account, opts.PublicKey and opts.SecretKey.
func New(opts Options) *Sim {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Farm == nil {
		opts.Farm = farm.New(farm.Options{Start: opts.Now()})
	}
	s := &Sim{Recorder: &simhttp.Recorder{Now: opts.Now}, Faults: &simhttp.Faults{}, opts: opts}
	mux := http.NewServeMux()
	mux.HandleFunc(Path, s.api)
	s.handler = s.Recorder.Wrap(s.Faults.Wrap(mux))
	return s
}

// ServeHTTP answers one request.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Farm is the farm behind the API, for tests and the demo to inject faults into or inspect.
func (s *Sim) Farm() *farm.Farm { return s.opts.Farm }
