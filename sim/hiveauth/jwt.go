package hiveauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

type tokenKind int

const (
	accessToken tokenKind = iota + 1
	refreshToken
)

// claims are those of the documented sample tokens, plus jti: tokens issued in the same second with the
// same claims would otherwise be byte-identical, and rotation could not tell a used refresh token from
// its successor.
type claims struct {
	ID      string `json:"id"`
	Role    string `json:"role"`
	Address string `json:"address"`
	IAT     int64  `json:"iat"`
	EXP     int64  `json:"exp"`
	JTI     string `json:"jti"`
}

// jwtHeader is the documented samples' header, byte for byte.
const jwtHeader = `{"alg":"HS256","typ":"JWT"}`

var (
	errMalformedToken = errors.New("malformed token")
	errBadSignature   = errors.New("bad signature")
	errExpiredToken   = errors.New("expired token")
)

var b64 = base64.RawURLEncoding

func (s *Sim) sign(c claims) string {
	payload, _ := json.Marshal(c) // a struct of strings and ints always marshals
	unsigned := b64.EncodeToString([]byte(jwtHeader)) + "." + b64.EncodeToString(payload)
	return unsigned + "." + b64.EncodeToString(s.mac(unsigned))
}

func (s *Sim) mac(unsigned string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(unsigned))
	return m.Sum(nil)
}

// verify checks the token's shape, header, signature and expiry by the simulator's clock.
func (s *Sim) verify(token string) (claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims{}, errMalformedToken
	}
	header, err := b64.DecodeString(parts[0])
	if err != nil {
		return claims{}, errMalformedToken
	}
	var h struct {
		Alg string `json:"alg"`
	}
	// Only HS256: accepting the header's word for the algorithm is the classic "alg: none" hole.
	if json.Unmarshal(header, &h) != nil || h.Alg != "HS256" {
		return claims{}, errMalformedToken
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, s.mac(parts[0]+"."+parts[1])) {
		return claims{}, errBadSignature
	}
	payload, err := b64.DecodeString(parts[1])
	if err != nil {
		return claims{}, errMalformedToken
	}
	var c claims
	if err := json.Unmarshal(payload, &c); err != nil {
		return claims{}, errMalformedToken
	}
	if !s.opts.Now().Before(time.Unix(c.EXP, 0)) {
		return claims{}, errExpiredToken
	}
	return c, nil
}

// issuePair signs a new access and refresh token from now and remembers them. The caller holds s.mu.
func (s *Sim) issuePair(now time.Time) (access, refresh string) {
	iat := now.Unix()
	base := claims{ID: s.opts.ID, Role: "operator", Address: s.opts.Address, IAT: iat}
	a, r := base, base
	a.EXP = now.Add(s.opts.AccessTTL).Unix()
	r.EXP = now.Add(s.opts.RefreshTTL).Unix()
	a.JTI, r.JTI = s.nextJTI(), s.nextJTI()
	s.kinds[a.JTI] = accessToken
	s.kinds[r.JTI] = refreshToken
	s.liveJTIs[r.JTI] = true
	return s.sign(a), s.sign(r)
}

func (s *Sim) nextJTI() string {
	s.serial++
	return strconv.FormatUint(s.serial, 10)
}
