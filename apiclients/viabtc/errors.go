package viabtc

import (
	"errors"
	"fmt"

	"pitboss/apiclients/internal/httpx"
)

// The transport's classes of failure, re-exported because callers outside apiclients cannot import httpx.
var (
	// ErrUnavailable: no answer from the service (refused, timed out, 5xx or 429 to the last attempt).
	ErrUnavailable = httpx.ErrUnavailable
	// ErrUnknownOutcome: a sweep whose answer was lost; check the payment history before trying again.
	ErrUnknownOutcome = httpx.ErrUnknownOutcome
	// ErrBadAnswer: the service answered with something that is not its documented envelope.
	ErrBadAnswer = httpx.ErrBadAnswer
)

// The documented error codes, for errors.Is. An *APIError with one of these codes matches its sentinel.
var (
	ErrInvalidArgument = errors.New("viabtc: invalid argument")                      // code 2
	ErrInvalidCoin     = errors.New("viabtc: invalid coin type")                     // code 5001
	ErrWorkerNotFound  = errors.New("viabtc: worker does not exist")                 // code 5003
	ErrGroupNotFound   = errors.New("viabtc: worker group does not exist")           // code 5008
	ErrInvalidAPIKey   = errors.New("viabtc: invalid API key")                       // code 12001
	ErrSignature       = errors.New("viabtc: signature error")                       // code 12002
	ErrInvalidTonce    = errors.New("viabtc: invalid tonce (is the clock in sync?)") // code 12003
	ErrIPNotAllowed    = errors.New("viabtc: IP address not in the API whitelist")   // code 12004
)

// ErrForbidden marks an HTTP 403 that carries no ViaBTC envelope (a proxy or firewall page). ViaBTC
// answers a request from an address outside the IP whitelist this way too, so it is usually that.
var ErrForbidden = errors.New("viabtc: forbidden (HTTP 403 without an API answer; check the IP whitelist)")

var sentinels = map[int]error{
	2:     ErrInvalidArgument,
	5001:  ErrInvalidCoin,
	5003:  ErrWorkerNotFound,
	5008:  ErrGroupNotFound,
	12001: ErrInvalidAPIKey,
	12002: ErrSignature,
	12003: ErrInvalidTonce,
	12004: ErrIPNotAllowed,
}

// APIError is an answer whose envelope code is not 0.
type APIError struct {
	Code       int    // the envelope's code
	Message    string // the envelope's message, as the service wrote it
	HTTPStatus int    // the HTTP status it came with (usually 200)
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		if s, ok := sentinels[e.Code]; ok {
			msg = s.Error()[len("viabtc: "):]
		} else {
			msg = "error"
		}
	}
	if e.HTTPStatus != 0 && e.HTTPStatus != 200 {
		return fmt.Sprintf("viabtc: %s (code %d, HTTP %d)", msg, e.Code, e.HTTPStatus)
	}
	return fmt.Sprintf("viabtc: %s (code %d)", msg, e.Code)
}

// Is matches the sentinel of e's code, so callers write errors.Is(err, viabtc.ErrInvalidCoin).
func (e *APIError) Is(target error) bool {
	s, ok := sentinels[e.Code]
	return ok && s == target
}
