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
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, bodyError(status, body, errors.New("empty body"))
	}
	var env struct {
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, bodyError(status, body, err)
	}
	return checkEnvelope(status, body, env.Result, env.Error)
}

// checkEnvelope is decodeEnvelope once the body has been read as a JSON object with these members
// (nil when absent); decodeCurrentStats reads them in its own pass.
func checkEnvelope(status int, body []byte, result, rpcErr json.RawMessage) (json.RawMessage, error) {
	if e := bytes.TrimSpace(rpcErr); len(e) > 0 && string(e) != "null" && string(e) != "false" {
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
		return nil, bodyError(status, body, fmt.Errorf("HTTP %d without a JSON-RPC error", status))
	}
	if len(result) == 0 {
		return nil, bodyError(status, body, errors.New("neither result nor error"))
	}
	return result, nil
}

func bodyError(status int, body []byte, err error) error {
	return httpx.NewBodyError(&httpx.Response{Status: status, Body: body}, err)
}
