package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
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
	// A done action the service carries out later is followed: MessageID is the message showing it, Follow
	// what to look for (JSON; "" once the follow-up is over), FollowUntil when to give up.
	MessageID   int
	Follow      string
	FollowUntil *time.Time
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
	return matched("finish action", res)
}

// FollowAction marks a done action to be followed until until: follow (JSON) says what to look for, and
// messageID is the chat message to update when it is over.
func (s *Store) FollowAction(ctx context.Context, id int64, messageID int, follow any, until time.Time) error {
	b, err := json.Marshal(follow)
	if err != nil {
		return fmt.Errorf("follow action: encoding: %w", err)
	}
	u := until.UTC()
	res := s.db.WithContext(ctx).Model(&Action{}).Where("id = ? AND state = ?", id, ActionDone).
		Updates(map[string]any{"message_id": messageID, "follow": string(b), "follow_until": &u})
	return matched("follow action", res)
}

// FollowedActions returns the actions being followed, oldest first.
func (s *Store) FollowedActions(ctx context.Context) ([]Action, error) {
	var out []Action
	err := s.db.WithContext(ctx).Where("follow <> ''").Order("id").Find(&out).Error
	return out, translate("followed actions", err)
}

// EndFollow ends an action's follow-up and records what it found after the action's result. It returns
// false when the follow-up was already over (another pitboss, or an earlier pass, ended it).
func (s *Store) EndFollow(ctx context.Context, id int64, found string) (bool, error) {
	res := s.db.WithContext(ctx).Model(&Action{}).Where("id = ? AND follow <> ''", id).
		Updates(map[string]any{"follow": "", "result": gorm.Expr("result || ?", "\n"+found)})
	if res.Error != nil {
		return false, translate("end follow", res.Error)
	}
	return res.RowsAffected == 1, nil
}
