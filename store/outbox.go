package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// OutboxMessage is a notification waiting to be sent. Producers write it in the same transaction as the
// state that caused it, so that a crash can lose neither; the sender deletes it once Telegram has taken it.
type OutboxMessage struct {
	ID        int64 `gorm:"primaryKey;autoIncrement"`
	ChatID    int64
	Kind      string // KindText or KindPhoto
	Text      string // Telegram HTML, already escaped; a photo's caption
	Photo     []byte // KindPhoto: the picture, a PNG
	Buttons   string // the inline keyboard as EncodeKeyboard writes it; "" for none
	CreatedAt time.Time
	Attempts  int        // failed sends so far
	NotBefore *time.Time // no send before this time (backoff after a failure); nil means at once
	LastError string     // why the last attempt failed
}

// TableName is the table the 0006_outbox migration creates.
func (OutboxMessage) TableName() string { return "outbox_messages" }

// The kinds of message.
const (
	KindText  = "text"  // HTML text, with an optional inline keyboard under it
	KindPhoto = "photo" // a PNG with an HTML caption (at most 1,024 characters) and an optional keyboard
)

// Button is an inline button whose press sends Data back to the bot.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data"`
}

// maxButtonData is Telegram's limit on a button's callback data, in bytes.
const maxButtonData = 64

// EncodeKeyboard turns a keyboard (rows of buttons) into the JSON an OutboxMessage carries; no rows give "".
// A button Telegram would refuse is an error here, where the producer can still see it.
func EncodeKeyboard(rows [][]Button) (string, error) {
	if len(rows) == 0 {
		return "", nil
	}
	for _, row := range rows {
		for _, b := range row {
			if b.Text == "" || b.Data == "" || len(b.Data) > maxButtonData {
				return "", fmt.Errorf("keyboard: button %q with data %q: Telegram needs a text and 1 to %d bytes of data",
					b.Text, b.Data, maxButtonData)
			}
		}
	}
	out, err := json.Marshal(rows)
	if err != nil {
		return "", fmt.Errorf("keyboard: %w", err)
	}
	return string(out), nil
}

// DecodeKeyboard reads what EncodeKeyboard wrote; "" gives no rows.
func DecodeKeyboard(s string) ([][]Button, error) {
	if s == "" {
		return nil, nil
	}
	var rows [][]Button
	if err := json.Unmarshal([]byte(s), &rows); err != nil {
		return nil, fmt.Errorf("keyboard: %w", err)
	}
	return rows, nil
}

// Enqueue adds messages to the outbox in one transaction. Code that changes other state at the same time
// writes its messages with insertOutbox inside its own transaction instead.
func (s *Store) Enqueue(ctx context.Context, msgs ...OutboxMessage) error {
	if len(msgs) == 0 {
		return nil
	}
	return translate("enqueue", s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return insertOutbox(tx, msgs)
	}))
}

// outboxKey is the advisory lock that writers of the outbox take turns for in PostgreSQL: "pitboss" in
// ASCII, plus two.
const outboxKey = leaseKey + 2

// outboxBatch keeps one INSERT well under SQLite's limit on bound parameters.
const outboxBatch = 500

// insertOutbox writes msgs within tx, stamping them with the store's clock (tx's NowFunc) and filling in
// their ids. The caller translates the error.
//
// The sender reads on from the highest id it has seen, so rows must commit in id order. SQLite has one
// writer at a time; in PostgreSQL, transactions that write to the outbox take turns for it from before
// their rows are numbered until they end.
func insertOutbox(tx *gorm.DB, msgs []OutboxMessage) error {
	if len(msgs) == 0 {
		return nil
	}
	if tx.Dialector.Name() == Postgres {
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(?)`, outboxKey).Error; err != nil {
			return err
		}
	}
	now := tx.NowFunc()
	for i := range msgs {
		msgs[i].ID = 0
		msgs[i].CreatedAt = now
		if msgs[i].Kind == "" {
			msgs[i].Kind = KindText
		}
	}
	return tx.CreateInBatches(msgs, outboxBatch).Error
}

// PendingOutbox returns up to limit queued messages with an id above afterID, in id order, which is the order
// they were committed in (see insertOutbox). A limit <= 0 means all of them.
func (s *Store) PendingOutbox(ctx context.Context, afterID int64, limit int) ([]OutboxMessage, error) {
	q := s.db.WithContext(ctx).Where("id > ?", afterID).Order("id")
	if limit > 0 {
		q = q.Limit(limit)
	}
	var msgs []OutboxMessage
	if err := q.Find(&msgs).Error; err != nil {
		return nil, translate("pending outbox", err)
	}
	return msgs, nil
}

// DeleteOutbox removes a message Telegram has taken. It returns ErrNotFound if it is already gone.
func (s *Store) DeleteOutbox(ctx context.Context, id int64) error {
	res := s.db.WithContext(ctx).Delete(&OutboxMessage{}, id)
	return matched("delete outbox", res)
}

// maxLastError bounds the error kept on a row: it is for the operator's eye, and a proxy's HTML error page
// does not need keeping whole.
const maxLastError = 500

// DeferOutbox records a failed attempt: the message stays queued and is not sent again before notBefore,
// so that a restart keeps the backoff. It returns ErrNotFound if the message is gone.
func (s *Store) DeferOutbox(ctx context.Context, id int64, attempts int, notBefore time.Time, lastErr string) error {
	if len(lastErr) > maxLastError {
		lastErr = lastErr[:maxLastError]
	}
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("id = ?", id).
		Updates(map[string]any{"attempts": attempts, "not_before": notBefore.UTC(), "last_error": lastErr})
	return matched("defer outbox", res)
}

// MarkChatUnreachable records that Telegram refuses chatID (the user blocked the bot, or the chat is gone)
// and drops what is queued for it, in one transaction. The users of that chat keep the time it first
// happened until they write to the bot again (SeenInPrivate). It returns how many messages were dropped.
func (s *Store) MarkChatUnreachable(ctx context.Context, chatID int64) (dropped int64, err error) {
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Model(&User{}).Where("chat_id = ? AND unreachable_since IS NULL", chatID).
			Update("unreachable_since", s.now().UTC()).Error
		if err != nil {
			return err
		}
		res := tx.Where("chat_id = ?", chatID).Delete(&OutboxMessage{})
		dropped = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, translate("mark chat unreachable", err)
	}
	return dropped, nil
}

// OutboxDepth reports how many messages are queued and when the oldest was queued (zero if none): what an
// operator watches to see the sender keeping up.
func (s *Store) OutboxDepth(ctx context.Context) (n int, oldest time.Time, err error) {
	// One statement, so that the sender cannot empty the table between the count and the oldest row.
	var first struct {
		CreatedAt time.Time
		N         int
	}
	err = s.db.WithContext(ctx).Raw(`SELECT created_at, (SELECT COUNT(*) FROM outbox_messages) AS n
		FROM outbox_messages ORDER BY id LIMIT 1`).Scan(&first).Error
	return first.N, first.CreatedAt, translate("outbox depth", err)
}
