package coinhive

import (
	"context"
	"net/url"
	"strconv"

	"pitboss/apiclients/internal/httpx"
)

// Withdrawal is a granted withdrawal: the user and the hashes taken from their balance.
type Withdrawal struct {
	Name   string
	Amount int64
	// AmountStated is true when the answer itself gave the amount. The doc defines success as "the
	// requested amount could be withdrawn", so a success without it still means the request was granted
	// in full, and Amount is the request; a confirmation can say which it was.
	AmountStated bool
}

// Withdraw takes amount hashes from a user's balance (POST /user/withdraw). It moves money, so it is
// sent once: a lost answer is ErrUnknownOutcome, and more than the balance is ErrInsufficientFunds.
func (c *Client) Withdraw(ctx context.Context, name string, amount int64) (Withdrawal, error) {
	if name == "" {
		return Withdrawal{}, invalidArg("the user name is empty")
	}
	if amount <= 0 {
		return Withdrawal{}, invalidArg("the amount must be positive, not %d", amount)
	}
	p := url.Values{"name": {name}, "amount": {strconv.FormatInt(amount, 10)}}
	wd, err := post(ctx, c, "/user/withdraw", p, decodeWithdraw)
	if err != nil {
		return Withdrawal{}, err
	}
	// The answer's fields are inferred (reference D.4); the doc says amount is "same as input".
	if wd.Name == "" {
		wd.Name = name
	}
	if !wd.AmountStated {
		wd.Amount = amount
	}
	return wd, nil
}

func decodeWithdraw(status int, body []byte) (Withdrawal, error) {
	w, err := decode[struct {
		Name   string       `json:"name"`
		Amount httpx.Number `json:"amount"`
	}](status, body)
	if err != nil {
		return Withdrawal{}, err
	}
	n := count(w.Amount)
	return Withdrawal{Name: w.Name, Amount: n, AmountStated: n != 0}, nil
}
