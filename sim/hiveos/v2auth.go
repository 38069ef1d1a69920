package hiveos

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"
)

// authToken is the AuthToken of reference B.3.
type authToken struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"` // seconds
}

// loginRequest is LoginRequest, read from a JSON body or from query parameters (some clients send it
// so, reference B.3).
type loginRequest struct {
	Login     string `json:"login"`
	Password  string `json:"password"`
	TwoFACode string `json:"twofa_code"`
	Remember  bool   `json:"remember"`
}

// The login's answers: credentials are a validation error (422); a missing security code is the 403
// users met on the forum; a wrong one is a 422 on twofa_code.
var (
	loginRequired   = invalid(map[string][]string{"login": {"The login field is required."}, "password": {"The password field is required."}})
	badCredentials  = invalidField("login", "These credentials do not match our records.")
	twoFARequired   = fail(http.StatusForbidden, "Security code is required", 403003)
	wrongTwoFACode  = invalidField("twofa_code", "Invalid security code")
	unreadableLogin = invalidField("login", "The login field must be a string.")
)

func (s *SimV2) login(r *http.Request) reply {
	req, readable := readLogin(r)
	if !readable {
		return unreadableLogin
	}
	switch {
	case req.Login == "" || req.Password == "":
		return loginRequired
	case s.opts.Login == "" || !same(req.Login, s.opts.Login) || !same(req.Password, s.opts.Password):
		return badCredentials
	case s.opts.TwoFA != "" && req.TwoFACode == "":
		return twoFARequired
	case s.opts.TwoFA != "" && !same(req.TwoFACode, s.opts.TwoFA):
		return wrongTwoFACode
	}
	return ok(s.issue(s.loginTTL(req.Remember)))
}

// readLogin takes the fields from the JSON body, then from the query for any left empty; the security
// code may also come as the X-Security-Code header. ok is false for a body that is not JSON.
func readLogin(r *http.Request) (req loginRequest, ok bool) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" && len(body) > 0 {
		if json.Unmarshal(body, &req) != nil {
			return req, false
		}
	}
	q := r.URL.Query()
	for _, f := range []struct {
		dst  *string
		name string
	}{{&req.Login, "login"}, {&req.Password, "password"}, {&req.TwoFACode, "twofa_code"}} {
		if *f.dst == "" {
			*f.dst = q.Get(f.name)
		}
	}
	if req.TwoFACode == "" {
		req.TwoFACode = r.Header.Get("X-Security-Code")
	}
	if q.Get("remember") == "1" || q.Get("remember") == "true" {
		req.Remember = true
	}
	return req, true
}

func same(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func (s *SimV2) loginTTL(remember bool) time.Duration {
	switch {
	case s.opts.LoginTTL > 0:
		return s.opts.LoginTTL
	case remember:
		return RememberLoginTTL
	}
	return DefaultLoginTTL
}

// issue makes a new login token that lives for ttl.
func (s *SimV2) issue(ttl time.Duration) authToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issued++
	sum := sha256.Sum256(fmt.Appendf(nil, "%s/%d/%d", s.opts.Login, s.issued, s.opts.Now().UnixNano()))
	tok := "v2." + hex.EncodeToString(sum[:])
	s.tokens[tok] = s.opts.Now().Add(ttl)
	return authToken{AccessToken: tok, TokenType: "bearer", ExpiresIn: int64(ttl / time.Second)}
}

// refresh "just invalidates the current token and creates a new one" (reference B.3). A personal token
// is not invalidated: it is the account's, not the session's.
func (s *SimV2) refresh(r *http.Request) reply {
	s.revoke(requestToken(r))
	return ok(s.issue(s.loginTTL(false)))
}

func (s *SimV2) logout(r *http.Request) reply {
	s.revoke(requestToken(r))
	return reply{status: http.StatusNoContent}
}

func (s *SimV2) revoke(tok string) {
	s.mu.Lock()
	delete(s.tokens, tok)
	s.mu.Unlock()
}
