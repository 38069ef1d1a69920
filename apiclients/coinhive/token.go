package coinhive

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// TokenResult is a verified token: the hashes it recorded and when it was created.
type TokenResult struct {
	Hashes  int64
	Created time.Time
}

// VerifyToken checks that a CoinHive.Token miner's token has reached hashes (POST /token/verify). A
// token is valid for an hour and verifies once: afterwards, or short of hashes, the answer is
// ErrInvalidToken. The call uses the token up, so it is never retried.
func (c *Client) VerifyToken(ctx context.Context, token string, hashes int64) (TokenResult, error) {
	if token == "" {
		return TokenResult{}, invalidArg("the token is empty")
	}
	if hashes <= 0 {
		return TokenResult{}, invalidArg("hashes must be positive, not %d", hashes)
	}
	p := url.Values{"token": {token}, "hashes": {strconv.FormatInt(hashes, 10)}}
	return post(ctx, c, "/token/verify", p, decodeToken)
}

func decodeToken(status int, body []byte) (TokenResult, error) {
	w, err := decode[struct {
		Hashes  httpx.Number `json:"hashes"`
		Created httpx.Number `json:"created"`
	}](status, body)
	if err != nil {
		return TokenResult{}, err
	}
	return TokenResult{Hashes: count(w.Hashes), Created: unixTime(w.Created)}, nil
}
