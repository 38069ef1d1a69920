package coinhive

import (
	"context"
	"net/url"
	"strconv"
)

// Order is the field /user/top sorts by, largest first.
type Order string

// The orders the doc allows. The zero Order leaves the choice to Coinhive, whose default is OrderTotal.
const (
	OrderTotal     Order = "total"
	OrderBalance   Order = "balance"
	OrderWithdrawn Order = "withdrawn"
)

// Bounds of /user/top's count.
const (
	TopCountMin = 1
	TopCountMax = 1024
)

// Top returns the users with the most hashes by order (GET /user/top). count 0 asks for Coinhive's
// default of 128; otherwise it must be within TopCountMin..TopCountMax.
func (c *Client) Top(ctx context.Context, count int, order Order) ([]User, error) {
	p := url.Values{}
	if count != 0 {
		if count < TopCountMin || count > TopCountMax {
			return nil, invalidArg("count %d is outside %d..%d", count, TopCountMin, TopCountMax)
		}
		p.Set("count", strconv.Itoa(count))
	}
	switch order {
	case "":
	case OrderTotal, OrderBalance, OrderWithdrawn:
		p.Set("order", string(order))
	default:
		return nil, invalidArg("order %q is not total, balance or withdrawn", order)
	}
	return get(ctx, c, "/user/top", p, decodeTop)
}

func decodeTop(status int, body []byte) ([]User, error) {
	w, err := decode[struct {
		Users []wireUser `json:"users"`
	}](status, body)
	if err != nil {
		return nil, err
	}
	return users(w.Users), nil
}
