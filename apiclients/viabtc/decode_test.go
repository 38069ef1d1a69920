package viabtc

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"pitboss/apiclients/internal/httpx"
)

// Bodies from the reference (C.7): the doc's samples and real captures.
const (
	accountSample = `{"code":0,"data":{
  "account":{"id":45,"parent_user_id":null,"create_time":1530012667,"account":"test","email":"test@viabtc.com",
             "country_code":"86","mobile":"17816354561","country":"China"},
  "observer":[{"id":55,"user_id":45,"name":"ob1","access_key":"87920fce6b25bcdc6fb86922b935609e","create_time":1548242387}],
  "withdraw_address":[{"coin":"BTC","address":"mtRJjPJGVLGs5YDf4VUP5RQXipzHjnjeCe"}],
  "balance":[{"coin":"BTC","amount":"0.001"}]
},"message":"OK"}`
	hashrateCapture = `{"code":0,"data":{"active_workers":3,"coin":"BTC","hashrate_10min":"44625511932668","hashrate_1hour":"41468691881365","hashrate_24hour":"41780627402430","unactive_workers":0},"message":"OK"}`
	historySample   = `{"code":0,"data":{"count":2,"curr_page":1,"data":[
  {"coin":"BCH","date":"2018-10-05","hashrate":"651358832825","reject_rate":"0"},
  {"coin":"BCH","date":"2018-10-04","hashrate":"663931951901","reject_rate":"0"}],
  "has_next":false,"total":2,"total_page":1},"message":"OK"}`
	chartSample = `{"code":0,"data":[{"timestamp":1548241200,"hashrate":"663931951901","reject_rate":"0"},
                  {"timestamp":1548237600,"hashrate":"663931951901","reject_rate":"0"}],"message":"OK"}`
	workersSample = `{"code":0,"data":{"count":2,"curr_page":1,"data":[
  {"coin":"BTC","group_id":14,"group_name":"group1","hashrate_10min":"278542945703","hashrate_1hour":"46423824283",
   "hashrate_24hour":"0","last_active":1545811200,"reject_rate":"0","worker_id":369,"worker_name":"1x1","worker_status":"active"},
  {"coin":"BTC","group_id":null,"group_name":null,"hashrate_10min":"0","hashrate_1hour":"0","hashrate_24hour":"0",
   "last_active":1545808266,"reject_rate":"0","worker_id":370,"worker_name":"1x1","worker_status":"unactive"}],
  "has_next":false,"total":2,"total_page":1},"message":"OK"}`
	groupRow       = `{"active_workers":2,"coin":"BTC","group_id":14,"group_name":"group1","hashrate_10min":"498445271257","hashrate_1hour":"296868139498","hashrate_24hour":"0","reject_rate":"0","total_workers":2}`
	paymentsSample = `{"code":0,"count":2,"curr_page":1,"data":[
  {"id":157,"coin":"BTC","amount":"0.001","address":"mtRJjPJGVLGs5YDf4VUP5RQXipzHjnjeCe",
   "tx":"eaa0597e556ceda83ffe5d3533a4aba93b49e7dbb2fa35895dd08754fb9d62d0","create_time":1530704756}],
 "has_next":false,"total":2,"total_page":1,"message":"OK"}`
	profitSample        = `{"code":0,"data":{"coin":"BTC","pplns_profit":"0","pps_profit":"0.00002148","solo_profit":"0","total_profit":"0.00002148"},"message":"OK"}`
	profitHistorySample = `{"code":0,"data":{"count":2,"curr_page":1,"data":[
  {"coin":"BTC","date":"2018-10-05","pplns_profit":"0","pps_profit":"0.00002148","solo_profit":"0","total_profit":"0.00002148"},
  {"coin":"BTC","date":"2018-10-06","pplns_profit":"0","pps_profit":"0.00028948","solo_profit":"0","total_profit":"0.00028948"}],
  "has_next":false,"total":2,"total_page":1},"message":"OK"}`
	subAccountRow = `{"account":"sub1","api_key":"87920fce6b25bcdc6fb86922b935609e","secret_key":"","id":55,"create_time":1548242387}`
	sweepSample   = `{"code":0,"data":{"coin":"BTC","balance":"0.001"},"message":"OK"}`
)

