package coinhive

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pitboss/sim/simhttp"
)

// testSecret is a 32-character secret like Coinhive's.
const testSecret = "0123456789abcdefghijklmnopqrstuv"

// day is a fixed afternoon shortly before Coinhive closed.
var day = time.Date(2019, 2, 24, 14, 30, 0, 0, time.UTC)

type fixture struct {
	sim   *Sim
	clock *simhttp.Clock
	url   string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clock := simhttp.NewClock(day)
	s := New(Options{Secret: testSecret, Now: clock.Now, SiteName: "example.org"})
	srv, err := simhttp.Serve(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &fixture{sim: s, clock: clock, url: srv.URL}
}

// answer is a decoded JSON answer; numbers stay json.Number so hash counts compare exactly.
type answer struct {
	status int
	body   map[string]any
}

func (a answer) success() bool { return a.body["success"] == true }

func (a answer) err() string {
	s, _ := a.body["error"].(string)
	return s
}

func (a answer) int(t *testing.T, key string) int64 {
	t.Helper()
	n, ok := a.body[key].(json.Number)
	if !ok {
		t.Fatalf("%s = %#v, want a number in %v", key, a.body[key], a.body)
	}
	v, err := n.Int64()
	if err != nil {
		t.Fatalf("%s = %v: %v", key, n, err)
	}
	return v
}

func (a answer) float(t *testing.T, key string) float64 {
	t.Helper()
	n, ok := a.body[key].(json.Number)
	if !ok {
		t.Fatalf("%s = %#v, want a number in %v", key, a.body[key], a.body)
	}
	v, err := n.Float64()
	if err != nil {
		t.Fatalf("%s = %v: %v", key, n, err)
	}
	return v
}

// users returns the names in a users array.
func (a answer) users(t *testing.T) []string {
	t.Helper()
	list, ok := a.body["users"].([]any)
	if !ok {
		t.Fatalf("users = %#v, want an array", a.body["users"])
	}
	names := []string{}
	for _, u := range list {
		names = append(names, u.(map[string]any)["name"].(string))
	}
	return names
}

// params builds parameters from key, value pairs, with the right secret first unless one is given.
func params(kv ...string) url.Values {
	p := url.Values{"secret": {testSecret}}
	for i := 0; i+1 < len(kv); i += 2 {
		p.Set(kv[i], kv[i+1])
	}
	return p
}

func (f *fixture) get(t *testing.T, path string, p url.Values) answer {
	t.Helper()
	return f.do(t, http.MethodGet, path+"?"+p.Encode(), "")
}

func (f *fixture) post(t *testing.T, path string, p url.Values) answer {
	t.Helper()
	return f.do(t, http.MethodPost, path, p.Encode())
}

func (f *fixture) do(t *testing.T, method, target, form string) answer {
	t.Helper()
	req, err := http.NewRequest(method, f.url+target, strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	if form != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	a := answer{status: resp.StatusCode}
	if err := dec.Decode(&a.body); err != nil {
		t.Fatalf("%s %s: answer %q is not JSON: %v", method, target, raw, err)
	}
	if _, ok := a.body["success"].(bool); !ok {
		t.Fatalf("%s %s: answer %s has no boolean success", method, target, raw)
	}
	return a
}

// wantError asserts a refusal with the documented code and HTTP 200.
func wantError(t *testing.T, a answer, code string) {
	t.Helper()
	if a.success() || a.err() != code || a.status != http.StatusOK {
		t.Fatalf("answer HTTP %d %v, want HTTP 200 success:false error %q", a.status, a.body, code)
	}
}

func wantSuccess(t *testing.T, a answer) {
	t.Helper()
	if !a.success() || a.status != http.StatusOK {
		t.Fatalf("answer HTTP %d %v, want success", a.status, a.body)
	}
}
