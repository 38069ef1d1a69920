package hiveauth

import (
	"crypto/subtle"
	"encoding/json"
	"mime"
	"net/http"
	"strings"
)

// Messages of the answers the reference chooses for the simulator ([SIM] in section E.5).
const (
	msgSuccess            = "success"
	msgInvalidCredentials = "invalid id or secretKey"
	msgExpiredToken       = "expired token"
)

type tokenPair struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
}

type envelope struct {
	Code    int        `json:"code"`
	Message string     `json:"message"`
	Data    *tokenPair `json:"data"`
}

func writeEnvelope(w http.ResponseWriter, status, code int, message string, data *tokenPair) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(envelope{Code: code, Message: message, Data: data})
}

func refuse(w http.ResponseWriter, status int, message string) {
	writeEnvelope(w, status, status, message, nil)
}

// handleAuthToken is POST /v2/auth-token: a JSON body {"id","secretKey"}, both strings, both required.
func (s *Sim) handleAuthToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		refuse(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		refuse(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return
	}
	var body struct {
		ID        *string `json:"id"`
		SecretKey *string `json:"secretKey"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body); err != nil {
		refuse(w, http.StatusBadRequest, "malformed JSON body")
		return
	}
	if body.ID == nil || body.SecretKey == nil || *body.ID == "" || *body.SecretKey == "" {
		refuse(w, http.StatusBadRequest, "id and secretKey are required")
		return
	}
	// Compare both in constant time, and both always, so timing tells nothing about which one was wrong.
	idOK := subtle.ConstantTimeCompare([]byte(*body.ID), []byte(s.opts.ID))
	keyOK := subtle.ConstantTimeCompare([]byte(*body.SecretKey), []byte(s.opts.SecretKey))
	if idOK&keyOK != 1 {
		refuse(w, http.StatusUnauthorized, msgInvalidCredentials)
		return
	}
	s.mu.Lock()
	access, refresh := s.issuePair(s.opts.Now())
	s.issued++
	s.mu.Unlock()
	writeEnvelope(w, http.StatusOK, 0, msgSuccess, &tokenPair{AccessToken: access, RefreshToken: refresh})
}

// handleRefreshToken is POST /v2/refresh-token: the refresh token in Authorization (with or without
// "Bearer "), no body. It rotates: the refresh token used is spent, a new pair comes back.
func (s *Sim) handleRefreshToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		refuse(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	c, err := s.verify(bearer(r.Header.Get("Authorization")))
	if err != nil {
		refuse(w, http.StatusUnauthorized, msgExpiredToken)
		return
	}
	s.mu.Lock()
	if !s.liveJTIs[c.JTI] { // an access token, or a refresh token already used or revoked
		s.mu.Unlock()
		refuse(w, http.StatusUnauthorized, msgExpiredToken)
		return
	}
	delete(s.liveJTIs, c.JTI)
	access, refresh := s.issuePair(s.opts.Now())
	s.refreshed++
	s.mu.Unlock()
	writeEnvelope(w, http.StatusOK, s.opts.RefreshCode, msgSuccess, &tokenPair{AccessToken: access, RefreshToken: refresh})
}

// bearer takes the token from an Authorization value: the documented sample sends "Bearer <token>", the
// field table just "<token>".
func bearer(v string) string {
	v = strings.TrimSpace(v)
	if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
		return strings.TrimSpace(v[7:])
	}
	return v
}
