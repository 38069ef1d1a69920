// Package control carries out what admins ask pitboss to change (apply settings to rigs, withdraw, reset,
// sweep) in two steps: a command stores the action and shows exactly what will change, with Confirm and
// Cancel; Confirm carries it out at most once, however many taps or admins, within its time; the message
// is edited in place to show the outcome; every decision goes to the audit log.
package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/apiclients/hiveos"
	"pitboss/bot"
	"pitboss/store"
)

// Store is what control needs of the database.
type Store interface {
	CreateAction(ctx context.Context, a *store.Action, params any, ttl time.Duration) error
	ClaimAction(ctx context.Context, id, by int64) (*store.Action, error)
	CancelAction(ctx context.Context, id, by int64) (*store.Action, error)
	FinishAction(ctx context.Context, id int64, state store.ActionState, result string) error
	Audit(ctx context.Context, actorID int64, action string, params any, result string) error
}

// Kind is one kind of action, as a topic package registers it.
type Kind struct {
	Name string // as the audit log and the database name it: "rocket", "ch_withdraw"
	// Execute carries the action out with the parameters Propose stored. Its result is a short HTML text
	// for the chat. It is called at most once per action, and must not retry a call that changes something.
	Execute func(ctx context.Context, params json.RawMessage) (string, error)
	// Explain turns Execute's error into a short text for the chat (HTML); nil shows a generic one.
	Explain func(err error) string
}

// Control holds the kinds of action and registers the Confirm and Cancel buttons.
type Control struct {
	Store Store
	Log   *slog.Logger
	// TTL is how long an action waits for its confirmation; 0 means 5 minutes.
	TTL time.Duration
	// Timeout bounds one execution; 0 means 2 minutes.
	Timeout time.Duration

	kinds map[string]Kind
}

// Add registers a kind of action. Topic packages call it before the bot runs.
func (c *Control) Add(k Kind) {
	if c.kinds == nil {
		c.kinds = map[string]Kind{}
	}
	if _, dup := c.kinds[k.Name]; dup {
		panic(fmt.Sprintf("control: kind %q added twice", k.Name))
	}
	c.kinds[k.Name] = k
}

// Register adds the buttons under every proposed action.
func (c *Control) Register(rt *bot.Router) {
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.TTL <= 0 {
		c.TTL = 5 * time.Minute
	}
	if c.Timeout <= 0 {
		c.Timeout = 2 * time.Minute
	}
	rt.Callback(bot.Callback{Name: "act", Role: store.RoleAdmin, Handle: c.decide})
}

// Propose stores an action of kind with params, and replies with its preview (HTML: what will change,
// exactly) and Confirm / Cancel buttons. If r is a button press, its message becomes the preview.
func (c *Control) Propose(ctx context.Context, r *bot.Request, kind string, params any, preview string) error {
	if _, ok := c.kinds[kind]; !ok {
		return fmt.Errorf("control: no kind %q", kind)
	}
	a := &store.Action{Kind: kind, Preview: preview, CreatedBy: r.From.ID, ChatID: r.Chat.ID}
	if err := c.Store.CreateAction(ctx, a, params, c.TTL); err != nil {
		return err
	}
	text := preview + fmt.Sprintf("\n\n<i>Confirm within %d minutes.</i>", int(c.TTL/time.Minute))
	row := tgbotapi.NewInlineKeyboardRow(bot.Button("✅ Confirm", "act", fmt.Sprintf("%d:go", a.ID)),
		bot.Button("✖ Cancel", "act", fmt.Sprintf("%d:no", a.ID)))
	if r.Callback != nil {
		return r.Edit(ctx, text, row)
	}
	return r.Reply(ctx, text, row)
}

