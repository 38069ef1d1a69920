package coinhive

import (
	"errors"
	"slices"
	"testing"

	"pitboss/apiclients/internal/httpx"
)

// Bodies shaped like reference D.4 and the seed document, plus the failures a proxy produces.
var commonSeeds = []string{
	`{"success":false,"error":"invalid_secret"}`,
	`{"success":false,"error":"insufficent_funds"}`,
	`{"success":false,"error":42}`,
	`{"success":false}`,
	`{}`,
	`null`,
	``,
	`<html><body>502 Bad Gateway</body></html>`,
	`{"jsonrpc":"2.0","result":{"rigs":{"1":{"stats":{"temp":["6`,
}

// fuzzDecoder runs decode on every input and checks that an error is always an *APIError or a
// *httpx.BodyError, and that check holds for every value decoded without error.
func fuzzDecoder[T any](f *testing.F, seeds []string, decode func(int, []byte) (T, error), check func(*testing.T, T)) {
	for _, s := range append(seeds, commonSeeds...) {
		f.Add(200, []byte(s))
		f.Add(404, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		v, err := decode(status, body)
		if err != nil {
			var apiErr *APIError
			var bodyErr *httpx.BodyError
			if !errors.As(err, &apiErr) && !errors.As(err, &bodyErr) {
				t.Fatalf("error %T %v is neither an API nor a body error", err, err)
			}
			return
		}
		if check != nil {
			check(t, v)
		}
	})
}

func FuzzDecodeToken(f *testing.F) {
	fuzzDecoder(f, []string{`{"success": true, "created": 1504205981, "hashes": 1024}`,
		`{"success":false,"error":"invalid_token"}`}, decodeToken, nil)
}

func FuzzDecodeBalance(f *testing.F) {
	fuzzDecoder(f, []string{`{"success":true,"name":"john-doe","total":1048576,"withdrawn":524288,"balance":524288}`,
		`{"success":true,"name":"johnd","total":"4096","withdrawn":"256"}`}, decodeBalance, nil)
}

func FuzzDecodeWithdraw(f *testing.F) {
	fuzzDecoder(f, []string{`{"success": true, "name": "johnd", "amount": 4096}`}, decodeWithdraw, nil)
}

func FuzzDecodeTop(f *testing.F) {
	fuzzDecoder(f, []string{`{"success":true,"users":[{"name":"john-doe","total":1048576,"withdrawn":0,"balance":1048576},` +
		`{"name":"jane","total":524288,"withdrawn":262144,"balance":262144}]}`}, decodeTop,
		func(t *testing.T, users []User) {
			if users == nil {
				t.Fatal("nil users on success")
			}
		})
}

func FuzzDecodeList(f *testing.F) {
	fuzzDecoder(f, []string{`{"success":true,"users":[{"name":"alice","total":2048,"withdrawn":0,"balance":2048}],"nextPage":"YWxpY2U"}`,
		`{"success":true,"users":[],"nextPage":null}`, `{"success":false,"error":"invalid_page"}`}, decodeList, nil)
}

func FuzzDecodeReset(f *testing.F) {
	fuzzDecoder(f, []string{`{"success":true}`, `{"success":false,"error":"missing_input"}`}, decodeReset, nil)
}

func FuzzDecodeResetAll(f *testing.F) {
	fuzzDecoder(f, []string{`{"success":true,"affected":7}`}, decodeResetAll, nil)
}

func FuzzDecodeLink(f *testing.F) {
	fuzzDecoder(f, []string{`{"success":true,"url":"https://cnhv.co/3h2f"}`, `{"success":false,"error":"invalid_url"}`},
		decodeLink, func(t *testing.T, link string) {
			if link == "" {
				t.Fatal("empty link on success")
			}
		})
}

func FuzzDecodePayout(f *testing.F) {
	fuzzDecoder(f, []string{`{"success":true,"globalDifficulty":61143474913,"globalHashrate":509528957,"blockReward":4.67,` +
		`"payoutPercentage":85,"payoutPer1MHashes":0.000071,"xmrToUsd":120.5,"updated":1551000000}`}, decodePayout, nil)
}

func FuzzDecodeSite(f *testing.F) {
	fuzzDecoder(f, []string{`{"success":true,"hashesPerSecond":1234.5,"hashesTotal":123456789,"xmrPending":0.0123,"xmrPaid":1.5}`,
		`{"success":true,"hashesPerSecond":"12","hashesTotal":1,"xmrPending":0,"xmrPaid":0,"name":"x",` +
			`"history":[{"time":1550998800,"hashesTotal":1100000,"hashesPerSecond":27.8},{"time":1550995200,"hashesTotal":1000000,"hashesPerSecond":277.7}]}`},
		decodeSite, func(t *testing.T, s Site) { checkSorted(t, s.History) })
}

func FuzzDecodeHistory(f *testing.F) {
	fuzzDecoder(f, []string{`{"success":true,"history":[{"time":1550995200,"hashesTotal":1000000,"hashesPerSecond":277.7},` +
		`{"time":1550998800,"hashesTotal":1100000,"hashesPerSecond":27.8}]}`, `{"success":true,"history":[]}`},
		decodeHistory, checkSorted)
}

func checkSorted(t *testing.T, h []HistoryPoint) {
	if !slices.IsSortedFunc(h, func(a, b HistoryPoint) int { return a.Time.Compare(b.Time) }) {
		t.Fatalf("history not oldest first: %v", h)
	}
}
