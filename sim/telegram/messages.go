package telegram

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Telegram's limits on what one message carries, in UTF-16 code units of the visible text.
const (
	maxTextLen    = 4096
	maxCaptionLen = 1024
)

// deleteWindow is how long after sending a message can still be deleted.
const deleteWindow = 48 * time.Hour

// chatState is everything the server knows about one chat: its messages from users and from the bot, which share
// one sequence of message ids as they do in Telegram.
type chatState struct {
	chat    Chat
	deleted bool
	lastID  int
	msgs    []*message
	byID    map[int]*message
}

func newChatState(c Chat) *chatState { return &chatState{chat: c, byID: map[int]*message{}} }

func (cs *chatState) add(m *message) *message {
	cs.lastID++
	m.id = cs.lastID
	cs.msgs = append(cs.msgs, m)
	cs.byID[m.id] = m
	return m
}

// message is one message in a chat. For a photo, plain and entities are the caption's.
type message struct {
	id        int
	fromBot   bool
	from      User // the sender of a user message
	date      time.Time
	editDate  time.Time
	text      string // as sent, markup included (the raw caption for a photo)
	plain     string
	entities  []entity
	parseMode string
	keyboard  [][]Button
	photo     *storedFile
	replyTo   int
	edits     int
	deleted   bool
}

// formatted is a text after its parse mode was applied.
type formatted struct {
	plain    string
	entities []entity
}

// parseFormatted applies parse_mode as the Bot API does. Markdown and MarkdownV2 are accepted but not parsed:
// pitboss sends HTML, and a half-right Markdown parser would give false confidence.
func parseFormatted(text, mode string) (formatted, *apiError) {
	if !utf8.ValidString(text) {
		return formatted{}, errNotUTF8
	}
	switch strings.ToLower(mode) {
	case "", "markdown", "markdownv2":
		return formatted{plain: text}, nil
	case "html":
		plain, ents, err := parseHTML(text)
		if err != nil {
			return formatted{}, badRequest(err.Error())
		}
		return formatted{plain: plain, entities: ents}, nil
	}
	return formatted{}, errParseMode
}

// visibleLen is the length Telegram checks: UTF-16 units of the text without surrounding white space, which
// Telegram strips.
// parseMessageText parses a message's text in its parse mode and applies Telegram's length rules to what
// the user would see.
func parseMessageText(text, mode string) (formatted, *apiError) {
	f, aerr := parseFormatted(text, mode)
	if aerr != nil {
		return formatted{}, aerr
	}
	switch n := visibleLen(f.plain); {
	case n == 0:
		return formatted{}, errTextEmpty
	case n > maxTextLen:
		return formatted{}, errTooLong
	}
	return f, nil
}

func visibleLen(plain string) int { return utf16Len(strings.TrimSpace(plain)) }

// chatParamLocked resolves chat_id to a chat the bot can reach.
func (s *Server) chatParamLocked(p *params) (*chatState, *apiError) {
	raw := strings.TrimSpace(p.get("chat_id"))
	if raw == "" {
		return nil, errChatIDEmpty
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, errChatNotFound // an @channelusername: this server has no channels
	}
	cs := s.chats[id]
	if cs == nil || cs.deleted {
		return nil, errChatNotFound
	}
	return cs, nil
}

// messageParamLocked resolves message_id in cs; notFound is the method's own "message to X not found".
func messageParamLocked(cs *chatState, p *params, notFound *apiError) (*message, *apiError) {
	id := intParam(p, "message_id", 0)
	if id <= 0 {
		return nil, errNoMessageID
	}
	m := cs.byID[id]
	if m == nil || m.deleted {
		return nil, notFound
	}
	return m, nil
}

// replyToLocked checks reply_to_message_id: the message must exist unless allow_sending_without_reply is set.
func replyToLocked(cs *chatState, p *params) (int, *apiError) {
	id := intParam(p, "reply_to_message_id", 0)
	if id <= 0 {
		return 0, nil
	}
	if m := cs.byID[id]; m != nil && !m.deleted {
		return id, nil
	}
	if boolParam(p, "allow_sending_without_reply") {
		return 0, nil
	}
	return 0, errReplyNotFound
}

func (s *Server) blockedLocked(cs *chatState) bool {
	return cs.chat.Type == ChatPrivate && s.blocked[cs.chat.ID]
}

