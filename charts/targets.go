package charts

import (
	"fmt"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/bot"
	"pitboss/monitor"
)

// target is what a chart is of, found: the rig's id and name, the coin, or the farm or site.
type target struct {
	kind kind
	id   string // the rig's id, or the coin
	name string // as the chart names it
	// question and choices ask which rig was meant, when a name fits several.
	question string
	choices  [][]tgbotapi.InlineKeyboardButton
}

var (
	errNoHiveOS   = bot.UserErrorf("Hive OS is not configured: add a token ([hiveos] api = \"v2\") or the legacy API keys to the config file.")
	errNoViaBTC   = bot.UserErrorf("ViaBTC is not configured: add its keys to the config file.")
	errNoCoinhive = bot.UserErrorf("Coinhive is not configured: add its secret to the config file.")
)

// maxChoices is how many rigs a question offers as buttons.
const maxChoices = 12

// target finds what q asks for among what the monitor knows.
func (c *Charts) target(q query) (target, error) {
	switch q.kind {
	case kindRig:
		return c.rig(q)
	case kindPool:
		return c.coin(q.name)
	case kindSite:
		l, ok := c.Sources.Latest(siteSource)
		if !ok {
			return target{}, errNoCoinhive
		}
		name := "Coinhive site"
		if n := l.Names[siteID]; n != "" {
			name = "Coinhive: " + n
		}
		return target{kind: kindSite, name: name}, nil
	}
	if _, ok := c.Sources.Latest(hiveSource); !ok {
		return target{}, errNoHiveOS
	}
	return target{kind: kindFarm, name: "the farm"}, nil
}

// rigs are the farm's rigs as the monitor last knew them.
func (c *Charts) rigs() (monitor.Rigs, error) {
	l, ok := c.Sources.Latest(hiveSource)
	if !ok {
		return monitor.Rigs{}, errNoHiveOS
	}
	return monitor.RigsOf(l), nil
}

func rigTarget(id string, names map[string]string) target {
	name := names[id]
	if name == "" {
		name = id
	}
	return target{kind: kindRig, id: id, name: name}
}

// rig finds a rig by id, by name in any case, or by the start of its name. A start that fits several
// asks which, with a button each; a name that fits none lists the closest.
func (c *Charts) rig(q query) (target, error) {
	rigs, err := c.rigs()
	if err != nil {
		return target{}, err
	}
	names := rigs.Names
	matches := rigs.Match(q.name)
	switch {
	case len(matches) == 1:
		return rigTarget(matches[0], names), nil
	case len(matches) > 1:
		t := target{question: fmt.Sprintf("%s fits %d rigs. Which one?", bot.Quote(q.name), len(matches))}
		for _, id := range matches[:min(len(matches), maxChoices)] {
			if data := q.window.name + " " + id; len("chart:"+data) <= 64 {
				t.choices = append(t.choices, tgbotapi.NewInlineKeyboardRow(bot.Button(rigTarget(id, names).name, "chart", data)))
			}
		}
		if len(t.choices) > 0 {
			return t, nil
		}
	}
	near := rigs.Closest(q.name, 5)
	if len(near) == 0 {
		return target{}, bot.UserErrorf("There is no rig %s. /rigs lists them.", bot.Quote(q.name))
	}
	for i, n := range near {
		near[i] = bot.Escape(n)
	}
	return target{}, bot.UserErrorf("There is no rig %s. Did you mean %s?", bot.Quote(q.name), strings.Join(near, ", "))
}

// coin finds a coin the pool source watches; with none named, the only one.
func (c *Charts) coin(name string) (target, error) {
	l, ok := c.Sources.Latest(poolSource)
	if !ok {
		return target{}, errNoViaBTC
	}
	coins := make([]string, 0, len(l.Names))
	for id := range l.Names {
		coins = append(coins, id)
	}
	slices.Sort(coins)
	list := bot.Escape(strings.Join(coins, ", "))
	switch {
	case name == "" && len(coins) == 1:
		name = coins[0]
	case name == "" && len(coins) == 0:
		return target{}, bot.UserErrorf("Which coin? Such as /chart pool BTC.")
	case name == "":
		return target{}, bot.UserErrorf("Which coin? /chart pool &lt;coin&gt;, one of %s.", list)
	case len(coins) > 0 && !slices.Contains(coins, name):
		return target{}, bot.UserErrorf("pitboss watches no coin %s at ViaBTC; it watches %s.", bot.Quote(name), list)
	}
	return target{kind: kindPool, id: name, name: "ViaBTC " + name}, nil
}
