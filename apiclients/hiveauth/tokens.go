package hiveauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// Tokens is a pair from the Auth API with the lifetimes read from the tokens themselves.
type Tokens struct {
	Access        string
	Refresh       string // empty if the service sent none; a TokenSource then issues afresh
	AccessExpiry  time.Time
	RefreshExpiry time.Time // zero when Refresh is empty
	// IssuedAt is the access token's iat claim, or the client's clock when the token has none.
	IssuedAt time.Time
}

// String shows the lifetimes only, so a Tokens printed by mistake leaks nothing.
func (t Tokens) String() string {
	return fmt.Sprintf("hiveauth.Tokens{access until %s, refresh until %s}",
		t.AccessExpiry.UTC().Format(time.RFC3339), t.RefreshExpiry.UTC().Format(time.RFC3339))
}

// GoString is String for %#v.
func (t Tokens) GoString() string { return t.String() }

// Issue exchanges the id and secret key for a new token pair (POST /v2/auth-token). Refused credentials
// are an error matching ErrInvalidCredentials.
func (c *Client) Issue(ctx context.Context) (Tokens, error) {
	return c.post(ctx, pathAuthToken, c.issueBody(), "")
}

// Refresh exchanges a refresh token for a new pair (POST /v2/refresh-token, the token as a Bearer
// Authorization and no body). A refused refresh token is an error matching ErrTokenExpired; the service
// may have spent it, so do not use it again.
func (c *Client) Refresh(ctx context.Context, refreshToken string) (Tokens, error) {
	if refreshToken == "" {
		return Tokens{}, errors.New("hive auth: no refresh token to refresh with")
	}
	return c.post(ctx, pathRefreshToken, nil, refreshToken)
}

// answer is the documented envelope. code is a number; a numeric string is tolerated.
type answer struct {
	Code    *httpx.Number `json:"code"`
	Message string        `json:"message"`
	Data    *struct {
		AccessToken  string `json:"accessToken"`
		RefreshToken string `json:"refreshToken"`
	} `json:"data"`
}

// codeSuccessVariant is what the documentation's refresh response sample shows for success, against its
// own field table ("0: success"); it is accepted only with message "success" and an access token.
const codeSuccessVariant = 1000

// decodeTokens reads an auth-token or refresh-token answer (endpoint is its path), whatever the HTTP status.
func decodeTokens(endpoint string, status int, body []byte) (Tokens, error) {
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		bodyErr := newBodyError(status, body, err)
		if status >= 400 {
			return Tokens{}, &APIError{Endpoint: endpoint, HTTPStatus: status, Message: http.StatusText(status), Err: bodyErr}
		}
		return Tokens{}, bodyErr
	}
	if a.Code == nil && status < 400 {
		return Tokens{}, newBodyError(status, body, errors.New("answer without a code"))
	}
	code := 0
	if a.Code != nil {
		code = int(*a.Code)
	}
	hasAccess := a.Data != nil && a.Data.AccessToken != ""
	ok := status < 400 && (code == 0 ||
		code == codeSuccessVariant && strings.EqualFold(strings.TrimSpace(a.Message), "success") && hasAccess)
	if !ok {
		msg := scrubTokens(a.Message)
		if msg == "" && status >= 400 {
			msg = http.StatusText(status)
		}
		return Tokens{}, &APIError{Endpoint: endpoint, HTTPStatus: status, Code: code, Message: msg}
	}
	if !hasAccess {
		return Tokens{}, newBodyError(status, body, errors.New("success without data.accessToken"))
	}
	access, err := readClaims(a.Data.AccessToken)
	if err != nil {
		return Tokens{}, fmt.Errorf("access token: %w", err)
	}
	t := Tokens{Access: a.Data.AccessToken, AccessExpiry: access.Expiry, IssuedAt: access.IssuedAt}
	if a.Data.RefreshToken != "" {
		refresh, err := readClaims(a.Data.RefreshToken)
		if err != nil {
			return Tokens{}, fmt.Errorf("refresh token: %w", err)
		}
		t.Refresh, t.RefreshExpiry = a.Data.RefreshToken, refresh.Expiry
	}
	return t, nil
}

// newBodyError is httpx.NewBodyError with any token removed from the snippet: a success answer cut short
// still holds the start of one.
func newBodyError(status int, body []byte, err error) *httpx.BodyError {
	e := httpx.NewBodyError(&httpx.Response{Status: status, Body: body}, err)
	e.Snippet = scrubTokens(e.Snippet)
	// A decoding error may quote the value it choked on.
	if msg := scrubTokens(err.Error()); msg != err.Error() {
		e.Err = &redactedError{msg: msg, err: err}
	}
	return e
}
