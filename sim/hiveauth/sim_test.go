package hiveauth

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pitboss/sim/simhttp"
)

var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

const (
	testID     = "com.com2us.c2xwallet.global.normal"
	testSecret = "s3cr3t-key"
)

func newTestSim(t *testing.T, mutate ...func(*Options)) (*Sim, *simhttp.Clock) {
	t.Helper()
	clock := simhttp.NewClock(t0)
	opts := Options{ID: testID, SecretKey: testSecret, Now: clock.Now}
	for _, m := range mutate {
		m(&opts)
	}
	return New(opts), clock
}

type answer struct {
	Status  int
	Code    int
	Message string
	Data    *tokenPair
	Raw     string
}

func do(t *testing.T, s *Sim, method, path, contentType, authorization, body string) answer {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	a := answer{Status: rec.Code, Raw: rec.Body.String()}
	var env struct {
		Code    int        `json:"code"`
		Message string     `json:"message"`
		Data    *tokenPair `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil {
		t.Fatalf("%s %s: answer is not JSON: %q", method, path, a.Raw)
	}
	a.Code, a.Message, a.Data = env.Code, env.Message, env.Data
	return a
}

func issue(t *testing.T, s *Sim) tokenPair {
	t.Helper()
	a := do(t, s, http.MethodPost, "/v2/auth-token", "application/json", "", `{"id":"`+testID+`","secretKey":"`+testSecret+`"}`)
	if a.Status != http.StatusOK || a.Code != 0 || a.Message != "success" || a.Data == nil {
		t.Fatalf("auth-token: %+v", a)
	}
	return *a.Data
}

func refresh(t *testing.T, s *Sim, authorization string) answer {
	t.Helper()
	return do(t, s, http.MethodPost, "/v2/refresh-token", "", authorization, "")
}

// payload decodes a JWT's claims without checking anything, as a client would.
func payload(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	out := map[string]any{}
	for i, part := range parts[:2] {
		raw, err := base64.RawURLEncoding.DecodeString(part)
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		for k, v := range m {
			if i == 0 {
				k = "header." + k
			}
			out[k] = v
		}
	}
	return out
}

func TestAuthTokenIssuesHS256TokensWithTheDocumentedClaims(t *testing.T) {
	s, _ := newTestSim(t)
	pair := issue(t, s)
	acc, ref := payload(t, pair.AccessToken), payload(t, pair.RefreshToken)
	for name, c := range map[string]map[string]any{"access": acc, "refresh": ref} {
		if c["header.alg"] != "HS256" || c["header.typ"] != "JWT" {
			t.Errorf("%s header: %v %v", name, c["header.alg"], c["header.typ"])
		}
		if c["id"] != testID || c["role"] != "operator" || c["address"] != DefaultAddress {
			t.Errorf("%s claims: %v", name, c)
		}
		if c["iat"] != float64(t0.Unix()) {
			t.Errorf("%s iat %v, want %d", name, c["iat"], t0.Unix())
		}
	}
	if acc["exp"] != float64(t0.Add(24*time.Hour).Unix()) {
		t.Errorf("access exp %v, want now+24h", acc["exp"])
	}
	if ref["exp"] != float64(t0.Add(7*24*time.Hour).Unix()) {
		t.Errorf("refresh exp %v, want now+7d", ref["exp"])
	}
	if !s.ValidAccess(pair.AccessToken) || s.Issued() != 1 || s.Refreshed() != 0 {
		t.Fatalf("valid %v issued %d refreshed %d", s.ValidAccess(pair.AccessToken), s.Issued(), s.Refreshed())
	}
}

func TestAuthTokenTTLsFollowOptions(t *testing.T) {
	s, _ := newTestSim(t, func(o *Options) { o.AccessTTL, o.RefreshTTL = time.Minute, time.Hour })
	pair := issue(t, s)
	if exp := payload(t, pair.AccessToken)["exp"]; exp != float64(t0.Add(time.Minute).Unix()) {
		t.Errorf("access exp %v", exp)
	}
	if exp := payload(t, pair.RefreshToken)["exp"]; exp != float64(t0.Add(time.Hour).Unix()) {
		t.Errorf("refresh exp %v", exp)
	}
}

func TestAuthTokenWithWrongCredentialsIs401(t *testing.T) {
	s, _ := newTestSim(t)
	for _, body := range []string{
		`{"id":"` + testID + `","secretKey":"wrong"}`,
		`{"id":"someone.else","secretKey":"` + testSecret + `"}`,
	} {
		a := do(t, s, http.MethodPost, "/v2/auth-token", "application/json", "", body)
		if a.Status != 401 || a.Code != 401 || a.Message != "invalid id or secretKey" || a.Data != nil {
			t.Errorf("%s: %+v", body, a)
		}
		if !strings.Contains(a.Raw, `"data":null`) {
			t.Errorf("data is not null: %s", a.Raw)
		}
	}
	if s.Issued() != 0 {
		t.Fatalf("issued %d", s.Issued())
	}
}

func TestAuthTokenWithBadBodyIs400(t *testing.T) {
	s, _ := newTestSim(t)
	for _, body := range []string{``, `{"id":`, `not json`, `{"id":"` + testID + `"}`, `{"secretKey":"x"}`, `{"id":1,"secretKey":"x"}`, `{"id":"","secretKey":""}`} {
		a := do(t, s, http.MethodPost, "/v2/auth-token", "application/json", "", body)
		if a.Status != 400 || a.Code != 400 || a.Message == "" || a.Data != nil {
			t.Errorf("%q: %+v", body, a)
		}
	}
}

func TestAuthTokenRefusesOtherMethodsAndContentTypes(t *testing.T) {
	s, _ := newTestSim(t)
	if a := do(t, s, http.MethodGet, "/v2/auth-token", "", "", ""); a.Status != 405 || a.Code != 405 {
		t.Errorf("GET: %+v", a)
	}
	body := `{"id":"` + testID + `","secretKey":"` + testSecret + `"}`
	if a := do(t, s, http.MethodPost, "/v2/auth-token", "application/x-www-form-urlencoded", "", body); a.Status != 415 {
		t.Errorf("form content type: %+v", a)
	}
	if a := do(t, s, http.MethodPost, "/v2/auth-token", "application/json; charset=utf-8", "", body); a.Status != 200 {
		t.Errorf("json with charset: %+v", a)
	}
}

func TestRefreshRotatesThePairAndSpendsTheOldRefreshToken(t *testing.T) {
	s, clock := newTestSim(t)
	first := issue(t, s)
	clock.Advance(time.Hour)
	a := refresh(t, s, "Bearer "+first.RefreshToken)
	if a.Status != 200 || a.Code != 0 || a.Message != "success" || a.Data == nil {
		t.Fatalf("refresh: %+v", a)
	}
	second := *a.Data
	if second.AccessToken == first.AccessToken || second.RefreshToken == first.RefreshToken {
		t.Fatal("refresh returned the same tokens")
	}
	if exp := payload(t, second.AccessToken)["exp"]; exp != float64(t0.Add(25*time.Hour).Unix()) {
		t.Errorf("new access exp %v, want from the refresh time", exp)
	}
	if again := refresh(t, s, "Bearer "+first.RefreshToken); again.Status != 401 || again.Code != 401 || again.Message != "expired token" {
		t.Errorf("reused refresh token: %+v", again)
	}
	if !s.ValidAccess(first.AccessToken) || !s.ValidAccess(second.AccessToken) {
		t.Error("an unexpired access token stopped being valid after the refresh")
	}
	if s.ValidRefresh(first.RefreshToken) || !s.ValidRefresh(second.RefreshToken) {
		t.Error("rotation did not move validity to the new refresh token")
	}
	if s.Issued() != 1 || s.Refreshed() != 1 {
		t.Fatalf("issued %d refreshed %d", s.Issued(), s.Refreshed())
	}
}

func TestRefreshAcceptsTheBareToken(t *testing.T) {
	s, _ := newTestSim(t)
	pair := issue(t, s)
	if a := refresh(t, s, pair.RefreshToken); a.Status != 200 || a.Data == nil {
		t.Fatalf("bare token: %+v", a)
	}
}

func TestRefreshRefusesBadTokensWith401ExpiredToken(t *testing.T) {
	s, clock := newTestSim(t)
	pair := issue(t, s)
	other, _ := newTestSim(t)
	foreign := issue(t, other)
	parts := strings.Split(pair.RefreshToken, ".")
	forgedClaims := base64.RawURLEncoding.EncodeToString([]byte(`{"id":"x","role":"operator","iat":1,"exp":99999999999,"jti":"2"}`))
	noneAlg := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	cases := map[string]string{
		"missing header":          "",
		"garbage":                 "Bearer not-a-token",
		"access token":            "Bearer " + pair.AccessToken,
		"other simulator's token": "Bearer " + foreign.RefreshToken,
		"tampered claims":         "Bearer " + parts[0] + "." + forgedClaims + "." + parts[2],
		"alg none":                "Bearer " + noneAlg + "." + parts[1] + ".",
	}
	for name, auth := range cases {
		a := refresh(t, s, auth)
		if a.Status != 401 || a.Code != 401 || a.Message != "expired token" || a.Data != nil {
			t.Errorf("%s: %+v", name, a)
		}
	}
	clock.Advance(7 * 24 * time.Hour)
	if a := refresh(t, s, "Bearer "+pair.RefreshToken); a.Status != 401 || a.Message != "expired token" {
		t.Errorf("expired refresh token: %+v", a)
	}
	if s.Refreshed() != 0 {
		t.Fatalf("refreshed %d", s.Refreshed())
	}
}

func TestRefreshCodeOptionEmulatesTheDocumentedSample(t *testing.T) {
	s, _ := newTestSim(t, func(o *Options) { o.RefreshCode = 1000 })
	pair := issue(t, s) // auth-token keeps code 0: only the refresh sample shows 1000
	a := refresh(t, s, "Bearer "+pair.RefreshToken)
	if a.Status != 200 || a.Code != 1000 || a.Message != "success" || a.Data == nil {
		t.Fatalf("refresh: %+v", a)
	}
}

func TestRevokedRefreshTokenIsRefusedButAccessStaysValid(t *testing.T) {
	s, _ := newTestSim(t)
	pair := issue(t, s)
	s.RevokeRefreshTokens()
	if a := refresh(t, s, "Bearer "+pair.RefreshToken); a.Status != 401 {
		t.Fatalf("revoked refresh: %+v", a)
	}
	if !s.ValidAccess(pair.AccessToken) {
		t.Fatal("revoking refresh tokens invalidated the access token")
	}
}

func TestValidAccessChecksSignatureKindAndExpiry(t *testing.T) {
	s, clock := newTestSim(t)
	pair := issue(t, s)
	other, _ := newTestSim(t)
	foreign := issue(t, other)
	tampered := pair.AccessToken[:len(pair.AccessToken)-2] + "AA"
	if s.ValidAccess(foreign.AccessToken) || s.ValidAccess(tampered) || s.ValidAccess(pair.RefreshToken) || s.ValidAccess("") {
		t.Fatal("accepted a token it did not issue as access")
	}
	clock.Advance(24*time.Hour - time.Second)
	if !s.ValidAccess(pair.AccessToken) {
		t.Fatal("access token invalid before its exp")
	}
	clock.Advance(time.Second)
	if s.ValidAccess(pair.AccessToken) {
		t.Fatal("access token valid at its exp")
	}
}

func TestUnknownPathIs404(t *testing.T) {
	s, _ := newTestSim(t)
	if a := do(t, s, http.MethodPost, "/v1/auth-token", "application/json", "", `{}`); a.Status != 404 || a.Code != 404 {
		t.Fatalf("%+v", a)
	}
}

func TestDemoAcceptsDemoCredentialsWithShortTTLs(t *testing.T) {
	clock := simhttp.NewClock(t0)
	s := Demo(clock.Now)
	a := do(t, s, http.MethodPost, "/v2/auth-token", "application/json", "", `{"id":"`+DemoID+`","secretKey":"`+DemoSecretKey+`"}`)
	if a.Status != 200 || a.Data == nil {
		t.Fatalf("demo auth-token: %+v", a)
	}
	if exp := payload(t, a.Data.AccessToken)["exp"]; exp != float64(t0.Add(10*time.Minute).Unix()) {
		t.Errorf("demo access exp %v, want now+10m", exp)
	}
	if exp := payload(t, a.Data.RefreshToken)["exp"]; exp != float64(t0.Add(time.Hour).Unix()) {
		t.Errorf("demo refresh exp %v, want now+1h", exp)
	}
}

func TestServedOverLoopbackWithRecorderAndFaults(t *testing.T) {
	s, _ := newTestSim(t)
	srv, err := simhttp.Serve(s)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s.Faults.FailWith(http.StatusServiceUnavailable, "", 1)
	post := func() *http.Response {
		t.Helper()
		resp, err := http.Post(srv.URL+"/v2/auth-token", "application/json", strings.NewReader(`{"id":"`+testID+`","secretKey":"`+testSecret+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := post(); resp.StatusCode != 503 {
		t.Fatalf("fault: HTTP %d", resp.StatusCode)
	}
	if resp := post(); resp.StatusCode != 200 {
		t.Fatalf("after fault: HTTP %d", resp.StatusCode)
	}
	reqs := s.Recorder.Requests()
	if len(reqs) != 2 || reqs[1].Path != "/v2/auth-token" || !strings.Contains(string(reqs[1].Body), testSecret) || !reqs[1].At.Equal(t0) {
		t.Fatalf("recorded %+v", reqs)
	}
	if s.Issued() != 1 {
		t.Fatalf("issued %d, want only the request that passed the fault", s.Issued())
	}
}

// FuzzAuthTokenBody feeds arbitrary bodies to auth-token: the simulator must never panic and must answer
// one of its documented statuses with a JSON envelope.
func FuzzAuthTokenBody(f *testing.F) {
	for _, seed := range []string{`{"id":"test","secretKey":"1234"}`, `{"id":"` + testID + `","secretKey":"` + testSecret + `"}`, `{`, ``, `null`, `[]`, `{"id":null,"secretKey":null}`} {
		f.Add(seed)
	}
	s := New(Options{ID: testID, SecretKey: testSecret, Now: func() time.Time { return t0 }})
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/v2/auth-token", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 400, 401:
		default:
			t.Fatalf("HTTP %d for %q", rec.Code, body)
		}
		var env envelope
		if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || (rec.Code == 200) != (env.Data != nil) {
			t.Fatalf("HTTP %d body %q", rec.Code, rec.Body.String())
		}
	})
}

// FuzzRefreshAuthorization feeds arbitrary Authorization values to refresh-token: no panic, and nothing
// but a token this simulator issued is ever accepted.
func FuzzRefreshAuthorization(f *testing.F) {
	for _, seed := range []string{"Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6InRlc3QifQ.sig", "", "Bearer ", "bearer a.b.c", "a.b.c.d", ".."} {
		f.Add(seed)
	}
	s := New(Options{ID: testID, SecretKey: testSecret, Now: func() time.Time { return t0 }})
	f.Fuzz(func(t *testing.T, auth string) {
		req := httptest.NewRequest(http.MethodPost, "/v2/refresh-token", nil)
		req.Header["Authorization"] = []string{auth}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 401 {
			t.Fatalf("HTTP %d for Authorization %q", rec.Code, auth)
		}
	})
}
