package charts

import (
	"fmt"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/bot"
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
	errNoHiveOS   = bot.UserErrorf("Hive OS is not configured: add its keys to the config file.")
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

// rigNames are the farm's rigs' names by id, as the monitor last knew them.
func (c *Charts) rigNames() (map[string]string, error) {
	l, ok := c.Sources.Latest(hiveSource)
	if !ok {
		return nil, errNoHiveOS
	}
	return l.Names, nil
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
	names, err := c.rigNames()
	if err != nil {
		return target{}, err
	}
	ids := sortedByName(names)
	matches := matchRigs(ids, names, q.name)
	switch {
	case len(matches) == 1:
		return rigTarget(matches[0], names), nil
	case len(matches) > 1:
		t := target{question: fmt.Sprintf("%s fits %d rigs. Which one?", quote(q.name), len(matches))}
		for _, id := range matches[:min(len(matches), maxChoices)] {
			if data := q.window.name + " " + id; len("chart:"+data) <= 64 {
				t.choices = append(t.choices, tgbotapi.NewInlineKeyboardRow(bot.Button(rigTarget(id, names).name, "chart", data)))
			}
		}
		if len(t.choices) > 0 {
			return t, nil
		}
	}
	return target{}, bot.UserErrorf("There is no rig %s.%s", quote(q.name), closest(ids, names, q.name))
}

// sortedByName lists the rigs' ids in the order of their names.
func sortedByName(names map[string]string) []string {
	ids := make([]string, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return strings.Compare(names[a]+"\x00"+a, names[b]+"\x00"+b) })
	return ids
}

// matchRigs finds rigs by id, by name in any case, or by the start of their name.
func matchRigs(ids []string, names map[string]string, arg string) []string {
	var prefixed []string
	low := strings.ToLower(arg)
	for _, id := range ids {
		if id == arg || strings.EqualFold(names[id], arg) {
			return []string{id}
		}
		if strings.HasPrefix(strings.ToLower(names[id]), low) {
			prefixed = append(prefixed, id)
		}
	}
	return prefixed
}

// closest suggests names near arg: those that contain it, or differ from it by a couple of letters.
func closest(ids []string, names map[string]string, arg string) string {
	var near []string
	a := strings.ToLower(arg)
	for _, id := range ids {
		n := strings.ToLower(names[id])
		if strings.Contains(n, a) || distance(n, a) <= 2 {
			near = append(near, bot.Escape(names[id]))
		}
		if len(near) == 5 {
			break
		}
	}
	if len(near) == 0 {
		return " /rigs lists them."
	}
	return " Did you mean " + strings.Join(near, ", ") + "?"
}

// distance is the Levenshtein distance between a and b, by runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
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
		return target{}, bot.UserErrorf("pitboss watches no coin %s at ViaBTC; it watches %s.", quote(name), list)
	}
	return target{kind: kindPool, id: name, name: "ViaBTC " + name}, nil
}
