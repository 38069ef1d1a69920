package hiveos

import (
	"errors"
	"fmt"
	"pitboss/apiclients/internal/httpx"
)

// RPCError is a JSON-RPC error the API answered with, whatever the HTTP status it came with (the official
// examples read errors from 404 answers). Any error member is a failure, whatever its code.
type RPCError struct {
	Code       int
	Message    string // as the service wrote it, with any key or signature removed
	HTTPStatus int
}

func (e *RPCError) Error() string {
	return fmt.Sprintf("JSON-RPC error %d: %s (HTTP %d)", e.Code, e.Message, e.HTTPStatus)
}

// Is lets errors.Is match an RPCError against the sentinels below by code.
func (e *RPCError) Is(target error) bool {
	switch target {
	case ErrMethodNotFound:
		return e.Code == codeMethodNotFound
	case ErrAuth:
		return e.Code == codeAuth
	case ErrInvalidParams:
		return e.Code == codeInvalidParams
	}
	return false
}

const (
	codeAuth           = -32600
	codeMethodNotFound = -32601
	codeInvalidParams  = -32602
)

var (
	// ErrMethodNotFound is JSON-RPC -32601, documented: "Method not found" for an unknown method, and
	// "method not given" when the service could not read the method from the body (forum reports).
	ErrMethodNotFound = errors.New("hive os: method not found")

	// ErrAuth is a refused public key or HMAC. The service documents only that such calls are "discarded";
	// the code, -32600, is our simulator's choice [I]. An unrecognised code is still an *RPCError failure.
	ErrAuth = errors.New("hive os: public key or HMAC refused")

	// ErrInvalidParams is multiRocket parameters refused: locally before sending (nothing was sent), or by
	// the service with JSON-RPC -32602 (the simulator's choice [I]).
	ErrInvalidParams = errors.New("hive os: invalid parameters")
)

// The transport's classes of failure, re-exported because packages outside apiclients cannot import
// apiclients/internal/httpx to match them.
var (
	// ErrUnavailable: no answer from the service (refused, timed out, or 5xx/429 on every attempt).
	ErrUnavailable = httpx.ErrUnavailable
	// ErrUnknownOutcome: a multiRocket whose answer was lost; check the rigs before trying again.
	ErrUnknownOutcome = httpx.ErrUnknownOutcome
	// ErrBadAnswer: the service answered with something that is not its documented JSON.
	ErrBadAnswer = httpx.ErrBadAnswer
)
