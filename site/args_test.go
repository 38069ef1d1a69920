package site

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"pitboss/apiclients/coinhive"
	"pitboss/bot"
)

func TestParseWithdraw(t *testing.T) {
	for _, tc := range []struct {
		args   string
		name   string
		amount int64
		err    string // part of the error, "" for none
	}{
		{args: "alice 1000", name: "alice", amount: 1000},
		{args: "  alice   1000  ", name: "alice", amount: 1000},
		{args: "Mary Ann 250k", name: "Mary Ann", amount: 250_000},
		{args: "<b>&_ 1.5M", name: "<b>&_", amount: 1_500_000},
		{args: "bob 2G", name: "bob", amount: 2_000_000_000},
		{args: "bob 1t", name: "bob", amount: 1_000_000_000_000},
		{args: "bob 9223372036854775807", name: "bob", amount: 9223372036854775807},
		{args: "bob\u30001000", name: "bob", amount: 1000}, // an ideographic space is a space too
		{args: "bob 9223372036854775808", err: "more hashes than anyone has"},
		{args: "bob 10000000T", err: "more hashes than anyone has"},
		{args: "bob 0", err: "more than zero"},
		{args: "bob 0.0k", err: "more than zero"},
		{args: "bob -1", err: "more than zero"},
		{args: "bob -1.5M", err: "more than zero"},
		{args: "bob 1.5", err: "not a whole number"},
		{args: "bob 1.0001k", err: "not a whole number"},
		{args: "bob 1e6", err: "not a number of hashes"},
		{args: "bob 1,000", err: "not a number of hashes"},
		{args: "bob 0x10", err: "not a number of hashes"},
		{args: "bob NaN", err: "not a number of hashes"},
		{args: "bob +5", err: "not a number of hashes"},
		{args: "bob 5 M", err: "not a number of hashes"},
		{args: "bob 1/2", err: "not a number of hashes"},
		{args: "bob", err: "Say whose hashes"},
		{args: "", err: "Say whose hashes"},
		{args: "1000", err: "Say whose hashes"},
		{args: "\t 1000", err: "Say whose hashes"},
		{args: strings.Repeat("x", maxName+1) + " 5", err: "too long"},
		{args: "bad\x00name 5", err: "control characters"},
	} {
		name, amount, err := parseWithdraw(tc.args)
		if msg := userError(t, err); msg != "" || tc.err != "" {
			if tc.err == "" || !strings.Contains(msg, tc.err) {
				t.Errorf("parseWithdraw(%q) error %q, want one with %q", tc.args, msg, tc.err)
			}
			continue
		}
		if name != tc.name || amount != tc.amount {
			t.Errorf("parseWithdraw(%q) = %q, %d; want %q, %d", tc.args, name, amount, tc.name, tc.amount)
		}
	}
}

