package pool

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"pitboss/apiclients/viabtc"
	"pitboss/bot"
)

func TestParseCoin(t *testing.T) {
	coins := []string{"BTC", "LTC"}
	for _, tc := range []struct {
		args     string
		required bool
		want     string
		err      string
	}{
		{args: "", want: "BTC"},
		{args: "  ", want: "BTC"},
		{args: "ltc", want: "LTC"},
		{args: " Btc ", required: true, want: "BTC"},
		{args: "", required: true, err: "Say which coin: BTC, LTC."},
		{args: "doge", err: "“doge” is not a coin pitboss watches on ViaBTC: use BTC, LTC."},
		{args: "<b>", err: "“&lt;b&gt;” is not a coin"},
		{args: "btc ltc", err: "Name one coin."},
	} {
		got, err := parseCoin(tc.args, coins, tc.required, "USAGE")
		if tc.err != "" {
			var ue *bot.UserError
			if !errors.As(err, &ue) || !strings.Contains(ue.Msg, tc.err) || !strings.HasSuffix(ue.Msg, "USAGE") {
				t.Errorf("parseCoin(%q, %v) = %q, %v; want an error with %q and the usage", tc.args, tc.required, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseCoin(%q, %v) = %q, %v; want %q", tc.args, tc.required, got, err, tc.want)
		}
	}
	if _, err := parseCoin("", nil, false, "USAGE"); err == nil || !strings.Contains(err.Error(), "No ViaBTC coins are configured") {
		t.Errorf("no coins configured: %v", err)
	}
}

func TestSortWorkersPutsInactiveFirstThenByName(t *testing.T) {
	ws := []viabtc.Worker{{Name: "b", Status: viabtc.StatusActive}, {Name: "z", Status: viabtc.StatusInactive},
		{Name: "A", Status: viabtc.StatusActive}, {Name: "c", Status: viabtc.StatusInactive}}
	sortWorkers(ws)
	var got []string
	for _, w := range ws {
		got = append(got, w.Name)
	}
	if strings.Join(got, " ") != "c z A b" {
		t.Fatalf("order %v", got)
	}
}

func TestExplainSaysWhatToDoAboutEachRefusal(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&viabtc.APIError{Code: 12001}, "refuses our API key"},
		{&viabtc.APIError{Code: 12002}, "refuses our signature"},
		{&viabtc.APIError{Code: 12003}, "clock is in sync"},
		{&viabtc.APIError{Code: 12004}, "IP address"},
		{fmt.Errorf("viabtc /account: %w", viabtc.ErrForbidden), "HTTP 403"},
		{&viabtc.APIError{Code: 5001}, "does not know that coin"},
		{fmt.Errorf("viabtc /account: %w", viabtc.ErrUnavailable), "did not answer"},
		{fmt.Errorf("viabtc /account: %w", viabtc.ErrBadAnswer), "cannot read"},
		{&viabtc.APIError{Code: 777, Message: "<secret-ish> text"}, "ViaBTC refused it (code 777; the details are in the log)."},
		{errors.New("something else"), ""},
	} {
		if got := explain(tc.err); !strings.Contains(got, tc.want) || (tc.want == "" && got != "") {
			t.Errorf("explain(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	if got := explainSweep(&viabtc.APIError{Code: 2}); !strings.Contains(got, "withdraw address") {
		t.Errorf("a sweep refused with code 2: %q", got)
	}
	if got := explainSweep(fmt.Errorf("x: %w", viabtc.ErrUnavailable)); !strings.Contains(got, "nothing was settled") {
		t.Errorf("a sweep that never left: %q", got)
	}
}
