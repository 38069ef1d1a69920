package httpx

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"
)

// errRefused stands for a client's documented refusal (a JSON-RPC error, success:false, code ≠ 0).
var errRefused = errors.New("the service refused: insufficient funds")

func unreadable(status int) error {
	return NewBodyError(&Response{Status: status, Body: []byte(`{"result":{"ri`)}, errors.New("unexpected EOF"))
}

func TestClassifyDecidesEveryFailureOnce(t *testing.T) {
	dialRefused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	cut := &net.OpError{Op: "read", Net: "tcp", Err: io.ErrUnexpectedEOF}
	for _, tc := range []struct {
		name       string
		idempotent bool
		status     int
		err        error
		want       error // nil: a plain failure, neither unknown nor unavailable
	}{
		{"write: 200 with a truncated body", false, 200, unreadable(200), ErrUnknownOutcome},
		{"write: 502 page", false, 502, unreadable(502), ErrUnknownOutcome},
		{"write: 429 page", false, 429, unreadable(429), ErrUnknownOutcome},
		{"write: connection cut after sending", false, 0, cut, ErrUnknownOutcome},
		{"write: per-attempt timeout", false, 0, context.DeadlineExceeded, ErrUnknownOutcome},
		{"write: caller cancelled in flight", false, 0, context.Canceled, ErrUnknownOutcome},
		{"write: documented refusal", false, 200, errRefused, nil},
		{"write: documented refusal on a 500", false, 500, errRefused, nil},
		{"write: 403 page", false, 403, unreadable(403), nil},
		{"write: connection refused", false, 0, dialRefused, ErrUnavailable},
		{"write: request not built", false, 0, &notSent{"building the request", errors.New("bad url")}, ErrUnavailable},
		{"write: context ended before sending", false, 0, &notSent{"not sent", context.Canceled}, ErrUnavailable},
		{"read: 200 with a truncated body", true, 200, unreadable(200), nil},
		{"read: 502 page", true, 502, unreadable(502), ErrUnavailable},
		{"read: connection cut", true, 0, cut, ErrUnavailable},
		{"read: timeout", true, 0, context.DeadlineExceeded, ErrUnavailable},
		{"read: documented refusal", true, 200, errRefused, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Classify(tc.idempotent, tc.status, tc.err)
			if !errors.Is(got, tc.err) {
				t.Fatalf("%v no longer matches the error it classified", got)
			}
			for _, class := range []error{ErrUnknownOutcome, ErrUnavailable} {
				if errors.Is(got, class) != (class == tc.want) {
					t.Errorf("errors.Is(%v, %v) = %v", got, class, !(class == tc.want))
				}
			}
		})
	}
}

func TestClassifyKeepsTheTypedErrorReachable(t *testing.T) {
	body := unreadable(502).(*BodyError)
	err := Classify(false, 502, body)
	var got *BodyError
	if !errors.As(err, &got) || got != body || !errors.Is(err, ErrBadAnswer) {
		t.Fatalf("errors.As lost the body error: %v", err)
	}
	if Classify(false, 200, nil) != nil {
		t.Fatal("no error classified as one")
	}
}

func TestClassifyDoesNotWrapAnErrorAlreadyInItsClass(t *testing.T) {
	once := Classify(true, 503, unreadable(503))
	if twice := Classify(true, 503, once); twice != once {
		t.Fatalf("classified twice: %v", twice)
	}
}
