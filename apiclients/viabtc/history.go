package viabtc

import (
	"net/url"
	"strconv"
	"time"
)

// HistoryQuery narrows a daily history and picks a page of it. The zero value asks for the service's
// defaults: its recent days, Beijing days, first page.
type HistoryQuery struct {
	Start, End time.Time // inclusive days; only the date (in the time's own location) is sent; zero means unset
	// UTC asks for days from 00:00 UTC. Without it the service cuts days at 00:00 Beijing time (UTC+8).
	UTC   bool
	Page  int // from 1; 0 means the service's default
	Limit int // rows per page; 0 means the service's default
}

func (q HistoryQuery) values(coin string) url.Values {
	v := url.Values{}
	v.Set("coin", coin)
	if !q.Start.IsZero() {
		v.Set("start_date", q.Start.Format(time.DateOnly))
	}
	if !q.End.IsZero() {
		v.Set("end_date", q.End.Format(time.DateOnly))
	}
	if q.UTC {
		v.Set("utc", "true")
	}
	setPage(v, q.Page, q.Limit)
	return v
}

func setPage(v url.Values, page, limit int) {
	if page > 0 {
		v.Set("page", strconv.Itoa(page))
	}
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
}