func TestDocSamplesDecodeToTheirValues(t *testing.T) {
	a, err := decodeAccount(200, []byte(accountSample))
	if err != nil {
		t.Fatal(err)
	}
	wantAccount := Account{
		Info: AccountInfo{ID: 45, Name: "test", Email: "test@viabtc.com", CountryCode: "86", Mobile: "17816354561", Country: "China",
			Created: time.Unix(1530012667, 0).UTC()},
		Observers:         []Observer{{ID: 55, UserID: 45, Name: "ob1", AccessKey: "87920fce6b25bcdc6fb86922b935609e", Created: time.Unix(1548242387, 0).UTC()}},
		WithdrawAddresses: []WithdrawAddress{{Coin: "BTC", Address: "mtRJjPJGVLGs5YDf4VUP5RQXipzHjnjeCe"}},
		Balances:          []Balance{{Coin: "BTC", Amount: "0.001"}},
	}
	if !reflect.DeepEqual(a, wantAccount) {
		t.Fatalf("account %+v\nwant    %+v", a, wantAccount)
	}

	h, err := decodeHashrate(200, []byte(hashrateCapture))
	if want := (Hashrate{Coin: "BTC", Hashrate10Min: 44625511932668, Hashrate1Hour: 41468691881365, Hashrate24Hour: 41780627402430,
		ActiveWorkers: 3}); err != nil || h != want {
		t.Fatalf("hashrate %+v %v", h, err)
	}

	hist, err := decodeHistory(200, []byte(historySample))
	if err != nil || len(hist.Items) != 2 || hist.Items[1] != (HistoryRow{Coin: "BCH", Date: "2018-10-04", Hashrate: 663931951901}) ||
		hist.Count != 2 || hist.CurrPage != 1 || hist.Total != 2 || hist.TotalPage != 1 || hist.HasNext {
		t.Fatalf("history %+v %v", hist, err)
	}

	chart, err := decodeChart(200, []byte(chartSample))
	if err != nil || len(chart) != 2 || !chart[0].Time.Equal(time.Unix(1548241200, 0)) || chart[1].Hashrate != 663931951901 {
		t.Fatalf("chart %+v %v", chart, err)
	}

	workers, err := decodeWorkers(200, []byte(workersSample))
	if err != nil || len(workers.Items) != 2 {
		t.Fatalf("workers %+v %v", workers, err)
	}
	w0, w1 := workers.Items[0], workers.Items[1]
	if w0.ID != 369 || *w0.GroupID != 14 || w0.GroupName != "group1" || w0.Hashrate10Min != 278542945703 || !w0.Active() ||
		!w0.LastActive.Equal(time.Unix(1545811200, 0)) {
		t.Fatalf("worker 0 %+v", w0)
	}
	if w1.GroupID != nil || w1.GroupName != "" || w1.Active() || w1.Status != StatusInactive {
		t.Fatalf("worker 1 %+v", w1)
	}

	g, err := decodeGroup(200, []byte(`{"code":0,"data":`+groupRow+`,"message":"OK"}`))
	if err != nil || *g.ID != 14 || g.TotalWorkers != 2 || g.ActiveWorkers != 2 || g.Hashrate1Hour != 296868139498 {
		t.Fatalf("group %+v %v", g, err)
	}

	pays, err := decodePayments(200, []byte(paymentsSample))
	if err != nil || len(pays.Items) != 1 || pays.Total != 2 || pays.Count != 2 || pays.Items[0].Amount != "0.001" ||
		pays.Items[0].TxID != "eaa0597e556ceda83ffe5d3533a4aba93b49e7dbb2fa35895dd08754fb9d62d0" || pays.Items[0].ID != 157 {
		t.Fatalf("payments %+v %v", pays, err)
	}

	p, err := decodeProfit(200, []byte(profitSample))
	if err != nil || p != (Profit{Coin: "BTC", PPS: "0.00002148", PPLNS: "0", Solo: "0", Total: "0.00002148"}) {
		t.Fatalf("profit %+v %v", p, err)
	}
	ph, err := decodeProfitHistory(200, []byte(profitHistorySample))
	if err != nil || len(ph.Items) != 2 || ph.Items[1].PPS != "0.00028948" || ph.Items[1].Date != "2018-10-06" {
		t.Fatalf("profit history %+v %v", ph, err)
	}

	s, err := decodeSweep(200, []byte(sweepSample))
	if err != nil || s != (SweepResult{Coin: "BTC", Balance: "0.001"}) {
		t.Fatalf("sweep %+v %v", s, err)
	}
}

// nested and topLevel wrap rows in the two pagination layouts the service uses.
func nested(rows string) string {
	return `{"code":0,"data":{"count":1,"curr_page":2,"data":[` + rows + `],"has_next":true,"total":11,"total_page":3},"message":"OK"}`
}

