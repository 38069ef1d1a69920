package viabtc

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Account is GET /account: who the key belongs to, its observers, withdraw addresses and balances.
type Account struct {
	Info              AccountInfo
	Observers         []Observer
	WithdrawAddresses []WithdrawAddress
	Balances          []Balance
}

// AccountInfo is the account itself.
type AccountInfo struct {
	ID           int64
	ParentUserID *int64 // nil for a main account
	Name         string // the login ("account")
	Email        string
	CountryCode  string
	Mobile       string
	Country      string
	Created      time.Time
}

// Observer is a read-only watcher link of the account.
type Observer struct {
	ID        int64
	UserID    int64
	Name      string
	AccessKey string
	Created   time.Time
}

// WithdrawAddress is where payouts of a coin go.
type WithdrawAddress struct {
	Coin    string `json:"coin"`
	Address string `json:"address"`
}

// Balance is the unpaid balance of a coin.
type Balance struct {
	Coin   string  `json:"coin"`
	Amount Decimal `json:"amount"`
}

// Balance returns the balance of coin, and false when the account lists none.
func (a Account) Balance(coin string) (Decimal, bool) {
	for _, b := range a.Balances {
		if b.Coin == coin {
			return b.Amount, true
		}
	}
	return "", false
}

// UnmarshalJSON decodes the data of GET /account.
func (a *Account) UnmarshalJSON(b []byte) error {
	var w struct {
		Account           AccountInfo       `json:"account"`
		Observer          []Observer        `json:"observer"`
		WithdrawAddresses []WithdrawAddress `json:"withdraw_address"`
		Balance           []Balance         `json:"balance"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Account{Info: w.Account, Observers: w.Observer, WithdrawAddresses: w.WithdrawAddresses, Balances: w.Balance}
	return nil
}

// UnmarshalJSON decodes the "account" object.
func (a *AccountInfo) UnmarshalJSON(b []byte) error {
	var w struct {
		ID           integer  `json:"id"`
		ParentUserID *integer `json:"parent_user_id"`
		CreateTime   integer  `json:"create_time"`
		Account      text     `json:"account"`
		Email        text     `json:"email"`
		CountryCode  text     `json:"country_code"`
		Mobile       text     `json:"mobile"`
		Country      text     `json:"country"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = AccountInfo{ID: int64(w.ID), ParentUserID: optionalID(w.ParentUserID), Name: string(w.Account),
		Email: string(w.Email), CountryCode: string(w.CountryCode), Mobile: string(w.Mobile),
		Country: string(w.Country), Created: unixTime(w.CreateTime)}
	return nil
}

// UnmarshalJSON decodes an observer row.
func (o *Observer) UnmarshalJSON(b []byte) error {
	var w struct {
		ID         integer `json:"id"`
		UserID     integer `json:"user_id"`
		Name       text    `json:"name"`
		AccessKey  text    `json:"access_key"`
		CreateTime integer `json:"create_time"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*o = Observer{ID: int64(w.ID), UserID: int64(w.UserID), Name: string(w.Name), AccessKey: string(w.AccessKey),
		Created: unixTime(w.CreateTime)}
	return nil
}

func decodeAccount(status int, body []byte) (Account, error) {
	return decodeObject[Account](status, body)
}

// Account returns the account, its observers, withdraw addresses and balances.
func (c *Client) Account(ctx context.Context) (Account, error) {
	return fetch(ctx, c, call{method: http.MethodGet, path: "/account", idempotent: true}, decodeAccount)
}
