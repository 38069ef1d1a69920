package viabtc

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// tonceWindow is how far behind the server clock a tonce may be. The Chinese doc: "less than server
// time and within 1 minute of it".
const tonceWindow = time.Minute

// endpoint is one API call: its handler and whether it must be signed.
type endpoint struct {
	fn     func(s *Sim, rq *request) (any, *apiError)
	signed bool
}

// request is what a handler needs: the parameters (query or JSON body, as strings), path values and the
// time of the call.
type request struct {
	http   *http.Request
	params url.Values
	now    time.Time
}

// serve checks the key, the whitelist and (for signed calls) the signature and tonce, then runs e under
// the state lock.
func (s *Sim) serve(e endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		s.mu.Lock()
		defer s.mu.Unlock()
		now := s.now()
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-API-KEY")), []byte(s.apiKey)) != 1 || s.apiKey == "" {
			writeError(w, fail(CodeInvalidAPIKey))
			return
		}
		if s.ipFails {
			e := fail(CodeIPNotAllowed)
			if s.status403 {
				e.status = http.StatusForbidden
			}
			writeError(w, e)
			return
		}
		// The signature covers the exact bytes received: the raw query string of a GET, the raw body of
		// a POST. Nothing is re-encoded before checking.
		signed := []byte(r.URL.RawQuery)
		if r.Method == http.MethodPost {
			signed = body
		}
		if e.signed && !s.validSignature(r.Header.Get("X-SIGNATURE"), signed) {
			writeError(w, fail(CodeSignature))
			return
		}
		params, ok := parseParams(r, body)
		if !ok {
			writeError(w, fail(CodeInvalidArgument))
			return
		}
		if e.signed && !validTonce(params.Get("tonce"), now) {
			writeError(w, fail(CodeInvalidTonce))
			return
		}
		data, aerr := e.fn(s, &request{http: r, params: params, now: now})
		if aerr != nil {
			writeError(w, aerr)
			return
		}
		writeData(w, data)
	})
}

func (s *Sim) validSignature(got string, payload []byte) bool {
	m := hmac.New(sha256.New, []byte(s.secret))
	m.Write(payload)
	want := hex.EncodeToString(m.Sum(nil))
	return got != "" && hmac.Equal([]byte(got), []byte(want))
}

// validTonce wants Unix milliseconds not ahead of now and at most tonceWindow behind it.
func validTonce(v string, now time.Time) bool {
	tonce, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return false
	}
	ms := now.UnixMilli()
	return tonce <= ms && ms-tonce <= tonceWindow.Milliseconds()
}

// parseParams reads the query of a GET, or the JSON object body of a POST, into strings.
func parseParams(r *http.Request, body []byte) (url.Values, bool) {
	if r.Method != http.MethodPost {
		q, err := url.ParseQuery(r.URL.RawQuery)
		return q, err == nil
	}
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return nil, false
	}
	params := url.Values{}
	for k, v := range obj {
		switch v := v.(type) {
		case string:
			params.Set(k, v)
		case json.Number:
			params.Set(k, v.String())
		case bool:
			params.Set(k, strconv.FormatBool(v))
		default:
			return nil, false // nested values are not parameters of any call simulated here
		}
	}
	return params, true
}
