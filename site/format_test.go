package site

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"pitboss/apiclients/coinhive"
)

func TestCountWritesThousandsSeparators(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 18874368: "18,874,368", -1234567: "-1,234,567",
		-9223372036854775808: "-9,223,372,036,854,775,808"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestXMRKeepsPiconerosWithoutTrailingZeros(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 0.12: "0.12", 0.000071: "0.000071", 1.0000000000004: "1"} {
		if got := xmr(v); got != want {
			t.Errorf("xmr(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestExplainSaysWhatToDoAboutEachRefusal(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&coinhive.APIError{Code: "invalid_secret"}, "refuses our secret key"},
		{&coinhive.APIError{Code: "unknown_user"}, "never mined"},
		{&coinhive.APIError{Code: "insufficent_funds"}, "nothing was withdrawn"},
		{&coinhive.APIError{Code: "invalid_token"}, "token is not valid"},
		{&coinhive.APIError{Code: "invalid_url"}, "http:// or https://"},
		{&coinhive.APIError{Code: "invalid_page"}, "run /ch_users again"},
		{&coinhive.APIError{Code: "internal_error"}, "failed on its side"},
		{fmt.Errorf("coinhive /user/top: %w", coinhive.ErrUnavailable), "did not answer"},
		{fmt.Errorf("coinhive /user/top: %w", coinhive.ErrBadAnswer), "cannot read"},
		{errors.New("something else"), ""},
	} {
		if got := explain(tc.err); !strings.Contains(got, tc.want) || (tc.want == "" && got != "") {
			t.Errorf("explain(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	if got := explainAction(fmt.Errorf("x: %w", coinhive.ErrUnavailable)); !strings.Contains(got, "nothing was changed") {
		t.Errorf("an action that never left: %q", got)
	}
}
