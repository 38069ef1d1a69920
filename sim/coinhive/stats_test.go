package coinhive

import (
	"strconv"
	"testing"
	"time"
)

func TestSiteStatsReportHashrateTotalsAndName(t *testing.T) {
	f := newFixture(t)
	f.sim.SetHashrate(1000)
	f.clock.Advance(2 * time.Hour)
	a := f.get(t, "/stats/site", params())
	wantSuccess(t, a)
	if a.float(t, "hashesPerSecond") != 1000 || a.int(t, "hashesTotal") != 7_200_000 || a.body["name"] != "example.org" {
		t.Fatalf("site %v, want 1000 H/s, 7,200,000 hashes in two hours, name example.org", a.body)
	}
	earned := 7.2 * defaultPayout.PayoutPer1MHashes
	if got := a.float(t, "xmrPending"); got < earned*0.999 || got > earned*1.001 || a.float(t, "xmrPaid") != 0 {
		t.Fatalf("xmrPending %v, xmrPaid %v, want %v pending", got, a.body["xmrPaid"], earned)
	}
}

func TestSiteHistoryCoversSevenDaysHourly(t *testing.T) {
	f := newFixture(t)
	f.sim.SetHashrate(500)
	f.clock.Advance(3 * time.Hour)
	f.sim.SetHashrate(100)
	a := f.get(t, "/stats/site", params())
	history := a.body["history"].([]any)
	if len(history) != 7*24 {
		t.Fatalf("%d history points, want 168", len(history))
	}
	last := day.Add(3 * time.Hour).Truncate(time.Hour)
	var prevTime, prevTotal int64
	for i, raw := range history {
		p := answer{body: raw.(map[string]any)}
		tm, total, hps := p.int(t, "time"), p.int(t, "hashesTotal"), p.float(t, "hashesPerSecond")
		if want := last.Add(time.Duration(i-len(history)+1) * time.Hour).Unix(); tm != want {
			t.Fatalf("point %d at %d, want %d", i, tm, want)
		}
		if i > 0 && (tm-prevTime != 3600 || float64(total-prevTotal) != hps*3600) {
			t.Fatalf("point %d: total %d after %d at %v H/s is not cumulative", i, total, prevTotal, hps)
		}
		prevTime, prevTotal = tm, total
	}
	// The hours ending 15:00 (500 H/s from 14:30 only), 16:00 and 17:00; the rate set at 17:30 is in no hour yet.
	tail := history[len(history)-3:]
	for i, want := range []float64{250, 500, 500} {
		if got := (answer{body: tail[i].(map[string]any)}).float(t, "hashesPerSecond"); got != want {
			t.Errorf("hour %d from the end: %v H/s, want %v", 3-i, got, want)
		}
	}
	if a.float(t, "hashesPerSecond") != 100 {
		t.Fatalf("current rate %v, want the 100 just set", a.body["hashesPerSecond"])
	}
}

func TestHistoryAnswersHourMarksInRangeThatHavePassed(t *testing.T) {
	f := newFixture(t)
	f.sim.SetHashrate(360)
	begin := day.Add(-90 * time.Minute) // 13:00: that mark is in, 12:00 is not
	end := day.Add(10 * time.Hour)      // only up to now: 14:00
	a := f.get(t, "/stats/history", params("begin", itoa(begin.Unix()), "end", itoa(end.Unix())))
	wantSuccess(t, a)
	history := a.body["history"].([]any)
	if len(history) != 2 {
		t.Fatalf("history %v, want the 13:00 and 14:00 marks", history)
	}
	first := answer{body: history[0].(map[string]any)}
	if first.int(t, "time") != day.Truncate(time.Hour).Add(-time.Hour).Unix() {
		t.Fatalf("first point %v, want 13:00", first.body)
	}
	for _, p := range [][]string{{"begin", "10"}, {"end", "10"}, {"begin", "20", "end", "10"}, {"begin", "x", "end", "10"}} {
		wantError(t, f.get(t, "/stats/history", params(p...)), "bad_request")
	}
}

func TestPayoutStatsAnswerTheNetworkFigures(t *testing.T) {
	f := newFixture(t)
	a := f.get(t, "/stats/payout", params())
	wantSuccess(t, a)
	if a.int(t, "globalDifficulty") != 61143474913 || a.float(t, "payoutPer1MHashes") != 0.000071 ||
		a.float(t, "xmrToUsd") != 120.5 || a.int(t, "updated") != day.Truncate(time.Minute).Unix() {
		t.Fatalf("payout %v", a.body)
	}
	f.sim.SetPayout(Payout{XMRToUSD: 45.1, Updated: day.Add(-time.Hour)})
	if a := f.get(t, "/stats/payout", params()); a.float(t, "xmrToUsd") != 45.1 || a.int(t, "updated") != day.Add(-time.Hour).Unix() {
		t.Fatalf("payout after SetPayout %v", a.body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
