package site

import (
	"fmt"
	"math/big"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"pitboss/apiclients/coinhive"
	"pitboss/bot"
)

// Every parser here returns errors for the user (bot.UserError), with the command's right form.

const (
	withdrawUsage = "Usage: /ch_withdraw &lt;name&gt; &lt;amount&gt;, such as /ch_withdraw alice 1000000. " +
		"The amount is in hashes; 250k and 1.5M work too."
	topUsage     = "Usage: /ch_top [count] [total|balance|withdrawn], such as /ch_top 20 balance. The count is 1 to 100."
	historyUsage = "Usage: /ch_history [hours], such as /ch_history 48. The hours are 1 to 168 (a week)."
	linkUsage    = "Usage: /ch_link &lt;url&gt; &lt;hashes&gt;, such as /ch_link https://example.com/file.zip 1M."
	verifyUsage  = "Usage: /ch_verify &lt;token&gt; &lt;hashes&gt;, such as /ch_verify 3kBZq… 256."
)

// Bounds of what the commands accept.
const (
	topDefault     = 10
	topMax         = 100
	historyDefault = 24
	historyMax     = 7 * 24 // Coinhive keeps a week of hourly history
	// maxName bounds a user name. Coinhive documents no limit; this one keeps a preview readable.
	maxName  = 256
	maxURL   = 2048
	maxToken = 128
)

// parseName reads a Coinhive user name: the whole argument, spaces inside included, as the site's miner
// may have named the user anything.
func parseName(arg, usage string) (string, error) {
	name := strings.TrimSpace(arg)
	switch {
	case name == "":
		return "", bot.UserErrorf("Say which user.\n%s", usage)
	case len(name) > maxName:
		return "", bot.UserErrorf("That name is too long: a name has at most %d characters.\n%s", maxName, usage)
	case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "", bot.UserErrorf("A name cannot hold line breaks or control characters.\n%s", usage)
	}
	return name, nil
}

// parseWithdraw reads "<name> <amount>". The amount is the last word, so a name may hold spaces.
func parseWithdraw(args string) (name string, amount int64, err error) {
	args = strings.TrimSpace(args)
	i := strings.LastIndexFunc(args, unicode.IsSpace)
	if i < 0 {
		return "", 0, bot.UserErrorf("Say whose hashes to withdraw, and how many.\n%s", withdrawUsage)
	}
	_, size := utf8.DecodeRuneInString(args[i:])
	amount, err = parseHashes(args[i+size:], withdrawUsage)
	if err != nil {
		return "", 0, err
	}
	name, err = parseName(args[:i], withdrawUsage)
	return name, amount, err
}

