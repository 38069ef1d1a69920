package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// maxCommands is how many commands one scope and language may hold.
const maxCommands = 100

// commandKey is where setMyCommands stores a list: a scope string (see Commands) and a language code.
type commandKey struct{ scope, lang string }

func (s *Server) setMyCommands(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	scope, aerr := s.scopeLocked(p.get("scope"))
	if aerr != nil {
		return nil, aerr
	}
	cmds, aerr := parseCommands(p.get("commands"))
	if aerr != nil {
		return nil, aerr
	}
	key := commandKey{scope, p.get("language_code")}
	if len(cmds) == 0 {
		// An empty (or absent) list clears the scope, as deleteMyCommands does.
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) getMyCommands(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	scope, aerr := s.scopeLocked(p.get("scope"))
	if aerr != nil {
		return nil, aerr
	}
	// Exactly the list for that scope and language: Telegram does not fall back to a wider scope here.
	return append([]BotCommand{}, s.commands[commandKey{scope, p.get("language_code")}]...), nil
}

func (s *Server) deleteMyCommands(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	scope, aerr := s.scopeLocked(p.get("scope"))
	if aerr != nil {
		return nil, aerr
	}
	delete(s.commands, commandKey{scope, p.get("language_code")})
	s.notifyLocked()
	return true, nil
}

// Commands returns the command list set for scope with no language code. scope is "default",
// "all_private_chats", "all_group_chats", "all_chat_administrators", "chat:<chat id>",
// "chat_administrators:<chat id>" or "chat_member:<chat id>:<user id>".
func (s *Server) Commands(scope string) []BotCommand { return s.CommandsFor(scope, "") }

// CommandsFor is Commands for a language code ("" for all languages).
func (s *Server) CommandsFor(scope, lang string) []BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]BotCommand(nil), s.commands[commandKey{scope, lang}]...)
}

// scopeLocked turns a BotCommandScope JSON parameter into a scope string; absent means "default".
func (s *Server) scopeLocked(raw string) (string, *apiError) {
	if strings.TrimSpace(raw) == "" {
		return "default", nil
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID json.RawMessage `json:"user_id"`
	}
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return "", badRequest("can't parse BotCommandScope JSON object")
	}
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		return sc.Type, nil
	case "chat", "chat_administrators", "chat_member":
	case "":
		return "", badRequest(`can't parse BotCommandScope: Can't find field "type"`)
	default:
		return "", badRequest("unsupported type of BotCommandScope specified")
	}
	chatID, ok := jsonInt(sc.ChatID)
	if !ok {
		return "", errChatNotFound
	}
	if cs := s.chats[chatID]; cs == nil || cs.deleted {
		return "", errChatNotFound
	}
	if sc.Type != "chat_member" {
		return fmt.Sprintf("%s:%d", sc.Type, chatID), nil
	}
	userID, ok := jsonInt(sc.UserID)
	if !ok || userID <= 0 {
		return "", badRequest("invalid user_id specified")
	}
	return fmt.Sprintf("chat_member:%d:%d", chatID, userID), nil
}

// jsonInt reads an id sent as a JSON number or a numeric string.
func jsonInt(raw json.RawMessage) (int64, bool) {
	var str string
	if err := json.Unmarshal(raw, &str); err == nil {
		raw = json.RawMessage(str)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
	return n, err == nil
}

// parseCommands reads and checks a setMyCommands list: at most 100 commands, each 1-32 characters of lowercase
// letters, digits and underscores (BOT_COMMAND_INVALID otherwise, the error a "/Start" or "myInfo" gets), with a
// description of 1-256 characters.
func parseCommands(raw string) ([]BotCommand, *apiError) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		var probe any
		if json.Unmarshal([]byte(raw), &probe) == nil {
			return nil, badRequest("expected an Array of BotCommand")
		}
		return nil, badRequest("can't parse commands JSON object")
	}
	cmds := make([]BotCommand, 0, len(items))
	for _, item := range items {
		var obj map[string]any
		if err := json.Unmarshal(item, &obj); err != nil {
			return nil, badRequest("can't parse BotCommand: expected an Object")
		}
		command, msg := stringField(obj, "command", true)
		if msg == "" {
			var desc string
			desc, msg = stringField(obj, "description", true)
			cmds = append(cmds, BotCommand{Command: command, Description: desc})
		}
		if msg != "" {
			return nil, badRequest("can't parse BotCommand: " + msg)
		}
	}
	if len(cmds) > maxCommands {
		return nil, errTooManyCmds
	}
	for _, c := range cmds {
		if !validCommand(c.Command) {
			return nil, errCommandInvalid
		}
		switch n := utf16Len(strings.TrimSpace(c.Description)); {
		case n == 0:
			return nil, errCmdDescEmpty
		case n > 256:
			return nil, errCmdDescInvalid
		}
	}
	return cmds, nil
}

func validCommand(c string) bool {
	if len(c) == 0 || len(c) > 32 {
		return false
	}
	for i := 0; i < len(c); i++ {
		ch := c[i]
		if !(ch >= 'a' && ch <= 'z') && !(ch >= '0' && ch <= '9') && ch != '_' {
			return false
		}
	}
	return true
}
