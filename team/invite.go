package team

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"pitboss/bot"
	"pitboss/store"
)

// errInviteInGroup keeps invite links out of groups: a link posted there lets in whoever taps it first.
var errInviteInGroup = bot.UserErrorf("Invites are made in a private chat with me, so that only the person you send the link to can use it.")

// invite makes a one-time deep link. Without an argument it asks which role, with buttons.
func (t *Team) invite(ctx context.Context, r *bot.Request) error {
	if !r.Private() {
		return errInviteInGroup
	}
	if r.Args == "" {
		return r.Reply(ctx, "Invite someone as…", tgbotapi.NewInlineKeyboardRow(
			bot.Button("Viewer", "invite", string(store.RoleViewer)),
			bot.Button("Admin", "invite", string(store.RoleAdmin))))
	}
	role := store.Role(strings.ToLower(r.Args))
	if !role.Valid() {
		return bot.UserErrorf("Usage: /invite viewer or /invite admin")
	}
	text, err := t.newInvite(ctx, r, role)
	if err != nil {
		return err
	}
	return r.Reply(ctx, text)
}

// inviteButton is the role chosen under "Invite someone as…": the question becomes the link.
func (t *Team) inviteButton(ctx context.Context, r *bot.Request) error {
	if !r.Private() {
		return errInviteInGroup
	}
	role := store.Role(r.Args)
	if !role.Valid() {
		return r.Answer(ctx, "This button is no longer in use.", false)
	}
	text, err := t.newInvite(ctx, r, role)
	if err != nil {
		return err
	}
	if err := r.Answer(ctx, "", false); err != nil {
		t.Log.Warn("answering a button failed", "error", err)
	}
	return r.Edit(ctx, text)
}

func (t *Team) newInvite(ctx context.Context, r *bot.Request, role store.Role) (string, error) {
	code, err := inviteCode()
	if err != nil {
		return "", err
	}
	by := r.From.ID
	expires := t.Now().Add(t.InviteTTL).UTC()
	if err := t.Store.CreateInvite(ctx, &store.Invite{Code: code, Role: role, CreatedBy: by, ExpiresAt: expires}); err != nil {
		return "", err
	}
	if err := t.Store.Audit(ctx, by, "invite", map[string]string{"role": string(role), "expires": expires.Format("2006-01-02T15:04Z")}, "ok"); err != nil {
		return "", err
	}
	link := fmt.Sprintf("https://t.me/%s?start=%s", r.BotUsername(), code)
	return fmt.Sprintf("Invite for %s, valid once until %s UTC:\n%s\n\nWhoever opens it first and presses Start gets in.",
		bot.Article(role), expires.Format("2006-01-02 15:04"), bot.Escape(link)), nil
}

// inviteCode is 96 random bits in the URL-safe alphabet Telegram allows in a start parameter.
func inviteCode() (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}