// decide is a tap on Confirm ("act:<id>:go") or Cancel ("act:<id>:no").
func (c *Control) decide(ctx context.Context, r *bot.Request) error {
	idText, verb, _ := strings.Cut(r.Args, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || (verb != "go" && verb != "no") {
		return r.Answer(ctx, "This button is no longer in use.", false)
	}
	if verb == "no" {
		a, err := c.Store.CancelAction(ctx, id, r.From.ID)
		if err != nil {
			return c.notPending(ctx, r, err)
		}
		c.audit(ctx, r.From.ID, a, "cancelled")
		_ = r.Answer(ctx, "Cancelled.", false)
		return r.Edit(ctx, a.Preview+"\n\n✖ <b>Cancelled</b> by "+bot.Escape(bot.DisplayName(r.From))+".")
	}
	a, err := c.Store.ClaimAction(ctx, id, r.From.ID)
	if err != nil {
		return c.notPending(ctx, r, err)
	}
	_ = r.Answer(ctx, "Carrying it out…", false)
	if err := r.Edit(ctx, a.Preview+"\n\n⏳ Carrying it out…"); err != nil {
		c.Log.Warn("could not show that an action is under way", "action", a.ID, "error", err)
	}
	state, detail := c.execute(ctx, a)
	// The outcome is recorded even if the chat's request has ended: the action happened, or may have.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	plain := bot.StripTags(detail)
	if err := c.Store.FinishAction(wctx, a.ID, state, plain); err != nil {
		c.Log.Error("recording an action's outcome failed", "action", a.ID, "state", state, "error", err)
	}
	c.audit(wctx, r.From.ID, a, string(state)+": "+plain)
	return r.Edit(wctx, a.Preview+"\n\n"+outcomeLabel[state]+detail)
}

// outcomeLabel heads the outcome shown under a decided action.
var outcomeLabel = map[store.ActionState]string{
	store.ActionDone:    "✅ <b>Done</b>: ",
	store.ActionFailed:  "❌ <b>Failed</b>: ",
	store.ActionUnknown: "⚠️ <b>Outcome unknown</b>: ",
}

// execute runs the action's kind; it returns the state it ended in and what the chat shows of it (HTML).
func (c *Control) execute(ctx context.Context, a *store.Action) (store.ActionState, string) {
	k, ok := c.kinds[a.Kind]
	if !ok {
		return store.ActionFailed, "this kind of action is no longer known to this pitboss."
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	result, err := k.Execute(ctx, json.RawMessage(a.Params))
	switch {
	case err == nil:
		c.Log.Info("action carried out", "action", a.ID, "kind", a.Kind)
		return store.ActionDone, result
	case errors.Is(err, hiveos.ErrUnknownOutcome): // every client's, from the one transport
		c.Log.Warn("action's outcome unknown", "action", a.ID, "kind", a.Kind, "error", err)
		return store.ActionUnknown, "the request was sent but its answer was lost. " +
			"Check before retrying: it may have been carried out."
	}
	c.Log.Warn("action failed", "action", a.ID, "kind", a.Kind, "error", err)
	why := "the service refused it (the details are in the log)"
	if k.Explain != nil {
		if text := k.Explain(err); text != "" {
			why = text
		}
	}
	return store.ActionFailed, why
}

// notPending answers a tap on an action that can no longer be decided: done, under way, cancelled or expired.
func (c *Control) notPending(ctx context.Context, r *bot.Request, err error) error {
	var np *store.NotPendingError
	switch {
	case errors.As(err, &np):
	case errors.Is(err, store.ErrNotFound):
		return r.Answer(ctx, "This action is no longer known.", true)
	default:
		return err
	}
	a := np.Action
	text := map[store.ActionState]string{
		store.ActionExecuting: "It is being carried out already.",
		store.ActionDone:      "It has been carried out already.",
		store.ActionFailed:    "It was tried already, and failed.",
		store.ActionUnknown:   "It was tried already; its outcome is unknown.",
		store.ActionCancelled: "It was cancelled.",
		store.ActionExpired:   "This action has expired: run the command again.",
	}[a.State]
	if a.State == store.ActionExpired {
		if err := r.Edit(ctx, a.Preview+"\n\n⌛ <b>Expired</b>: nothing was done. Run the command again."); err != nil {
			c.Log.Warn("could not mark an expired action", "action", a.ID, "error", err)
		}
	}
	return r.Answer(ctx, text, true)
}

func (c *Control) audit(ctx context.Context, by int64, a *store.Action, result string) {
	if err := c.Store.Audit(ctx, by, a.Kind, json.RawMessage(a.Params), result); err != nil {
		c.Log.Error("writing the audit log failed", "action", a.ID, "error", err)
	}
}
