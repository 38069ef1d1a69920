package site

import (
	"math"
	"strconv"
	"strings"
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

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
