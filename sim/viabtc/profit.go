package viabtc

import "sort"

type profitJSON struct {
	Coin        string `json:"coin"`
	Date        string `json:"date,omitempty"`
	PPLNSProfit string `json:"pplns_profit"`
	PPSProfit   string `json:"pps_profit"`
	SoloProfit  string `json:"solo_profit"`
	TotalProfit string `json:"total_profit"`
}

func profitRow(coin, date, pps, pplns, solo string) profitJSON {
	return profitJSON{Coin: coin, Date: date, PPLNSProfit: sum(pplns), PPSProfit: sum(pps), SoloProfit: sum(solo),
		TotalProfit: sum(pps, pplns, solo)}
}

func (s *Sim) getProfit(rq *request) (any, *apiError) {
	coin, aerr := s.coinParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	c := s.coin[coin]
	return profitRow(coin, "", c.pps, c.pplns, c.solo), nil
}

func (s *Sim) getProfitHistory(rq *request) (any, *apiError) {
	coin, aerr := s.coinParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	r, p, aerr := historyParams(rq)
	if aerr != nil {
		return nil, aerr
	}
	rows := []profitJSON{}
	for _, d := range s.coin[coin].days {
		if r.holds(d.Date) {
			rows = append(rows, profitRow(coin, d.Date, d.PPS, d.PPLNS, d.Solo))
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Date > rows[j].Date })
	return pageOf(p, rows), nil
}
