package httpx

import (
	"errors"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"pitboss/apiclients/secret"
)

// Redacted stands in for a secret in every error and log line.
const Redacted = secret.Redacted

// Redact returns err with every one of the client's secrets replaced by [REDACTED] in its message, and in
// the URL of any *url.Error in its chain (Go puts the request URL, query string included, in that error).
// errors.Is and errors.As still see the original chain.
func (c *Client) Redact(err error) error {
	return RedactError(err, c.Secrets...)
}

// RedactError is Redact for callers without a Client.
func RedactError(err error, secrets ...secret.String) error {
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

// wholeFrom is the length from which a secret is replaced wherever it occurs. A shorter one is replaced
// only where it stands on its own, not inside a run of letters and digits: a two-character secret "ab"
// leaks in "secret=ab&name=x" or "(ab)", but the "ab" in "unavailable" is chance, and replacing it would
// mangle the message without hiding anything.
const wholeFrom = 8

// RedactString replaces every secret in s, raw or URL-encoded, by [REDACTED]. Empty secrets are ignored.
func RedactString(s string, secrets ...secret.String) string {
	for _, sec := range secrets {
		v := sec.Reveal() // to find it in text that came back from the wire
		if v == "" {
			continue
		}
		s = replaceSecret(s, v)
		for _, esc := range []string{url.QueryEscape(v), url.PathEscape(v)} {
			if esc != v {
				s = replaceSecret(s, esc)
			}
		}
	}
	return s
}

func replaceSecret(s, v string) string {
	if len(v) >= wholeFrom {
		return strings.ReplaceAll(s, v, Redacted)
	}
	var b strings.Builder
	done := 0 // s[:done] is written to b
	for from := 0; from < len(s); {
		i := strings.Index(s[from:], v)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(v)
		if !standsAlone(s, v, start, end) {
			from = start + 1
			continue
		}
		b.WriteString(s[done:start])
		b.WriteString(Redacted)
		done, from = end, end
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// standsAlone reports whether v, found at s[start:end], does not continue a run of letters and digits
// on either side.
func standsAlone(s, v string, start, end int) bool {
	first, _ := utf8.DecodeRuneInString(v)
	last, _ := utf8.DecodeLastRuneInString(v)
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	joinsBefore := start > 0 && isWordRune(first) && isWordRune(before)
	joinsAfter := end < len(s) && isWordRune(last) && isWordRune(after)
	return !joinsBefore && !joinsAfter
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
