package viabtc

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"

	"pitboss/apiclients/internal/httpx"
)

// envelope is {code, data, message}. Paginated lists put their paging fields either inside data or next
// to code, so those are decoded separately by decodePage.
type envelope struct {
	Code    json.RawMessage `json:"code"`
	Data    json.RawMessage `json:"data"`
	Message text            `json:"message"`
}

// Page is one page of a list. ViaBTC counts pages from 1.
type Page[T any] struct {
	Items     []T
	Count     int // items on this page
	CurrPage  int
	Total     int // items on every page
	TotalPage int
	HasNext   bool
}

// paging is the paging fields, wherever they sit.
type paging struct {
	Count     httpx.Number `json:"count"`
	CurrPage  httpx.Number `json:"curr_page"`
	Total     httpx.Number `json:"total"`
	TotalPage httpx.Number `json:"total_page"`
	HasNext   flag         `json:"has_next"`
}

// decodeEnvelope checks the envelope's code whatever the HTTP status (the service reports errors with
// HTTP 200, and a whitelist refusal may come as 403 with or without an envelope) and returns data, which
// may be empty.
func decodeEnvelope(status int, body []byte) (json.RawMessage, error) {
	var env envelope
	err := json.Unmarshal(body, &env)
	if err == nil && len(env.Code) == 0 {
		err = errors.New(`no "code" in the answer`)
	}
	var code integer
	if err == nil {
		raw := string(bytes.TrimSpace(env.Code))
		if cerr := code.UnmarshalJSON(env.Code); cerr != nil || raw == "null" || raw == `""` {
			err = errors.New(`"code" is not a number`)
		}
	}
	if err != nil {
		return nil, notEnvelope(status, body, err)
	}
	if code != 0 {
		return nil, &APIError{Code: int(code), Message: string(env.Message), HTTPStatus: status}
	}
	return env.Data, nil
}

// notEnvelope is an answer that is not ViaBTC JSON. A bare 403 is most likely the IP whitelist; whether
// anything else means the service is down, or a sweep's outcome is unknown, is the transport's call
// (httpx.Classify), which knows whether the call may be repeated.
func notEnvelope(status int, body []byte, err error) error {
	be := httpx.NewBodyError(&httpx.Response{Status: status, Body: body}, err)
	if status == http.StatusForbidden {
		return httpx.WithClass(ErrForbidden, be)
	}
	return be
}

// decodeObject decodes data, which must be present, into a T.
func decodeObject[T any](status int, body []byte) (T, error) {
	var v T
	data, err := decodeEnvelope(status, body)
	if err != nil {
		return v, err
	}
	if isEmpty(data) {
		return v, httpx.NewBodyError(&httpx.Response{Status: status, Body: body}, errors.New(`no "data" in the answer`))
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, httpx.NewBodyError(&httpx.Response{Status: status, Body: body}, err)
	}
	return v, nil
}

// decodeList decodes data as an array of T. It also takes a list wrapped like a page, and null as empty.
func decodeList[T any](status int, body []byte) ([]T, error) {
	p, err := decodePage[T](status, body)
	return p.Items, err
}

// decodePage decodes a paginated list in either layout the service uses: paging fields inside data
// ({"data":{"count":..,"data":[..]}}) or next to code ({"count":..,"data":[..]}). Which endpoint uses
// which is documented but not settled, so every list accepts both.
func decodePage[T any](status int, body []byte) (Page[T], error) {
	var p Page[T]
	data, err := decodeEnvelope(status, body)
	if err != nil {
		return p, err
	}
	bad := func(err error) (Page[T], error) {
		return Page[T]{}, httpx.NewBodyError(&httpx.Response{Status: status, Body: body}, err)
	}
	var pg paging
	items := data
	switch firstByte(data) {
	case '{': // nested: data holds the paging fields and the items
		var nested struct {
			paging
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(data, &nested); err != nil {
			return bad(err)
		}
		pg, items = nested.paging, nested.Data
	case '[', 0: // top level (or no list at all)
		if err := json.Unmarshal(body, &pg); err != nil {
			return bad(err)
		}
	default:
		return bad(errors.New(`"data" is neither a list nor an object`))
	}
	if !isEmpty(items) {
		if err := json.Unmarshal(items, &p.Items); err != nil {
			return bad(err)
		}
	}
	p.Count = count(pg.Count)
	p.CurrPage = count(pg.CurrPage)
	p.Total = count(pg.Total)
	p.TotalPage = count(pg.TotalPage)
	p.HasNext = bool(pg.HasNext)
	return p, nil
}

func firstByte(b []byte) byte {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return 0
	}
	return b[0]
}

func isEmpty(b json.RawMessage) bool { return firstByte(b) == 0 }

// count turns a paging number into a non-negative int; nonsense becomes 0.
func count(n httpx.Number) int {
	f := float64(n)
	if math.IsNaN(f) || f < 0 || f > math.MaxInt32 {
		return 0
	}
	return int(f)
}
