package telegram

import (
	"encoding/json"
	"net/url"
	"strings"
)

// maxCallbackData is the most bytes a button's callback_data may hold.
const maxCallbackData = 64

// buttonActions are the optional fields of an InlineKeyboardButton other than url and callback_data. This server
// accepts them but models only url and callback buttons.
var buttonActions = []string{"web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
	"switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"}

// parseReplyMarkup reads a reply_markup parameter and returns its inline keyboard (nil for none, or for a reply
// keyboard, which this server accepts but does not keep). inlineOnly is for the edit methods, which accept only
// an inline keyboard. Errors follow tdlib's parser; syntax errors come before the server-side checks
// (BUTTON_DATA_INVALID and friends), as they do in Telegram.
func parseReplyMarkup(raw string, inlineOnly bool) ([][]Button, *apiError) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var top any
	if err := json.Unmarshal([]byte(raw), &top); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, badRequest("object expected as reply markup")
	}
	ik, isInline := obj["inline_keyboard"]
	if !isInline {
		if inlineOnly {
			return nil, badRequest("inline keyboard expected")
		}
		if kb, ok := obj["keyboard"]; ok && !isArrayOfArrays(kb) {
			return nil, badRequest(`field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays`)
		}
		return nil, nil
	}
	rows, ok := ik.([]any)
	if !ok {
		return nil, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup must be an Array`)
	}
	var kb [][]Button
	var serverErr *apiError
	for _, row := range rows {
		cells, ok := row.([]any)
		if !ok {
			return nil, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays`)
		}
		var out []Button
		for _, cell := range cells {
			b, syntaxErr, checkErr := parseInlineButton(cell)
			if syntaxErr != "" {
				return nil, badRequest("can't parse inline keyboard button: " + syntaxErr)
			}
			if serverErr == nil {
				serverErr = checkErr
			}
			out = append(out, b)
		}
		if len(out) > 0 {
			kb = append(kb, out)
		}
	}
	if serverErr != nil {
		return nil, serverErr
	}
	return kb, nil
}

// parseInlineButton returns the button, or the syntax error tdlib reports inside "can't parse inline keyboard
// button: ...", or the error the Telegram server gives for a well-formed but invalid button.
func parseInlineButton(v any) (b Button, syntaxErr string, checkErr *apiError) {
	obj, ok := v.(map[string]any)
	if !ok {
		return b, "InlineKeyboardButton must be an Object", nil
	}
	text, msg := stringField(obj, "text", true)
	if msg != "" {
		return b, msg, nil
	}
	link, msg := stringField(obj, "url", false)
	if msg != "" {
		return b, msg, nil
	}
	data, msg := stringField(obj, "callback_data", false)
	if msg != "" {
		return b, msg, nil
	}
	other := false
	for _, k := range buttonActions {
		if _, ok := obj[k]; ok {
			other = true
		}
	}
	switch {
	case link != "" && data != "":
		// Telegram quietly uses the url and drops the callback; a bot that sends both has a bug, so refuse it.
		return b, "exactly one of the optional fields must be used", nil
	case link == "" && data == "" && !other:
		// An empty callback_data counts as absent, as it does in Telegram.
		return b, "Text buttons are unallowed in the inline keyboard", nil
	}
	b = Button{Text: text, Data: data, URL: link}
	switch {
	case text == "":
		checkErr = badRequest("BUTTON_TEXT_INVALID")
	case len(data) > maxCallbackData:
		checkErr = errButtonData
	case link != "" && !validButtonURL(link):
		checkErr = errButtonURL
	}
	return b, "", checkErr
}

// stringField reads a string field as tdlib does, returning its error message when the field is wrong.
func stringField(obj map[string]any, key string, required bool) (string, string) {
	v, ok := obj[key]
	if !ok || v == nil {
		if required {
			return "", `Can't find field "` + key + `"`
		}
		return "", ""
	}
	s, ok := v.(string)
	if !ok {
		return "", `Field "` + key + `" must be of type String`
	}
	return s, ""
}

func validButtonURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "tg":
		return true
	}
	return false
}

func isArrayOfArrays(v any) bool {
	rows, ok := v.([]any)
	if !ok {
		return false
	}
	for _, r := range rows {
		if _, ok := r.([]any); !ok {
			return false
		}
	}
	return true
}

func keyboardsEqual(a, b [][]Button) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func copyKeyboard(kb [][]Button) [][]Button {
	if kb == nil {
		return nil
	}
	out := make([][]Button, len(kb))
	for i, row := range kb {
		out[i] = append([]Button(nil), row...)
	}
	return out
}

func wireMarkupOf(kb [][]Button) *wireMarkup {
	m := &wireMarkup{InlineKeyboard: make([][]wireButton, len(kb))}
	for i, row := range kb {
		for _, b := range row {
			wb := wireButton{Text: b.Text}
			if b.Data != "" {
				data := b.Data
				wb.CallbackData = &data
			}
			if b.URL != "" {
				link := b.URL
				wb.URL = &link
			}
			m.InlineKeyboard[i] = append(m.InlineKeyboard[i], wb)
		}
	}
	return m
}

// hasButton reports whether kb has a callback button carrying data.
func hasButton(kb [][]Button, data string) bool {
	for _, row := range kb {
		for _, b := range row {
			if b.Data != "" && b.Data == data {
				return true
			}
		}
	}
	return false
}
