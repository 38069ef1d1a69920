package site

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// count writes a number of hashes with thousands separators: 18,874,368.
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// xmr writes an amount of Monero to the piconero (12 places), without trailing zeros.
func xmr(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e12)/1e12, 'f', -1, 64)
}

// shorten cuts s to at most n runes, marking the cut, so that one long name cannot push a page past
// Telegram's limit.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func plural(n int64, one, many string) string {
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
