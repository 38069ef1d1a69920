package hiveauth

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pitboss/apiclients/internal/httpx"
	simhiveauth "pitboss/sim/hiveauth"
)

func TestIssueSendsTheDocumentedRequestAndReadsExpiriesFromTheTokens(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	tokens, err := f.client.Issue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	req, ok := f.sim.Recorder.Last()
	if !ok {
		t.Fatal("no request recorded")
	}
	if req.Method != http.MethodPost || req.Path != "/v2/auth-token" || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("sent %s %s Content-Type %q", req.Method, req.Path, req.Header.Get("Content-Type"))
	}
	if want := `{"id":"` + testID + `","secretKey":"` + testSecret + `"}`; string(req.Body) != want {
		t.Errorf("body %s, want %s", req.Body, want)
	}
	if !f.sim.ValidAccess(tokens.Access) || tokens.Refresh == "" {
		t.Fatalf("tokens not usable: %v", tokens)
	}
	if !tokens.AccessExpiry.Equal(t0.Add(24*time.Hour)) || !tokens.RefreshExpiry.Equal(t0.Add(7*24*time.Hour)) || !tokens.IssuedAt.Equal(t0) {
		t.Fatalf("expiries %v / %v issued %v", tokens.AccessExpiry, tokens.RefreshExpiry, tokens.IssuedAt)
	}
}

func TestRefreshSendsTheTokenAsBearerWithNoBody(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	first, err := f.client.Issue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	second, err := f.client.Refresh(context.Background(), first.Refresh)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := f.sim.Recorder.Last()
	if req.Method != http.MethodPost || req.Path != "/v2/refresh-token" || req.Header.Get("Authorization") != "Bearer "+first.Refresh || len(req.Body) != 0 {
		t.Fatalf("sent %s %s Authorization %q body %q", req.Method, req.Path, req.Header.Get("Authorization"), req.Body)
	}
	if second.Access == first.Access || !f.sim.ValidAccess(second.Access) || !second.AccessExpiry.Equal(t0.Add(25*time.Hour)) {
		t.Fatalf("refreshed tokens %v", second)
	}
}

func TestRefreshTokenIsSpentByUse(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	first, err := f.client.Issue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.Refresh(context.Background(), first.Refresh); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.Refresh(context.Background(), first.Refresh)
	if !errors.Is(err, ErrTokenExpired) || errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("reused refresh token: err = %v, want ErrTokenExpired", err)
	}
	assertNoLeak(t, "error", err.Error(), first.Refresh)
}

func TestRefreshWithExpiredTokenIsTokenExpired(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	first, err := f.client.Issue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(7 * 24 * time.Hour)
	_, err = f.client.Refresh(context.Background(), first.Refresh)
	var apiErr *APIError
	if !errors.Is(err, ErrTokenExpired) || !errors.As(err, &apiErr) || apiErr.HTTPStatus != 401 || apiErr.Code != 401 || apiErr.Message != "expired token" {
		t.Fatalf("err = %v (%+v)", err, apiErr)
	}
	if f.count(pathRefreshToken) != 1 {
		t.Fatalf("a refused refresh was retried: %v", f.paths())
	}
}

