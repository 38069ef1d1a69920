package viabtc

import (
	"sort"
	"time"
)

type paymentJSON struct {
	ID         int64  `json:"id"`
	Coin       string `json:"coin"`
	Amount     string `json:"amount"`
	Address    string `json:"address"`
	Tx         string `json:"tx"`
	CreateTime int64  `json:"create_time"`
}

// getPayments lists coin's payouts, newest first, paged at top level as the doc shows. The date range
// is in Beijing days unless utc=true.
func (s *Sim) getPayments(rq *request) (any, *apiError) {
	coin, aerr := s.coinParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	r, p, aerr := historyParams(rq)
	if aerr != nil {
		return nil, aerr
	}
	var picked []*payment
	for _, pay := range s.payments {
		if pay.coin == coin && r.holds(pay.at.In(r.loc).Format(time.DateOnly)) {
			picked = append(picked, pay)
		}
	}
	sort.SliceStable(picked, func(i, j int) bool { return picked[i].at.After(picked[j].at) })
	rows := make([]paymentJSON, 0, len(picked))
	for _, pay := range picked {
		rows = append(rows, paymentJSON{ID: pay.id, Coin: pay.coin, Amount: pay.amount, Address: pay.address, Tx: pay.tx,
			CreateTime: pay.at.Unix()})
	}
	return topLevelPage(pageOf(p, rows)), nil
}
