package viabtc

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// SubAccount is one sub-account of the account. The service also returns the sub-account's secret key
// (empty in its samples); it is deliberately not kept here so that it cannot end up in a chat.
type SubAccount struct {
	ID      int64
	Name    string // the service's "account"
	APIKey  string
	Created time.Time
}

// UnmarshalJSON decodes a sub-account row.
func (s *SubAccount) UnmarshalJSON(b []byte) error {
	var w struct {
		ID         integer `json:"id"`
		Account    text    `json:"account"`
		APIKey     text    `json:"api_key"`
		CreateTime integer `json:"create_time"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = SubAccount{ID: int64(w.ID), Name: string(w.Account), APIKey: string(w.APIKey), Created: unixTime(w.CreateTime)}
	return nil
}

func decodeSubAccounts(status int, body []byte) (Page[SubAccount], error) {
	return decodePage[SubAccount](status, body)
}

// SubAccounts lists the sub-accounts (a signed call); page and limit 0 mean the service's defaults.
func (c *Client) SubAccounts(ctx context.Context, page, limit int) (Page[SubAccount], error) {
	v := url.Values{}
	setPage(v, page, limit)
	return fetch(ctx, c, call{method: http.MethodGet, path: "/account/sub", query: v, signed: true, idempotent: true},
		decodeSubAccounts)
}
