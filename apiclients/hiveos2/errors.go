package hiveos2

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// APIError is an answer with an HTTP status of 400 or more. The service's JSON error bodies (reference
// B.4) fill Message, Code and Fields; a body that is not one (an nginx page, nothing) leaves them empty
// and is kept as Err, an *httpx.BodyError.
//
// The API documents no 5xx answers, so a 5xx is always read as an undocumented answer (Err is set, and
// the error matches ErrBadAnswer) whatever its body: a state-changing call that met one has an unknown
// outcome, since the server may have failed after carrying it out, and a read is unavailable.
type APIError struct {
	Status     int
	Message    string              // the service's message, with any credential removed
	Code       int                 // the service's code, e.g. 403003; 0 when none
	Fields     map[string][]string // a 422's messages per field, e.g. "fs_id"
	RetryAfter time.Duration       // a 429's Retry-After; 0 when not given
	Err        error
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.Status)
	if e.Code != 0 && e.Code != e.Status {
		fmt.Fprintf(&b, ", code %d", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Fields) > 0 {
		b.WriteString(" (")
		for i, k := range slices.Sorted(maps.Keys(e.Fields)) {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(k + ": " + strings.Join(e.Fields[k], " "))
		}
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(" [" + e.Err.Error() + "]")
	}
	return b.String()
}

func (e *APIError) Unwrap() error { return e.Err }

// Is matches the sentinels below by status or code, and httpx.ErrUnavailable for a 5xx or a 429.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthenticated:
		return e.Status == http.StatusUnauthorized
	case ErrForbidden:
		return e.Status == http.StatusForbidden
	case ErrTwoFARequired:
		return e.Code == codeTwoFARequired
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrValidation:
		return e.Status == http.StatusUnprocessableEntity
	case ErrRateLimited:
		return e.Status == http.StatusTooManyRequests
	case httpx.ErrUnavailable:
		return e.Status >= 500 || e.Status == http.StatusTooManyRequests
	}
	return false
}

// codeTwoFARequired is the code of "Security code is required" (reference B.4, forum api-login/20432).
const codeTwoFARequired = 403003

var (
	// ErrUnauthenticated is a 401: the token is missing, wrong, expired or revoked.
	ErrUnauthenticated = errors.New("hive os v2: not authenticated")
	// ErrForbidden is a 403: the account may not do this (ErrTwoFARequired is one kind).
	ErrForbidden = errors.New("hive os v2: forbidden")
	// ErrTwoFARequired is a login that needs a 2FA code (403, code 403003) while Options.TwoFA is not
	// set, or could not give one.
	ErrTwoFARequired = errors.New("hive os v2: 2FA code required")
	// ErrNotFound is a 404: no such farm, worker or flight sheet for this account.
	ErrNotFound = errors.New("hive os v2: not found")
	// ErrValidation is a 422 with the service's messages per field (APIError.Fields), or a request this
	// client refused to send because it could not be right.
	ErrValidation = errors.New("hive os v2: invalid request")
	// ErrRateLimited is a 429. Reads are retried after Retry-After while attempts remain; a
	// state-changing call never is.
	ErrRateLimited = errors.New("hive os v2: rate limited")
)

// The transport's classes of failure, re-exported because packages outside apiclients cannot import
// apiclients/internal/httpx to match them.
var (
	// ErrUnavailable: no answer from the service (refused, timed out, or 5xx/429 on every attempt).
	ErrUnavailable = httpx.ErrUnavailable
	// ErrUnknownOutcome: a flight sheet edit or a command whose answer was lost; check the workers before
	// trying again.
	ErrUnknownOutcome = httpx.ErrUnknownOutcome
	// ErrBadAnswer: the service answered with something that is not its documented JSON, such as an
	// empty 200 (reference B.4).
	ErrBadAnswer = httpx.ErrBadAnswer
)

// errorWire is the error body: {"message", "code"} or {"message", "errors": {field: [messages]}}.
type errorWire struct {
	Message text             `json:"message"`
	Code    num              `json:"code"`
	Errors  map[string]texts `json:"errors"`
}

// decodeError reads the answer to a call that failed with status, 400 or more.
func decodeError(status int, body []byte) error {
	e := &APIError{Status: status}
	var w errorWire
	err := json.Unmarshal(body, &w)
	if isTypeError(err) {
		err = nil
	}
	if err == nil && bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		e.Message, e.Code = string(w.Message), int(w.Code)
		for k, v := range w.Errors {
			if e.Fields == nil {
				e.Fields = map[string][]string{}
			}
			e.Fields[k] = v
		}
	} else {
		e.Message = http.StatusText(status)
		if err == nil {
			err = errors.New("not a JSON object")
		}
		e.Err = newBodyError(status, body, err)
	}
	if status >= 500 && e.Err == nil {
		e.Err = newBodyError(status, body, errors.New("the API documents no server errors"))
	}
	return e
}

func newBodyError(status int, body []byte, err error) *httpx.BodyError {
	return httpx.NewBodyError(&httpx.Response{Status: status, Body: body}, err)
}

// isTypeError reports whether err is only a value of an unexpected type, which encoding/json skips
// while it decodes everything else: the lenient reading this package wants.
func isTypeError(err error) bool {
	var te *json.UnmarshalTypeError
	return errors.As(err, &te)
}
