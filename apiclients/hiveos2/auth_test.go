package hiveos2

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	simhiveos "pitboss/sim/hiveos"
)

func TestWrongPersonalTokenIsUnauthenticatedAndNotResent(t *testing.T) {
	fx := setup(t, nil, func(o *Options) { o.Token = "not-the-token-at-all-0123456789" })
	_, err := fx.client.Farms(context.Background())
	var api *APIError
	if !errors.Is(err, ErrUnauthenticated) || !errors.As(err, &api) || api.Message != "Unauthenticated." || api.Code != 401 {
		t.Fatalf("err %v, want ErrUnauthenticated", err)
	}
	if n := len(fx.requests()); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
	if err := fx.client.Ping(context.Background()); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("Ping: %v", err)
	}
	assertNoSecret(t, err, "not-the-token-at-all-0123456789")
}

func TestLoginModeLogsInOnceForConcurrentCallers(t *testing.T) {
	fx := setup(t, nil, loginMode)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := fx.client.Farms(context.Background())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	req := fx.sim.Recorder.Requests()[0]
	var body map[string]string
	if err := json.Unmarshal(req.Body, &body); err != nil || body["login"] != testLogin || body["password"] != testPassword ||
		req.Header.Get("Authorization") != "" {
		t.Fatalf("login sent %s with headers %v", req.Body, req.Header)
	}
	if fx.count("POST", "/auth/login") != 1 || fx.count("GET", "/farms") != 8 || strings.HasPrefix(fx.lastToken(), testToken[:8]) {
		t.Fatalf("requests %v, want one login for 8 calls", fx.requests())
	}
}

func TestTwoFACodeIsAskedForOnlyWhenTheServiceWantsIt(t *testing.T) {
	var asked atomic.Int32
	twoFA := func(context.Context) (string, error) { asked.Add(1); return " " + testTwoFA + "\n", nil }
	fx := setup(t, func(o *simhiveos.OptionsV2) { o.TwoFA = testTwoFA }, func(o *Options) { loginMode(o); o.TwoFA = twoFA })
	if _, err := fx.client.Farms(context.Background()); err != nil {
		t.Fatal(err)
	}
	logins := fx.sim.Recorder.Requests()[:2]
	if asked.Load() != 1 || fx.count("POST", "/auth/login") != 2 || strings.Contains(string(logins[0].Body), "twofa_code") ||
		!strings.Contains(string(logins[1].Body), `"twofa_code":"`+testTwoFA+`"`) {
		t.Fatalf("asked %d times; requests %v; bodies %s / %s", asked.Load(), fx.requests(), logins[0].Body, logins[1].Body)
	}

	plain := setup(t, nil, func(o *Options) { loginMode(o); o.TwoFA = twoFA })
	if _, err := plain.client.Farms(context.Background()); err != nil || asked.Load() != 1 {
		t.Fatalf("an account without 2FA: asked %d times, %v", asked.Load(), err)
	}
}

func TestTwoFAFailures(t *testing.T) {
	for name, c := range map[string]struct {
		twoFA func(context.Context) (string, error)
		want  []error
	}{
		"no way to get a code": {nil, []error{ErrTwoFARequired, ErrForbidden}},
		"wrong code":           {func(context.Context) (string, error) { return "000000", nil }, []error{ErrValidation}},
		"no code to be had": {func(context.Context) (string, error) { return "", errors.New("nobody answered") },
			[]error{ErrTwoFARequired}},
	} {
		t.Run(name, func(t *testing.T) {
			fx := setup(t, func(o *simhiveos.OptionsV2) { o.TwoFA = testTwoFA }, func(o *Options) { loginMode(o); o.TwoFA = c.twoFA })
			_, err := fx.client.Farms(context.Background())
			for _, want := range c.want {
				if !errors.Is(err, want) {
					t.Fatalf("err %v, want %v", err, want)
				}
			}
			if fx.count("GET", "/farms") != 0 {
				t.Fatalf("requests %v: no call without a token", fx.requests())
			}
			assertNoSecret(t, err, testTwoFA)
		})
	}
}

func TestWrongPasswordIsAValidationErrorOnLogin(t *testing.T) {
	fx := setup(t, nil, func(o *Options) { loginMode(o); o.Password = "hunter2-but-longer" })
	_, err := fx.client.Wallets(context.Background(), farmA)
	var api *APIError
	if !errors.Is(err, ErrValidation) || !errors.As(err, &api) || len(api.Fields["login"]) != 1 {
		t.Fatalf("err %v, want a 422 on login", err)
	}
	assertNoSecret(t, err, "hunter2-but-longer")
	if fx.count("POST", "/auth/login") != 1 {
		t.Fatalf("requests %v: a refused login is not retried", fx.requests())
	}
}

