package viabtc

import (
	"errors"
	"testing"

	"pitboss/apiclients/internal/httpx"
)

// errorBodies are answers every decoder must classify: refusals, an HTML page, a truncated body.
var errorBodies = []string{
	`{"code":12001,"data":{},"message":"Invalid API key"}`,
	`{"code":12004,"data":null,"message":"IP not allowed"}`,
	`{"code":"5001","message":"Invalid coin type"}`,
	"<html><head><title>502 Bad Gateway</title></head></html>",
	`{"code":0,"data":{"count":2,"curr_page":1,"data":[{"coin":"B`,
	``,
}

// fuzzDecoder checks that decode never panics on any status and body, and that every error it returns
// is classified: an *APIError (the service said no) or an *httpx.BodyError (not the documented JSON).
// Callers rely on that to tell the user something useful. check tests an invariant of a success.
func fuzzDecoder[T any](f *testing.F, seeds []string, decode func(int, []byte) (T, error), check func(*testing.T, T)) {
	for _, s := range append(seeds, errorBodies...) {
		for _, status := range []int{200, 403, 502} {
			f.Add(status, []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		v, err := decode(status, body)
		if err != nil {
			var ae *APIError
			var be *httpx.BodyError
			if !errors.As(err, &ae) && !errors.As(err, &be) {
				t.Fatalf("unclassified error %T: %v", err, err)
			}
			if ae != nil && ae.Code == 0 {
				t.Fatalf("an API error with code 0: %v", err)
			}
			return
		}
		if check != nil {
			check(t, v)
		}
	})
}

func checkPage[T any](t *testing.T, p Page[T]) {
	if p.Count < 0 || p.CurrPage < 0 || p.Total < 0 || p.TotalPage < 0 {
		t.Fatalf("negative paging %+v", p)
	}
}

func checkDecimals(t *testing.T, ds ...Decimal) {
	for _, d := range ds {
		if d != "" && !isDecimal(string(d)) {
			t.Fatalf("decoded %q as an amount", d)
		}
	}
}

func FuzzDecodeAccount(f *testing.F) {
	fuzzDecoder(f, []string{accountSample}, decodeAccount, func(t *testing.T, a Account) {
		for _, b := range a.Balances {
			checkDecimals(t, b.Amount)
		}
	})
}

func FuzzDecodeHashrate(f *testing.F) {
	fuzzDecoder(f, []string{hashrateCapture}, decodeHashrate, nil)
}

func FuzzDecodeHistory(f *testing.F) {
	fuzzDecoder(f, []string{historySample, topLevel(`{"coin":"BCH","date":"2018-10-05","hashrate":"1","reject_rate":"0"}`)},
		decodeHistory, checkPage[HistoryRow])
}

func FuzzDecodeChart(f *testing.F) {
	fuzzDecoder(f, []string{chartSample}, decodeChart, nil)
}

func FuzzDecodeWorkers(f *testing.F) {
	fuzzDecoder(f, []string{workersSample}, decodeWorkers, checkPage[Worker])
}

func FuzzDecodeWorker(f *testing.F) {
	fuzzDecoder(f, []string{`{"code":0,"data":{"coin":"BTC","group_id":null,"group_name":null,"hashrate_10min":"0","hashrate_1hour":"0","hashrate_24hour":"0","last_active":1545808266,"reject_rate":"0","worker_id":370,"worker_name":"1x1","worker_status":"unactive"},"message":"OK"}`},
		decodeWorker, nil)
}

func FuzzDecodeGroups(f *testing.F) {
	fuzzDecoder(f, []string{nested(groupRow), topLevel(groupRow)}, decodeGroups, checkPage[Group])
}

func FuzzDecodeGroup(f *testing.F) {
	fuzzDecoder(f, []string{`{"code":0,"data":` + groupRow + `,"message":"OK"}`}, decodeGroup, nil)
}

func FuzzDecodeProfit(f *testing.F) {
	fuzzDecoder(f, []string{profitSample}, decodeProfit, func(t *testing.T, p Profit) {
		checkDecimals(t, p.PPS, p.PPLNS, p.Solo, p.Total)
	})
}

func FuzzDecodeProfitHistory(f *testing.F) {
	fuzzDecoder(f, []string{profitHistorySample}, decodeProfitHistory, func(t *testing.T, p Page[ProfitRow]) {
		checkPage(t, p)
		for _, r := range p.Items {
			checkDecimals(t, r.PPS, r.PPLNS, r.Solo, r.Total)
		}
	})
}

func FuzzDecodePayments(f *testing.F) {
	fuzzDecoder(f, []string{paymentsSample}, decodePayments, func(t *testing.T, p Page[Payment]) {
		checkPage(t, p)
		for _, r := range p.Items {
			checkDecimals(t, r.Amount)
		}
	})
}

func FuzzDecodeSubAccounts(f *testing.F) {
	fuzzDecoder(f, []string{topLevel(subAccountRow), nested(subAccountRow)}, decodeSubAccounts, checkPage[SubAccount])
}

func FuzzDecodeSweep(f *testing.F) {
	fuzzDecoder(f, []string{sweepSample}, decodeSweep, func(t *testing.T, s SweepResult) { checkDecimals(t, s.Balance) })
}
