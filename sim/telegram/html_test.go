package telegram

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseHTMLAcceptsTelegramsMarkup(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		plain string
		ents  []entity
	}{
		{"plain text", "rig-7 online", "rig-7 online", nil},
		{"bold and italic", "<b>GPU 3</b> &amp; <i>fan</i>", "GPU 3 & fan",
			[]entity{{Type: "bold", Offset: 0, Length: 5}, {Type: "italic", Offset: 8, Length: 3}}},
		{"tag names ignore case", "<B>hot</B>", "hot", []entity{{Type: "bold", Offset: 0, Length: 3}}},
		{"synonyms", "<strong>a</strong><em>b</em><ins>c</ins><del>d</del><strike>e</strike>", "abcde",
			[]entity{{Type: "bold", Offset: 0, Length: 1}, {Type: "italic", Offset: 1, Length: 1},
				{Type: "underline", Offset: 2, Length: 1}, {Type: "strikethrough", Offset: 3, Length: 1},
				{Type: "strikethrough", Offset: 4, Length: 1}}},
		{"the four named entities", "a &lt; b &gt; c &quot;q&quot;", `a < b > c "q"`, nil},
		{"numeric entities", "&#65;&#x42;&#8451;", "AB℃", nil},
		{"semicolon optional as in tdlib", "&lt", "<", nil},
		{"link with escaped query", `<a href="https://hiveos.farm/?a=1&amp;b=2">farm</a>`, "farm",
			[]entity{{Type: "text_link", Offset: 0, Length: 4, URL: "https://hiveos.farm/?a=1&b=2"}}},
		{"link without href links its text", `<a>https://x.io</a>`, "https://x.io",
			[]entity{{Type: "text_link", Offset: 0, Length: 12, URL: "https://x.io"}}},
		{"spoilers", `<span class="tg-spoiler">a</span><tg-spoiler>b</tg-spoiler>`, "ab",
			[]entity{{Type: "spoiler", Offset: 0, Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}}},
		{"pre with language", `<pre><code class="language-go">x := 1</code></pre>`, "x := 1",
			[]entity{{Type: "pre", Offset: 0, Length: 6, Language: "go"}}},
		{"code alone", `<code>nvidia-smi</code>`, "nvidia-smi", []entity{{Type: "code", Offset: 0, Length: 10}}},
		{"expandable blockquote", `<blockquote expandable>log</blockquote>`, "log",
			[]entity{{Type: "expandable_blockquote", Offset: 0, Length: 3}}},
		{"custom emoji", `<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "👍",
			[]entity{{Type: "custom_emoji", Offset: 0, Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{"offsets in UTF-16", "😀 <b>x</b>", "😀 x", []entity{{Type: "bold", Offset: 3, Length: 1}}},
		{"nested", "<b>a<i>b</i></b>", "ab",
			[]entity{{Type: "bold", Offset: 0, Length: 2}, {Type: "italic", Offset: 1, Length: 1}}},
		{"empty tag makes no entity", "<b></b>x", "x", nil},
		{"empty end tag closes the last", "<b>x</>", "x", []entity{{Type: "bold", Offset: 0, Length: 1}}},
		{"unquoted attribute is a lower-cased name token", `<a href=HiveOS.farm>x</a>`, "x",
			[]entity{{Type: "text_link", Offset: 0, Length: 1, URL: "hiveos.farm"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plain, ents, err := parseHTML(c.in)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if plain != c.plain || !entitiesEqual(ents, c.ents) {
				t.Fatalf("got %q %+v\nwant %q %+v", plain, ents, c.plain, c.ents)
			}
		})
	}
}

func TestParseHTMLRefusesWhatTelegramRefuses(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Temp <foo> high", `Unsupported start tag "foo" at byte offset 5`},
		{"5 < 6", `Unsupported start tag "" at byte offset 2`},
		{"line<br/>break", `Unsupported start tag "br/" at byte offset 4`},
		{"x</b>", "Unexpected end tag at byte offset 1"},
		{"<b>x", `Can't find end tag corresponding to start tag "b"`},
		{"<b>x</i>", `Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`},
		{"<b>x</b", "Unclosed end tag at byte offset 4"},
		{"<b", "Unclosed start tag at byte offset 0"},
		{"<b x>y</b>", `Expected equal sign in declaration of an attribute of the tag "b" at byte offset 0`},
		{`<a href=x"y>z</a>`, "Unexpected end of name token at byte offset 8"},
		{`<a href=https://x.io>z</a>`, "Unexpected end of name token at byte offset 8"},
		{`<span class="warn">a</span>`, `Tag "span" must have class "tg-spoiler" at byte offset 0`},
		{"AT&T", `Unescaped "&" at byte offset 2; write it as "&amp;"`},
		{"&copy; 2026", `Unescaped "&" at byte offset 0; write it as "&amp;"`},
		{"<b>&#0;</b>", `Unescaped "&" at byte offset 3; write it as "&amp;"`},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, _, err := parseHTML(c.in)
			if err == nil || err.Error() != "can't parse entities: "+c.want {
				t.Fatalf("got %v\nwant can't parse entities: %s", err, c.want)
			}
		})
	}
}

func FuzzParseHTML(f *testing.F) {
	for _, seed := range []string{
		"", "plain", "<b>GPU 3</b> at <i>91 °C</i>", "a &lt; b &amp;&amp; c", "&#x1F600;&#128512;",
		`<a href="https://hiveos.farm/?a=1&amp;b=2">farm</a>`, `<pre><code class="language-go">x</code></pre>`,
		"<b>unclosed", "</i>", "5 < 6", "AT&T", `<blockquote expandable>q</blockquote>`, "😀<u>x</u>",
		`<tg-emoji emoji-id="1">👍</tg-emoji>`, `<span class="tg-spoiler">s</span>`, "<b x='&quot;'>y</b>",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		plain, ents, err := parseHTML(in)
		if err != nil {
			return
		}
		if len(plain) > len(in) {
			t.Fatalf("plain %q longer than input %q", plain, in)
		}
		if !strings.ContainsAny(in, "<&") && plain != in {
			t.Fatalf("text without markup changed: %q -> %q", in, plain)
		}
		if utf8.ValidString(in) && !utf8.ValidString(plain) {
			t.Fatalf("valid input gave invalid UTF-8 %q", plain)
		}
		n := utf16Len(plain)
		for _, e := range ents {
			if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > n {
				t.Fatalf("entity %+v outside %d units of %q", e, n, plain)
			}
		}
	})
}
