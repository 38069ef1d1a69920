package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCommand(t *testing.T) {
	cases := []struct {
		text, name, at, args string
		ok                   bool
	}{
		{"/start", "start", "", "", true},
		{"/start AbC-123_x", "start", "", "AbC-123_x", true},
		{"/Help@pitboss_bot", "help", "pitboss_bot", "", true},
		{"/invite   viewer  ", "invite", "", "viewer", true},
		{"/invite\nviewer", "invite", "", "viewer", true},
		{"hello", "", "", "", false},
		{"/", "", "", "", false},
		{"/ help", "", "", "", false},
		{"/стоп", "", "", "", false},
		{"/" + strings.Repeat("a", 33), "", "", "", false},
	}
	for _, c := range cases {
		name, at, args, ok := parseCommand(c.text)
		if name != c.name || at != c.at || args != c.args || ok != c.ok {
			t.Errorf("%q: got (%q, %q, %q, %v), want (%q, %q, %q, %v)", c.text, name, at, args, ok, c.name, c.at, c.args, c.ok)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/start", "/start code", "/help@bot", "/a\tb", "/x@", "/@bot", "hi", "/стоп x", "/a\n\n/b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		name, at, args, ok := parseCommand(text)
		if !ok {
			if name != "" || at != "" || args != "" {
				t.Fatalf("not a command but parts returned: %q %q %q", name, at, args)
			}
			return
		}
		if name == "" || strings.IndexFunc(name, notCommandRune) >= 0 || name != strings.ToLower(name) {
			t.Fatalf("bad name %q from %q", name, text)
		}
		if utf8.ValidString(text) && !utf8.ValidString(args) {
			t.Fatalf("args %q not valid UTF-8", args)
		}
		if len(args) > len(text) {
			t.Fatalf("args longer than the text")
		}
	})
}

func FuzzSplitMessage(f *testing.F) {
	f.Add("<b>rig01</b> 61 °C &amp; fine\nline two\n", 40)
	f.Add(strings.Repeat("a&amp;", 50), 17)
	f.Add("short", 4096)
	f.Add(strings.Repeat("x", 40)+"\n"+strings.Repeat("y", 30)+"\n", 40)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 16 || limit > 8192 {
			return
		}
		parts := splitMessage(text, limit)
		for _, p := range parts {
			if len(p) > limit {
				t.Fatalf("part of %d bytes over the limit %d", len(p), limit)
			}
			if strings.TrimSpace(p) == "" && strings.TrimSpace(text) != "" {
				t.Fatalf("an empty part, which Telegram refuses: %q", parts)
			}
		}
		if len(text) <= limit && (len(parts) != 1 || parts[0] != text) {
			t.Fatalf("a short text was changed: %q", parts)
		}
		visible := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if got := visible(strings.Join(parts, "")); got != visible(text) {
			t.Fatalf("splitting lost or changed text (white space aside): %d bytes became %d", len(visible(text)), len(got))
		}
	})
}
