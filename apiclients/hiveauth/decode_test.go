package hiveauth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// The documented samples (reference E.3 and E.4), verbatim.
const (
	sampleAccess         = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6ImNvbS5jb20ydXMuYzJ4d2FsbGV0Lmdsb2JhbC5ub3JtYWwiLCJyb2xlIjoib3BlcmF0b3IiLCJhZGRyZXNzIjoieHBsYTE5cHdkYTJsdXQ5eGFlZnI4Z3NtZ2t0dXFldzkwc2M1YWpseGhrZyIsImlhdCI6MTY2NzM4MjY5NSwiZXhwIjoxNjY3NDY5MDk1fQ.xRq3ew5GAcn0zEcTEyRAXByjAbhgRQb3aWqaxy_iQ68"
	sampleRefresh        = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6ImNvbS5jb20ydXMuYzJ4d2FsbGV0Lmdsb2JhbC5ub3JtYWwiLCJyb2xlIjoib3BlcmF0b3IiLCJhZGRyZXNzIjoieHBsYTE5cHdkYTJsdXQ5eGFlZnI4Z3NtZ2t0dXFldzkwc2M1YWpseGhrZyIsImlhdCI6MTY2NzM4MjY5NSwiZXhwIjoxNjY3OTg3NDk1fQ.s8dL3tCwdbHUTQnWqAWbDSaGumKF3Jc_aYXVJUp1VxQ"
	sampleIssueAnswer    = `{"code":0,"message":"success","data":{"accessToken":"` + sampleAccess + `","refreshToken":"` + sampleRefresh + `"}}`
	sampleRefreshAccess  = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6ImNvbS5jb20ydXMuYzJ4d2FsbGV0Lmdsb2JhbC5ub3JtYWwiLCJyb2xlIjoib3BlcmF0b3IiLCJhZGRyZXNzIjoieHBsYTE5cHdkYTJsdXQ5eGFlZnI4Z3NtZ2t0dXFldzkwc2M1YWpseGhrZyIsImlhdCI6MTY2NzQ3MTIwMSwiZXhwIjoxNjY3NTU3NjAxfQ.icFnROeEU7RI0FvEdPR5Oa26YqEihwcBN-KT_n_iq_o"
	sampleRefreshRefresh = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6ImNvbS5jb20ydXMuYzJ4d2FsbGV0Lmdsb2JhbC5ub3JtYWwiLCJyb2xlIjoib3BlcmF0b3IiLCJhZGRyZXNzIjoieHBsYTE5cHdkYTJsdXQ5eGFlZnI4Z3NtZ2t0dXFldzkwc2M1YWpseGhrZyIsImlhdCI6MTY2NzQ3MTIwMSwiZXhwIjoxNjY4MDc2MDAxfQ.fclh8qVxLRG0Z1Fn2KRtW7Dmm6KFY5H4jvRSroy-mag"
	sampleRefreshAnswer  = `{"code":1000,"message":"success","data":{"accessToken":"` + sampleRefreshAccess + `","refreshToken":"` + sampleRefreshRefresh + `"}}`
	// noExp is a token whose payload is {"id":"x","iat":1667382695}.
	noExp = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6IngiLCJpYXQiOjE2NjczODI2OTV9.sig"
)

func TestDocumentedSamplesDecodeWithExpiriesFromTheTokens(t *testing.T) {
	cases := []struct {
		name, endpoint, body          string
		access, refresh, iat          int64
		wantAccessTok, wantRefreshTok string
	}{
		{"auth-token sample", pathAuthToken, sampleIssueAnswer, 1667469095, 1667987495, 1667382695, sampleAccess, sampleRefresh},
		{"refresh-token sample (code 1000)", pathRefreshToken, sampleRefreshAnswer, 1667557601, 1668076001, 1667471201, sampleRefreshAccess, sampleRefreshRefresh},
	}
	for _, tc := range cases {
		got, err := decodeTokens(tc.endpoint, 200, []byte(tc.body))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got.Access != tc.wantAccessTok || got.Refresh != tc.wantRefreshTok {
			t.Errorf("%s: wrong tokens", tc.name)
		}
		if got.AccessExpiry.Unix() != tc.access || got.RefreshExpiry.Unix() != tc.refresh || got.IssuedAt.Unix() != tc.iat {
			t.Errorf("%s: %v", tc.name, got)
		}
		if got.AccessExpiry.Sub(got.IssuedAt) != 24*time.Hour {
			t.Errorf("%s: access lifetime %v", tc.name, got.AccessExpiry.Sub(got.IssuedAt))
		}
	}
}

