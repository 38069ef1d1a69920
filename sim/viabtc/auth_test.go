package viabtc

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestMissingOrWrongAPIKeyIsRefusedWith12001(t *testing.T) {
	f := newFixture(t, Options{})
	for name, key := range map[string]string{"missing": "", "wrong": "00000000000000000000000000000000"} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, BasePath+"/hashrate?coin=BTC", nil)
			if key != "" {
				req.Header.Set("X-API-KEY", key)
			}
			wantCode(t, serve(t, f.sim, req), CodeInvalidAPIKey)
		})
	}
}

func TestUnsignedCallNeedsOnlyTheKey(t *testing.T) {
	f := newFixture(t, Options{})
	wantCode(t, f.get(t, "/hashrate", "coin=BTC"), CodeOK)
}

func TestDocSampleSignaturesAreAccepted(t *testing.T) {
	// The seed's sample keys, tonce and signatures: the clock stands at the sample's tonce.
	f := newFixture(t, Options{})
	f.clock.Set(time.UnixMilli(1513746038205))
	get := f.do(t, http.MethodGet, "/account/sub", "coin=BTC&amount=1.0&tonce=1513746038205", "",
		"4a1c9e4c73629b62fd999cbbcd2bc8b87a07f1791ae61ba576427f820dd3bc59")
	wantCode(t, get, CodeOK)
	post := f.do(t, http.MethodPost, "/wallet/sweep", "", `{"coin": "BTC", "amount": "1.0", "tonce": 1513746038205}`,
		"3a316ba17fd9d8aa33176402ca0f636f3e05cc3c33a85fe4c18a228e84d0e4df")
	wantCode(t, post, CodeOK)
}

func TestSignatureCoversTheExactQueryString(t *testing.T) {
	f := newFixture(t, Options{})
	sent := "page=1&limit=10&tonce=" + f.tonce()
	reordered := "limit=10&page=1&tonce=" + f.tonce()
	wantCode(t, f.do(t, http.MethodGet, "/account/sub", sent, "", sign(testSecret, sent)), CodeOK)
	// The same parameters signed in another order are other bytes: refused.
	wantCode(t, f.do(t, http.MethodGet, "/account/sub", sent, "", sign(testSecret, reordered)), CodeSignature)
	// A signature in upper-case hex is not the one the service computes.
	wantCode(t, f.do(t, http.MethodGet, "/account/sub", sent, "", upper(sign(testSecret, sent))), CodeSignature)
	wantCode(t, f.do(t, http.MethodGet, "/account/sub", sent, "", ""), CodeSignature)
	wantCode(t, f.do(t, http.MethodGet, "/account/sub", sent, "", sign("other-secret", sent)), CodeSignature)
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func TestSignatureCoversTheExactBody(t *testing.T) {
	f := newFixture(t, Options{})
	body := `{"coin": "BTC",   "tonce": ` + f.tonce() + `}`
	compact := `{"coin":"BTC","tonce":` + f.tonce() + `}`
	wantCode(t, f.do(t, http.MethodPost, "/wallet/sweep", "", body, sign(testSecret, compact)), CodeSignature)
	wantCode(t, f.do(t, http.MethodPost, "/wallet/sweep", "", body, sign(testSecret, body)), CodeOK)
}

func TestTonceMustBeRecentAndNotAhead(t *testing.T) {
	f := newFixture(t, Options{})
	now := f.clock.Now().UnixMilli()
	for name, tc := range map[string]struct {
		tonce string
		code  int
	}{
		"now":                  {strconv.FormatInt(now, 10), CodeOK},
		"exactly 60 s old":     {strconv.FormatInt(now-60_000, 10), CodeOK},
		"one ms over 60 s old": {strconv.FormatInt(now-60_001, 10), CodeInvalidTonce},
		"one ms ahead":         {strconv.FormatInt(now+1, 10), CodeInvalidTonce},
		"in seconds":           {strconv.FormatInt(now/1000, 10), CodeInvalidTonce},
		"not a number":         {"soon", CodeInvalidTonce},
		"missing":              {"", CodeInvalidTonce},
	} {
		t.Run(name, func(t *testing.T) {
			q := "page=1"
			if tc.tonce != "" {
				q += "&tonce=" + tc.tonce
			}
			wantCode(t, f.do(t, http.MethodGet, "/account/sub", q, "", "sign"), tc.code)
			body := `{"coin":"BTC","tonce":` + strconv.Quote(tc.tonce) + `}`
			if tc.tonce == "" {
				body = `{"coin":"BTC"}`
			}
			wantCode(t, f.do(t, http.MethodPost, "/wallet/sweep", "", body, "sign"), tc.code)
		})
	}
}

func TestWhitelistRefusalIs12004WithStatus200Or403(t *testing.T) {
	f := newFixture(t, Options{IPWhitelistFails: true})
	wantCode(t, f.get(t, "/account", ""), CodeIPNotAllowed)

	f403 := newFixture(t, Options{IPWhitelistFails: true, WhitelistStatus403: true})
	a := f403.get(t, "/account", "")
	if a.status != http.StatusForbidden || a.code != CodeIPNotAllowed || string(a.data) != "null" {
		t.Fatalf("got HTTP %d %s, want 403 with code 12004 and null data", a.status, a.raw)
	}

	f.sim.SetIPWhitelistFails(false)
	wantCode(t, f.get(t, "/account", ""), CodeOK)
}

func TestWrongKeyIsReportedBeforeTheWhitelist(t *testing.T) {
	f := newFixture(t, Options{IPWhitelistFails: true})
	req := httptest.NewRequest(http.MethodGet, BasePath+"/account", nil)
	req.Header.Set("X-API-KEY", "nope")
	wantCode(t, serve(t, f.sim, req), CodeInvalidAPIKey)
}

func TestPostBodyThatIsNotAJSONObjectIs2(t *testing.T) {
	f := newFixture(t, Options{})
	for _, body := range []string{`coin=BTC`, `["BTC"]`, `{"coin":{"x":1},"tonce":1}`, ``} {
		wantCode(t, f.do(t, http.MethodPost, "/wallet/sweep", "", body, "sign"), CodeInvalidArgument)
	}
}

func TestUnknownPathIs404AndWrongMethodIs405(t *testing.T) {
	f := newFixture(t, Options{})
	if a := f.get(t, "/nope", ""); a.status != http.StatusNotFound {
		t.Fatalf("unknown path: HTTP %d", a.status)
	}
	if a := f.get(t, "/wallet/sweep", ""); a.status != http.StatusMethodNotAllowed {
		t.Fatalf("GET on a POST endpoint: HTTP %d", a.status)
	}
}
