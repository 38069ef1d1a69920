package coinhive

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"pitboss/apiclients/internal/httpx"
)

func TestEveryDocumentedErrorMatchesItsSentinel(t *testing.T) {
	all := []error{ErrInvalidSecret, ErrBadRequest, ErrWrongMethod, ErrNotFound, ErrInternal, ErrMissingInput,
		ErrInvalidToken, ErrUnknownUser, ErrInvalidAmount, ErrInsufficientFunds, ErrInvalidPage, ErrInvalidURL}
	for code, want := range map[string]error{
		"invalid_secret": ErrInvalidSecret, "bad_request": ErrBadRequest, "wrong_method": ErrWrongMethod,
		"not_found": ErrNotFound, "internal_error": ErrInternal, "missing_input": ErrMissingInput,
		"invalid_token": ErrInvalidToken, "unknown_user": ErrUnknownUser, "invalid_amount": ErrInvalidAmount,
		"insufficent_funds": ErrInsufficientFunds, "insufficient_funds": ErrInsufficientFunds,
		"invalid_page": ErrInvalidPage, "invalid_url": ErrInvalidURL,
	} {
		_, err := decodeBalance(200, []byte(`{"success":false,"error":"`+code+`"}`))
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Code != code {
			t.Fatalf("%s: err = %#v, want an *APIError with that code", code, err)
		}
		for _, s := range all {
			if errors.Is(err, s) != (s == want) {
				t.Errorf("%s: errors.Is(err, %v) = %v", code, s, errors.Is(err, s))
			}
		}
	}
}

func TestUnknownErrorCodeIsAnAPIErrorWithoutSentinel(t *testing.T) {
	_, err := decodeSite(200, []byte(`{"success":false,"error":"site_suspended"}`))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "site_suspended" || errors.Is(err, ErrInternal) {
		t.Fatalf("err = %v, want an *APIError site_suspended matching no sentinel", err)
	}
	if !strings.Contains(err.Error(), "site_suspended") {
		t.Fatalf("message %q does not name the code", err)
	}
	_, err = decodeSite(200, []byte(`{"success":false}`))
	if !errors.As(err, &apiErr) || apiErr.Code != "" {
		t.Fatalf("success false without error: %v, want an *APIError with an empty code", err)
	}
}

func TestSuccessDecidesWhateverTheHTTPStatus(t *testing.T) {
	if _, err := decodeBalance(http.StatusNotFound, []byte(`{"success":false,"error":"not_found"}`)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("404 not_found: %v", err)
	}
	u, err := decodeBalance(http.StatusInternalServerError, []byte(`{"success":true,"name":"a","total":2,"withdrawn":1,"balance":1}`))
	if err != nil || u.Balance != 1 {
		t.Fatalf("success true on a 500: %+v, %v", u, err)
	}
}

func TestAnswerWithoutSuccessIsABodyError(t *testing.T) {
	for _, body := range []string{``, `null`, `{}`, `[]`, `{"success":"yes"}`, `<html>502</html>`, `{"success":tru`} {
		_, err := decodePayout(200, []byte(body))
		var be *httpx.BodyError
		if !errors.As(err, &be) {
			t.Errorf("body %q: err = %v, want a *httpx.BodyError", body, err)
		}
	}
}