// deliverableLocked is the last check before a message reaches a chat, as Telegram orders it: a user who
// blocked the bot refuses it, then the rate limits take their slot. It returns the time of delivery.
func (s *Server) deliverableLocked(cs *chatState) (time.Time, *apiError) {
	if s.blockedLocked(cs) {
		return time.Time{}, errBlocked
	}
	now := s.now()
	if aerr := s.limiter.admit(now, cs.chat); aerr != nil {
		return time.Time{}, aerr
	}
	return now, nil
}

func (s *Server) getMe(context.Context, *params) (any, *apiError) {
	return wireMe{wireUser: s.bot, CanJoinGroups: true}, nil
}

func (s *Server) sendMessage(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if strings.TrimSpace(p.get("chat_id")) == "" {
		return nil, errChatIDEmpty
	}
	text := p.get("text")
	if text == "" {
		return nil, errTextEmpty
	}
	cs, aerr := s.chatParamLocked(p)
	if aerr != nil {
		return nil, aerr
	}
	f, aerr := parseMessageText(text, p.get("parse_mode"))
	if aerr != nil {
		return nil, aerr
	}
	kb, aerr := parseReplyMarkup(p.get("reply_markup"), false)
	if aerr != nil {
		return nil, aerr
	}
	replyTo, aerr := replyToLocked(cs, p)
	if aerr != nil {
		return nil, aerr
	}
	now, aerr := s.deliverableLocked(cs)
	if aerr != nil {
		return nil, aerr
	}
	m := cs.add(&message{fromBot: true, date: now, text: text, plain: f.plain, entities: f.entities,
		parseMode: p.get("parse_mode"), keyboard: kb, replyTo: replyTo})
	s.emitMessageLocked(EventSent, cs, m)
	return s.renderLocked(cs, m, true), nil
}

func (s *Server) editMessageText(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.get("inline_message_id") != "" {
		return nil, badRequest("MESSAGE_ID_INVALID") // this server sends no inline messages
	}
	text := p.get("text")
	if text == "" {
		return nil, errTextEmpty
	}
	cs, m, aerr := s.editableLocked(p)
	if aerr != nil {
		return nil, aerr
	}
	if m.photo != nil {
		return nil, errNoTextToEdit
	}
	f, aerr := parseMessageText(text, p.get("parse_mode"))
	if aerr != nil {
		return nil, aerr
	}
	// No reply_markup removes the keyboard: Telegram does that, and bots trip on it.
	kb, aerr := parseReplyMarkup(p.get("reply_markup"), true)
	if aerr != nil {
		return nil, aerr
	}
	if f.plain == m.plain && entitiesEqual(f.entities, m.entities) && keyboardsEqual(kb, m.keyboard) {
		return nil, errNotModified
	}
	now, aerr := s.deliverableLocked(cs)
	if aerr != nil {
		return nil, aerr
	}
	m.text, m.plain, m.entities, m.parseMode, m.keyboard = text, f.plain, f.entities, p.get("parse_mode"), kb
	m.edits++
	m.editDate = now
	s.emitMessageLocked(EventEdited, cs, m)
	return s.renderLocked(cs, m, true), nil
}

// editableLocked finds the message an edit names: in a known chat, existing, and sent by the bot.
func (s *Server) editableLocked(p *params) (*chatState, *message, *apiError) {
	cs, aerr := s.chatParamLocked(p)
	if aerr != nil {
		return nil, nil, aerr
	}
	m, aerr := messageParamLocked(cs, p, errEditNotFound)
	if aerr != nil {
		return nil, nil, aerr
	}
	if !m.fromBot {
		return nil, nil, errCantEdit
	}
	return cs, m, nil
}

func (s *Server) editMessageReplyMarkup(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.get("inline_message_id") != "" {
		return nil, badRequest("MESSAGE_ID_INVALID")
	}
	cs, m, aerr := s.editableLocked(p)
	if aerr != nil {
		return nil, aerr
	}
	kb, aerr := parseReplyMarkup(p.get("reply_markup"), true)
	if aerr != nil {
		return nil, aerr
	}
	if keyboardsEqual(kb, m.keyboard) {
		return nil, errNotModified
	}
	now, aerr := s.deliverableLocked(cs)
	if aerr != nil {
		return nil, aerr
	}
	m.keyboard = kb
	m.edits++
	m.editDate = now
	s.emitMessageLocked(EventEdited, cs, m)
	return s.renderLocked(cs, m, true), nil
}

