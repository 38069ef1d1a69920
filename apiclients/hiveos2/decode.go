package hiveos2

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// decodeJSON reads a 2xx answer, which must be a JSON object, into v; any other status is the service's
// error (decodeError). A value of an unexpected type inside is skipped and the rest decoded (see
// lenient.go); an answer that is empty, not JSON or not an object is an *httpx.BodyError.
func decodeJSON(status int, body []byte, v any) error {
	if err := checkStatus(status, body); err != nil {
		return err
	}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return newBodyError(status, body, errors.New("empty body"))
	case trimmed[0] != '{':
		return newBodyError(status, body, errors.New("not a JSON object"))
	}
	if err := json.Unmarshal(body, v); err != nil && !isTypeError(err) {
		return newBodyError(status, body, err)
	}
	return nil
}

// listWire is the envelope of every list: {"data": [...]}.
type listWire[T any] struct {
	Data *[]T `json:"data"`
}

// decodeList reads a list answer; one without a data list is an *httpx.BodyError.
func decodeList[T any](status int, body []byte) ([]T, error) {
	var w listWire[T]
	if err := decodeJSON(status, body, &w); err != nil {
		return nil, err
	}
	if w.Data == nil || *w.Data == nil {
		return nil, newBodyError(status, body, errors.New("no data list"))
	}
	return *w.Data, nil
}

// decodeNothing reads an answer whose body does not matter, such as /auth/check's 204.
func decodeNothing(status int, body []byte) (struct{}, error) {
	return struct{}{}, checkStatus(status, body)
}

// checkStatus is the error of an answer that is not a success: the service's error from 400 on, and
// for a status that is neither (an informational one, a redirect not followed) an *httpx.BodyError.
func checkStatus(status int, body []byte) error {
	switch {
	case status >= 400:
		return decodeError(status, body)
	case status < 200 || status > 299:
		return newBodyError(status, body, fmt.Errorf("HTTP %d is neither a success nor an error", status))
	}
	return nil
}
