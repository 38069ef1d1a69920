package telegram

import "fmt"

// These methods act as Telegram users and their clients do: each changes the server's state at once and, where
// Telegram would, queues an update for the bot's next getUpdates.

// SendText sends text from a user in chat, as that user typing it. A leading /command (also /command@bot) gets a
// bot_command entity, as Telegram marks it. The chat becomes known to the server (and undeleted). It returns the
// new message's id.
func (s *Server) SendText(from User, chat Chat, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[from.ID] = from
	cs := s.ensureChatLocked(chat)
	m := cs.add(&message{from: from, date: s.now(), text: text, plain: text, entities: commandEntity(text)})
	s.enqueueLocked("message", s.renderLocked(cs, m, true))
	s.notifyLocked()
	return m.id
}

// PressButton presses the callback button carrying data under the bot's message messageID in chatID. The update
// carries the message as it is now (text and keyboard). It returns the callback query id to pass to WaitAnswer,
// or an error if there is no such message or button.
func (s *Server) PressButton(from User, chatID int64, messageID int, data string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chats[chatID]
	if cs == nil || cs.deleted {
		return "", fmt.Errorf("telegram sim: chat %d not found", chatID)
	}
	m := cs.byID[messageID]
	if m == nil || m.deleted || !m.fromBot {
		return "", fmt.Errorf("telegram sim: no bot message %d in chat %d", messageID, chatID)
	}
	if !hasButton(m.keyboard, data) {
		return "", fmt.Errorf("telegram sim: message %d in chat %d has no button with data %q", messageID, chatID, data)
	}
	s.users[from.ID] = from
	id := s.newQueryIDLocked()
	s.queries[id] = &callbackQuery{chatID: chatID}
	msg := s.renderLocked(cs, m, true)
	s.enqueueLocked("callback_query", wireCallbackQuery{ID: id, From: wireUserOf(from), Message: &msg,
		ChatInstance: chatInstance(chatID), Data: data})
	return id, nil
}

// BlockBot makes userID block the bot: sends to their private chat get 403 until UnblockBot. Like Telegram it
// tells the bot with a my_chat_member update (member -> kicked) if the chat is known.
func (s *Server) BlockBot(userID int64) { s.setBlocked(userID, true) }

// UnblockBot undoes BlockBot, with the my_chat_member update (kicked -> member).
func (s *Server) UnblockBot(userID int64) { s.setBlocked(userID, false) }

func (s *Server) setBlocked(userID int64, blocked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.blocked[userID] == blocked {
		return
	}
	if blocked {
		s.blocked[userID] = true
	} else {
		delete(s.blocked, userID)
	}
	if cs := s.chats[userID]; cs != nil && cs.chat.Type == ChatPrivate {
		old, now := "member", "kicked"
		if !blocked {
			old, now = now, old
		}
		u, ok := s.users[userID]
		if !ok {
			u = User{ID: userID}
		}
		s.enqueueLocked("my_chat_member", wireChatMemberUpdated{
			Chat: s.wireChatLocked(cs.chat), From: wireUserOf(u), Date: s.now().Unix(),
			OldChatMember: wireChatMember{User: s.bot, Status: old},
			NewChatMember: wireChatMember{User: s.bot, Status: now},
		})
	}
	s.notifyLocked()
}

// DeleteChat makes chatID gone (a deleted group, a deleted account): every method naming it gets 400 "chat not
// found". The bot's messages there stay visible to Messages.
func (s *Server) DeleteChat(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs := s.chats[chatID]; cs != nil {
		cs.deleted = true
	}
	s.notifyLocked()
}

// AddChat makes c known, as if its user had written to the bot (or the bot had been added to the group), so the
// bot can send there; it also undoes DeleteChat.
func (s *Server) AddChat(c Chat) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ensureChatLocked(c)
	s.notifyLocked()
}

// ensureChatLocked returns c's state, creating it or bringing it back from DeleteChat.
func (s *Server) ensureChatLocked(c Chat) *chatState {
	if c.Type == "" {
		c.Type = ChatPrivate
	}
	if c.user != nil {
		if _, known := s.users[c.ID]; !known {
			s.users[c.ID] = *c.user
		}
	}
	cs := s.chats[c.ID]
	if cs == nil {
		cs = newChatState(c)
		s.chats[c.ID] = cs
		return cs
	}
	cs.deleted = false
	if c.Title != "" {
		cs.chat.Title = c.Title
	}
	return cs
}

// commandEntity marks a leading /command or /command@bot as Telegram does; nil when text does not start with one.
func commandEntity(text string) []entity {
	if len(text) < 2 || text[0] != '/' {
		return nil
	}
	n := 1
	for n < len(text) && isCommandChar(text[n]) {
		n++
	}
	if n == 1 {
		return nil
	}
	if n < len(text) && text[n] == '@' {
		m := n + 1
		for m < len(text) && isCommandChar(text[m]) {
			m++
		}
		if m > n+1 {
			n = m
		}
	}
	return []entity{{Type: "bot_command", Offset: 0, Length: n}}
}

func isCommandChar(c byte) bool { return isASCIIAlnum(c) || c == '_' }
