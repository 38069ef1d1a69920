package team

import (
	"context"
	"errors"
	"fmt"

	"pitboss/bot"
	"pitboss/store"
)

// start greets a user, or lets a stranger in with an invite code (t.me/<bot>?start=<code> sends
// "/start <code>").
func (t *Team) start(ctx context.Context, r *bot.Request) error {
	if r.User == nil {
		return t.join(ctx, r)
	}
	if r.Args != "" {
		return r.Reply(ctx, fmt.Sprintf("You are already in, as %s. /help lists what you can do.", bot.RoleName(r.Role)))
	}
	return r.Reply(ctx, fmt.Sprintf("Hello, %s! You are %s of this pitboss.\n/help lists what you can do.",
		bot.Escape(bot.DisplayName(r.From)), bot.Article(r.Role)))
}

// join redeems an invite. An unusable code gets the same answer as any stranger, plus why.
func (t *Team) join(ctx context.Context, r *bot.Request) error {
	if !r.Private() || r.Args == "" {
		return r.RefuseStranger(ctx, "")
	}
	u, err := t.Store.RedeemInvite(ctx, r.Args, r.From.ID, r.Chat.ID, bot.DisplayName(r.From), r.From.UserName)
	var why string
	switch {
	case err == nil:
	case errors.Is(err, store.ErrNotFound):
		why = "That invite link is not valid."
	case errors.Is(err, store.ErrInviteUsed):
		why = "That invite link has already been used."
	case errors.Is(err, store.ErrInviteExpired):
		why = "That invite link has expired."
	default:
		return err
	}
	if err != nil {
		t.Log.Info("invite refused", "user", r.From.ID, "reason", why)
		return r.RefuseStranger(ctx, why+" Ask an admin for a new one.")
	}
	r.User, r.Role = u, u.Role
	if err := t.Store.Audit(ctx, u.TelegramID, "join", map[string]string{"role": string(u.Role)}, "ok"); err != nil {
		return err
	}
	r.SetMenu(ctx)
	t.Log.Info("user joined with an invite", "user", u.TelegramID, "role", u.Role)
	return r.Reply(ctx, fmt.Sprintf("Welcome, %s! You are now %s of this pitboss.\n/help lists what you can do.",
		bot.Escape(u.Name), bot.Article(u.Role)))
}
