package bot

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxText is Telegram's limit on a message's text. Splitting on the raw HTML length is conservative:
// tags and entities only make the raw text longer than what Telegram counts.
const maxText = 4096

// Escape makes s safe inside Telegram HTML. Telegram rejects a whole message over one stray '<' or '&',
// so every value from outside (names, API data) goes through it.
func Escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// StripTags turns our HTML into plain text, for places that take no markup (button notices).
func StripTags(s string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(s, ""))
}

// SplitMessage cuts an HTML text into parts Telegram accepts (at most 4096 bytes each), at line breaks.
func SplitMessage(text string) []string { return splitMessage(text, maxText) }

// maxFit keeps a text that Fit cut under Telegram's limit, with room to spare.
const maxFit = 4000

// Fit cuts an HTML text at a line break so that it goes in one message, saying that lines were left out:
// for a page that Edit shows in place, which cannot be split as Reply splits.
func Fit(text string) string {
	if len(text) <= maxFit {
		return text
	}
	const more = "\n… (the rest did not fit in one message)"
	cut := strings.LastIndexByte(text[:maxFit-len(more)], '\n')
	if cut < 0 {
		cut = 0
	}
	return text[:cut] + more
}

// Shorten cuts s to at most n runes, marking the cut, so that one long name cannot push a message past
// Telegram's limit.
func Shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// Middle shortens an address or a transaction id to its start and end, which is how people compare them.
func Middle(s string) string {
	if utf8.RuneCountInString(s) <= 20 {
		return s
	}
	r := []rune(s)
	return string(r[:10]) + "…" + string(r[len(r)-6:])
}

// Quote shows a user's word back to them, escaped, in quotation marks.
func Quote(s string) string { return "“" + Escape(s) + "”" }

// splitMessage cuts text into parts of at most limit bytes, at line breaks. pitboss closes every tag on
// the line that opens it, so a cut between lines never splits a tag; a single line longer than the limit
// is cut at a rune boundary outside any tag or entity.
func splitMessage(text string, limit int) []string {
	if len(text) <= limit {
		return []string{text}
	}
	var parts []string
	var cur strings.Builder
	add := func(part string) {
		// A blank part would be refused by Telegram ("message text is empty").
		if strings.TrimSpace(part) != "" {
			parts = append(parts, part)
		}
	}
	flush := func() {
		add(strings.TrimRight(cur.String(), "\n"))
		cur.Reset()
	}
	for line := range strings.SplitAfterSeq(text, "\n") {
		for len(line) > limit {
			flush()
			cut := safeCut(line, limit)
			add(line[:cut])
			line = line[cut:]
		}
		if cur.Len()+len(line) > limit {
			flush()
		}
		cur.WriteString(line)
	}
	flush()
	return parts
}

// safeCut returns a cut point <= limit that is a rune boundary and not inside <...> or &...;.
func safeCut(s string, limit int) int {
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if cut == 0 {
		cut = limit // not UTF-8 at all: any cut is as good as another, but it must make progress
	}
	hard := cut
	if i := strings.LastIndexAny(s[:cut], "<&"); i >= 0 {
		if j := strings.IndexAny(s[i:cut], ">;"); j < 0 {
			cut = i
		}
	}
	if strings.TrimSpace(s[:cut]) == "" {
		cut = hard // no safe cut leaves anything to show: a pathological line; better a broken tag than an empty part
	}
	return cut
}

// Button is an inline button whose callback data is "route:args". Telegram allows 64 bytes of data; a
// longer one is a programming error and panics.
func Button(text, route, args string) tgbotapi.InlineKeyboardButton {
	data := route + ":" + args
	if len(data) > 64 {
		panic(fmt.Sprintf("bot: callback data %q is over Telegram's 64 bytes", data))
	}
	return tgbotapi.NewInlineKeyboardButtonData(text, data)
}
