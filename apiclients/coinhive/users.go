package coinhive

import (
	"context"
	"net/url"

	"pitboss/apiclients/internal/httpx"
)

// User is one user's hashes: Total mined, Withdrawn, and Balance (total - withdrawn) left to withdraw.
type User struct {
	Name      string
	Total     int64
	Withdrawn int64
	Balance   int64
}

// wireUser is a user as sent. Only balance is confirmed; total and withdrawn are inferred names
// (reference D.4), so a missing balance is worked out from them.
type wireUser struct {
	Name      string        `json:"name"`
	Total     httpx.Number  `json:"total"`
	Withdrawn httpx.Number  `json:"withdrawn"`
	Balance   *httpx.Number `json:"balance"`
}

func (w wireUser) user() User {
	u := User{Name: w.Name, Total: count(w.Total), Withdrawn: count(w.Withdrawn)}
	if w.Balance != nil {
		u.Balance = count(*w.Balance)
	} else {
		u.Balance = u.Total - u.Withdrawn
	}
	return u
}

func users(ws []wireUser) []User {
	out := make([]User, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.user())
	}
	return out
}

// Balance returns a user's hashes (GET /user/balance). A name that never mined is ErrUnknownUser.
func (c *Client) Balance(ctx context.Context, name string) (User, error) {
	if name == "" {
		return User{}, invalidArg("the user name is empty")
	}
	u, err := get(ctx, c, "/user/balance", url.Values{"name": {name}}, decodeBalance)
	if err != nil {
		return User{}, err
	}
	if u.Name == "" {
		u.Name = name
	}
	return u, nil
}

func decodeBalance(status int, body []byte) (User, error) {
	w, err := decode[wireUser](status, body)
	if err != nil {
		return User{}, err
	}
	return w.user(), nil
}
