package httpx

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"pitboss/apiclients/secret"
)

// BodyError reports an answer that is not the JSON the service documents: empty, an HTML page from a
// proxy, truncated. It keeps a short, printable start of the body for the log.
type BodyError struct {
	Status  int
	Snippet string
	Err     error
	body    []byte // the whole body, so that redaction can re-cut the snippet from a clean copy
}

// NewBodyError builds a BodyError for resp, whose body failed to decode with err. Secrets are removed
// from the whole body before it is cut, so a secret that straddles the cut cannot survive in part.
func NewBodyError(resp *Response, err error, secrets ...secret.String) *BodyError {
	e := &BodyError{Status: resp.Status, Err: RedactError(err, secrets...), body: resp.Body}
	e.redact(secrets)
	return e
}

// redact re-cuts the snippet from the body with every secret removed first: cutting first could leave
// the start of a secret that straddles the cut, which no later replacement would recognise.
func (e *BodyError) redact(secrets []secret.String) {
	e.Snippet = snippet([]byte(RedactString(string(e.body), secrets...)), 120)
}

// BodyError is NewBodyError with the client's secrets.
func (c *Client) BodyError(resp *Response, err error) *BodyError {
	return NewBodyError(resp, err, c.Secrets...)
}

func (e *BodyError) Error() string {
	if e.Snippet == "" {
		return fmt.Sprintf("unexpected answer (HTTP %d, empty body)", e.Status)
	}
	return fmt.Sprintf("unexpected answer (HTTP %d): %v: %q", e.Status, e.Err, e.Snippet)
}

func (e *BodyError) Unwrap() error { return e.Err }

// Is makes every BodyError match ErrBadAnswer.
func (e *BodyError) Is(target error) bool { return target == ErrBadAnswer }

// ErrBadAnswer marks an answer that is not what the service documents (an HTML error page, an empty or
// cut-off body): the service was reached but said nothing pitboss can read.
var ErrBadAnswer = errors.New("unreadable answer")

func snippet(b []byte, n int) string {
	s := strings.TrimSpace(string(b))
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	if len(s) > n {
		s = s[:n]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}
