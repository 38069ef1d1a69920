package hiveos

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// scanner reads a JSON document in one pass, checking it as it goes, for a decoder that descends only
// into the members it needs and steps over the rest without allocating. It accepts exactly what
// encoding/json accepts (RFC 8259, bytes that are not UTF-8 allowed inside strings, at most 10,000 levels
// of nesting), so that a body is an error for this decoder exactly when it is one for the others.
//
// The first error stops the scan: every read after it returns nothing, and loops over members end.
type scanner struct {
	data  []byte
	pos   int
	depth int   // containers open at pos
	err   error // the first syntax error, if any
}

// maxDepth is encoding/json's limit on nesting.
const maxDepth = 10000

// syntaxError is where and why the scan stopped. The decoder never shows it when encoding/json can
// describe the same body: see decodeCurrentStats.
type syntaxError struct {
	offset int
	msg    string
}

func (e *syntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.offset, e.msg)
}

func (s *scanner) fail(msg string) {
	if s.err == nil {
		s.err = &syntaxError{s.pos, msg}
	}
	s.pos = len(s.data) // nothing more is read
}

// peek skips white space and returns the next byte, or 0 at the end.
func (s *scanner) peek() byte {
	for s.pos < len(s.data) {
		switch c := s.data[s.pos]; c {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return c
		}
	}
	return 0
}

// end checks that only white space follows the top-level value.
func (s *scanner) end() {
	if s.peek() != 0 || s.pos != len(s.data) {
		s.fail("after top-level value")
	}
}

// skip reads one value of any kind and returns its bytes (nil after an error).
func (s *scanner) skip() []byte {
	c := s.peek()
	start := s.pos
	switch {
	case c == '{':
		for range s.members {
			s.skip()
		}
	case c == '[':
		for range s.elements {
			s.skip()
		}
	case c == '"':
		s.stringToken()
	case c == '-' || c >= '0' && c <= '9':
		s.number()
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	default:
		s.fail("looking for beginning of value")
	}
	if s.err != nil {
		return nil
	}
	return s.data[start:s.pos]
}

// members iterates over the object at pos (the caller has seen its '{'), yielding each key, unescaped,
// with pos on the member's value, which the loop body must read or skip. A repeated key is yielded again:
// a caller that keeps the last value reads the object as encoding/json reads it into a map or a struct.
func (s *scanner) members(yield func(key []byte) bool) {
	s.open()
	for first := true; s.more('}', first); first = false {
		if s.peek() != '"' {
			s.fail("looking for beginning of object key string")
			return
		}
		key := unquoteKey(s.stringToken())
		if s.peek() != ':' {
			s.fail("after object key")
			return
		}
		s.pos++
		if s.err != nil || !yield(key) {
			return
		}
	}
}

// elements iterates over the array at pos (the caller has seen its '['); the loop body must read or skip
// each element.
func (s *scanner) elements(yield func(struct{}) bool) {
	s.open()
	for first := true; s.more(']', first); first = false {
		if !yield(struct{}{}) {
			return
		}
	}
}

// open consumes the opening bracket at pos.
func (s *scanner) open() {
	s.pos++
	if s.depth++; s.depth > maxDepth {
		s.fail("exceeded max depth")
	}
}

// more moves past the comma before the next item of the container being read, or past its closing
// bracket; false at the end of the container or after an error.
func (s *scanner) more(closing byte, first bool) bool {
	c := s.peek()
	switch {
	case s.err != nil:
		return false
	case c == closing:
		s.pos++
		s.depth--
		return false
	case first:
		return true
	case c == ',':
		s.pos++
		return true
	}
	s.fail("after value in object or array")
	return false
}

// stringToken reads a string at pos and returns it with its quotes.
func (s *scanner) stringToken() []byte {
	start, data := s.pos, s.data
	for i := start + 1; i < len(data); {
		switch c := data[i]; {
		case c == '"':
			s.pos = i + 1
			return data[start:s.pos]
		case c == '\\':
			n := escapeLen(data[i:])
			if n == 0 {
				s.pos = i
				s.fail("in string escape code")
				return nil
			}
			i += n
		case c < 0x20:
			s.pos = i
			s.fail("in string literal")
			return nil
		default:
			i++
		}
	}
	s.fail("unexpected end of JSON input")
	return nil
}

// escapeLen is the length of the escape sequence at the start of b, or 0 when it is not one JSON allows.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) < 6 {
			return 0
		}
		for _, h := range b[2:6] {
			if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
				return 0
			}
		}
		return 6
	}
	return 0
}

// number reads a number at pos: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() {
	data, i := s.data, s.pos
	if data[i] == '-' {
		i++
	}
	if i < len(data) && data[i] == '0' {
		i++
	} else if i = s.digits(i, "in numeric literal"); s.err != nil {
		return
	}
	if i < len(data) && data[i] == '.' {
		if i = s.digits(i+1, "after decimal point in numeric literal"); s.err != nil {
			return
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i = s.digits(i, "in exponent of numeric literal"); s.err != nil {
			return
		}
	}
	s.pos = i
}

// digits is the end of the run of decimal digits that starts at i; it fails with msg when there is none.
func (s *scanner) digits(i int, msg string) int {
	from := i
	for i < len(s.data) && s.data[i] >= '0' && s.data[i] <= '9' {
		i++
	}
	if i == from {
		s.pos = i
		s.fail(msg)
	}
	return i
}

func (s *scanner) literal(word string) {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(word)) {
		s.fail("in literal " + word)
		return
	}
	s.pos += len(word)
}

// unquoteKey is a key's text. Most keys have no escapes and are valid UTF-8, and are returned in place;
// any other goes through encoding/json, which also turns bytes that are not UTF-8 into U+FFFD.
func unquoteKey(quoted []byte) []byte {
	if inner, ok := plainString(quoted); ok {
		return inner
	}
	var s string
	if json.Unmarshal(quoted, &s) != nil {
		return nil // not a string token: only after a syntax error, which ends the scan anyway
	}
	return []byte(s)
}

// plainString is the text of a quoted JSON string that needs no unescaping: no backslash, valid UTF-8.
func plainString(quoted []byte) (inner []byte, ok bool) {
	if len(quoted) < 2 || quoted[0] != '"' {
		return nil, false
	}
	inner = quoted[1 : len(quoted)-1]
	for _, c := range inner {
		if c == '\\' {
			return nil, false
		}
		if c >= utf8.RuneSelf { // rare: check the whole string
			ok = bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner)
			return inner, ok
		}
	}
	return inner, true
}