func topLevel(rows string) string {
	return `{"code":0,"count":1,"curr_page":2,"data":[` + rows + `],"has_next":true,"total":11,"total_page":3,"message":"OK"}`
}

func TestEveryPaginatedListDecodesBothLayouts(t *testing.T) {
	historyRow := `{"coin":"BTC","date":"2018-10-05","hashrate":"651358832825","reject_rate":"0.01"}`
	workerRow := `{"coin":"BTC","group_id":null,"group_name":null,"hashrate_10min":"5","hashrate_1hour":"0","hashrate_24hour":"0","last_active":1545808266,"reject_rate":"0","worker_id":370,"worker_name":"1x1","worker_status":"unactive"}`
	profitRow := `{"coin":"BTC","date":"2018-10-05","pplns_profit":"0","pps_profit":"0.00002148","solo_profit":"0","total_profit":"0.00002148"}`
	paymentRow := `{"id":157,"coin":"BTC","amount":"0.001","address":"m","tx":"ab","create_time":1530704756}`
	for _, tc := range []struct {
		name   string
		row    string
		decode func(int, []byte) (any, pageInfo, error)
	}{
		{"hashrate history", historyRow, adapt(decodeHistory)},
		{"workers", workerRow, adapt(decodeWorkers)},
		{"groups", groupRow, adapt(decodeGroups)},
		{"profit history", profitRow, adapt(decodeProfitHistory)},
		{"payment history", paymentRow, adapt(decodePayments)},
		{"sub-accounts", subAccountRow, adapt(decodeSubAccounts)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inData, pageA, err := tc.decode(200, []byte(nested(tc.row)))
			if err != nil {
				t.Fatalf("nested: %v", err)
			}
			atTop, pageB, err := tc.decode(200, []byte(topLevel(tc.row)))
			if err != nil {
				t.Fatalf("top level: %v", err)
			}
			want := pageInfo{Count: 1, CurrPage: 2, Total: 11, TotalPage: 3, HasNext: true}
			if pageA != want || pageB != want {
				t.Fatalf("paging nested %+v, top level %+v, want %+v", pageA, pageB, want)
			}
			if !reflect.DeepEqual(inData, atTop) || reflect.ValueOf(inData).Len() != 1 || reflect.ValueOf(inData).Index(0).IsZero() {
				t.Fatalf("items differ or are empty: nested %+v, top level %+v", inData, atTop)
			}
		})
	}
}

// pageInfo is a page without its items.
type pageInfo struct {
	Count, CurrPage, Total, TotalPage int
	HasNext                           bool
}

// adapt erases a page decoder's item type so one table can test them all.
func adapt[T any](decode func(int, []byte) (Page[T], error)) func(int, []byte) (any, pageInfo, error) {
	return func(status int, body []byte) (any, pageInfo, error) {
		p, err := decode(status, body)
		return p.Items, pageInfo{Count: p.Count, CurrPage: p.CurrPage, Total: p.Total, TotalPage: p.TotalPage, HasNext: p.HasNext}, err
	}
}

func TestEmptyListsDecodeAsEmpty(t *testing.T) {
	for _, body := range []string{
		`{"code":0,"data":{"count":0,"curr_page":1,"data":[],"has_next":false,"total":0,"total_page":0},"message":"OK"}`,
		`{"code":0,"count":0,"curr_page":1,"data":[],"has_next":false,"total":0,"total_page":0,"message":"OK"}`,
		`{"code":0,"data":null,"message":"OK"}`,
		`{"code":0,"message":"OK"}`,
	} {
		p, err := decodePayments(200, []byte(body))
		if err != nil || len(p.Items) != 0 || p.HasNext {
			t.Fatalf("%s: %+v %v", body, p, err)
		}
	}
}

