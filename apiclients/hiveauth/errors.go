package hiveauth

import (
	"errors"
	"fmt"
	"net/http"

	"pitboss/apiclients/internal/httpx"
)

// ErrInvalidCredentials matches an auth-token call the service refused (401): the id or secret key is wrong.
var ErrInvalidCredentials = errors.New("hive auth: invalid id or secret key")

// ErrTokenExpired matches a refresh-token call the service refused (401): the refresh token expired, was
// already used, or was revoked. Issue a new pair.
var ErrTokenExpired = errors.New("hive auth: refresh token expired or invalid")

// APIError is an answer that is not a success: a non-zero code, or an HTTP status of 400 or more (the
// service's error codes are undocumented, so both count). Message is the service's, with anything
// token-shaped removed.
type APIError struct {
	Endpoint   string // "/v2/auth-token" or "/v2/refresh-token"
	HTTPStatus int
	Code       int // 0 when the answer had none (or was not JSON)
	Message    string
	Err        error // the undecodable body (*httpx.BodyError) when the answer was not JSON, else nil
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("HTTP %d", e.HTTPStatus)
	if e.Code != 0 {
		s += fmt.Sprintf(", code %d", e.Code)
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *APIError) Unwrap() error { return e.Err }

// Is matches ErrInvalidCredentials or ErrTokenExpired when the endpoint refused with 401 (as HTTP status
// or as code), and httpx.ErrUnavailable for a 5xx or 429 that lasted through every retry.
func (e *APIError) Is(target error) bool {
	refused := e.HTTPStatus == http.StatusUnauthorized || e.Code == http.StatusUnauthorized
	switch target {
	case ErrInvalidCredentials:
		return refused && e.Endpoint == pathAuthToken
	case ErrTokenExpired:
		return refused && e.Endpoint == pathRefreshToken
	case httpx.ErrUnavailable:
		return e.HTTPStatus >= 500 || e.HTTPStatus == http.StatusTooManyRequests
	}
	return false
}

// The transport's classes of failure, re-exported because packages outside apiclients cannot import
// apiclients/internal/httpx to match them.
var (
	// ErrUnavailable: no answer from the service (refused, timed out, or 5xx/429 on every attempt).
	ErrUnavailable = httpx.ErrUnavailable
	// ErrBadAnswer: the service answered with something that is not its documented JSON.
	ErrBadAnswer = httpx.ErrBadAnswer
)
