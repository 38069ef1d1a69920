package hiveos

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"pitboss/sim/farm"
	"pitboss/sim/simhttp"
)

const (
	v2Token    = "tok-0123456789abcdef"
	v2Login    = "boss@example.org"
	v2Password = "s3cret pass"
	v2Code     = "135790"
)

type v2fixture struct {
	sim   *SimV2
	clock *simhttp.Clock
	url   string
}

// startV2 serves a v2 simulator of two farms (ids 1 and 2: three rigs of four GPUs, and two of two) on
// loopback; adjust changes the options first.
func startV2(t *testing.T, adjust func(*OptionsV2)) *v2fixture {
	t.Helper()
	clock := simhttp.NewClock(t0)
	opts := OptionsV2{Token: v2Token, Login: v2Login, Password: v2Password, Now: clock.Now,
		Farms: []FarmSpec{
			{ID: 1, Name: "One", Farm: farm.New(farm.Options{Rigs: 3, GPUsPerRig: 4, Seed: 1, Start: t0})},
			{ID: 2, Name: "Two & <more>", Farm: farm.New(farm.Options{Rigs: 2, GPUsPerRig: 2, Seed: 2, Start: t0})},
		}}
	if adjust != nil {
		adjust(&opts)
	}
	s := NewV2(opts)
	srv, err := simhttp.Serve(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &v2fixture{sim: s, clock: clock, url: srv.URL + PathV2}
}

// v2answer is one answer: its status, Retry-After, and body as it came and decoded.
type v2answer struct {
	status     int
	retryAfter string
	raw        string
	body       map[string]any
}

// call sends method path with body (JSON, "" for none) and the Bearer token (none when "").
func (fx *v2fixture) call(t *testing.T, method, path, body, token string) v2answer {
	t.Helper()
	req, err := http.NewRequest(method, fx.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := v2answer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), raw: string(raw)}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &a.body); err != nil {
			t.Fatalf("%s %s answered %d with a body that is not a JSON object: %v: %.300s", method, path, resp.StatusCode, err, raw)
		}
	}
	return a
}

// get is an authenticated GET that must succeed.
func (fx *v2fixture) get(t *testing.T, path string) map[string]any {
	t.Helper()
	a := fx.call(t, http.MethodGet, path, "", v2Token)
	if a.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, a.status, a.raw)
	}
	return a.body
}

// data is a list answer's data, each item an object.
func data(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	list, ok := body["data"].([]any)
	if !ok {
		t.Fatalf("no data list in %v", body)
	}
	out := make([]map[string]any, len(list))
	for i, v := range list {
		out[i] = v.(map[string]any)
	}
	return out
}

// obj and list walk a decoded body.
func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func list(v any) []any         { l, _ := v.([]any); return l }

// wantV2Error fails unless a is status with message, and code or the field's errors when given.
func wantV2Error(t *testing.T, a v2answer, status int, message string, code int, field string) {
	t.Helper()
	if a.status != status || a.body["message"] != message {
		t.Fatalf("got %d %s, want %d %q", a.status, a.raw, status, message)
	}
	if code != 0 && a.body["code"] != float64(code) {
		t.Fatalf("code in %s, want %d", a.raw, code)
	}
	if field != "" && len(list(obj(a.body["errors"])[field])) == 0 {
		t.Fatalf("no errors for %q in %s", field, a.raw)
	}
}
