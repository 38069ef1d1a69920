// Package control carries out what admins ask pitboss to change (apply settings to rigs, withdraw, reset,
// sweep) in two steps: a command stores the action and shows exactly what will change, with Confirm and
// Cancel; Confirm carries it out at most once, however many taps or admins, within its time; the message
// is edited in place to show the outcome; every decision goes to the audit log.
package control

import (
	"cmp"
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
	"pitboss/units"
)

// Store is what control needs of the database.
type Store interface {
	CreateAction(ctx context.Context, a *store.Action, params any, ttl time.Duration) error
	ClaimAction(ctx context.Context, id, by int64) (*store.Action, error)
	CancelAction(ctx context.Context, id, by int64) (*store.Action, error)
	FinishAction(ctx context.Context, id int64, state store.ActionState, result string) error
	FollowAction(ctx context.Context, id int64, messageID int, follow any, until time.Time) error
	FollowedActions(ctx context.Context) ([]store.Action, error)
	EndFollow(ctx context.Context, id int64, found string) (bool, error)
	Audit(ctx context.Context, actorID int64, action string, params any, result string) error
}

// Editor changes a message the bot sent: the bot.
type Editor interface {
	EditMessage(ctx context.Context, chatID int64, messageID int, html string) error
}

// Result is what an executed action says.
type Result struct {
	Text string // a short HTML text for the chat
	// Follow, when set, says what to look for once the service has queued the action rather than done it (a
	// command a rig runs when it next checks in): control keeps it with the action and asks the kind's
	// Follow with it until that says it is over; the chat's message is then updated.
	Follow any
}

// Followed is what a kind's Follow found.
type Followed struct {
	Text string // HTML: what the rigs reported, or what is still awaited
	Over bool   // nothing more is awaited
}

// Kind is one kind of action, as a topic package registers it.
type Kind struct {
	Name string // as the audit log and the database name it: "rocket", "ch_withdraw"
	// Execute carries the action out with the parameters Propose stored. It is called at most once per
	// action, and must not retry a call that changes something. On an error, a Result with text says what
	// was done before it (of an action done in several calls).
	Execute func(ctx context.Context, params json.RawMessage) (Result, error)
	// Explain turns Execute's error into a short text for the chat (HTML); nil shows a generic one.
	Explain func(err error) string
	// Follow looks for the outcome of an action Execute left queued: params as stored, follow as Execute's
	// Result gave it (JSON), final on the last look before control gives up.
	Follow func(ctx context.Context, params, follow json.RawMessage, final bool) (Followed, error)
	// FollowFor is how long to follow before giving up; 0 means 10 minutes.
	FollowFor time.Duration
}

// Plain adapts an Execute that only returns a text.
func Plain(execute func(ctx context.Context, params json.RawMessage) (string, error)) func(context.Context, json.RawMessage) (Result, error) {
	return func(ctx context.Context, params json.RawMessage) (Result, error) {
		text, err := execute(ctx, params)
		return Result{Text: text}, err
	}
}

// Control holds the kinds of action and registers the Confirm and Cancel buttons.
type Control struct {
	Store Store
	Log   *slog.Logger
	// TTL is how long an action waits for its confirmation; 0 means 5 minutes.
	TTL time.Duration
	// Timeout bounds one execution; 0 means 2 minutes.
	Timeout time.Duration
	// Editor updates the message of a followed action; nil leaves it as it is.
	Editor Editor
	// FollowEvery is how often followed actions are looked at; 0 means 15 seconds.
	FollowEvery time.Duration
	Now         func() time.Time // nil: time.Now
	// Counter counts the actions decided, by kind and result; nil counts nothing.
	Counter Counter

	kinds map[string]Kind
}

// Counter counts decided actions: result is "ok", "failed", "unknown", "cancelled" or "expired".
type Counter interface {
	Acted(kind, result string)
}

func (c *Control) count(kind string, state store.ActionState) {
	if c.Counter == nil {
		return
	}
	result := string(state)
	if state == store.ActionDone {
		result = "ok"
	}
	c.Counter.Acted(kind, result)
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
		c.count(a.Kind, store.ActionCancelled)
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
	state, detail, follow := c.execute(ctx, a)
	// The outcome is recorded even if the chat's request has ended: the action happened, or may have.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	plain := bot.StripTags(detail)
	if err := c.Store.FinishAction(wctx, a.ID, state, plain); err != nil {
		c.Log.Error("recording an action's outcome failed", "action", a.ID, "state", state, "error", err)
	}
	c.audit(wctx, r.From.ID, a, string(state)+": "+plain)
	c.count(a.Kind, state)
	text := a.Preview + "\n\n" + outcomeLabel[state] + detail
	if follow != nil && r.Message != nil {
		until := c.now().Add(cmp.Or(c.kinds[a.Kind].FollowFor, 10*time.Minute))
		if err := c.Store.FollowAction(wctx, a.ID, r.Message.MessageID, follow, until); err != nil {
			c.Log.Error("recording what to follow failed", "action", a.ID, "error", err)
		} else {
			text += "\n\n⏳ <i>Waiting for the rigs to report back; this message will say what they did.</i>"
		}
	}
	return r.Edit(wctx, text)
}

