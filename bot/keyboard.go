package bot

import (
	"slices"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Grid lays buttons out width to a row.
func Grid(width int, buttons ...tgbotapi.InlineKeyboardButton) [][]tgbotapi.InlineKeyboardButton {
	var rows [][]tgbotapi.InlineKeyboardButton
	for row := range slices.Chunk(buttons, width) {
		rows = append(rows, row)
	}
	return rows
}

// Page finds the page of a list of n items, per to a page, that a message shows when asked for page: its
// items are [lo, hi), shown is page or the last page when page is past it, and pages counts the pages (at
// least one).
func Page(n, per, page int) (lo, hi, shown, pages int) {
	pages = max(1, (n+per-1)/per)
	shown = min(page, pages-1)
	return shown * per, min((shown+1)*per, n), shown, pages
}

// PageButtons are ◀ and ▶ under a page of a list: ◀ unless page is the first, ▶ when more pages follow.
// Each presses "route:<args(page)>" for the page it leads to; there is no row when there is no button.
func PageButtons(route string, page int, more bool, args func(page int) string) [][]tgbotapi.InlineKeyboardButton {
	var row []tgbotapi.InlineKeyboardButton
	if page > 0 {
		row = append(row, Button("◀", route, args(page-1)))
	}
	if more {
		row = append(row, Button("▶", route, args(page+1)))
	}
	if row == nil {
		return nil
	}
	return [][]tgbotapi.InlineKeyboardButton{row}
}