func TestTokenIsRefreshedBeforeItExpiresAndTheOldOneDropped(t *testing.T) {
	fx := setup(t, func(o *simhiveos.OptionsV2) { o.LoginTTL = time.Hour }, loginMode)
	ctx := context.Background()
	if _, err := fx.client.Farms(ctx); err != nil {
		t.Fatal(err)
	}
	first := fx.lastToken()
	fx.clock.Advance(50 * time.Minute) // before the renewal window (the last 6 minutes)
	if _, err := fx.client.Farms(ctx); err != nil || fx.count("POST", "/auth/refresh") != 0 {
		t.Fatalf("early refresh: %v %v", fx.requests(), err)
	}
	fx.clock.Advance(5 * time.Minute)
	if _, err := fx.client.Farms(ctx); err != nil {
		t.Fatal(err)
	}
	second := fx.lastToken()
	if fx.count("POST", "/auth/refresh") != 1 || fx.count("POST", "/auth/login") != 1 || second == first {
		t.Fatalf("requests %v: want one refresh and the new token used", fx.requests())
	}
	if fx.raw(t, http.MethodGet, "/auth/check", first) != http.StatusUnauthorized || fx.raw(t, http.MethodGet, "/auth/check", second) != http.StatusNoContent {
		t.Fatal("the refresh did not rotate the token")
	}
}

func TestFailedRefreshFallsBackToAFreshLogin(t *testing.T) {
	fx := setup(t, func(o *simhiveos.OptionsV2) { o.LoginTTL = time.Hour }, loginMode)
	ctx := context.Background()
	if _, err := fx.client.Farms(ctx); err != nil {
		t.Fatal(err)
	}
	if fx.raw(t, http.MethodPost, "/auth/logout", fx.lastToken()) != http.StatusNoContent {
		t.Fatal("logout failed")
	}
	fx.clock.Advance(55 * time.Minute)
	if _, err := fx.client.Farms(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{"POST /auth/login", "GET /farms", "POST /auth/logout", "POST /auth/refresh", "POST /auth/login", "GET /farms"}
	if got := fx.requests(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("requests %v, want %v", got, want)
	}
}

func TestRevokedTokenMeansAFreshLoginForReadsButNotForWrites(t *testing.T) {
	fx := setup(t, nil, loginMode)
	ctx := context.Background()
	if _, err := fx.client.Farms(ctx); err != nil {
		t.Fatal(err)
	}
	fx.raw(t, http.MethodPost, "/auth/logout", fx.lastToken())
	fx.sim.Recorder.Reset()
	if _, err := fx.client.Command(ctx, farmA, []int64{10256}, Reboot()); !errors.Is(err, ErrUnauthenticated) || errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("command with a revoked token: %v", err)
	}
	if got := strings.Join(fx.requests(), ","); got != "POST /farms/7001/workers/command" {
		t.Fatalf("requests %s: a refused command must not be sent again", got)
	}
	if _, err := fx.client.Farms(ctx); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(fx.requests()[1:], ","); got != "POST /auth/login,GET /farms" {
		t.Fatalf("requests %s, want a fresh login then the read", got)
	}
	fx.raw(t, http.MethodPost, "/auth/logout", fx.lastToken())
	fx.sim.Recorder.Reset()
	if _, err := fx.client.Farms(ctx); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(fx.requests(), ","); got != "GET /farms,POST /auth/login,GET /farms" {
		t.Fatalf("requests %s, want the refused read sent once more after a login", got)
	}
}

func TestCloseEndsARenewalWaitingForA2FACode(t *testing.T) {
	asked := make(chan struct{})
	twoFA := func(ctx context.Context) (string, error) {
		close(asked)
		<-ctx.Done() // nobody answers
		return "", ctx.Err()
	}
	fx := setup(t, func(o *simhiveos.OptionsV2) { o.TwoFA = testTwoFA }, func(o *Options) { loginMode(o); o.TwoFA = twoFA })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := fx.client.Farms(ctx)
		done <- err
	}()
	<-asked
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want the caller's cancellation", err)
	}
	fx.client.Close() // returns once the renewal has given up
}

func TestErrorsNeverShowCredentialsOrTokens(t *testing.T) {
	// echo plays a hostile or buggy service that repeats what it was sent in its answers.
	echo := func(status int, asJSON bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			said := r.Header.Get("Authorization") + " " + string(b)
			w.WriteHeader(status)
			if asJSON {
				msg, _ := json.Marshal(said)
				_, _ = w.Write([]byte(`{"message":` + string(msg) + `,"errors":{"login":[` + string(msg) + `]}}`))
				return
			}
			_, _ = w.Write([]byte("<html>" + said + "</html>"))
		}
	}
	for name, h := range map[string]http.HandlerFunc{
		"422 echoing the request":       echo(http.StatusUnprocessableEntity, true),
		"502 page echoing the request":  echo(http.StatusBadGateway, false),
		"200 page echoing the request":  echo(http.StatusOK, false),
		"login answer cut inside token": func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"access_token":"` + testToken)) },
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			for _, o := range []Options{{Token: testToken}, {Login: testLogin, Password: testPassword}} {
				o.BaseURL, o.RetryBase = srv.URL+"/"+testToken, time.Millisecond
				c, err := New(o)
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.Command(context.Background(), 1, []int64{2}, Exec("uptime"))
				assertNoSecret(t, err)
				_, err = c.Farms(context.Background())
				assertNoSecret(t, err)
				c.Close()
			}
		})
	}
}
