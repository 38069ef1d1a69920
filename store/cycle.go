package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"pitboss/alerts"
)

// Cycle is everything one poll of one source writes: its readings for history, the alert states it
// changed, and the messages it queued. SaveCycle writes it in one transaction, so that a crash leaves
// either all of it or none: an alert never changes state without its message, nor a message go out for a
// state that was not kept.
type Cycle struct {
	Source   string
	At       time.Time
	Readings []alerts.Reading  // nothing when the poll failed
	Names    map[string]string // rig id: the name the source gives it now
	States   []StateChanges
	Outbox   []OutboxMessage // the messages the transitions make, for the sender
}

// SaveCycle writes c in one transaction.
func (s *Store) SaveCycle(ctx context.Context, c Cycle) error {
	var ids *idTx
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if ids, err = s.ids.begin(tx, c.Source); err != nil {
			return err
		}
		if err := s.writeHistory(ids, c.Source, c.At, c.Readings, c.Names); err != nil {
			return err
		}
		if err := writeStates(tx, c.Source, c.States); err != nil {
			return err
		}
		return insertOutbox(tx, c.Outbox)
	})
	if err != nil {
		return translate("save cycle", err)
	}
	ids.commit()
	return nil
}
