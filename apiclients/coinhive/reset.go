package coinhive

import (
	"context"
	"net/url"

	"pitboss/apiclients/internal/httpx"
)

// Reset sets a user's total and withdrawn hashes to 0 (POST /user/reset). Coinhive answers success for
// a name it does not know. It is sent once.
func (c *Client) Reset(ctx context.Context, name string) error {
	if name == "" {
		return invalidArg("the user name is empty")
	}
	_, err := post(ctx, c, "/user/reset", url.Values{"name": {name}}, decodeReset)
	return err
}

// ResetAll sets every user's total and withdrawn hashes to 0 (POST /user/reset-all) and returns how
// many users were affected (0 if Coinhive does not say). It is sent once.
func (c *Client) ResetAll(ctx context.Context) (affected int64, err error) {
	return post(ctx, c, "/user/reset-all", nil, decodeResetAll)
}

func decodeReset(status int, body []byte) (struct{}, error) {
	return decode[struct{}](status, body)
}

func decodeResetAll(status int, body []byte) (int64, error) {
	w, err := decode[struct {
		Affected httpx.Number `json:"affected"`
	}](status, body)
	if err != nil {
		return 0, err
	}
	return count(w.Affected), nil
}
