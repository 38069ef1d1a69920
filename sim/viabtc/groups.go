package viabtc

import "strconv"

type groupJSON struct {
	ActiveWorkers  int    `json:"active_workers"`
	Coin           string `json:"coin"`
	GroupID        int64  `json:"group_id"`
	GroupName      string `json:"group_name"`
	Hashrate10Min  string `json:"hashrate_10min"`
	Hashrate1Hour  string `json:"hashrate_1hour"`
	Hashrate24Hour string `json:"hashrate_24hour"`
	RejectRate     string `json:"reject_rate"`
	TotalWorkers   int    `json:"total_workers"`
}

func (s *Sim) groupJSON(rq *request, g *group) groupJSON {
	var t totals
	for _, w := range s.workers {
		if w.group == g.id {
			t.add(w.view(rq.now))
		}
	}
	return groupJSON{ActiveWorkers: t.active, Coin: g.coin, GroupID: g.id, GroupName: g.name, Hashrate10Min: hashrate(t.h10),
		Hashrate1Hour: hashrate(t.h1), Hashrate24Hour: hashrate(t.h24), RejectRate: fraction(t.rejectRate()),
		TotalWorkers: t.active + t.inactive}
}

// getGroups lists coin's named groups; the default group (workers with a null group) is not one of them.
func (s *Sim) getGroups(rq *request) (any, *apiError) {
	coin, aerr := s.coinParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	p, aerr := pagingParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	rows := []groupJSON{}
	for _, g := range s.groups {
		if g.coin == coin {
			rows = append(rows, s.groupJSON(rq, g))
		}
	}
	return pageOf(p, rows), nil
}

func (s *Sim) getGroup(rq *request) (any, *apiError) {
	id, err := strconv.ParseInt(rq.http.PathValue("id"), 10, 64)
	if err != nil {
		return nil, fail(CodeInvalidArgument)
	}
	g := s.groupByID(id)
	if g == nil {
		return nil, fail(CodeGroupNotFound)
	}
	return s.groupJSON(rq, g), nil
}
