package pool

import (
	"time"

	"pitboss/apiclients/viabtc"
	"pitboss/bot"
)

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
