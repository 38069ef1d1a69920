package hiveos

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestV2RefusesCallsWithoutAValidToken(t *testing.T) {
	fx := startV2(t, nil)
	for name, a := range map[string]v2answer{
		"no token":    fx.call(t, http.MethodGet, "/farms", "", ""),
		"wrong token": fx.call(t, http.MethodGet, "/farms", "", "nope"),
		"check":       fx.call(t, http.MethodGet, "/auth/check", "", "nope"),
		"a command":   fx.call(t, http.MethodPost, "/farms/1/workers/10256/command", `{"command":"reboot"}`, ""),
	} {
		if a.status != http.StatusUnauthorized || a.raw != `{"message":"Unauthenticated.","code":401}` {
			t.Errorf("%s: %d %s", name, a.status, a.raw)
		}
	}
	if a := fx.call(t, http.MethodGet, "/auth/check", "", v2Token); a.status != http.StatusNoContent || a.raw != "" {
		t.Fatalf("check with the token: %d %q", a.status, a.raw)
	}
	if a := fx.call(t, http.MethodGet, "/farms?token="+v2Token, "", ""); a.status != http.StatusOK {
		t.Fatalf("?token=: %d %s", a.status, a.raw)
	}
	if len(fx.sim.Recorder.Requests()) != 6 {
		t.Fatalf("recorded %d requests, want 6", len(fx.sim.Recorder.Requests()))
	}
}

func TestV2LoginIssuesABearerTokenFromABodyOrTheQuery(t *testing.T) {
	fx := startV2(t, nil)
	a := fx.call(t, http.MethodPost, "/auth/login", `{"login":"`+v2Login+`","password":"`+v2Password+`"}`, "")
	tok, _ := a.body["access_token"].(string)
	if a.status != http.StatusOK || tok == "" || a.body["token_type"] != "bearer" || a.body["expires_in"] != float64(86400) {
		t.Fatalf("login: %d %s", a.status, a.raw)
	}
	if fx.call(t, http.MethodGet, "/farms", "", tok).status != http.StatusOK {
		t.Fatal("the login token is not accepted")
	}
	q := "/auth/login?login=" + strings.ReplaceAll(v2Login, "@", "%40") + "&password=s3cret+pass&remember=1"
	if a := fx.call(t, http.MethodPost, q, "", ""); a.status != http.StatusOK || a.body["expires_in"] != float64(2592000) {
		t.Fatalf("login in the query, remembered: %d %s", a.status, a.raw)
	}
	wantV2Error(t, fx.call(t, http.MethodPost, "/auth/login", `{"login":"`+v2Login+`","password":"wrong"}`, ""),
		422, "The given data was invalid.", 0, "login")
	wantV2Error(t, fx.call(t, http.MethodPost, "/auth/login", `{}`, ""), 422, "The given data was invalid.", 0, "password")
	wantV2Error(t, fx.call(t, http.MethodPost, "/auth/login", `{"login":`, ""), 422, "The given data was invalid.", 0, "login")
}

func TestV2LoginAsksForTheSecurityCodeWhenTheAccountHasTwoFA(t *testing.T) {
	fx := startV2(t, func(o *OptionsV2) { o.TwoFA = v2Code })
	creds := `"login":"` + v2Login + `","password":"` + v2Password + `"`
	a := fx.call(t, http.MethodPost, "/auth/login", "{"+creds+"}", "")
	if a.status != http.StatusForbidden || a.raw != `{"message":"Security code is required","code":403003}` {
		t.Fatalf("no code: %d %s", a.status, a.raw)
	}
	wantV2Error(t, fx.call(t, http.MethodPost, "/auth/login", "{"+creds+`,"twofa_code":"000000"}`, ""), 422, "The given data was invalid.", 0, "twofa_code")
	if a := fx.call(t, http.MethodPost, "/auth/login", "{"+creds+`,"twofa_code":"`+v2Code+`"}`, ""); a.status != http.StatusOK {
		t.Fatalf("with the code: %d %s", a.status, a.raw)
	}
	req, _ := http.NewRequest(http.MethodPost, fx.url+"/auth/login", strings.NewReader("{"+creds+"}"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Security-Code", v2Code)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("code in X-Security-Code: %d", resp.StatusCode)
	}
}

func TestV2RefreshRotatesTheTokenAndLoginTokensExpire(t *testing.T) {
	fx := startV2(t, func(o *OptionsV2) { o.LoginTTL = time.Hour })
	login := fx.call(t, http.MethodPost, "/auth/login", `{"login":"`+v2Login+`","password":"`+v2Password+`"}`, "")
	first := login.body["access_token"].(string)
	if login.body["expires_in"] != float64(3600) {
		t.Fatalf("login %s", login.raw)
	}
	refresh := fx.call(t, http.MethodPost, "/auth/refresh", "", first)
	second, _ := refresh.body["access_token"].(string)
	if refresh.status != http.StatusOK || second == "" || second == first {
		t.Fatalf("refresh: %d %s", refresh.status, refresh.raw)
	}
	if fx.call(t, http.MethodGet, "/auth/check", "", first).status != http.StatusUnauthorized ||
		fx.call(t, http.MethodGet, "/auth/check", "", second).status != http.StatusNoContent {
		t.Fatal("the refresh did not replace the token")
	}
	fx.clock.Advance(time.Hour)
	if fx.call(t, http.MethodGet, "/auth/check", "", second).status != http.StatusUnauthorized {
		t.Fatal("the token outlived its expires_in")
	}
	if fx.call(t, http.MethodGet, "/auth/check", "", v2Token).status != http.StatusNoContent {
		t.Fatal("the personal token expired")
	}
}

func TestV2LogoutEndsTheTokenButNotThePersonalOne(t *testing.T) {
	fx := startV2(t, nil)
	tok := fx.call(t, http.MethodPost, "/auth/login", `{"login":"`+v2Login+`","password":"`+v2Password+`"}`, "").body["access_token"].(string)
	if a := fx.call(t, http.MethodPost, "/auth/logout", "", tok); a.status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", a.status, a.raw)
	}
	if fx.call(t, http.MethodGet, "/farms", "", tok).status != http.StatusUnauthorized {
		t.Fatal("the token outlived its logout")
	}
	fx.call(t, http.MethodPost, "/auth/logout", "", v2Token)
	if fx.call(t, http.MethodGet, "/farms", "", v2Token).status != http.StatusOK {
		t.Fatal("logging out ended the personal token")
	}
}

func TestV2WithoutLoginCredentialsEveryLoginIsRefused(t *testing.T) {
	fx := startV2(t, func(o *OptionsV2) { o.Login, o.Password = "", "" })
	wantV2Error(t, fx.call(t, http.MethodPost, "/auth/login", `{"login":"","password":""}`, ""), 422, "The given data was invalid.", 0, "login")
	wantV2Error(t, fx.call(t, http.MethodPost, "/auth/login", `{"login":"a","password":"b"}`, ""), 422, "The given data was invalid.", 0, "login")
}
