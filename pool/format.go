package pool

import (
	"strings"
	"time"
	"unicode/utf8"

	"pitboss/apiclients/viabtc"
	"pitboss/bot"
)

// shorten cuts s to at most n runes, marking the cut, so that one long name cannot push a page past
// Telegram's limit.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// middle shortens an address or a transaction id to its start and end, which is how people compare them.
func middle(s string) string {
	if utf8.RuneCountInString(s) <= 20 {
		return s
	}
	r := []rune(s)
	return string(r[:10]) + "…" + string(r[len(r)-6:])
}

// amount is a ViaBTC amount as the service wrote it, with its coin; "0" when the service sent none.
func amount(d viabtc.Decimal, coin string) string {
	if d == "" {
		d = "0"
	}
	return bot.Escape(d.String()) + " " + bot.Escape(coin)
}

// utc writes a time the way every pool message does.
func utc(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") + " UTC" }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// maxEdit keeps an edited page under Telegram's 4096-byte limit, which Edit does not split as Reply does.
const maxEdit = 4000

// fit cuts text at a line break so that it stays under maxEdit, saying that lines were left out.
func fit(text string) string {
	if len(text) <= maxEdit {
		return text
	}
	const more = "\n… (the rest did not fit in one message)"
	cut := strings.LastIndexByte(text[:maxEdit-len(more)], '\n')
	if cut < 0 {
		cut = 0
	}
	return text[:cut] + more
}