// hashesRE is a count of hashes as a person writes it: digits, maybe a fraction, maybe k, M, G or T.
var hashesRE = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)([kKmMgGtT]?)$`)

var hashScale = map[string]int64{"": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12}

// parseHashes reads a positive whole number of hashes: 1000000, 250k, 1.5M.
func parseHashes(s, usage string) (int64, error) {
	refuse := func(why string) (int64, error) { return 0, bot.UserErrorf("%s\n%s", why, usage) }
	notCount := fmt.Sprintf("%s is not a number of hashes.", quote(s))
	if len(s) > 40 {
		return refuse(notCount)
	}
	notPositive := fmt.Sprintf("The number of hashes must be more than zero, not %s.", quote(s))
	if rest, negative := strings.CutPrefix(s, "-"); negative && hashesRE.MatchString(rest) {
		return refuse(notPositive)
	}
	m := hashesRE.FindStringSubmatch(s)
	if m == nil {
		return refuse(notCount)
	}
	r, ok := new(big.Rat).SetString(m[1])
	if !ok {
		return refuse(notCount)
	}
	r.Mul(r, new(big.Rat).SetInt64(hashScale[strings.ToLower(m[2])]))
	switch {
	case r.Sign() == 0:
		return refuse(notPositive)
	case !r.IsInt():
		return refuse(fmt.Sprintf("%s is not a whole number of hashes.", quote(s)))
	case !r.Num().IsInt64():
		return refuse(fmt.Sprintf("%s is more hashes than anyone has.", quote(s)))
	}
	return r.Num().Int64(), nil
}

// topArgs is a /ch_top as typed.
type topArgs struct {
	count int
	order coinhive.Order
}

// parseTop reads "[count] [order]", in either order.
func parseTop(args string) (topArgs, error) {
	ta := topArgs{count: topDefault, order: coinhive.OrderTotal}
	fields := strings.Fields(args)
	if len(fields) > 2 {
		return ta, bot.UserErrorf("Too many words.\n%s", topUsage)
	}
	var seenCount, seenOrder bool
	for _, f := range fields {
		if looksNumeric(f) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 || n > topMax {
				return ta, bot.UserErrorf("The count must be 1 to %d, not %s.\n%s", topMax, quote(f), topUsage)
			}
			if seenCount {
				return ta, bot.UserErrorf("Give the count once.\n%s", topUsage)
			}
			ta.count, seenCount = n, true
			continue
		}
		order := coinhive.Order(strings.ToLower(f))
		if order != coinhive.OrderTotal && order != coinhive.OrderBalance && order != coinhive.OrderWithdrawn {
			return ta, bot.UserErrorf("Order by total, balance or withdrawn, not %s.\n%s", quote(f), topUsage)
		}
		if seenOrder {
			return ta, bot.UserErrorf("Give the order once.\n%s", topUsage)
		}
		ta.order, seenOrder = order, true
	}
	return ta, nil
}

// looksNumeric reports whether a word was meant as a number: a sign or a digit first.
func looksNumeric(s string) bool {
	return s != "" && (s[0] == '-' || s[0] == '+' || s[0] >= '0' && s[0] <= '9')
}

// parseHours reads /ch_history's "[hours]", with or without an h.
func parseHours(args string) (int, error) {
	arg := strings.TrimSpace(args)
	if arg == "" {
		return historyDefault, nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(arg, "h"))
	if err != nil || n < 1 || n > historyMax {
		return 0, bot.UserErrorf("The hours must be a whole number from 1 to %d, not %s.\n%s", historyMax, quote(args), historyUsage)
	}
	return n, nil
}

// parseLink reads "<url> <hashes>". Only http and https URLs with a host are taken, as Coinhive's doc
// asks; the check is made here so that nothing is proposed that Coinhive would refuse.
func parseLink(args string) (target string, hashes int64, err error) {
	fields := strings.Fields(args)
	if len(fields) != 2 {
		return "", 0, bot.UserErrorf("Give a URL and a number of hashes.\n%s", linkUsage)
	}
	target = fields[0]
	u, perr := url.Parse(target)
	switch {
	case len(target) > maxURL:
		return "", 0, bot.UserErrorf("That URL is too long: at most %d characters.\n%s", maxURL, linkUsage)
	case perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "", 0, bot.UserErrorf("%s is not an http:// or https:// URL: a link can only lead to a web page.\n%s", quote(target), linkUsage)
	}
	hashes, err = parseHashes(fields[1], linkUsage)
	return target, hashes, err
}

// parseVerify reads "<token> <hashes>".
func parseVerify(args string) (token string, hashes int64, err error) {
	fields := strings.Fields(args)
	if len(fields) != 2 {
		return "", 0, bot.UserErrorf("Give the token and the number of hashes it should have reached.\n%s", verifyUsage)
	}
	token = fields[0]
	if len(token) > maxToken || !utf8.ValidString(token) || strings.IndexFunc(token, unicode.IsControl) >= 0 {
		return "", 0, bot.UserErrorf("%s is not a Coinhive token.\n%s", quote(token), verifyUsage)
	}
	hashes, err = parseHashes(fields[1], verifyUsage)
	return token, hashes, err
}

// quote shows a user's word back to them, escaped and cut short if long.
func quote(s string) string { return bot.Quote(bot.Shorten(s, 40)) }
