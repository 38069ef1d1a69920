package viabtc

import (
	"strconv"
)

type workerJSON struct {
	Coin           string  `json:"coin"`
	GroupID        *int64  `json:"group_id"`
	GroupName      *string `json:"group_name"`
	Hashrate10Min  string  `json:"hashrate_10min"`
	Hashrate1Hour  string  `json:"hashrate_1hour"`
	Hashrate24Hour string  `json:"hashrate_24hour"`
	LastActive     int64   `json:"last_active"`
	RejectRate     string  `json:"reject_rate"`
	WorkerID       int64   `json:"worker_id"`
	WorkerName     string  `json:"worker_name"`
	WorkerStatus   string  `json:"worker_status"`
}

func (s *Sim) workerJSON(v workerView) workerJSON {
	j := workerJSON{Coin: v.w.coin, Hashrate10Min: hashrate(v.h10), Hashrate1Hour: hashrate(v.h1),
		Hashrate24Hour: hashrate(v.h24), LastActive: v.lastActive.Unix(), RejectRate: fraction(v.w.reject),
		WorkerID: v.w.id, WorkerName: v.w.name, WorkerStatus: v.status()}
	if g := s.groupByID(v.w.group); g != nil {
		id, name := g.id, g.name
		j.GroupID, j.GroupName = &id, &name
	}
	return j
}

// getWorkers lists coin's workers, optionally of one group (5008 if it does not exist) and one status.
func (s *Sim) getWorkers(rq *request) (any, *apiError) {
	coin, aerr := s.coinParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	var groupID int64
	if v := rq.params.Get("group_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fail(CodeInvalidArgument)
		}
		if s.groupByID(id) == nil {
			return nil, fail(CodeGroupNotFound)
		}
		groupID = id
	}
	status := rq.params.Get("worker_status")
	if status != "" && status != "active" && status != "unactive" {
		return nil, fail(CodeInvalidArgument)
	}
	p, aerr := pagingParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	rows := []workerJSON{}
	for _, w := range s.workers {
		if w.coin != coin || (groupID != 0 && w.group != groupID) {
			continue
		}
		v := w.view(rq.now)
		if status != "" && v.status() != status {
			continue
		}
		rows = append(rows, s.workerJSON(v))
	}
	return pageOf(p, rows), nil
}

// pathWorker is the worker named by the path: a malformed id is code 2, an unknown one 5003.
func (s *Sim) pathWorker(rq *request) (*worker, *apiError) {
	id, err := strconv.ParseInt(rq.http.PathValue("id"), 10, 64)
	if err != nil {
		return nil, fail(CodeInvalidArgument)
	}
	w := s.workerByID(id)
	if w == nil {
		return nil, fail(CodeWorkerNotFound)
	}
	return w, nil
}

func (s *Sim) getWorker(rq *request) (any, *apiError) {
	w, aerr := s.pathWorker(rq)
	if aerr != nil {
		return nil, aerr
	}
	return s.workerJSON(w.view(rq.now)), nil
}

// getWorkerHistory is a worker's daily hashrate; asking for another coin than the worker mines gives
// an empty list.
func (s *Sim) getWorkerHistory(rq *request) (any, *apiError) {
	w, aerr := s.pathWorker(rq)
	if aerr != nil {
		return nil, aerr
	}
	coin, aerr := s.coinParam(rq)
	if aerr != nil {
		return nil, aerr
	}
	var days []Day
	if coin == w.coin {
		days = w.days
	}
	return historyPage(rq, coin, days)
}
