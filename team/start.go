package bot

import (
	"context"
	"errors"
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/store"
)

// start greets a user, or lets a stranger in with an invite code (t.me/<bot>?start=<code> sends
// "/start <code>").
func (b *Bot) start(ctx context.Context, r *Request) error {
	if r.User == nil {
		return b.join(ctx, r)
	}
	if r.Args != "" {
		return r.Reply(ctx, fmt.Sprintf("You are already in, as %s. /help lists what you can do.", roleName(r.Role)))
	}
	return r.Reply(ctx, fmt.Sprintf("Hello, %s! You are %s of this pitboss.\n/help lists what you can do.",
		escape(displayName(r.From)), article(r.Role)))
}

// join redeems an invite. An unusable code gets the same answer as any stranger, plus why.
func (b *Bot) join(ctx context.Context, r *Request) error {
	if !r.Private() || r.Args == "" {
		return b.refuseStranger(ctx, r)
	}
	u, err := b.store.RedeemInvite(ctx, r.Args, r.From.ID, r.Chat.ID, displayName(r.From), r.From.UserName)
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
		b.log.Info("invite refused", "user", r.From.ID, "reason", why)
		if !b.strangers.shouldAnswer(r.From.ID, b.now()) {
			return nil // a stranger trying code after code gets no more answers than one who writes
		}
		return r.Reply(ctx, why+" Ask an admin for a new one.\n"+strangerText(r.From.ID))
	}
	r.User, r.Role = u, u.Role
	if err := b.store.Audit(ctx, u.TelegramID, "join", map[string]string{"role": string(u.Role)}, "ok"); err != nil {
		return err
	}
	b.setMenu(ctx, r.Chat.ID, u.Role)
	b.log.Info("user joined with an invite", "user", u.TelegramID, "role", u.Role)
	return r.Reply(ctx, fmt.Sprintf("Welcome, %s! You are now %s of this pitboss.\n/help lists what you can do.",
		escape(u.Name), article(u.Role)))
}

func roleName(r store.Role) string {
	if r == "" {
		return "a stranger"
	}
	return string(r)
}

func article(r store.Role) string {
	if r == store.RoleAdmin {
		return "an admin"
	}
	return "a " + roleName(r)
}

func displayName(u *tgbotapi.User) string {
	name := u.FirstName
	if u.LastName != "" {
		name += " " + u.LastName
	}
	if name == "" {
		name = u.UserName
	}
	return name
}