func TestDecodeAcceptsLooseButSuccessfulAnswers(t *testing.T) {
	for name, body := range map[string]string{
		"code as string":           `{"code":"0","message":"success","data":{"accessToken":"` + sampleAccess + `"}}`,
		"1000 with Success":        `{"code":1000,"message":" Success ","data":{"accessToken":"` + sampleAccess + `"}}`,
		"no refresh token":         `{"code":0,"message":"ok","data":{"accessToken":"` + sampleAccess + `"}}`,
		"extra fields":             `{"code":0,"message":"success","traceId":"abc","data":{"accessToken":"` + sampleAccess + `","refreshToken":"` + sampleRefresh + `","tokenType":"Bearer"}}`,
		"padded base64 in payload": `{"code":0,"data":{"accessToken":"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE2Njc0NjkwOTUgfQ==.s"}}`,
	} {
		got, err := decodeTokens(pathAuthToken, 200, []byte(body))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got.AccessExpiry.Unix() != 1667469095 {
			t.Errorf("%s: access expiry %v", name, got.AccessExpiry)
		}
	}
}

func TestDecodeRefusesAnswersThatAreNotASuccess(t *testing.T) {
	cases := []struct {
		name     string
		endpoint string
		status   int
		body     string
		match    error // a sentinel the error must match, or nil
		apiCode  int   // -1: the error must not be an *APIError
	}{
		{"bad credentials", pathAuthToken, 401, `{"code":401,"message":"invalid id or secretKey","data":null}`, ErrInvalidCredentials, 401},
		{"expired refresh", pathRefreshToken, 401, `{"code":401,"message":"expired token","data":null}`, ErrTokenExpired, 401},
		{"401 code on HTTP 200", pathRefreshToken, 200, `{"code":401,"message":"expired token","data":null}`, ErrTokenExpired, 401},
		{"401 status without code", pathAuthToken, 401, `{"message":"Unauthorized"}`, ErrInvalidCredentials, 0},
		{"code != 0 on HTTP 200", pathAuthToken, 200, `{"code":5001,"message":"maintenance","data":null}`, nil, 5001},
		{"code 1000 without success", pathRefreshToken, 200, `{"code":1000,"message":"failed","data":{"accessToken":"` + sampleAccess + `"}}`, nil, 1000},
		{"code 1000 without token", pathRefreshToken, 200, `{"code":1000,"message":"success","data":null}`, nil, 1000},
		{"code 0 on HTTP 500", pathAuthToken, 500, `{"code":0,"message":"success","data":null}`, httpx.ErrUnavailable, 0},
		{"nginx 502", pathAuthToken, 502, "<html><head><title>502 Bad Gateway</title></head></html>", httpx.ErrUnavailable, 0},
		{"429 empty", pathAuthToken, 429, ``, httpx.ErrUnavailable, 0},
		{"empty 200", pathAuthToken, 200, ``, nil, -1},
		{"null", pathAuthToken, 200, `null`, nil, -1},
		{"no code", pathAuthToken, 200, `{"message":"success","data":{"accessToken":"` + sampleAccess + `"}}`, nil, -1},
		{"success without data", pathAuthToken, 200, `{"code":0,"message":"success","data":null}`, nil, -1},
		{"access token without exp", pathAuthToken, 200, `{"code":0,"message":"success","data":{"accessToken":"` + noExp + `"}}`, ErrMalformedToken, -1},
		{"refresh token without exp", pathAuthToken, 200, `{"code":0,"message":"success","data":{"accessToken":"` + sampleAccess + `","refreshToken":"opaque"}}`, ErrMalformedToken, -1},
		{"code not a number", pathAuthToken, 200, `{"code":"ok","message":"success"}`, nil, -1},
	}
	for _, tc := range cases {
		_, err := decodeTokens(tc.endpoint, tc.status, []byte(tc.body))
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if tc.match != nil && !errors.Is(err, tc.match) {
			t.Errorf("%s: %v does not match %v", tc.name, err, tc.match)
		}
		var apiErr *APIError
		isAPI := errors.As(err, &apiErr)
		switch {
		case tc.apiCode == -1 && isAPI:
			t.Errorf("%s: unexpected APIError %v", tc.name, err)
		case tc.apiCode >= 0 && (!isAPI || apiErr.Code != tc.apiCode || apiErr.HTTPStatus != tc.status || apiErr.Endpoint != tc.endpoint):
			t.Errorf("%s: %v, want APIError code %d HTTP %d", tc.name, err, tc.apiCode, tc.status)
		}
		if strings.Contains(err.Error(), "eyJ") {
			t.Errorf("%s: error quotes a token: %v", tc.name, err)
		}
	}
}

