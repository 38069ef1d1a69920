package viabtc

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"pitboss/sim/simhttp"
)

const (
	testKey    = "16289e05354c3c3814b8f3045950395f"
	testSecret = "d186ababcb0eb1f6af5c1519424f462b84c631f86c06309992ae1f15604668b0"
)

// start is a fixed moment: 2024-03-10 12:00:00 UTC (20:00 in Beijing).
var start = time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)

type fixture struct {
	sim   *Sim
	clock *simhttp.Clock
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	clock := simhttp.NewClock(start)
	if opts.APIKey == "" {
		opts.APIKey, opts.SecretKey = testKey, testSecret
	}
	opts.Now = clock.Now
	return &fixture{sim: New(opts), clock: clock}
}

// answer is a decoded reply: its status, envelope code and the raw JSON of the whole body.
type answer struct {
	status int
	code   int
	data   json.RawMessage
	top    map[string]json.RawMessage
	raw    string
}

func sign(secret, payload string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(payload))
	return hex.EncodeToString(m.Sum(nil))
}

func (f *fixture) tonce() string { return strconv.FormatInt(f.clock.Now().UnixMilli(), 10) }

// do sends one request with the test key (and a signature over the exact query or body when sig is
// "sign"; sig is sent as is otherwise).
func (f *fixture) do(t *testing.T, method, path, rawQuery, body, sig string) answer {
	t.Helper()
	target := BasePath + path
	if rawQuery != "" {
		target += "?" + rawQuery
	}
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("X-API-KEY", testKey)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	if sig == "sign" {
		payload := rawQuery
		if method == http.MethodPost {
			payload = body
		}
		sig = sign(testSecret, payload)
	}
	if sig != "" {
		req.Header.Set("X-SIGNATURE", sig)
	}
	return serve(t, f.sim, req)
}

func serve(t *testing.T, h http.Handler, req *http.Request) answer {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := answer{status: rec.Code, raw: rec.Body.String()}
	if err := json.Unmarshal(rec.Body.Bytes(), &a.top); err != nil {
		return a
	}
	_ = json.Unmarshal(a.top["code"], &a.code)
	a.data = a.top["data"]
	return a
}

func (f *fixture) get(t *testing.T, path, rawQuery string) answer {
	t.Helper()
	return f.do(t, http.MethodGet, path, rawQuery, "", "")
}

func wantCode(t *testing.T, a answer, code int) {
	t.Helper()
	if a.code != code || a.status != http.StatusOK {
		t.Fatalf("got HTTP %d code %d, want HTTP 200 code %d: %s", a.status, a.code, code, a.raw)
	}
	if code != 0 && string(a.data) != "null" {
		t.Fatalf("error answer has data %s, want null", a.data)
	}
	if code != 0 && a.top["message"] == nil {
		t.Fatalf("error answer has no message: %s", a.raw)
	}
}

func decode[T any](t *testing.T, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return v
}

func simFault502() simhttp.Fault { return simhttp.Fault{Kind: simhttp.Status, Status: 502, Times: 1} }
