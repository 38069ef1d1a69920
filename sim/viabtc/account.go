package viabtc

type accountJSON struct {
	ID           int64  `json:"id"`
	ParentUserID *int64 `json:"parent_user_id"`
	CreateTime   int64  `json:"create_time"`
	Account      string `json:"account"`
	Email        string `json:"email"`
	CountryCode  string `json:"country_code"`
	Mobile       string `json:"mobile"`
	Country      string `json:"country"`
}

type observerJSON struct {
	ID         int64  `json:"id"`
	UserID     int64  `json:"user_id"`
	Name       string `json:"name"`
	AccessKey  string `json:"access_key"`
	CreateTime int64  `json:"create_time"`
}

type addressJSON struct {
	Coin    string `json:"coin"`
	Address string `json:"address"`
}

type balanceJSON struct {
	Coin   string `json:"coin"`
	Amount string `json:"amount"`
}

func (s *Sim) getAccount(*request) (any, *apiError) {
	a := s.account
	observers := []observerJSON{}
	for _, o := range s.observers {
		observers = append(observers, observerJSON{ID: o.id, UserID: a.id, Name: o.name, AccessKey: o.accessKey, CreateTime: o.at.Unix()})
	}
	addresses := []addressJSON{}
	balances := []balanceJSON{}
	for _, coin := range s.coins {
		c := s.coin[coin]
		if c.withdrawAddress != "" {
			addresses = append(addresses, addressJSON{Coin: coin, Address: c.withdrawAddress})
		}
		balances = append(balances, balanceJSON{Coin: coin, Amount: c.balance})
	}
	return map[string]any{
		"account": accountJSON{ID: a.id, CreateTime: a.created.Unix(), Account: a.name, Email: a.email,
			CountryCode: a.countryCode, Mobile: a.mobile, Country: a.country},
		"observer":         observers,
		"withdraw_address": addresses,
		"balance":          balances,
	}, nil
}

type subAccountJSON struct {
	Account    string `json:"account"`
	APIKey     string `json:"api_key"`
	SecretKey  string `json:"secret_key"`
	ID         int64  `json:"id"`
	CreateTime int64  `json:"create_time"`
}

// getSubAccounts is the signed sub-account list, paged at top level as documented. The secret key is
// empty, as in the doc's sample.
func (s *Sim) getSubAccounts(rq *request) (any, *apiError) {
	p, aerr := pagingParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	rows := make([]subAccountJSON, 0, len(s.subs))
	for _, sa := range s.subs {
		rows = append(rows, subAccountJSON{Account: sa.name, APIKey: sa.apiKey, ID: sa.id, CreateTime: sa.at.Unix()})
	}
	return topLevelPage(pageOf(p, rows)), nil
}
