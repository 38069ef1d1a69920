package bot

import (
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestPageClampsToTheLastPage(t *testing.T) {
	for _, c := range []struct{ n, page, lo, hi, shown, pages int }{
		{0, 0, 0, 0, 0, 1},
		{20, 0, 0, 20, 0, 1},
		{21, 1, 20, 21, 1, 2},
		{45, 9, 40, 45, 2, 3},
	} {
		lo, hi, shown, pages := Page(c.n, 20, c.page)
		if lo != c.lo || hi != c.hi || shown != c.shown || pages != c.pages {
			t.Errorf("Page(%d, 20, %d) = %d, %d, %d, %d; want %d, %d, %d, %d", c.n, c.page, lo, hi, shown, pages, c.lo, c.hi, c.shown, c.pages)
		}
	}
}

func TestPageButtonsLeadBothWays(t *testing.T) {
	args := func(p int) string { return "x:" + strconv.Itoa(p) }
	if kb := PageButtons("r", 0, false, args); kb != nil {
		t.Fatalf("one page: %v", kb)
	}
	kb := PageButtons("r", 1, true, args)
	if len(kb) != 1 || len(kb[0]) != 2 || *kb[0][0].CallbackData != "r:x:0" || *kb[0][1].CallbackData != "r:x:2" {
		t.Fatalf("middle page: %+v", kb)
	}
}

func TestGridLaysButtonsOutInRows(t *testing.T) {
	var bs []tgbotapi.InlineKeyboardButton
	for _, s := range []string{"a", "b", "c", "d", "e"} {
		bs = append(bs, Button(s, "r", s))
	}
	var rows []string
	for _, row := range Grid(2, bs...) {
		var texts []string
		for _, b := range row {
			texts = append(texts, b.Text)
		}
		rows = append(rows, strings.Join(texts, " "))
	}
	if got := strings.Join(rows, " | "); got != "a b | c d | e" {
		t.Fatalf("grid: %s", got)
	}
}

func TestPickTakesAnIDANameOrAUniqueStart(t *testing.T) {
	xs := []string{"rig01", "rig02", "garage"}
	key := func(s string) (string, string) { return "id-" + s, s }
	for arg, want := range map[string]string{"RIG02": "rig02", "id-rig01": "rig01", "gar": "garage"} {
		if x, _, ok := Pick(xs, arg, key); !ok || x != want {
			t.Errorf("%q: %q %v; want %q", arg, x, ok, want)
		}
	}
	if _, prefixed, ok := Pick(xs, "rig", key); ok || len(prefixed) != 2 {
		t.Errorf("rig: %v %v; want the two rigs", prefixed, ok)
	}
	if _, prefixed, ok := Pick(xs, "barn", key); ok || len(prefixed) != 0 {
		t.Errorf("barn: %v %v; want none", prefixed, ok)
	}
}

func TestFewListsAtMostN(t *testing.T) {
	names := []string{"a", "b", "c"}
	if got := Few(names, 3); got != "a, b, c" {
		t.Errorf("all: %q", got)
	}
	if got := Few(names, 2); got != "a, b, …" || len(names) != 3 || names[2] != "c" {
		t.Errorf("cut: %q, and the names are now %v", got, names)
	}
}

func TestShortenAndMiddleCutByRunes(t *testing.T) {
	if got := Shorten("привет, мир", 7); got != "привет…" {
		t.Errorf("Shorten: %q", got)
	}
	if got := Shorten("short", 7); got != "short" {
		t.Errorf("Shorten of a short text: %q", got)
	}
	if got := Middle("ünïcödé-äddréss-0123456789"); got != "ünïcödé-äd…456789" {
		t.Errorf("Middle: %q", got)
	}
}
