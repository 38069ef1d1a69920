package coinhive

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"strconv"
)

// Bounds of /user/list's count.
const (
	ListCountMin = 32
	ListCountMax = 8192
)

// UserPage is one page of /user/list. NextPage is empty on the last page.
type UserPage struct {
	Users    []User
	NextPage string
}

// List returns one page of the users with hashes, alphabetically (GET /user/list). page is "" for the
// first page, then the previous page's NextPage. count 0 asks for Coinhive's default of 4096; otherwise
// it must be within ListCountMin..ListCountMax.
func (c *Client) List(ctx context.Context, count int, page string) (UserPage, error) {
	if err := checkListCount(count); err != nil {
		return UserPage{}, err
	}
	p := url.Values{}
	if count != 0 {
		p.Set("count", strconv.Itoa(count))
	}
	if page != "" {
		p.Set("page", page)
	}
	return get(ctx, c, "/user/list", p, decodeList)
}

// AllUsers iterates over every user with hashes, following nextPage from page to page with count
// users a page. It stops at the first error, which it yields with a zero User.
func (c *Client) AllUsers(ctx context.Context, count int) iter.Seq2[User, error] {
	return func(yield func(User, error) bool) {
		if err := checkListCount(count); err != nil {
			yield(User{}, err)
			return
		}
		seen := map[string]bool{}
		page := ""
		for {
			p, err := c.List(ctx, count, page)
			if err != nil {
				yield(User{}, err)
				return
			}
			for _, u := range p.Users {
				if !yield(u, nil) {
					return
				}
			}
			if p.NextPage == "" {
				return
			}
			// A server that hands back a page already read would keep us here for ever.
			if seen[p.NextPage] {
				yield(User{}, fmt.Errorf("coinhive /user/list: nextPage %q was already read", p.NextPage))
				return
			}
			seen[p.NextPage] = true
			page = p.NextPage
		}
	}
}

func checkListCount(count int) error {
	if count != 0 && (count < ListCountMin || count > ListCountMax) {
		return invalidArg("count %d is outside %d..%d", count, ListCountMin, ListCountMax)
	}
	return nil
}

func decodeList(status int, body []byte) (UserPage, error) {
	w, err := decode[struct {
		Users    []wireUser      `json:"users"`
		NextPage json.RawMessage `json:"nextPage"`
	}](status, body)
	if err != nil {
		return UserPage{}, err
	}
	return UserPage{Users: users(w.Users), NextPage: looseString(w.NextPage, 4096)}, nil
}
