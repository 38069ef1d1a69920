// Package viabtc simulates the ViaBTC pool OpenAPI for tests and demo mode: it checks X-API-KEY on every
// call and X-SIGNATURE with its tonce on the signed ones exactly as the service documents, answers the
// documented error codes, and keeps an account with balances, workers, groups, history and payouts that
// tests can set up and inspect.
package viabtc

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"pitboss/sim/simhttp"
)

// BasePath is where the API lives on the simulator's server, as on the real host: point a client at
// server.URL + BasePath.
const BasePath = "/res/openapi/v1"

// Options configure a Sim.
type Options struct {
	APIKey    string
	SecretKey string
	Now       func() time.Time // nil means time.Now
	// Coins the pool supports; any other coin is answered with code 5001. Empty means BTC only.
	Coins []string
	// IPWhitelistFails makes every call with a valid key fail with code 12004, as when the caller's
	// address is not on the account's whitelist.
	IPWhitelistFails bool
	// WhitelistStatus403 sends that refusal with HTTP 403 instead of 200.
	WhitelistStatus403 bool
}

// Sim is a simulated ViaBTC OpenAPI. It is an http.Handler and is safe for concurrent use.
type Sim struct {
	Recorder *simhttp.Recorder
	Faults   *simhttp.Faults

	apiKey, secret string
	now            func() time.Time
	handler        http.Handler

	mu         sync.Mutex
	ipFails    bool
	status403  bool
	account    accountInfo
	coins      []string // in the order given
	coin       map[string]*coinState
	groups     []*group
	workers    []*worker
	payments   []*payment
	subs       []*subAccount
	observers  []*observer
	nextID     int64
	chartNoise bool // demo: the chart wobbles instead of being flat
}

// New returns a Sim with an empty account: no workers, zero balances, no history.
func New(opts Options) *Sim {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	coins := opts.Coins
	if len(coins) == 0 {
		coins = []string{"BTC"}
	}
	s := &Sim{
		Recorder:  &simhttp.Recorder{Now: now},
		Faults:    &simhttp.Faults{},
		apiKey:    opts.APIKey,
		secret:    opts.SecretKey,
		now:       now,
		ipFails:   opts.IPWhitelistFails,
		status403: opts.WhitelistStatus403,
		coin:      map[string]*coinState{},
		nextID:    1000,
		account: accountInfo{id: 45, name: "pitboss", email: "miner@example.com", countryCode: "1",
			mobile: "5550100", country: "United States", created: now().Add(-400 * 24 * time.Hour)},
	}
	for _, c := range coins {
		c = normCoin(c)
		if _, dup := s.coin[c]; dup {
			continue
		}
		s.coins = append(s.coins, c)
		s.coin[c] = &coinState{balance: "0", pps: "0", pplns: "0", solo: "0"}
	}
	s.handler = s.Recorder.Wrap(s.Faults.Wrap(s.routes()))
	return s
}

// ServeHTTP answers one API request.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Sim) routes() http.Handler {
	mux := http.NewServeMux()
	for pattern, e := range map[string]endpoint{
		"GET /account":                      {fn: (*Sim).getAccount},
		"GET /account/sub":                  {fn: (*Sim).getSubAccounts, signed: true},
		"GET /hashrate":                     {fn: (*Sim).getHashrate},
		"GET /hashrate/history":             {fn: (*Sim).getHashrateHistory},
		"GET /hashrate/chart":               {fn: (*Sim).getChart},
		"GET /hashrate/worker":              {fn: (*Sim).getWorkers},
		"GET /hashrate/worker/{id}":         {fn: (*Sim).getWorker},
		"GET /hashrate/worker/{id}/history": {fn: (*Sim).getWorkerHistory},
		"GET /hashrate/group":               {fn: (*Sim).getGroups},
		"GET /hashrate/group/{id}":          {fn: (*Sim).getGroup},
		"GET /profit":                       {fn: (*Sim).getProfit},
		"GET /profit/history":               {fn: (*Sim).getProfitHistory},
		"GET /wallet/payment/history":       {fn: (*Sim).getPayments},
		"POST /wallet/sweep":                {fn: (*Sim).postSweep, signed: true},
	} {
		method, path, _ := strings.Cut(pattern, " ")
		mux.Handle(method+" "+BasePath+path, s.serve(e))
	}
	return mux
}