func TestParseTop(t *testing.T) {
	for _, tc := range []struct {
		args  string
		want  topArgs
		error string
	}{
		{args: "", want: topArgs{10, coinhive.OrderTotal}},
		{args: "25", want: topArgs{25, coinhive.OrderTotal}},
		{args: "balance", want: topArgs{10, coinhive.OrderBalance}},
		{args: "WITHDRAWN 3", want: topArgs{3, coinhive.OrderWithdrawn}},
		{args: "100 total", want: topArgs{100, coinhive.OrderTotal}},
		{args: "+7", want: topArgs{7, coinhive.OrderTotal}},
		{args: "0", error: "1 to 100"},
		{args: "101", error: "1 to 100"},
		{args: "-3", error: "1 to 100"},
		{args: "99999999999999999999", error: "1 to 100"},
		{args: "1.5", error: "1 to 100"},
		{args: "3 4", error: "count once"},
		{args: "total balance", error: "order once"},
		{args: "richest", error: "Order by total, balance or withdrawn"},
		{args: "1 total x", error: "Too many words"},
	} {
		got, err := parseTop(tc.args)
		if msg := userError(t, err); msg != "" || tc.error != "" {
			if tc.error == "" || !strings.Contains(msg, tc.error) {
				t.Errorf("parseTop(%q) error %q, want one with %q", tc.args, msg, tc.error)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("parseTop(%q) = %+v, want %+v", tc.args, got, tc.want)
		}
	}
}

func TestParseHours(t *testing.T) {
	for args, want := range map[string]int{"": 24, " 1 ": 1, "168": 168, "48h": 48, "0": -1, "169": -1, "soon": -1, "-2": -1, "h": -1} {
		got, err := parseHours(args)
		if want < 0 {
			if userError(t, err) == "" {
				t.Errorf("parseHours(%q) = %d, want an error", args, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("parseHours(%q) = %d, %v; want %d", args, got, err, want)
		}
	}
}

func TestParseLink(t *testing.T) {
	for _, tc := range []struct {
		args   string
		url    string
		hashes int64
		err    string
	}{
		{args: "https://example.com/a?b=1 256", url: "https://example.com/a?b=1", hashes: 256},
		{args: "HTTP://Example.com 1k", url: "HTTP://Example.com", hashes: 1000},
		{args: "ftp://x 100", err: "not an http:// or https:// URL"},
		{args: "example.com 100", err: "not an http:// or https:// URL"},
		{args: "http:// 100", err: "not an http:// or https:// URL"},
		{args: "http://%zz 100", err: "not an http:// or https:// URL"},
		{args: "https://" + strings.Repeat("a", maxURL) + " 100", err: "too long"},
		{args: "https://example.com -1", err: "more than zero"},
		{args: "https://example.com", err: "Give a URL and a number of hashes"},
	} {
		u, hashes, err := parseLink(tc.args)
		if msg := userError(t, err); msg != "" || tc.err != "" {
			if tc.err == "" || !strings.Contains(msg, tc.err) {
				t.Errorf("parseLink(%q) error %q, want one with %q", tc.args, msg, tc.err)
			}
			continue
		}
		if u != tc.url || hashes != tc.hashes {
			t.Errorf("parseLink(%q) = %q, %d", tc.args, u, hashes)
		}
	}
}

func TestParseVerify(t *testing.T) {
	if tok, n, err := parseVerify(" abcDEF123 512 "); err != nil || tok != "abcDEF123" || n != 512 {
		t.Fatalf("parseVerify = %q, %d, %v", tok, n, err)
	}
	for _, args := range []string{"", "abc", "abc 0", "abc 1 2", strings.Repeat("t", maxToken+1) + " 5"} {
		if _, _, err := parseVerify(args); userError(t, err) == "" {
			t.Errorf("parseVerify(%q) took it", args)
		}
	}
}

// userError is err's text for the chat, "" for nil; any other kind of error fails the test, as the
// user would see only "internal error".
func userError(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ue *bot.UserError
	if !errors.As(err, &ue) {
		t.Fatalf("%v is not a UserError", err)
	}
	return ue.Msg
}

func FuzzParseWithdraw(f *testing.F) {
	for _, s := range []string{"alice 1000", "Mary Ann 1.5M", "bob -1", "bob 0", "x 9223372036854775808", " \u3000 ", "a\u00a01k", "é 1.000000000000000000001G"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		name, amount, err := parseWithdraw(args)
		if err != nil {
			if msg := userError(t, err); !strings.Contains(msg, "Usage: /ch_withdraw") {
				t.Fatalf("refused %q without showing the right form: %q", args, msg)
			}
			return
		}
		switch {
		case amount <= 0:
			t.Fatalf("took %d hashes from %q", amount, args)
		case name == "" || name != strings.TrimSpace(name) || len(name) > maxName:
			t.Fatalf("took the name %q from %q", name, args)
		case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
			t.Fatalf("took a name with control characters or broken UTF-8: %q", name)
		case !strings.HasPrefix(strings.TrimSpace(args), name):
			t.Fatalf("the name %q is not how %q starts", name, args)
		}
	})
}

func FuzzParseTop(f *testing.F) {
	for _, s := range []string{"", "10", "balance 5", "WITHDRAWN", "0", "101", "-1", "1 2", "+3 total"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		ta, err := parseTop(args)
		if err != nil {
			if msg := userError(t, err); !strings.Contains(msg, "Usage: /ch_top") {
				t.Fatalf("refused %q without showing the right form: %q", args, msg)
			}
			return
		}
		if ta.count < 1 || ta.count > topMax {
			t.Fatalf("count %d from %q", ta.count, args)
		}
		switch ta.order {
		case coinhive.OrderTotal, coinhive.OrderBalance, coinhive.OrderWithdrawn:
		default:
			t.Fatalf("order %q from %q", ta.order, args)
		}
	})
}
