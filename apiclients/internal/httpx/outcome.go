package httpx

import (
	"errors"
	"net"
	"net/http"
)

// ErrUnknownOutcome marks a call that changes something (multiRocket, withdraw, sweep, ...) whose request
// may have reached the service but whose answer was lost, cut off or unreadable. It is never retried:
// the user must check first.
var ErrUnknownOutcome = errors.New("unknown outcome: the request may have been carried out; check before retrying")

// ErrUnavailable marks a call that failed without an answer from the service: connection refused, timeout,
// reset, or 5xx/429 on every attempt.
var ErrUnavailable = errors.New("service unavailable")

// Classify is the one policy for a failed call, whatever the client: it puts err in its class and
// returns it, still matching everything err matched.
//
// status is the HTTP status of the answer, or 0 when none came; err is then the transport's error, and
// otherwise the decoder's. A decoder must return an error matching ErrBadAnswer (a *BodyError) for an
// answer it cannot read; any other error is taken to be the service's own documented refusal.
//
// For a call that is not idempotent, anything that may have reached the service without a readable
// refusal coming back is ErrUnknownOutcome: a connection cut or a timeout (per attempt or the caller's)
// after the request left, and an answer that cannot be read whatever its status (a truncated 200, a
// gateway's 502 or 429 page) except a 4xx other than 429, which is HTTP's word that the request was
// refused as sent. Reporting any of these as a failure would invite a retry that could withdraw twice.
// The rest are known failures: a request that certainly never left (it could not be built, the
// connection was refused, the context had ended) is ErrUnavailable; a documented refusal, even one sent
// with a 5xx, is left as it is, since the service itself says the call did not go through.
//
// For an idempotent call, no answer, or a 5xx or 429 page, is ErrUnavailable; anything else is left as it is.
func Classify(idempotent bool, status int, err error) error {
	if err == nil {
		return nil
	}
	class := classOf(idempotent, status, err)
	if class == nil || errors.Is(err, class) {
		return err
	}
	return WithClass(class, err)
}

func classOf(idempotent bool, status int, err error) error {
	switch {
	case status == 0 && (idempotent || neverSent(err)):
		return ErrUnavailable
	case status == 0:
		return ErrUnknownOutcome
	case !errors.Is(err, ErrBadAnswer):
		return nil
	case !idempotent && !refusedAsSent(status):
		return ErrUnknownOutcome
	case retryableStatus(status):
		return ErrUnavailable
	}
	return nil
}

// refusedAsSent is a 4xx other than 429: HTTP's word that the request was not carried out. A 429 is left
// out because a gateway may send it after passing the request on.
func refusedAsSent(status int) bool {
	return status >= 400 && status < 500 && status != http.StatusTooManyRequests
}

func retryableStatus(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// notSent is a request that certainly did not leave: it could not be built, or its context had ended
// before the attempt.
type notSent struct {
	why string
	err error
}

func (e *notSent) Error() string { return e.why + ": " + e.err.Error() }
func (e *notSent) Unwrap() error { return e.err }

// neverSent reports whether err shows the request never left: it was not sent, or the connection could
// not be made. Only then is a failed state-changing call known not to have run.
func neverSent(err error) bool {
	var ns *notSent
	var op *net.OpError
	return errors.As(err, &ns) || (errors.As(err, &op) && op.Op == "dial")
}

// WithClass puts err in class: the error returned matches both. Unlike fmt.Errorf it builds its message
// when asked, so that a client can still clean the errors inside it of secrets after classifying them.
func WithClass(class, err error) error { return &classified{class: class, err: err} }

type classified struct {
	class error
	err   error
}

func (e *classified) Error() string   { return e.class.Error() + ": " + e.err.Error() }
func (e *classified) Unwrap() []error { return []error{e.class, e.err} }
