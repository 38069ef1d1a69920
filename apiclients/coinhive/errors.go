package coinhive

import (
	"errors"
	"fmt"
	"net/http"

	"pitboss/apiclients/internal/httpx"
)

// APIError is an answer with success false. Code is the error string exactly as sent.
type APIError struct {
	Code   string
	Status int // HTTP status of the answer; Coinhive refuses with 200, except not_found with 404
}

func (e *APIError) Error() string {
	msg := "coinhive: " + e.Code
	if e.Code == "" {
		msg = "coinhive: request failed without an error code"
	}
	if d, ok := descriptions[e.Code]; ok {
		msg += " (" + d + ")"
	}
	if e.Status != 0 && e.Status != http.StatusOK {
		msg += fmt.Sprintf(" [HTTP %d]", e.Status)
	}
	return msg
}

// Is matches the sentinel of a documented error code, so callers write errors.Is(err, ErrUnknownUser).
func (e *APIError) Is(target error) bool {
	s, ok := sentinels[e.Code]
	return ok && s == target
}

// Global errors: "Each API request may result in any of these."
var (
	ErrInvalidSecret = errors.New("coinhive: invalid secret")
	ErrBadRequest    = errors.New("coinhive: bad request")
	ErrWrongMethod   = errors.New("coinhive: wrong method")
	ErrNotFound      = errors.New("coinhive: endpoint not found")
	ErrInternal      = errors.New("coinhive: internal error")
)

// Errors of particular endpoints.
var (
	ErrMissingInput      = errors.New("coinhive: missing input")
	ErrInvalidToken      = errors.New("coinhive: invalid token")
	ErrUnknownUser       = errors.New("coinhive: unknown user")
	ErrInvalidAmount     = errors.New("coinhive: invalid amount")
	ErrInsufficientFunds = errors.New("coinhive: insufficient funds")
	ErrInvalidPage       = errors.New("coinhive: invalid page")
	ErrInvalidURL        = errors.New("coinhive: invalid URL")
)

// ErrInvalidArgument marks a call refused before sending because an argument breaks the doc's rules.
var ErrInvalidArgument = errors.New("coinhive: invalid argument")

// The transport's classes of failure, re-exported because packages outside apiclients cannot import
// apiclients/internal/httpx to match them.
var (
	// ErrUnavailable: no answer from the service (refused, timed out, or 5xx/429 on every attempt).
	ErrUnavailable = httpx.ErrUnavailable
	// ErrUnknownOutcome: a state-changing call may have been carried out; check before retrying.
	ErrUnknownOutcome = httpx.ErrUnknownOutcome
	// ErrBadAnswer: the service answered with something that is not its documented JSON.
	ErrBadAnswer = httpx.ErrBadAnswer
)

var sentinels = map[string]error{
	"invalid_secret":     ErrInvalidSecret,
	"bad_request":        ErrBadRequest,
	"wrong_method":       ErrWrongMethod,
	"not_found":          ErrNotFound,
	"internal_error":     ErrInternal,
	"missing_input":      ErrMissingInput,
	"invalid_token":      ErrInvalidToken,
	"unknown_user":       ErrUnknownUser,
	"invalid_amount":     ErrInvalidAmount,
	"insufficent_funds":  ErrInsufficientFunds, // the doc's spelling
	"insufficient_funds": ErrInsufficientFunds,
	"invalid_page":       ErrInvalidPage,
	"invalid_url":        ErrInvalidURL,
}

// descriptions paraphrase the doc, for logs.
var descriptions = map[string]string{
	"invalid_secret":     "the secret key is wrong",
	"bad_request":        "the API received a malformed request",
	"wrong_method":       "the API expected a POST",
	"not_found":          "no such API endpoint; check the base URL",
	"internal_error":     "Coinhive failed on its side",
	"missing_input":      "a required parameter is missing",
	"invalid_token":      "the token is unknown, expired, already verified or short of the hashes asked",
	"unknown_user":       "the user has never connected to the pool",
	"invalid_amount":     "the amount to withdraw is invalid",
	"insufficent_funds":  "the user does not have that many hashes",
	"insufficient_funds": "the user does not have that many hashes",
	"invalid_page":       "the page of users was not found",
	"invalid_url":        "the target is not a valid http:// or https:// URL",
}

func invalidArg(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidArgument, fmt.Sprintf(format, args...))
}
