package viabtc

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// Sign returns the X-SIGNATURE of payload: the lower-case hex HMAC-SHA256 of its exact bytes under
// secret. payload is the query string of a GET or DELETE, or the JSON body of a POST or PUT, exactly as
// sent: the service signs bytes, not parameters, so any re-encoding breaks the signature.
func Sign(secret string, payload []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(payload)
	return hex.EncodeToString(m.Sum(nil))
}
