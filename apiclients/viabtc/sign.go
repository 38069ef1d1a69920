package viabtc

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"

	"pitboss/apiclients/secret"
)

// Sign returns the X-SIGNATURE of payload: the lower-case hex HMAC-SHA256 of its exact bytes under key.
// payload is the query string of a GET or DELETE, or the JSON body of a POST or PUT, exactly as sent: the
// service signs bytes, not parameters, so any re-encoding breaks the signature.
func Sign(key secret.String, payload []byte) string {
	m := hmac.New(sha256.New, []byte(key.Reveal()))
	m.Write(payload)
	return hex.EncodeToString(m.Sum(nil))
}
