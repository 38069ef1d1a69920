// Package coinhive simulates the Coinhive HTTP API (https://api.coinhive.com, dead since March 2019) for
// pitboss's tests and demo mode: users with hashes to withdraw, one-shot tokens, shortlinks, and site and
// payout statistics whose hourly history follows the injected clock.
//
// It answers as reference section D describes: every answer is JSON with a boolean success; API errors
// come back with HTTP 200 (the official PHP class could not have read them otherwise) and an unknown path
// with HTTP 404 and not_found.
package coinhive

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
	"time"

	"pitboss/sim/simhttp"
)

// Options configures a simulated Coinhive site.
type Options struct {
	// Secret is the site's secret key; every call must carry it as the secret parameter.
	Secret string
	// Now is the clock for token expiry, shortlink and statistics; nil means time.Now.
	Now func() time.Time
	// SiteName is returned as name by /stats/site; empty leaves the property out.
	SiteName string
}

// Sim is a simulated Coinhive site. It is an http.Handler and safe for concurrent use.
type Sim struct {
	// Recorder holds every request received, for tests that assert on the exact bytes sent.
	Recorder *simhttp.Recorder
	// Faults injects transport failures in front of the API.
	Faults *simhttp.Faults

	secret   string
	now      func() time.Time
	siteName string
	handler  http.Handler

	mu     sync.Mutex
	users  map[string]*account
	tokens map[string]*token
	links  map[string]Link // by shortlink URL
	site   site
	payout Payout
}

// New returns a site with no users, no tokens and a hashrate of 0 until SetHashrate.
func New(opts Options) *Sim {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Sim{
		Recorder: &simhttp.Recorder{Now: now},
		Faults:   &simhttp.Faults{},
		secret:   opts.Secret,
		now:      now,
		siteName: opts.SiteName,
		users:    map[string]*account{},
		tokens:   map[string]*token{},
		links:    map[string]Link{},
		site:     newSite(now(), 0, func(time.Time) float64 { return 0 }),
		payout:   defaultPayout,
	}
	s.handler = s.Recorder.Wrap(s.Faults.Wrap(http.HandlerFunc(s.serveAPI)))
	return s
}

// ServeHTTP answers one API call.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// The error strings are the wire values of the documented errors, misspelling included.
const (
	errInvalidSecret    = "invalid_secret"
	errBadRequest       = "bad_request"
	errWrongMethod      = "wrong_method"
	errNotFound         = "not_found"
	errMissingInput     = "missing_input"
	errInvalidToken     = "invalid_token"
	errUnknownUser      = "unknown_user"
	errInvalidAmount    = "invalid_amount"
	errInsufficentFunds = "insufficent_funds"
	errInvalidPage      = "invalid_page"
	errInvalidURL       = "invalid_url"
)

// apiError is a handler's refusal; it is sent as {"success":false,"error":code} with HTTP 200.
type apiError string

// reply is a handler's successful answer; success:true is added when it is sent.
type reply map[string]any

// endpoint is one documented API call. post marks the calls the doc lists as POST: a GET to them is
// wrong_method. The GET calls also take a POST, as the npm client sends every call that way.
type endpoint struct {
	post  bool
	serve func(s *Sim, p url.Values, now time.Time) (reply, apiError)
}

var endpoints = map[string]endpoint{
	"/token/verify":   {post: true, serve: (*Sim).verifyToken},
	"/user/balance":   {serve: (*Sim).balance},
	"/user/withdraw":  {post: true, serve: (*Sim).withdraw},
	"/user/top":       {serve: (*Sim).top},
	"/user/list":      {serve: (*Sim).list},
	"/user/reset":     {post: true, serve: (*Sim).reset},
	"/user/reset-all": {post: true, serve: (*Sim).resetAll},
	"/link/create":    {post: true, serve: (*Sim).createLink},
	"/stats/payout":   {serve: (*Sim).payoutStats},
	"/stats/site":     {serve: (*Sim).siteStats},
	"/stats/history":  {serve: (*Sim).history},
}

// serveAPI checks, in order, the path, the method, the form and the secret, then runs the endpoint
// under the state lock.
func (s *Sim) serveAPI(w http.ResponseWriter, r *http.Request) {
	ep, ok := endpoints[r.URL.Path]
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{"success": false, "error": errNotFound})
		return
	}
	switch r.Method {
	case http.MethodPost:
	case http.MethodGet, http.MethodHead:
		if ep.post {
			fail(w, errWrongMethod)
			return
		}
	default:
		if ep.post {
			fail(w, errWrongMethod)
		} else {
			fail(w, errBadRequest)
		}
		return
	}
	// ParseForm reads the query and, for a form-encoded POST, the body (which wins on a clash).
	if err := r.ParseForm(); err != nil {
		fail(w, errBadRequest)
		return
	}
	if s.secret == "" || r.Form.Get("secret") != s.secret {
		fail(w, errInvalidSecret)
		return
	}
	s.mu.Lock()
	body, apiErr := ep.serve(s, r.Form, s.now())
	s.mu.Unlock()
	if apiErr != "" {
		fail(w, apiErr)
		return
	}
	out := map[string]any{"success": true}
	for k, v := range body {
		out[k] = v
	}
	writeJSON(w, http.StatusOK, out)
}

func fail(w http.ResponseWriter, code apiError) {
	writeJSON(w, http.StatusOK, map[string]any{"success": false, "error": string(code)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"success":false,"error":"internal_error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
