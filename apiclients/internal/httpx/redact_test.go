package httpx

import (
	"strings"
	"testing"

	"pitboss/apiclients/secret"
)

func TestShortSecretIsRedactedWhereItStandsAsAValue(t *testing.T) {
	for in, want := range map[string]string{
		"GET /user/balance?secret=ab&name=x": "GET /user/balance?secret=[REDACTED]&name=x",
		`{"secretKey":"ab"}`:                 `{"secretKey":"[REDACTED]"}`,
		"ab":                                 "[REDACTED]",
		"key ab, again ab.":                  "key [REDACTED], again [REDACTED].",
		"X-API-KEY: ab\r\n":                  "X-API-KEY: [REDACTED]\r\n",
	} {
		if got := RedactString(in, "ab"); got != want {
			t.Errorf("RedactString(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShortSecretLeavesOrdinaryWordsAlone(t *testing.T) {
	for _, in := range []string{"service unavailable", "table", "abc", "cab", "about 9 rigs"} {
		if got := RedactString(in, "ab"); got != in {
			t.Errorf("RedactString(%q) = %q: an ordinary word was mangled", in, got)
		}
	}
}

func TestLongSecretIsRedactedAnywhere(t *testing.T) {
	const key = "0123456789abcdef"
	got := RedactString("hmac=x"+key+"y and "+key, key)
	if strings.Contains(got, key) || strings.Count(got, Redacted) != 2 {
		t.Fatalf("got %q", got)
	}
}

func TestEscapedFormsOfASecretAreRedacted(t *testing.T) {
	const key = "a/b c+d"
	got := RedactString("q=a%2Fb+c%2Bd p=a%2Fb%20c+d raw=a/b c+d", secret.String(key))
	if got != "q=[REDACTED] p=[REDACTED] raw=[REDACTED]" {
		t.Fatalf("got %q", got)
	}
}
