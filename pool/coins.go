package pool

import (
	"strings"

	"pitboss/bot"
)

// parseCoin reads a command's coin: one of the configured coins, in any case. With none given it is the
// first configured coin, unless the command needs it said (a sweep moves money: it names its coin).
func parseCoin(args string, coins []string, required bool, usage string) (string, error) {
	if len(coins) == 0 {
		return "", bot.UserErrorf("No ViaBTC coins are configured: add them to viabtc.coins in the config file.")
	}
	fields := strings.Fields(args)
	switch {
	case len(fields) > 1:
		return "", bot.UserErrorf("Name one coin.\n%s", usage)
	case len(fields) == 0 && required:
		return "", bot.UserErrorf("Say which coin: %s.\n%s", coinList(coins), usage)
	case len(fields) == 0:
		return coins[0], nil
	}
	for _, c := range coins {
		if strings.EqualFold(c, fields[0]) {
			return c, nil
		}
	}
	return "", bot.UserErrorf("%s is not a coin pitboss watches on ViaBTC: use %s.\n%s", quote(fields[0]), coinList(coins), usage)
}

// coinList is the configured coins for a sentence: "BTC, LTC".
func coinList(coins []string) string {
	escaped := make([]string, len(coins))
	for i, c := range coins {
		escaped[i] = bot.Escape(c)
	}
	return strings.Join(escaped, ", ")
}

// quote shows a user's word back to them, escaped and cut short if long.
func quote(s string) string { return bot.Quote(bot.Shorten(s, 40)) }
