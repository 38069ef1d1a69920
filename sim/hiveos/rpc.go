package hiveos

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
)

// JSON-RPC error codes the simulator answers with. Only -32601 "Method not found" is documented; the rest
// are the simulator's choice (reference A.3, A.4).
const (
	CodeAuth           = -32600 // wrong or missing public key, wrong HMAC
	CodeMethodNotFound = -32601 // unknown method (HTTP 404), or no method at all (HTTP 200)
	CodeInvalidParams  = -32602 // multiRocket parameters missing or unknown
)

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

type envelope struct {
	JSONRPC string    `json:"jsonrpc"`
	Result  any       `json:"result,omitempty"`
	Error   *rpcError `json:"error,omitempty"`
	ID      any       `json:"id"`
}

// handlers maps each API method to what answers it.
var handlers = map[string]func(s *Sim, form url.Values) (any, *rpcError){
	"getRigs":         (*Sim).getRigs,
	"getWallets":      (*Sim).getWallets,
	"getOC":           (*Sim).getOC,
	"getCurrentStats": (*Sim).getCurrentStats,
	"multiRocket":     (*Sim).multiRocket,
}

// api is the one endpoint. It checks in the order that explains what forum users saw: a body the server
// could not read as a form shows up as "method not given" before any key is looked at.
func (s *Sim) api(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	form := url.Values{}
	if r.Method == http.MethodPost && isForm(r.Header.Get("Content-Type")) {
		// Like PHP, keep whatever pairs parse and ignore the rest.
		form, _ = url.ParseQuery(string(body))
	}
	method := form.Get("method")
	if method == "" {
		writeRPC(w, http.StatusOK, nil, &rpcError{CodeMethodNotFound, "method not given"})
		return
	}
	if !hmac.Equal([]byte(form.Get("public_key")), []byte(s.opts.PublicKey)) || s.opts.PublicKey == "" {
		writeRPC(w, http.StatusOK, nil, &rpcError{CodeAuth, "Invalid public key"})
		return
	}
	if !validMAC(r.Header.Get("HMAC"), body, s.opts.SecretKey) {
		writeRPC(w, http.StatusOK, nil, &rpcError{CodeAuth, "Invalid HMAC"})
		return
	}
	h, ok := handlers[method]
	if !ok {
		writeRPC(w, http.StatusNotFound, nil, &rpcError{CodeMethodNotFound, "Method not found"})
		return
	}
	result, rerr := h(s, form)
	writeRPC(w, http.StatusOK, result, rerr)
}

// validMAC checks the HMAC header against the raw body, as the service does: lower-case hex of
// HMAC-SHA256 keyed with the secret key.
func validMAC(header string, body []byte, secret string) bool {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	want := hex.EncodeToString(m.Sum(nil))
	return hmac.Equal([]byte(header), []byte(want))
}

func isForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

func writeRPC(w http.ResponseWriter, status int, result any, rerr *rpcError) {
	env := envelope{JSONRPC: "2.0", Result: result, Error: rerr}
	b, err := json.Marshal(env)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"},"id":null}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
