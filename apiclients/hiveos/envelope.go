package hiveos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"pitboss/apiclients/internal/httpx"
)

// decodeEnvelope reads a JSON-RPC answer whatever its HTTP status: an error member (not null or false)
// is an *RPCError; otherwise result is returned. A body that is not a JSON object, or an answer with
// neither, is an *httpx.BodyError.
func decodeEnvelope(status int, body []byte) (json.RawMessage, error) {
	bodyErr := func(err error) error {
		return httpx.NewBodyError(&httpx.Response{Status: status, Body: body}, err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, bodyErr(errors.New("empty body"))
	}
	var env struct {
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, bodyErr(err)
	}
	if e := bytes.TrimSpace(env.Error); len(e) > 0 && string(e) != "null" && string(e) != "false" {
		rpc := &RPCError{HTTPStatus: status}
		if o := obj(e); o != nil {
			code, _ := num(o["code"])
			rpc.Code, rpc.Message = int(code), str(o["message"])
		} else {
			rpc.Message = str(e) // "error":"Invalid HMAC"
		}
		if rpc.Message == "" {
			rpc.Message = "(no message)"
		}
		return nil, rpc
	}
	if status < 200 || status > 299 {
		return nil, bodyErr(fmt.Errorf("HTTP %d without a JSON-RPC error", status))
	}
	if len(env.Result) == 0 {
		return nil, bodyErr(errors.New("neither result nor error"))
	}
	return env.Result, nil
}