func TestDecodersAcceptTheReferenceBodies(t *testing.T) {
	tok, err := decodeToken(200, []byte(`{"success": true, "created": 1504205981, "hashes": 1024}`))
	if err != nil || tok.Hashes != 1024 || !tok.Created.Equal(time.Unix(1504205981, 0)) {
		t.Errorf("token: %+v, %v", tok, err)
	}
	u, err := decodeBalance(200, []byte(`{"success":true,"name":"john-doe","total":1048576,"withdrawn":524288,"balance":524288}`))
	if err != nil || u != (User{"john-doe", 1048576, 524288, 524288}) {
		t.Errorf("balance: %+v, %v", u, err)
	}
	wd, err := decodeWithdraw(200, []byte(`{"success": true, "name": "johnd", "amount": 4096}`))
	if err != nil || wd != (Withdrawal{"johnd", 4096, true}) {
		t.Errorf("withdraw: %+v, %v", wd, err)
	}
	top, err := decodeTop(200, []byte(`{"success":true,"users":[{"name":"john-doe","total":1048576,"withdrawn":0,"balance":1048576},
		{"name":"jane","total":524288,"withdrawn":262144,"balance":262144}]}`))
	if err != nil || len(top) != 2 || top[1] != (User{"jane", 524288, 262144, 262144}) {
		t.Errorf("top: %+v, %v", top, err)
	}
	page, err := decodeList(200, []byte(`{"success":true,"users":[{"name":"alice","total":2048,"withdrawn":0,"balance":2048}],"nextPage":"YWxpY2U"}`))
	if err != nil || page.NextPage != "YWxpY2U" || len(page.Users) != 1 {
		t.Errorf("list: %+v, %v", page, err)
	}
	if _, err := decodeReset(200, []byte(`{"success":true}`)); err != nil {
		t.Errorf("reset: %v", err)
	}
	if n, err := decodeResetAll(200, []byte(`{"success":true,"affected":7}`)); err != nil || n != 7 {
		t.Errorf("reset-all: %d, %v", n, err)
	}
	if link, err := decodeLink(200, []byte(`{"success":true,"url":"https://cnhv.co/3h2f"}`)); err != nil || link != "https://cnhv.co/3h2f" {
		t.Errorf("link: %q, %v", link, err)
	}
	p, err := decodePayout(200, []byte(`{"success":true,"globalDifficulty":61143474913,"globalHashrate":509528957,"blockReward":4.67,
		"payoutPercentage":85,"payoutPer1MHashes":0.000071,"xmrToUsd":120.5,"updated":1551000000}`))
	if err != nil || p.GlobalDifficulty != 61143474913 || p.PayoutPer1MHashes != 0.000071 || !p.Updated.Equal(time.Unix(1551000000, 0)) {
		t.Errorf("payout: %+v, %v", p, err)
	}
	s, err := decodeSite(200, []byte(`{"success":true,"hashesPerSecond":1234.5,"hashesTotal":123456789,"xmrPending":0.0123,"xmrPaid":1.5}`))
	if err != nil || s.HashesPerSecond != 1234.5 || s.HashesTotal != 123456789 || s.XMRPending != 0.0123 || s.XMRPaid != 1.5 ||
		s.Name != "" || s.History != nil {
		t.Errorf("site: %+v, %v", s, err)
	}
	h, err := decodeHistory(200, []byte(`{"success":true,"history":[{"time":1550995200,"hashesTotal":1000000,"hashesPerSecond":277.7},
		{"time":1550998800,"hashesTotal":1100000,"hashesPerSecond":27.8}]}`))
	if err != nil || len(h) != 2 || h[1] != (HistoryPoint{time.Unix(1550998800, 0).UTC(), 1100000, 27.8}) {
		t.Errorf("history: %+v, %v", h, err)
	}
}

func TestDecodersTolerateLooseValues(t *testing.T) {
	// Numeric strings, a missing balance, a null nextPage and history out of order.
	u, err := decodeBalance(200, []byte(`{"success":true,"name":"johnd","total":"4096","withdrawn":"256"}`))
	if err != nil || u.Balance != 3840 || u.Total != 4096 {
		t.Errorf("balance from strings without balance: %+v, %v", u, err)
	}
	page, err := decodeList(200, []byte(`{"success":true,"users":null,"nextPage":null}`))
	if err != nil || page.NextPage != "" || len(page.Users) != 0 {
		t.Errorf("null page: %+v, %v", page, err)
	}
	h, err := decodeHistory(200, []byte(`{"success":true,"history":[{"time":"1550998800","hashesTotal":2,"hashesPerSecond":"1.5"},
		{"time":1550995200,"hashesTotal":1,"hashesPerSecond":null}]}`))
	if err != nil || len(h) != 2 || h[0].HashesTotal != 1 || h[1].HashesPerSecond != 1.5 {
		t.Errorf("unordered loose history: %+v, %v", h, err)
	}
	if n, err := decodeResetAll(200, []byte(`{"success":true}`)); err != nil || n != 0 {
		t.Errorf("reset-all without affected: %d, %v", n, err)
	}
	if _, err := decodeLink(200, []byte(`{"success":true}`)); err == nil {
		t.Error("link success without url was accepted")
	}
}