func TestSentinelsBelongToTheirEndpoint(t *testing.T) {
	onIssue := &APIError{Endpoint: pathAuthToken, HTTPStatus: 401, Code: 401}
	onRefresh := &APIError{Endpoint: pathRefreshToken, HTTPStatus: 401, Code: 401}
	if errors.Is(onIssue, ErrTokenExpired) || errors.Is(onRefresh, ErrInvalidCredentials) {
		t.Fatal("a 401 matched the other endpoint's sentinel")
	}
	if errors.Is(&APIError{Endpoint: pathAuthToken, HTTPStatus: 403, Code: 403}, ErrInvalidCredentials) {
		t.Fatal("403 matched ErrInvalidCredentials")
	}
}

func TestExpiryIsReadFromTheExpClaim(t *testing.T) {
	cases := map[string]struct {
		payload string
		exp     int64
		ok      bool
	}{
		"integer":               {`{"exp":1667469095}`, 1667469095, true},
		"numeric string":        {`{"exp":"1667469095"}`, 1667469095, true},
		"fraction":              {`{"exp":1667469095.5}`, 1667469095, true},
		"missing":               {`{"iat":1667382695}`, 0, false},
		"null":                  {`{"exp":null}`, 0, false},
		"zero":                  {`{"exp":0}`, 0, false},
		"negative":              {`{"exp":-5}`, 0, false},
		"beyond year 9999":      {`{"exp":1e300}`, 0, false},
		"not a number":          {`{"exp":"soon"}`, 0, false},
		"not an object":         {`[1667469095]`, 0, false},
		"iat after exp ignored": {`{"exp":1667469095,"iat":1767469095}`, 1667469095, true},
	}
	enc := func(s string) string { return b64(s) }
	for name, tc := range cases {
		l, err := readClaims(enc(`{"alg":"HS256"}`) + "." + enc(tc.payload) + ".sig")
		if tc.ok != (err == nil) {
			t.Errorf("%s: err = %v", name, err)
			continue
		}
		if !tc.ok {
			if !errors.Is(err, ErrMalformedToken) {
				t.Errorf("%s: %v is not ErrMalformedToken", name, err)
			}
			continue
		}
		if l.Expiry.Unix() != tc.exp {
			t.Errorf("%s: expiry %v", name, l.Expiry)
		}
	}
	for _, bad := range []string{"", "abc", "a.b", "a.b.c.d", "a.!!!.c"} {
		if _, err := readClaims(bad); !errors.Is(err, ErrMalformedToken) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

// FuzzDecodeTokens: no panic; a success has an access token with a real expiry; no error quotes a token.
func FuzzDecodeTokens(f *testing.F) {
	for _, seed := range []string{
		sampleIssueAnswer, sampleRefreshAnswer,
		`{"code":401,"message":"invalid id or secretKey","data":null}`,
		`{"code":401,"message":"expired token","data":null}`,
		`{"code":"0","data":{"accessToken":"` + noExp + `"}}`,
		"<html><title>502 Bad Gateway</title></html>", ``, `null`, `{"code":0,"data":{"accessToken":"eyJ`,
	} {
		for _, status := range []int{200, 401, 502} {
			f.Add(status, []byte(seed))
		}
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		for _, endpoint := range []string{pathAuthToken, pathRefreshToken} {
			got, err := decodeTokens(endpoint, status, body)
			if err != nil {
				if strings.Contains(err.Error(), "eyJ") {
					t.Fatalf("error quotes a token: %v", err)
				}
				continue
			}
			if got.Access == "" || got.AccessExpiry.IsZero() || (got.Refresh != "") == got.RefreshExpiry.IsZero() {
				t.Fatalf("success without a usable token: %v", got)
			}
		}
	})
}

// FuzzReadClaims: no panic; an accepted token has an expiry in range; an error never quotes the token.
func FuzzReadClaims(f *testing.F) {
	for _, seed := range []string{sampleAccess, sampleRefresh, noExp, "a.b.c", "", "..", b64(`{"alg":"HS256"}`) + "." + b64(`{"exp":"1"}`) + ".x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		l, err := readClaims(token)
		if err != nil {
			if len(token) > 8 && strings.Contains(err.Error(), token) {
				t.Fatalf("error quotes the token: %v", err)
			}
			return
		}
		if l.Expiry.Unix() <= 0 || l.Expiry.Unix() > maxUnix || l.IssuedAt.After(l.Expiry) {
			t.Fatalf("expiry %v issued %v", l.Expiry, l.IssuedAt)
		}
	})
}