func TestRefreshWithoutATokenIsRefusedWithoutARequest(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	if _, err := f.client.Refresh(context.Background(), ""); err == nil {
		t.Fatal("want an error")
	}
	if n := len(f.paths()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

func TestIssueWithWrongSecretIsInvalidCredentials(t *testing.T) {
	f := newFixture(t, nil, nil, "Wrong-S3cret-Value")
	_, err := f.client.Issue(context.Background())
	var apiErr *APIError
	if !errors.Is(err, ErrInvalidCredentials) || errors.Is(err, ErrTokenExpired) || errors.Is(err, httpx.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrInvalidCredentials only", err)
	}
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 401 || apiErr.Code != 401 || apiErr.Message != "invalid id or secretKey" {
		t.Fatalf("APIError %+v", apiErr)
	}
	assertNoLeak(t, "error", err.Error(), "Wrong-S3cret-Value")
}

func TestRefreshAnsweredWithCode1000SuccessIsAccepted(t *testing.T) {
	f := newFixture(t, func(o *simhiveauth.Options) { o.RefreshCode = 1000 }, nil, "")
	first, err := f.client.Issue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.client.Refresh(context.Background(), first.Refresh)
	if err != nil {
		t.Fatalf("code 1000 success refused: %v", err)
	}
	if !f.sim.ValidAccess(second.Access) {
		t.Fatal("refreshed access token not valid")
	}
}

func TestNonZeroCodeOnHTTP200IsAnAPIError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"code":5001,"message":"system maintenance","data":null}`))
	}))
	defer srv.Close()
	c := mustNew(t, srv.URL, testSecret, nil)
	_, err := c.Issue(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != 5001 || apiErr.HTTPStatus != 200 || apiErr.Message != "system maintenance" || apiErr.Endpoint != pathAuthToken {
		t.Fatalf("err = %v (%+v)", err, apiErr)
	}
	if errors.Is(err, ErrInvalidCredentials) || errors.Is(err, httpx.ErrUnavailable) {
		t.Fatalf("err %v matches a sentinel it should not", err)
	}
}

func TestServerErrorsAreRetriedThenSucceed(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	f.sim.Faults.FailWith(http.StatusBadGateway, "", 2)
	tokens, err := f.client.Issue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if f.count(pathAuthToken) != 3 || f.sim.Issued() != 1 || !f.sim.ValidAccess(tokens.Access) {
		t.Fatalf("requests %v, issued %d", f.paths(), f.sim.Issued())
	}
}

func TestServerErrorOnEveryAttemptIsUnavailable(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	f.sim.Faults.FailWith(http.StatusServiceUnavailable, "", 0)
	_, err := f.client.Issue(context.Background())
	var apiErr *APIError
	if !errors.Is(err, httpx.ErrUnavailable) || !errors.As(err, &apiErr) || apiErr.HTTPStatus != 503 {
		t.Fatalf("err = %v", err)
	}
	var bodyErr *httpx.BodyError
	if !errors.As(err, &bodyErr) {
		t.Fatalf("the nginx page is not kept as a BodyError: %v", err)
	}
	if f.count(pathAuthToken) != 3 {
		t.Fatalf("requests %v, want 3 attempts", f.paths())
	}
}

func TestDroppedConnectionIsUnavailable(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	f.sim.Faults.Drop(0)
	_, err := f.client.Issue(context.Background())
	if !errors.Is(err, httpx.ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	assertNoLeak(t, "error", err.Error())
}

func TestMalformedAnswerIsABodyError(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	f.sim.Faults.Malform(1)
	_, err := f.client.Issue(context.Background())
	var bodyErr *httpx.BodyError
	if !errors.As(err, &bodyErr) || bodyErr.Status != 200 {
		t.Fatalf("err = %v", err)
	}
}

func TestNewRefusesMissingCredentialsAndBadURLs(t *testing.T) {
	cases := map[string]Options{
		"no id":           {SecretKey: "k"},
		"no secret":       {ID: "i"},
		"relative url":    {ID: "i", SecretKey: "k", BaseURL: "/v2"},
		"ftp url":         {ID: "i", SecretKey: "k", BaseURL: "ftp://bc-platform-auth.withhive.com"},
		"no host":         {ID: "i", SecretKey: "k", BaseURL: "https://"},
		"unparsable url":  {ID: "i", SecretKey: "k", BaseURL: "http://[::1"},
		"scheme-less url": {ID: "i", SecretKey: "k", BaseURL: "bc-platform-auth.withhive.com"},
	}
	for name, opts := range cases {
		if _, err := New(opts); err == nil {
			t.Errorf("%s: New accepted %+v", name, opts)
		}
	}
	c, err := New(Options{ID: "i", SecretKey: "k"})
	if err != nil || c.base != DefaultURL {
		t.Fatalf("defaults: %v, base %q", err, c.base)
	}
	c, err = New(Options{ID: "i", SecretKey: "k", BaseURL: "https://sandbox-bc-platform-auth.withhive.com/"})
	if err != nil || c.base != "https://sandbox-bc-platform-auth.withhive.com" {
		t.Fatalf("sandbox: %v, base %q", err, c.base)
	}
}

func TestPingIssuesATokenAndReportsRefusal(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	if err := f.client.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if f.sim.Issued() != 1 {
		t.Fatalf("issued %d", f.sim.Issued())
	}
	bad := mustNew(t, f.url, "not-the-secret", nil)
	if err := bad.Ping(context.Background()); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("err = %v", err)
	}
}

func TestErrorsCarryNoCredentialOrToken(t *testing.T) {
	f := newFixture(t, nil, nil, "")
	good, err := f.client.Issue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	echo := `{"code":500,"message":"failed for ` + testID + ` with ` + testSecret + ` and ` + good.Refresh + `","data":null}`
	truncated := `{"code":0,"message":"success","data":{"accessToken":"` + good.Access[:60]
	echoSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == pathRefreshToken {
			w.Write([]byte(truncated))
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(echo))
	}))
	defer echoSrv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close()

	calls := map[string]func() error{
		"5xx echoing the credentials": func() error {
			_, err := mustNew(t, echoSrv.URL, testSecret, nil).Issue(context.Background())
			return err
		},
		"truncated success answer": func() error {
			_, err := mustNew(t, echoSrv.URL, testSecret, nil).Refresh(context.Background(), good.Refresh)
			return err
		},
		"connection refused on issue": func() error { _, err := mustNew(t, refused, testSecret, nil).Issue(context.Background()); return err },
		"connection refused on refresh": func() error {
			_, err := mustNew(t, refused, testSecret, nil).Refresh(context.Background(), good.Refresh)
			return err
		},
		"dropped connection": func() error {
			f.sim.Faults.Drop(0)
			defer f.sim.Faults.Clear()
			_, err := f.client.Issue(context.Background())
			return err
		},
		"refused refresh": func() error { _, err := f.client.Refresh(context.Background(), good.Access); return err },
		"wrong secret":    func() error { _, err := mustNew(t, f.url, testSecret+"x", nil).Issue(context.Background()); return err },
	}
	for name, call := range calls {
		err := call()
		if err == nil {
			t.Errorf("%s: want an error", name)
			continue
		}
		assertNoLeak(t, name, err.Error(), good.Access, good.Refresh)
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			assertNoLeak(t, name+" (APIError.Message)", apiErr.Message, good.Access, good.Refresh)
		}
		var bodyErr *httpx.BodyError
		if errors.As(err, &bodyErr) {
			assertNoLeak(t, name+" (BodyError.Snippet)", bodyErr.Snippet, good.Access, good.Refresh)
		}
	}
}

func TestTokensPrintWithoutTheirValues(t *testing.T) {
	tokens := Tokens{Access: "eyJaccess.x.y", Refresh: "eyJrefresh.x.y", AccessExpiry: t0, RefreshExpiry: t0}
	for _, s := range []string{tokens.String(), tokens.GoString()} {
		if strings.Contains(s, "eyJ") || !strings.Contains(s, "2026-03-14T09:00:00Z") {
			t.Fatalf("printed %s", s)
		}
	}
}