// outcomeLabel heads the outcome shown under a decided action.
var outcomeLabel = map[store.ActionState]string{
	store.ActionDone:    "✅ <b>Done</b>: ",
	store.ActionFailed:  "❌ <b>Failed</b>: ",
	store.ActionUnknown: "⚠️ <b>Outcome unknown</b>: ",
}

// execute runs the action's kind; it returns the state it ended in, what the chat shows of it (HTML), and
// what to follow, if anything.
func (c *Control) execute(ctx context.Context, a *store.Action) (store.ActionState, string, any) {
	k, ok := c.kinds[a.Kind]
	if !ok {
		return store.ActionFailed, "this kind of action is no longer known to this pitboss.", nil
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	res, err := k.Execute(ctx, json.RawMessage(a.Params))
	before := ""
	if res.Text != "" && err != nil {
		before = res.Text + "\n"
	}
	switch {
	case err == nil:
		c.Log.Info("action carried out", "action", a.ID, "kind", a.Kind)
		if k.Follow == nil {
			res.Follow = nil
		}
		return store.ActionDone, res.Text, res.Follow
	case errors.Is(err, hiveos.ErrUnknownOutcome): // every client's, from the one transport
		c.Log.Warn("action's outcome unknown", "action", a.ID, "kind", a.Kind, "error", err)
		return store.ActionUnknown, before + "the request was sent but its answer was lost. " +
			"Check before retrying: it may have been carried out.", nil
	}
	c.Log.Warn("action failed", "action", a.ID, "kind", a.Kind, "error", err)
	why := "the service refused it (the details are in the log)"
	if k.Explain != nil {
		if text := k.Explain(err); text != "" {
			why = text
		}
	}
	return store.ActionFailed, before + why, nil
}

func (c *Control) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Run follows the actions left queued, until ctx ends: every FollowEvery it asks each one's kind what came
// of it, and once that is known (or the time to follow is up) updates the action's message. The follow-up
// is kept in the database: after a restart it carries on.
func (c *Control) Run(ctx context.Context) error {
	every := cmp.Or(c.FollowEvery, 15*time.Second)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		c.FollowUp(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// FollowUp looks once at every followed action.
func (c *Control) FollowUp(ctx context.Context) {
	as, err := c.Store.FollowedActions(ctx)
	if err != nil {
		if ctx.Err() == nil {
			c.Log.Error("reading the actions to follow failed", "error", err)
		}
		return
	}
	for _, a := range as {
		if ctx.Err() != nil {
			return
		}
		c.followOne(ctx, a)
	}
}

func (c *Control) followOne(ctx context.Context, a store.Action) {
	k, ok := c.kinds[a.Kind]
	final := a.FollowUntil == nil || !c.now().Before(*a.FollowUntil)
	var found Followed
	switch {
	case !ok || k.Follow == nil:
		found = Followed{Text: "pitboss no longer knows how to follow this.", Over: true}
	default:
		fctx, cancel := context.WithTimeout(ctx, c.Timeout)
		var err error
		found, err = k.Follow(fctx, json.RawMessage(a.Params), json.RawMessage(a.Follow), final)
		cancel()
		if err != nil {
			c.Log.Warn("following an action failed", "action", a.ID, "kind", a.Kind, "error", err)
			if !final {
				return // the next look may do better
			}
			found = Followed{Text: "pitboss could not ask what came of it (the details are in the log).", Over: true}
		}
	}
	if !found.Over && !final {
		return
	}
	if !found.Over {
		found.Text += "\n<i>pitboss stopped waiting after " + units.FormatDuration(cmp.Or(k.FollowFor, 10*time.Minute)) + ".</i>"
	}
	ended, err := c.Store.EndFollow(ctx, a.ID, bot.StripTags(found.Text))
	if err != nil || !ended {
		if err != nil {
			c.Log.Error("recording an action's follow-up failed", "action", a.ID, "error", err)
		}
		return
	}
	c.Log.Info("action followed up", "action", a.ID, "kind", a.Kind, "over", found.Over)
	if c.Editor == nil || a.MessageID == 0 {
		return
	}
	text := a.Preview + "\n\n" + outcomeLabel[a.State] + bot.Escape(a.Result) + "\n\n📬 " + found.Text
	if err := c.Editor.EditMessage(ctx, a.ChatID, a.MessageID, text); err != nil {
		c.Log.Warn("could not update a followed action's message", "action", a.ID, "error", err)
	}
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
		c.count(a.Kind, store.ActionExpired)
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
