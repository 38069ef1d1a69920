package viabtc

import (
	"encoding/json"
	"net/http"
)

// The documented error codes.
const (
	CodeOK              = 0
	CodeInvalidArgument = 2
	CodeInvalidCoin     = 5001
	CodeWorkerNotFound  = 5003
	CodeGroupNotFound   = 5008
	CodeInvalidAPIKey   = 12001
	CodeSignature       = 12002
	CodeInvalidTonce    = 12003
	CodeIPNotAllowed    = 12004
)

// messages are those the clients that cite the wiki show; the service's own wording is not published for
// every code.
var messages = map[int]string{
	CodeOK:              "OK",
	CodeInvalidArgument: "Invalid argument",
	CodeInvalidCoin:     "Invalid coin type",
	CodeWorkerNotFound:  "Worker not exist",
	CodeGroupNotFound:   "Worker group not exist",
	CodeInvalidAPIKey:   "Invalid API key",
	CodeSignature:       "Signature error",
	CodeInvalidTonce:    "Invalid tonce",
	CodeIPNotAllowed:    "IP not allowed",
}

// apiError is a refusal: the envelope's code and message, and the HTTP status it goes out with.
type apiError struct {
	code   int
	status int
}

func fail(code int) *apiError { return &apiError{code: code, status: http.StatusOK} }

// envelope is the answer to every call. Errors carry "data": null.
type envelope struct {
	Code    int    `json:"code"`
	Data    any    `json:"data"`
	Message string `json:"message"`
}

// nestedPage is a page inside data (hashrate and profit history, workers, groups).
type nestedPage struct {
	Count     int  `json:"count"`
	CurrPage  int  `json:"curr_page"`
	Data      any  `json:"data"`
	HasNext   bool `json:"has_next"`
	Total     int  `json:"total"`
	TotalPage int  `json:"total_page"`
}

// topLevelPage is a page whose paging fields sit next to code (sub-accounts, payment history), as the
// service documents.
type topLevelPage nestedPage

type topLevelEnvelope struct {
	Code      int    `json:"code"`
	Count     int    `json:"count"`
	CurrPage  int    `json:"curr_page"`
	Data      any    `json:"data"`
	HasNext   bool   `json:"has_next"`
	Total     int    `json:"total"`
	TotalPage int    `json:"total_page"`
	Message   string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, envelope{Code: e.code, Data: nil, Message: messages[e.code]})
}

func writeData(w http.ResponseWriter, data any) {
	if p, ok := data.(topLevelPage); ok {
		writeJSON(w, http.StatusOK, topLevelEnvelope{Code: CodeOK, Count: p.Count, CurrPage: p.CurrPage, Data: p.Data,
			HasNext: p.HasNext, Total: p.Total, TotalPage: p.TotalPage, Message: messages[CodeOK]})
		return
	}
	writeJSON(w, http.StatusOK, envelope{Code: CodeOK, Data: data, Message: messages[CodeOK]})
}
