package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ActionState is where a control action is in its life.
type ActionState string

// The states of an action. Pending is the only one that can be confirmed or cancelled; executing moves to
// one of the three outcomes.
const (
	ActionPending   ActionState = "pending"
	ActionExecuting ActionState = "executing"
	ActionDone      ActionState = "done"
	ActionFailed    ActionState = "failed"
	ActionUnknown   ActionState = "unknown" // the request may have been carried out: its answer was lost
	ActionCancelled ActionState = "cancelled"
	ActionExpired   ActionState = "expired"
)

// Action is a control action: what it does (Kind and Params), the preview the admin confirmed, and its fate.
type Action struct {
	ID        int64 `gorm:"primaryKey"`
	Kind      string
	Params    string // JSON
	Preview   string // HTML, as shown above the buttons
	CreatedBy int64  // Telegram id
	ChatID    int64
	State     ActionState
	CreatedAt time.Time
	ExpiresAt time.Time
	DecidedBy *int64
	DecidedAt *time.Time
	Result    string
}

// ErrNotPending is returned when an action can no longer be confirmed or cancelled; the error carries the
// action as it stands, to say why.
var ErrNotPending = errors.New("action is no longer pending")

// NotPendingError says what became of an action that was asked to change again.
type NotPendingError struct{ Action Action }

func (e *NotPendingError) Error() string {
	return fmt.Sprintf("action %d is %s", e.Action.ID, e.Action.State)
}

// Unwrap makes the error ErrNotPending.
func (e *NotPendingError) Unwrap() error { return ErrNotPending }

// CreateAction stores a pending action that expires after ttl; params are stored as JSON. It sets a's ID.
func (s *Store) CreateAction(ctx context.Context, a *Action, params any, ttl time.Duration) error {
	b, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("create action: encoding params: %w", err)
	}
	now := s.now().UTC()
	a.Params, a.State, a.CreatedAt, a.ExpiresAt = string(b), ActionPending, now, now.Add(ttl)
	return translate("create action", s.db.WithContext(ctx).Create(a).Error)
}

// Action returns one action.
func (s *Store) Action(ctx context.Context, id int64) (*Action, error) {
	var a Action
	if err := s.db.WithContext(ctx).Take(&a, id).Error; err != nil {
		return nil, translate("action", err)
	}
	return &a, nil
}

// ClaimAction moves a pending, unexpired action to executing for by, in one statement: of any number of
// concurrent claims, exactly one succeeds. The others get a *NotPendingError with the action as it stands
// (expired ones are marked so).
func (s *Store) ClaimAction(ctx context.Context, id, by int64) (*Action, error) {
	return s.decide(ctx, id, by, ActionExecuting)
}

// CancelAction moves a pending action to cancelled, like ClaimAction.
func (s *Store) CancelAction(ctx context.Context, id, by int64) (*Action, error) {
	return s.decide(ctx, id, by, ActionCancelled)
}

func (s *Store) decide(ctx context.Context, id, by int64, to ActionState) (*Action, error) {
	db := s.db.WithContext(ctx)
	now := s.now().UTC()
	res := db.Model(&Action{}).Where("id = ? AND state = ? AND expires_at > ?", id, ActionPending, now).
		Updates(map[string]any{"state": to, "decided_by": by, "decided_at": now})
	if res.Error != nil {
		return nil, translate("decide action", res.Error)
	}
	if res.RowsAffected == 0 {
		if err := db.Model(&Action{}).Where("id = ? AND state = ? AND expires_at <= ?", id, ActionPending, now).
			Update("state", ActionExpired).Error; err != nil {
			return nil, translate("decide action", err)
		}
	}
	a, err := s.Action(ctx, id)
	if err != nil {
		return nil, err
	}
	if res.RowsAffected == 0 {
		return nil, &NotPendingError{Action: *a}
	}
	return a, nil
}

// FinishAction records how an executing action ended.
func (s *Store) FinishAction(ctx context.Context, id int64, state ActionState, result string) error {
	res := s.db.WithContext(ctx).Model(&Action{}).Where("id = ? AND state = ?", id, ActionExecuting).
		Updates(map[string]any{"state": state, "result": result})
	if res.Error != nil {
		return translate("finish action", res.Error)
	}
	if res.RowsAffected == 0 {
		return translate("finish action", ErrNotFound)
	}
	return nil
}
