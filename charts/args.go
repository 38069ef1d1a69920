package charts

import (
	"strings"
	"time"

	"pitboss/bot"
)

// usageArgs is /chart's arguments, as /help shows them.
const usageArgs = "[farm | rig <name> | pool <coin> | site] [6h|24h|7d|30d]"

var errUsage = bot.UserErrorf("Usage: /chart [farm | rig &lt;name&gt; | pool &lt;coin&gt; | site] [6h|24h|7d|30d], " +
	"such as /chart, /chart rig rig01 6h or /chart pool BTC 7d.")

// kind is what a chart is of.
type kind int

const (
	kindFarm kind = iota
	kindRig
	kindPool
	kindSite
)

var kinds = map[string]kind{"farm": kindFarm, "rig": kindRig, "pool": kindPool, "site": kindSite}

// window is how far back a chart looks.
type window struct {
	name   string // as typed: "24h"
	length time.Duration
	label  string // as a sentence says it: "24 h"
}

var windows = []window{
	{"6h", 6 * time.Hour, "6 h"},
	{"24h", 24 * time.Hour, "24 h"},
	{"7d", 7 * 24 * time.Hour, "7 days"},
	{"30d", 30 * 24 * time.Hour, "30 days"},
}

// defaultWindow is the window of a /chart that names none.
var defaultWindow = windows[1]

// query is a /chart as asked: what of, which one (a rig's name, a coin), over which window.
type query struct {
	kind   kind
	name   string
	window window
}

// parseArgs reads /chart's arguments: an optional kind (farm if none), the rig's name or the coin, and an
// optional window last. A word that starts with a digit is taken for a window, except a rig's only word,
// which is its name.
func parseArgs(args string) (query, error) {
	q := query{kind: kindFarm, window: defaultWindow}
	fields := strings.Fields(args)
	if len(fields) > 0 {
		k, ok := kinds[strings.ToLower(fields[0])]
		switch {
		case ok:
			q.kind, fields = k, fields[1:]
		case !looksLikeWindow(fields[0]):
			return q, errUsage
		}
	}
	if n := len(fields); n > 0 && looksLikeWindow(fields[n-1]) && (q.kind != kindRig || n > 1) {
		w, ok := windowNamed(fields[n-1])
		if !ok {
			return q, bot.UserErrorf("There is no window %s: use 6h, 24h, 7d or 30d.", bot.Quote(fields[n-1]))
		}
		q.window, fields = w, fields[:n-1]
	}
	q.name = strings.Join(fields, " ")
	switch {
	case q.kind == kindRig && q.name == "":
		return q, bot.UserErrorf("Which rig? /chart rig &lt;name&gt; [6h|24h|7d|30d], such as /chart rig rig01 6h. /rigs lists them.")
	case (q.kind == kindFarm || q.kind == kindSite) && q.name != "":
		return q, errUsage
	case q.kind == kindPool:
		q.name = strings.ToUpper(q.name)
	}
	return q, nil
}

func looksLikeWindow(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func windowNamed(s string) (window, bool) {
	for _, w := range windows {
		if strings.EqualFold(w.name, s) {
			return w, true
		}
	}
	return window{}, false
}

// parseButton reads a rig button's data: "<window> <rig id>".
func parseButton(args string) (window, string, bool) {
	name, id, ok := strings.Cut(args, " ")
	if !ok || id == "" {
		return window{}, "", false
	}
	w, ok := windowNamed(name)
	return w, id, ok
}
