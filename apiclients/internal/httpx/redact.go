package httpx

import (
	"errors"
	"net/url"
	"strings"
)

// Redacted stands in for a secret in every error and log line.
const Redacted = "[REDACTED]"

// Redact returns err with every one of the client's secrets replaced by [REDACTED] in its message, and in
// the URL of any *url.Error in its chain (Go puts the request URL, query string included, in that error).
// errors.Is and errors.As still see the original chain.
func (c *Client) Redact(err error) error {
	return RedactError(err, c.Secrets...)
}

// RedactError is Redact for callers without a Client.
func RedactError(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = RedactString(ue.URL, secrets...)
	}
	msg := err.Error()
	var be *BodyError
	if errors.As(err, &be) {
		// Wrapping froze the body error's text into every outer message: swap in the re-cut one.
		before := be.Error()
		be.redact(secrets)
		msg = strings.ReplaceAll(msg, before, be.Error())
	}
	msg = RedactString(msg, secrets...)
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

// RedactString replaces every secret in s, raw or URL-encoded, by [REDACTED]. Empty secrets are ignored.
func RedactString(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		s = strings.ReplaceAll(s, secret, Redacted)
		if esc := url.QueryEscape(secret); esc != secret {
			s = strings.ReplaceAll(s, esc, Redacted)
		}
	}
	return s
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
