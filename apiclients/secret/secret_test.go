package secret_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"pitboss/apiclients/secret"
)

const value = "x9"

func TestEveryFmtVerbPrintsRedacted(t *testing.T) {
	s := secret.String(value)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s", "%-3v"} {
		if got := fmt.Sprintf(verb, s); got != secret.Redacted {
			t.Errorf("%s prints %q, want %s", verb, got, secret.Redacted)
		}
	}
	if got := fmt.Sprint(&s); strings.Contains(got, value) {
		t.Errorf("a pointer to the secret prints %q", got)
	}
}

func TestSecretInsideStructsErrorsAndMapsPrintsRedacted(t *testing.T) {
	type keys struct {
		Public, Private secret.String
		List            []secret.String
		ByName          map[string]secret.String
	}
	k := keys{Public: "ab", Private: value, List: []secret.String{value}, ByName: map[string]secret.String{"k": value}}
	err := fmt.Errorf("signing with %v failed: %w", k.Private, errors.New("boom"))
	for _, got := range []string{
		fmt.Sprintf("%v", k), fmt.Sprintf("%+v", k), fmt.Sprintf("%#v", k), fmt.Sprintf("%v", &k),
		err.Error(), fmt.Sprint([]any{k.Public, k.Private}),
	} {
		if strings.Contains(got, value) || strings.Contains(got, `"ab"`) || strings.Contains(got, ":ab") {
			t.Errorf("leaks a value: %s", got)
		}
	}
}

func TestLogsAndMarshallingShowRedacted(t *testing.T) {
	s := secret.String(value)
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("calling", "key", s, "group", slog.GroupValue(slog.Any("inner", s)),
		"struct", struct{ Key secret.String }{s})
	slog.New(slog.NewJSONHandler(&js, nil)).Info("calling", "key", s, "struct", struct{ Key secret.String }{s})
	b, err := json.Marshal(map[string]secret.String{"key": s})
	if err != nil {
		t.Fatal(err)
	}
	txt, _ := s.MarshalText()
	for name, got := range map[string]string{"text log": text.String(), "json log": js.String(), "json": string(b), "text": string(txt)} {
		if strings.Contains(got, value) || !strings.Contains(got, secret.Redacted) {
			t.Errorf("%s: %s", name, got)
		}
	}
}

func TestRevealGivesTheValue(t *testing.T) {
	if got := secret.String(value).Reveal(); got != value {
		t.Fatalf("Reveal() = %q", got)
	}
	var zero secret.String
	if zero != "" || zero.Reveal() != "" {
		t.Fatal("the zero String is not empty")
	}
}
