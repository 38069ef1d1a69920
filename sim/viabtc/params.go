package viabtc

import (
	"math"
	"strconv"
	"time"
)

// Paging defaults and limits. The service's own are not documented.
const (
	defaultLimit = 20
	maxLimit     = 100
)

// beijing is where the service cuts days unless utc=true.
var beijing = time.FixedZone("UTC+8", 8*3600)

// coin returns the requested coin if the pool supports it: missing is code 2, unsupported 5001.
func (s *Sim) coinParam(rq *request) (string, *apiError) {
	raw := rq.params.Get("coin")
	if raw == "" {
		return "", fail(CodeInvalidArgument)
	}
	c := normCoin(raw)
	if _, ok := s.coin[c]; !ok {
		return "", fail(CodeInvalidCoin)
	}
	return c, nil
}

// paging is page and limit (page also as pageno, which one real client sends).
type paging struct{ page, limit int }

func pagingParam(rq *request) (paging, *apiError) {
	p := paging{page: 1, limit: defaultLimit}
	page := rq.params.Get("page")
	if page == "" {
		page = rq.params.Get("pageno")
	}
	var ok bool
	if page != "" {
		if p.page, ok = positive(page); !ok {
			return p, fail(CodeInvalidArgument)
		}
	}
	if limit := rq.params.Get("limit"); limit != "" {
		if p.limit, ok = positive(limit); !ok {
			return p, fail(CodeInvalidArgument)
		}
		p.limit = min(p.limit, maxLimit)
	}
	return p, nil
}

func positive(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	return n, err == nil && n > 0
}

// slice cuts one page out of n items.
func (p paging) slice(n int) (from, to int) {
	if p.page-1 > n/p.limit { // past the end; also keeps (page-1)*limit from overflowing
		return n, n
	}
	from = min((p.page-1)*p.limit, n)
	return from, min(from+p.limit, n)
}

func pageOf[T any](p paging, items []T) nestedPage {
	from, to := p.slice(len(items))
	total := len(items)
	pages := int(math.Ceil(float64(total) / float64(p.limit)))
	page := items[from:to]
	if page == nil {
		page = []T{}
	}
	return nestedPage{Count: len(page), CurrPage: p.page, Data: page, HasNext: p.page < pages, Total: total, TotalPage: pages}
}

// dateRange is the start_date/end_date/utc of a history call.
type dateRange struct {
	start, end string // inclusive, "2006-01-02"; "" is open
	loc        *time.Location
}

func dateRangeParam(rq *request) (dateRange, *apiError) {
	r := dateRange{start: rq.params.Get("start_date"), end: rq.params.Get("end_date"), loc: beijing}
	for _, d := range []string{r.start, r.end} {
		if d == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return r, fail(CodeInvalidArgument)
		}
	}
	if v := rq.params.Get("utc"); v != "" {
		utc, err := strconv.ParseBool(v)
		if err != nil {
			return r, fail(CodeInvalidArgument)
		}
		if utc {
			r.loc = time.UTC
		}
	}
	return r, nil
}

func (r dateRange) holds(date string) bool {
	return (r.start == "" || date >= r.start) && (r.end == "" || date <= r.end)
}

// historyParams reads what every history endpoint takes: a date range, then paging.
func historyParams(rq *request) (dateRange, paging, *apiError) {
	r, aerr := dateRangeParam(rq)
	if aerr != nil {
		return dateRange{}, paging{}, aerr
	}
	p, aerr := pagingParam(rq)
	if aerr != nil {
		return dateRange{}, paging{}, aerr
	}
	return r, p, nil
}