func (s *Server) deleteMessage(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, aerr := s.chatParamLocked(p)
	if aerr != nil {
		return nil, aerr
	}
	m, aerr := messageParamLocked(cs, p, errDeleteNotFound)
	if aerr != nil {
		return nil, aerr
	}
	// A bot may delete its own messages, and other people's only in a private chat (in a group it would need
	// admin rights, which this server does not model); nothing older than 48 hours.
	if !m.fromBot && cs.chat.Type != ChatPrivate {
		return nil, errCantDelete
	}
	if s.now().Sub(m.date) > deleteWindow {
		return nil, errCantDelete
	}
	m.deleted = true
	if m.fromBot {
		s.emitMessageLocked(EventDeleted, cs, m)
	}
	s.notifyLocked()
	return true, nil
}

// chatActions are the values sendChatAction accepts (with the legacy audio names tdlib still maps).
var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true, "record_voice": true,
	"upload_voice": true, "record_audio": true, "upload_audio": true, "upload_document": true,
	"choose_sticker": true, "find_location": true, "record_video_note": true, "upload_video_note": true,
}

func (s *Server) sendChatAction(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, aerr := s.chatParamLocked(p)
	if aerr != nil {
		return nil, aerr
	}
	action := strings.ToLower(p.get("action"))
	if !chatActions[action] {
		return nil, errBadAction
	}
	if s.blockedLocked(cs) {
		return nil, errBlocked
	}
	s.emitLocked(Event{Kind: EventChatAction, ChatID: cs.chat.ID, Action: action, At: s.now()})
	return true, nil
}

// renderLocked is m as the Bot API shows it; withReply includes the message it replies to (one level deep, as
// Telegram does).
func (s *Server) renderLocked(cs *chatState, m *message, withReply bool) wireMessage {
	wm := wireMessage{MessageID: m.id, Chat: s.wireChatLocked(cs.chat), Date: m.date.Unix()}
	if m.fromBot {
		b := s.bot
		wm.From = &b
	} else {
		u := wireUserOf(m.from)
		wm.From = &u
	}
	if !m.editDate.IsZero() {
		wm.EditDate = m.editDate.Unix()
	}
	if m.photo != nil {
		wm.Photo = []wirePhotoSize{m.photo.wire()}
		wm.Caption, wm.CaptionEntities = m.plain, m.entities
	} else {
		wm.Text, wm.Entities = m.plain, m.entities
	}
	if withReply && m.replyTo != 0 {
		if r := cs.byID[m.replyTo]; r != nil && !r.deleted {
			rm := s.renderLocked(cs, r, false)
			wm.ReplyToMessage = &rm
		}
	}
	if len(m.keyboard) > 0 {
		wm.ReplyMarkup = wireMarkupOf(m.keyboard)
	}
	return wm
}

func (s *Server) wireChatLocked(c Chat) wireChat {
	wc := wireChat{ID: c.ID, Type: c.Type}
	if c.Type != ChatPrivate {
		wc.Title = c.Title
		return wc
	}
	u, ok := s.users[c.ID]
	if !ok && c.user != nil {
		u = *c.user
	}
	wc.FirstName, wc.LastName, wc.Username = u.FirstName, u.LastName, u.Username
	if wc.FirstName == "" {
		wc.FirstName = "User" // first_name is never empty in Telegram
	}
	return wc
}

func wireUserOf(u User) wireUser {
	first := u.FirstName
	if first == "" {
		first = "User"
	}
	return wireUser{ID: u.ID, FirstName: first, LastName: u.LastName, Username: u.Username, LanguageCode: u.LanguageCode}
}

// exported is m as tests see it.
func (cs *chatState) exported(m *message) Message {
	out := Message{ID: m.id, ChatID: cs.chat.ID, Plain: m.plain, ParseMode: m.parseMode,
		Keyboard: copyKeyboard(m.keyboard), ReplyTo: m.replyTo, Edits: m.edits, Deleted: m.deleted, Date: m.date,
		EditDate: m.editDate}
	if m.photo != nil {
		out.Caption = m.text
		out.Photo = append([]byte(nil), m.photo.data...)
		out.PhotoFileID = m.photo.id
	} else {
		out.Text = m.text
	}
	return out
}

func entitiesEqual(a, b []entity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// boolParam reads a boolean the way the Bot API does.
func boolParam(p *params, key string) bool {
	switch strings.ToLower(strings.TrimSpace(p.get(key))) {
	case "true", "yes", "1":
		return true
	}
	return false
}