func TestErrorEnvelopesAreReadWhateverTheStatusAndData(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   error
		code   int
	}{
		{200, `{"code":12001,"data":{},"message":"Invalid API key"}`, ErrInvalidAPIKey, 12001},
		{200, `{"code":12002,"data":null,"message":"Signature error"}`, ErrSignature, 12002},
		{200, `{"code":5001,"message":"Invalid coin type"}`, ErrInvalidCoin, 5001},
		{200, `{"code":"5003","data":[],"message":""}`, ErrWorkerNotFound, 5003},
		{403, `{"code":12004,"data":null,"message":"IP not allowed"}`, ErrIPNotAllowed, 12004},
		{500, `{"code":2,"data":null,"message":"Invalid argument"}`, ErrInvalidArgument, 2},
		{200, `{"code":5008,"data":{},"message":null}`, ErrGroupNotFound, 5008},
		{200, `{"code":99999,"data":{},"message":"something new"}`, nil, 99999},
	} {
		_, err := decodeHashrate(tc.status, []byte(tc.body))
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != tc.code || ae.HTTPStatus != tc.status {
			t.Fatalf("%d %s: err = %v", tc.status, tc.body, err)
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Fatalf("%s: %v does not match %v", tc.body, err, tc.want)
		}
		if ae.Error() == "" || !strings.Contains(ae.Error(), "code") {
			t.Fatalf("%s: message %q", tc.body, ae.Error())
		}
	}
}

func TestAnswersThatAreNotTheEnvelopeAreBodyErrors(t *testing.T) {
	html := "<html><body>nginx</body></html>"
	for _, tc := range []struct {
		status int
		body   string
		class  error
	}{
		{200, html, nil},
		{200, ``, nil},
		{200, `{"data":{}}`, nil},             // no code
		{200, `{"code":null,"data":{}}`, nil}, // a null code is not success
		{200, `{"code":"","data":{}}`, nil},
		{200, `{"code":0,"data":null,"message":"OK"}`, nil}, // an object endpoint without its object
		{200, `{"code":0,"data":"x","message":"OK"}`, nil},
		// A gateway page is unavailable for a read but an unknown outcome for a sweep: the transport's
		// policy decides that with the call in hand (httpx.Classify), not the decoder.
		{502, html, nil},
		{429, `slow down`, nil},
		{403, html, ErrForbidden},
	} {
		_, err := decodeHashrate(tc.status, []byte(tc.body))
		var be *httpx.BodyError
		if !errors.As(err, &be) || be.Status != tc.status {
			t.Fatalf("%d %q: err = %v, want a BodyError", tc.status, tc.body, err)
		}
		if tc.class != nil && !errors.Is(err, tc.class) {
			t.Fatalf("%d %q: err = %v, want %v", tc.status, tc.body, err, tc.class)
		}
		var ae *APIError
		if errors.As(err, &ae) {
			t.Fatalf("%q decoded as an API error", tc.body)
		}
	}
}

func TestLooseNumbersAreAccepted(t *testing.T) {
	body := `{"code":"0","data":{"active_workers":"3","coin":"BTC","hashrate_10min":44625511932668,"hashrate_1hour":"4.1e13",
		"hashrate_24hour":null,"unactive_workers":1.0},"message":"OK"}`
	h, err := decodeHashrate(http.StatusOK, []byte(body))
	if err != nil || h != (Hashrate{Coin: "BTC", Hashrate10Min: 44625511932668, Hashrate1Hour: 4.1e13, ActiveWorkers: 3, InactiveWorkers: 1}) {
		t.Fatalf("%+v %v", h, err)
	}
	for _, bad := range []string{`"NaN"`, `"Inf"`, `"fast"`} {
		if _, err := decodeHashrate(200, []byte(`{"code":0,"data":{"hashrate_10min":`+bad+`},"message":"OK"}`)); err == nil {
			t.Fatalf("hashrate %s accepted", bad)
		}
	}
}

func TestDecimalKeepsTheServicesDigits(t *testing.T) {
	for in, want := range map[string]Decimal{`"0.00002148"`: "0.00002148", `"0.10000000"`: "0.10000000", `0.001`: "0.001",
		`1e-8`: "1e-8", `null`: "", `""`: "", `" 12.5 "`: "12.5"} {
		p, err := decodeProfit(200, []byte(`{"code":0,"data":{"total_profit":`+in+`},"message":"OK"}`))
		if err != nil || p.Total != want {
			t.Fatalf("%s: %q %v", in, p.Total, err)
		}
	}
	if f := Decimal("0.00002148").Float64(); f != 0.00002148 {
		t.Fatalf("Float64 = %v", f)
	}
	if f := Decimal("").Float64(); f != 0 {
		t.Fatalf("empty Float64 = %v", f)
	}
	for _, bad := range []string{`"NaN"`, `"Inf"`, `"0x10"`, `"1,5"`, `"."`, `"1e"`, `true`, `"--1"`} {
		if _, err := decodeProfit(200, []byte(`{"code":0,"data":{"total_profit":`+bad+`},"message":"OK"}`)); err == nil {
			t.Fatalf("amount %s accepted", bad)
		}
	}
}
