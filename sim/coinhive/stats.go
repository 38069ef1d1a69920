package coinhive

import (
	"math"
	"net/url"
	"slices"
	"time"
)

// historyHours is the span of /stats/site's history: "the hourly history for the past seven days".
const historyHours = 7 * 24

// site models the site's hashrate over time. Before any SetHashrate the rate in an hour is hourly(the
// hour's start); from each SetHashrate on it is the rate set. Hashes are counted from origin, on top of
// base, so the totals and the history follow whatever clock the test or the demo injects.
type site struct {
	origin  time.Time
	base    float64
	hourly  func(hour time.Time) float64
	changes []rateChange // ascending by at
	xmrPaid float64
}

type rateChange struct {
	at  time.Time
	hps float64
}

// newSite starts counting eight days before now, so seven full days of history exist from the start.
func newSite(now time.Time, base float64, hourly func(time.Time) float64) site {
	return site{origin: now.Truncate(time.Hour).Add(-(historyHours + 24) * time.Hour), base: base, hourly: hourly}
}

func (st *site) rateAt(t time.Time) float64 {
	i, _ := slices.BinarySearchFunc(st.changes, t, func(c rateChange, t time.Time) int {
		if c.at.After(t) {
			return 1
		}
		return -1
	})
	if i > 0 {
		return st.changes[i-1].hps
	}
	return max(0, st.hourly(t.Truncate(time.Hour)))
}

// mined is the number of hashes mined in [a, b), stepping over hours and rate changes.
func (st *site) mined(a, b time.Time) float64 {
	if a.Before(st.origin) {
		a = st.origin
	}
	var sum float64
	for a.Before(b) {
		next := a.Truncate(time.Hour).Add(time.Hour)
		for _, c := range st.changes {
			if c.at.After(a) {
				if c.at.Before(next) {
					next = c.at
				}
				break
			}
		}
		if b.Before(next) {
			next = b
		}
		sum += st.rateAt(a) * next.Sub(a).Seconds()
		a = next
	}
	return sum
}

func (st *site) totalAt(t time.Time) float64 { return st.base + st.mined(st.origin, t) }

// points returns one history point per hour mark in [from, to]: the total mined by that mark and the
// mean rate over the hour that ends there (the reading of reference D.4's example, where 1,000,000 then
// 1,100,000 hashes give 27.8 H/s). Marks before the site has an hour of history are left out.
func (st *site) points(from, to time.Time) []map[string]any {
	first := from.Truncate(time.Hour)
	if first.Before(from) {
		first = first.Add(time.Hour)
	}
	if start := st.origin.Add(time.Hour); first.Before(start) {
		first = start
	}
	points := []map[string]any{}
	if first.After(to) {
		return points
	}
	total := st.totalAt(first.Add(-time.Hour))
	for m := first; !m.After(to); m = m.Add(time.Hour) {
		hour := st.mined(m.Add(-time.Hour), m)
		total += hour
		points = append(points, map[string]any{
			"time":            m.Unix(),
			"hashesTotal":     int64(math.Round(total)),
			"hashesPerSecond": round1(hour / 3600),
		})
	}
	return points
}

// SetHashrate makes the site mine hps hashes per second from now on.
func (s *Sim) SetHashrate(hps float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := rateChange{at: s.now(), hps: max(0, hps)}
	i, _ := slices.BinarySearchFunc(s.site.changes, c.at, func(c rateChange, t time.Time) int {
		if c.at.After(t) {
			return 1
		}
		return -1
	})
	s.site.changes = slices.Insert(s.site.changes, i, c)
}

// Payout is what /stats/payout answers. A zero Updated is sent as the current minute.
type Payout struct {
	GlobalDifficulty  int64
	GlobalHashrate    float64
	BlockReward       float64
	PayoutPercentage  float64
	PayoutPer1MHashes float64
	XMRToUSD          float64
	Updated           time.Time
}

// defaultPayout is the example of reference D.4, from the network of February 2019.
var defaultPayout = Payout{GlobalDifficulty: 61143474913, GlobalHashrate: 509528957, BlockReward: 4.67,
	PayoutPercentage: 85, PayoutPer1MHashes: 0.000071, XMRToUSD: 120.5}

// SetPayout replaces the payout and network statistics.
func (s *Sim) SetPayout(p Payout) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.payout = p
}

func (s *Sim) payoutStats(_ url.Values, now time.Time) (reply, apiError) {
	p := s.payout
	updated := p.Updated
	if updated.IsZero() {
		updated = now.Truncate(time.Minute)
	}
	return reply{
		"globalDifficulty":  p.GlobalDifficulty,
		"globalHashrate":    p.GlobalHashrate,
		"blockReward":       p.BlockReward,
		"payoutPercentage":  p.PayoutPercentage,
		"payoutPer1MHashes": p.PayoutPer1MHashes,
		"xmrToUsd":          p.XMRToUSD,
		"updated":           updated.Unix(),
	}, ""
}

// siteStats pays for every hash at the current payout rate; what is not yet paid is pending.
func (s *Sim) siteStats(_ url.Values, now time.Time) (reply, apiError) {
	total := s.site.totalAt(now)
	earned := total / 1e6 * s.payout.PayoutPer1MHashes
	end := now.Truncate(time.Hour)
	r := reply{
		"hashesPerSecond": round1(s.site.rateAt(now)),
		"hashesTotal":     int64(math.Round(total)),
		"xmrPending":      max(0, earned-s.site.xmrPaid),
		"xmrPaid":         s.site.xmrPaid,
		"history":         s.site.points(end.Add(-(historyHours-1)*time.Hour), end),
	}
	if s.siteName != "" {
		r["name"] = s.siteName
	}
	return r, ""
}

// history answers the hour marks between begin and end that have passed. Missing or malformed
// timestamps, or begin after end, are bad_request: the doc names no error of its own here.
func (s *Sim) history(p url.Values, now time.Time) (reply, apiError) {
	begin, bPresent, bOK := intParam(p, "begin")
	end, ePresent, eOK := intParam(p, "end")
	if !bPresent || !ePresent || !bOK || !eOK || begin > end {
		return nil, errBadRequest
	}
	to := time.Unix(end, 0)
	if to.After(now) {
		to = now
	}
	return reply{"history": s.site.points(time.Unix(begin, 0), to)}, ""
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
