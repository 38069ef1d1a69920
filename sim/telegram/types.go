package telegram

import (
	"net/url"
	"time"
)

// User is a Telegram user the test acts as.
type User struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
}

// Chat is a conversation the bot can be in. Type is "private", "group" or "supergroup".
type Chat struct {
	ID    int64
	Type  string
	Title string

	// user fills the first_name/last_name/username fields Telegram puts on a private chat.
	user *User
}

// Chat types, as Telegram names them.
const (
	ChatPrivate    = "private"
	ChatGroup      = "group"
	ChatSupergroup = "supergroup"
)

// PrivateChat is the one-to-one chat between u and the bot: Telegram gives it the user's id.
func PrivateChat(u User) Chat {
	return Chat{ID: u.ID, Type: ChatPrivate, user: &u}
}

// Button is one inline keyboard button as the bot sent it: Data for a callback button, URL for a link.
type Button struct {
	Text string
	Data string
	URL  string
}

// Message is a bot message in its current state (after any edits).
type Message struct {
	ID     int
	ChatID int64
	// Text is the text as the bot sent it (HTML markup included); for a photo it is empty and Caption holds the
	// raw caption.
	Text string
	// Plain is what the user sees: the text (or the caption of a photo) with its markup parsed away.
	Plain     string
	ParseMode string
	Keyboard  [][]Button
	Photo     []byte
	// PhotoFileID is the file_id Telegram gave the photo, which the bot may send again instead of uploading.
	PhotoFileID string
	Caption     string
	ReplyTo     int
	// Edits counts the successful editMessageText and editMessageReplyMarkup calls on this message.
	Edits    int
	Deleted  bool
	Date     time.Time
	EditDate time.Time // zero if never edited
}

// Answer is the bot's answer to a callback query (a pressed button).
type Answer struct {
	QueryID   string
	Text      string
	ShowAlert bool
	URL       string
}

// BotCommand is one entry of the bot's command menu.
type BotCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// Call is one Bot API request as the server received it, with the answer it gave.
type Call struct {
	Method string
	// Params holds every parameter; an uploaded file appears under its field name as "<file NAME, N bytes>".
	Params      url.Values
	Status      int
	Description string // the error description; empty on success
	At          time.Time
}

// EventKind says what an Event reports.
type EventKind int

// The kinds of Event.
const (
	EventSent EventKind = iota + 1
	EventEdited
	EventDeleted
	EventAnswered
	EventChatAction
)

func (k EventKind) String() string {
	switch k {
	case EventSent:
		return "sent"
	case EventEdited:
		return "edited"
	case EventDeleted:
		return "deleted"
	case EventAnswered:
		return "answered"
	case EventChatAction:
		return "chat action"
	}
	return "unknown"
}

// Event is something the bot did, as shown by a demo terminal.
type Event struct {
	Kind    EventKind
	ChatID  int64
	Message Message // EventSent, EventEdited, EventDeleted
	Answer  Answer  // EventAnswered
	Action  string  // EventChatAction: "typing", "upload_photo", ...
	At      time.Time
}
